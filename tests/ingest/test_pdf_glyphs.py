"""PDF text where one glyph maps to two code points (issue 17, held6: OrderEase/Dashboard FinalReport-15331339.pdf,
a macOS-made PDF: "了" came out as U+4E86 U+F9BA, "一" as U+2F00 U+4E00)."""

from ingest.pdf_doc import _info_metadata
from ingest.pdf_lines import dedupe_glyphs


def test_a_compatibility_ideograph_beside_its_ideograph_is_dropped():
    text = "我了\uf9ba解到了\uf9ba软件开发的各种模型及它们在不\uf967同背景下的优缺点，参与到了\uf9ba\u2f00\u4e00个项\u2f6c\u76ee中"
    assert dedupe_glyphs(text) == "我了解到了软件开发的各种模型及它们在不同背景下的优缺点，参与到了一个项目中"


def test_ideographs_that_only_look_alike_are_kept():
    assert dedupe_glyphs("一一对应，\u2f00\u4e8c") == "一一对应，\u2f00\u4e8c"


def test_an_untitled_placeholder_title_is_not_the_title():
    assert "title" not in _info_metadata({"Title": "未命名"})
    assert "title" not in _info_metadata({"Title": "Untitled"})
    assert _info_metadata({"Title": "Final Report"})["title"] == "Final Report"


def test_a_web_converters_page_title_is_not_the_title():
    # SYDFJY/Image-Compressor 项目总结.pdf, printed from an online converter: its Title is the converter's page
    assert "title" not in _info_metadata({"Title": "免费 Markdown 转 PDF 转换器 - 在线将 MD 转换为 PDF 文件 - MD To"})
    assert "title" not in _info_metadata({"Title": "Markdown to PDF Converter Online"})
    assert "title" not in _info_metadata({"Title": "Convert Markdown to PDF"})
    assert _info_metadata({"Title": "PDF 导出功能复盘"})["title"] == "PDF 导出功能复盘"
    assert _info_metadata({"Title": "Export to PDF: sprint retro"})["title"] == "Export to PDF: sprint retro"
