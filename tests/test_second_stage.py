"""benchmarks/second_stage.py: its replays start from the ranking search gives, on a tiny bilingual set with the fake
embedder (a replay that drifted from search would credit or blame a variant for the drift)."""

from benchmarks.beir_set import open_set, prepare
from benchmarks.captured_legs import Collection, capture
from benchmarks.second_stage_variants import fed_back, ranked
from kb.settings import Settings
from search import Searcher
from search.evaluate import DocumentRanker

SECTIONS = {
    "en": ["The payroll vendor kept delaying the interface delivery by weeks.",
           "Integration testing was squeezed into the last week before go-live.",
           "Next time we will write delivery dates and penalties into the vendor contract.",
           "The hardware supplier delivered the servers late, so the test environment slipped.",
           "Weekly vendor status calls caught the interface delay too late to recover.",
           "Go-live was moved twice because the test environment was not ready.",
           "Data migration scripts failed on the vendor's interface format.",
           "We learned to ask the supplier for a delivery plan with milestones.",
           "Testing found the interface errors only after the vendor's late delivery."],
    "zh": ["外包供应商的接口交付延期五周，压缩了集成测试时间。",
           "测试环境直到上线前一周才准备好，很多问题没有时间修复。",
           "下次要在合同里写明交付日期和延期罚则，并每周跟踪供应商进度。",
           "硬件供应商一直延期交货，服务器到货晚了，测试环境也推迟。",
           "每周和供应商的例会没有及时发现接口延期。",
           "上线两次推迟，因为测试环境没有准备好。",
           "数据迁移脚本在供应商的接口格式上失败。",
           "我们学到要让供应商给出带里程碑的交付计划。",
           "供应商延期交付后，测试才发现接口错误。"],
}


def bilingual_set(folder):
    """Six documents of three sections each, in two languages, and three judged queries."""
    (folder / "corpus").mkdir(parents=True)
    for n in range(6):
        language = "en" if n % 2 else "zh"
        sections = SECTIONS[language][3 * (n // 2):3 * (n // 2) + 3]
        body = "".join(f"## Part {k}\n\n{text}\n\n" for k, text in enumerate(sections))
        (folder / "corpus" / f"doc-{n}.md").write_text(f"---\nid: doc-{n}\ntitle: Project {n}\n---\n# Project {n}\n\n"
                                                       f"{body}", encoding="utf-8")
    (folder / "queries.jsonl").write_text(
        '{"_id": "q1", "text": "vendor delays the interface", "metadata": {"set": "cross"}}\n'
        '{"_id": "q2", "text": "供应商延期交货", "self": "doc-0", "metadata": {"set": "cross"}}\n'
        '{"_id": "q3", "text": "test environment not ready", "metadata": {"set": "en"}}\n', encoding="utf-8")
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\tdoc-0\t2\nq1\tdoc-2\t1\nq2\tdoc-1\t2\n"
                                      "q3\tdoc-3\t1\n", encoding="utf-8")
    return folder


def test_the_replays_start_from_searchs_own_ranking(tmp_path):
    from tests.search.conftest import fake_embedder

    beir = open_set(bilingual_set(tmp_path / "bilingual-set"))
    embedder = fake_embedder()
    settings = Settings(db=tmp_path / "kb.db", model="fake", semantic_min_score=0.0, other_language_margin=2.0)
    prepared = prepare(beir, settings, embedder_factory=lambda name: embedder)
    try:
        searcher = Searcher(prepared.index())
        ranker = DocumentRanker(prepared.store, beir.qrels)
        runs = {q.id: [d for d, _ in ranker.rank(searcher, q.text, "hybrid", 100, origin=q.origin)]
                for q in beir.queries}
        captured = [capture(searcher, q.text, q, ranker.chunk_doc) for q in beir.queries]
        coll = Collection(searcher, ranker)
    finally:
        prepared.store.close()
    replayed = [q for q in captured if q.found is not None]
    assert {q.id for q in replayed} == {"q1", "q2", "q3"}  # each fused by rank across languages
    for q in captured:
        assert ranked(coll, q, "shipped", {}) == runs[q.id]
    for q in replayed:
        # The final fusion replayed from the captured legs, and the vector feedback redone on the centred vectors
        # from the semantic leg as the feedback left it, give search's chunk ranking back, score for score.
        assert len(q.fused) > 10 and q.first and q.semantic and q.vector is not None
        assert coll.fuse(dict(q.found), dict(q.weights)) == q.fused
        found = dict(q.found)
        assert fed_back(coll, q, found, dict(q.weights), {"how": "as shipped"}) == q.fused
        assert found["semantic"] == q.found["semantic"]
        assert ranked(coll, q, "calibrated", {"how": "add", "a": 0.0}) == runs[q.id]
