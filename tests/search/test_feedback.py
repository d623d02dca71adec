"""Each chunk's terms for feedback, kept per index version (search/feedback.py)."""

from kb.store import Filters
from search import feedback
from search.bm25 import _TOKENS
from search.segment import distinct_terms


def ready(searcher):
    """Search until the BM25 postings are all in memory (search/bm25.py reads them at the fourth search)."""
    for _ in range(3):
        searcher.rank("vendor delivered the interface late", "hybrid", Filters(include_hidden=False))
    assert searcher.index.scorer.ready


def chunk_texts(store):
    return [r["text"] for r in store.rows("SELECT text FROM chunks")]


def test_every_chunks_terms_and_their_statistics_once_the_postings_are_in_memory(indexed):
    store, index, searcher = indexed
    texts = chunk_texts(store)
    before = searcher.feedback_terms(texts[:10])
    assert index.term_sets._table is None  # not before the postings are in memory: a one-off search reads little
    ready(searcher)
    term_sets = index.feedback_term_sets()
    assert set(term_sets._table.numbers) == set(texts)
    assert all({term_sets._table.terms[i] for i in term_sets._table.numbers[text]} == distinct_terms(text)
               for text in texts)
    terms = set().union(*map(distinct_terms, texts))
    cached = index.vocabulary._state[1]
    assert terms <= set(cached) and terms <= set(_TOKENS)  # frequencies and tokens of every term, at once
    assert searcher.feedback_terms(texts[:10]) == before


def test_a_new_version_is_taken_again_and_a_large_collection_is_not(indexed, small_corpus, make_index, monkeypatch):
    store, index, searcher = indexed
    ready(searcher)
    index.feedback_term_sets()
    (small_corpus / "new.md").write_text("# Late vendor\n\n## Lessons learned\n- The courier lost the spares.\n",
                                         encoding="utf-8")
    _, index = make_index(small_corpus)  # a sync: a new index version
    monkeypatch.setattr(feedback, "WARM_CHUNKS", len(chunk_texts(store)))
    assert set(index.feedback_term_sets()._table.numbers) == set(chunk_texts(store))
    assert any("courier" in text for text in index.term_sets._table.numbers)
    (small_corpus / "more.md").write_text("# More\n\n## Lessons learned\n- Book the hall early.\n", encoding="utf-8")
    _, index = make_index(small_corpus)
    assert index.feedback_term_sets()._table is None  # more chunks than WARM_CHUNKS: terms as results come
    text = chunk_texts(store)[0]
    assert index.feedback_term_sets().of(text) == distinct_terms(text)


def distinctive_in_python(texts, vocabulary, total, ceiling, limit):
    """Searcher.feedback_terms's loop over the terms (the reference for the arrays)."""
    import heapq
    import math
    from collections import Counter

    counts = Counter()
    for text in texts:
        counts.update(distinct_terms(text))
    scored = [(count * math.log(total / found), term) for (term, count), found
              in zip(counts.items(), vocabulary.dfs(counts)) if 0 < found <= ceiling]
    return [term for _, term in heapq.nlargest(limit, scored)]


def test_the_arrays_pick_the_loops_terms_in_its_order(indexed):
    import random

    store, index, searcher = indexed
    ready(searcher)
    term_sets, vocabulary = index.feedback_term_sets(), index.refresh_vocabulary()
    texts, total = chunk_texts(store), max(index.vocabulary.size, 1)
    rng = random.Random(8)
    for _ in range(200):
        chosen = [rng.choice(texts) for _ in range(rng.randrange(1, 12))]  # repeats count twice, as in the loop
        ceiling, limit = rng.choice([total / 2, 2, 1.5, 3000]), rng.choice([1, 5, 20, 500])
        assert term_sets.most_distinctive(chosen, total, ceiling, limit) == \
            distinctive_in_python(chosen, vocabulary, total, ceiling, limit), (chosen, ceiling, limit)
    assert term_sets.most_distinctive(["a text of no chunk"], total, total / 2, 20) is None  # the loop answers
    assert term_sets.most_distinctive(texts[:2], total + 1, total / 2, 20) is None  # another collection size
    assert searcher.feedback_terms(texts[:5]) == distinctive_in_python(texts[:5], vocabulary, total,
                                                                        min(total / 2, 2000), 20)


def test_the_feedback_leg_reads_its_results_texts_from_the_kept_table_as_the_store_holds_them(indexed):
    store, index, searcher = indexed
    rows = store.conn.execute("SELECT id, text FROM chunks ORDER BY id DESC").fetchall()
    ids = [i for i, _ in rows][:7]
    assert index.feedback_term_sets().texts(ids) is None  # nothing kept before the postings are in memory
    ready(searcher)
    assert index.feedback_term_sets().texts(ids) == [text for _, text in rows][:7]  # in the order asked
    assert index.feedback_term_sets().texts([*ids, 10**9]) is None  # a chunk it does not know: the store answers
    assert sorted(searcher._feedback_texts(ids)) == sorted(searcher._texts(ids))
    assert searcher._feedback_texts([*ids, 10**9]) == searcher._texts([*ids, 10**9])
