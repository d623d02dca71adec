"""A hidden lesson's text reaches readers by no search: not its own chunk, nor the section windows that hold it."""

from __future__ import annotations

import pytest

from kb.store import Filters
from search import SearchQuery
from search.visibility import hidden_chunks

HIDDEN_WORDS = "one week before go-live"  # only in the MES root cause (lesson and section)
QUERY = "test environment was not ready until one week before go-live"


def _hide(store, document: str, kind: str) -> int:
    lesson = store.lessons(Filters(document=document, kind=[kind]))[0][0]
    store.set_review(lesson["id"], "hidden", actor="carl")
    return lesson["id"]


def _texts(results) -> list[str]:
    return [t for g in results.groups for h in g.hits for t in (h.text, h.snippet)]


READER_FILTERS = [Filters(include_hidden=False), Filters(project=["MES"], include_hidden=False),
                  Filters(language=["en"], include_hidden=False), Filters(kind=["root_cause"], include_hidden=False)]


@pytest.mark.parametrize("filters", READER_FILTERS, ids=["none", "project", "language", "kind"])
def test_a_hidden_lessons_text_is_found_by_no_reader_search(indexed, filters):
    store, _, searcher = indexed
    modes = ("keyword", "semantic", "hybrid")
    for mode in modes:  # found before it is hidden
        found = searcher.search(SearchQuery(QUERY, mode=mode, filters=Filters(include_hidden=False)))
        assert any(HIDDEN_WORDS in t for t in _texts(found)), mode
    _hide(store, "mes/pm", "root_cause")
    for mode in modes:
        results = searcher.search(SearchQuery(QUERY, mode=mode, filters=filters))
        assert not [t for t in _texts(results) if HIDDEN_WORDS in t], mode


def test_curators_still_find_a_hidden_lesson_and_unhiding_brings_it_back_without_a_sync(indexed):
    store, index, searcher = indexed
    lesson_id = _hide(store, "mes/pm", "root_cause")
    shown = searcher.search(SearchQuery(QUERY, mode="keyword", filters=Filters(include_hidden=True)))
    assert lesson_id in {h.lesson_id for g in shown.groups for h in g.hits}
    store.set_review(lesson_id, "unreviewed")
    again = searcher.search(SearchQuery(QUERY, mode="keyword"))
    assert lesson_id in {h.lesson_id for g in again.groups for h in g.hits}
    assert index.check() == []  # hiding changed nothing the index keeps


def test_the_other_lessons_of_a_section_stay_findable(indexed):
    store, _, searcher = indexed
    _hide(store, "erp/retro", "went_wrong")  # the first of two lessons in 需要改进
    results = searcher.search(SearchQuery("风险登记册三个月没有更新", mode="keyword"))
    texts = _texts(results)
    assert any("风险登记册" in t for t in texts) and not any("接口交付延期五周" in t for t in texts)


REGISTER = ("ID,Title,Project,Driving event,Lesson,Recommendation\n"
            "R1,Badge printer,FAC,The badge printer vendor went bankrupt mid-project.,Check vendor solvency.,"
            "Ask finance for a credit report on every single-source supplier.\n"
            "R2,Kickoff,FAC,The kickoff had no sponsor present.,Book the sponsor early.,Send the invitation first.\n")


def test_a_hidden_register_row_takes_its_other_columns_out_of_search(make_index, tmp_path):
    folder = tmp_path / "reg"
    folder.mkdir()
    (folder / "register.csv").write_text(REGISTER, encoding="utf-8")
    store, index = make_index(folder)
    from search import Searcher

    searcher = Searcher(index)
    query = "credit report single-source supplier bankrupt badge printer"
    before = searcher.search(SearchQuery(query, mode="keyword"))
    assert any("credit report" in t for t in _texts(before))
    row = store.lessons(Filters(document="register.csv#R1"))[0][0]
    store.set_review(row["id"], "hidden")
    for mode in ("keyword", "semantic", "hybrid"):
        texts = _texts(searcher.search(SearchQuery(query, mode=mode)))
        assert not [t for t in texts if "credit report" in t or "bankrupt" in t]
    assert len(hidden_chunks(store.conn)) == store.scalar(
        "SELECT count(*) FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.key = 'register.csv#R1'")


LONE = """# Warehouse badge rollout

## Background
The turnstile contractor installed forty gates in the northern depot.

## Lessons learned
- Order spare badge printers before the first shift starts.
"""


def test_a_document_whose_every_lesson_is_hidden_leaves_reader_search_whole(make_index, tmp_path):
    """Readers do not find its page (its title may be the hidden lesson): no chunk of it, even a section with no
    lesson, may lead them there. Curators still find it."""
    folder = tmp_path / "lone"
    folder.mkdir()
    (folder / "lone.md").write_text(LONE, encoding="utf-8")
    store, index = make_index(folder)
    with store.transaction() as conn:  # a register row: one lesson, titled with it
        conn.execute("UPDATE documents SET meta = json_set(meta, '$.register', 'lone.csv') WHERE key = 'lone.md'")
    from search import Searcher

    searcher = Searcher(index)
    query = "turnstile contractor forty gates northern depot"
    assert any("turnstile" in t for t in _texts(searcher.search(SearchQuery(query, mode="keyword"))))
    store.set_review(store.lessons(Filters(document="lone.md"))[0][0]["id"], "hidden")
    for mode in ("keyword", "semantic", "hybrid"):
        for filters in (READER_FILTERS[0], READER_FILTERS[2]):  # none, and a filter that reads the chunks' conditions
            assert not searcher.search(SearchQuery(query, mode=mode, filters=filters)).groups, (mode, filters)
    assert len(hidden_chunks(store.conn)) == store.scalar("SELECT count(*) FROM chunks")
    curators = searcher.search(SearchQuery(query, mode="keyword", filters=Filters(include_hidden=True)))
    assert any("turnstile" in t for t in _texts(curators))
