"""A parallel run's worker gives the model and FAISS its share of the cores, as each process of ``kb serve`` does
(tests/conftest.py ``compute_threads_shared_by_workers``); a test or setting that names its threads keeps them."""

from __future__ import annotations

import dataclasses
import os

import search.embedder
from kb.settings import Settings, load_settings
from kb.store import Store
from search import SearchIndex
from search.embedder import DEFAULT_MODEL
from tests.conftest import RUN_KB_THREADS, sharing_cores, worker_threads


def test_a_workers_share_is_the_cores_over_the_workers_and_a_serial_run_has_none(monkeypatch):
    cores = os.cpu_count() or 1
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", "2")
    assert worker_threads() == max(1, cores // 2)
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(4 * cores))
    assert worker_threads() == 1
    for serial in ("1", ""):
        monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", serial)
        assert worker_threads() is None
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT")
    assert worker_threads() is None


def test_the_model_takes_the_share_unless_its_threads_are_named():
    asked = []

    def get_embedder(name, *, threads=None, cache=None):
        asked.append((name, threads, cache))
        return name

    shared = sharing_cores(get_embedder, 3)
    assert shared("m") == "m"
    shared("m", threads=None, cache="c")  # SearchIndex's call for settings that leave threads at 0
    shared("m", threads=2)
    assert asked == [("m", 3, None), ("m", 3, "c"), ("m", 2, None)]


def test_a_stores_model_takes_the_workers_share_in_a_parallel_run_and_a_thread_a_core_alone(tmp_path, monkeypatch):
    made = []

    class Model:
        def get_embedding_dimension(self) -> int:
            return 512

    def build(threads, cache):
        made.append(threads)
        return Model()

    monkeypatch.setattr(search.embedder, "_LOADED", {})
    monkeypatch.setitem(search.embedder.BUNDLED, DEFAULT_MODEL,
                        dataclasses.replace(search.embedder.BUNDLED[DEFAULT_MODEL], build=build))
    with Store(tmp_path / "kb.db") as store:
        SearchIndex(store, Settings(db=tmp_path / "kb.db")).embedder()
        SearchIndex(store, Settings(db=tmp_path / "kb.db", threads=3)).embedder()  # loaded once a process
    assert made == [worker_threads() or os.cpu_count()]
    monkeypatch.setattr(search.embedder, "_LOADED", {})
    with Store(tmp_path / "kb.db") as store:
        SearchIndex(store, Settings(db=tmp_path / "kb.db", threads=3)).embedder()
    assert made[1:] == [3]


def test_in_a_parallel_run_the_kb_processes_take_the_share_unless_the_run_named_threads():
    share = worker_threads()
    if share is None or RUN_KB_THREADS is not None:
        assert os.environ.get("KB_THREADS") == RUN_KB_THREADS
    else:
        assert os.environ["KB_THREADS"] == str(share)
        assert load_settings().threads == share
