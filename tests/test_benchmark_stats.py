"""The one percentile every benchmark reports."""

from benchmarks.stats import paired_difference, percentile


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


def test_paired_difference_interval_and_wins():
    ours = {f"q{i}": 1.0 for i in range(50)} | {"q50": 0.0}
    other = {f"q{i}": 0.5 for i in range(51)} | {"only-other": 1.0}
    d = paired_difference(ours, other)
    assert d["queries"] == 51 and d["wins"] == 50 and d["losses"] == 1
    assert abs(d["mean"] - (50 * 0.5 - 0.5) / 51) < 1e-12
    assert d["low"] < d["mean"] < d["high"] and d["low"] > 0.3 and d["high"] <= 0.5
    same = paired_difference(other, other)
    assert same["mean"] == same["low"] == same["high"] == 0.0 and same["wins"] == same["losses"] == 0


def test_paired_difference_straddles_zero_for_a_coin_toss():
    ours = {f"q{i}": float(i % 2) for i in range(40)}
    other = {f"q{i}": float((i + 1) % 2) for i in range(40)}
    d = paired_difference(ours, other)
    assert d["mean"] == 0.0 and d["low"] < 0 < d["high"] and d["wins"] == d["losses"] == 20
    assert paired_difference({}, {})["queries"] == 0
