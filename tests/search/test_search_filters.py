"""Filters inside each leg, hidden lessons, and the forward index's ids against the join, on a tiny corpus with the
fake embedder."""

import pytest

from kb.store import Filters, Target
from search import SearchQuery
from search.conditions import filter_condition
from tests.search.result_pages import keys, search


@pytest.mark.parametrize("filters, expected", [
    (Filters(project=["MES"]), {"mes/pm"}),
    (Filters(project=[" mes "]), {"mes/pm"}),  # typed: case and spaces do not count
    (Filters(tags=["数据", "data"]), {"crm/retro"}),
    (Filters(doc_type=["post_mortem"]), {"mes/pm"}),
    (Filters(kind=["root_cause"]), {"mes/pm"}),
    (Filters(since="2025-01-01", until="2025-06-30"), {"crm/retro"}),
    (Filters(language=["zh"]), {"erp/retro"}),
])
@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_filters_apply_inside_each_leg(indexed, filters, expected, mode):
    _, _, searcher = indexed
    filters.include_hidden = False
    results = search(searcher, "vendor interface late 测试 environment", mode=mode, filters=filters)
    assert results.groups, "a filter must not empty a page that has results"
    assert set(keys(results)) <= expected


def test_a_rare_project_filter_still_fills_the_page(make_index, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"a{i}.md").write_text(f"---\nproject: BIG\n---\n# Doc {i}\n\n## Lessons learned\n"
                                         f"- The vendor delivered late, case {i}.\n", encoding="utf-8")
    (folder / "rare.md").write_text("---\nproject: RARE\n---\n# Rare\n\n## Lessons learned\n"
                                    "- Something else entirely about budgets.\n", encoding="utf-8")
    _store, index = make_index(folder)
    from search import Searcher

    results = Searcher(index).search(SearchQuery("vendor delivered late", mode="semantic", depth=10,
                                                 filters=Filters(project=["RARE"], include_hidden=False)))
    assert keys(results) == ["rare.md"]


def test_hidden_lessons_leave_search_for_readers(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="mes/pm", kind=["root_cause"]))[0][0]
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = ?", [lesson["id"]])
    for mode in ("keyword", "semantic", "hybrid"):
        ids = {h.lesson_id for g in search(searcher, "test environment not ready", mode=mode).groups for h in g.hits}
        assert lesson["id"] not in ids
    shown = search(searcher, "test environment not ready", filters=Filters(include_hidden=True))
    assert lesson["id"] in {h.lesson_id for g in shown.groups for h in g.hits}


def test_lesson_tags_are_a_filter_too(indexed):
    store, _, searcher = indexed
    lesson = store.lessons(Filters(document="mes/pm"))[0][0]
    store.add_tag(Target("lesson", str(lesson["id"])), "environments")
    results = search(searcher, "environment", filters=Filters(tags=["Environments"], include_hidden=False))
    assert keys(results) == ["mes/pm"]


@pytest.mark.parametrize("filters", [
    Filters(language=["en"], include_hidden=False),
    Filters(project=["CRM", "ERP"], include_hidden=False),
    Filters(since="2024-01-01", doc_type=["retrospective"], include_hidden=False),
    Filters(language=["zh"], include_hidden=True),
    Filters(language=["zh", "en"], since="2024-01-01", include_hidden=False),  # the forward index and SQL
    Filters(language=["en", "xx"], include_hidden=False),  # a language the forward index does not know: SQL
])
def test_a_filter_on_documents_allows_the_same_chunks_as_the_join(indexed, filters):
    store, _, searcher = indexed
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = (SELECT min(id) FROM lessons)")
    where, params = filter_condition(store, filters)
    fast = searcher._filtered_ids(filters, where, params)
    joined = searcher.allowed_ids(where, params)
    assert len(fast) and fast.tolist() == joined.tolist()
    assert fast.tolist() == sorted(fast.tolist())  # sorted: the keyword shortcut looks ids up by bisection


def test_a_broad_filter_gives_every_keyword_leg_what_the_join_gives(indexed, monkeypatch):
    # English documents are most of this collection: their filter takes FTS5's own ranking. A hidden lesson that
    # matches must stay out of it, as it stays out of the join.
    import search.keyword as keyword_module

    store, _, searcher = indexed
    store.conn.execute("UPDATE lessons SET review_status = 'hidden' WHERE id = (SELECT min(l.id) FROM lessons l"
                       " JOIN documents d ON d.id = l.document_id WHERE d.language = 'en')")
    hidden = {r[0] for r in store.conn.execute(
        "SELECT c.id FROM chunks c JOIN lessons l ON l.id = c.lesson_id WHERE l.review_status = 'hidden'")}
    filters = Filters(language=["en"], include_hidden=False)
    share = len(searcher._filtered_ids(filters, *filter_condition(store, filters))) / store.scalar(
        "SELECT count(*) FROM chunks")
    assert share >= keyword_module.BROAD_FILTER
    queries = ["vendor interface late delivery", "test environment readiness", "供应商 延期 vendor"]
    shortcut = {q: searcher.rank(q, "hybrid", filters) for q in queries}
    monkeypatch.setattr(keyword_module, "BROAD_FILTER", 2.0)  # never: every leg joins
    for q in queries:
        joined = searcher.rank(q, "hybrid", filters)
        assert [(f.id, f.legs) for f in shortcut[q]] == [(f.id, f.legs) for f in joined]
        assert shortcut[q] and not hidden & {f.id for f in shortcut[q]}
