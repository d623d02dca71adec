"""Weighted reciprocal-rank fusion: a small pure function over ranked lists."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Fused:
    """One item of a fused ranking: its score and which legs ranked it."""

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
    legs: dict[Hashable, list[str]] = {}
    for leg, ids in rankings.items():
        weight = weights.get(leg, 1.0)
        if weight <= 0:
            continue
        seen: set[Hashable] = set()
        for item in ids:
            if item in seen:
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + weight / (k + len(seen))
            legs.setdefault(item, []).append(leg)
    order = sorted(scores, key=lambda i: -scores[i])
    return [Fused(i, scores[i], tuple(legs[i])) for i in order]
