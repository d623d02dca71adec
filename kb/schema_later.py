"""The SQL of the later migrations (``kb.migrations``): web logins (0008), sign-up confirmation mails (0009), agenda
slots (0010), tag synonyms and undo (0011), search topics (0012) and the contributor role's tables (0013). Shipped:
never edited, a later migration changes what they made."""

from __future__ import annotations

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

# Addresses the mail server refuses for good ("550 no such user"), counted across runs: paused after a few.
SUBSCRIBER_REFUSALS = """
ALTER TABLE subscribers ADD COLUMN refusals INTEGER NOT NULL DEFAULT 0;  -- runs in a row that had its address refused
ALTER TABLE subscribers ADD COLUMN refused_at TEXT;                      -- the last of them
ALTER TABLE subscribers ADD COLUMN refused_error TEXT;                   -- and the server's answer
ALTER TABLE subscribers ADD COLUMN paused_at TEXT;                       -- paused (no digest) until resumed
"""

# Why a curator hid a lesson ("a meeting note, not a lesson"), shown to its contributor and to curators.
REVIEW_NOTES = """
ALTER TABLE lessons ADD COLUMN review_note TEXT;  -- set with a hidden verdict only; cleared by any other
"""

# 0020: the lessons' change feed (kb.store.changes), and a row for every lesson the store holds: the feed's start.
LESSON_CHANGES = """
CREATE TABLE lesson_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    lesson_id INTEGER NOT NULL UNIQUE,
    change TEXT NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    at TEXT NOT NULL,
    added_seq INTEGER
);
INSERT INTO lesson_changes (lesson_id, change, at)
    SELECT id, 'added', coalesce(created_at, updated_at, '') FROM lessons ORDER BY created_at, id;
UPDATE lesson_changes SET added_seq = seq;
"""

# 0021: an API token's expiry (None: never, as every token made before) and scope ('read': no writes; 'all': what its
# user's role may do, as every token made before).
TOKEN_LIMITS = """
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'read'));
"""

# 0024: the change feed's epoch (kb.store.changes): a name for this line of change numbers, new in every copy
# `kb backup` takes and every database `kb restore` puts back (RENEW_FEED_EPOCH), so that a cursor read from the store
# before is told from one of the restored store's own numbers, even once it has made more changes than it lost.
FEED_EPOCH = """
CREATE TABLE feed_epoch (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    epoch TEXT NOT NULL
);
INSERT INTO feed_epoch (id, epoch) VALUES (1, lower(hex(randomblob(6))));
"""
RENEW_FEED_EPOCH = "UPDATE feed_epoch SET epoch = lower(hex(randomblob(6)))"
# Texts pasted into the search page, by key (kb.store.pasted): the results' links name the key.
PASTED_QUERIES = """
CREATE TABLE pasted_queries (
    key TEXT PRIMARY KEY,
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX pasted_queries_at ON pasted_queries(at);
"""
