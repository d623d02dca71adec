import math
import re

import numpy as np
import pytest

from kb.errors import InvalidInput
from search.evaluate import (
    evaluate_run,
    key_resolver,
    load_qrels,
    load_queries,
    mrr,
    ndcg,
    recall,
    run_mode,
    write_trec_run,
)


def test_metrics_on_hand_made_rankings():
    judged = {"a": 2, "b": 1, "c": 1}
    assert ndcg(["a", "b", "c"], judged, 10) == pytest.approx(1.0)
    dcg = (2 ** 1 - 1) / math.log2(2) + (2 ** 2 - 1) / math.log2(4)
    idcg = 3 / math.log2(2) + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg(["b", "x", "a"], judged, 10) == pytest.approx(dcg / idcg)
    assert recall(["x", "a", "b"], judged, 2) == pytest.approx(1 / 3)
    assert recall(["x", "a", "b"], judged, 100) == pytest.approx(2 / 3)
    assert mrr(["x", "y", "b"], judged, 10) == pytest.approx(1 / 3)
    assert mrr(["x"], judged, 10) == 0.0


def test_evaluate_run_scores_every_judged_query():
    run = {"q1": [("a", 3.0)], "q2": []}
    out = evaluate_run(run, {"q1": {"a": 1}, "q2": {"b": 1}})
    assert out["q1"]["recall@10"] == 1.0 and out["q2"]["ndcg@10"] == 0.0


def test_loading_beir_files(tmp_path):
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"_id": "q1", "text": "供应商延期", "metadata": {"set": "zh"}}\n\n'
                       '{"_id": 2, "text": "late vendor"}\n', encoding="utf-8")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("query-id\tcorpus-id\tscore\nq1\tdoc-a\t2\nq1\tdoc-b\t1\n2\tdoc-a\t1\n")
    loaded = load_queries(queries)
    assert [(q.id, q.group) for q in loaded] == [("q1", "zh"), ("2", None)]
    assert load_qrels(qrels) == {"q1": {"doc-a": 2, "doc-b": 1}, "2": {"doc-a": 1}}


@pytest.mark.parametrize("content, message", [
    ("{broken\n", re.escape("q.jsonl:1: not a BEIR query line: not valid JSON (Expecting property name enclosed in "
                            'double quotes, column 2) (a line is {"_id": "q1", "text": "…"})')),
    ('{"text": "no id"}\n', "q.jsonl:1: not a BEIR query line: no '_id' field"),  # it said "(KeyError: '_id')"
    ('["q1", "x"]\n', "q.jsonl:1: not a BEIR query line: not a JSON object"),
    ("\n \n", "q.jsonl holds no queries: the file is empty"),  # "none of the 0 queries has judgements in qrels.tsv"
    ('{"_id": "q1", "text": "ok"}\n{"_id": "q2", "text": null}\n', "q.jsonl:2: 'text' must be a non-empty string"),
    ('{"_id": "q1", "text": "  "}\n', "q.jsonl:1: 'text' must be a non-empty string"),
    ('{"_id": "q1", "text": "risk", "metadata": {"lang": ["en"]}}\n', "q.jsonl:1: metadata 'set' or 'lang'"),
    (b"\xb9\xa9\xd3\xa6\n", "not UTF-8 text"),
])
def test_bad_query_files_name_the_line(tmp_path, content, message):
    path = tmp_path / "q.jsonl"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InvalidInput, match=message):
        load_queries(path)


@pytest.mark.parametrize("content, message", [
    (b"query-id\tcorpus-id\tscore\nq1\tdoc\tnot-a-number\n", "qrels.tsv:2: the score must be an integer"),
    (b"q1\tdoc\t1.0\n", "qrels.tsv:1: the score must be an integer"),  # not taken for a header
    (b"q1\tpayroll\n", "qrels.tsv:1: expected query-id, corpus-id and score"),
    (b"q1\t\xb9\xa9\xd3\xa6\t1\n", "not UTF-8 text"),
    (b"", "qrels.tsv holds no judgements: the file is empty, or a header alone"),
    (b"query-id\tcorpus-id\tscore\n", "qrels.tsv holds no judgements"),
])
def test_bad_qrels_name_the_line(tmp_path, content, message):
    path = tmp_path / "qrels.tsv"
    path.write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        load_qrels(path)


def test_long_qrels_fields_are_read(tmp_path):
    path = tmp_path / "qrels.tsv"
    path.write_text(f"q1\t{'d' * 200_000}\t1\n")  # the csv module stopped at 131,072 characters
    assert load_qrels(path) == {"q1": {"d" * 200_000: 1}}


def test_register_rows_match_beir_corpus_ids():
    resolve = key_resolver(["corpus.jsonl#d1", "corpus.jsonl#d2"], {"q": {"d1": 1}})
    assert resolve("corpus.jsonl#d1") == "d1"
    same = key_resolver(["k1"], {"q": {"k1": 1}})
    assert same("k1") == "k1"


def test_run_mode_ranks_documents_by_best_chunk_and_writes_trec(indexed, tmp_path):
    _, _, searcher = indexed
    from search.evaluate import Query

    qrels = {"q1": {"mes/pm": 2}, "q2": {"erp/retro": 1}}
    queries = [Query("q1", "test environment not ready", "en"), Query("q2", "延期", "zh"), Query("q3", "unjudged")]
    result = run_mode(searcher, queries, qrels, "hybrid")
    assert set(result.run) == {"q1", "q2"}
    assert result.run["q1"][0][0] == "mes/pm"
    assert len({doc for doc, _ in result.run["q1"]}) == len(result.run["q1"])
    assert result.metrics["mrr@10"] == 1.0 and set(result.groups) == {"en", "zh"}
    path = tmp_path / "run.trec"
    write_trec_run(path, [result])
    first = path.read_text().splitlines()[0].split()
    assert first[:4] == ["q1", "Q0", "mes/pm", "1"] and first[5] == "lessons-kb-hybrid"


def test_a_query_keeps_the_document_it_came_from(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"_id": "q1", "text": "late vendor", "self": "doc-7"}\n{"_id": "q2", "text": "x", "self": null}\n'
                    '{"_id": "q3", "text": "y", "self": 12}\n{"_id": "q4", "text": "z"}\n', encoding="utf-8")
    assert [q.origin for q in load_queries(path)] == ["doc-7", None, "12", None]
    path.write_text('{"_id": "q1", "text": "late vendor", "self": ["a"]}\n', encoding="utf-8")
    with pytest.raises(InvalidInput, match="q.jsonl:1: 'self' must be a document id or null"):
        load_queries(path)


def test_run_mode_gives_no_credit_for_the_document_a_query_came_from(indexed):
    _, _, searcher = indexed
    from search.evaluate import Query

    qrels = {"q1": {"mes/pm": 2, "erp/retro": 1}}
    plain = run_mode(searcher, [Query("q1", "test environment not ready")], qrels, "hybrid")
    assert plain.run["q1"][0][0] == "mes/pm"
    own = run_mode(searcher, [Query("q1", "test environment not ready", origin="mes/pm")], qrels, "hybrid")
    assert own.run["q1"] == plain.run["q1"][1:]  # the rest of the ranking, in the same order
    assert own.metrics["ndcg@10"] < plain.metrics["ndcg@10"] and own.metrics["mrr@10"] < 1.0


def test_without_self_and_missing_judged():
    from search.evaluate import missing_judged, without_self

    hits = [("a", 3.0), ("b", 2.0), ("a", 1.0)]
    assert list(without_self(hits, "a")) == [("b", 2.0)]
    assert list(without_self(hits, None)) == hits
    assert missing_judged(["a", "b"], {"q1": {"a": 1, "c": 1, "d": 0}, "q2": {"e": 2}}) == ["c", "e"]


def test_document_ranker_ranks_as_best_hit_of_the_chunks_without_self():
    """The ranker's one pass gives documents_by_best_hit(without_self(...)) over the chunks it can name."""
    import random

    from search.evaluate import DocumentRanker, documents_by_best_hit, without_self
    from search.hybrid import Fused
    from search.ranked import FusedRanking

    class Store:
        def rows(self, sql):
            return [{"key": f"corpus.jsonl#d{i}"} for i in range(8)]

        @property
        def conn(self):
            return self

        def execute(self, sql):
            return iter([(chunk, f"corpus.jsonl#d{chunk % 8}") for chunk in range(40)])

    class Searcher:
        def rank(self, text, mode, filters, depth):
            return self.fused

    rng = random.Random(7)
    ranker, searcher = DocumentRanker(Store(), {"q": {"d1": 1}}), Searcher()
    for n in range(300):
        ids = rng.sample(range(50), rng.randrange(0, 50))  # 40 and above: chunks the store does not name
        searcher.fused = [Fused(i, s, ()) for i, s in zip(ids, sorted((rng.random() for _ in ids), reverse=True))]
        if n % 3 == 1:  # as a rank fusion returns it: arrays, the items made only if read
            searcher.fused = FusedRanking(np.array(ids, dtype=np.int64), np.array([f.score for f in searcher.fused]),
                                          np.zeros(len(ids), dtype=np.int64))
        elif n % 3 == 2:  # as a fusion by score returns it: its items made, its arrays if read
            searcher.fused = FusedRanking.of(searcher.fused)
        origin, depth = rng.choice([None, "d0", "d3", "d9"]), rng.choice([1, 3, 100])
        named = ((f"d{f.id % 8}", f.score) for f in searcher.fused if f.id < 40)
        assert ranker.rank(searcher, "x", "hybrid", depth, origin=origin) == \
            documents_by_best_hit(without_self(named, origin), depth)
