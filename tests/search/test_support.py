"""A document's second-best chunk as evidence (search/support.py), and where the searcher applies it."""

import pytest

from kb.store import Filters
from search import Searcher
from search.hybrid import Fused
from search.support import with_document_support

DOCUMENT = {"a1": "A", "a2": "A", "b1": "B", "c1": "C", "c2": "C", "c3": "C"}


def documents_of(ids):
    return [DOCUMENT.get(i) for i in ids]


def ranking(*pairs):
    return [Fused(i, s, ("semantic",)) for i, s in pairs]


def test_a_document_matching_in_two_places_outranks_one_lucky_chunk():
    fused = ranking(("b1", 0.030), ("a1", 0.028), ("a2", 0.010), ("c1", 0.005))
    raised = with_document_support(fused, documents_of, 0.5)
    assert [f.id for f in raised] == ["a1", "b1", "a2", "c1"]
    assert raised[0].score == pytest.approx(0.028 + 0.5 * 0.010)
    assert raised[1].score == 0.030  # one chunk: nothing added
    assert raised[0].legs == ("semantic",)


def test_only_the_second_best_chunk_counts_and_a_documents_own_order_stays():
    fused = ranking(("c1", 0.04), ("c2", 0.02), ("c3", 0.019), ("b1", 0.05))
    fused.sort(key=lambda f: -f.score)
    raised = with_document_support(fused, documents_of, 1.0)
    c = [f for f in raised if f.id.startswith("c")]
    assert [f.id for f in c] == ["c1", "c2", "c3"]
    assert [f.score for f in c] == pytest.approx([0.06, 0.04, 0.039])  # + c2's score, not c2's and c3's


def test_no_weight_no_document_or_one_item_changes_nothing():
    fused = ranking(("b1", 0.03), ("a1", 0.02), ("a2", 0.019))
    assert with_document_support(fused, documents_of, 0.0) == fused
    assert with_document_support(fused[:1], documents_of, 0.5) == fused[:1]
    unknown = ranking(("x1", 0.03), ("x2", 0.02))
    assert with_document_support(unknown, documents_of, 0.5) == unknown


def test_the_searcher_lends_support_across_languages_only(make_index, small_corpus, monkeypatch):
    from search import searcher as searcher_module

    calls = []
    real = searcher_module.with_document_support
    monkeypatch.setattr(searcher_module, "with_document_support",
                        lambda fused, documents, weight: calls.append(weight) or real(fused, documents, weight))
    _, index = make_index(small_corpus)
    query, everything = "vendor delivered the interface late", Filters(include_hidden=False)
    for mode in ("keyword", "semantic"):
        Searcher(index).rank(query, mode, everything)
    assert calls == []
    supported = Searcher(index).rank(query, "hybrid", everything)
    assert calls == [0.5]
    _, plain_index = make_index(None, document_support=0.0)
    plain = {f.id: f.score for f in Searcher(plain_index).rank(query, "hybrid", everything)}
    assert set(plain) == {f.id for f in supported}
    documents = index.chunk_facts().document_ids([f.id for f in supported])
    scores: dict[int, list[float]] = {}
    for f, document in zip(supported, documents):
        scores.setdefault(document, []).append(plain[f.id])
    for f, document in zip(supported, documents):
        second = sorted(scores[document], reverse=True)[1:2]
        assert f.score == pytest.approx(plain[f.id] + 0.5 * (second[0] if second else 0.0))
