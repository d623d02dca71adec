"""The shipped evaluation set with the real default model: the README's search figures, kept from regressing."""

from pathlib import Path

import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex, Searcher
from search.evaluate import load_qrels, load_queries, run_mode

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def evaluate(tmp_path_factory):
    """mode, settings overrides -> the mode's metrics (overall and per query set) on corpus/eval."""
    settings = Settings(db=tmp_path_factory.mktemp("eval") / "kb.db")
    store = Store(settings.db)
    ingest(store, [CORPUS])
    SearchIndex(store, settings).sync()
    queries = load_queries(CORPUS / "eval" / "queries.jsonl")
    qrels = load_qrels(CORPUS / "eval" / "qrels.tsv")

    def run(mode: str, **overrides):
        searcher = Searcher(SearchIndex(store, settings.replace(**overrides)))
        result = run_mode(searcher, queries, qrels, mode)
        return {"all": result.metrics, **result.groups}

    yield run
    store.close()


def test_hybrid_is_at_least_as_good_as_either_leg(evaluate):
    hybrid, keyword, semantic = evaluate("hybrid"), evaluate("keyword"), evaluate("semantic")
    for group in ("all", "zh", "en", "cross"):
        assert hybrid[group]["ndcg@10"] >= max(keyword[group]["ndcg@10"], semantic[group]["ndcg@10"]), group


def test_language_centring_finds_more_of_the_other_language(evaluate):
    on, off = evaluate("hybrid"), evaluate("hybrid", language_centring=False)
    assert on["cross"]["recall@10"] >= off["cross"]["recall@10"] + 0.03
    assert on["cross"]["ndcg@10"] > off["cross"]["ndcg@10"]
    semantic_on, semantic_off = evaluate("semantic"), evaluate("semantic", language_centring=False)
    assert semantic_on["cross"]["ndcg@10"] > semantic_off["cross"]["ndcg@10"] + 0.05
