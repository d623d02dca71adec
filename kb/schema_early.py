"""The SQL of the first migrations (``kb.migrations``): the store's documents, sections, lessons, tags and ingest runs
(0001_initial); users, tokens, share sessions and the search log (0003); digest subscribers and deliveries (0005).
Shipped: never edited, a later migration changes what they made."""

from __future__ import annotations

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
