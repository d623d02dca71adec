"""What the home page shows: recent lessons, popular and fruitless searches, new untagged documents."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from kb.store.core import StoreCore
from kb.store.visibility import NOT_ALL_HIDDEN
from kb.text import search_topic, typed_topic

# A counted query as it was typed on the latest day of the window that knows it (rows counted before migration
# 0025 and not found in the search log have none: the normalised query then).
_LAST_TYPED = ("coalesce((SELECT x.typed FROM search_topics x WHERE x.query = t.query AND x.day >= ? AND x.typed IS NOT"
               " NULL ORDER BY x.day DESC LIMIT 1), t.query)")


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
        """Count a search towards today's topics (under the normalised query, with the latest form it was typed in to
        show, and how often it found nothing; not who searched). Returns False for a query that is not counted
        (empty, or too long to be a topic)."""
        topic = search_topic(query)
        if not topic:
            return False
        with self.transaction():
            self.conn.execute(
                "INSERT INTO search_topics (day, query, searches, found_nothing, typed) VALUES (?, ?, 1, ?, ?)"
                " ON CONFLICT (day, query) DO UPDATE SET searches = searches + 1,"
                " found_nothing = found_nothing + excluded.found_nothing, typed = excluded.typed",
                [datetime.now(UTC).date().isoformat(), topic, int(found == 0), typed_topic(query)])
        return True

    def popular_searches(self, *, days: int = 30, limit: int = 8, at_least: int = 3) -> list[dict[str, Any]]:
        """The queries searched most in the last ``days`` days that found something, searched at least
        ``at_least`` times (one person's rare search is not shown to everyone); each as it was last typed ("SAP
        数据迁移", not the "sap 数据迁移" it is counted under)."""
        since = days_ago(days)
        return self.rows(
            f"SELECT {_LAST_TYPED} AS query, sum(t.searches) AS searches FROM search_topics t WHERE t.day >= ?"
            " GROUP BY t.query HAVING sum(t.searches) >= ? AND sum(t.searches) > sum(t.found_nothing)"
            " ORDER BY searches DESC, t.query LIMIT ?", [since, since, at_least, limit])

    def fruitless_searches(self, *, days: int = 30, limit: int = 8) -> list[dict[str, Any]]:
        """The queries of the last ``days`` days that found nothing, most often first (for curators), each as it was
        last typed."""
        since = days_ago(days)
        return self.rows(
            f"SELECT {_LAST_TYPED} AS query, sum(t.found_nothing) AS times, max(t.day) AS last FROM search_topics t"
            " WHERE t.day >= ? GROUP BY t.query HAVING sum(t.found_nothing) > 0 ORDER BY times DESC, last DESC, t.query"
            " LIMIT ?", [since, since, limit])

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
