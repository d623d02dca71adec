"""Curators' verdicts on lessons, and the search log the digest reports on."""

from __future__ import annotations

from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.fields import text_field
from kb.models import ReviewStatus
from kb.store.changes import CHANGED, ChangeLog
from kb.store.core import now
from kb.store.tags import TYPED_TAG_CHARS
from kb.text import logged_query, shown_value

NOTE_CHARS = 500  # a reason, not an essay: it is shown beside the lesson
# The most characters of the curators' one-line fields, as the store refuses past them: a tag typed (each of several
# typed with commas) and a hidden lesson's reason; the pages' maxlength are these (web/app.py: curation_limits)
CURATION_LIMITS = {"tag": TYPED_TAG_CHARS, "note": NOTE_CHARS}
# Characters of a search the log kept before migration 0028 (its first 500, cut there): a row of that length logged
# before the migration was a text of 500 characters or more; the migration could only count what was kept.
OLD_LOG_CUT = 500


def review_status(status: ReviewStatus | str) -> ReviewStatus:
    """A verdict from its name.

    Raises:
        InvalidInput: not one of unreviewed, approved, hidden.
    """
    try:
        return ReviewStatus(str(status))
    except ValueError:
        raise InvalidInput(f"unknown review status '{shown_value(status)}'; use unreviewed, approved or hidden") from None


def review_note(status: ReviewStatus, note: object) -> str | None:
    """The reason kept with a verdict: a hidden one's, stripped (None when empty); none with any other.

    Raises:
        InvalidInput: a reason that is not text, or longer than ``NOTE_CHARS``.
    """
    if status != ReviewStatus.HIDDEN:
        return None
    return text_field(note, "note", limit=NOTE_CHARS, multiline=True) or None


class CurationOps(ChangeLog):
    """Lesson review and the search log."""

    def set_review(self, lesson_id: int, status: ReviewStatus | str, *, actor: str | None = None,
                   note: str | None = None) -> None:
        """Mark a lesson approved, hidden (leaves search for readers; ``note``: why, for its contributor) or
        unreviewed (any verdict but hidden clears the reason)."""
        status = review_status(status)
        reviewed = status != ReviewStatus.UNREVIEWED
        note = review_note(status, note)
        with self.transaction():
            before = self.row("SELECT review_status, review_note FROM lessons WHERE id = ?", [lesson_id])
            if before is None:
                raise NotFound(f"no lesson {lesson_id}")
            if before == {"review_status": status.value, "review_note": note}:
                return  # already so: who decided it and when stay, and the change feed has nothing to tell
            self.conn.execute(
                "UPDATE lessons SET review_status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ? WHERE id = ?",
                [status.value, actor if reviewed else None, now() if reviewed else None, note, lesson_id])
            self._record([lesson_id], CHANGED)

    def review_note_of(self, lesson_id: int) -> str | None:
        """Why a curator hid a lesson (None: not hidden, or hidden without a reason)."""
        return self.scalar("SELECT review_note FROM lessons WHERE id = ?", [lesson_id])

    def log_search(self, query: str, mode: str, results: int, actor: str | None = None) -> None:
        """Remember a search (the digest shows curators the ones that found nothing); a pasted text, as its opening
        (``logged_query``) and its length."""
        logged, pasted_chars = logged_query(query)
        with self.transaction():
            self.conn.execute("INSERT INTO search_log (query, mode, results, actor, at, pasted_chars)"
                              " VALUES (?, ?, ?, ?, ?, ?)", [logged, mode, results, actor, now(), pasted_chars])

    def failed_searches(self, since: str, limit: int = 20) -> list[dict[str, Any]]:
        """Searches since a time that found nothing, most frequent first; ``pasted_chars``, the length of a pasted
        text whose opening ``query`` is (None for a typed query), and ``pasted_cut``, true where that length is the
        ``OLD_LOG_CUT`` the log kept of a text before migration 0028: the text was that long or longer.

        Pasted texts of the same opening are one line only when they are as long (most likely one text pasted
        again): two texts of one template's heading ("项目名称：… 复盘报告") were counted as one text searched twice."""
        return self.rows(
            "SELECT query, count(*) AS times, max(at) AS last, pasted_chars,"
            " max(pasted_chars = ? AND at < coalesce((SELECT applied_at FROM migrations WHERE name = ?), ''))"
            " AS pasted_cut FROM search_log WHERE results = 0 AND at >= ? GROUP BY lower(query), pasted_chars"
            " ORDER BY times DESC, last DESC, max(id) DESC LIMIT ?", [OLD_LOG_CUT, "0028_search_log_pasted", since, limit])
