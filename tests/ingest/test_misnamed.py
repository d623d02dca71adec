"""A file named as a binary format that holds another kind (a Markdown or text file a PM renamed to .docx, a CSV
saved as .xlsx, a .docx renamed .doc) is read as what it is, with a warning naming the file; bytes that are none of
these still get the named format's clear error."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ingest import ingest
from ingest.parsers import PARSERS
from ingest.source import RawFile
from kb.cli import cli
from kb.errors import IngestError
from tests.ingest.office_files import docx_bytes, new_docx

REPORT = "# 项目复盘\n\n## 问题\n\n- 测试环境不稳定，导致上线延期两周。\n\n## 改进\n\n- 提前一个月准备测试环境。\n"
# One of the real 周报 a PM saved as .docx (UTF-8 text, tab-separated tables): u-zh's readup/周报_本周完成.docx
WEEKLY = ("周报\n\n一、项目概述\n姓名：薛新洲\n项目名称：基于AI的阅读提升系统\n周报时间：2025年10月20日 至 2025年10月24日\n\n"
          "二、本周问题\n功能模块\t问题\t说明\n用户认证模块\t验证码接口超时\t已改为异步发送\n")
NOTES = "Go-live retrospective\n\nWhat went well: the cut-over finished on time.\nWhat to improve: test data came late.\n"


def _zipped(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def _read(name: str, data: bytes):
    return PARSERS[Path(name).suffix](RawFile(data=data, default_key=name))


@pytest.mark.parametrize(("name", "text", "says"), [
    ("复盘.docx", REPORT, "named .docx but is Markdown text: read as Markdown"),
    ("周报_本周完成.docx", WEEKLY, "named .docx but is plain text: read as text"),
    ("retro.pptx", NOTES, "named .pptx but is plain text: read as text"),
    ("复盘.pdf", REPORT, "named .pdf but is Markdown text: read as Markdown"),
    ("retro.doc", NOTES, "named .doc but is plain text: read as text"),
    ("page.docx", ("<!DOCTYPE html><html><head><title>Retro</title></head><body><h1>Retro</h1>"
                  "<h2>Lessons learned</h2><ul><li>Book the venue early.</li></ul></body></html>"),
     "named .docx but is HTML: read as HTML"),
])
def test_text_named_as_an_office_file_or_a_pdf_is_read_as_the_text_it_is(name, text, says):
    result = _read(name, text.encode())
    assert result.warnings[0].message == says
    [doc] = result.documents
    assert doc.format in ("markdown", "text", "html")
    assert doc.lessons or doc.title == "周报"


def test_a_register_saved_as_csv_and_named_xlsx_is_read_as_a_register():
    result = _read("register.xlsx", "Title,Lesson\n迁移,提前冻结主数据\nCut-over,Rehearse twice\n".encode())
    assert result.warnings[0].message == "named .xlsx but is CSV text: read as a CSV register"
    assert sorted(lesson.text for doc in result.documents for lesson in doc.lessons) == [
        "Rehearse twice", "提前冻结主数据"]


def test_a_word_file_renamed_doc_is_read_as_word():
    document = new_docx("Cut-over review")
    document.add_heading("Lessons learned", 1)
    document.add_paragraph("Freeze the master data a week before cut-over.", style="List Bullet")
    result = _read("review.doc", docx_bytes(document))
    assert result.warnings[0].message == "named .doc but is a Word .docx document: read as Word"
    assert [lesson.text for lesson in result.documents[0].lessons] == ["Freeze the master data a week before cut-over."]


@pytest.mark.parametrize(("name", "data", "error"), [
    ("junk.docx", bytes(range(256)) * 8, "not a readable .docx document"),
    ("cut.docx", b"PK\x03\x04 not really a zip" * 20, "not a readable .docx document"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "old binary Office file, not .docx"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000), "save it as .docx"),
    ("empty.pptx", b"", "^empty file$"),  # was "not a readable .pptx presentation (BadZipFile: …)"
    ("blank.pdf", b" \n\n ", r"^empty file \(only whitespace\)$"),
    ("folder.docx", _zipped({"notes.txt": "a", "img/a.png": "b"}),
     r"^named \.docx but is a zip archive, not a Word document: unpack it"),  # was "KeyError: There is no item …"
    ("broken.pdf", b"%PDF-1.4\n" + b"not a pdf body " * 100, "not a readable PDF"),
])
def test_bytes_that_are_none_of_these_keep_the_named_formats_error(name, data, error):
    with pytest.raises(IngestError, match=error):
        _read(name, data)


def test_kb_ingest_warns_naming_the_file_and_stores_it(tmp_path, runner, db_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "复盘.docx").write_text(REPORT, encoding="utf-8")
    (folder / "junk.docx").write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(cli, ["--db", str(db_path), "ingest", str(folder), "--no-index"])
    assert result.exit_code == 1  # junk.docx failed
    assert f"warning: {folder / '复盘.docx'}: named .docx but is Markdown text: read as Markdown" in result.output
    assert f"error: {folder / 'junk.docx'}: not a readable .docx document" in result.output
    assert "1 added" in result.output and "1 failed" in result.output
    errors = runner.invoke(cli, ["--db", str(db_path), "errors"]).output
    assert f"{folder / '复盘.docx'}: named .docx but is Markdown text" in errors


def test_the_stored_document_is_the_text_read(store, tmp_path):
    (tmp_path / "复盘.docx").write_text(REPORT, encoding="utf-8")
    report = ingest(store, [tmp_path])
    assert report.added == 1 and not report.errors
    doc = store.document("复盘.docx")
    assert doc["title"] == "项目复盘" and doc["format"] == "markdown"
    assert [lesson["text"] for lesson in doc["lessons"]] == ["测试环境不稳定，导致上线延期两周。", "提前一个月准备测试环境。"]


@pytest.mark.parametrize("name", ["retro-notes", "retro.docx"])
def test_utf16_text_without_a_byte_order_mark_is_read_as_a_txt_of_it_is(name):
    # A .txt of these bytes is read (ingest.decoding); without an extension, or named .docx, it was refused as binary
    # ("no extension, and the content is binary") or as no zip, for the NULs UTF-16 puts beside every ASCII letter.
    data = (NOTES * 200).encode("utf-16-le")  # longer than the 8,192 bytes looked at
    as_txt = [lesson.text for lesson in PARSERS[".txt"](RawFile(data=data, default_key="a.txt")).documents[0].lessons]
    assert "the cut-over finished on time." in as_txt
    assert [lesson.text for lesson in _read(name, data).documents[0].lessons] == as_txt


def test_the_upload_page_says_an_archive_named_as_office_in_chinese():
    from web.error_text import error_text

    with pytest.raises(IngestError) as refused:
        _read("复盘.xlsx", _zipped({"复盘.md": REPORT}))
    assert "unpack it" in str(refused.value)
    assert error_text(str(refused.value), "zh") == "文件名是 .xlsx，内容却是 zip 压缩包，不是 Office 文件：请解压后上传其中的文件"


CONFLUENCE = """Date: Mon, 1 Jan 2024 00:00:00 +0000 (UTC)
Message-ID: <1.2@confluence>
Subject: Exported From Confluence
MIME-Version: 1.0
Content-Type: multipart/related;
\tboundary="----=_Part_0_1.2"

------=_Part_0_1.2
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable
Content-Location: file:///C:/exported.html

<html xmlns:o=3D"urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3DUTF-8">
<title>Cut-over review</title></head>
<body><h1>Cut-over review</h1><h2>What went wrong</h2>
<ul><li>The vendor delivered the interfaces five weeks late and we had no =
plan B.</li></ul></body></html>
------=_Part_0_1.2
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-Location: file:///C:/a.png

iVBORw0KGgo=
------=_Part_0_1.2--
"""


def test_a_confluence_export_named_doc_is_read_as_the_page_it_holds():
    # Confluence's "Export to Word" writes a web page archive named .doc: read as text, its lessons were
    # "<ul><li>The vendor … =" and "-----=_Part_0_1.2--"
    result = _read("Cut-over review.doc", CONFLUENCE.replace("\n", "\r\n").encode())
    assert result.warnings[0].message == "named .doc but is a web page archive (MHTML): its page read as HTML"
    [doc] = result.documents
    assert doc.title == "Cut-over review" and doc.format == "html"
    assert [lesson.text for lesson in doc.lessons] == [
        "The vendor delivered the interfaces five weeks late and we had no plan B."]


def test_a_chinese_web_page_archive_is_read_in_the_charset_its_page_names():
    import base64

    # Big5 (a Taiwan or Hong Kong office's Word), which bytes alone would be taken for GB18030
    page = "<html><body><h1>專案復盤</h1><h2>問題</h2><ul><li>測試環境不穩定，導致上線延期兩週。</li></ul></body></html>"
    data = ("MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"b\"\n\n--b\n"
            "Content-Type: text/html; charset=\"big5\"\nContent-Transfer-Encoding: base64\n\n"
            + base64.encodebytes(page.encode("big5")).decode() + "--b--\n").encode()
    for name in ("复盘.mht", "复盘"):  # its own extension, and none
        [doc] = _read(name, data).documents
        assert (doc.title, [lesson.text for lesson in doc.lessons]) == ("專案復盤", ["測試環境不穩定，導致上線延期兩週。"])


@pytest.mark.parametrize(("name", "error"), [
    ("retro.doc", "named .doc but is an RTF document: open it in Word or LibreOffice and save it as .docx"),
    ("retro.docx", "named .docx but is an RTF document"),
    ("retro", "no extension, and the content is an RTF document"),
])
def test_an_rtf_document_is_refused_saying_so_not_read_as_its_markup(name, error):
    rtf = b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\pard Lessons learned\\par What went wrong: late.\\par}"
    with pytest.raises(IngestError, match=error):  # its markup was read as text ("{\rtf1\ansi…" a lesson)
        _read(name, rtf)


# Word's and Excel's XML of 2003, as systems that "export to Word / Excel" (导出Word) write them from a template: Word's
# own styles ("heading 1" under the id "1", as Chinese Word names them), its sections (wx:sub-section), a list, a table
WORD_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml"
 xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint" xmlns:o="urn:schemas-microsoft-com:office:office">
<o:DocumentProperties><o:Title>仓储系统升级项目复盘</o:Title><o:Author>张伟</o:Author></o:DocumentProperties>
<w:styles><w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style></w:styles>
<w:body><wx:sect><wx:sub-section>
<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>仓储系统升级项目复盘</w:t></w:r></w:p>
<w:p><w:r><w:t>项目名称：</w:t></w:r><w:r><w:t>仓储系统升级</w:t></w:r></w:p>
<wx:sub-section><w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>经验教训</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/></w:listPr></w:pPr><w:r><w:t>测试环境不稳定，导致上线延期两周。</w:t></w:r></w:p>
<w:p><w:pPr><w:listPr><w:ilvl w:val="0"/></w:listPr></w:pPr><w:r><w:t>供应商接口交付晚了五周，</w:t></w:r><w:r><w:t>我们没有备选方案。</w:t></w:r></w:p>
</wx:sub-section>
<wx:sub-section><w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>问题清单</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>问题</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>原因</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>改进措施</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>数据迁移脚本多次失败</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>没有在生产规模的数据上演练</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>上线前用全量数据演练两次</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
</wx:sub-section></wx:sub-section><w:sectPr/></wx:sect></w:body></w:wordDocument>
""".encode()
EXCEL_XML = b"""<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="Lessons"><Table><Row><Cell><Data ss:Type="String">Lesson</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">Order the servers early.</Data></Cell></Row></Table></Worksheet></Workbook>
"""


@pytest.mark.parametrize("name", ["导出.doc", "导出.docx", "导出"])
def test_a_word_2003_xml_document_is_read_as_word_not_as_its_markup(name):
    # read as text, its lessons were '<w:p><w:r><w:t>测试环境不稳定，导致上线延期两周。</w:t></w:r></w:p>' and
    # '</w:body></w:wordDocument>'
    result = _read(name, WORD_XML)
    [doc] = result.documents
    assert [w.message for w in result.warnings] == ([] if "." not in name else [
        f"named {Path(name).suffix} but is a Word 2003 XML document: read as Word"])
    assert (doc.title, doc.authors) == ("仓储系统升级项目复盘", ["张伟"])
    assert [(s.heading, s.level) for s in doc.sections] == [("仓储系统升级项目复盘", 1), ("经验教训", 2), ("问题清单", 2)]
    assert [(lesson.kind.value, lesson.text) for lesson in doc.lessons] == [
        ("lesson", "测试环境不稳定，导致上线延期两周。"), ("lesson", "供应商接口交付晚了五周，我们没有备选方案。"),
        ("went_wrong", "数据迁移脚本多次失败 (原因: 没有在生产规模的数据上演练; 改进措施: 上线前用全量数据演练两次)")]
    assert "<w:" not in doc.raw_text
    assert "<ul><li>测试环境不稳定，导致上线延期两周。</li><li>供应商接口" in doc.html  # one list, shown as one


def test_a_word_2003_xml_document_declared_gb2312_is_read_with_gbks_characters():
    # a template declared GB2312, filled with a name only GBK has: "not well-formed XML (line 1)"
    text = WORD_XML.decode().replace('encoding="UTF-8"', 'encoding="GB2312"').replace("张伟", "朱镕基")
    [doc] = _read("导出.doc", text.encode("gbk")).documents
    assert (doc.title, doc.authors, len(doc.lessons)) == ("仓储系统升级项目复盘", ["朱镕基"], 3)


def test_a_word_2003_xml_document_filled_badly_is_refused_naming_the_line():
    from web.error_text import error_text

    with pytest.raises(IngestError) as refused:
        _read("导出.doc", WORD_XML.replace(b"</w:tc></w:tr></w:tbl>", b"</w:tr></w:tbl>"))
    assert str(refused.value) == "a Word 2003 XML document that is not well-formed XML (line 19)"
    assert error_text(str(refused.value), "zh") == "这个 Word 2003 XML 文档不是格式正确的 XML（第 19 行）"


@pytest.mark.parametrize(("name", "error"), [
    ("导出.xls", ("named .xls but is an Excel 2003 XML spreadsheet: open it in Excel, WPS or LibreOffice and save it "
                 "as .xlsx")),
    ("导出.xlsx", "named .xlsx but is an Excel 2003 XML spreadsheet"),
    ("导出", "no extension, and the content is an Excel 2003 XML spreadsheet"),
])
def test_an_excel_2003_xml_spreadsheet_is_refused_saying_what_to_save_it_as(name, error):
    with pytest.raises(IngestError) as refused:
        _read(name, EXCEL_XML)
    assert str(refused.value).startswith(error)
    if "." in name:  # the upload page says it in Chinese (an upload always has an extension)
        from web.error_text import error_text

        assert error_text(str(refused.value), "zh").startswith(f"文件名是 {name[2:]}，内容却是 Excel 2003 XML"), str(refused.value)
