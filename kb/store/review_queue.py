"""The curators' review queue: lessons nobody has approved or hidden yet, newest first, and verdicts in bulk."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.models import ReviewStatus
from kb.store.core import now
from kb.store.tags import TagOps, Target

MAX_BATCH = 500  # lessons one bulk action may name


@dataclass(frozen=True)
class QueueFilters:
    """What narrows the queue: a project (ASCII case ignored), a lesson kind, and an author of the document."""

    project: str | None = None
    kind: str | None = None
    author: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition on ``l`` (lessons) and ``d`` (documents), and its parameters."""
        clauses, params = ["l.review_status = 'unreviewed'"], []
        if self.project:
            clauses.append("d.project = ? COLLATE NOCASE")
            params.append(self.project.strip())
        if self.kind:
            clauses.append("l.kind = ?")
            params.append(self.kind)
        if self.author:
            clauses.append("EXISTS (SELECT 1 FROM json_each(d.authors) a WHERE a.value = ? COLLATE NOCASE)")
            params.append(self.author.strip())
        return " AND ".join(clauses), params


class ReviewQueueOps(TagOps):
    """The lessons awaiting a curator's verdict."""

    def review_queue(self, filters: QueueFilters | None = None, *, limit: int = 25,
                     offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Unreviewed lessons matching the filters, newest first (then by document and position), one page of them,
        and how many match."""
        where, params = (filters or QueueFilters()).where()
        base = f"FROM lessons l JOIN documents d ON d.id = l.document_id WHERE {where}"
        total = int(self.scalar(f"SELECT count(*) {base}", params))
        rows = self.rows(
            "SELECT l.id, l.kind, l.title, l.text, l.created_at, d.key AS document_key, d.title AS document_title,"
            " d.project, d.date, d.authors,"
            " (SELECT group_concat(t.label, '\x1f') FROM lesson_tags lt JOIN tags t ON t.id = lt.tag_id"
            "  WHERE lt.lesson_id = l.id) AS tags"
            f" {base} ORDER BY l.created_at DESC, d.key, l.position LIMIT ? OFFSET ?", [*params, limit, offset])
        for row in rows:
            row["tags"] = row["tags"].split("\x1f") if row["tags"] else []
            row["authors"] = json.loads(row["authors"] or "[]")
        return rows, total

    def review_queue_count(self) -> int:
        """How many lessons await a verdict (read from the review-status index)."""
        return int(self.scalar("SELECT count(*) FROM lessons WHERE review_status = 'unreviewed'"))

    def review_queue_choices(self) -> dict[str, list[str]]:
        """The projects, kinds and authors that unreviewed lessons have (the queue's filter menus)."""
        base = "FROM lessons l JOIN documents d ON d.id = l.document_id WHERE l.review_status = 'unreviewed'"
        projects = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT d.project {base} AND d.project IS NOT NULL ORDER BY d.project COLLATE NOCASE")]
        kinds = [r[0] for r in self.conn.execute(f"SELECT DISTINCT l.kind {base} ORDER BY l.kind")]
        authors = [r[0] for r in self.conn.execute(
            f"SELECT DISTINCT a.value {base.replace('WHERE', ', json_each(d.authors) a WHERE')}"
            " AND a.type = 'text' ORDER BY a.value COLLATE NOCASE")]
        return {"projects": projects, "kinds": kinds, "authors": authors}

    def set_reviews(self, lesson_ids: list[int], status: ReviewStatus | str, *, actor: str | None = None) -> int:
        """One verdict on many lessons, all or none: a missing lesson changes nothing. Returns how many lessons
        now have a verdict they did not have before.

        Raises:
            InvalidInput: an unknown status, or more than ``MAX_BATCH`` lessons.
            NotFound: a lesson that does not exist.
        """
        try:
            status = ReviewStatus(str(status))
        except ValueError:
            raise InvalidInput(f"unknown review status '{status}'; use unreviewed, approved or hidden") from None
        ids = _batch(lesson_ids)
        reviewed = status != ReviewStatus.UNREVIEWED
        with self.transaction():
            self._check_lessons(ids)
            changed = 0
            for lesson_id in ids:
                changed += self.conn.execute(
                    "UPDATE lessons SET review_status = ?, reviewed_by = ?, reviewed_at = ?"
                    " WHERE id = ? AND review_status != ?",
                    [status.value, actor if reviewed else None, now() if reviewed else None, lesson_id,
                     status.value]).rowcount
        return changed

    def tag_lessons(self, lesson_ids: list[int], label: str, *, actor: str | None = None) -> int:
        """One tag on many lessons, all or none. Returns how many lessons did not have it before.

        Raises:
            InvalidInput: a tag that is not a tag, or more than ``MAX_BATCH`` lessons.
            NotFound: a lesson that does not exist.
        """
        ids = _batch(lesson_ids)
        with self.transaction():
            self._check_lessons(ids)
            return sum(bool(self.add_tag(Target("lesson", str(i)), label, actor=actor))
                       for i in ids)

    def _check_lessons(self, ids: list[int]) -> None:
        marks = ", ".join("?" * len(ids))
        found = {r[0] for r in self.conn.execute(f"SELECT id FROM lessons WHERE id IN ({marks})", ids)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"no lesson {missing[0]}")


def _batch(lesson_ids: list[int]) -> list[int]:
    ids = list(dict.fromkeys(lesson_ids))
    if not ids:
        raise InvalidInput("choose at least one lesson")
    if len(ids) > MAX_BATCH:
        raise InvalidInput(f"choose at most {MAX_BATCH} lessons at a time")
    return ids
