"""kb/store/runs.py: the log of ingest runs and the errors and warnings they met."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kb.errors import NotFound
from kb.store import Store


def _recent(stamp: str | None) -> bool:
    return stamp is not None and datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(seconds=60)


def test_a_run_opens_running_with_its_paths_and_closes_with_its_counts(store: Store):
    run = store.start_run(["/data/项目", "/other"])
    assert store.scalar("SELECT paths FROM ingest_runs WHERE id = ?", [run]) == '["/data/项目", "/other"]'
    [opened] = store.runs()
    assert opened["id"] == run and opened["status"] == "running" and opened["finished_at"] is None
    assert opened["paths"] == ["/data/项目", "/other"] and _recent(opened["started_at"])
    store.finish_run(run, added=1, updated=2, unchanged=3, failed=4, removed=5, seconds=1.23456)
    [closed] = store.runs()
    assert {k: closed[k] for k in ("added", "updated", "unchanged", "failed", "removed", "seconds", "status")} == {
        "added": 1, "updated": 2, "unchanged": 3, "failed": 4, "removed": 5, "seconds": 1.235, "status": "finished"}
    assert _recent(closed["finished_at"])


def test_finish_run_records_another_status_and_touches_only_its_run(store: Store):
    first, second = store.start_run(["a"]), store.start_run(["b"])
    store.finish_run(second, added=0, updated=0, unchanged=0, failed=1, removed=0, seconds=0.0, status="interrupted")
    assert {r["id"]: r["status"] for r in store.runs()} == {first: "running", second: "interrupted"}


def test_runs_are_newest_first_up_to_the_limit(store: Store):
    ids = [store.start_run([str(i)]) for i in range(25)]
    assert [r["id"] for r in store.runs()] == ids[::-1][:20]
    assert [r["paths"] for r in store.runs(limit=3)] == [["24"], ["23"], ["22"]]


def test_errors_of_a_run_in_order_with_level_filter(store: Store):
    old = store.start_run(["x"])
    store.record_error(old, "/x/old.md", "old problem")
    run = store.start_run(["y"])
    store.record_error(run, "/y/b.csv", "row 3 has no title", line=3, level="warning")
    store.record_error(run, "/y/a.md", "cannot decode")
    errors = store.run_errors()  # the latest run by default
    assert [(e["path"], e["line"], e["level"], e["message"], e["run_id"]) for e in errors] == [
        ("/y/b.csv", 3, "warning", "row 3 has no title", run), ("/y/a.md", None, "error", "cannot decode", run)]
    assert set(errors[0]) == {"path", "line", "level", "message", "created_at", "run_id"}
    assert _recent(errors[0]["created_at"])
    assert [e["path"] for e in store.run_errors(run, level="error")] == ["/y/a.md"]
    assert [e["path"] for e in store.run_errors(run, level="warning")] == ["/y/b.csv"]
    assert [e["message"] for e in store.run_errors(old)] == ["old problem"]


def test_run_errors_without_any_run_is_empty(store: Store):
    store.record_error(None, "/loose.md", "outside any run")
    assert store.run_errors() == []
    assert store.scalar("SELECT count(*) FROM ingest_errors WHERE run_id IS NULL") == 1


def test_errors_of_a_run_that_does_not_exist_are_not_an_empty_list(store: Store):
    # 'kb errors --run 999' printed "0 problem(s)", as for a run that went well.
    with pytest.raises(NotFound, match="no ingest run 999; nothing has been ingested yet"):
        store.run_errors(999)
    run = store.start_run(["x"])
    with pytest.raises(NotFound, match=f"no ingest run 999; the latest is run {run}"):
        store.run_errors(999)
    assert store.run_errors(run) == []
