"""The session's fast-start cache: one for a parallel run's workers, written by one of them at a time
(tests/conftest.py ``search_cache_folder``, ``one_writer_at_a_time``; BENCHMARKS.md, t-trim9a)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tests.conftest import lock_beside, one_writer_at_a_time, search_cache_folder


def test_a_parallel_runs_workers_share_one_cache_folder_and_a_serial_run_has_its_own(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    shared = search_cache_folder(tmp_path_factory)
    assert shared == tmp_path_factory.getbasetemp().parent / "search-cache" / "kb.cache"  # the run's folder
    assert search_cache_folder(tmp_path_factory) == shared
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    own = search_cache_folder(tmp_path_factory)
    assert own.parent.parent == tmp_path_factory.getbasetemp() and own != search_cache_folder(tmp_path_factory)


def _writer(wrote: list[tuple[str, float, float]]):
    """A stand-in for ``write_cache``: writes the folder's file unless it is there (True if it wrote), slowly."""
    def write(folder: Path, *, model: str = "m") -> bool:
        began = time.monotonic()
        done = (folder / "lookup.sqlite").exists()
        if not done:
            time.sleep(0.2)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "lookup.sqlite").write_text(model)
        wrote.append((str(folder), began, time.monotonic()))
        return not done

    return write


def test_a_second_writer_waits_for_the_first_then_writes_nothing(tmp_path):
    folder, wrote, said = tmp_path / "run" / "kb.cache", [], []
    write = one_writer_at_a_time(_writer(wrote), folder)
    threads = [threading.Thread(target=lambda: said.append(write(folder, model="use"))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(said) == [False, True]  # one wrote, the other found it written
    (_, _, first_done), (_, second_began, _) = sorted(wrote, key=lambda w: w[1])
    assert second_began >= first_done  # one after the other, not side by side


def test_another_folder_is_written_without_the_lock(tmp_path):
    folder, wrote = tmp_path / "run" / "kb.cache", []
    write = one_writer_at_a_time(_writer(wrote), folder)
    with lock_beside(folder):  # held by another writer of the session's cache
        assert write(tmp_path / "own" / "kb.cache")  # a test's own folder: not kept waiting
    assert [w[0] for w in wrote] == [str(tmp_path / "own" / "kb.cache")]
