"""Reciprocal-rank fusion of integer ids (chunk ids) with numpy: ``search.hybrid.reciprocal_rank_fusion``'s answer,
the same items, scores (to the last bit) and order, at about 60 % of its cost for a search's five legs of a
thousand chunks each in a collection of a few thousand (its Python loop took 2-4 ms a fusion, twice a bilingual
search); for fewer items, or ids spread over a much larger collection, the Python loop answers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np

from search.hybrid import Fused, reciprocal_rank_fusion
from search.support import document_support, with_document_support

# Arrays indexed by id pay off for a thousand items or more among ids not far above their number (a search of the
# shipped corpus fuses up to five legs of up to 1,000 of its 1,881 chunks; at 1,000 items the two ways cost about
# the same); for five legs of 200 among 112,000 chunk ids, clearing and scanning arrays of that size took 4.3 ms
# where the Python loop takes 1.4 ms.
MIN_ITEMS = 1000
SPARSE = 4  # largest id over items fused, above which the Python loop is used
Support = tuple[Callable[[Sequence[Hashable]], np.ndarray], float]  # search/support.py: documents of ids, weight


def id_rank_fusion(rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float] | None = None,
                   k: int = 60, limit: int | None = None, support: Support | None = None) -> list[Fused]:
    """Fuse ranked lists of integer ids: score(d) = sum over legs of weight / (k + rank), rank starting at 1.

    Args, Returns: as ``search.hybrid.reciprocal_rank_fusion`` (items by descending score, ties in the order of
    first appearance; a leg's repeated ids count at their first place only).

    Args:
        support: (ids -> their documents, weight): the fused ranking then goes through
            ``search.support.with_document_support`` (here on the arrays, so its items are built once).
    """
    weights = weights or {}
    legs_used = [(leg, weight, ids) for leg, ids in rankings.items()
                 if (weight := weights.get(leg, 1.0)) > 0 and len(ids)]
    items = sum(len(ids) for _, _, ids in legs_used)
    if not items:
        return []
    if items < MIN_ITEMS or min(min(ids) for _, _, ids in legs_used) < 0 \
            or max(max(ids) for _, _, ids in legs_used) >= SPARSE * items:
        fused = reciprocal_rank_fusion(rankings, weights, k=k, limit=limit)  # few, not chunk ids, or few of many
        return with_document_support(fused, support[0], support[1]) if support is not None else fused
    used: list[tuple[str, float, np.ndarray]] = []
    for leg, weight, ids in legs_used:
        array = np.fromiter(ids, dtype=np.int64, count=len(ids))
        if _repeats(array):  # first occurrences, in order
            ids = list(dict.fromkeys(ids))
            array = np.fromiter(ids, dtype=np.int64, count=len(ids))
        used.append((leg, weight, array))
    size = max(int(array.max()) for _, _, array in used) + 1
    # Arrays indexed by id (chunk ids are dense): each id's score, the legs that ranked it (bits), and where it
    # first appeared in the legs taken in order (the earlier legs written last, so theirs stands).
    scores = np.zeros(size, dtype=np.float64)
    masks = np.zeros(size, dtype=np.int64)
    first_seen = np.zeros(size, dtype=np.int64)
    offsets = np.cumsum([0] + [len(array) for _, _, array in used])
    for bit, (_, weight, array) in enumerate(used):
        scores[array] += weight / np.arange(k + 1, k + 1 + len(array), dtype=np.float64)
        masks[array] |= 1 << bit
    for bit in range(len(used) - 1, -1, -1):
        array = used[bit][2]
        first_seen[array] = np.arange(offsets[bit], offsets[bit] + len(array))
    items = np.flatnonzero(masks)
    if limit is not None and len(items) > limit:  # sort only the items scoring at least the limit-th best
        negated = -scores[items]
        items = items[negated <= np.partition(negated, limit - 1)[limit - 1]]  # ties at the cut kept
    order = items[np.lexsort((first_seen[items], -scores[items]))]
    if limit is not None:
        order = order[:limit]
    values = scores[order]
    if support is not None and support[1] > 0 and len(order) >= 2:
        raised = document_support(values, support[0](order), support[1])
        if raised is not None:
            values, resorted = raised
            order, values = order[resorted], values[resorted]
    names = [leg for leg, _, _ in used]
    found = masks[order]
    legs = {m: tuple(leg for bit, leg in enumerate(names) if m >> bit & 1)
            for m in np.flatnonzero(np.bincount(found)).tolist()}  # the masks found (np.unique: ten times slower)
    make = functools.partial(tuple.__new__, Fused)  # a named tuple's own constructor is a Python function
    return list(map(make, zip(order.tolist(), values.tolist(), map(legs.__getitem__, found.tolist()))))


def _repeats(ids: np.ndarray) -> bool:
    """Whether an id occurs twice (sorting a copy: np.unique's hash table costs ten times as much here)."""
    ordered = np.sort(ids)
    return bool((ordered[1:] == ordered[:-1]).any())
