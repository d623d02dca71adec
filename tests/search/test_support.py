"""A document's second-best chunk as evidence (search/support.py), and where the searcher applies it."""

import functools

import pytest

from kb.store import Filters
from search import Searcher
from search.hybrid import Fused
from search.support import with_document_support

DOCUMENT = {"a1": 1, "a2": 1, "b1": 2, "c1": 3, "c2": 3, "c3": 3}


def documents_of(ids):
    return [DOCUMENT.get(i, -1) for i in ids]


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


def supported_in_python(fused, documents_of, weight):
    """The support as first written, a loop over the ranking (the reference for the arrays)."""
    documents = documents_of([f.id for f in fused])
    seen, second = {}, {}
    for item, document in zip(fused, documents):
        if document < 0:
            continue
        seen[document] = seen.get(document, 0) + 1
        if seen[document] == 2:
            second[document] = item.score
    raised = [f._replace(score=f.score + weight * second[d]) if d in second else f for f, d in zip(fused, documents)]
    return sorted(raised, key=lambda f: -f.score)


def map_over(owner, ids):
    return [owner[i] for i in ids]


def test_the_arrays_give_the_loops_ranking_to_the_last_bit():
    import random

    rng = random.Random(5)
    for _ in range(400):
        size = rng.randrange(0, 60)
        ids = rng.sample(range(1000), size)
        scores = sorted((rng.choice([0.5, 0.25, 0.125, rng.random()]) for _ in ids), reverse=True)  # ties
        fused = [Fused(i, s, ("semantic",) if i % 2 else ("keyword", "feedback")) for i, s in zip(ids, scores)]
        owner = {i: rng.randrange(-1, 1 + size // 3) for i in ids}  # -1: unknown chunk
        weight = rng.choice([0.0, 0.5, 1.0, 0.3])
        documents = functools.partial(map_over, owner)
        expected = supported_in_python(fused, documents, weight) if weight > 0 else fused
        found = with_document_support(fused, documents, weight)
        assert [(f.id, f.score.hex(), f.legs) for f in found] == [(f.id, f.score.hex(), f.legs) for f in expected]


def test_the_searcher_lends_support_across_languages_only(make_index, small_corpus):
    _, index = make_index(small_corpus)
    _, plain_index = make_index(None, document_support=0.0)
    query, everything = "vendor delivered the interface late", Filters(include_hidden=False)
    for mode in ("keyword", "semantic"):
        assert Searcher(index).rank(query, mode, everything) == Searcher(plain_index).rank(query, mode, everything)
    supported = Searcher(index).rank(query, "hybrid", everything)
    plain = {f.id: f.score for f in Searcher(plain_index).rank(query, "hybrid", everything)}
    assert supported != Searcher(plain_index).rank(query, "hybrid", everything)
    assert set(plain) == {f.id for f in supported}
    documents = index.chunk_facts().document_ids([f.id for f in supported])
    scores: dict[int, list[float]] = {}
    for f, document in zip(supported, documents):
        scores.setdefault(document, []).append(plain[f.id])
    for f, document in zip(supported, documents):
        second = sorted(scores[document], reverse=True)[1:2]
        assert f.score == pytest.approx(plain[f.id] + 0.5 * (second[0] if second else 0.0))
