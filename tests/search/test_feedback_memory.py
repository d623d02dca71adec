"""The term sets that feedback keeps for the texts it saw last stay within a memory budget (each server worker keeps
its own), whatever the texts: long Chinese chunks have thousands of distinct bigrams each."""

import random
import tracemalloc

from search.feedback import RECENT_BYTES, RecentTerms, TermSets
from search.segment import distinct_terms


def chinese(seed: int, length: int = 2_000) -> str:
    """Chinese-looking text whose character bigrams are nearly all distinct (~200 KB of terms)."""
    rng = random.Random(seed)
    return "".join(chr(0x4E00 + rng.randrange(3_000)) for _ in range(length))


def test_the_recent_texts_terms_stay_within_their_budget_least_recently_used_dropped_first():
    budget = 1_000_000
    texts = [chinese(i) for i in range(30)]  # ~6 MB of terms in all
    cache = RecentTerms(budget)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for i, text in enumerate(texts):
            assert cache(text) == distinct_terms(text)
            if i >= 1:
                cache(texts[1])  # used again after each: the last to go
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert cache.size <= budget and kept <= budget, (cache.size, kept)
    assert 2 <= len(cache) < len(texts)
    assert texts[1] in cache._kept and texts[0] not in cache._kept and texts[-1] in cache._kept
    assert cache(texts[0]) == distinct_terms(texts[0])  # dropped: taken again, the same


def test_a_text_larger_than_the_budget_is_answered_but_not_kept():
    cache = RecentTerms(10_000)
    text = chinese(7)
    assert cache(text) == distinct_terms(text) and len(cache) == 0 and cache.size == 0


def test_term_sets_answer_from_the_bounded_cache():
    from search import feedback

    assert feedback._recent.max_bytes == RECENT_BYTES <= 32 * 1024 * 1024
    text = "The vendor delivered the interface five weeks late; 供应商接口交付延期五周。"
    assert TermSets().of(text) == distinct_terms(text) and text in feedback._recent._kept
