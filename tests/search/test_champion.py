"""The document both own legs rank first, kept first (search/champion.py): on hand-made arrays, and the PM's case on
the shipped corpus with a lesson just published, searched as the Chinese and the English page search."""

from __future__ import annotations

import numpy as np
import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex
from search.champion import agreed_first
from search.preference import reading_language
from search.query import SearchQuery
from search.ranked import FusedRanking, Ranked
from tests.conftest import TEST_SECRET_KEY
from tests.search.conftest import copy_built

DOCUMENT = {1: 10, 2: 10, 3: 20, 4: 30, 5: 40, 6: 30}  # chunk -> document


def documents_of(ids: np.ndarray) -> np.ndarray:
    return np.array([DOCUMENT.get(int(i), -1) for i in ids], dtype=np.int64)


def fused(*ids: int) -> FusedRanking:
    scores = np.linspace(1.0, 0.1, len(ids))
    return FusedRanking(np.array(ids, dtype=np.int64), scores, np.ones(len(ids), dtype=np.int64), ["keyword"])


def leg(*ids: int) -> Ranked:
    return Ranked(np.array(ids, dtype=np.int64), np.linspace(9.0, 1.0, len(ids)))


def test_the_document_both_own_legs_rank_first_comes_first_and_the_others_keep_their_order():
    ranking = fused(3, 5, 4, 6, 2, 1)
    kept = agreed_first(ranking, {"keyword": leg(6, 3), "semantic": leg(4, 5), "translated": leg(5)}, documents_of)
    assert kept.ids.tolist() == [4, 3, 5, 6, 2, 1]  # document 30's best chunk (4) first; its chunk 6 stays put
    assert kept.scores[0] > kept.scores[1] == ranking.scores[0]  # scored just above the item it passed
    assert kept.items()[0].legs == ("keyword",)


@pytest.mark.parametrize("legs", [
    {"keyword": leg(6), "semantic": leg(5)},  # the own legs disagree
    {"keyword": leg(5), "translated": leg(5)},  # one own leg did not run (keyword mode, or no vectors)
    {"keyword": leg(5), "semantic": Ranked.empty()},  # one found nothing
    {"keyword": leg(3), "semantic": leg(3)},  # already first
    {"keyword": leg(99), "semantic": leg(99)},  # a chunk no document holds
    {"keyword": leg(1), "semantic": leg(2)},  # agreed, but the fusion does not hold the document (a filter)
])
def test_nothing_moves_unless_both_own_legs_agree_on_a_document_the_fusion_holds_lower(legs):
    ranking = fused(3, 5, 4, 6)
    assert agreed_first(ranking, legs, documents_of) is ranking


def test_a_fusion_by_score_s_made_items_are_moved_too():
    ranking = FusedRanking.of(fused(3, 5, 4).items())
    kept = agreed_first(ranking, {"keyword": leg(5), "semantic": leg(5)}, documents_of)
    assert [item.id for item in kept] == [5, 3, 4]


JUST_PUBLISHED = """---
id: overseas-warehouse/retro-zh
title: 海外仓扩建项目复盘
date: 2026-11-20
project: 海外仓扩建
type: retrospective
---

# 海外仓扩建项目复盘

## 经验教训

- 首批货柜遇到海关查验，滞港一周；下次提前联系货代预留备用仓位。
"""
QUERY = "海关查验 备用仓位"  # the exact words of the lesson (u-pm findings #9)


@pytest.fixture(scope="module")
def published(tmp_path_factory, shipped_corpus):
    """The shipped corpus with one short Chinese lesson just published (the real model, the real store)."""
    base = tmp_path_factory.mktemp("champion")
    settings = Settings(db=copy_built(shipped_corpus, base / "store"), secret_key=TEST_SECRET_KEY)
    (base / "new").mkdir()
    (base / "new" / "retro.md").write_text(JUST_PUBLISHED, encoding="utf-8")
    store = Store(settings.db)
    assert ingest(store, [base / "new"]).failed == 0
    index = SearchIndex(store, settings)
    index.sync()
    yield store, Searcher(index)
    store.close()


# The setup may index the whole shipped corpus for the run (shared with test_shipped_eval.py): see
# test_earlier_batched.py for the timeout.
@pytest.mark.timeout(900)
@pytest.mark.parametrize("page", ["zh", "en"])
def test_a_just_published_lesson_s_exact_words_find_its_document_first_on_either_page(published, page):
    """Without the rule it came 3rd on both pages, behind an English MES retrospective and a Customer Portal sprint
    retrospective that only the translated and feedback legs found."""
    _store, searcher = published
    results = searcher.search(SearchQuery(QUERY, prefer_lang=reading_language(page, QUERY)))
    assert results.groups[0].document_key == "overseas-warehouse/retro-zh"
    assert results.groups[0].relevant

