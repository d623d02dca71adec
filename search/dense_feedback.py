"""Pseudo-relevance feedback in the vector space (Rocchio, 1971, on the embeddings): the query's vector moved toward
the mean vector of its first fused results, and the semantic leg's own chunks re-ordered by it.

Across languages the semantic leg over-retrieves short chunks (a slide bullet or a table cell is mostly its title
and heading, so one loose match decides) and chunks in the query's own language near the subject but not about the
incident. The first fused results are where the keyword, semantic and translated legs agree: their mean vector says
what the query is about in the collection's own terms, in both languages. Moving the query halfway toward it re-orders
the semantic leg by that; nothing is searched again (the leg's chunks are the ones FAISS already returned, their
stored vectors read back), so a query pays a few hundred dot products (BENCHMARKS.md, "Feedback in the vector space").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from search.blas import row_products
from search.ranked import Ranked

SHARE = 1.0  # the feedback vectors' mean counts as much as the query (both made unit length first)


def moved_query(query: np.ndarray, feedback: np.ndarray, share: float = SHARE) -> np.ndarray:
    """The query's vector moved toward the mean of some results' vectors: unit(query) + share * unit(mean of the
    results' unit vectors). Each result counts alike, however long its vector.

    Args:
        query: the query's vector (one row or flat).
        feedback: one row per result.
        share: how much the results' mean counts against the query; 0 returns the query as it is.
    """
    query = np.asarray(query, dtype=np.float64).reshape(-1)
    if share <= 0 or not len(feedback):
        return query
    rows = np.asarray(feedback, dtype=np.float64)
    mean = (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)).mean(axis=0)
    return _unit(query) + share * _unit(mean)


def reordered(ids: Sequence[int], vectors: np.ndarray, query: np.ndarray) -> list[tuple[int, float]]:
    """Some chunks ranked by their inner product with a (moved) query vector, best first, ties in their order.

    Args:
        ids: the chunks, as a leg ranked them.
        vectors: their vectors, one row each, aligned with ``ids``.
        query: the vector to rank them by.
    """
    if not len(ids):
        return []
    return by_score(ids, row_products(vectors, query))  # search/blas.py: one thread


def by_score(ids: Sequence[int] | np.ndarray, scores: np.ndarray) -> list[tuple[int, float]]:
    """Chunks ranked by their scores (aligned with ``ids``), best first, ties in their order."""
    return ranked_by_score(ids, scores).pairs()


def ranked_by_score(ids: Sequence[int] | np.ndarray, scores: np.ndarray) -> Ranked:
    """``by_score`` as arrays (the scores as float64)."""
    if not len(ids):
        return Ranked.empty()
    order = np.argsort(-scores, kind="stable")
    return Ranked(np.asarray(ids, dtype=np.int64)[order], np.asarray(scores, dtype=np.float64)[order])


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


__all__ = ["SHARE", "by_score", "moved_query", "ranked_by_score", "reordered"]
