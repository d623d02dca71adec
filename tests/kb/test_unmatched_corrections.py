"""A PM's lesson correction that a re-read no longer matches stays said until it is resolved: `kb errors` listed it
only for the run that re-read its file, and after the next run (the file unchanged, or another folder read) it was
gone though the correction still matched nothing. Now `kb errors` and `kb check` say it until the lesson comes back
or the correction is forgotten."""

from __future__ import annotations

import json

from ingest import ingest
from kb.cli import cli
from kb.store import Store
from tests.kb.test_lesson_corrections import RETRO, _planted

GONE = "数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量。"


def _unmatched_store(db_path, folder, monkeypatch):
    """A store whose retro.md has one correction that matches no lesson since a (planted) new parser dropped it."""
    (folder / "retro.md").write_text(RETRO, encoding="utf-8")
    with Store(db_path) as store:
        ingest(store, [folder])
        store.set_overrides(["retro.md"], {"lessons": {"changed": [{"text": GONE, "kind": "lesson"}]}}, actor="pat")
        ingest(store, [folder])
        _planted(monkeypatch, lambda lessons: [x for x in lessons if x.text != GONE])
        ingest(store, [folder])  # the run that re-reads it and says so
        ingest(store, [folder])  # the next: the file unchanged, nothing re-read


def _errors(runner, db_path, *args):
    return runner.invoke(cli, ["--db", str(db_path), "errors", *args])


def test_kb_errors_lists_an_unmatched_correction_after_the_run_that_said_it(runner, db_path, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    folder.mkdir()
    _unmatched_store(db_path, folder, monkeypatch)
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.md").write_text("# Notes\n\n## Lessons learned\n- Book the venue early.\n", encoding="utf-8")
    with Store(db_path) as store:
        ingest(store, [other])  # a run that reads another folder altogether
    result = _errors(runner, db_path)
    line = (f"warning: {folder / 'retro.md'}: retro.md: a correction of the lesson “数据库操作等代码可以多写泛型的")
    assert result.output.count(line) == 1, result.output
    assert "(kind lesson) matches no lesson read from the file now; it is kept" in result.output
    assert "1 problem" in result.stderr
    [problem] = json.loads(_errors(runner, db_path, "--json").output)["problems"]
    assert problem["level"] == "warning" and problem["path"] == str(folder / "retro.md") and problem["run_id"] is None
    assert "retro.md" not in _errors(runner, db_path, "--no-warnings").output
    assert "retro.md" in _errors(runner, db_path, "--run", "3").output  # the run that re-read it recorded it
    assert "retro.md" not in _errors(runner, db_path, "--run", "4").output  # an earlier run: its own record, as it was


def test_the_run_that_re_read_the_file_lists_it_once(runner, db_path, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "retro.md").write_text(RETRO, encoding="utf-8")
    with Store(db_path) as store:
        ingest(store, [folder])
        store.set_overrides(["retro.md"], {"lessons": {"changed": [{"text": GONE, "kind": "lesson"}]}}, actor="pat")
        ingest(store, [folder])
        _planted(monkeypatch, lambda lessons: [x for x in lessons if x.text != GONE])
        report = ingest(store, [folder])
        assert len(store.run_errors(report.run_id)) == 1
    assert _errors(runner, db_path).output.count("a correction of the lesson") == 1


def test_it_goes_once_forgotten_or_matched_again(runner, db_path, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    folder.mkdir()
    _unmatched_store(db_path, folder, monkeypatch)
    monkeypatch.undo()
    with Store(db_path) as store:
        ingest(store, [folder])  # the rules that read the lesson come back: the correction matches again
        assert not store.unmatched_corrections()
    assert "a correction of the lesson" not in _errors(runner, db_path).output
    _unmatched_store(db_path, folder, monkeypatch)
    with Store(db_path) as store:
        [miss] = store.unmatched_corrections()
        assert miss["key"] == "retro.md" and miss["change"]["text"] == GONE
        store.set_overrides(["retro.md"], {"lessons": {"changed": []}}, actor="carl")  # a curator forgets it
        assert not store.unmatched_corrections()
    assert "a correction of the lesson" not in _errors(runner, db_path).output


def test_kb_check_notes_them_without_failing_for_them(runner, db_path, tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    folder.mkdir()
    _unmatched_store(db_path, folder, monkeypatch)
    result = runner.invoke(cli, ["--db", str(db_path), "check"])
    assert "note: 1 lesson correction matches no lesson since their files were read again ('kb errors' lists them"\
        in result.stderr
    assert json.loads(runner.invoke(cli, ["--db", str(db_path), "check", "--json"]).output)[
        "unmatched_corrections"] == 1
