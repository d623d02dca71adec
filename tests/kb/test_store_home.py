"""kb/store/home.py and the search_topics migration: recent lessons, counted searches (never who), untagged
documents."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from kb.migrations import MIGRATIONS, migrate
from kb.models import Language, LessonKind, ParsedLesson
from kb.store import Store
from kb.text import MAX_TOPIC_LENGTH, search_topic
from tests.kb.factories import doc, source


def _day(days_ago: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).date().isoformat()


def _topic(store: Store, query: str, searches: int, found_nothing: int = 0, days_ago: int = 0) -> None:
    store.conn.execute("INSERT INTO search_topics (day, query, searches, found_nothing) VALUES (?, ?, ?, ?)",
                       [_day(days_ago), query, searches, found_nothing])


@pytest.mark.parametrize(("query", "topic"), [
    ("  Vendor   Delay ", "vendor delay"),
    ("ＶＥＮＤＯＲ delay", "vendor delay"),          # full-width letters (NFKC)
    ('"vendor delay"', "vendor delay"),
    ("“供应商 交付延期”", "供应商 交付延期"),
    ("line\nbreak", "line break"),
    ("", ""),
    ("x" * (MAX_TOPIC_LENGTH + 1), ""),              # pasted text, not a topic
])
def test_a_search_topic_is_the_normalised_query(query, topic):
    assert search_topic(query) == topic


def test_counting_searches_keeps_the_normalised_query_and_counts_only(store):
    for query, found in (("Vendor delay", 3), ("vendor  DELAY", 0), ("数据迁移", 5), ("", 0)):
        store.count_search(query, found)
    rows = store.rows("SELECT * FROM search_topics ORDER BY query")
    assert rows == [{"day": _day(0), "query": "vendor delay", "searches": 2, "found_nothing": 1, "typed": "vendor DELAY"},
                    {"day": _day(0), "query": "数据迁移", "searches": 1, "found_nothing": 0, "typed": "数据迁移"}]
    assert [c[1] for c in store.conn.execute("PRAGMA table_info(search_topics)")] == [
        "day", "query", "searches", "found_nothing", "typed"]  # no column for who searched, or when to the second


def test_popular_topics_show_what_people_typed_the_latest_form(store):
    """They showed the normalised query: "sap 数据迁移" for SAP 数据迁移."""
    for query in ("SAP  数据迁移", "“sap 数据迁移”", "SAP 数据迁移", "Vendor Delay", "vendor delay", "ＶＥＮＤＯＲ delay"):
        store.count_search(query, 4)
    assert store.popular_searches(at_least=3) == [{"query": "SAP 数据迁移", "searches": 3},
                                                  {"query": "ＶＥＮＤＯＲ delay", "searches": 3}]
    store.conn.execute("UPDATE search_topics SET day = ?", [_day(1)])  # yesterday's; today one more, typed anew
    store.count_search("sap 数据迁移", 0)
    assert store.popular_searches(at_least=3)[0] == {"query": "sap 数据迁移", "searches": 4}
    assert store.fruitless_searches() == [{"query": "sap 数据迁移", "times": 1, "last": _day(0)}]


def test_the_typed_migration_keeps_the_counts_and_takes_the_typed_form_from_the_search_log(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    names = [name for name, _ in MIGRATIONS]
    migrate(conn, MIGRATIONS[:names.index("0025_search_topics_typed")])
    conn.executemany("INSERT INTO search_log (query, mode, results, actor, at) VALUES (?, 'hybrid', 3, NULL, ?)", [
        ("SAP 数据迁移", "2026-11-02T10:00:00+00:00"), ("“SAP  数据迁移”", "2026-11-02T11:00:00+00:00"),
        ("sap 数据迁移", "2026-11-01T09:00:00+00:00")])
    rows = [("2026-11-01", "sap 数据迁移", 4, 0), ("2026-11-02", "sap 数据迁移", 7, 1), ("2026-11-02", "vendor delay", 5, 0)]
    conn.executemany("INSERT INTO search_topics (day, query, searches, found_nothing) VALUES (?, ?, ?, ?)", rows)
    assert migrate(conn)[:1] == ["0025_search_topics_typed"]  # and those after it
    assert conn.execute("SELECT * FROM search_topics ORDER BY day, query").fetchall() == [
        (*rows[0], "sap 数据迁移"), (*rows[1], "SAP 数据迁移"), (*rows[2], None)]  # the day's latest; none logged


def test_popular_searches_of_the_last_30_days_searched_often_enough_and_finding_something(store):
    _topic(store, "vendor delay", 5)
    _topic(store, "vendor delay", 2, days_ago=29)
    _topic(store, "data migration", 4)
    _topic(store, "old news", 9, days_ago=31)
    _topic(store, "jane doe salary", 2)             # too rare to show everyone
    _topic(store, "nothing here", 6, found_nothing=6)
    assert store.popular_searches() == [{"query": "vendor delay", "searches": 7},
                                        {"query": "data migration", "searches": 4}]
    assert [r["query"] for r in store.popular_searches(limit=1)] == ["vendor delay"]
    assert "jane doe salary" in [r["query"] for r in store.popular_searches(at_least=2)]


def test_fruitless_searches_most_often_first(store):
    _topic(store, "nothing here", 6, found_nothing=6)
    _topic(store, "vendor delay", 5, found_nothing=1, days_ago=2)
    _topic(store, "vendor delay", 5, found_nothing=1)
    _topic(store, "found", 5)
    _topic(store, "ancient", 3, found_nothing=3, days_ago=40)
    assert store.fruitless_searches() == [{"query": "nothing here", "times": 6, "last": _day(0)},
                                          {"query": "vendor delay", "times": 2, "last": _day(0)}]


def test_the_migration_counts_the_search_log_already_kept(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    names = [name for name, _ in MIGRATIONS]
    migrate(conn, MIGRATIONS[:names.index("0012_search_topics")])
    conn.executemany("INSERT INTO search_log (query, mode, results, actor, at) VALUES (?, 'hybrid', ?, ?, ?)", [
        ("Vendor delay", 3, "rita", "2026-11-02T10:00:00+00:00"), ("vendor delay", 0, "carl", "2026-11-02T11:00:00+00:00"),
        ("vendor delay", 1, None, "2026-11-03T09:00:00+00:00"), ("x" * 500, 0, "rita", "2026-11-03T09:00:00+00:00")])
    assert "0012_search_topics" in migrate(conn)
    assert conn.execute("SELECT day, query, searches, found_nothing FROM search_topics ORDER BY day").fetchall() == [
        ("2026-11-02", "vendor delay", 2, 1), ("2026-11-03", "vendor delay", 1, 0)]


def test_recent_lessons_newest_first_two_per_document_never_hidden(store):
    store.save_file(source("/data/old.md"), [doc("old", lessons=["Old one.", "Old two."])])
    store.save_file(source("/data/new.md", "h2"), [doc("new", lessons=[
        ParsedLesson(LessonKind.LESSON, f"New {n}.", section_index=0) for n in ("one", "two", "three")])])
    store.conn.execute("UPDATE lessons SET created_at = '2026-01-01T00:00:00+00:00' WHERE document_id ="
                       " (SELECT id FROM documents WHERE key = 'old')")
    assert [r["text"] for r in store.recent_lessons()] == ["New one.", "New two.", "Old one.", "Old two."]
    hidden = store.scalar("SELECT id FROM lessons WHERE text = 'New one.'")
    store.set_review(hidden, "hidden")
    assert [r["text"] for r in store.recent_lessons(limit=3)] == ["New two.", "New three.", "Old one."]


def test_untagged_documents_are_the_new_ones_without_tags(store):
    store.save_file(source("/data/a.md"), [doc("tagged")])
    store.save_file(source("/data/b.md", "h2"), [doc("bare", tags=[])])
    store.save_file(source("/data/c.md", "h3"), [doc("bare-old", tags=[])])
    store.save_file(source("/data/d.md", "h4"), [doc("bare-new", tags=[])])
    store.conn.execute("UPDATE documents SET first_ingested = ? WHERE key = 'bare-old'", [_day(45) + "T00:00:00+00:00"])
    store.conn.execute("UPDATE documents SET first_ingested = ? WHERE key = 'bare'", [_day(1) + "T00:00:00+00:00"])
    rows, total = store.untagged_documents()
    assert [r["key"] for r in rows] == ["bare-new", "bare"] and total == 2
    assert [r["key"] for r in store.untagged_documents(limit=1)[0]] == ["bare-new"]


def test_untagged_documents_leave_out_one_whose_every_lesson_is_hidden(store):
    """A register row is one lesson, titled with it: once a curator hides that lesson the row is dealt with, and its
    title (the hidden text) must not stand in the curators' list or its count."""
    row = "Consultants arrived five weeks late."
    store.save_file(source("/data/r.csv"), [doc("row", [row], title=row, tags=[], meta={"register": "r.csv"})])
    store.save_file(source("/data/m.md", "h2"), [doc("mixed", tags=[])])
    store.save_file(source("/data/e.md", "h3"), [doc("empty", [], tags=[])])
    for text in (row, "Vendor delay cost three weeks."):
        store.set_review(store.scalar("SELECT id FROM lessons WHERE text = ?", [text]), "hidden")
    rows, total = store.untagged_documents()
    assert sorted(r["key"] for r in rows) == ["empty", "mixed"] and total == 2
    assert row not in {r["title"] for r in rows}


def test_a_store_is_empty_until_a_document_is_stored_and_knows_its_documents_languages(store):
    """Asked of the store by browse and search (an empty store's page says what to do first); a view ran the SQL."""
    assert store.is_empty() and store.document_languages() == set()
    store.save_file(source("/data/a.md"), [doc("a", language=Language.ZH)])
    assert not store.is_empty() and store.document_languages() == {"zh"}
    store.save_file(source("/data/b.md", "h2"), [doc("b", [], language=Language.MIXED)])  # no lesson: a document still
    assert store.document_languages() == {"zh", "mixed"}


SECRET = "s3cret-for-the-pasted-keys-0123456789abcdef"


def test_pasted_texts_are_kept_by_key_the_newest_first(store, monkeypatch):
    from kb.store import pasted

    monkeypatch.setattr(pasted, "PASTED_KEPT", 3)
    keys = [store.keep_pasted(f"lesson {n} " * 500, SECRET) for n in range(5)]
    assert len(set(keys)) == 5 and all(len(k) == 16 for k in keys)
    assert [store.pasted(k) is not None for k in keys] == [False, False, True, True, True]  # the newest 3
    assert store.keep_pasted("lesson 2 " * 500, SECRET) == keys[2]  # the same text, the same key (now the newest)
    store.keep_pasted("another", SECRET)
    assert store.pasted(keys[2]) == "lesson 2 " * 500 and store.pasted(keys[3]) is None
    assert store.pasted("0" * 16) is None


def test_pasted_texts_that_differ_only_at_their_end_are_two_keys(store):
    """The key is of the whole text: two pasted sections that share their first 9,999 characters are two searches."""
    first, second = "风险" * 4999 + "甲", "风险" * 4999 + "乙"
    keys = store.keep_pasted(first, SECRET), store.keep_pasted(second, SECRET)
    assert keys[0] != keys[1] and [store.pasted(k) for k in keys] == [first, second]


def test_a_pasted_texts_key_cannot_be_worked_out_from_the_text(store):
    # it was the SHA-256's first 16 hex digits: whoever guessed a text could tell from /?paste=KEY that it was pasted
    import hashlib

    text = "供应商接口交付延期，测试环境没有准备好" * 50
    key = store.keep_pasted(text, SECRET)
    assert key != hashlib.sha256(text.encode()).hexdigest()[:16] and store.pasted(key) == text
    assert key not in (hashlib.sha256(f"{SECRET}{text}".encode()).hexdigest()[:16], text[:16])
    assert store.keep_pasted(text, "another-secret-0123456789abcdef0123456789") != key  # keyed with the app's secret


def test_a_pasted_text_not_opened_for_30_days_is_forgotten(store):
    from kb.store.pasted import PASTED_DAYS

    def aged(key: str, days: float) -> None:
        at = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
        store.conn.execute("UPDATE pasted_queries SET at = ? WHERE key = ?", [at, key])

    opened, idle, gone = (store.keep_pasted(f"report {n} " * 300, SECRET) for n in range(3))
    aged(opened, PASTED_DAYS - 1)
    aged(idle, PASTED_DAYS - 1)
    aged(gone, PASTED_DAYS + 1)
    assert store.pasted(opened) == "report 0 " * 300  # opened: kept another 30 days from now
    renewed = store.scalar("SELECT at FROM pasted_queries WHERE key = ?", [opened])
    assert renewed >= (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="seconds")
    assert store.pasted(gone) is None  # expired: not shown, and gone from the store with the others expired
    assert store.scalar("SELECT count(*) FROM pasted_queries") == 2
    aged(idle, PASTED_DAYS + 1)
    store.keep_pasted("a new paste", SECRET)  # each paste forgets the expired
    assert store.scalar("SELECT count(*) FROM pasted_queries WHERE key IN (?, ?)", [opened, idle]) == 1
    assert store.pasted(opened) is not None and store.pasted(idle) is None


def test_the_pasted_keys_migration_forgets_texts_under_keys_worked_out_from_them(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    names = [name for name, _ in MIGRATIONS]
    migrate(conn, MIGRATIONS[:names.index("0027_pasted_keys_secret")])
    conn.execute("INSERT INTO pasted_queries (key, text, at) VALUES ('0123456789abcdef', 'x', '2026-12-07T00:00:00+00:00')")
    assert migrate(conn)[:1] == ["0027_pasted_keys_secret"]
    assert conn.execute("SELECT count(*) FROM pasted_queries").fetchone()[0] == 0


def test_the_search_log_migration_keeps_a_pasted_texts_opening_and_length(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    names = [name for name, _ in MIGRATIONS]
    migrate(conn, MIGRATIONS[:names.index("0028_search_log_pasted")])
    kept = ("lesson text " * 60)[:500]  # its first 500 characters, as the log kept them
    conn.executemany("INSERT INTO search_log (query, mode, results, actor, at) VALUES (?, 'hybrid', 0, NULL, ?)",
                     [(kept, "2026-12-01T10:00:00+00:00"), ("vendor delay", "2026-12-01T11:00:00+00:00")])
    assert migrate(conn)[:1] == ["0028_search_log_pasted"]
    assert conn.execute("SELECT query, pasted_chars FROM search_log ORDER BY id").fetchall() == [
        ("lesson text lesson text lesson text lesson text lesson text…", 500), ("vendor delay", None)]


def test_a_text_the_log_cut_at_500_characters_is_said_to_be_500_or_more(tmp_path):
    """Migration 0028 could count only the 500 characters the log had kept of a text: the digest called a 6,000-
    character paste "a pasted text of 500 characters" for the week after it. A text of 500 logged since is 500."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    names = [name for name, _ in MIGRATIONS]
    migrate(conn, MIGRATIONS[:names.index("0028_search_log_pasted")])
    conn.executemany("INSERT INTO search_log (query, mode, results, actor, at) VALUES (?, 'hybrid', 0, NULL, ?)",
                     [(("lesson text " * 60)[:500], "2026-12-01T10:00:00+00:00"),  # cut: 500 kept of more
                      (("risk notes " * 40)[:300], "2026-12-01T11:00:00+00:00")])  # kept whole: 300
    migrate(conn)
    applied = conn.execute("SELECT applied_at FROM migrations WHERE name = '0028_search_log_pasted'").fetchone()[0]
    conn.close()
    with Store(path) as store:
        store.conn.execute("INSERT INTO search_log (query, mode, results, at, pasted_chars)"
                           " VALUES ('budget notes…', 'hybrid', 0, ?, 500)", [applied])  # logged since: 500 exactly
        found = {f["query"][:6]: (f["pasted_chars"], f["pasted_cut"]) for f in store.failed_searches("2026-11-01")}
    assert found == {"lesson": (500, 1), "risk n": (300, 0), "budget": (500, 0)}
