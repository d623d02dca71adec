"""What the home page shows: recent lessons, popular and fruitless searches, new untagged documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kb.store.core import StoreCore
from kb.store.visibility import NOT_ALL_HIDDEN
from kb.text import search_topic


def days_ago(days: int) -> str:
    """The UTC date ``days`` days before today (ISO)."""
    return (datetime.now(UTC) - timedelta(days=days)).date().isoformat()


class HomeOps(StoreCore):
    """Listings for the home page."""

    def recent_lessons(self, *, limit: int = 6, per_document: int = 2, window: int = 300) -> list[dict[str, Any]]:
        """The lessons added most recently that readers may see (never a hidden one): by the day they were added,
        then by their document's date, at most ``per_document`` from one document. Chosen among the ``window``
        lessons added last (read backwards from the ``created_at`` index, not by sorting every lesson)."""
        rows = self.rows(
            "SELECT l.id, l.kind, l.title, l.text, l.created_at, l.position, l.document_id, d.key AS document_key,"
            " d.title AS document_title, d.project, d.date FROM (SELECT * FROM lessons"
            "  WHERE review_status != 'hidden' ORDER BY created_at DESC LIMIT ?) l"
            " JOIN documents d ON d.id = l.document_id", [window])
        rows.sort(key=lambda r: (r["document_key"], r["position"]))
        rows.sort(key=lambda r: (r["created_at"][:10], r["date"] or ""), reverse=True)
        taken: dict[int, int] = {}
        out = []
        for row in rows:
            taken[row["document_id"]] = taken.get(row["document_id"], 0) + 1
            if taken[row["document_id"]] <= per_document:
                out.append(row)
        return out[:limit]

    def count_search(self, query: str, found: int) -> bool:
        """Count a search towards today's topics (the normalised query and how often it found nothing; not who
        searched). Returns False for a query that is not counted (empty, or too long to be a topic)."""
        topic = search_topic(query)
        if not topic:
            return False
        with self.transaction():
            self.conn.execute(
                "INSERT INTO search_topics (day, query, searches, found_nothing) VALUES (?, ?, 1, ?)"
                " ON CONFLICT (day, query) DO UPDATE SET searches = searches + 1,"
                " found_nothing = found_nothing + excluded.found_nothing",
                [datetime.now(UTC).date().isoformat(), topic, int(found == 0)])
        return True

    def popular_searches(self, *, days: int = 30, limit: int = 8, at_least: int = 3) -> list[dict[str, Any]]:
        """The queries searched most in the last ``days`` days that found something, searched at least
        ``at_least`` times (one person's rare search is not shown to everyone)."""
        return self.rows(
            "SELECT query, sum(searches) AS searches FROM search_topics WHERE day >= ? GROUP BY query"
            " HAVING sum(searches) >= ? AND sum(searches) > sum(found_nothing)"
            " ORDER BY searches DESC, query LIMIT ?", [days_ago(days), at_least, limit])

    def fruitless_searches(self, *, days: int = 30, limit: int = 8) -> list[dict[str, Any]]:
        """The queries of the last ``days`` days that found nothing, most often first (for curators)."""
        return self.rows(
            "SELECT query, sum(found_nothing) AS times, max(day) AS last FROM search_topics WHERE day >= ?"
            " GROUP BY query HAVING sum(found_nothing) > 0 ORDER BY times DESC, last DESC, query LIMIT ?",
            [days_ago(days), limit])

    def untagged_documents(self, *, days: int = 30, limit: int = 8) -> tuple[list[dict[str, Any]], int]:
        """Documents first ingested in the last ``days`` days that carry no tag, newest first, and how many; not
        one whose every lesson a curator has hidden (``NOT_ALL_HIDDEN``)."""
        where = ("FROM documents d WHERE d.first_ingested >= ? AND NOT EXISTS"
                 f" (SELECT 1 FROM document_tags dt WHERE dt.document_id = d.id) AND {NOT_ALL_HIDDEN}")
        since = days_ago(days)
        total = int(self.scalar(f"SELECT count(*) {where}", [since]))
        rows = self.rows(f"SELECT d.key, d.title, d.project, d.date, d.first_ingested {where}"
                         " ORDER BY d.first_ingested DESC, d.key LIMIT ?", [since, limit])
        return rows, total
