"""Fusion of integer ids (chunk ids) with numpy, from the legs' arrays to the fused ranking's arrays
(``search.ranked.FusedRanking``, whose items are made only when read): ``fuse_ids`` answers as
``search.hybrid.reciprocal_rank_fusion`` and ``standardised_ids`` as ``search.hybrid.standardised_fusion`` (the same
items, scores to the last bit, and order; those list functions stay the reference the tests compare with). Small pure
functions: hand them arrays."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from search.hybrid import Fused
from search.ranked import FusedRanking, Ranked
from search.support import document_support

# Ids not far above their number (a search of the shipped corpus fuses up to five legs of up to 1,000 of its 1,881
# chunks) are indexed directly; above this many ids per item fused (five legs of 200 among 112,000 chunk ids:
# clearing and scanning arrays of that size took 4.3 ms), they are numbered first (np.unique).
SPARSE = 4
Support = tuple[Callable[[np.ndarray], np.ndarray], float]  # search/support.py: documents of ids, weight


def fuse_ids(rankings: Mapping[str, np.ndarray | Sequence[int]], weights: Mapping[str, float] | None = None,
             k: int = 60, limit: int | None = None, support: Support | None = None) -> FusedRanking:
    """Fuse ranked lists of integer ids: score(d) = sum over legs of weight / (k + rank), rank starting at 1.

    Args:
        rankings: leg name -> ids, best first (an id repeated in a leg counts at its first place only).
        weights: leg name -> weight (default 1.0 each; 0 switches a leg off).
        k: the fusion constant.
        limit: the first ``limit`` items only (the same as cutting the whole ranking, without sorting it).
        support: (ids -> their documents, weight): each item's score raised by ``weight`` times its document's
            second-best item's (``search.support.document_support``), re-sorted, ties in their order.

    Returns:
        Items by descending score; ties in the order of first appearance (the legs taken in order).
    """
    weights = weights or {}
    used = [(leg, weight, _first_occurrences(np.asarray(ids, dtype=np.int64))) for leg, ids in rankings.items()
            if (weight := weights.get(leg, 1.0)) > 0 and len(ids)]
    if not used:
        return FusedRanking(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.int64))
    arrays = [array for _, _, array in used]
    slots, ids_of, first_seen = _numbered(arrays)
    scores = np.zeros(len(first_seen), dtype=np.float64)
    masks = np.zeros(len(first_seen), dtype=np.int64)
    for bit, ((_, weight, _), slot) in enumerate(zip(used, slots)):
        scores[slot] += weight / np.arange(k + 1, k + 1 + len(slot), dtype=np.float64)
        masks[slot] |= 1 << bit
    items = np.flatnonzero(masks) if ids_of is None else np.arange(len(masks))
    if limit is not None and len(items) > limit:  # sort only the items scoring at least the limit-th best
        negated = -scores[items]
        items = items[negated <= np.partition(negated, limit - 1)[limit - 1]]  # ties at the cut kept
    order = items[np.lexsort((first_seen[items], -scores[items]))][:limit]
    ids = order if ids_of is None else ids_of[order]
    values, found = scores[order], masks[order]
    if support is not None and support[1] > 0 and len(ids) >= 2:
        raised = document_support(values, support[0](ids), support[1])
        if raised is not None:
            values, resorted = raised
            ids, values, found = ids[resorted], values[resorted], found[resorted]
    return FusedRanking(ids, values, found, [leg for leg, _, _ in used])


def id_rank_fusion(rankings: Mapping[str, Sequence[int] | np.ndarray], weights: Mapping[str, float] | None = None,
                   k: int = 60, limit: int | None = None, support: Support | None = None) -> list[Fused]:
    """``fuse_ids`` as a list of items (as ``search.hybrid.reciprocal_rank_fusion`` returns them)."""
    return fuse_ids(rankings, weights, k=k, limit=limit, support=support).items()


def standardised_ids(scored: Mapping[str, Ranked], weights: Mapping[str, float] | None = None, *, sample: int = 100,
                     window: int = 200, spreads: Mapping[str, float] | None = None) -> FusedRanking:
    """``search.hybrid.standardised_fusion`` on legs of integer ids as arrays: the same items, scores (to the last
    bit: the means and deviations summed in order, as ``sum`` does) and order (ties in order of first appearance)."""
    weights, spreads = weights or {}, spreads or {}
    used = []
    for leg, ranked in scored.items():
        weight = weights.get(leg, 1.0)
        if weight <= 0 or not len(ranked):
            continue
        ids, scores = _first_scores(ranked.ids, ranked.scores)
        z = _z_array(scores, sample, spreads.get(leg))
        used.append((leg, weight, ids, z, float(z[min(window, len(z)) - 1])))
    if not used:
        return FusedRanking(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64), np.zeros(0, dtype=np.int64))
    joined = np.concatenate([ids for _, _, ids, _, _ in used])
    unique, first, inverse = np.unique(joined, return_index=True, return_inverse=True)
    appearance = np.argsort(first, kind="stable")  # the items in order of first appearance, legs taken in order
    place = np.empty(len(unique), dtype=np.int64)
    place[appearance] = np.arange(len(unique))
    slots = np.split(place[inverse], np.cumsum([len(ids) for _, _, ids, _, _ in used])[:-1])
    total = np.zeros(len(unique), dtype=np.float64)
    masks = np.zeros(len(unique), dtype=np.int64)
    for bit, ((_, weight, _, z, floor), slot) in enumerate(zip(used, slots)):
        values = np.full(len(unique), floor)
        values[slot] = z
        total += weight * np.maximum(values, floor)  # an item the leg did not rank counts as its floor
        masks[slot] |= 1 << bit
    order = np.argsort(-total, kind="stable")
    return FusedRanking(unique[appearance][order], total[order], masks[order], [leg for leg, *_ in used])


def _first_scores(ids: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A leg's ids and scores less their repeats after the first."""
    kept = _first_occurrences(ids)
    if kept is ids:
        return ids, scores
    _, first = np.unique(ids, return_index=True)
    at = np.sort(first)
    return ids[at], scores[at]


def _z_array(scores: np.ndarray, sample: int, deviation: float | None) -> np.ndarray:
    """``search.hybrid._z_scores`` of a leg's scores (first occurrences): sums taken in order (np.cumsum), as
    Python's ``sum`` takes them, so the same bits."""
    head = scores[:sample]
    mean = float(np.cumsum(head)[-1]) / len(head)
    if deviation is None:
        deviation = (float(np.cumsum((head - mean) ** 2)[-1]) / len(head)) ** 0.5
    if deviation <= 1e-12:
        return np.zeros(len(scores), dtype=np.float64)
    return (scores - mean) / deviation


def _numbered(arrays: list[np.ndarray]) -> tuple[list[np.ndarray], np.ndarray | None, np.ndarray]:
    """Each leg's items as slots of the fused arrays, the id of each slot (None: a slot is its id), and where each
    slot's id first appears in the legs taken in order."""
    counts = [len(array) for array in arrays]
    total = sum(counts)
    low, high = min(int(a.min()) for a in arrays), max(int(a.max()) for a in arrays)
    if low >= 0 and high < SPARSE * total:  # dense ids: slots are the ids (the earlier legs written last)
        first_seen = np.zeros(high + 1, dtype=np.int64)
        offsets = np.cumsum([0, *counts])
        for n in range(len(arrays) - 1, -1, -1):
            first_seen[arrays[n]] = np.arange(offsets[n], offsets[n + 1])
        return arrays, None, first_seen
    joined = np.concatenate(arrays)
    ids, first_seen, inverse = np.unique(joined, return_index=True, return_inverse=True)
    return np.split(inverse, np.cumsum(counts)[:-1]), ids, first_seen


def _first_occurrences(ids: np.ndarray) -> np.ndarray:
    """The ids less their repeats after the first, in order (sorting a copy to check: np.unique costs more)."""
    ordered = np.sort(ids)
    if not (ordered[1:] == ordered[:-1]).any():
        return ids
    _, first = np.unique(ids, return_index=True)
    return ids[np.sort(first)]


__all__ = ["SPARSE", "Support", "fuse_ids", "id_rank_fusion", "standardised_ids"]
