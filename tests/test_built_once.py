"""The suite's shared builds (``built_once`` in tests/conftest.py): the workers of a parallel run build one each
time, the first that needs it, while the others wait and then read it; neither the build nor the wait counts against
the test's timeout."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import built_once


class WorkerFolders:
    """What ``built_once`` asks of pytest's tmp_path_factory, as a pytest-xdist worker has it: its own folder inside
    the run's."""

    def __init__(self, run: Path, worker: str) -> None:
        self.base = run / f"popen-{worker}"
        self.base.mkdir(parents=True, exist_ok=True)

    def getbasetemp(self) -> Path:
        return self.base

    def mktemp(self, name: str) -> Path:
        raise AssertionError("a worker builds in the run's folder, not its own")


def test_two_workers_asking_at_once_get_one_build(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw0")
    monkeypatch.delenv("KB_TEST_BUILD_CACHE", raising=False)
    builds: list[Path] = []

    def build(folder: Path) -> None:
        builds.append(folder)
        time.sleep(0.3)  # long enough for the other worker to ask meanwhile
        (folder / "kb.db").write_text("built")

    got: dict[str, Path] = {}

    def worker(name: str) -> None:
        got[name] = built_once(WorkerFolders(tmp_path, name), "store", build)  # type: ignore[arg-type]

    threads = [threading.Thread(target=worker, args=(name,)) for name in ("gw0", "gw1")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert builds == [tmp_path / "store"]  # built where it stays: a store remembers its files' paths
    assert got["gw0"] == got["gw1"] == tmp_path / "store"
    assert (tmp_path / "store" / "kb.db").read_text() == "built"
    assert built_once(WorkerFolders(tmp_path, "gw2"), "store", build) == tmp_path / "store"  # type: ignore[arg-type]
    assert len(builds) == 1


def test_a_serial_run_builds_in_its_own_folder(tmp_path_factory, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.delenv("KB_TEST_BUILD_CACHE", raising=False)
    built = built_once(tmp_path_factory, "serial", lambda folder: (folder / "kb.db").write_text("x"))
    assert (built / "kb.db").read_text() == "x"
    assert built.parent == tmp_path_factory.getbasetemp()


@pytest.mark.parametrize("worker", [None, "gw1"])
def test_a_build_cache_is_built_once_and_kept(tmp_path, tmp_path_factory, monkeypatch, worker):
    if worker:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
    else:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    monkeypatch.setenv("KB_TEST_BUILD_CACHE", str(tmp_path / "cache"))
    builds = []
    for _ in range(2):
        built = built_once(tmp_path_factory, "store", lambda folder: builds.append(folder))
    assert built == tmp_path / "cache" / "store" and builds == [built]


@pytest.fixture
def alarm():
    """An alarm set as pytest-timeout's signal method sets one for a test (whatever this run's own timeout), and this
    run's put back after."""
    handler, left = signal.getsignal(signal.SIGALRM), signal.getitimer(signal.ITIMER_REAL)

    def fired(signum, frame):
        raise AssertionError("the test's alarm went off")

    signal.signal(signal.SIGALRM, fired)
    signal.setitimer(signal.ITIMER_REAL, 600)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, *left)


def _left() -> float:
    return signal.getitimer(signal.ITIMER_REAL)[0]


@pytest.mark.parametrize("worker", [None, "gw0"])
def test_a_shared_build_does_not_count_against_the_tests_timeout(tmp_path, tmp_path_factory, monkeypatch, alarm,
                                                                  worker):
    """The shipped corpus's build took 187 s in a loaded run, inside the 300 s of the test that asked first: the
    alarm is stopped while it builds and set again, after, to what it had left."""
    monkeypatch.delenv("KB_TEST_BUILD_CACHE", raising=False)
    if worker:
        monkeypatch.setenv("PYTEST_XDIST_WORKER", worker)
        folders = WorkerFolders(tmp_path, worker)
    else:
        monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
        folders = tmp_path_factory
    during: list[float] = []
    before = _left()
    built_once(folders, "store", lambda folder: during.append(_left()))  # type: ignore[arg-type]
    after = _left()
    assert during == [0.0]
    assert 0 < after <= before


def test_waiting_on_another_workers_build_does_not_count_against_the_tests_timeout(tmp_path, monkeypatch, alarm):
    """A worker waiting on another's build spent its own test's timeout: the alarm is stopped while it waits."""
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    monkeypatch.delenv("KB_TEST_BUILD_CACHE", raising=False)
    started, seen = threading.Event(), []

    def build(folder: Path) -> None:  # another worker's (a thread here: the alarm is the main thread's test's)
        started.set()
        deadline = time.monotonic() + 30
        while _left() != 0 and time.monotonic() < deadline:  # until the waiting worker's alarm stops, at most 30 s
            time.sleep(0.01)
        seen.append(_left())
        (folder / "kb.db").write_text("built")

    other = threading.Thread(target=built_once, args=(WorkerFolders(tmp_path, "gw0"), "store", build))
    other.start()
    assert started.wait(timeout=30)
    before = _left()
    assert built_once(WorkerFolders(tmp_path, "gw1"), "store", build) == tmp_path / "store"  # type: ignore[arg-type]
    other.join(timeout=30)
    assert seen == [0.0] and 0 < _left() <= before
