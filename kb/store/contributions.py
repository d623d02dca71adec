"""Contributions from the browser: who added which document, metadata an uploader corrected, uploads in progress.

A contributor may change or withdraw what they added until a curator approves one of its lessons; curators and
admins may change anything. Corrected metadata is kept by document key and applied whenever the document is stored
again (``WriteOps.save_file``), so a re-parse, by the web or by ``kb ingest``, keeps the corrections.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.fields import date_field
from kb.models import DocType, Language, ParsedDocument
from kb.sql import placeholders
from kb.store.changes import CHANGED, ChangeLog
from kb.store.core import now
from kb.store.lesson_corrections import (
    Corrected,
    check_lesson_corrections,
    correct_lessons,
    unmatched_message,
)
from kb.store.visibility import NOT_ALL_HIDDEN
from kb.text import shown_value, sort_key

OVERRIDE_FIELDS = ("title", "project", "doc_type", "date", "language", "lessons")
UPLOAD_STATUSES = ("queued", "parsing", "ready", "failed", "published", "discarded")


def check_overrides(fields: dict[str, Any]) -> dict[str, Any]:
    """Corrected metadata, validated: a title (not empty), a project, a document type, a date (stored ISO), a language;
    and corrected lessons (``kb.store.lesson_corrections``).

    Raises:
        InvalidInput: an unknown field or a value the store cannot hold, naming the field.
    """
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in OVERRIDE_FIELDS:
            raise InvalidInput(f"unknown document field {name}")
        if name == "lessons":
            out[name] = check_lesson_corrections(value)
            continue
        value = (value or "").strip() or None
        if name == "title" and value is None:
            raise InvalidInput("the title cannot be empty")
        if name == "doc_type" and value is not None and value not in {t.value for t in DocType}:
            raise InvalidInput(f"unknown document type {value[:40]!r}")
        if name == "language" and value is not None and value not in {lang.value for lang in Language}:
            raise InvalidInput("'language' must be zh, en or mixed")  # the field's name, not the search filter's
        if name == "date" and value is not None:
            value = date_field(value, "date")  # 2026/10/15, 2026年10月15日... stored as 2026-10-15
        out[name] = value
    return out


def apply_overrides(doc: ParsedDocument, fields: dict[str, Any]) -> ParsedDocument:
    """A parsed document with corrected metadata in place of what parsing found."""
    return corrected_document(doc, fields)[0]


def corrected_document(doc: ParsedDocument, fields: dict[str, Any]) -> tuple[ParsedDocument, Corrected | None]:
    """A parsed document with corrected metadata in place of what parsing found, and how its lesson corrections
    were matched to the lessons read (None when it has none)."""
    changes: dict[str, Any] = {}
    lessons: Corrected | None = None
    for name, value in fields.items():
        if name == "doc_type":
            changes[name] = DocType(value) if value else doc.doc_type
        elif name == "language":
            changes[name] = Language(value) if value else doc.language
        elif name == "date":
            changes[name] = date.fromisoformat(value) if value else None
        elif name == "title":
            changes[name] = value or doc.title
        elif name == "project":
            changes[name] = value
        elif name == "lessons":
            lessons = correct_lessons(doc.lessons, value, _headings(doc))
            changes[name] = lessons.lessons
    return doc.replace(**changes), lessons


def _headings(doc: ParsedDocument) -> list[str | None]:
    """Each lesson's section heading (None for none)."""
    count = len(doc.sections)
    return [doc.sections[lesson.section_index].heading
            if lesson.section_index is not None and 0 <= lesson.section_index < count else None
            for lesson in doc.lessons]


class ContributionOps(ChangeLog):
    """Ownership of contributed documents, corrected metadata, and the uploads table."""

    # ---- corrected metadata ----------------------------------------------------------------------------
    def overrides(self, key: str) -> dict[str, Any]:
        """The corrected metadata of a document key ({} when none)."""
        found = self.scalar("SELECT fields FROM document_overrides WHERE key = ?", [key])
        return json.loads(found) if found else {}

    def set_overrides(self, keys: list[str], fields: dict[str, Any], *, actor: str | None) -> None:
        """Correct the metadata of stored documents now, and whenever they are stored again.

        The document's content hash changes with it, so the next index sync re-reads its text (the title is part
        of every chunk). Corrected lessons are the document's as it is stored again: its file is marked to be read
        again by the next ingest.
        """
        fields = check_overrides(fields)
        stamp = now()
        with self.transaction():
            for key in keys:
                row = self.row("SELECT id, content_hash FROM documents WHERE key = ?", [key])
                if row is None:
                    raise NotFound(f"no document with key '{shown_value(key)}'")
                merged = {**self.overrides(key), **fields}
                self.conn.execute(
                    "INSERT INTO document_overrides (key, fields, set_by, set_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(key) DO UPDATE SET fields = excluded.fields, set_by = excluded.set_by,"
                    " set_at = excluded.set_at", [key, json.dumps(merged, ensure_ascii=False), actor, stamp])
                values = {k: v for k, v in fields.items() if k != "lessons"}
                if "lessons" in fields:
                    self.conn.execute("UPDATE sources SET content_hash = '' WHERE id = (SELECT source_id FROM documents"
                                      " WHERE id = ?)", [row["id"]])
                if "title" in values:
                    values["title_sort"] = sort_key(str(values["title"]))
                values["content_hash"] = hashlib.sha256(
                    f"{row['content_hash']}\n{json.dumps(merged, sort_keys=True)}".encode()).hexdigest()
                assignments = ", ".join(f"{k} = :{k}" for k in values)
                self.conn.execute(f"UPDATE documents SET {assignments} WHERE id = :id", {**values, "id": row["id"]})
                self._record_documents("d.id = ?", [row["id"]], CHANGED)

    def drop_overrides(self, keys: list[str]) -> None:
        """Forget the corrected metadata of document keys (a withdrawn document's: a document of that key stored
        again is read as its file says)."""
        with self.transaction():
            self.conn.executemany("DELETE FROM document_overrides WHERE key = ?", [[key] for key in keys])

    def withdraw_file(self, source_id: int) -> list[str]:
        """Take a withdrawn upload out in one transaction: the file's row, every document stored from it and their
        corrected metadata (all of them: a register's rows each had the corrections the upload was published with).

        Returns:
            The keys of the documents that went.
        """
        with self.transaction():
            keys = [r["key"] for r in self.rows("SELECT key FROM documents WHERE source_id = ?", [source_id])]
            self.drop_overrides(keys)
            self._record_documents("d.source_id = ?", [source_id])
            self.conn.execute("DELETE FROM documents WHERE source_id = ?", [source_id])
            self.conn.execute("DELETE FROM sources WHERE id = ?", [source_id])
        return keys

    # ---- who contributed what -------------------------------------------------------------------------
    def claim(self, document_ids: list[int], user_name: str) -> None:
        """Record a contributor for documents they added (a document keeps its first contributor) and for their
        lessons that have none yet."""
        marks = placeholders(document_ids)
        if not document_ids:
            return
        with self.transaction():
            self.conn.execute(f"UPDATE documents SET contributed_by = ? WHERE id IN ({marks}) AND contributed_by IS NULL",
                              [user_name, *document_ids])
            claimed = self.conn.execute(
                f"UPDATE lessons SET contributed_by = (SELECT d.contributed_by FROM documents d"
                f" WHERE d.id = lessons.document_id) WHERE document_id IN ({marks})"
                " AND contributed_by IS NULL AND EXISTS (SELECT 1 FROM documents d WHERE d.id = lessons.document_id"
                " AND d.contributed_by IS NOT NULL) RETURNING id", document_ids).fetchall()
            self._record([r[0] for r in claimed], CHANGED)  # the feed's lessons carry their contributor

    def contribution(self, key: str) -> dict[str, Any]:
        """A document's contributor, and whether a curator has approved one of its lessons (then it is locked for
        its contributor).

        Raises:
            NotFound: no such document.
        """
        row = self.row("SELECT d.id, d.key, d.contributed_by, d.source_id,"
                       " (SELECT path FROM sources s WHERE s.id = d.source_id) AS path,"
                       " EXISTS (SELECT 1 FROM lessons l WHERE l.document_id = d.id AND l.review_status = 'approved')"
                       " AS approved FROM documents d WHERE d.key = ?", [key])
        if row is None:
            raise NotFound(f"no document with key '{shown_value(key)}'")
        row["approved"] = bool(row["approved"])
        return row

    def contributions(self, user_name: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """Documents added from the browser (by one user, or by anyone), newest first, with their lessons' review
        states, how many of their lesson corrections match no lesson since the file was read again
        (``unmatched``), and whether readers see nothing of it (``gone``: a register row whose lessons are hidden)."""
        where, params = ("WHERE d.contributed_by = ?", [user_name]) if user_name else \
            ("WHERE d.contributed_by IS NOT NULL", [])
        rows = self.rows(
            "SELECT d.key, d.title, d.project, d.doc_type, d.date, d.contributed_by, d.first_ingested,"
            " (SELECT count(*) FROM lessons l WHERE l.document_id = d.id) AS lessons,"
            " (SELECT count(*) FROM lessons l WHERE l.document_id = d.id AND l.review_status = 'approved') AS approved,"
            " (SELECT count(*) FROM lessons l WHERE l.document_id = d.id AND l.review_status = 'hidden') AS hidden,"
            " (SELECT json_group_array(DISTINCT l.review_note) FROM lessons l WHERE l.document_id = d.id"
            "  AND l.review_status = 'hidden' AND l.review_note IS NOT NULL) AS hidden_notes,"
            " (SELECT fields FROM document_overrides o WHERE o.key = d.key) AS corrections,"
            f" NOT {NOT_ALL_HIDDEN} AS gone"  # nothing of it left for readers: a register row whose lessons are hidden
            f" FROM documents d {where} ORDER BY d.first_ingested DESC, d.id DESC LIMIT ?", [*params, limit])
        for row in rows:  # why curators hid its lessons, each reason once; its corrections that match no lesson now
            row["hidden_notes"] = json.loads(row["hidden_notes"] or "[]")
            changed = json.loads(row.pop("corrections") or "{}").get("lessons", {}).get("changed", [])
            row["unmatched"] = sum(1 for change in changed if change.get("unmatched"))
            row["gone"] = bool(row["gone"])
        return rows

    def unmatched_corrections(self) -> list[dict[str, Any]]:
        """Every uploader's lesson correction that matches no lesson since its file was read again, until it matches
        again or is forgotten: its document's key, title, file (None when the document is gone) and contributor, the
        correction (``change``) and what ``kb errors`` says of it (``message``), by file then document."""
        rows = self.rows("SELECT o.key, d.title, s.path, d.contributed_by, o.fields FROM document_overrides o"
                         " LEFT JOIN documents d ON d.key = o.key LEFT JOIN sources s ON s.id = d.source_id"
                         " WHERE o.fields LIKE '%\"unmatched\"%' ORDER BY s.path, o.key")
        return [{**{k: row[k] for k in ("key", "title", "path", "contributed_by")}, "change": change,
                 "message": unmatched_message(row["key"], change)}
                for row in rows
                for change in json.loads(row["fields"]).get("lessons", {}).get("changed", []) if change.get("unmatched")]

    def source_documents(self, path: str) -> list[dict[str, Any]]:
        """The documents stored from a file (by absolute path)."""
        return self.rows("SELECT d.id, d.key, d.title, d.contributed_by FROM documents d JOIN sources s"
                         " ON s.id = d.source_id WHERE s.path = ? ORDER BY d.id", [path])

    def register_row_document(self, path: str, row_id: str) -> dict[str, Any] | None:
        """The document (``id``, ``key``) stored from a register's row: read from the file at ``path``, its key ending
        in ``#row_id``; None if the row was not stored."""
        suffix = f"#{row_id}"  # compared exactly: to LIKE, a row id's '_' or '%' matched others, in any case
        return self.row("SELECT d.id, d.key FROM documents d JOIN sources s ON s.id = d.source_id"
                        " WHERE s.path = ? AND substr(d.key, -?) = ?", [path, len(suffix), suffix])

    def sources_with_hash(self, content_hash: str) -> list[dict[str, Any]]:
        """Stored files with these exact bytes, and a document of each (to recognise a file uploaded again)."""
        return self.rows("SELECT s.path, s.rel_path, (SELECT d.key FROM documents d WHERE d.source_id = s.id"
                         " ORDER BY d.id LIMIT 1) AS key FROM sources s WHERE s.content_hash = ?", [content_hash])

    # ---- uploads --------------------------------------------------------------------------------------
    def add_upload(self, batch: str, user_name: str, file_name: str, staged_path: str, content_hash: str,
                   size: int, project: str | None) -> int:
        """Record a file just received (queued for parsing)."""
        stamp = now()
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO uploads (batch, user_name, file_name, staged_path, content_hash, size, project, status,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)",
                [batch, user_name, file_name, staged_path, content_hash, size, project, stamp, stamp])
        return int(cur.lastrowid)

    def update_upload(self, upload_id: int, **values: Any) -> None:
        """Change an upload's status, message, preview or published path."""
        if values.get("status") not in (None, *UPLOAD_STATUSES):
            raise InvalidInput(f"unknown upload status {values['status']}")
        if isinstance(values.get("preview"), dict):
            values["preview"] = json.dumps(values["preview"], ensure_ascii=False, default=str)
        values["updated_at"] = now()
        assignments = ", ".join(f"{k} = :{k}" for k in values)
        with self.transaction():
            self.conn.execute(f"UPDATE uploads SET {assignments} WHERE id = :id", {**values, "id": upload_id})

    def touch_uploads(self, upload_ids: list[int], *, status: str, older_than: str) -> None:
        """Mark uploads still in ``status`` as current (``updated_at`` now) where they were last changed before
        ``older_than``: work on them is still under way, however long it has waited."""
        for start in range(0, len(upload_ids), 500):  # SQLite's limit on parameters
            part = upload_ids[start:start + 500]
            with self.transaction():
                self.conn.execute(f"UPDATE uploads SET updated_at = ? WHERE id IN ({placeholders(part)})"
                                  " AND status = ? AND updated_at < ?", [now(), *part, status, older_than])

    def upload(self, upload_id: int) -> dict[str, Any]:
        """One upload, its preview decoded.

        Raises:
            NotFound: no such upload.
        """
        row = self.row("SELECT * FROM uploads WHERE id = ?", [upload_id])
        if row is None:
            raise NotFound(f"no upload {upload_id}")
        row["preview"] = json.loads(row["preview"]) if row["preview"] else None
        return row

    def unpublished_uploads(self, user_name: str) -> list[dict[str, Any]]:
        """A user's uploads with files still being read or read and awaiting publication, newest first: ``batch``,
        ``created_at``, ``project`` (as typed on the upload form) and ``files`` (their names, in the order they came)."""
        # by the batch's first file (a file received a second after the one before it put its batch's files out of
        # order: "notes.md、retro.md"); uploads of the same second: the later one first (a batch's id is its first file's)
        rows = self.rows("SELECT batch, created_at, project, file_name FROM uploads WHERE user_name = ?"
                         " AND status IN ('queued', 'parsing', 'ready') ORDER BY"
                         " (SELECT min(created_at) FROM uploads AS same WHERE same.batch = uploads.batch) DESC,"
                         " (SELECT min(id) FROM uploads AS same WHERE same.batch = uploads.batch) DESC, id",
                         [user_name])
        batches: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = batches.setdefault(row["batch"], {"batch": row["batch"], "created_at": row["created_at"],
                                                      "project": row["project"], "files": []})
            entry["files"].append(row["file_name"])
        return list(batches.values())

    def abandoned_uploads(self, older_than: str) -> list[int]:
        """The uploads read (or failed) but neither published nor discarded, last changed before ``older_than``."""
        return [r[0] for r in self.conn.execute("SELECT id FROM uploads WHERE status IN ('ready', 'failed')"
                                                " AND updated_at < ?", [older_than])]

    def batch_uploads(self, batch: str) -> list[dict[str, Any]]:
        """The files of one upload, in the order they came."""
        ids = [r[0] for r in self.conn.execute("SELECT id FROM uploads WHERE batch = ? ORDER BY id", [batch])]
        return [self.upload(i) for i in ids]
