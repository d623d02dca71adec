"""The curators' review queue: lessons nobody has approved or hidden yet, newest first, and verdicts in bulk."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.models import LessonKind, ReviewStatus
from kb.sql import placeholders
from kb.store.changes import CHANGED
from kb.store.core import now
from kb.store.curation import review_note, review_status
from kb.store.reads import tag_labels
from kb.store.tags import TagOps, Target
from kb.text import sort_key

MAX_BATCH = 500  # lessons one bulk action may name


@dataclass(frozen=True)
class QueueFilters:
    """What narrows the queue: a project (ASCII case ignored), a lesson kind, and an author of the document."""

    project: str | None = None
    kind: str | None = None
    author: str | None = None

    def where(self, *, contributors: bool = False) -> tuple[str, list[Any]]:
        """The SQL condition on ``l`` (lessons) and ``d`` (documents), and its parameters; with ``contributors``, an
        author is also whoever contributed the lesson from the browser (``lessons.contributed_by``)."""
        # With a filter on documents, their lessons are found from them (the unary + keeps SQLite off the review
        # index, which would read every unreviewed lesson to test its document); without one, from that index.
        status = "+l.review_status" if self.project or self.author else "l.review_status"
        clauses, params = [f"{status} = 'unreviewed'"], []
        if self.project:
            clauses.append("l.document_id IN (SELECT id FROM documents WHERE project = ? COLLATE NOCASE)")
            params.append(self.project.strip())
        if self.kind:
            clauses.append("l.kind = ?")
            params.append(self.kind)
        if self.author:
            documents = ("SELECT w.id FROM documents w, json_each(w.authors) a WHERE w.authors != '[]'"
                         " AND a.value = ? COLLATE NOCASE")
            if contributors:  # IS NOT NULL: the contributors' index skips the lessons nobody contributed
                # a contributor by login or by the name pages show them by (their display name: the filter's menu)
                clauses.append(f"l.id IN (SELECT x.id FROM lessons x WHERE x.document_id IN ({documents}) UNION ALL"
                               " SELECT x.id FROM lessons x WHERE x.contributed_by IS NOT NULL"
                               " AND (x.contributed_by = ? COLLATE NOCASE OR x.contributed_by IN"
                               " (SELECT name FROM users WHERE display_name = ?)))")
                params.extend([self.author.strip()] * 3)
            else:
                clauses.append(f"l.document_id IN ({documents})")
                params.append(self.author.strip())
        return " AND ".join(clauses), params


class ReviewQueueOps(TagOps):
    """The lessons awaiting a curator's verdict."""

    def review_queue(self, filters: QueueFilters | None = None, *, limit: int = 25,
                     offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Unreviewed lessons matching the filters, newest first (then by document and position), one page of them,
        and how many match."""
        filters = filters or QueueFilters()
        contributors = self._has_contributors()
        where, params = filters.where(contributors=contributors)
        order = "l.created_at DESC, d.key, l.position"
        total = int(self.scalar(f"SELECT count(*) FROM lessons l WHERE {where}", params))  # no join: 10x faster
        # The page's lessons are chosen first, by their sort keys alone: the tags of every lesson before the page were
        # read and thrown away, so the last of 290 pages read 973k SQLite steps for 25 lessons (the first page 80k).
        rows = self.rows(
            "SELECT l.id, l.kind, l.title, l.text, l.created_at, d.key AS document_key, d.title AS document_title,"
            " d.project, d.date, d.authors,"
            f" {'l.contributed_by' if contributors else 'NULL'} AS contributed_by,"
            f" {tag_labels('lesson_tags', 'lesson_id', 'l.id')} AS tags,"
            f" {tag_labels('document_tags', 'document_id', 'd.id')} AS document_tags"
            " FROM lessons l JOIN documents d ON d.id = l.document_id WHERE l.id IN (SELECT l.id FROM lessons l JOIN"
            f" documents d ON d.id = l.document_id WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
            [*params, limit, offset])
        for row in rows:
            for name in ("tags", "document_tags"):  # its own; its document's, which it carries too
                row[name] = row[name].split("\x1f") if row[name] else []
            row["authors"] = json.loads(row["authors"] or "[]")
        return rows, total

    def review_queue_count(self) -> int:
        """How many lessons await a verdict (read from the review-status index)."""
        return int(self.scalar("SELECT count(*) FROM lessons WHERE review_status = 'unreviewed'"))

    def review_queue_choices(self) -> dict[str, list[str]]:
        """The queue's filter menus: every project, every lesson kind, every document author and contributor (read
        from indexes and the documents' author lists, not from every unreviewed lesson)."""
        projects = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT project FROM documents WHERE project IS NOT NULL ORDER BY sort_key(project)")]
        people = {r[0] for r in self.conn.execute(
            "SELECT DISTINCT a.value FROM documents d, json_each(d.authors) a WHERE d.authors != '[]'"
            " AND a.type = 'text' AND trim(a.value) != ''")}
        if self._has_contributors():
            people |= {r[0] for r in self.conn.execute(  # named as pages name them: 林晓燕, not her login lxy
                "SELECT DISTINCT coalesce(u.display_name, c.contributed_by) FROM (SELECT DISTINCT contributed_by"
                " FROM lessons WHERE contributed_by IS NOT NULL) c LEFT JOIN users u ON u.name = c.contributed_by")}
        return {"projects": projects, "kinds": [kind.value for kind in LessonKind],
                "authors": sorted(people, key=lambda name: (sort_key(name), name))}  # Chinese names by pinyin

    def _has_contributors(self) -> bool:
        """Whether lessons record who contributed them from the browser (the contributor migration)."""
        if not hasattr(self, "_contributors_column"):
            self._contributors_column = any(
                r[1] == "contributed_by" for r in self.conn.execute("PRAGMA table_info(lessons)"))
        return self._contributors_column

    def set_reviews(self, lesson_ids: list[int], status: ReviewStatus | str, *, actor: str | None = None,
                    note: str | None = None) -> int:
        """One verdict on many lessons, all or none: a missing lesson changes nothing. Returns how many lessons
        now have a verdict they did not have before.

        Args:
            lesson_ids: the lessons.
            status: approved, hidden or unreviewed.
            actor: who decided.
            note: with ``hidden``, why (shown to the lessons' contributors; it replaces an earlier reason, and a
                hidden lesson given none keeps its own); any other verdict clears it.

        Raises:
            InvalidInput: an unknown status, a note that is not one, or more than ``MAX_BATCH`` lessons.
            NotFound: a lesson that does not exist.
        """
        status = review_status(status)
        reason = review_note(status, note)
        ids = _batch(lesson_ids)
        reviewed = status != ReviewStatus.UNREVIEWED
        with self.transaction():
            self._check_lessons(ids)
            changed = 0
            for lesson_id in ids:
                verdict = self.conn.execute(
                    "UPDATE lessons SET review_status = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?"
                    " WHERE id = ? AND review_status != ?",
                    [status.value, actor if reviewed else None, now() if reviewed else None, reason, lesson_id,
                     status.value]).rowcount
                changed += verdict
                renoted = bool(reason) and self.conn.execute(  # already hidden: the reason given now, if another
                    "UPDATE lessons SET review_note = ? WHERE id = ? AND review_note IS NOT ?",
                    [reason, lesson_id, reason]).rowcount
                self._record([lesson_id] if verdict or renoted else [], CHANGED)
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

    def untag_lessons(self, lesson_ids: list[int], label: str, *, actor: str | None = None) -> int:
        """One tag off many lessons, all or none. Returns how many lessons had it.

        Raises:
            InvalidInput: more than ``MAX_BATCH`` lessons, or none.
            NotFound: a lesson that does not exist.
        """
        ids = _batch(lesson_ids)
        with self.transaction():
            self._check_lessons(ids)
            return sum(self.remove_tag(Target("lesson", str(i)), label, actor=actor) for i in ids)

    def _check_lessons(self, ids: list[int]) -> None:
        marks = placeholders(ids)
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
