"""The background worker: a job that fails is logged and is its own; the jobs queued behind it still run."""

from __future__ import annotations

import logging
import threading

from web.background import Worker


def test_a_failing_job_is_logged_and_the_jobs_behind_it_still_run(caplog):
    worker = Worker("kb-test-worker", 4)
    gate, ran = threading.Event(), []
    first = worker.submit(gate.wait, 60)  # holds the thread while the others queue up behind it

    def fail() -> None:
        raise ValueError("broken upload")

    failing = worker.submit(fail)
    after = worker.submit(ran.append, "after")
    with caplog.at_level(logging.ERROR, logger="web.background"):
        gate.set()
        assert first.join(timeout=30) and failing.join(timeout=30)
        assert after.join(timeout=30), "the job after a failing one never ran"
    assert ran == ["after"] and not failing.is_alive()
    assert any("background job fail failed" in r.getMessage() and r.exc_info for r in caplog.records)
