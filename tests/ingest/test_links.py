"""Links inside an ingested folder: those leading outside it are reported and never read; those staying inside
work; a file swapped for a link between the check and the read is refused too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest import ingest
from ingest import reading as reading_module
from ingest.reading import OUTSIDE_MESSAGE, read_inside
from kb.errors import OutsideFolder

LESSON = "# {title}\n\n## Lessons learned\n- {text}\n"


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """An ingested folder ``docs`` and, beside it, a folder ``outside`` holding a secret."""
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "sub").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text(LESSON.format(title="Outside", text="the outside secret"))
    (outside / "secret_key").write_text("0123456789abcdef-secret-key\n")
    (docs / "sub" / "real.md").write_text(LESSON.format(title="Real", text="a lesson inside"))
    return docs, outside


def _stored_text(store) -> str:
    return " ".join(r["raw_text"] for r in store.rows("SELECT raw_text FROM documents"))


def test_file_links_leading_outside_are_reported_and_never_stored(store, folders):
    docs, outside = folders
    os.symlink(outside / "secret.md", docs / "secret.md")
    os.symlink(outside / "secret_key", docs / "key.txt")
    os.symlink("/etc/passwd", docs / "passwd.txt")
    os.symlink("sub/real.md", docs / "inside-link.md")  # stays inside: fine

    report = ingest(store, [docs])

    failed = {Path(p.path).name: p.message for p in report.errors}
    assert failed == {"secret.md": OUTSIDE_MESSAGE, "key.txt": OUTSIDE_MESSAGE, "passwd.txt": OUTSIDE_MESSAGE}
    assert report.failed == 3
    keys = {r["key"] for r in store.rows("SELECT key FROM documents")}
    assert keys == {"sub/real.md", "inside-link.md"}
    stored = _stored_text(store)
    assert "outside secret" not in stored and "secret-key" not in stored and "root:" not in stored
    recorded = store.rows("SELECT path, message FROM ingest_errors WHERE run_id = ?", [report.run_id])
    assert {(Path(r["path"]).name, r["message"]) for r in recorded} >= {("passwd.txt", OUTSIDE_MESSAGE)}


def test_folder_links_leading_outside_are_reported_and_not_walked(store, folders):
    docs, outside = folders
    os.symlink(outside, docs / "elsewhere")
    os.symlink(docs / "sub", docs / "again")  # a folder link inside: not walked twice, not reported

    report = ingest(store, [docs])

    assert [(Path(p.path).name, p.message) for p in report.errors] == [("elsewhere", OUTSIDE_MESSAGE)]
    assert {r["key"] for r in store.rows("SELECT key FROM documents")} == {"sub/real.md"}


def test_folder_settings_files_leading_outside_are_not_read(store, folders):
    docs, outside = folders
    (outside / "meta.yaml").write_text("project: Leaked Project\n")
    os.symlink(outside / "meta.yaml", docs / "sub" / ".kbmeta.yaml")

    report = ingest(store, [docs])

    assert (str(docs / "sub" / ".kbmeta.yaml"), OUTSIDE_MESSAGE) in [(p.path, p.message) for p in report.errors]
    assert store.scalar("SELECT project FROM documents WHERE key = 'sub/real.md'") is None


def test_a_file_named_directly_may_not_lead_outside_its_folder(store, folders):
    docs, outside = folders
    os.symlink(outside / "secret.md", docs / "secret.md")

    report = ingest(store, [docs / "secret.md"])

    assert [p.message for p in report.errors] == [OUTSIDE_MESSAGE]
    assert store.scalar("SELECT count(*) FROM documents") == 0


def test_an_ingested_folder_that_is_itself_a_link_is_fine(store, folders, tmp_path):
    docs, _ = folders
    os.symlink(docs, tmp_path / "docs-link")

    report = ingest(store, [tmp_path / "docs-link"])

    assert not report.errors and report.added == 1


def test_a_stored_file_replaced_by_a_link_outside_loses_its_documents(store, folders):
    docs, outside = folders
    (docs / "notes.md").write_text(LESSON.format(title="Notes", text="ours"))
    ingest(store, [docs])
    (docs / "notes.md").unlink()
    os.symlink(outside / "secret.md", docs / "notes.md")

    report = ingest(store, [docs])

    assert [p.message for p in report.errors] == [f"{OUTSIDE_MESSAGE}; the documents stored from it earlier were removed"]
    assert {r["key"] for r in store.rows("SELECT key FROM documents")} == {"sub/real.md"}
    assert "outside secret" not in _stored_text(store)


def _swap_after_check(monkeypatch, path: Path, swap) -> None:
    """Run ``swap`` right after ``read_inside`` has resolved ``path``: the race an attacker would try to win."""
    real = os.path.realpath

    def realpath(p, *args, **kwargs):
        out = real(p, *args, **kwargs)
        if Path(p) == path:
            swap()
        return out

    monkeypatch.setattr(reading_module.os.path, "realpath", realpath)


def test_a_file_swapped_for_a_link_after_the_check_is_refused(monkeypatch, folders):
    docs, outside = folders
    target = docs / "sub" / "real.md"

    def swap() -> None:
        target.unlink()
        os.symlink(outside / "secret.md", target)

    _swap_after_check(monkeypatch, target, swap)
    with pytest.raises(OutsideFolder, match=OUTSIDE_MESSAGE):
        read_inside(target, docs, max_mb=1)


def test_a_folder_swapped_for_a_link_after_the_check_is_refused(monkeypatch, folders):
    docs, outside = folders
    (outside / "real.md").write_text("the outside secret")
    target = docs / "sub" / "real.md"

    def swap() -> None:
        (docs / "sub").rename(docs / "old-sub")
        os.symlink(outside, docs / "sub")

    _swap_after_check(monkeypatch, target, swap)
    with pytest.raises(OutsideFolder, match=OUTSIDE_MESSAGE):
        read_inside(target, docs, max_mb=1)


def test_a_pipe_is_refused_without_blocking(store, folders):
    docs, _ = folders
    os.mkfifo(docs / "pipe.md")

    report = ingest(store, [docs])

    # in a folder it is passed over unopened and counted as not ingested, as a file of an unknown extension is (it
    # was a failed file); read_inside still refuses one that turns into a pipe after the folder was walked
    assert report.errors == [] and [(Path(p.path).name, p.message) for p in report.skipped] == [
        ("pipe.md", "a named pipe (FIFO), not a regular file: kb reads only regular files and folders")]
    assert report.added == 1


def test_a_file_that_became_a_pipe_after_the_walk_is_refused_without_blocking(folders):
    from kb.errors import IngestError

    docs, _ = folders
    os.mkfifo(docs / "late.md")
    with pytest.raises(IngestError, match=r"^not a regular file \(a pipe, socket or device\)$"):
        read_inside(docs / "late.md", docs, max_mb=1)
