"""The contributor role's migration on a store made by the old schema, ownership, and corrected metadata."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import timedelta

import pytest

from ingest import ingest
from kb.errors import InvalidInput
from kb.migrations import MIGRATIONS, migrate
from kb.store import Role, Store


def _old_store(path):
    """A database as the schema before the contributor role made it: users, a token and a live web session."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    mine = next(i for i, (name, _) in enumerate(MIGRATIONS) if name.endswith("_contributions"))
    before = MIGRATIONS[:mine]
    migrate(conn, before)
    with pytest.raises(sqlite3.IntegrityError):  # the old CHECK refuses the new role
        conn.execute("INSERT INTO users (name, role, password_hash, created_at) VALUES ('x', 'contributor', 'h', 't')")
    conn.close()
    with Store(path, migrate=False) as store:
        store.add_user("ada", "admin-pass-1", "admin")
        store.add_user("rita", "reader-pass-1", "reader")
        token = "kb_made-before-the-migrations"  # inserted as the code of that time did (no expiry, no scope)
        store.conn.execute("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, 'ci', ?)",
                           [store._user_id("ada"), hashlib.sha256(token.encode()).hexdigest(), "2026-01-01"])
        session_id = store.start_session(store._user_id("rita"), timedelta(days=1))
    return token, session_id


def test_the_migration_keeps_users_tokens_and_sessions_and_admits_contributors(tmp_path):
    path = tmp_path / "old.db"
    token, session_id = _old_store(path)
    with Store(path) as store:  # migrates
        assert "0013_contributions" in {r["name"] for r in store.rows("SELECT name FROM migrations")}
        assert [(u["name"], u["role"], u["tokens"], u["sessions"]) for u in store.users()] == [
            ("ada", "admin", 1, 0), ("rita", "reader", 0, 1)]
        assert store.user_for_token(token)["name"] == "ada"
        assert store.session_user(session_id, timedelta(days=1))["name"] == "rita"
        store.add_user("pm", "contrib-pass-1", "contributor")
        store.set_role("rita", "contributor")
        assert Role("contributor").at_least(Role.READER) and not Role("contributor").at_least(Role.CURATOR)
        # the children still point at the users table, and still go with their user
        refs = {r[2] for t in ("api_tokens", "web_sessions") for r in store.conn.execute(f"PRAGMA foreign_key_list({t})")}
        assert refs == {"users"}
        with store.transaction():
            store.conn.execute("DELETE FROM users WHERE name = 'ada'")
        assert store.scalar("SELECT count(*) FROM api_tokens") == 0
        assert store.rows("PRAGMA foreign_key_check") == []
        assert {"contributed_by"} <= {r[1] for r in store.conn.execute("PRAGMA table_info(lessons)")}


def test_the_migration_is_all_or_nothing(tmp_path):
    path = tmp_path / "old.db"
    _old_store(path)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("CREATE TABLE users_new (x)")  # the migration's first statement will fail
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn)
    conn.execute("DROP TABLE users_new")
    assert conn.execute("SELECT count(*) FROM api_tokens").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM users").fetchone()[0] == 2
    conn.close()
    with Store(path) as store:
        assert len(store.users()) == 2


RETRO = """---
title: Vendor retro
project: ERP
date: 2024-01-02
---
# Vendor retro

## Lessons learned
- Order long-lead items when the budget is approved, not at design sign-off.
"""


def test_corrected_metadata_survives_a_changed_file(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "retro.md").write_text(RETRO, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
        before = store.row("SELECT content_hash FROM documents WHERE key = 'retro.md'")
        store.set_overrides(["retro.md"], {"title": "供应商复盘", "project": "ERP 二期", "date": "2024-03-04",
                                           "doc_type": "retrospective"}, actor="pm")
        row = store.row("SELECT title, project, date, doc_type, content_hash FROM documents WHERE key = 'retro.md'")
        assert (row["title"], row["project"], row["date"], row["doc_type"]) == (
            "供应商复盘", "ERP 二期", "2024-03-04", "retrospective")
        assert row["content_hash"] != before["content_hash"]  # so the index reads the new title
        (folder / "retro.md").write_text(RETRO + "- Keep a second expert on every interface.\n", encoding="utf-8")
        ingest(store, [folder])
        row = store.row("SELECT title, project, date FROM documents WHERE key = 'retro.md'")
        assert (row["title"], row["project"], row["date"]) == ("供应商复盘", "ERP 二期", "2024-03-04")


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "  "}, "the title cannot be empty"),
    ({"doc_type": "memo"}, "unknown document type 'memo'"),
    ({"date": "yesterday"}, "'date' is invalid: 'yesterday' is not a date; use YYYY-MM-DD"),
    ({"language": "fr"}, "'language' must be zh, en or mixed"),
    ({"colour": "red"}, "unknown document field colour"),
])
def test_bad_corrections_are_refused_naming_the_field(tmp_path, fields, message):
    with Store(tmp_path / "kb.db") as store, pytest.raises(InvalidInput, match=message):
        store.set_overrides(["any"], fields, actor="pm")


def test_claim_marks_documents_and_their_lessons_once(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "retro.md").write_text(RETRO, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
        doc_id = store.document_id("retro.md")
        store.claim([doc_id], "pm")
        store.claim([doc_id], "someone-else")  # a replaced version keeps its first contributor
        assert store.contribution("retro.md")["contributed_by"] == "pm"
        assert {r["contributed_by"] for r in store.rows("SELECT contributed_by FROM lessons")} == {"pm"}
        assert [c["key"] for c in store.contributions("pm")] == ["retro.md"]
        assert store.contribution("retro.md")["approved"] is False
        lesson_id = store.scalar("SELECT id FROM lessons")
        store.set_review(lesson_id, "approved", actor="carl")
        assert store.contribution("retro.md")["approved"] is True


def test_kb_user_add_makes_a_contributor(tmp_path, runner):
    from kb.cli import cli

    db = str(tmp_path / "kb.db")
    added = runner.invoke(cli, ["--db", db, "user", "add", "pat", "--role", "contributor", "--password-stdin"],
                          input="contrib-pass-1\n")
    assert added.exit_code == 0 and added.output.strip() == "added contributor 'pat'"
    listed = runner.invoke(cli, ["--db", db, "user", "list"])
    assert re.search(r"pat\s+contributor\s+enabled", listed.output), listed.output
    refused = runner.invoke(cli, ["--db", db, "user", "role", "pat", "boss"])
    assert refused.exit_code == 2 and "'reader', 'contributor', 'curator', 'admin'" in refused.output


def test_withdraw_file_takes_its_documents_and_their_corrections_only(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "retro.md").write_text(RETRO, encoding="utf-8")
    (folder / "register.csv").write_text("id,title,lesson,kind\nr1,Audit,Audit the racks first,lesson\n"
                                         "r2,Labels,Test the printers first,lesson\n", encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
        rows = ["register.csv#r1", "register.csv#r2"]
        store.set_overrides([*rows, "retro.md"], {"date": "2025-03-07"}, actor="pm")
        source = store.scalar("SELECT source_id FROM documents WHERE key = 'register.csv#r2'")
        assert sorted(store.withdraw_file(source)) == rows
        assert [r["key"] for r in store.rows("SELECT key FROM documents")] == ["retro.md"]
        assert store.scalar("SELECT count(*) FROM sources WHERE id = ?", [source]) == 0
        assert [r["key"] for r in store.rows("SELECT key FROM document_overrides")] == ["retro.md"]


def test_a_register_rows_document_is_found_by_its_exact_id(tmp_path):
    """``register_row_document`` matched the key's end with LIKE: a row id holding '_' (any one character to LIKE) or
    differing in case found another row's document (r-review)."""
    folder = tmp_path / "in"
    folder.mkdir()
    register = folder / "register.jsonl"
    register.write_text("".join(f'{{"id": "{row}", "title": "Row {row}", "lesson": "The vendor was late on {row}."}}\n'
                                for row in ("AB1", "a_1", "A_1")), encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        assert ingest(store, [folder]).documents == 3
        path = store.rows("SELECT path FROM sources")[0]["path"]
        found = {row: (store.register_row_document(path, row) or {}).get("key") for row in ("A_1", "a_1", "AB1", "B1")}
    assert found == {"A_1": "register.jsonl#A_1", "a_1": "register.jsonl#a_1", "AB1": "register.jsonl#AB1", "B1": None}
