"""What a scratch store holds after one upload is read into it: what the upload's preview shows before publishing.

``web/contributions/staging.py`` reads an uploaded file into ``Store(":memory:")`` and asks it these questions; they
read every row of the store, which only a scratch store of one upload keeps small.
"""

from __future__ import annotations

from typing import Any

from kb.store.core import StoreCore


class PreviewOps(StoreCore):
    """The documents, headings and lessons of a scratch store, as an upload's preview lists them."""

    def has_text(self) -> bool:
        """Whether any document has text (a deck of pictures read into none)."""
        return bool(self.scalar("SELECT count(*) FROM documents WHERE trim(raw_text) != ''"))

    def preview_documents(self) -> list[dict[str, Any]]:
        """Every document, in the order stored: ``id``, ``key``, ``title``, ``project``, ``doc_type``, ``date``,
        ``language`` and ``authors`` (as stored: a JSON list)."""
        return self.rows("SELECT id, key, title, project, doc_type, date, language, authors FROM documents"
                         " ORDER BY id")

    def preview_headings(self, document_id: int, limit: int = 100) -> list[dict[str, Any]]:
        """A document's first ``limit`` sections: ``heading`` and ``level``, in the document's order."""
        return self.rows("SELECT heading, level FROM sections WHERE document_id = ? ORDER BY position LIMIT ?",
                         [document_id, limit])

    def preview_lessons(self, limit: int) -> list[dict[str, Any]]:
        """The first ``limit`` lessons, by document and in each document's order: ``kind``, ``text``,
        ``driving_event``, ``recommendation``, ``doc`` (the document's key), ``doc_title`` and ``section`` (its
        section's heading)."""
        return self.rows("SELECT l.kind, l.text, l.driving_event, l.recommendation, d.key AS doc, d.title AS doc_title,"
                         " (SELECT heading FROM sections s WHERE s.id = l.section_id) AS section"
                         " FROM lessons l JOIN documents d ON d.id = l.document_id"
                         " ORDER BY l.document_id, l.position LIMIT ?", [limit])

    def lesson_kind_counts(self) -> dict[str, int]:
        """How many lessons of each kind, by kind."""
        return {r["kind"]: r["n"] for r in self.rows("SELECT kind, count(*) AS n FROM lessons GROUP BY kind")}
