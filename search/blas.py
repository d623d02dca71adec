"""One query's products on one BLAS thread.

numpy's OpenBLAS splits a product of a few hundred thousand numbers (a search's thousand vectors re-scored) between
its threads, and after each such call its other thread waits for more work by spinning, for up to about 0.1 s
(OpenBLAS's thread timeout). On a busy 2-core machine the hand-off took a re-scoring from 0.15 ms on one thread to
about 4 ms, and the spinning thread burned a second core through whatever the process did next: in
``benchmarks/baselines.py`` about 4 ms of CPU a bilingual query on ``corpus/eval-dev`` (BENCHMARKS.md, "The
bilingual hybrid's cost, profiled again"). One thread also makes a product's last bits the same on any machine:
split between threads, a row's sum could take another kernel path depending on how many cores there are.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

_CONTROLLER: list[Any] = []  # threadpoolctl's controller, made once (finding the libraries takes milliseconds)
_LOCK = threading.Lock()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS on one thread inside the block (the whole process's BLAS: its thread count is global), as the default
    model's engine limits it around each of its encodes; without threadpoolctl, as it is."""
    controller = _controller()
    if controller is None:
        yield
        return
    with controller.limit(limits=1, user_api="blas"):
        yield


def row_products(rows: np.ndarray, vector: np.ndarray) -> np.ndarray:
    """Each row's inner product with a vector, in float64, on one BLAS thread."""
    rows = np.asarray(rows, dtype=np.float64)
    with one_blas_thread():
        return rows @ np.asarray(vector, dtype=np.float64).reshape(-1)


def _controller() -> Any:
    with _LOCK:
        if not _CONTROLLER:
            try:
                from threadpoolctl import ThreadpoolController

                _CONTROLLER.append(ThreadpoolController())
            except ImportError:
                _CONTROLLER.append(None)
        return _CONTROLLER[0]


__all__ = ["one_blas_thread", "row_products"]
