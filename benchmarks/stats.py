"""Figures every benchmark reports the same way."""

from __future__ import annotations

import math


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value with at least p % of the values at or below it.

    An empty sample gives 0.
    """
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = math.ceil(round(p * len(ordered) / 100, 9))  # rounded first: 7 / 100 * 100 is 7.000000000000001
    return ordered[max(0, min(len(ordered), rank) - 1)]


def paired_difference(ours: dict[str, float], other: dict[str, float], *, resamples: int = 2000,
                      seed: int = 0) -> dict[str, float]:
    """How far one system's per-query scores are from another's, and how sure that is: the mean difference over
    the queries both have, a 95 % paired bootstrap interval of it (queries resampled with replacement), and the
    queries each one wins.

    Args:
        ours: query id -> score (e.g. nDCG@10).
        other: query id -> score of the system compared.
        resamples: bootstrap resamples.
        seed: the resampling's seed (the same figures on every run).
    """
    import random

    queries = sorted(set(ours) & set(other))
    differences = [ours[q] - other[q] for q in queries]
    if not differences:
        return {"queries": 0, "mean": 0.0, "low": 0.0, "high": 0.0, "wins": 0, "losses": 0}
    rng = random.Random(seed)
    n = len(differences)
    means = sorted(sum(rng.choices(differences, k=n)) / n for _ in range(resamples))
    return {"queries": n, "mean": sum(differences) / n,
            "low": percentile(means, 2.5), "high": percentile(means, 97.5),
            "wins": sum(d > 0 for d in differences), "losses": sum(d < 0 for d in differences)}
