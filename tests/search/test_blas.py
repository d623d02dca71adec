"""A query's small products on one BLAS thread (search/blas.py): no second thread to hand half a product to and
leave spinning, and a product's last bits the same on any machine."""

from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from search.blas import one_blas_thread
from search.dense_feedback import reordered


def _blas_threads() -> list[int]:
    """The thread counts of numpy's own BLAS, the one its products run on. Not every BLAS in the process: FAISS and
    SciPy bring their own, which numpy's products never call, and one loaded after search/blas.py's controller was
    made (a test module importing SciPy later in the same worker) is not limited by it; a check of all of them
    failed by the order tests ran in."""
    threads = [lib["num_threads"] for lib in threadpool_info()
               if lib["user_api"] == "blas" and "numpy" in Path(lib["filepath"]).parent.name]
    if not threads:
        pytest.skip("numpy's BLAS is not one of its own wheel's libraries here")
    return threads


def test_blas_runs_on_one_thread_in_the_block_and_as_before_after_it():
    with threadpool_limits(limits=2, user_api="blas"):
        before = _blas_threads()
        if set(before) == {1}:
            pytest.skip("BLAS has a single thread on this machine")
        with one_blas_thread():
            assert _blas_threads() and set(_blas_threads()) == {1}
        assert _blas_threads() == before


def test_the_dense_feedback_scores_are_the_one_thread_products_whatever_threads_blas_has():
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((1003, 512)).astype(np.float32)  # a search's thousand re-scored chunks
    query = rng.standard_normal(512)
    with threadpool_limits(limits=1, user_api="blas"):
        alone = np.asarray(vectors, dtype=np.float64) @ query
    with threadpool_limits(limits=2, user_api="blas"):
        split = np.asarray(vectors, dtype=np.float64) @ query
        ranked = reordered(list(range(len(vectors))), vectors, query)
    if np.array_equal(alone, split):
        pytest.skip("this machine's BLAS gives a product the same last bits on one thread and on two")
    assert dict(ranked) == dict(enumerate(alone.tolist()))  # to the last bit


def test_near_duplicate_lessons_are_compared_on_one_blas_thread():
    """A search's 60 lesson vectors compared with each other (search/assembly.py, ``near_duplicates``): handed to
    OpenBLAS's threads the product took 0.5 ms against 0.11 ms on one, and left a thread spinning through the rest of
    the search (1.8 against 28.6 ms a query at 100k chunks on a busy machine)."""
    from types import SimpleNamespace

    from search.assembly import Assembler

    seen: list[list[int]] = []

    class Recorded(np.ndarray):
        def __matmul__(self, other):
            seen.append(_blas_threads())
            return np.asarray(self) @ np.asarray(other)

    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((60, 512)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix[7] = matrix[2]  # a lesson of another document with the same vector
    vectors = SimpleNamespace(vectors=lambda ids: matrix[ids].view(Recorded))
    assembler = Assembler(store=None, index=SimpleNamespace(vectors=lambda: vectors))  # type: ignore[arg-type]
    with threadpool_limits(limits=2, user_api="blas"):
        if set(_blas_threads()) == {1}:
            pytest.skip("BLAS has a single thread on this machine")
        near = assembler.near_duplicates(list(range(60)), list(range(60)))  # chunk i of document i
    assert seen == [[1] * len(seen[0])]
    assert near == {7: 2}
