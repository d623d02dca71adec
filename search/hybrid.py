"""Weighted reciprocal-rank fusion: a small pure function over ranked lists."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import NamedTuple


class Fused(NamedTuple):
    """One item of a fused ranking: its score and which legs ranked it. (A named tuple: a search makes about a
    thousand, and a frozen dataclass took most of the fusion's time to build them.)"""

    id: Hashable
    score: float
    legs: tuple[str, ...]


def reciprocal_rank_fusion(rankings: Mapping[str, Sequence[Hashable]], weights: Mapping[str, float] | None = None,
                           k: int = 60) -> list[Fused]:
    """Fuse ranked lists: score(d) = sum over legs of weight / (k + rank), rank starting at 1.

    Args:
        rankings: leg name -> ids, best first (duplicates after the first occurrence are ignored).
        weights: leg name -> weight (default 1.0 each; 0 switches a leg off).
        k: the fusion constant; larger values flatten the advantage of top ranks.

    Returns:
        Items by descending score; ties keep the order of first appearance.
    """
    weights = weights or {}
    scores: dict[Hashable, float] = {}
    legs: dict[Hashable, tuple[str, ...]] = {}
    for leg, ids in rankings.items():
        weight = weights.get(leg, 1.0)
        if weight <= 0:
            continue
        ranked = dict.fromkeys(ids)  # first occurrences, in order
        for rank, item in enumerate(ranked, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
            legs[item] = legs.get(item, ()) + (leg,)
    order = sorted(scores, key=scores.__getitem__, reverse=True)
    return [Fused(i, scores[i], legs[i]) for i in order]
