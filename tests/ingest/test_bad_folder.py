"""No property of one file can stop a run: a folder of every kind of bad file beside good ones stores the good
ones and reports each bad one by name."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ingest import PARSERS, ingest
from ingest.archive import check_archive
from kb.errors import IngestError
from kb.models import ParseResult
from tests.ingest.bad_files import LONG_TOPIC, Expected, workbook_with_cell, write_bad_files, write_good_files


def _all_text(store) -> str:
    docs = " ".join(r["raw_text"] for r in store.rows("SELECT raw_text FROM documents"))
    return docs + " ".join(r["text"] for r in store.rows("SELECT text FROM lessons"))


def test_a_folder_of_bad_files_stores_every_good_one_and_reports_every_bad_one(store, tmp_path):
    folder, expected = tmp_path / "docs", Expected()
    write_good_files(folder, expected)
    write_bad_files(folder, tmp_path / "outside", expected)

    report = ingest(store, [folder])

    errors = {Path(p.path).name: p.message for p in report.errors}
    assert set(errors) == set(expected.reported)
    for name, part in expected.reported.items():
        assert part in errors[name], (name, errors[name])
    warnings = {}
    for p in report.warnings:
        warnings.setdefault(Path(p.path).name, []).append(p.message)
    for name, part in expected.warned.items():
        assert any(part in m for m in warnings.get(name, [])), (name, warnings.get(name))
    for key, text in expected.stored.items():
        doc = store.document(key)
        assert text in doc["raw_text"] + " ".join(lesson["text"] for lesson in doc["lessons"]), key
    skipped = {Path(p.path).name: p.message for p in report.skipped}
    for name, part in expected.skipped.items():
        assert part in skipped.get(name, ""), (name, skipped)
    stored = _all_text(store)
    assert not [secret for secret in expected.absent if secret in stored]
    assert report.failed == len(expected.reported)


def test_an_over_long_tag_is_shortened_at_a_word_and_kept(store, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "llis.md").write_text(f"---\ntags: ['{LONG_TOPIC}', 'staffing']\n---\n# Staffing\n\n"
                                    "## Lessons learned\n- Keep technical authority in house.\n")
    (folder / ".kbmeta.yaml").write_text(f"tags: ['{'y' * 70}']\n")  # for documents that name no tags
    (folder / "other.md").write_text("# Other\n\n## Lessons learned\n- Folder tags apply.\n")

    report = ingest(store, [folder])

    assert report.added == 2
    labels = sorted(t["label"] for t in store.document("llis.md")["tags"])
    assert labels == ["Role of civil service technical staff versus contractor…", "staffing"]
    assert [t["label"] for t in store.document("other.md")["tags"]] == ["y" * 57 + "…"]
    assert sorted((Path(p.path).name, p.message) for p in report.warnings) == [
        ("llis.md", (f"tag '{LONG_TOPIC}' is longer than 60 characters; stored as "
                     "'Role of civil service technical staff versus contractor…'")),
        ("other.md", f"tag '{'y' * 70}' is longer than 60 characters; stored as '{'y' * 57}…'")]


def test_a_parser_running_out_of_memory_fails_only_its_file(store, tmp_path, monkeypatch):
    def exhausted(raw) -> ParseResult:
        raise MemoryError

    monkeypatch.setitem(PARSERS, ".huge", exhausted)
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.huge").write_text("anything")
    (folder / "b.md").write_text("# B\n\n## Lessons learned\n- Still stored.\n")

    report = ingest(store, [folder])

    assert [(Path(p.path).name, p.message) for p in report.errors] == [
        ("a.huge", "the file needs more memory to parse than there is")]
    assert report.added == 1


def test_the_archive_cap_holds_whatever_the_ratio(tmp_path):
    letters = random.Random(3).choices(b"abcdefghijklmnopqrstuvwxyz ", k=1 << 20)
    honest = workbook_with_cell(3, filler=bytes(letters))  # random text: it compresses about 2:1
    check_archive(honest, max_bytes=4 << 20)
    with pytest.raises(IngestError, match="the archive unpacks to 3 MB, over the 2 MB allowed"):
        check_archive(honest, max_bytes=2 << 20)
