"""Work the pages do not wait for (reading uploads, indexing a large file): one thread a kind of work in each
process, taking jobs one after another from a bounded queue. A thread a job let a burst of uploads start as many
threads, each parsing at once on the same cores; here the threads are as many as the kinds of work, and a job that
finds the queue full is refused (``queue.Full``) for the caller to say so.

A process forked with jobs queued (gunicorn forks its workers) starts its own queue empty: the jobs are the parent's,
and the parent runs them; the child running them too would read an upload or index a store twice."""

from __future__ import annotations

import logging
import os
import queue
import threading
import weakref
from collections.abc import Callable
from typing import Any

_log = logging.getLogger(__name__)


class Job:
    """A piece of work handed to a ``Worker``; ``join`` waits until it has run."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self._fn, self._args = fn, args
        self._done = threading.Event()

    def run(self) -> None:
        try:
            self._fn(*self._args)
        except Exception:  # noqa: BLE001 (a job's failure is its own, logged; the worker goes on with the next)
            _log.exception("background job %s failed", getattr(self._fn, "__name__", self._fn))
        except BaseException as exc:  # noqa: BLE001 (SystemExit and the like would end the thread, and the jobs behind it would wait forever)
            _log.error("background job %s stopped by %s", getattr(self._fn, "__name__", self._fn), type(exc).__name__)
        finally:
            self._done.set()

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the job has run (at most ``timeout`` seconds); whether it has."""
        return self._done.wait(timeout)

    def is_alive(self) -> bool:
        """Whether the job is still waiting or running."""
        return not self._done.is_set()


class Worker:
    """One daemon thread (named ``name``, started at the first job in each process) running jobs in the order given,
    with at most ``max_waiting`` jobs waiting behind the one it runs."""

    def __init__(self, name: str, max_waiting: int) -> None:
        self.name = name
        self._max_waiting = max_waiting
        self._queue: queue.Queue[Job] = queue.Queue(maxsize=max_waiting)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        _WORKERS.add(self)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Job:
        """Queue ``fn(*args)``.

        Raises:
            queue.Full: ``max_waiting`` jobs are waiting already.
        """
        job = Job(fn, args)
        self._queue.put_nowait(job)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():  # the first job in this process
                self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
                self._thread.start()
        return job

    def waiting(self) -> int:
        """Jobs queued and not yet started."""
        return self._queue.qsize()

    def _run(self) -> None:
        while True:
            self._queue.get().run()

    def _forget_parent(self) -> None:
        """In a forked child: no jobs, no thread, a lock nobody holds (the parent's may have been held mid-fork)."""
        self._queue = queue.Queue(maxsize=self._max_waiting)
        self._thread = None
        self._lock = threading.Lock()


_WORKERS: weakref.WeakSet[Worker] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    for worker in list(_WORKERS):
        worker._forget_parent()


os.register_at_fork(after_in_child=_after_fork_in_child)
