"""Named, re-runnable schema migrations, recorded in the ``migrations`` table.

A migration runs once, inside a transaction; adding a new one means appending to ``MIGRATIONS``.
Never edit a migration that has shipped: write a new one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

INITIAL = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,            -- absolute path of the file
    root TEXT NOT NULL,                   -- the folder it was ingested from (keys are relative to it)
    rel_path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    parser_signature TEXT NOT NULL,       -- parser version + options; a change forces a re-parse
    ingested_at TEXT NOT NULL,
    last_seen_run INTEGER
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    source_path TEXT,
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL DEFAULT 'other' CHECK (doc_type IN
        ('retrospective', 'post_mortem', 'status_report', 'charter', 'risk_register', 'lessons_register', 'other')),
    project TEXT,
    department TEXT,
    date TEXT,                            -- ISO 8601 date
    authors TEXT NOT NULL DEFAULT '[]',   -- JSON array
    language TEXT NOT NULL CHECK (language IN ('zh', 'en', 'mixed')),
    format TEXT NOT NULL,
    encoding TEXT,
    content_hash TEXT NOT NULL,           -- hash of this document's own content
    raw_text TEXT NOT NULL,
    html TEXT NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}',      -- other front-matter / meta fields, JSON
    first_ingested TEXT NOT NULL,
    last_ingested TEXT NOT NULL
);
CREATE INDEX documents_project ON documents(project);
CREATE INDEX documents_type ON documents(doc_type);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_source ON documents(source_id);
CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    heading TEXT NOT NULL,
    level INTEGER NOT NULL,
    kind TEXT,
    text TEXT NOT NULL
);
CREATE INDEX sections_document ON sections(document_id, position);
CREATE TABLE lessons (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES sections(id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN
        ('went_well', 'went_wrong', 'lesson', 'recommendation', 'action_item', 'root_cause')),
    title TEXT,
    text TEXT NOT NULL,
    driving_event TEXT,
    lesson TEXT,
    recommendation TEXT,
    text_hash TEXT NOT NULL,
    review_status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_status IN ('unreviewed', 'approved', 'hidden')),
    reviewed_by TEXT,
    reviewed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX lessons_document ON lessons(document_id, position);
CREATE INDEX lessons_kind ON lessons(kind);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,            -- normalised (NFKC, case-folded)
    label TEXT NOT NULL,                  -- as first written
    created_at TEXT NOT NULL
);
CREATE TABLE document_tags (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('front_matter', 'curator', 'suggestion')),
    added_by TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (document_id, tag_id)
);
CREATE INDEX document_tags_tag ON document_tags(tag_id);
CREATE TABLE lesson_tags (
    lesson_id INTEGER NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    origin TEXT NOT NULL CHECK (origin IN ('front_matter', 'curator', 'suggestion')),
    added_by TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (lesson_id, tag_id)
);
CREATE INDEX lesson_tags_tag ON lesson_tags(tag_id);
CREATE TABLE tag_events (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,                 -- add, remove, rename, merge
    tag TEXT NOT NULL,
    detail TEXT,                          -- target (document key / lesson id) or the other tag
    actor TEXT,
    at TEXT NOT NULL
);
CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    paths TEXT NOT NULL,                  -- JSON array
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0,
    seconds REAL,
    status TEXT NOT NULL DEFAULT 'running'
);
CREATE TABLE ingest_errors (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES ingest_runs(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    line INTEGER,
    level TEXT NOT NULL DEFAULT 'error' CHECK (level IN ('error', 'warning')),
    message TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ingest_errors_run ON ingest_errors(run_id);
"""


PEOPLE_AND_SESSIONS = """
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT,
    role TEXT NOT NULL CHECK (role IN ('reader', 'curator', 'admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    last_login TEXT
);
CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,      -- sha256 of the token; the token itself is shown once
    label TEXT,
    created_at TEXT NOT NULL,
    last_used TEXT
);
CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT,
    success INTEGER NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_attempts_name ON login_attempts(name, at);
CREATE INDEX login_attempts_address ON login_attempts(address, at);
CREATE TABLE share_sessions (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    theme TEXT,
    scheduled_at TEXT,                    -- ISO 8601 date and time
    location TEXT,
    presenters TEXT NOT NULL DEFAULT '[]', -- JSON array
    audience TEXT,
    description TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'scheduled', 'held')),
    created_by TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX share_sessions_when ON share_sessions(scheduled_at);
CREATE TABLE session_items (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES share_sessions(id) ON DELETE CASCADE,
    lesson_id INTEGER REFERENCES lessons(id) ON DELETE SET NULL,
    position INTEGER NOT NULL,
    note TEXT,
    minutes TEXT,
    -- a snapshot, so an agenda survives the lesson being edited away
    lesson_text TEXT NOT NULL,
    lesson_kind TEXT,
    document_key TEXT,
    document_title TEXT,
    project TEXT,
    added_by TEXT,
    added_at TEXT NOT NULL,
    UNIQUE (session_id, lesson_id)
);
CREATE INDEX session_items_session ON session_items(session_id, position);
CREATE INDEX session_items_lesson ON session_items(lesson_id);
CREATE TABLE search_log (
    id INTEGER PRIMARY KEY,
    query TEXT NOT NULL,
    mode TEXT,
    results INTEGER NOT NULL,
    actor TEXT,
    at TEXT NOT NULL
);
CREATE INDEX search_log_at ON search_log(at);
"""


SUBSCRIBERS = """
CREATE TABLE subscribers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT,
    language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('zh', 'en')),
    interests TEXT NOT NULL DEFAULT '{}',   -- JSON: {"tags": [], "projects": [], "kinds": []}; empty = everything
    frequency TEXT NOT NULL DEFAULT 'weekly' CHECK (frequency IN ('weekly', 'daily', 'off')),
    active INTEGER NOT NULL DEFAULT 1,
    confirmed INTEGER NOT NULL DEFAULT 1,   -- self-service sign-ups confirm by a signed link first
    role TEXT NOT NULL DEFAULT 'reader',    -- curators also get failed searches and untagged documents
    link_nonce TEXT NOT NULL,               -- part of signed links; rotated so an unsubscribe link works once
    last_period_end TEXT,                   -- where the last digest's window ended
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE digest_deliveries (
    id INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id) ON DELETE CASCADE,
    period TEXT NOT NULL,                   -- 2026-W47 (weekly) or 2026-11-25 (daily)
    status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed', 'skipped', 'unknown')),
    run_id TEXT NOT NULL,                   -- the run that claimed it
    attempts INTEGER NOT NULL DEFAULT 0,
    message_id TEXT,
    error TEXT,
    window_start TEXT,
    window_end TEXT,
    claimed_at TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (subscriber_id, period)
);
CREATE INDEX digest_deliveries_status ON digest_deliveries(status);
"""


WEB_SESSIONS = """
CREATE TABLE web_sessions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,      -- sha256 of the random id the session cookie carries
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,              -- updated at most every few minutes, not on every request
    expires_at TEXT NOT NULL,             -- last_seen + the cookie's lifetime
    address TEXT                          -- where the login came from
);
CREATE INDEX web_sessions_user ON web_sessions(user_id);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
"""


CONFIRMATION_MAILS = """
CREATE TABLE confirmation_mails (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE,
    client TEXT,                          -- the address the sign-up came from
    at TEXT NOT NULL
);
CREATE INDEX confirmation_mails_email ON confirmation_mails(email, at);
CREATE INDEX confirmation_mails_client ON confirmation_mails(client, at);
"""


AGENDA_SLOTS = """
ALTER TABLE session_items ADD COLUMN presenter TEXT;
ALTER TABLE session_items ADD COLUMN starts_at TEXT;           -- HH:MM on the session's day, or NULL
ALTER TABLE session_items ADD COLUMN duration_minutes INTEGER;  -- or NULL
"""

TAG_SYNONYMS_AND_UNDO = """
CREATE TABLE tag_synonyms (
    name TEXT PRIMARY KEY,                -- a normalised tag name (the tag need not exist yet)
    group_id INTEGER NOT NULL,            -- names with the same group_id are one tag to search and browsing
    added_by TEXT,
    added_at TEXT NOT NULL
);
CREATE INDEX tag_synonyms_group ON tag_synonyms(group_id);
ALTER TABLE tag_events ADD COLUMN undo TEXT;       -- JSON: what a rename or merge changed, to put it back
ALTER TABLE tag_events ADD COLUMN undone_at TEXT;  -- set once the change has been undone
"""


SEARCH_TOPICS = """
CREATE TABLE search_topics (
    day TEXT NOT NULL,                    -- UTC date, 2026-12-02
    query TEXT NOT NULL,                  -- normalised (NFKC, case-folded, single spaces); never who searched
    searches INTEGER NOT NULL DEFAULT 0,
    found_nothing INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, query)
);
CREATE INDEX lessons_review_created ON lessons(review_status, created_at);
CREATE INDEX lessons_created ON lessons(created_at);
"""


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
# Contributors (issue 18): a role between reader and curator, who adds documents and lessons from the browser.
# The role is in the users table's CHECK constraint, which SQLite cannot alter: the table is rebuilt. Dropping it
# with foreign keys on would cascade to api_tokens and web_sessions (and a rename would re-point their references
# at the old table), so those two are rebuilt with it: new tables are made under other names, filled, the old ones
# dropped children first (nothing is left to cascade to), and the new ones renamed into place (SQLite rewrites the
# children's references to the renamed parent).
CONTRIBUTOR_TABLES = """
CREATE TABLE users_new (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT,
    role TEXT NOT NULL CHECK (role IN ('reader', 'contributor', 'curator', 'admin')),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    last_login TEXT
);
CREATE TABLE api_tokens_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users_new(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,      -- sha256 of the token; the token itself is shown once
    label TEXT,
    created_at TEXT NOT NULL,
    last_used TEXT
);
CREATE TABLE web_sessions_new (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users_new(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,      -- sha256 of the random id the session cookie carries
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL,              -- updated at most every few minutes, not on every request
    expires_at TEXT NOT NULL,             -- last_seen + the cookie's lifetime
    address TEXT                          -- where the login came from
);
INSERT INTO users_new SELECT id, name, display_name, role, password_hash, active, created_at, last_login FROM users;
INSERT INTO api_tokens_new SELECT id, user_id, token_hash, label, created_at, last_used FROM api_tokens;
INSERT INTO web_sessions_new SELECT id, user_id, token_hash, created_at, last_seen, expires_at, address FROM web_sessions;
DROP TABLE web_sessions;
DROP TABLE api_tokens;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE api_tokens_new RENAME TO api_tokens;
ALTER TABLE web_sessions_new RENAME TO web_sessions;
CREATE INDEX web_sessions_user ON web_sessions(user_id);
CREATE INDEX web_sessions_expiry ON web_sessions(expires_at);
-- who added a document or lesson from the browser (a user name; NULL: 'kb ingest' on the server)
ALTER TABLE documents ADD COLUMN contributed_by TEXT;
ALTER TABLE lessons ADD COLUMN contributed_by TEXT;
CREATE INDEX lessons_contributed_by ON lessons(contributed_by);
CREATE INDEX documents_contributed_by ON documents(contributed_by);
-- metadata an uploader corrected, by document key: applied whenever the document is stored again
CREATE TABLE document_overrides (
    key TEXT PRIMARY KEY,
    fields TEXT NOT NULL,                 -- JSON: title, project, doc_type, date, language
    set_by TEXT,
    set_at TEXT NOT NULL
);
-- files uploaded from the browser, from the upload until they are published or discarded
CREATE TABLE uploads (
    id INTEGER PRIMARY KEY,
    batch TEXT NOT NULL,                  -- the files sent together
    user_name TEXT NOT NULL,
    file_name TEXT NOT NULL,
    staged_path TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    size INTEGER NOT NULL,
    project TEXT,
    status TEXT NOT NULL CHECK (status IN ('queued', 'parsing', 'ready', 'failed', 'published', 'discarded')),
    message TEXT,                         -- why it failed, in English (the catalogue translates it)
    preview TEXT,                         -- JSON: what parsing understood
    source_path TEXT,                     -- where it was published
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX uploads_batch ON uploads(batch);
CREATE INDEX uploads_user ON uploads(user_name, created_at);
"""


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
]


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
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
