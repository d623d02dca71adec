"""`kb serve` warms, before the first request, the index its views search: the first search page reads no
keyword postings and no chunk texts for feedback terms (search/warm.py)."""

from __future__ import annotations

import sqlite3

import pytest

from kb.store import Store
from search.index import SearchIndex
from web import create_app
from web.server import warm_up

# What a search reads when it is the first of its process: every term's postings (search/bm25.py) or one term's,
# and every chunk's id and text for the feedback terms and the feedback leg's texts (search/feedback.py, TermSets.warm).
LOADS = ("kb_chunks_instance", "chunks_fts_docsize")
EVERY_TEXT = "SELECT id, text FROM chunks"  # a query's own chunks' texts are read with "WHERE id IN (...)"


def loads(statements: list[str]) -> list[str]:
    return [s for s in statements if any(load in s for load in LOADS) or s.strip() == EVERY_TEXT]


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement run on a connection opened from here on."""
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args, **kwargs):  # type: ignore[no-untyped-def]
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    return seen


def test_the_first_search_after_a_warm_up_loads_nothing(app, statements: list[str]) -> None:
    took = warm_up(app)
    assert {"keyword postings", "feedback terms", "model", "search"} <= set(took)
    assert EVERY_TEXT in statements and loads(statements), "the warm-up itself read them"
    statements.clear()
    for query in ("vendor delivered late", "测试环境没有准备好"):
        page = app.test_client().get("/", query_string={"q": query})
        assert page.status_code == 200
    assert "MES go-live post-mortem" in page.get_data(as_text=True)
    loaded = loads(statements)
    assert not loaded, f"the first searches after the warm-up loaded {loaded[:3]}"


@pytest.mark.parametrize("weight, warmed", [(0.5, True), (0.0, False)])
def test_the_warm_up_reads_the_translations_postings_where_that_leg_runs(settings, weight, warmed) -> None:
    settings = settings.replace(document_translation_weight=weight)  # the test collection holds two languages

    def scorer_ready() -> bool:
        with Store(settings.db, create=False, migrate=False) as store:
            return SearchIndex(store, settings).translation_scorer.ready

    assert not scorer_ready()
    took = warm_up(create_app(settings))
    assert ("translation postings" in took) == warmed and scorer_ready() == warmed
