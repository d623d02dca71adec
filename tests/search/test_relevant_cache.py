"""The cache of unfiltered rankings a filtered search asks (search/relevant_cache.py): the same results as without
it, and nothing stale after a publish, a sync or a curator's hiding. A real SQLite file, the real index and the real
bundled model (the relevance floor is the default model's)."""

from __future__ import annotations

import pytest

from ingest.pipeline import ingest
from kb.store import Filters
from search import Searcher, SearchQuery
from search.relevant_cache import RELEVANT
from tests.ingest.markdown_docs import retro

pytestmark = pytest.mark.slow


DOCS = {
    "mes/2024.md": retro("MES", "2024-03-01", "MES 上线复盘", "测试环境直到上线前一周才准备好，集成测试被压缩。"),
    "mes/2025.md": retro("MES", "2025-06-01", "MES 二期复盘", "测试环境没有准备好，联调推迟了两周。",
                         "供应商的接口文档更新不及时。"),
    "erp/2025.md": retro("ERP", "2025-02-01", "ERP 升级复盘", "测试环境和生产环境配置不一致，上线当天出现问题。"),
    "erp/2026.md": retro("ERP", "2026-01-10", "ERP 预算回顾", "项目预算超支百分之二十，变更没有走审批。"),
    "crm/2025.md": retro("CRM", "2025-09-01", "CRM migration retrospective",
                         "The test environment was not ready until one week before go-live.",
                         "The vendor delivered the interface late, five weeks after the plan."),
    "crm/2026.md": retro("CRM", "2026-03-01", "CRM budget review", "The budget overran by twenty percent."),
    "pay/2024.md": retro("PAY", "2024-05-01", "Payroll vendor review",
                         "The payroll vendor delivered the interface late.", "Training started too late for users."),
}
QUERIES = ["测试环境没有准备好", "vendor delivered the interface late", "预算超支"]
FILTERS = [Filters(project=["MES"], include_hidden=False), Filters(project=["CRM"], include_hidden=False),
           Filters(since="2025-01-01", until="2025-12-31", include_hidden=False),
           Filters(language=["zh"], include_hidden=False), Filters(project=["ERP"], include_hidden=True)]


@pytest.fixture
def built(real_index):
    store, index = real_index(DOCS)
    RELEVANT.clear()  # the process's table: counted from empty
    yield store, index, Searcher(index)
    RELEVANT.clear()


def _seen(results) -> tuple:
    """What a reader sees of a search: the documents listed and how many, each page group's relevance."""
    return (results.document_ids, results.total, results.relevant, results.listed,
            [(g.document_key, g.relevant) for g in results.groups])


def _searches() -> list[SearchQuery]:
    """A PM's clicks: each query unfiltered, then through the facets and to a filtered page's second page; hybrid
    with and without a preferred language, and semantic; the reader's and (ERP) a curator's hidden lessons."""
    out = []
    for text in QUERIES:
        for mode, prefer in (("hybrid", None), ("hybrid", "zh"), ("semantic", None)):
            out.append(SearchQuery(text, mode=mode, prefer_lang=prefer))
            out += [SearchQuery(text, mode=mode, prefer_lang=prefer, filters=f, limit=20) for f in FILTERS]
            out.append(SearchQuery(text, mode=mode, prefer_lang=prefer, filters=FILTERS[2], offset=1, limit=1))
    return out


def test_filtered_searches_give_the_same_results_with_and_without_the_cache(built):
    searcher = built[2]
    fresh = []
    for query in _searches():
        RELEVANT.clear()  # every filtered search ranks its unfiltered query again
        fresh.append(_seen(searcher.search(query)))
    RELEVANT.clear()
    cached = [_seen(searcher.search(query)) for query in _searches()]
    # one entry a query, mode, language and hidden lessons; every filtered search found it but the curator's first
    assert len(RELEVANT) == len(QUERIES) * 3 * 2
    assert RELEVANT.hits == len(QUERIES) * 3 * (len(FILTERS) + 1 - 1)
    assert cached == fresh
    assert any(relevant < total for _, total, relevant, _, _ in fresh)  # the floor left some matches out


def _relevant_keys(searcher: Searcher, query: SearchQuery) -> list[str]:
    results = searcher.search(query)
    return [g.document_key for g in results.groups if g.relevant]


def test_a_document_published_between_two_filtered_searches_counts_in_the_second(built, tmp_path):
    store, index, searcher = built
    text, mes = "测试环境没有准备好", Filters(project=["MES"], include_hidden=False)
    searcher.search(SearchQuery(text))  # the unfiltered page whose facet is clicked
    before = _relevant_keys(searcher, SearchQuery(text, filters=mes))
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "mes-2026.md").write_text(retro("MES", "2026-02-01", "MES 三期复盘", "测试环境没有准备好，联调又推迟了。"),
                                        encoding="utf-8")
    ingest(store, [folder])
    index.sync()
    after = _relevant_keys(Searcher(index), SearchQuery(text, filters=mes))  # a new request's searcher
    new = [key for key in after if key not in before]
    assert len(new) == 1 and "mes-2026" in new[0]


def test_a_lesson_hidden_between_two_filtered_searches_leaves_the_second(built):
    store, index, searcher = built
    text, crm = "vendor delivered the interface late", Filters(project=["CRM", "PAY"], include_hidden=False)
    searcher.search(SearchQuery(text))
    before = _relevant_keys(searcher, SearchQuery(text, filters=crm))
    pay = [key for key in before if "pay" in key]
    assert pay
    for lesson in store.lessons(filters=Filters(project=["PAY"]), limit=10)[0]:
        store.set_review(lesson["id"], "hidden")  # a curator hides them; no sync: the index is as it was
    after = _relevant_keys(Searcher(index), SearchQuery(text, filters=crm))
    assert [key for key in after if "pay" in key] == [] and after == [key for key in before if key not in pay]
