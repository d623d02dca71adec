"""The store's reader views: hidden lessons and the sections that hold them, draft sessions, relative file paths."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ingest import ingest
from kb.cli import cli
from kb.errors import NotFound
from kb.store import Filters

RETRO = """# ERP retro

## Background
The upgrade ran from March to June.

## What went wrong
- The vendor delivered the interface five weeks late.
- The test environment was ready a week before go-live.

## Lessons learned
- Freeze the interface contract before the build starts.
"""
REGISTER = ("ID,Title,Driving event,Lesson,Recommendation\n"
            "R1,Badge printer,The printer vendor went bankrupt.,Check vendor solvency.,Ask for a credit report.\n"
            "R2,Kickoff,No sponsor came.,Book the sponsor early.,Send the invitation first.\n")


def _lesson(store, key: str, start: str) -> dict:
    return next(l for l in store.document(key)["lessons"] if l["text"].startswith(start))


def test_a_hidden_lesson_hides_its_section_from_readers_and_nothing_else(store, write):
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    vendor = _lesson(store, "erp/retro.md", "The vendor")
    store.set_review(vendor["id"], "hidden")
    doc = store.document("erp/retro.md", for_readers=True)
    assert doc["redacted"] and doc["raw_text"] is None and doc["html"] is None
    assert {s["heading"]: s["text"] for s in doc["sections"] if s["hidden"]} == {"What went wrong": None}
    assert "The upgrade ran from March to June." in [s["text"] for s in doc["sections"]]
    assert [l["text"][:14] for l in doc["lessons"]] == ["The test envir", "Freeze the int"]
    curator = store.document("erp/retro.md")
    assert not curator["redacted"] and "five weeks late" in curator["raw_text"] and len(curator["lessons"]) == 3
    store.set_review(vendor["id"], "approved")
    assert not store.document("erp/retro.md", for_readers=True)["redacted"] and store.hidden_sections() == set()


def test_a_hidden_register_row_hides_every_section_of_the_row(store, write):
    write("reg.csv", REGISTER)
    ingest(store, [write.base])
    row = store.document("reg.csv#R1")["lessons"][0]
    store.set_review(row["id"], "hidden")
    sections = store.document("reg.csv#R1")["sections"]
    assert len(sections) == 3 and store.hidden_sections() == {s["id"] for s in sections}
    assert not any(s["hidden"] for s in store.document("reg.csv#R2", for_readers=True)["sections"])


def test_a_document_whose_every_lesson_is_hidden_is_not_found_by_readers(store, write):
    """A register row is titled with its lesson: its page, its title, would show the hidden text. Curators see it."""
    write("reg.csv", REGISTER)
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    store.set_review(store.document("reg.csv#R1")["lessons"][0]["id"], "hidden")
    store.set_review(_lesson(store, "erp/retro.md", "The vendor")["id"], "hidden")  # one of three: still found
    with pytest.raises(NotFound):
        store.document("reg.csv#R1", for_readers=True)
    assert store.document("reg.csv#R1")["title"] == "Badge printer"
    assert len(store.document("erp/retro.md", for_readers=True)["lessons"]) == 2


def test_reader_lists_leave_out_a_document_whose_every_lesson_is_hidden_and_count_no_hidden_lesson(store, write):
    write("reg.csv", REGISTER)
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    store.set_review(store.document("reg.csv#R1")["lessons"][0]["id"], "hidden")
    store.set_review(_lesson(store, "erp/retro.md", "The vendor")["id"], "hidden")
    readers = Filters(include_hidden=False)
    rows, total = store.documents(readers)
    assert {r["key"]: r["lessons"] for r in rows} == {"reg.csv#R2": 1, "erp/retro.md": 2} and total == 2
    assert set(store.document_ids(readers)) == {store.document_id(k) for k in ("reg.csv#R2", "erp/retro.md")}
    rows, total = store.documents()  # curators (and the CLI): every document, every lesson counted
    assert {r["key"]: r["lessons"] for r in rows} == {"reg.csv#R1": 1, "reg.csv#R2": 1, "erp/retro.md": 3}
    assert {r["key"] for r in rows if r["hidden"]} == {"reg.csv#R1"}  # marked for curators
    assert total == 3


def test_drafts_and_hidden_agenda_text_are_left_out_when_asked(store, write):
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    lesson = _lesson(store, "erp/retro.md", "The vendor")
    draft = store.create_session({"title": "Draft"})
    store.add_session_item(draft, lesson["id"])
    assert store.session(draft)["status"] == "draft"
    with pytest.raises(NotFound, match=rf"^no share session {draft}$"):  # as for a session that does not exist
        store.session(draft, drafts=False)
    assert [s["id"] for s in store.sessions(drafts=False)[0]] == [] and store.sessions(status="draft", drafts=False)[1] == 0
    store.set_review(lesson["id"], "hidden")
    item = store.session(draft, hidden_text=False)["items"][0]
    assert item["hidden"] and item["lesson_text"] is None
    assert "five weeks" in store.session(draft)["items"][0]["lesson_text"]
    assert item["document_title"] == "ERP retro"  # its document has lessons readers see: it is named


def test_an_agenda_item_of_a_hidden_register_row_does_not_name_the_row_for_readers(store, write):
    """The row's document is titled with its lesson: the agenda would name the hidden text, and link to a page
    readers do not find. Curators still see both."""
    write("reg.csv", REGISTER)
    ingest(store, [write.base])
    session = store.create_session({"title": "Vendors"})
    store.add_session_item(session, store.document("reg.csv#R1")["lessons"][0]["id"])
    store.set_review(store.document("reg.csv#R1")["lessons"][0]["id"], "hidden")
    item = store.session(session, hidden_text=False)["items"][0]
    assert item["hidden"] and item["document_title"] is None and item["document_key"] is None
    assert "document_hidden" not in item
    item = store.session(session)["items"][0]
    assert (item["document_title"], item["document_key"]) == ("Badge printer", "reg.csv#R1")


def test_file_paths_are_relative_to_the_ingested_folder_except_in_the_cli(store, write, db_path):
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    absolute = str(write.base / "erp" / "retro.md")
    assert store.documents()[0][0]["source_path"] == "erp/retro.md"
    assert store.document("erp/retro.md")["source_path"] == "erp/retro.md" and store.source_file("erp/retro.md") == absolute
    result = CliRunner().invoke(cli, ["--db", str(db_path), "show", "erp/retro.md"], catch_exceptions=False)
    assert result.exit_code == 0 and absolute in result.output


def test_a_retrospective_whose_every_lesson_is_hidden_keeps_its_other_sections_for_readers(store, write):
    """Only a register row is its lesson: a retrospective whose extracted lessons a curator hid (junk, say) is still
    listed and found, its background section shown and the hidden lessons' sections redacted."""
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    for lesson in store.document("erp/retro.md")["lessons"]:
        store.set_review(lesson["id"], "hidden")
    doc = store.document("erp/retro.md", for_readers=True)
    assert doc["title"] == "ERP retro" and doc["lessons"] == [] and doc["redacted"]
    assert any("March to June" in s["text"] for s in doc["sections"])
    rows, total = store.documents(Filters(include_hidden=False))
    assert [r["key"] for r in rows] == ["erp/retro.md"] and rows[0]["lessons"] == 0 and total == 1
    assert not store.documents()[0][0]["hidden"]


def _cli(db_path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_cli_lists_a_hidden_register_row_marked_and_filters_it(store, write, db_path):
    """The CLI is the curators' (whoever has the store): kb docs lists the row, marked as kb lessons and kb show mark
    its lesson; --no-hidden lists what readers see, --hidden only what they do not."""
    write("reg.csv", REGISTER)
    write("erp/retro.md", RETRO)
    ingest(store, [write.base])
    row = store.document("reg.csv#R1")["lessons"][0]
    store.set_review(row["id"], "hidden")
    store.set_review(_lesson(store, "erp/retro.md", "The vendor")["id"], "hidden")  # not every lesson: not marked
    lines = {line.split()[0]: line for line in _cli(db_path, "docs", "--sort", "key").splitlines()[2:]}
    assert set(lines) == {"reg.csv#R1", "reg.csv#R2", "erp/retro.md"}
    assert [k for k, line in lines.items() if "(hidden) " in line] == ["reg.csv#R1"]
    assert "(hidden) Badge printer" in lines["reg.csv#R1"]
    assert [line.split()[0] for line in _cli(db_path, "docs", "--hidden").splitlines()[2:]] == ["reg.csv#R1"]
    assert "reg.csv#R1" not in _cli(db_path, "docs", "--no-hidden") and "reg.csv#R2" in _cli(db_path, "docs", "--no-hidden")
    assert '"hidden": true' in _cli(db_path, "docs", "--hidden", "--json")
    listed = [line for line in _cli(db_path, "lessons").splitlines() if "(hidden) " in line]
    assert sorted(line.split()[0] for line in listed) == sorted(
        str(i) for i in (row["id"], _lesson(store, "erp/retro.md", "The vendor")["id"]))
    shown = _cli(db_path, "show", "reg.csv#R1")
    assert shown.startswith("(hidden) Badge printer") and f"[{row['id']}] (hidden) " in shown
    assert not _cli(db_path, "show", "erp/retro.md").startswith("(hidden)")  # its other lessons are seen
