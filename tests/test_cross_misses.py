"""benchmarks/cross_misses.py: the relevant documents a group's queries miss from the first documents, where the
hybrid and each leg put them, on a tiny set with the fake embedder."""

from benchmarks.beir_set import open_set, prepare
from benchmarks.cross_misses import measure
from kb.settings import Settings
from search import Searcher
from search.evaluate import DocumentRanker
from search.legs import LEG_ORDER
from tests.test_baselines import DOCS, write_corpus


def tiny_set(folder):
    write_corpus(folder)
    (folder / "queries.jsonl").write_text(
        '{"_id": "q1", "text": "vendor delays the interface", "metadata": {"set": "cross"}}\n'
        '{"_id": "q2", "text": "供应商延期交货", "self": "doc-a", "metadata": {"set": "cross"}}\n'
        '{"_id": "q3", "text": "vendor", "metadata": {"set": "en"}}\n', encoding="utf-8")
    # every document judged for q1 (so all but the first are missed from a first one)
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(
        f"q1\t{doc_id}\t{2 if n == 0 else 1}\n" for n, (doc_id, _, _) in enumerate(DOCS.values()))
        + "q2\tdoc-b\t2\nq2\tdoc-c\t1\nq3\tdoc-a\t1\n", encoding="utf-8")
    return folder


def test_misses_from_the_first_documents_with_each_legs_ranks(tmp_path):
    from tests.search.conftest import fake_embedder

    beir = open_set(tiny_set(tmp_path / "tiny-set"))
    embedder = fake_embedder()
    settings = Settings(db=tmp_path / "kb.db", model="fake", semantic_min_score=0.0)
    prepared = prepare(beir, settings, embedder_factory=lambda name: embedder)
    try:
        searcher = Searcher(prepared.index())
        report = measure(searcher, beir, "cross", first=1)
        ranker = DocumentRanker(prepared.store, beir.qrels)
        runs = {q.id: [d for d, _ in ranker.rank(searcher, q.text, "hybrid", 100, origin=q.origin)]
                for q in beir.queries}
        keyword = {q.id: [d for d, _ in ranker.rank(searcher, q.text, "keyword", 100, origin=q.origin)]
                   for q in beir.queries}
    finally:
        prepared.store.close()
    assert report["queries"] == 2 and report["group"] == "cross"  # q3 is not in the group
    misses = {q["query"]: q["misses"] for q in report["per_query"]}
    judged = len(DOCS)
    # q1: every document but the hybrid's first is missed, each at the hybrid's own position
    assert [m["document"] for m in misses["q1"]] == sorted(runs["q1"][1:])
    assert all(m["position"] == runs["q1"].index(m["document"]) + 1 for m in misses["q1"])
    # q2: its self (doc-a) is left out of the ranking, so its first is one of its two relevant documents
    assert runs["q2"][0] in ("doc-b", "doc-c") and [m["document"] for m in misses["q2"]] == \
        sorted({"doc-b", "doc-c"} - {runs["q2"][0]})
    summary = report["summary"]
    assert summary["relevant"] == judged + 2 and summary["missed"] == len(misses["q1"]) + len(misses["q2"])
    assert summary["grade 1"] + summary["grade 2"] == summary["missed"]
    assert summary["in no leg's first ten"] + summary["in one leg's first ten"] \
        + summary["in two or more legs' first ten"] == summary["missed"]
    for m in misses["q1"]:  # each leg's document rank, as the leg ranks documents alone
        assert set(m["legs"]) == set(LEG_ORDER)
        if m["document"] in keyword["q1"]:
            assert m["legs"]["keyword"] == keyword["q1"].index(m["document"]) + 1
    ones = sum(1 for q in misses.values() for m in q if sum(r == 1 for r in m["legs"].values() if r) == 1)
    assert sum(report["missed_in_one_leg_only"].values()) == ones == summary["in one leg's first ten"]
    assert report["recall"] == round((1 / judged + 1 / 2) / 2, 3)  # the mean over the two queries, at first=1
