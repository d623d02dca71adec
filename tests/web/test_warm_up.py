"""`kb serve` warms, before the first request, the index its views search: the first search page reads no
keyword postings and no chunk texts for feedback terms (search/warm.py)."""

from __future__ import annotations

import ast
import sqlite3
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest

from kb.store import Store
from search.index import SearchIndex
from tests.conftest import serving
from tests.web.conftest import warm_process_once
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


@pytest.fixture
def cold_process(monkeypatch: pytest.MonkeyPatch, warm_process: None) -> tuple[dict, dict]:
    """This process's translators (CC-CEDICT read) and models set aside for the test, as in a process that has
    loaded neither; put back after it. Returns the empty caches that now hold them.

    A new translator takes CC-CEDICT's tables, and a new embedder its engine, from those this process already made
    (``warm_process``) instead of parsing and loading them again: what these tests check is when the warm-up asks for
    them, which is the same; reading them cost about 4 s of CPU a test (20 s each on a loaded machine), and
    tests/search/test_use_engine.py and test_translate.py load them for real."""
    from search import embedder, translate

    parsed = next(t for t in translate._CACHE.values() if t.dict_zh_en)

    def tables_read_before(self: translate.Translator) -> None:
        self.dict_zh_en, self.dict_en_zh, self.dict_verbs = parsed.dict_zh_en, parsed.dict_en_zh, parsed.dict_verbs

    monkeypatch.setattr(translate.Translator, "_read_cedict", tables_read_before)
    for name, loaded in embedder._LOADED.items():
        if name in embedder.BUNDLED:
            monkeypatch.setitem(embedder.BUNDLED, name,
                                replace(embedder.BUNDLED[name], build=lambda threads, cache, m=loaded.model: m))
    monkeypatch.setattr(translate, "_CACHE", {})
    monkeypatch.setattr(embedder, "_LOADED", {})
    return translate._CACHE, embedder._LOADED


def test_a_warmed_test_server_reads_the_dictionary_and_loads_the_model_before_its_first_page(settings, cold_process):
    """The first page view of a worker in test_accessibility.py, a search that finds nothing, timed out in Chromium
    (30 s) in 2 of 4 loaded runs: its request read CC-CEDICT and loaded the model (22 s). Its server is warmed now."""
    translators, models = cold_process
    with serving(create_app(settings), warm=True) as url:
        loaded = (dict(translators), dict(models))
        assert all(loaded), "the warm-up left the dictionary or the model to the first search"
        with urllib.request.urlopen(url + "/?q=qqxxzzqq") as page:
            assert page.status == 200 and b"qqxxzzqq" in page.read()
    assert (translators, models) == loaded, "the first search page loaded them again"


def test_the_browser_tests_process_is_warmed_before_their_servers(built, settings, tmp_path, cold_process) -> None:
    """tests/web/test_browser.py ``server``, one a test, depends on ``warm_process``: what it loads serves every
    collection's first search (a new collection's own parts are left to it, about a second)."""
    translators, models = cold_process
    (tmp_path / "warm").mkdir()
    took = warm_process_once(built, tmp_path / "warm")
    assert {"model", "search"} <= set(took) and translators and models
    page = create_app(settings).test_client().get("/", query_string={"q": "qqxxzzqq"})  # another copy
    assert page.status_code == 200 and "qqxxzzqq" in page.get_data(as_text=True)
    assert len(translators) == len(models) == 1, "another collection's first search loaded its own"


def test_every_browser_tests_server_is_warmed() -> None:
    """Each function in tests/web that serves the app to Chromium (``serving``) warms it, or takes ``warm_process``."""
    servers = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            calls = [c for c in ast.walk(node) if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "serving"]
            for call in calls:
                warm = any(k.arg == "warm" and getattr(k.value, "value", False) is True for k in call.keywords)
                servers.append((f"{path.name}::{node.name}", warm or "warm_process" in [a.arg for a in node.args.args]))
    assert {"test_accessibility.py::site", "test_browser.py::server"} <= {name for name, _ in servers}, servers
    assert all(warmed for _, warmed in servers), [name for name, warmed in servers if not warmed]
