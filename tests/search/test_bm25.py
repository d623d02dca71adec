"""The in-memory BM25 scorer answers exactly as FTS5 does: the same ids, scores and order, ties included."""

from __future__ import annotations

import random
import sqlite3

import pytest

from search import bm25
from search.bm25 import TOKENIZE, MemoryBM25, tokenise
from search.schema import CHUNKS, VOCABULARY
from search.segment import fts_query, index_text, query_terms

RANKED = "SELECT rowid, -rank FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?"
TEXTS = [
    "The vendor delivered the interface late and the integration test slipped by two weeks.",
    "Vendors delivering late: escalate early, track the interface dates weekly.",
    "Risk management failed because the risk register was never reviewed.",
    "Lessons learned: the test environment was not ready when testing began.",
    "Lessons learned: the test environment was not ready when testing began.",  # a duplicate: equal scores
    "The project manager reviewed the schedule; the schedule risk was underestimated.",
    "Management reviews of lessons learned happen after each phase of the project.",
    "Café naïve résumé: diacritics fold to plain letters in the index.",
    "foo_bar and foo bar are the same phrase to FTS5; bar foo is not.",
    "项目风险管理没有落实，测试环境没有准备好。",
    "供应商延迟交付接口，集成测试推迟两周。",
    "测试环境准备 test environment readiness 项目 project",
    "risk risk risk risk risk: a short chunk that repeats one word.",
]


@pytest.fixture()
def conn() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(CHUNKS + VOCABULARY)
    for i, text in enumerate(TEXTS):
        db.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [10 + 3 * i, index_text(text)])
    db.commit()
    return db


def fts5(conn: sqlite3.Connection, terms: list[str], limit: int) -> list[tuple[int, float]]:
    return [(int(i), float(s)) for i, s in conn.execute(RANKED, [fts_query(terms), limit])]


def term_sets() -> list[list[str]]:
    """The queries' own terms, phrases, and random ORs of the texts' terms, as the feedback legs send them."""
    sets = [query_terms(t) for t in TEXTS] + [
        ["vendor"], ["risk"], ["lessons learned"], ["foo_bar"], ["bar foo"], ["cafe"], ["résumé"], ["测试"],
        ["测试环境"], ["the"], ["the", "risk"], ["delivered", "deliver", "delivering"], ["nothing", "matches", "zzz"], ["test", "项目"]]
    pool = sorted({t for text in TEXTS for t in query_terms(text)})
    rng = random.Random(7)
    sets += [rng.sample(pool, rng.randint(1, 25)) for _ in range(60)]
    return sets


@pytest.mark.parametrize("eager_after", [0, 10**9])  # every term's postings read at once, or term by term
@pytest.mark.parametrize("limit", [1, 3, 5, 100])
def test_answers_as_fts5_does(conn: sqlite3.Connection, limit: int, eager_after: int) -> None:
    scorer = MemoryBM25(eager_after=eager_after)
    scorer.refresh(conn, version=1)
    for terms in term_sets():
        assert scorer.top(conn, terms, limit) == fts5(conn, terms, limit), terms
    assert (scorer._state.terms is not None) == (eager_after == 0)


def test_equal_scores_come_by_ascending_id(conn: sqlite3.Connection) -> None:
    scorer = MemoryBM25()
    scorer.refresh(conn, version=1)
    found = scorer.top(conn, ["environment"], 10)
    assert found is not None and found[0][1] == found[1][1] and found[0][0] < found[1][0]
    assert scorer.top(conn, ["environment"], 1) == fts5(conn, ["environment"], 1)


def test_phrases_match_consecutive_tokens_only(conn: sqlite3.Connection) -> None:
    scorer = MemoryBM25()
    scorer.refresh(conn, version=1)
    assert tokenise(["foo_bar", "Delivered", "项目风险", "foo_bar", "..."]) == \
        [("foo", "bar"), ("deliv",), ("项目风险",), ("foo", "bar"), ()]
    assert tokenise(["Delivered"]) == [("deliv",)]  # kept
    assert [i for i, _ in scorer.top(conn, ["bar foo"], 10)] == [34]  # text 8 only, where "bar foo" stands
    assert [i for i, _ in scorer.top(conn, ["lessons learned"], 10)] == [19, 22, 28]


@pytest.mark.parametrize("cached", [10**9, 40, 0])  # postings kept for a large collection: all, a few, none
def test_large_collections_are_read_term_by_term_within_a_bound(conn: sqlite3.Connection, cached: int,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bm25, "MAX_CACHED", cached)
    scorer = MemoryBM25(max_tokens=50, eager_after=0)  # a large collection: never every term at once
    scorer.refresh(conn, version=1)
    rng = random.Random(7)
    words = sorted({w for text in TEXTS for w in query_terms(text)})
    for _ in range(40):
        terms = rng.sample(words, rng.randint(1, 6))
        assert scorer.top(conn, terms, 10) == fts5(conn, terms, 10), terms
        assert scorer._state.terms is None
        assert scorer._state.cached <= max(cached, max(len(p.rows) for p in scorer._state.read.values()))
    deferred = MemoryBM25(max_tokens=50, eager_after=2)  # its rows read at the third search, FTS5 answers before
    deferred.refresh(conn, version=1)
    assert [deferred.top(conn, ["vendor"], 10) for _ in range(3)] == [None, None, fts5(conn, ["vendor"], 10)]
    small = MemoryBM25(max_tokens=10_000)
    small.refresh(conn, version=1)
    assert small.top(conn, ["vendor"], 10) == fts5(conn, ["vendor"], 10)


@pytest.mark.parametrize("max_tokens", [50, 10_000])  # a large collection (term by term until then), a small one
def test_a_warm_up_reads_every_term_at_once_and_answers_the_same(conn: sqlite3.Connection, max_tokens: int) -> None:
    scorer = MemoryBM25(max_tokens=max_tokens, eager_after=3)
    assert scorer.load_all(conn, version=1) and scorer.ready
    assert scorer.quick == (max_tokens == 10_000)  # a large collection's legs keep to the pool (search/legs.py)
    reads: list[str] = []
    conn.set_trace_callback(reads.append)
    for terms in term_sets():
        assert scorer.top(conn, terms, 10) == fts5_untraced(conn, reads, terms, 10), terms
    again = [sql for sql in reads if sql.startswith("SELECT") and "kb_chunks_instance" in sql and "offset" not in sql]
    assert not again, "a warmed scorer read postings again (a term's, or every term's at its fourth search)"
    assert [sql for sql in reads if "SELECT doc, offset" in sql], "phrases (several tokens) are read as they come"
    conn.set_trace_callback(None)
    assert scorer.load_all(conn, version=1)  # again: nothing changes
    conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (999, 'vendor')")
    conn.commit()
    assert scorer.load_all(conn, version=2) and scorer.top(conn, ["vendor"], 10) == fts5(conn, ["vendor"], 10)


def fts5_untraced(conn: sqlite3.Connection, reads: list[str], terms: list[str], limit: int) -> list[tuple[int, float]]:
    before = len(reads)
    found = fts5(conn, terms, limit)
    del reads[before:]
    return found


@pytest.mark.parametrize("eager_after", [0, 10**9])
def test_rows_added_since_the_refresh_leave_the_answer_to_fts5(conn: sqlite3.Connection, eager_after: int) -> None:
    scorer = MemoryBM25(eager_after=eager_after)
    scorer.refresh(conn, version=1)
    conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (500, 'a new vendor chunk')")
    conn.commit()
    assert scorer.top(conn, ["vendor"], 10) is None
    scorer.refresh(conn, version=2)
    assert scorer.top(conn, ["vendor"], 10) == fts5(conn, ["vendor"], 10)


def test_an_empty_index_leaves_the_answer_to_fts5() -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(CHUNKS + VOCABULARY)
    scorer = MemoryBM25()
    scorer.refresh(db, version=1)
    assert scorer.top(db, ["vendor"], 10) is None
    assert scorer.top(db, [], 10) == []


def test_tokenises_as_the_index_does() -> None:
    assert f"tokenize = '{TOKENIZE}'" in CHUNKS


def test_each_tokenising_sees_only_its_own_terms() -> None:
    """The in-memory table is emptied after each pass (rows of an earlier pass would lend their tokens)."""
    assert tokenise(["zyxwalked", "qqqplanned"]) == [("zyxwalk",), ("qqqplan",)]
    assert tokenise(["vvvrunning"]) == [("vvvrun",)]
    assert tokenise(["wwwtesting", "zyxwalked", "uuujumps"]) == [("wwwtest",), ("zyxwalk",), ("uuujump",)]


QUERIES = ["供应商延期", "vendor delivered the interface late", "测试环境没有准备好", "risk register review",
           "duplicate customer records", "数据迁移 data migration", "项目"]


@pytest.mark.parametrize("mode", ["keyword", "hybrid"])
def test_searches_rank_as_with_fts5(indexed, monkeypatch, mode: str) -> None:
    """A whole search, its legs answered from memory (in line, once every term's postings are read), ranks as it
    did with FTS5 answering every leg in the pool."""
    from kb.store import Filters
    from search import index as index_module

    _, index, searcher = indexed
    scorer = index.keyword_scorer()
    for _ in range(scorer.eager_after + 1):
        searcher.rank("warm up", mode, Filters(include_hidden=False))
    assert scorer.ready
    ours = {q: searcher.rank(q, mode, Filters(include_hidden=False)) for q in QUERIES}
    monkeypatch.setattr(index_module.SearchIndex, "keyword_scorer", lambda self: None)
    for q in QUERIES:
        assert searcher.rank(q, mode, Filters(include_hidden=False)) == ours[q], q


def test_a_leg_answered_in_line_waits_to_be_collected(indexed) -> None:
    """The first fusion (for the feedback terms) sees the legs collected so far: one answered in line must not
    join it before it is waited for, as a leg still running in the pool would not."""
    from search.legs import Legs, Scope

    store, index, _ = indexed
    scorer = MemoryBM25(eager_after=0)
    scorer.refresh(store.conn, version=1)
    scorer.top(store.conn, ["vendor"], 1)
    assert scorer.ready
    legs = Legs(store, index.refresh_vocabulary(), index.settings, Scope(), 50, scorer)
    legs.start("cross_feedback", "vendor interface", expansion=True)
    assert "cross_feedback" not in legs.found
    legs.wait("cross_feedback")
    assert legs.found["cross_feedback"] and legs.scored["cross_feedback"] == \
        legs.keyword_scored("vendor interface", expansion=True)
