"""Feedback in the vector space (search/dense_feedback.py): the query moved toward its first results' mean vector,
and the semantic leg re-ordered by it across languages only."""

import numpy as np
import pytest

from kb.store import Filters
from search import Searcher
from search.dense_feedback import moved_query, reordered
from search.relevance import Evidence


def test_the_query_moves_toward_the_mean_of_its_first_results():
    query = np.array([2.0, 0.0, 0.0])
    feedback = np.array([[0.0, 3.0, 0.0], [0.0, 0.0, 0.5]])  # each result counts alike, however long
    moved = moved_query(query, feedback, share=1.0)
    mean = np.array([0.0, 0.5, 0.5]) / np.linalg.norm([0.0, 0.5, 0.5])
    assert moved == pytest.approx(np.array([1.0, 0.0, 0.0]) + mean)
    assert moved_query(query, feedback, share=0.5) == pytest.approx(np.array([1.0, 0.0, 0.0]) + 0.5 * mean)
    assert moved_query(query, feedback, share=0.0) == pytest.approx(query)
    assert moved_query(query, np.zeros((0, 3))) == pytest.approx(query)


def test_chunks_near_the_first_results_overtake_those_near_the_query_alone():
    # b is nearer the query; a is nearly as near and close to the first results: the moved query puts a first.
    ids = [7, 8, 9]
    vectors = np.array([[0.9, 0.1, 0.0], [0.7, 0.0, 0.7], [0.0, 0.0, 1.0]])  # 7 = b, 8 = a, 9 = off the query
    query, feedback = np.array([1.0, 0.0, 0.0]), np.array([[0.0, 0.0, 1.0], [0.6, 0.0, 0.8]])
    assert [i for i, _ in reordered(ids, vectors, query)] == [7, 8, 9]
    ranked = reordered(ids, vectors, moved_query(query, feedback))
    assert [i for i, _ in ranked] == [8, 7, 9]
    assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
    assert reordered([], np.zeros((0, 3)), query) == []


def test_equal_scores_keep_the_legs_order():
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    assert [i for i, _ in reordered([5, 3, 4], vectors, np.array([0.0, 1.0]))] == [4, 5, 3]


def _legs(searcher, query, filters):
    """The final fusion's semantic leg, and the relevance evidence's, for a hybrid query."""
    import search.legs as legs_module

    seen = []
    fuse = legs_module.Legs.fuse

    def spy(self, weights, **kwargs):
        seen.append(list(self.found.get("semantic", [])))
        return fuse(self, weights, **kwargs)

    legs_module.Legs.fuse = spy
    try:
        evidence = Evidence()
        ranked = searcher.rank(query, "hybrid", filters, evidence=evidence)
    finally:
        legs_module.Legs.fuse = fuse
    return ranked, seen[-1], evidence.found["semantic"]


def test_across_languages_the_semantic_leg_is_reordered_and_the_evidence_is_not(make_index, small_corpus):
    _, on = make_index(small_corpus)
    _, off = make_index(None, dense_feedback_chunks=0)
    query, everything = "vendor interface late 供应商 接口 延期", Filters(include_hidden=False)
    ranked_on, fused_on, evidence_on = _legs(Searcher(on), query, everything)
    ranked_off, fused_off, evidence_off = _legs(Searcher(off), query, everything)
    assert evidence_on == evidence_off == fused_off  # the relevance floor sees the leg as FAISS returned it
    assert sorted(fused_on) == sorted(fused_off) and fused_on != fused_off  # the same chunks, another order
    assert ranked_on != ranked_off


def test_in_one_language_nothing_changes(make_index, tmp_path):
    folder = tmp_path / "english"
    folder.mkdir()
    for name, text in {"a.md": "# Vendor\n\n## Lessons\n- The vendor delivered the interface five weeks late.\n",
                       "b.md": "# Data\n\n## Lessons\n- Duplicate customer records were found in the rehearsal.\n",
                       "c.md": "# Tests\n\n## Lessons\n- The test environment was not ready before go-live.\n"}.items():
        (folder / name).write_text(text, encoding="utf-8")
    _, on = make_index(folder)
    _, off = make_index(None, dense_feedback_chunks=0)
    for query in ("vendor interface late", "test environment go-live"):
        assert Searcher(on).rank(query, "hybrid", Filters()) == Searcher(off).rank(query, "hybrid", Filters())


def test_a_first_chunk_without_a_vector_leaves_the_leg_as_it_was(make_index, small_corpus):
    # Another process may have saved documents' chunks (the keyword legs find them) and their vectors, and this
    # process not yet have read the new vector index: here a note in both languages, first in the keyword and
    # translated legs, and the register's rows have no vectors.
    (small_corpus / "pay").mkdir()
    (small_corpus / "pay" / "note.md").write_text(
        "# Payroll vendor 供应商\n\n## Lessons\n- The payroll vendor delivered the interface late: 供应商 接口 延期.\n",
        encoding="utf-8")
    store, index = make_index(small_corpus)
    unsaved = [r[0] for r in store.conn.execute(
        "SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id"
        " WHERE d.key LIKE '%note%' OR d.key LIKE '%register%'")]
    index.vectors().remove(unsaved)  # the process's own copy of the index, which both searchers below share
    _, off = make_index(None, dense_feedback_chunks=0)
    query, everything = "payroll vendor delivered the interface late", Filters(include_hidden=False)
    ranked = Searcher(index).rank(query, "hybrid", everything)
    assert ranked[0].id in unsaved and "semantic" not in ranked[0].legs
    assert ranked == Searcher(off).rank(query, "hybrid", everything)


def test_the_rows_scored_are_the_stored_vectors_less_their_language_offset_and_the_store_keeps_its_own(
        make_index, small_corpus):
    # as_scored takes each language's offset out of its rows in place: the rows must be a copy of the index's.
    from search.forward import LANGUAGES

    _, index = make_index(small_corpus)
    vectors = index.vectors()
    vectors.info.language_offset = [0.25] * vectors.info.dimension  # as a saved sidecar carries it
    ids = [int(i) for i in vectors.ids()[:12]]
    stored = vectors.vectors(ids).copy()
    codes = index.chunk_facts().language_codes(np.asarray(ids))
    assert set(codes.tolist()) >= {LANGUAGES.index("zh"), LANGUAGES.index("en")}
    first = index.as_scored(stored[0], "zh", ids)[1].copy()
    again = index.as_scored(stored[0], "zh", ids)[1]
    moved = {LANGUAGES.index("zh"): 0.125, LANGUAGES.index("en"): -0.125}
    expected = stored - np.array([moved.get(c, 0.0) for c in codes.tolist()], dtype=np.float32)[:, None]
    assert np.array_equal(first, expected) and np.array_equal(again, expected)
    assert np.array_equal(vectors.vectors(ids), stored)


def test_a_small_collections_kept_centred_rows_are_the_rows_each_search_made(make_index, small_corpus, monkeypatch):
    from search import centring
    from search.centring import CentredRows

    _, index = make_index(small_corpus)
    index.vectors().info.language_offset = [0.25] * index.vectors().info.dimension  # as a saved sidecar carries it
    ids = [int(i) for i in index.vectors().ids()][::-1] + [int(index.vectors().ids()[0])]
    query = index.vectors().vectors(ids[:1])[0]
    monkeypatch.setattr(centring, "MAX_CENTRED", 0)
    index.centred = CentredRows()
    made = index.as_scored(query, "en", ids)  # copied out of FAISS and centred, for this call
    assert index.centred.rows(index.vectors(), index.chunk_facts(), index._version(), index.centres.offsets,
                              ids) is None
    monkeypatch.undo()
    index.centred = CentredRows()
    kept = index.as_scored(query, "en", ids)  # gathered from the copy made once
    assert index.centred.rows(index.vectors(), index.chunk_facts(), index._version(), index.centres.offsets,
                              ids) is not None
    assert np.array_equal(made[0], kept[0]) and np.array_equal(made[1], kept[1])  # to the last bit
    assert not np.array_equal(kept[1], index.vectors().vectors(ids))  # centred: the offsets were taken out


def test_a_small_collections_products_are_those_of_the_rows_each_search_made(make_index, small_corpus, monkeypatch):
    from search import centring
    from search.centring import CentredRows
    from search.dense_feedback import by_score

    _, index = make_index(small_corpus)
    index.vectors().info.language_offset = [0.25] * index.vectors().info.dimension
    ids = [int(i) for i in index.vectors().ids()][::-1]
    vector = np.random.default_rng(3).standard_normal(index.vectors().info.dimension)
    monkeypatch.setattr(centring, "MAX_CENTRED", 0)
    index.centred = CentredRows()
    made = index.products(vector, "zh", ids)  # the rows copied out of FAISS and centred for this call
    monkeypatch.undo()
    index.centred = CentredRows()
    kept = index.products(vector, "zh", ids)  # one product over the kept rows
    assert kept == pytest.approx(made, rel=1e-12, abs=1e-12)
    assert [i for i, _ in by_score(ids, kept)] == [i for i, _ in by_score(ids, made)]
    rows = index.as_scored(vector, "zh", ids)[1]
    assert kept == pytest.approx(np.asarray(rows, dtype=np.float64) @ vector, rel=1e-12, abs=1e-12)
