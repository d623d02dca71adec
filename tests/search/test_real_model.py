"""The real default model, end to end: no fakes (the model loads once per test session)."""

import json
import sys

import numpy as np
import pytest

from kb.cli import cli
from search.embedder import BUNDLED, DEFAULT_MODEL, get_embedder

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def use():
    return get_embedder(DEFAULT_MODEL)


def test_default_model_is_bundled_and_loads_offline(use, monkeypatch):
    assert DEFAULT_MODEL == "use-multilingual" and use.dimension == BUNDLED[DEFAULT_MODEL].dimension == 512
    assert get_embedder(DEFAULT_MODEL) is use  # loaded once per process


def test_vectors_are_normalised_and_cross_lingual(use):
    texts = ["供应商交付延期，影响了测试", "The vendor delivered late, which hurt testing",
             "年度预算审批流程", "The annual budget approval process"]
    v = use.encode(texts)
    assert v.shape == (4, 512) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    sims = v @ v.T
    assert sims[0, 1] > sims[0, 3] and sims[2, 3] > sims[2, 1]


def test_the_model_scores_dictionary_translations_by_meaning(use):
    from search.translate import get_translator

    pairs = [("license", ["驾照", "许可证", "牌照"]), ("found", ["创建", "失物认领"]), ("delay", ["延迟", "迟误"])]
    scores = use.word_similarity(pairs)
    assert scores[0].index(max(scores[0])) == 1  # a licence, not a driving licence
    assert max(scores[1]) < 0.6 < min(scores[2])  # "found" is not "to found" here; "delay" translates well
    terms = get_translator([]).terms("found the license", similarity=use.word_similarity, min_similarity=0.6)
    assert "许可证" in terms and "创建" not in terms and "失物认领" not in terms
    assert terms[0] == "找到"  # "found" is the past of "find" (search/past_forms.py), which the model keeps


def test_the_shipped_translation_scores_are_the_default_models(use):
    import random

    from search.translation_scores import builtin_scores

    table = builtin_scores(DEFAULT_MODEL)
    assert table is not None and table.model == DEFAULT_MODEL
    words = random.Random(7).sample(sorted(table.scores), 40)
    pairs = [(word, sorted(table.scores[word])[:5]) for word in words]
    expected = use.word_similarity(pairs)
    for (word, candidates), live in zip(pairs, expected):
        for candidate, score in zip(candidates, live):
            assert abs(table.scores[word][candidate] - score) < 0.001, (word, candidate)


def test_kept_words_are_not_embedded_again(use, monkeypatch):
    use.keep_words(["vendor-test-word", "供应商测试词"])
    monkeypatch.setattr(use, "encode", lambda *a, **k: pytest.fail("encoded again"))
    assert len(use.word_similarity([("vendor-test-word", ["供应商测试词"])])[0]) == 1


QUERY = "the vendors delayed the tests"  # whose translations the model scores: delayed/延期, tests/测试


def test_a_query_vector_does_not_depend_on_what_was_embedded_before(use):
    alone = use.encode([QUERY], batch_size=1)
    batched = use.encode([QUERY, "delayed", "延期", "tests", "测试"], batch_size=5)[0]  # as queries were embedded
    assert not np.array_equal(batched, alone[0])  # a batch moves the engine's last bits (why queries go alone)
    assert np.abs(batched - alone[0]).max() < 1e-6  # and no more than that
    use.keep_words(["delayed", "延期", "tests", "测试"])
    assert np.array_equal(use.encode_query(QUERY), alone)
    use.encode(["a longer text about testing environments", QUERY], batch_size=2)
    assert np.array_equal(use.encode_query(QUERY), alone)


@pytest.fixture
def real_index(tmp_path, small_corpus):
    """The small corpus indexed with the default model, and an embedder of its own (no word embedded yet: the
    chunks' translations, whose scoring embeds words, are left out)."""
    from ingest import ingest
    from kb.settings import Settings
    from kb.store import Store
    from search import SearchIndex
    from search.embedder import Embedder

    embedder = Embedder(DEFAULT_MODEL, get_embedder(DEFAULT_MODEL).model)
    settings = Settings(db=tmp_path / "kb.db", document_translation_weight=0.0)
    store = Store(settings.db)
    ingest(store, [small_corpus])
    index = SearchIndex(store, settings, embedder_factory=lambda name: embedder)
    index.sync()
    yield index
    store.close()


def test_a_querys_first_search_ranks_as_its_repeats(real_index):
    from kb.store import Filters
    from search import Searcher
    from search.relevance import Evidence

    searcher = Searcher(real_index)
    runs = []
    for _ in range(2):  # the first embeds the words that score the query's translations, the second has them
        evidence = Evidence()
        fused = searcher.rank(QUERY, "hybrid", Filters(include_hidden=False), depth=1000, evidence=evidence)
        runs.append(([tuple(f) for f in fused], evidence.cosines))
    assert runs[0][1] and "translated" in {leg for f in runs[0][0] for leg in f[2]}
    assert runs[0] == runs[1]  # to the last bit: the cosines, the fused scores and the order


def test_after_the_warm_up_a_search_embeds_no_dictionary_word(real_index, monkeypatch):
    from kb.store import Filters
    from search import Searcher
    from search.warm import keep_translation_words

    assert keep_translation_words(real_index) > 20  # the Chinese translations the corpus holds, and a few words
    model, calls = real_index.embedder().model, []
    real_index.embedder().forget_queries()  # the module's earlier searches asked QUERY already
    encode = model.encode
    monkeypatch.setattr(model, "encode", lambda texts, **kwargs: calls.append(list(texts)) or encode(texts, **kwargs))
    searcher = Searcher(real_index)
    # QUERY's "tests" is the glossary's "test" (a plural reaches its entry, which is not scored): nothing to embed
    for query, inflected in ((QUERY, []), ("servers crashed after upgrading", ["upgrading"]),
                             ("the vendor delivered late", ["delivered"])):
        assert searcher.translation_words(query)  # words the model scores
        searcher.rank(query, "hybrid", Filters(include_hidden=False))
        assert calls == [[query], *([inflected] if inflected else [])]  # the query alone; then its inflected words
        calls.clear()
        searcher.rank(query, "hybrid", Filters(include_hidden=False))
        assert calls == []  # asked again: the query's vector kept too
        calls.clear()
    assert keep_translation_words(real_index) == 0  # kept already


def test_unknown_model_is_a_clear_error(monkeypatch):
    from search.embedder import ModelError

    # said before torch and sentence-transformers are imported (4-7 s of CPU): as if neither could be
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(ModelError, match="does not exist; bundled models: use-multilingual, minilm"):
        get_embedder("/no/such/model/folder")


def test_ingest_search_similar_check_reindex_eval_through_the_cli(runner, tmp_path, small_corpus):
    db = tmp_path / "real.db"

    def kb(*args, code=0):
        result = runner.invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    out = kb("ingest", str(small_corpus))
    assert "Index:" in out and "texts embedded" in out
    assert "up to date" in kb("ingest", str(small_corpus))
    # Chinese query, English document: only the embedding leg can find it (ranked by relevance alone: by default a
    # Chinese query prefers Chinese documents, and the Chinese ERP retrospective is about as near)
    data = json.loads(kb("search", "测试环境没有准备好", "--mode", "semantic", "--prefer-lang", "any", "--json"))
    assert data["results"][0]["document_key"] == "mes/pm"
    data = json.loads(kb("search", "测试环境没有准备好", "--json"))
    # hybrid: the English document, and the Chinese one that shares the word 测试 (a near tie here)
    assert {r["document_key"] for r in data["results"][:2]} == {"mes/pm", "erp/retro"} and data["mode"] == "hybrid"
    data = json.loads(kb("search", "延期", "--mode", "keyword", "--lang", "zh", "--json"))
    assert [r["document_key"] for r in data["results"]] == ["erp/retro"]
    lesson = json.loads(kb("lessons", "--document", "crm/retro", "--kind", "went_wrong", "--json"))["lessons"]
    vendor = next(l for l in lesson if "vendor" in l["text"])
    similar = json.loads(kb("similar", str(vendor["id"]), "--json"))["items"]
    assert similar and all(h["project"] != "CRM" for h in similar)
    assert {h["document_key"] for h in similar[:3]} & {"pmo/register.csv#A1", "erp/retro"}
    assert "OK:" in kb("check")
    assert "0 texts embedded" in kb("reindex")
    assert "OK:" in kb("check")
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"_id": "q1", "text": "测试环境没有准备好", "metadata": {"set": "cross"}}\n', encoding="utf-8")
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text("query-id\tcorpus-id\tscore\nq1\tmes/pm\t2\n")
    run = tmp_path / "run.txt"
    out = kb("eval", "--queries", str(queries), "--qrels", str(qrels), "--run-out", str(run))
    assert "ndcg@10" in out and "cross" in out
    assert run.read_text().splitlines()[0].startswith("q1 Q0 ")
    data = json.loads(kb("eval", "--queries", str(queries), "--qrels", str(qrels), "--mode", "semantic", "--json"))
    assert data["modes"]["semantic"]["metrics"]["mrr@10"] == 1.0


def test_search_errors_are_one_line(runner, tmp_path, small_corpus):
    db = tmp_path / "e.db"
    runner.invoke(cli, ["--db", str(db), "ingest", str(small_corpus)])
    for args, message in [(["search", " "], "the query is empty"), (["similar", "999999"], "no lesson 999999"),
                          (["similar"], "give a LESSON_ID or --text")]:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert result.exit_code in (1, 2) and message in result.output and "Traceback" not in result.output


def test_check_fails_and_reindex_repairs_when_the_index_is_gone(runner, tmp_path, small_corpus):
    db = tmp_path / "c.db"
    runner.invoke(cli, ["--db", str(db), "ingest", str(small_corpus)])
    db.with_suffix(".faiss").unlink()
    result = runner.invoke(cli, ["--db", str(db), "check"])
    assert result.exit_code == 1 and "missing" in result.output
    assert runner.invoke(cli, ["--db", str(db), "reindex"]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(db), "check"]).exit_code == 0


def test_model_mismatch_asks_for_reindex(runner, tmp_path, small_corpus):
    db = tmp_path / "m.db"
    runner.invoke(cli, ["--db", str(db), "ingest", str(small_corpus)])
    result = runner.invoke(cli, ["--db", str(db), "search", "vendor", "--mode", "semantic"],
                           env={"KB_MODEL": "minilm"})
    assert result.exit_code == 1 and "run 'kb reindex'" in result.output
    # Hybrid search still answers with keywords (translations unscored), even when the other model cannot load.
    for model in ("minilm", str(tmp_path / "no-such-model")):
        result = runner.invoke(cli, ["--db", str(db), "search", "vendor delayed the interface"],
                               env={"KB_MODEL": model})
        assert result.exit_code == 0 and "semantic search unavailable" in result.output
        assert "Traceback" not in result.output and "1. " in result.output
