"""The change feed over a lessons register read again (``/api/changes``): one document a row, its lesson kept by the
row's ID. A row removed, inserted or moved is that row's change alone: the rows after it, whose place in the file
(``meta.row``) moved, show the same lesson and are not "changed" (they were, every one of them, before). The copy a
script keeps from the feed stays equal to ``/api/lessons``. Ten rows of the corpus's registers, English as CSV and
Chinese as Excel."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from ingest import ingest
from kb.store import Store
from tests.web.test_api_changes import _follow, _kinds, _listing

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "pmo"
REGISTERS = {"csv": "en-lessons-register-2024.csv", "xlsx": "zh-lessons-register-2025.csv"}


def _rows(fmt: str) -> tuple[list[str], list[list[str]]]:
    """The register's header and its first 15 rows."""
    rows = list(csv.reader(io.StringIO((CORPUS / REGISTERS[fmt]).read_text(encoding="utf-8"))))
    return rows[0], rows[1:16]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    if path.suffix == ".csv":
        out = io.StringIO()
        csv.writer(out).writerows([header, *rows])
        path.write_text(out.getvalue(), encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        for row in [header, *rows]:
            book.active.append(row)
        book.save(path)


def _edited(rows: list[list[str]], edit: str, fmt: str) -> list[list[str]]:
    """The first ten rows edited: row 3 removed, row 14 inserted before row 3, the first five moved to the end, or
    row 3's recommendation reworded."""
    ten = rows[:10]
    if edit == "remove row 3":
        return ten[:2] + ten[3:]
    if edit == "insert a row":
        return ten[:2] + [rows[13]] + ten[2:]
    if edit == "reorder rows":
        return ten[5:] + ten[:5]
    third = list(ten[2])
    third[-2] += "（复核）" if fmt == "xlsx" else " (reviewed)"  # the recommendation
    return ten[:2] + [third] + ten[3:]


def _ids_by_row(client, key: str) -> dict[str, int]:
    """Lesson ids by the row's ID (the part of the document key after '#'), of the documents keyed ``key...``."""
    page = client.get("/api/lessons", query_string={"limit": 500}).get_json()["items"]
    return {lesson["document_key"].split("#")[1]: lesson["id"] for lesson in page
            if lesson["document_key"].startswith(key)}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("edit", ["remove row 3", "insert a row", "reorder rows", "reword row 3"])
def test_a_register_row_removed_inserted_or_moved_is_its_change_alone(client, settings, tmp_path, fmt, edit):
    header, rows = _rows(fmt)
    folder = tmp_path / "registers"
    folder.mkdir()
    path = folder / f"register.{fmt}"
    _write(path, header, rows[:10])
    with Store(settings.db) as store:
        ingest(store, [folder], prune=True)
    copy: dict[int, dict] = {}
    cursor, _ = _follow(client, 0, copy)
    before = _ids_by_row(client, f"register.{fmt}#")
    assert len(before) == 10
    with Store(settings.db) as store, store.conn:  # an older ingest, so that one in the same second shows
        store.conn.execute("UPDATE documents SET last_ingested = '2000-01-01T00:00:00Z'")
    stamps = _ingested(settings.db)
    _write(path, header, _edited(rows, edit, fmt))
    with Store(settings.db) as store:
        ingest(store, [folder], prune=True)
    read = _follow(client, cursor, copy)[1]
    after = _ids_by_row(client, f"register.{fmt}#")
    third, inserted = rows[2][0], rows[13][0]
    expected = {"remove row 3": {before[third]: "removed"}, "insert a row": {after.get(inserted): "added"},
                "reorder rows": {}, "reword row 3": {before[third]: "changed"}}[edit]
    assert _kinds(read) == expected
    assert copy == _listing(client)
    assert {k: v for k, v in after.items() if k != inserted} == {k: v for k, v in before.items()
                                                                 if edit != "remove row 3" or k != third}
    # Only the edited row's document was ingested again (what /api/documents?updated= and a digest count), and every
    # row's document says its new row in the file
    again = _ingested(settings.db)
    assert {row for row, stamp in again.items() if row in stamps and stamp[0] != stamps[row][0]} == \
        ({third} if edit == "reword row 3" else set())
    assert sorted(place for _, place in again.values()) == list(range(2, 2 + len(again)))


def _ingested(db: Path) -> dict[str, tuple[str, int]]:
    """Each register row's document, by the row's ID: when it was last ingested, and its row in the file."""
    with Store(db) as store:
        rows = store.conn.execute("SELECT key, last_ingested, meta FROM documents WHERE key LIKE 'register.%'")
        return {key.split("#")[1]: (stamp, json.loads(meta)["row"]) for key, stamp, meta in rows}
