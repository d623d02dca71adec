import numpy as np

from search.hybrid import Fused
from search.ranked import FusedRanking, Ranked


def test_a_fused_rankings_items_are_made_from_its_arrays_when_read() -> None:
    masks = np.array([0b11, 0b10, 0b01, 0b110], dtype=np.int64)
    fused = FusedRanking(np.array([4, 2, 9, 5]), np.array([0.5, 0.25, 0.25, 0.125]), masks,
                         ["semantic", "keyword", "translated"])
    assert fused._items is None and len(fused) == 4  # nothing made yet
    assert fused.items() == [Fused(4, 0.5, ("semantic", "keyword")), Fused(2, 0.25, ("keyword",)),
                             Fused(9, 0.25, ("semantic",)), Fused(5, 0.125, ("keyword", "translated"))]
    assert fused.items() is fused.items()  # once
    assert fused[1] == (2, 0.25, ("keyword",)) and fused[1:3] == fused.items()[1:3]
    assert [f.id for f in fused] == [4, 2, 9, 5]
    assert fused == fused.items() and fused != fused.items()[:3] and fused != "4295"
    again = FusedRanking.of(fused.items())
    assert again == fused and again.ids.tolist() == [4, 2, 9, 5] and again.scores.tolist() == [0.5, 0.25, 0.25, 0.125]


def test_an_empty_fused_ranking_and_a_legs_arrays() -> None:
    empty = FusedRanking(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0, dtype=np.int64))
    assert empty.items() == [] and empty == [] and not len(empty)
    ranked = Ranked.of([(3, 0.5), (1, 0.25)])
    assert ranked.ids.dtype == np.int64 and ranked.scores.dtype == np.float64
    assert ranked.pairs() == [(3, 0.5), (1, 0.25)] and ranked.head(1).pairs() == [(3, 0.5)] and len(ranked) == 2
    assert not len(Ranked.empty()) and Ranked.of([]).pairs() == []


def test_a_ranking_of_items_made_makes_its_arrays_only_if_read() -> None:
    items = [Fused(4, 0.5, ("keyword",)), Fused(2, 0.25, ("semantic",))]
    fused = FusedRanking.of(items)
    assert fused.made and fused._ids is None and len(fused) == 2  # a fusion by score's: nothing converted yet
    assert fused.ids.tolist() == [4, 2] and fused.scores.tolist() == [0.5, 0.25] and fused.items() == items
    assert not FusedRanking(np.array([4]), np.array([0.5]), np.array([1]), ["keyword"]).made
