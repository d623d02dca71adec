"""The background worker: a job that fails is logged and is its own; the jobs queued behind it still run."""

from __future__ import annotations

import logging
import os
import threading
import time
import warnings

import pytest

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


def test_a_job_that_raises_systemexit_does_not_strand_the_jobs_behind_it(caplog):
    """SystemExit (any BaseException) from a job would end the worker's thread, and the jobs queued behind it would
    wait until someone happened to queue another."""
    worker = Worker("kb-test-worker", 4)
    gate = threading.Event()

    def leave() -> None:
        gate.wait(60)
        raise SystemExit(3)

    worker.submit(leave)
    after = worker.submit(lambda: None)
    with caplog.at_level(logging.ERROR, logger="web.background"):
        gate.set()
        assert after.join(timeout=30), "the job queued behind one that raised SystemExit never ran"
    assert any("background job leave stopped by SystemExit" in r.getMessage() for r in caplog.records)


def _note(path, word: str) -> None:
    with open(path, "a") as handle:
        handle.write(word + "\n")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_process_does_not_run_the_jobs_its_parent_queued(tmp_path):
    """gunicorn forks its workers: a job queued before the fork is the parent's to run, not the child's too."""
    worker = Worker("kb-test-worker", 4)
    gate = threading.Event()
    worker.submit(gate.wait, 60)  # the parent's thread is busy: the next job waits in the queue at the fork
    notes = tmp_path / "ran.txt"
    worker.submit(_note, notes, "parent's")
    with warnings.catch_warnings():  # Python 3.12+ warns of forking with threads: the fork is the point here
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: queue a job of its own, wait for it and a little longer, and leave without cleanup
        code = 1
        try:
            code = 0 if worker.submit(_note, notes, "child's").join(timeout=30) else 2
            time.sleep(0.3)  # an inherited job still queued behind it would have run by now
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    gate.set()
    worker.submit(lambda: None).join(timeout=30)
    assert sorted(notes.read_text().split("\n")[:-1]) == ["child's", "parent's"]
