"""The filters every listing shares (documents, lessons, search), as SQL conditions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kb.errors import InvalidInput
from kb.sql import placeholders
from kb.text import normalize_tag


@dataclass
class Filters:
    """Filters shared by document and lesson listings (and, later, search)."""

    project: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tags_mode: str = "any"  # "any" or "all"
    # with both tags and projects: a row of any of the projects or with any of the tags (a digest's reader of tags and
    # projects gets what matches either), not one of both
    either: bool = False
    doc_type: list[str] = field(default_factory=list)
    kind: list[str] = field(default_factory=list)
    language: list[str] = field(default_factory=list)
    department: list[str] = field(default_factory=list)
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    document: str | None = None  # a document key (lesson listings)
    review_status: list[str] = field(default_factory=list)
    include_hidden: bool = True
    only_hidden: bool = False  # documents: only the register rows whose every lesson is hidden (curators, the CLI)
    untagged: bool = False  # documents without any tag
    added_since: str | None = None  # ISO date or UTC time: documents first ingested on or after it
    added_before: str | None = None  # ISO date or UTC time: documents first ingested before it (a digest's week: the day after)
    # ISO dates: documents ingested again (changed) on or after / before them, added before the first: as a digest's
    # "updated documents" are, not its new ones
    updated_since: str | None = None
    updated_before: str | None = None
    # ISO dates: documents that gained a lesson (first ingested with it, or ingested again with it new) on or after /
    # before them; a lesson listing, the lessons that arrived then: what a digest counts as its new lessons
    lessons_added_since: str | None = None
    lessons_added_before: str | None = None
    # a lesson listing in the ADDED order: the lessons that arrived after this one, by its (created_at, id): the cursor
    # a script keeps to go on from where it stopped (the API's ``after``)
    arrived_after: tuple[str, int] | None = None
    # the same for a document listing in the ADDED order: the documents first ingested after this one, by its
    # (first_ingested, id)
    documents_after: tuple[str, int] | None = None

    def __post_init__(self) -> None:
        if self.since and self.until and self.since > self.until:
            raise InvalidInput(f"'since' ({self.since}) is after 'until' ({self.until}): no date is in between")

    def document_clauses(self, alias: str = "d") -> tuple[list[str], list[Any]]:
        """SQL conditions (and their parameters) on the documents table."""
        clauses: list[str] = []
        params: list[Any] = []
        for column, values in (("project", [] if self.matches_either() else self.project), ("doc_type", self.doc_type),
                               ("language", self.language), ("department", self.department)):
            if values:
                # Project names are typed as often as clicked: surrounding spaces and ASCII case do not count.
                collate = " COLLATE NOCASE" if column == "project" else ""
                clauses.append(f"{alias}.{column}{collate} IN ({placeholders(values)})")
                params.extend(v.strip() for v in values)
        if self.since:
            clauses.append(f"{alias}.date >= ?")
            params.append(self.since)
        if self.until:
            clauses.append(f"{alias}.date <= ?")
            params.append(self.until)
        if self.document:
            clauses.append(f"{alias}.key = ?")
            params.append(self.document)
        if self.untagged:
            clauses.append(f"NOT EXISTS (SELECT 1 FROM document_tags dt WHERE dt.document_id = {alias}.id)")
        if self.added_since:
            clauses.append(f"{alias}.first_ingested >= ?")
            params.append(self.added_since)
        if self.added_before:
            clauses.append(f"{alias}.first_ingested < ?")
            params.append(self.added_before)
        if self.updated_since:
            clauses.append(f"{alias}.last_ingested >= ? AND {alias}.first_ingested < ?")
            params.extend([self.updated_since, self.updated_since])
        if self.updated_before:
            clauses.append(f"{alias}.last_ingested < ?")
            params.append(self.updated_before)
        return clauses, params

    def matches_either(self) -> bool:
        """Whether ``either`` widens this filter: it has both projects and tags."""
        return self.either and bool(self.project) and bool(self.tag_names())

    def or_projects(self, tag_sql: str, params: list[Any], alias: str = "d") -> tuple[str, list[Any]]:
        """A tag condition widened to the rows of the projects too when ``either`` holds (``document_clauses`` then
        leaves the projects out); otherwise the tag condition as it is."""
        if not self.matches_either():
            return tag_sql, params
        marks = placeholders(self.project)
        return (f"({tag_sql} OR {alias}.project COLLATE NOCASE IN ({marks}))",
                [*params, *(v.strip() for v in self.project)])

    def by_lessons(self) -> bool:
        """Whether a document listing is filtered by its lessons: documents holding a lesson of a ``kind``, or one that
        arrived in some days (``lessons_added_…``), as a digest's new lessons of the kinds of interest."""
        return bool(self.kind or self.lessons_added_since or self.lessons_added_before)

    def lesson_clauses(self) -> tuple[list[str], list[Any]]:
        """SQL conditions (and their parameters) on the lessons table ``l``: its kind and when it arrived."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.kind:
            clauses.append(f"l.kind IN ({placeholders(self.kind)})")
            params.extend(self.kind)
        if self.lessons_added_since:
            clauses.append("l.created_at >= ?")
            params.append(self.lessons_added_since)
        if self.lessons_added_before:
            clauses.append("l.created_at < ?")
            params.append(self.lessons_added_before)
        if self.arrived_after:
            clauses.append("(l.created_at, l.id) > (?, ?)")
            params.extend(self.arrived_after)
        return clauses, params

    def tag_names(self) -> list[str]:
        """The tag filter, normalised, without empties and repeats (with "all", a tag named twice, as ``vendor`` and
        ``Vendor``, would otherwise ask for one more distinct tag than there is: nothing would match)."""
        return list(dict.fromkeys(n for n in (normalize_tag(t) for t in self.tags) if n))
