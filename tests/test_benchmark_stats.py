"""The one percentile every benchmark reports."""

from benchmarks.stats import percentile


def test_nearest_rank_percentile():
    values = [float(v) for v in range(100, 0, -1)]  # 1..100, unsorted
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 100) == 100
    assert percentile(values, 0) == 1
    assert all(percentile(values, p) == p for p in range(1, 101))  # no float rounding up


def test_small_and_empty_samples():
    assert percentile([7.0], 95) == 7.0
    assert percentile([1.0, 2.0, 3.0], 50) == 2.0
    assert percentile([], 50) == 0.0
