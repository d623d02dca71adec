"""benchmarks/short_chunks.py: a group of documents struck from the ranking, the oracle, and the semantic leg's
first ten, on a tiny set with the fake embedder."""

import pytest

from benchmarks.beir_set import open_set, prepare
from benchmarks.short_chunks import measure
from kb.settings import Settings
from search import Searcher
from search.evaluate import DocumentRanker, ndcg
from tests.test_baselines import beir_folder  # noqa: F401  (the tiny set: doc-b is q2's relevant document)


def test_striking_the_group_the_oracle_and_the_semantic_first_ten(beir_folder, tmp_path):  # noqa: F811
    from tests.search.conftest import fake_embedder

    beir = open_set(beir_folder)
    embedder = fake_embedder()
    settings = Settings(db=tmp_path / "kb.db", model="fake", semantic_min_score=0.0, cross_feedback_weight=0.0,
                        translated_weight=0.0)
    prepared = prepare(beir, settings, embedder_factory=lambda name: embedder)
    try:
        searcher = Searcher(prepared.index())
        report = measure(searcher, beir, ("-b", "-d"))  # the group: doc-b (judged for q2) and doc-d (never)
        ranker = DocumentRanker(prepared.store, beir.qrels)
        runs = {q.id: [d for d, _ in ranker.rank(searcher, q.text, "hybrid", 100, origin=q.origin)]
                for q in beir.queries}
    finally:
        prepared.store.close()
    assert report["queries"] == 2 and report["group_documents"] == 2 and report["other_documents"] == 2
    assert "doc-c" not in runs["q2"]  # q2's self
    judged = beir.qrels
    group = {"doc-b", "doc-d"}

    def mean(rank, qrels=judged):
        return round(sum(ndcg(rank(runs[q]), qrels[q], 10) for q in runs) / 2, 3)

    figures = report["hybrid_ndcg@10"]
    assert figures["as is"] == mean(lambda r: r)
    assert figures["group struck"] == mean(lambda r: [d for d in r if d not in group])
    assert figures["oracle"] == mean(lambda r: [d for d in r if d != "doc-d"])  # doc-b is judged relevant: kept
    assert figures["before the group"] == mean(lambda r: [d for d in r if d not in group],
                                               {q: {d: g for d, g in j.items() if d not in group}
                                                for q, j in judged.items()})
    assert figures["oracle"] > figures["group struck"]  # q2's only relevant document is in the group
    seen = report["semantic_first_ten_per_document_and_query"]
    # every document is in each query's semantic first ten here (4 documents); q2's self is not left out of the
    # leg: doc-b is relevant once (q2), doc-a once (q1); the rest not
    assert seen["group"] == {"relevant": pytest.approx(1 / 2 / 2, abs=1e-3), "not": pytest.approx(3 / 2 / 2, abs=1e-3)}
    assert seen["other"] == {"relevant": pytest.approx(1 / 2 / 2, abs=1e-3), "not": pytest.approx(3 / 2 / 2, abs=1e-3)}
    lengths = report["chunk_characters_after_title"]
    assert sum(v["count"] for v in lengths.values()) == 8
