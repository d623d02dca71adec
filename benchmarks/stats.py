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
