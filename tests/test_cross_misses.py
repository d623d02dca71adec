"""benchmarks/cross_misses.py: the relevant documents a group's queries miss from the first documents, where the
hybrid and each leg put them, on a tiny set with the fake embedder."""

from benchmarks.beir_set import open_set, prepare
from benchmarks.cross_misses import LEGS, measure
from kb.settings import Settings
from search import Searcher
from search import legs as legs_module
from search.evaluate import DocumentRanker
from search.ranked import Ranked
from search.translated_index import LEG as TRANSLATIONS_LEG
from tests.test_baselines import DOCS, write_corpus


def tiny_set(folder):
    write_corpus(folder)
    (folder / "queries.jsonl").write_text(
        '{"_id": "q1", "text": "vendor delays the interface before go live xylograph", "metadata": {"set": "cross"}}\n'
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
    # every leg across languages (the fake model puts no text near its translation: tests/search/conftest.py), the
    # document-side translation leg's gate always open, so that the legs reported are the last fusion's
    settings = Settings(db=tmp_path / "kb.db", model="fake", semantic_min_score=0.0, other_language_margin=2.0,
                        translation_min_similarity=0.0, document_translation_gate=0.0)
    prepared = prepare(beir, settings, embedder_factory=lambda name: embedder)
    try:
        searcher = Searcher(prepared.index())
        report = measure(searcher, beir, "cross", first=1)
        ranker = DocumentRanker(prepared.store, beir.qrels)
        keyword = {q.id: [d for d, _ in ranker.rank(searcher, q.text, "keyword", 100, origin=q.origin)]
                   for q in beir.queries}
        put, last = legs_module.Legs.put, {}
        legs_module.Legs.put = lambda self, name, ranked: last.__setitem__(
            name, (ranked if isinstance(ranked, Ranked) else Ranked.of(ranked)).ids.tolist()) or put(self, name, ranked)
        try:
            runs = {}
            for q in beir.queries:  # each query's documents, and its legs as they were put last
                runs[q.id] = [d for d, _ in ranker.rank(searcher, q.text, "hybrid", 100, origin=q.origin)]
                last_legs = {n: list(dict.fromkeys(ranker.chunk_doc[c] for c in ids)) for n, ids in last.items()}
                if q.id == "q1":
                    q1_legs = {n: [d for d in docs if d != q.origin] for n, docs in last_legs.items()}
        finally:
            legs_module.Legs.put = put
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
        assert set(m["legs"]) == set(LEGS)
        if m["document"] in keyword["q1"]:
            assert m["legs"]["keyword"] == keyword["q1"].index(m["document"]) + 1
    # the legs as the last fusion took them: the document-side translation leg, and the semantic leg as the feedback
    # in the vector space re-ordered it (put a second time)
    assert TRANSLATIONS_LEG in q1_legs
    for name in (TRANSLATIONS_LEG, "semantic"):
        assert any(m["legs"][name] for m in misses["q1"])
        for m in misses["q1"]:
            ranked = q1_legs[name]
            assert m["legs"][name] == (ranked.index(m["document"]) + 1 if m["document"] in ranked else None)
    untranslated = {q["query"]: q["untranslated"] for q in report["per_query"]}
    # the words the dictionary has are translated, and "live" in the glossary's "go live" (上线)
    assert untranslated == {"q1": ["xylograph"], "q2": []}
    ones = sum(1 for q in misses.values() for m in q if sum(r == 1 for r in m["legs"].values() if r) == 1)
    assert sum(report["missed_in_one_leg_only"].values()) == ones == summary["in one leg's first ten"]
    assert report["recall"] == round((1 / judged + 1 / 2) / 2, 3)  # the mean over the two queries, at first=1
    # the first place given to the query's language (+1) or the other (-1): q1 judges every document relevant; q2's
    # one Chinese document besides its self is relevant, its English ones are not
    assert report["split_moved"][0] == 2 and report["split_moved"][1] == report["split_moved"][3] == 2
    assert report["split_moved"][-1] == report["split_moved"][-3] == 1
