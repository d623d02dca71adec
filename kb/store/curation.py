"""Curators' verdicts on lessons, and the search log the digest reports on."""

from __future__ import annotations

from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.models import ReviewStatus
from kb.store.core import StoreCore, now


class CurationOps(StoreCore):
    """Lesson review and the search log."""

    def set_review(self, lesson_id: int, status: ReviewStatus | str, *, actor: str | None = None) -> None:
        """Mark a lesson approved, hidden (leaves search for readers) or unreviewed."""
        try:
            status = ReviewStatus(str(status))
        except ValueError:
            raise InvalidInput(f"unknown review status '{status}'; use unreviewed, approved or hidden") from None
        with self.transaction():
            changed = self.conn.execute(
                "UPDATE lessons SET review_status = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?",
                [status.value, actor if status != ReviewStatus.UNREVIEWED else None,
                 now() if status != ReviewStatus.UNREVIEWED else None, lesson_id]).rowcount
        if not changed:
            raise NotFound(f"no lesson {lesson_id}")

    def log_search(self, query: str, mode: str, results: int, actor: str | None = None) -> None:
        """Remember a search (the digest shows curators the ones that found nothing)."""
        with self.transaction():
            self.conn.execute("INSERT INTO search_log (query, mode, results, actor, at) VALUES (?, ?, ?, ?, ?)",
                              [query[:500], mode, results, actor, now()])

    def failed_searches(self, since: str, limit: int = 20) -> list[dict[str, Any]]:
        """Searches since a time that found nothing, most frequent first."""
        return self.rows("SELECT query, count(*) AS times, max(at) AS last FROM search_log WHERE results = 0 AND at >= ?"
                         " GROUP BY lower(query) ORDER BY times DESC, last DESC LIMIT ?", [since, limit])
