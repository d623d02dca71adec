"""What an upload's page says about a file it read despite problems in it (a bad date, an unknown type, stray
control characters): each warning with its line, never the server's folders."""

from __future__ import annotations

import io
import re

import pytest

from tests.web.conftest import login
from tests.web.test_contribute import _upload, _wait, contributors  # noqa: F401 (the contributors fixture)

NOTES = "---\ntitle: 搬迁笔记\ndate: 2025-13-45\ntype: weird\n---\n# 搬迁笔记\n\n## 经验教训\n- 标签尺寸\b要提前确认。\n"


CJK = re.compile(r"[\u3400-\u9fff]")
TABS = "---\ntitle: Move notes\ntags:\n\t- moving\n---\n# Move notes\n\n## Lessons learned\n- Label early.\n"


def _warnings(page: str, file_name: str) -> list[str]:
    """The warnings listed in the section of the upload's page about one file."""
    section = next(part for part in page.split('<section class="card upload"')[1:] if f"<h2>{file_name} " in part)
    found = section.split('<details><summary>', 1)
    assert len(found) == 2, "the page lists no warnings"
    return re.findall(r"<li>([^<]*)</li>", found[1].split("</details>", 1)[0])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_uploads_warnings_name_no_server_folder(client, contributors, lang):  # noqa: F811
    """They read "/srv/kb-data/uploads/.staging/<batch>/<id>/notes.md: date '2025-13-45' is not a date…"."""
    token = login(client, "pat")
    url, _ = _wait(client, _upload(client, token, [("notes.md", NOTES.encode()), ("tabs.md", TABS.encode())]))
    client.set_cookie("kb_lang", lang)
    page = client.get(url).get_data(as_text=True)
    warnings = _warnings(page, "notes.md")
    assert len(warnings) == 3 and not [w for w in warnings if "/" in w or "staging" in w or "notes.md" in w]
    assert all(CJK.search(w) for w in warnings) if lang == "zh" else "is not a date (use YYYY-MM-DD)" in page
    assert str(contributors.db.parent) not in page
    assert _warnings(page, "tabs.md")[0].startswith("第 4 行：" if lang == "zh" else "line 4: ")  # its line, in the page's words


@pytest.mark.parametrize(("name", "content", "count"), [
    ("notes.md", NOTES.encode(), 3),  # a control character, an unknown type, a date that is none
    ("tabs.md", TABS.encode(), 1),
    ("toml.md", b"+++\ntitle = \n+++\n# Notes\n\n## Lessons learned\n- Label early.\n", 1),
    ("cut.txt", "项目复盘\n经验教训：测试环境要提前一个月准备好。".encode()[:-1], 1),
    ("western.txt", "Lessons learned\n- The M\u00fcnchen caf\u00e9 vendor delivered late.\n".encode("cp1252"), 1),
    ("tags.md", ("---\ntitle: Notes\ntags: [" + "x" * 70 + "]\n---\n# Notes\n\n## Lessons learned\n- Label early.\n")
     .encode(), 1),
    ("register.jsonl", b'{"lesson": "Order early.", "title": "A"}\n{bad\n[1, 2]\n"text"\n', 3),
    ("renamed.docx", "# 复盘\n\n## 经验教训\n- 提前准备测试环境。\n".encode(), 1),  # "named .docx but is Markdown text"
    ("register.xlsx", b"Title,Lesson\nMove,Order early.\n", 1),
    ("export.doc", (b"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n<h1>Retro</h1><h2>Lessons learned</h2>"
                   b"<ul><li>Order early.</li></ul>"), 1),  # "named .doc but is a web page archive (MHTML)"
    ("cut.mht", (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=b\n\n--b\nContent-Type: text/html\n\n"
                b"<h1>Retro</h1><h2>Lessons learned</h2><ul><li>Order early.</li><li>Order ea"), 1),  # "… is cut off"
    ("page.mhtml", b"<html><h1>Retro</h1><h2>Lessons learned</h2><ul><li>Order early.</li></ul>", 1),  # "… is HTML"
    ("导出.doc", (b'<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument xmlns:w='
                 b'"http://schemas.microsoft.com/office/word/2003/wordml"><w:body><w:p><w:r><w:t>Lessons learned</w:t>'
                 b"</w:r></w:p><w:p><w:r><w:t>Order early.</w:t></w:r></w:p></w:body></w:wordDocument>"), 1),
])
def test_every_warning_a_parser_gives_is_said_in_chinese_on_a_chinese_page(name, content, count):
    """They were the parsers' English on a Chinese page ("date '2025-13-45' is not a date (use YYYY-MM-DD)")."""
    from pathlib import PurePosixPath

    from ingest.parsers import PARSERS
    from ingest.source import RawFile
    from web.error_text import warning_text

    warnings = PARSERS[PurePosixPath(name).suffix](RawFile(data=content, default_key=name)).warnings
    assert len(warnings) == count, [w.message for w in warnings]
    for warning in warnings:
        chinese = warning_text({"line": warning.line, "message": warning.message}, "zh")
        assert CJK.search(chinese.split("：", 1)[-1] if warning.line else chinese), chinese
        assert warning_text({"line": warning.line, "message": warning.message}, "en").endswith(warning.message)


def test_a_warning_that_joins_two_is_said_in_chinese_part_by_part():
    """Decoding gives a file cut off mid-character that holds a control character one warning of two, joined with '; ',
    which no catalogue entry matches whole: it stayed English on a Chinese page."""
    from ingest.parsers import PARSERS
    from ingest.source import RawFile
    from web.error_text import warning_text

    content = "项目复盘\n经验教训：测试环境要\b提前一个月准备好。".encode()[:-1]
    [warning] = PARSERS[".txt"](RawFile(data=content, default_key="cut.txt")).warnings
    assert warning_text({"line": warning.line, "message": warning.message}, "zh") == (
        "文件在一个 UTF-8 字符的中间结束（丢弃了末尾 2 个字节）；删除了 1 个控制字符（退格符、转义码）")
    assert warning_text({"line": None, "message": "an odd thing; not valid JSON (x)"}, "zh") == (
        "an odd thing; not valid JSON (x)")  # a part without an entry: the parser's words, whole


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "there is no text in this file to read (only pictures?)"),
    ("zh", "文件中没有可读取的文字（可能只有图片）：发布后也搜索不到")])
def test_slides_of_pictures_only_are_not_offered_for_publishing(client, contributors, lang, says):  # noqa: F811
    """A deck of photographed whiteboards was "Read: check and publish": no lessons, no sections, its language
    guessed, and once published a document search could never find."""
    from PIL import Image
    from pptx import Presentation
    from pptx.util import Inches

    from tests.ingest.office_files import pptx_bytes

    photo = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 100, 50)).save(photo, format="PNG")
    deck = Presentation()
    for _ in range(2):
        deck.slides.add_slide(deck.slide_layouts[6]).shapes.add_picture(io.BytesIO(photo.getvalue()), Inches(0), Inches(0))
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("白板照片.pptx", pptx_bytes(deck)), ("notes.md", NOTES.encode())]))[1]
    pictures = next(part for part in body.split('<section class="card upload"')[1:] if "<h2>白板照片.pptx " in part)
    assert 'data-status="failed"' in pictures and says in pictures and "publish-form" not in pictures
    assert body.count('class="stack publish-form"') == 1  # the notes, with text, are offered


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "named .docx but is Markdown text: read as Markdown"),
    ("zh", "文件名是 .docx，内容却是 Markdown 文本：已按 Markdown 读取")])
def test_a_text_file_named_docx_in_a_batch_is_read_with_a_warning_and_junk_still_refused(client, contributors, lang,  # noqa: F811
                                                                                          says):
    """A PM's "save as" left Markdown in 复盘.docx: it was refused as a corrupt Word file."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    text = "# 仓库搬迁复盘\n\n## 经验教训\n- 标签尺寸要提前确认。\n".encode()
    body = _wait(client, _upload(client, token, [("复盘.docx", text), ("junk.docx", bytes(range(256)) * 8)]))[1]
    assert _warnings(body, "复盘.docx") == [says]
    renamed = next(part for part in body.split('<section class="card upload"')[1:] if "<h2>复盘.docx " in part)
    assert "标签尺寸要提前确认。" in renamed and 'class="stack publish-form"' in renamed
    junk = next(part for part in body.split('<section class="card upload"')[1:] if "<h2>junk.docx " in part)
    assert 'data-status="failed"' in junk and ("无法读取这个 .docx 文档" if lang == "zh" else "not a readable .docx") in junk


@pytest.mark.parametrize(("lang", "cut", "binary"), [
    ("en", "the web page archive (MHTML) is cut off before its page: save or copy it again",
     "named .mht but is not a web page archive (MHTML)"),
    ("zh", "网页归档（MHTML）不完整，在网页之前就断了：请重新保存或复制一份", "文件名是 .mht，内容却不是网页归档（MHTML）")])
def test_web_page_archives_uploaded_are_read_or_refused_in_the_pages_language(client, contributors, lang, cut,  # noqa: F811
                                                                             binary):
    """Word's "Single File Web Page" of a retrospective is read as its page, ready to publish; one cut off before its
    page and a picture named .mht are refused, each said in the page's language."""
    from tests.ingest.test_mhtml import LESSONS, SECOND, WORD_PAGE, archive

    whole = archive(WORD_PAGE.format(charset="gb2312", second=SECOND), "gb2312", "quoted-printable")
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("复盘.mht", whole), ("断了.mht", whole[:whole.index(b"Content-Location")]),
                                                 ("照片.mht", bytes(range(256)) * 8)]))[1]
    sections = {name: next(part for part in body.split('<section class="card upload"')[1:] if f"<h2>{name} " in part)
                for name in ("复盘.mht", "断了.mht", "照片.mht")}
    assert all(lesson in sections["复盘.mht"] for lesson in LESSONS) and "publish-form" in sections["复盘.mht"]
    assert "supportLists" not in body
    for name, says in (("断了.mht", cut), ("照片.mht", binary)):
        assert 'data-status="failed"' in sections[name] and says in sections[name], sections[name][-600:]
