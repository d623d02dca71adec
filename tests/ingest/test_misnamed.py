"""A file named as a binary format that holds another kind (a Markdown or text file a PM renamed to .docx, a CSV
saved as .xlsx, a .docx renamed .doc) is read as what it is, with a warning naming the file; bytes that are none of
these still get the named format's clear error."""

from __future__ import annotations

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
    # an empty one is said to be empty, as an empty .md is (it said "not a readable .pptx presentation (BadZipFile…)")
    ("empty.pptx", b"", "^empty file$"),
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
