"""benchmarks/baselines.py: the plain baselines (BM25, dense, RRF), how runs are scored and timed, and a query's
``self`` left out of every system's ranking."""

import json
from pathlib import Path

import numpy as np
import pytest

from benchmarks.baseline_systems import BM25, Dense, Tokenizer, rrf, top
from benchmarks.beir_set import documents, open_set, prepare, store_dir
from benchmarks.measured import Measured, System, baseline, run_systems
from kb.errors import InvalidInput
from kb.settings import Settings
from search.evaluate import Query

ROOT = Path(__file__).resolve().parent.parent
DOCS = {
    "vendor.md": ("doc-a", "Vendor delivered the interface late",
                  "The payroll vendors kept delaying the interface delivery by weeks."),
    "zh-1.md": ("doc-b", "供应商交付延期", "外包供应商的接口交付延期五周，压缩了集成测试时间。"),
    "zh-2.md": ("doc-c", "供应商一直延期交货", "硬件供应商一直延期交货，上线推迟。"),
    "env.md": ("doc-d", "Test environment not ready", "The test environment was not ready until go-live week."),
}


def write_corpus(folder):
    """DOCS as a BEIR set's corpus folder: Markdown files with their ids in front matter."""
    (folder / "corpus").mkdir(parents=True)
    for name, (doc_id, title, text) in DOCS.items():
        (folder / "corpus" / name).write_text(f"---\nid: {doc_id}\ntitle: {title}\n---\n# {title}\n\n## Notes\n\n"
                                              f"{text}\n", encoding="utf-8")


@pytest.fixture
def beir_folder(tmp_path):
    """A BEIR-style set: Markdown documents with front matter ids, queries (one with a 'self'), qrels."""
    folder = tmp_path / "tiny-set"
    write_corpus(folder)
    (folder / "queries.jsonl").write_text(
        '{"_id": "q1", "text": "vendor delays the interface", "self": null}\n'
        '{"_id": "q2", "text": "供应商延期交货", "self": "doc-c"}\n'
        '{"_id": "q3", "text": "not judged"}\n', encoding="utf-8")
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tdoc-a\t1\nq2\tdoc-b\t1\n", encoding="utf-8")
    return folder


def test_tokenizer_stems_english_and_segments_chinese():
    tokenize = Tokenizer()
    assert tokenize("The vendors were DELAYING deliveries, a U.S. issue") == \
        ["vendor", "were", "delay", "deliveri", "issu"]  # stopwords and one-letter words ("U.S.") left out
    assert tokenize("供应商一直延期交货") == ["供应商", "一直", "延期", "交货"]  # jieba's words, all kept
    assert Tokenizer(characters=True)("延期交货") == ["延期", "交货", "延", "期", "交", "货"]
    assert tokenize("ＥＲＰ系统") == tokenize("ERP系统") == ["erp", "系统"]  # full-width letters as typed in Chinese


def test_top_keeps_positive_scores_best_first_and_ties_in_id_order():
    ids = ["a", "b", "c", "d"]
    assert top(ids, np.array([0.5, 0.0, 0.9, 0.5]), 3) == [("c", 0.9), ("a", 0.5), ("d", 0.5)]
    assert top(ids, np.array([0.5, 0.0, 0.9, 0.5]), 10) == [("c", 0.9), ("a", 0.5), ("d", 0.5)]
    assert top(ids, np.array([0.0, 0.0, 0.0, 0.0]), 2) == []


def test_rrf_adds_reciprocal_ranks():
    fused = rrf({"bm25": [("a", 9.0), ("b", 5.0)], "dense": [("b", 0.8), ("c", 0.7)]}, depth=10, k=60)
    assert [doc for doc, _ in fused] == ["b", "a", "c"]
    assert fused[0][1] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[1][1] == pytest.approx(1 / 61) and fused[2][1] == pytest.approx(1 / 62)
    assert len(rrf({"bm25": [("a", 1.0), ("b", 1.0)], "dense": [("c", 1.0)]}, depth=2)) == 2


def test_bm25_ranks_whole_documents_in_both_languages():
    ids = [d[0] for d in DOCS.values()]
    bm25 = BM25(ids, [f"{title}\n{text}" for _, title, text in DOCS.values()])
    assert bm25.rank("vendor delays", 10)[0][0] == "doc-a"  # "delaying" and "delays" share a stem
    assert {doc for doc, _ in bm25.rank("供应商延期", 10)} == {"doc-b", "doc-c"}
    assert bm25.rank("nothing matches this", 10) == []


class _Embedder:
    """Vectors by hand: the query 'x' points along the first axis."""

    def encode(self, texts, batch_size=64):
        return np.array([[1.0, 0.0] if t == "x" else [0.0, 1.0] for t in texts], dtype=np.float32)


def test_dense_is_exact_inner_product():
    vectors = np.array([[0.6, 0.8], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    dense = Dense(["a", "b", "c"], vectors, _Embedder())
    assert dense.rank("x", 10) == [("b", 1.0), ("a", pytest.approx(0.6))]


def test_systems_take_turns_drop_self_and_are_scored_as_kb_eval_scores(beir_folder):
    beir = open_set(beir_folder)
    assert [q.id for q in beir.queries] == ["q1", "q2"]  # the unjudged query is left out
    calls = []

    def ranking(text, depth):
        calls.append(text)
        return [("doc-c", 3.0), ("doc-b", 2.0), ("doc-a", 1.0)][:depth]

    timed_only = System("page", lambda query: calls.append("page") or [], scored=False)
    fixed, page = run_systems([baseline("fixed", ranking, depth=2), timed_only], beir)
    assert fixed.result.run == {"q1": [("doc-c", 3.0), ("doc-b", 2.0)], "q2": [("doc-b", 2.0), ("doc-a", 1.0)]}
    assert fixed.result.per_query["q2"]["mrr@10"] == 1.0  # doc-c, the query's own document, is not a hit
    assert fixed.result.per_query["q1"]["recall@10"] == 0.0 and fixed.result.metrics["mrr@10"] == 0.5
    assert len(fixed.seconds) == len(page.seconds) == 2 and page.result.metrics == {}
    # a warm-up each, then turns: q1 fixed first, q2 the page first
    assert calls == [beir.queries[0].text, "page", beir.queries[0].text, "page", "page", beir.queries[1].text]


def test_a_set_elsewhere_or_incomplete_is_refused(tmp_path, beir_folder):
    with pytest.raises(InvalidInput, match="needs queries.jsonl"):
        open_set(tmp_path)
    (beir_folder / "qrels.tsv").write_text("q9\tdoc-a\t1\n")
    with pytest.raises(InvalidInput, match="none of the queries has judgements"):
        open_set(beir_folder)


def test_a_beir_corpus_jsonl_is_ingested_with_its_ids(tmp_path):
    from tests.search.conftest import fake_embedder

    folder = tmp_path / "jsonl-set"
    folder.mkdir()
    (folder / "corpus.jsonl").write_text('{"_id": "d1", "title": "Late vendor", "text": "The vendor was late."}\n'
                                         '{"_id": "d2", "title": "Scope", "text": "Scope crept."}\n', encoding="utf-8")
    (folder / "queries.jsonl").write_text('{"_id": "q1", "text": "vendor"}\n', encoding="utf-8")
    (folder / "qrels").mkdir()
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\n", encoding="utf-8")
    beir = open_set(folder)
    embedder = fake_embedder()
    prepared = prepare(beir, Settings(db=tmp_path / "kb.db", model="fake"), embedder_factory=lambda name: embedder)
    try:
        whole = {d.id: d.text for d in documents(prepared.store, beir.qrels)}
    finally:
        prepared.store.close()
    assert beir.corpus == folder / "corpus.jsonl" and set(whole) == {"d1", "d2"}
    assert "Late vendor" in whole["d1"] and "The vendor was late." in whole["d1"]


def test_the_shipped_sets_use_the_shipped_corpus_and_share_a_store(tmp_path):
    test, dev = open_set(ROOT / "corpus" / "eval"), open_set(ROOT / "corpus" / "eval-dev")
    assert dev.corpus == ROOT / "corpus" and dev.name == "eval-dev"
    assert store_dir(tmp_path, test) == store_dir(tmp_path, dev)


def test_a_whole_run_on_a_tiny_set(beir_folder, tmp_path, capsys):
    from benchmarks.baselines import print_tables, run_set
    from tests.search.conftest import fake_embedder

    beir = open_set(beir_folder)
    # The fake embedder knows no languages: no cross-language legs (and no dictionary to load for them).
    settings = Settings(db=store_dir(tmp_path / "work", beir) / "kb.db", model="fake", semantic_min_score=0.0,
                        cross_feedback_weight=0.0, translated_weight=0.0)
    embedder = fake_embedder()
    prepared = prepare(beir, settings, embedder_factory=lambda name: embedder)
    try:
        whole = {d.id: d.text for d in documents(prepared.store, beir.qrels)}
        assert sorted(whole) == ["doc-a", "doc-b", "doc-c", "doc-d"]  # front-matter ids, as the qrels name them
        title, text = DOCS["vendor.md"][1:]
        assert whole["doc-a"].count(title) == 1 and text in whole["doc-a"]
        report = run_set(beir, prepared, ablations=False, log=lambda message: None, page_latency=True)
    finally:
        prepared.store.close()
    systems = report["systems"]
    assert list(systems) == ["keyword", "semantic", "hybrid", "bm25", "dense", "rrf"]
    assert systems["bm25"]["per_query"] == {"q1": 1.0, "q2": 1.0}
    assert all(s["latency"]["p50_ms"] > 0 for s in systems.values())
    assert systems["hybrid"]["latency"]["cpu_p50_ms"] > 0 and "cpu_p50_ms" in systems["rrf"]["latency"]
    assert report["model"] == "fake" and report["settings_changed"]["cross_feedback_weight"] == 0.0
    assert systems["hybrid"]["page_latency"]["p50_ms"] > 0
    json.dumps(report)
    print_tables(report)
    out = capsys.readouterr().out
    assert "| bm25 | 1.000 | 1.000 | 1.000 | 1.000 |" in out


def _measured(name, ndcg):
    from search.evaluate import ModeResult

    return Measured(name, ModeResult(name, {}, per_query={q: {"ndcg@10": v} for q, v in ndcg.items()}))


def test_the_hybrid_against_its_legs_query_by_query():
    from benchmarks.baseline_ablations import _hybrid_per_query

    per_query = {m.name: m.result.per_query for m in (
        _measured("keyword", {"q1": 1.0, "q2": 0.0, "q3": 0.5}), _measured("semantic", {"q1": 0.0, "q2": 1.0, "q3": 0.5}),
        _measured("hybrid", {"q1": 0.5, "q2": 1.0, "q3": 0.75}), _measured("bm25", {"q1": 0.5, "q2": 0.5, "q3": 0.5}))}
    compared = _hybrid_per_query(per_query)
    assert compared["keyword"] == {"wins": 2, "ties": 0, "losses": 1, "mean_gap": 0.25, "other_ndcg@10": 0.5}
    assert compared["best leg (oracle)"] == {"wins": 1, "ties": 1, "losses": 1, "mean_gap": round(-0.25 / 3, 4),
                                             "other_ndcg@10": round(2.5 / 3, 4)}
    assert compared["bm25"]["wins"] == 2 and compared["bm25"]["ties"] == 1


def test_breakdowns_by_query_length_and_language(beir_folder):
    from benchmarks.baseline_ablations import _breakdown, _length_bucket
    from kb.text import detect_language

    beir = open_set(beir_folder)
    system = _measured("bm25", {"q1": 1.0, "q2": 0.5})
    by_language = _breakdown([system], beir, lambda text: detect_language(text).value)
    assert by_language == {"queries": {"en": 1, "zh": 1}, "ndcg@10": {"bm25": {"en": 1.0, "zh": 0.5}}}
    beir.queries = [Query(str(n), "x" * n) for n in range(1, 7)]
    assert [_length_bucket(beir)("x" * n) for n in range(1, 7)] == [
        "short (<3 chars)", "short (<3 chars)", "medium (3-4)", "medium (3-4)", "long (>=5)", "long (>=5)"]
