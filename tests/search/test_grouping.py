"""search/grouping.py: a fused ranking's chunks folded and grouped as columns, candidates made only when read."""

from __future__ import annotations

import numpy as np

from search import grouping
from search.grouping import Chunks, fold, grouped
from search.hybrid import Fused
from search.ranked import FusedRanking

# Chunks 10..15 of documents 1, 2, 1, 3, 2, 4; chunks 10, 11 and 14 are one lesson text (hash 7), 13 another (hash 9).
IDS = [10, 11, 12, 13, 14, 15]
DOCUMENTS = [1, 2, 1, 3, 2, 4]
HASHES = [7, 7, 0, 9, 7, 0]


def _chunks(fused=None) -> Chunks:
    fused = fused if fused is not None else [Fused(i, 1.0 - n / 10, ("keyword",)) for n, i in enumerate(IDS)]
    return Chunks(fused, list(range(6)), list(IDS), list(DOCUMENTS), ["lesson"] * 6, [100 + n for n in range(6)],
                  list(HASHES))


def test_a_lesson_repeated_in_another_document_is_folded_into_the_first_and_named_there():
    chunks = _chunks()
    kept = fold(chunks, list(range(6)), near={5: 3})  # chunk 15 (document 4) nearly the same vector as chunk 13
    assert kept == [0, 2, 3]  # chunk 11 (document 2) and 14 (document 2) fold into chunk 10; 15 into 13
    assert chunks.duplicates == {0: [2, 2], 3: [4]}
    assert [[c.chunk_id for c in group] for group in grouped(chunks, kept)] == [[10, 12], [13]]
    assert grouped(chunks, kept)[0][0].duplicates == [2, 2]


def test_a_document_repeating_its_own_lesson_keeps_both():
    chunks = _chunks()
    chunks.documents[1] = 1  # chunk 11 now of document 1, as chunk 10
    assert fold(chunks, list(range(6)), near={}) == [0, 1, 2, 3, 5]


def test_a_group_makes_its_candidates_only_when_read(monkeypatch):
    """The floor and the counts read ids alone; a candidate is made for the groups a page shows."""
    made: list[int] = []
    real = grouping.Chunks.candidate
    monkeypatch.setattr(grouping.Chunks, "candidate", lambda self, row: made.append(row) or real(self, row))
    ranking = FusedRanking(np.array(IDS, dtype=np.int64), np.linspace(1, 0.5, 6), np.array([1, 3, 2, 1, 1, 2]),
                           ("keyword", "semantic"))
    chunks = _chunks(ranking)
    groups = grouped(chunks, fold(chunks, list(range(6)), near={}))
    assert [(g.document_id, g.chunk_ids, g.lesson_ids) for g in groups] == [(1, [10, 12], [100, 102]), (3, [13], [103]),
                                                                          (4, [15], [105])]
    assert made == [] and not ranking.made
    second = groups[1][0]
    assert made == [3] and not ranking.made  # one item of the ranking made, alone
    assert second.fused == Fused(13, ranking.scores[3], ("keyword",)) and second.document_id == 3
    assert groups[0][1].fused == ranking.items()[2] and groups[0][1].fused.legs == ("semantic",)
