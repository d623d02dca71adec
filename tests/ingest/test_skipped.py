"""Nothing is passed over silently: files not ingested are counted and named; files without an extension are sniffed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from ingest import ingest
from ingest.sniff import sniff
from kb.cli import cli
from kb.errors import IngestError
from tests.ingest.office_files import pptx_bytes

INCIDENT = ("Payment gateway outage 2024-03\n\nWhat went wrong:\n- The certificate expired on a Sunday.\n\n"
            "Action items:\n- Alert 30 days before any certificate expires.\n")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    base = tmp_path / "docs"
    (base / "drafts").mkdir(parents=True)
    (base / ".kbignore").write_text("drafts/\n*.bak\n")
    (base / "drafts" / "wip.md").write_text("# Draft\n")
    (base / "retro.md.bak").write_text("# Old copy\n")
    (base / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (base / "minutes.odt").write_bytes(b"PK\x03\x04odt")
    (base / ".DS_Store").write_bytes(b"\x00\x01")  # hidden: neither read nor reported
    (base / "incident-2024-03").write_text(INCIDENT)  # a post-mortem saved without an extension
    (base / "core-dump").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(300))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "Lessons learned"
    slide.placeholders[1].text_frame.text = "Freeze the scope two sprints before go-live."
    (base / "deck").write_bytes(pptx_bytes(prs))
    return base


def test_every_file_not_ingested_is_named_with_its_reason(store, folder):
    report = ingest(store, [folder])

    skipped = {Path(p.path).name: p.message for p in report.skipped}
    assert skipped == {
        "drafts": "folder ignored by .kbignore ('drafts/')",
        "retro.md.bak": "ignored by .kbignore ('*.bak')",
        "photo.png": skipped["photo.png"], "minutes.odt": skipped["minutes.odt"]}
    assert skipped["photo.png"].startswith("unknown extension '.png' (kb reads .csv, .doc, .docx, ")
    assert skipped["minutes.odt"].startswith("unknown extension '.odt'")
    recorded = {(Path(r["path"]).name, r["message"]) for r in store.run_errors(report.run_id)}
    assert ("photo.png", "not ingested: " + skipped["photo.png"]) in recorded
    assert ("drafts", "not ingested: folder ignored by .kbignore ('drafts/')") in recorded


def test_a_file_without_an_extension_is_read_by_what_it_holds(store, folder):
    report = ingest(store, [folder])

    assert report.added == 2
    incident = store.document("incident-2024-03")
    assert [(lesson["kind"], lesson["text"]) for lesson in incident["lessons"]] == [
        ("went_wrong", "The certificate expired on a Sunday."),
        ("action_item", "Alert 30 days before any certificate expires.")]
    assert incident["format"] == "text"
    assert store.document("deck")["format"] == "pptx"
    assert [(Path(p.path).name, p.message.split(":")[0]) for p in report.errors] == [
        ("core-dump", "no extension, and the content is binary, not text")]


def test_the_summary_line_and_kb_errors_name_them(runner, db_path, folder):
    result = runner.invoke(cli, ["--db", str(db_path), "ingest", str(folder), "--no-index"])
    assert result.exit_code == 1  # core-dump failed
    assert "; 4 not ingested (2 ignored by .kbignore, 2 with an unknown extension)" in result.output
    assert f"warning: {folder / 'photo.png'}: not ingested: unknown extension '.png'" in result.output
    errors = runner.invoke(cli, ["--db", str(db_path), "errors"])
    assert f"warning: {folder / 'retro.md.bak'}: not ingested: ignored by .kbignore ('*.bak')" in errors.output
    assert f"error: {folder / 'core-dump'}: no extension, and the content is binary" in errors.output


@pytest.mark.parametrize(("data", "suffix"), [
    (b"%PDF-1.7\n...", ".pdf"), (b"<!DOCTYPE html><html><body>x</body></html>", ".html"),
    ("---\ntitle: 复盘\n---\n# 复盘\n".encode(), ".md"), ("项目周报\n\n本周完成了数据迁移。\n".encode("gb18030"), ".txt"),
])
def test_sniffing(data, suffix):
    assert sniff(data) == suffix


def test_an_old_office_file_without_an_extension_says_save_as():
    with pytest.raises(IngestError, match=r"old binary Office file \(.doc/.ppt/.xls\): save it as .docx"):
        sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
