"""Named, re-runnable schema migrations, recorded in the ``migrations`` table.

A migration runs once, inside a transaction; adding a new one means appending to ``MIGRATIONS``.
Never edit a migration that has shipped: write a new one. The SQL scripts are in ``kb.schema_early`` (0001-0005) and
``kb.schema_later`` (0008-0013, 0016, 0017, 0020, 0021); the steps written in Python, the list and the runner are here.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kb.schema_early import INITIAL, PEOPLE_AND_SESSIONS, SUBSCRIBERS
from kb.schema_later import (
    AGENDA_SLOTS,
    CONFIRMATION_MAILS,
    CONTRIBUTOR_TABLES,
    FEED_EPOCH,
    LESSON_CHANGES,
    PASTED_QUERIES,
    REVIEW_NOTES,
    SEARCH_TOPICS,
    SUBSCRIBER_REFUSALS,
    TAG_SYNONYMS_AND_UNDO,
    TOKEN_LIMITS,
    WEB_SESSIONS,
)


def _search_topics(conn: sqlite3.Connection) -> None:
    """Counts of searches by day and normalised query, started from the search log's rows."""
    from kb.text import search_topic

    for statement in _split(SEARCH_TOPICS):
        conn.execute(statement)
    counts: dict[tuple[str, str], list[int]] = {}
    for query, results, at in conn.execute("SELECT query, results, at FROM search_log"):
        topic = search_topic(query)
        if topic:
            count = counts.setdefault((str(at)[:10], topic), [0, 0])
            count[0] += 1
            count[1] += results == 0
    conn.executemany("INSERT INTO search_topics (day, query, searches, found_nothing) VALUES (?, ?, ?, ?)",
                     [(day, topic, n, zero) for (day, topic), (n, zero) in counts.items()])


def _search_topics_typed(conn: sqlite3.Connection) -> None:
    """The form each counted query was typed in, to show ("SAP 数据迁移", not the "sap 数据迁移" it is counted under):
    for the rows already counted, the day's latest search of that topic in the search log (none there: NULL, and the
    normalised query is shown, as before)."""
    from kb.text import search_topic, typed_topic

    conn.execute("ALTER TABLE search_topics ADD COLUMN typed TEXT")
    typed: dict[tuple[str, str], str] = {}
    for query, at in conn.execute("SELECT query, at FROM search_log ORDER BY at, id"):
        topic = search_topic(query)
        if topic:
            typed[(str(at)[:10], topic)] = typed_topic(query)
    conn.executemany("UPDATE search_topics SET typed = ? WHERE day = ? AND query = ?",
                     [(form, day, topic) for (day, topic), form in typed.items()])


def _search_log_pasted(conn: sqlite3.Connection) -> None:
    """The search log keeps a pasted text's opening and its length (kb.text.logged_query): the rows that
    kept its first 500 characters keep their opening, and the length they kept (500 at most)."""
    from kb.text import MAX_TOPIC_LENGTH, logged_query

    conn.execute("ALTER TABLE search_log ADD COLUMN pasted_chars INTEGER")
    rows = conn.execute("SELECT id, query FROM search_log WHERE length(query) > ?", [MAX_TOPIC_LENGTH]).fetchall()
    conn.executemany("UPDATE search_log SET query = ?, pasted_chars = ? WHERE id = ?",
                     [(*logged_query(query), row_id) for row_id, query in rows])


def _contributions(conn: sqlite3.Connection) -> None:
    sql_migration(CONTRIBUTOR_TABLES)(conn)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise sqlite3.IntegrityError(f"foreign keys broken by the contributor migration: {problems[:5]}")


def sql_migration(script: str) -> Callable[[sqlite3.Connection], None]:
    """A migration that runs the statements of an SQL script, one by one, inside the migration's transaction."""
    def apply(conn: sqlite3.Connection) -> None:
        for statement in _split(script):
            conn.execute(statement)

    return apply


def _split(script: str) -> list[str]:
    statements, buf = [], []
    for line in script.splitlines():
        code = line.split("--", 1)[0]
        buf.append(code)
        if code.rstrip().endswith(";") and sqlite3.complete_statement("\n".join(buf)):
            statements.append("\n".join(buf))
            buf = []
    return [s for s in statements if s.strip()]


def _title_sort_key(conn: sqlite3.Connection) -> None:
    """Titles sorted the way Chinese readers expect (by pinyin), stored so listings can ORDER BY it."""
    from kb.text import sort_key

    conn.execute("ALTER TABLE documents ADD COLUMN title_sort TEXT NOT NULL DEFAULT ''")
    rows = conn.execute("SELECT id, title FROM documents").fetchall()
    conn.executemany("UPDATE documents SET title_sort = ? WHERE id = ?", [(sort_key(t), i) for i, t in rows])
    conn.execute("CREATE INDEX documents_title_sort ON documents(title_sort)")


def _tag_labels(conn: sqlite3.Connection) -> None:
    """Tag labels stored as first typed, full-width forms included (ＳＡＰ shown beside SAP S/4HANA), as labels are
    now made (``kb.text.tag_label``); names, and so every match, were NFKC already."""
    from kb.text import tag_label

    rows = conn.execute("SELECT id, label FROM tags").fetchall()
    conn.executemany("UPDATE tags SET label = ? WHERE id = ?",
                     [(tag_label(label), i) for i, label in rows if tag_label(label) not in ("", label)])


def _interest_labels(conn: sqlite3.Connection) -> None:
    """Tags of interest stored as typed (ＳＡＰ and SAP both), as they are now kept where typed
    (``kb.store.subscribers.interest_tags``: NFKC, one for each tag name), so that reading a subscriber need not
    relabel them. A row whose interests are not a JSON object is left as it is (it reads as ``interests_invalid``)."""
    from kb.store.subscribers import interest_tags

    changed = []
    for subscriber_id, stored in conn.execute("SELECT id, interests FROM subscribers").fetchall():
        try:
            interests = json.loads(stored or "{}")
        except json.JSONDecodeError:
            continue
        if isinstance(interests, dict) and isinstance(interests.get("tags"), list):
            tags = interest_tags([str(t) for t in interests["tags"]])
            if tags != interests["tags"]:
                changed.append((json.dumps({**interests, "tags": tags}, ensure_ascii=False), subscriber_id))
    conn.executemany("UPDATE subscribers SET interests = ? WHERE id = ?", changed)


MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", sql_migration(INITIAL)),
    ("0002_lesson_review_index", sql_migration("CREATE INDEX lessons_review ON lessons(review_status);")),
    ("0003_people_and_sessions", sql_migration(PEOPLE_AND_SESSIONS)),
    ("0004_title_sort_key", _title_sort_key),
    ("0005_subscribers", sql_migration(SUBSCRIBERS)),
    # Filters on language and department read only these indexes (id is the rowid), not every document's row and
    # text: a language filter at 36,817 documents took 35 ms through the table, under 5 through the index.
    ("0006_language_department_indexes", sql_migration(
        "CREATE INDEX documents_language ON documents(language);\n"
        "CREATE INDEX documents_department ON documents(department);")),
    # Project filters ignore ASCII case (-p pmo finds PMO), and read this index.
    ("0007_project_nocase_index", sql_migration(
        "CREATE INDEX documents_project_nocase ON documents(project COLLATE NOCASE);")),
    # Web logins are rows, so logging out, a password change or disabling the account ends them at once.
    ("0008_web_sessions", sql_migration(WEB_SESSIONS)),
    # Sign-up confirmation mails, so they can be limited per address and per client.
    ("0009_confirmation_mails", sql_migration(CONFIRMATION_MAILS)),
    # Share-session agenda items: who presents each, and its time slot (a start time and/or a length).
    ("0010_agenda_slots", sql_migration(AGENDA_SLOTS)),
    # Curated synonyms (数据迁移 = data migration), and what it takes to undo a rename or a merge.
    ("0011_tag_synonyms_and_undo", sql_migration(TAG_SYNONYMS_AND_UNDO)),
    # What people search for, counted by day and normalised query without who: the home page's popular topics;
    # and the indexes that list the review queue and the newest lessons without sorting every lesson.
    ("0012_search_topics", _search_topics),
    # The contributor role, who contributed what, corrected metadata, uploads in progress (issue 18).
    ("0013_contributions", _contributions),
    # Tag labels in NFKC, as they are now made where tags are entered.
    ("0014_tag_labels_nfkc", _tag_labels),
    # Tags of interest in NFKC, one for each tag name, as they are now kept where typed (not relabelled on every read).
    ("0015_interest_tags_nfkc", _interest_labels),
    # A subscriber whose address the mail server refuses for good, run after run, is paused (kb.store.refusals).
    ("0016_subscriber_refusals", sql_migration(SUBSCRIBER_REFUSALS)),
    # Why a curator hid a lesson, for its contributor (the review queue's "hide with a reason").
    ("0017_review_notes", sql_migration(REVIEW_NOTES)),
    # When documents arrived and changed, read through indexes, not by reading every document's row (its text and
    # HTML with it): a digest's new and updated documents, for each subscriber (`kb digest send --dry-run`, 200
    # subscribers and 4,594 documents, none new that week: 7.7 s), browse's "added" and "updated" filters, and
    # browse by "ingested".
    ("0018_ingested_indexes", sql_migration(
        "CREATE INDEX documents_first_ingested ON documents(first_ingested);\n"
        "CREATE INDEX documents_last_ingested ON documents(last_ingested);")),
    # Why an ingest run stopped before its end (the disk full), said by kb errors; it stayed "running" before.
    ("0019_ingest_run_reasons", sql_migration("ALTER TABLE ingest_runs ADD COLUMN reason TEXT;")),
    # The lessons' change feed (/api/changes): added, changed, removed, numbered in the writes' own transactions.
    ("0020_lesson_changes", sql_migration(LESSON_CHANGES)),
    # API tokens that expire, and tokens that may only read (those made before: no expiry, their user's role).
    ("0021_token_limits", sql_migration(TOKEN_LIMITS)),
    # Which process an ingest run is (pid, host, that process's start): a run left "running" by a killed process is
    # told from one still running elsewhere, and the next command marks it interrupted (kb.store.runs).
    ("0022_ingest_run_owners", sql_migration(
        "ALTER TABLE ingest_runs ADD COLUMN pid INTEGER;\n"
        "ALTER TABLE ingest_runs ADD COLUMN host TEXT;\n"
        "ALTER TABLE ingest_runs ADD COLUMN process_start TEXT;")),
    # The parser version and the --map a file was read with, beside the signature they are hashed into: kb check's
    # upgrade plan reads a file ingested with --map as it was (it counted it "read by an older parser"), and kb search
    # tells an upgrade is pending from one query. NULL: read before this (by an older parser, unless the next ingest
    # or kb check finds its signature this version's and records so).
    ("0023_source_parser_options", sql_migration(
        "ALTER TABLE sources ADD COLUMN parser_version TEXT;\n"
        "ALTER TABLE sources ADD COLUMN column_map TEXT;")),
    # The change feed's epoch, renewed by kb backup (in the copy) and kb restore: /api/changes tells a cursor of the
    # store before a restore from one of the restored store's, even when its number is one the store has reached again.
    ("0024_feed_epoch", sql_migration(FEED_EPOCH)),
    # The popular topics show what people typed, the latest form of each (they showed the normalised query).
    ("0025_search_topics_typed", _search_topics_typed),
    # Texts pasted into the search page, by key: their results' links name the key, as an address cannot carry
    # 10,000 Chinese characters (kb.store.pasted).
    ("0026_pasted_queries", sql_migration(PASTED_QUERIES)),
    # Pasted texts' keys are keyed with the app's secret (kb.store.pasted): those kept under a key anyone could work
    # out from the text (its SHA-256) are forgotten, their pages saying so ("paste it again").
    ("0027_pasted_keys_secret", sql_migration("DELETE FROM pasted_queries;")),
    # The search log keeps a pasted text's opening and its length, not its first 500 characters.
    ("0028_search_log_pasted", _search_log_pasted),
]


# Names migrations had in development builds before they were numbered in order (2026-12-03, commit 6fec4e3), and
# what makes such a store equal to this version's after the same migration (checked against each build's SQL):
# 0010_search_topics lacked two of 0012's indexes; the others are the same migration under another number.
FORMER_NAMES: dict[str, tuple[str, str]] = {
    "0010_search_topics": ("0012_search_topics", (
        "CREATE INDEX IF NOT EXISTS lessons_review_created ON lessons(review_status, created_at); "
        "CREATE INDEX IF NOT EXISTS lessons_created ON lessons(created_at); ")),
    "0011_search_topics": ("0012_search_topics", ""),
    "0010_contributions": ("0013_contributions", ""),
    "0012_contributions": ("0013_contributions", ""),
}


def unknown_migrations(path: Path, unknown: list[str]) -> str:
    """Why a store recording migrations this version does not know is not opened, and what to do: made by a newer
    version (an unknown name numbered after the newest known), by a development build that named this version's
    migrations otherwise (``FORMER_NAMES``: the statements that rename its records), or by another build."""
    newest, plural = MIGRATIONS[-1][0], len(unknown) > 1
    its = f"its migration{'s' if plural else ''}"
    if any(name > newest for name in unknown):
        return (f"{path} was made by a newer Lessons KB: {its} {', '.join(unknown)} {'are' if plural else 'is'} "
                f"unknown to this one (newest {newest}), which could misread or damage it; upgrade Lessons KB to open "
                "it (nothing was changed)")
    if all(name in FORMER_NAMES for name in unknown):
        return (f"{path} was made by a development build of Lessons KB, not a newer one: this one knows {its} "
                f"{', '.join(f'{n} as {FORMER_NAMES[n][0]}' for n in unknown)} (renumbered on 2026-12-03). Copy the "
                f"file, then rename the record{'s' if plural else ''} and run the command again: "
                f"sqlite3 {shlex.quote(str(path))} \"{renaming(unknown)}\" (nothing was changed)")
    return (f"{path} was made by another build of Lessons KB, not a newer one: {its} {', '.join(unknown)}, numbered "
            f"before this one's newest ({newest}), {'are' if plural else 'is'} unknown to this one, which could "
            "misread or damage it. Open it with the build that made it, or make a new store (kb --db NEW init, then "
            "kb ingest the same folders) (nothing was changed)")


def renaming(names: list[str]) -> str:
    """The SQL that makes a store of a development build one of this version: each former name's record renamed,
    after what its migration lacked (``FORMER_NAMES``)."""
    return " ".join(f"{FORMER_NAMES[name][1]}UPDATE migrations SET name = '{FORMER_NAMES[name][0]}' WHERE name = "
                    f"'{name}';" for name in names)


def pending(conn: sqlite3.Connection, migrations: list[tuple[str, Callable[[sqlite3.Connection], None]]]) -> list[str]:
    """The names of the migrations a database has not recorded yet, read without writing (all of them where it has
    no record at all)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone():
        return [name for name, _ in migrations]
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    return [name for name, _ in migrations if name not in done]


def migrate(conn: sqlite3.Connection,
            migrations: list[tuple[str, Callable[[sqlite3.Connection], None]]] | None = None) -> list[str]:
    """Apply every migration not yet recorded; return the names applied now.

    Safe to re-run and safe against two processes starting at once: each migration is applied in an
    IMMEDIATE transaction that re-checks whether it has been recorded meanwhile.
    """
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    pending = [(n, f) for n, f in (MIGRATIONS if migrations is None else migrations) if n not in done]
    applied = []
    for name, apply in pending:  # each re-checked under the write lock: another process may be migrating too
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", [name]).fetchone():
                conn.execute("COMMIT")
                continue
            apply(conn)
            conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                         [name, datetime.now(UTC).isoformat(timespec="seconds")])
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:  # a COMMIT the disk refused was rolled back by SQLite: ROLLBACK hid why
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
