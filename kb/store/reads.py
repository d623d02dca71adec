"""Reading documents and lessons, with the filters every listing shares."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from kb.errors import NotFound
from kb.sql import placeholders
from kb.store.filters import Filters
from kb.store.synonyms import SynonymOps
from kb.store.visibility import ALL_HIDDEN_DOCUMENTS, HIDDEN_SECTIONS, NOT_ALL_HIDDEN
from kb.text import nocase, normalize_tag, shown_value, sort_key

# A document's file as readers see it: relative to the folder it was ingested from (the absolute path names the
# server's folders; ``ReadOps.source_file`` gives it to the CLI).
SOURCE_PATH = "(SELECT src.rel_path FROM sources src WHERE src.id = d.source_id)"

def tag_labels(table: str, column: str, owner: str) -> str:
    """SQL for a row's tag labels joined by the unit separator, by name with Chinese by pinyin among Latin names (as the
    tags page and a document's tags are; the ORDER BY holds: SQLite never flattens an ordered subquery into an
    aggregate)."""
    return (f"(SELECT group_concat(label, '\x1f') FROM (SELECT t.label FROM {table} x JOIN tags t ON t.id = x.tag_id"
            f" WHERE x.{column} = {owner} ORDER BY sort_key(t.name), t.name))")


DOCUMENT_SORTS = {
    "date": "d.date DESC NULLS LAST, d.key",
    "-date": "d.date ASC NULLS LAST, d.key",
    "title": "d.title_sort, d.key",
    "-title": "d.title_sort DESC, d.key",
    "project": "d.project IS NULL, sort_key(d.project), d.date DESC, d.key",  # Chinese by pinyin, as titles
    "key": "d.key",
    "ingested": "d.last_ingested DESC, d.key",
}
# Lessons in the same orders, a document's lessons together in its order; "ingested" is when each lesson first
# arrived (as the home page's recent lessons), not its document's latest ingest.
LESSON_SORTS = {name: f"{order}, l.position" for name, order in DOCUMENT_SORTS.items()}
LESSON_SORTS["ingested"] = "l.created_at DESC, d.key, l.position"
# The API's order for a script paging through everything while documents and lessons arrive: as they arrived, oldest
# first, so what arrives meanwhile only adds pages at the end (a lesson added to an old document comes last, not
# among its document's). Not an order of the pages or the CLI, which list by date.
ADDED = "added"
ADDED_ORDERS = {"document": "d.first_ingested, d.id", "lesson": "l.created_at, l.id"}
# A weekly digest's order of documents, where its "and N more" leads: most of the listing's tags and projects first
# (a digest ranks the reader's interests so), then newest by ``DATED``, then by key. Built per listing, as the tags
# and projects are the listing's own: not in ``DOCUMENT_SORTS``.
MATCHED = "matched"
# A document's date for a digest: its own, or when it came in (a Word retrospective without a date handed in this
# week is this week's, not older than every dated one).
DATED = "coalesce(d.date, d.first_ingested)"


class ReadOps(SynonymOps):
    """Listings and detail views."""

    def is_empty(self) -> bool:
        """Whether the store holds no document at all (``kb init`` only): pages then say what to do first."""
        return self.conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone() is None

    def document_languages(self) -> set[str]:
        """The languages the documents are written in, as stored ("zh", "en", "mixed", …)."""
        return {row[0] for row in self.conn.execute("SELECT DISTINCT language FROM documents")}

    def document_ids(self, filters: Filters | None = None) -> list[int]:
        """Ids of every document matching the filters (for facet counts)."""
        where, params = self._document_where(filters or Filters())
        return [r[0] for r in self.conn.execute(f"SELECT d.id FROM documents d {where}", params)]

    def _document_where(self, filters: Filters) -> tuple[str, list[Any]]:
        clauses, params = filters.document_clauses()
        groups = self.tag_groups(filters.tag_names())
        if filters.by_lessons():
            sql, lesson_params = self._matching_lessons(filters, groups)
            clauses.append(f"EXISTS (SELECT 1 FROM lessons l WHERE l.document_id = d.id AND {sql})")
            params.extend(lesson_params)
        elif groups:
            sql, tag_params = filters.or_projects(*tag_clause("d.id", "document_tags", "document_id", groups,
                                                              filters.tags_mode))
            clauses.append(sql)
            params.extend(tag_params)
        if not filters.include_hidden:
            clauses.append(NOT_ALL_HIDDEN)
        if filters.only_hidden:
            clauses.append(f"d.id IN ({ALL_HIDDEN_DOCUMENTS})")
        if filters.documents_after:
            clauses.append("(d.first_ingested, d.id) > (?, ?)")
            params.extend(filters.documents_after)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params

    def _matching_lessons(self, filters: Filters, groups: list[list[str]]) -> tuple[str, list[Any]]:
        """SQL on the lessons ``l`` of a document ``d`` that a listing by lessons (``Filters.by_lessons``) keeps: of
        its kinds, arrived in its days (a digest's new lessons, by their documents), with its tags as a lesson
        listing reads them (a lesson's own, or its document's); readers count no hidden lesson."""
        clauses, params = filters.lesson_clauses()
        if groups:
            sql, tag_params = filters.or_projects(*self._lesson_tags(groups, filters.tags_mode))
            clauses.append(sql)
            params.extend(tag_params)
        if not filters.include_hidden:
            clauses.append("l.review_status != 'hidden'")
        return " AND ".join(clauses), params

    @staticmethod
    def _lesson_tags(groups: list[list[str]], mode: str) -> tuple[str, list[Any]]:
        """A tag filter on lessons ``l`` of documents ``d``: a lesson carries its own tags and those of its document."""
        own, own_params = tag_clause("l.id", "lesson_tags", "lesson_id", groups, mode)
        inherited, inherited_params = tag_clause("d.id", "document_tags", "document_id", groups, mode)
        return f"({own} OR {inherited})", [*own_params, *inherited_params]

    def documents(self, filters: Filters | None = None, *, sort: str = "date", limit: int = 50,
                  offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Documents matching the filters, one page of them, and the total count. Without ``include_hidden`` (readers),
        not one whose every lesson is hidden (``NOT_ALL_HIDDEN``), and ``lessons`` counts those not hidden; with it,
        ``hidden`` marks such a document for curators. Filtered by lessons (``Filters.by_lessons``), ``lessons``
        counts those the filters keep: the lessons of the page's documents that ``lessons`` lists."""
        filters = filters or Filters()
        where, params = self._document_where(filters)
        shown = "" if filters.include_hidden else " AND l.review_status != 'hidden'"
        counted: list[Any] = []
        if filters.by_lessons():
            sql, counted = self._matching_lessons(filters, self.tag_groups(filters.tag_names()))
            shown = f" AND {sql}"
        total = self.scalar(f"SELECT count(*) FROM documents d {where}", params)
        order, ordered = self._matched_order(filters) if sort == MATCHED else (
            ADDED_ORDERS["document"] if sort == ADDED else DOCUMENT_SORTS.get(sort, DOCUMENT_SORTS["date"]), [])
        # The page is chosen first, so the per-row counts are computed for its rows only.
        rows = self.rows(
            f"SELECT d.id, d.key, d.title, d.doc_type, d.project, d.department, d.date, d.language, d.format,"
            f" {SOURCE_PATH} AS source_path, d.authors, d.first_ingested, d.last_ingested,"
            f" (SELECT count(*) FROM lessons l WHERE l.document_id = d.id{shown}) AS lessons,"
            f" d.id IN ({ALL_HIDDEN_DOCUMENTS}) AS hidden,"
            f" {tag_labels('document_tags', 'document_id', 'd.id')} AS tags"
            f" FROM documents d WHERE d.id IN (SELECT d.id FROM documents d {where} ORDER BY {order} LIMIT ? OFFSET ?)"
            f" ORDER BY {order}", [*counted, *params, *ordered, limit, offset, *ordered])
        return [_document_row(r) for r in rows], int(total)

    def _matched_order(self, filters: Filters) -> tuple[str, list[Any]]:
        """The ``MATCHED`` order for a listing's filters, and its parameters: a document scores one for each tag of
        the filter (with its synonyms) it has, and one for being of one of the filter's projects."""
        terms, params = [], []
        for group in self.tag_groups(filters.tag_names()):
            terms.append("EXISTS (SELECT 1 FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE x.document_id ="
                         f" d.id AND t.name IN ({placeholders(group)}))")
            params.extend(group)
        if filters.project:
            terms.append(f"d.project COLLATE NOCASE IN ({placeholders(filters.project)})")
            params.extend(p.strip() for p in filters.project)
        score = f"({' + '.join(terms)}) DESC, " if terms else ""  # ORDER BY 0 would name a column
        return f"{score}{DATED} DESC, d.key", params

    def document(self, key: str, *, for_readers: bool = False) -> dict[str, Any]:
        """One document with its sections, lessons (each with tags) and tags; ``source_path`` is relative to the
        folder it was ingested from.

        Args:
            for_readers: leave out what curators have hidden: hidden lessons, and the text of the sections that
                hold one (those sections get ``hidden``; then ``redacted`` is true, and the raw text and HTML,
                which hold the hidden text too, are None); a register row whose every lesson is hidden is not found.
        """
        row = self.row(f"SELECT d.*, {SOURCE_PATH} AS relative_path FROM documents d WHERE d.key = ?", [key])
        if row is None:
            raise NotFound(f"no document with key '{shown_value(key)}'")
        doc = _document_row(row)
        doc["source_path"] = doc.pop("relative_path")
        doc["meta"] = json.loads(row["meta"])
        doc["tags"] = sorted(self.rows(  # by name, Chinese by pinyin among Latin names (as the tags page lists them)
            "SELECT t.name, t.label, dt.origin, dt.added_by, dt.added_at FROM document_tags dt"
            " JOIN tags t ON t.id = dt.tag_id WHERE dt.document_id = ?", [row["id"]]),
            key=lambda tag: (sort_key(tag["name"]), tag["name"]))
        doc["sections"] = self.rows(
            "SELECT id, position, heading, level, kind, text FROM sections WHERE document_id = ? ORDER BY position",
            [row["id"]])
        lessons, _ = self.lessons(Filters(document=key), limit=10_000, count=False)
        doc["lessons"] = lessons
        doc["redacted"] = False
        if for_readers:
            if doc["meta"].get("register") is not None and lessons and all(
                    lesson["review_status"] == "hidden" for lesson in lessons):
                raise NotFound(f"no document with key '{shown_value(key)}'")  # as lists leave it out: its title may be the lesson
            _redact(doc, self.hidden_sections(row["id"]))
        return doc

    def section(self, section_id: int) -> dict[str, Any] | None:
        """A section's ``heading`` and ``text`` (None for one that is gone), as a lesson's page quotes it."""
        return self.row("SELECT heading, text FROM sections WHERE id = ?", [section_id])

    def hidden_sections(self, document_id: int | None = None) -> set[int]:
        """Ids of the sections readers must not see because they hold a hidden lesson's text (of one document, or
        of every document)."""
        if document_id is None:
            return {r[0] for r in self.conn.execute(HIDDEN_SECTIONS)}
        return {r[0] for r in self.conn.execute(f"{HIDDEN_SECTIONS} AND l.document_id = ?", [document_id])}

    def document_tags(self, key: str) -> list[str]:
        """A document's tag labels, by name with Chinese by pinyin (as its page lists them): the tags each of its
        lessons carries too (filters match them)."""
        rows = self.rows("SELECT t.name, t.label FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
                         " WHERE dt.document_id = (SELECT id FROM documents WHERE key = ?)", [key])
        return [r["label"] for r in sorted(rows, key=lambda r: (sort_key(r["name"]), r["name"]))]

    def source_file(self, key: str) -> str | None:
        """The absolute path of a document's file on this machine (for the CLI; readers get ``source_path``)."""
        return self.scalar("SELECT source_path FROM documents WHERE key = ?", [key])

    def document_titles(self, keys: Sequence[str]) -> dict[str, str]:
        """The titles of documents by key, stripped ("" for one without a title; a key that is gone is left out):
        how a result names the other documents holding its lesson ("also in", on the page and in ``kb search``)."""
        if not keys:
            return {}
        marks = placeholders(keys)
        return {r["key"]: (r["title"] or "").strip()
                for r in self.rows(f"SELECT key, title FROM documents WHERE key IN ({marks})", list(keys))}

    def document_dates(self, ids: Sequence[int]) -> dict[int, str]:
        """The dates of documents by row id (one without a date, or gone, is left out): how search orders its
        documents by date (``Searcher.ordered``: the search page, ``kb search`` and the API alike). Any number of ids
        (they go in as one JSON array, not one variable each)."""
        if not ids:
            return {}
        return dict(self.conn.execute("SELECT id, date FROM documents WHERE date IS NOT NULL AND date != ''"
                                      " AND id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))]))

    def document_keys_by_id(self, ids: Sequence[int]) -> dict[int, str]:
        """The keys of documents by row id (one that is gone is left out): the other documents a result's lesson is
        also in, as search found them."""
        if not ids:
            return {}
        return dict(self.conn.execute(f"SELECT id, key FROM documents WHERE id IN ({placeholders(ids)})", list(ids)))

    def stored_documents(self, ids: set[int]) -> set[int]:
        """Which of these document row ids are still in the store (search drops the documents removed since the
        index's last sync): from every id, held in memory until the database changes (kb/store/stored_ids.py)."""
        held = self.stored_ids.get(self.conn)
        return ids if ids <= held else ids & held

    def document_id(self, key: str) -> int:
        """The row id of a document key."""
        found = self.scalar("SELECT id FROM documents WHERE key = ?", [key])
        if found is None:
            raise NotFound(f"no document with key '{shown_value(key)}'")
        return int(found)

    def lessons(self, filters: Filters | None = None, *, limit: int = 50, offset: int = 0,
                ids: list[int] | None = None, sort: str = "date",
                count: bool = True) -> tuple[list[dict[str, Any]], int]:
        """Lessons matching the filters (with their document and tags), one page in a ``LESSON_SORTS`` order (or
        ``ADDED``), and the total (without ``count``, how many rows there are: a lesson by id, a document's every
        lesson, need no statement of their own to count them)."""
        filters = filters or Filters()
        clauses, params = filters.document_clauses()
        if filters.review_status:
            clauses.append(f"l.review_status IN ({placeholders(filters.review_status)})")
            params.extend(filters.review_status)
        if not filters.include_hidden:
            clauses.append("l.review_status != 'hidden'")
        if ids is not None:
            clauses.append(f"l.id IN ({placeholders(ids) or 'NULL'})")
            params.extend(ids)
        arrived, arrived_params = filters.lesson_clauses()
        clauses.extend(arrived)
        params.extend(arrived_params)
        groups = self.tag_groups(filters.tag_names())
        if groups:
            sql, tag_params = filters.or_projects(*self._lesson_tags(groups, filters.tags_mode))
            clauses.append(sql)
            params.extend(tag_params)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        base = f"FROM lessons l JOIN documents d ON d.id = l.document_id {where}"
        total = self.scalar(f"SELECT count(*) {base}", params) if count else None
        order = ADDED_ORDERS["lesson"] if sort == ADDED else LESSON_SORTS.get(sort, LESSON_SORTS["date"])
        # The page is chosen by the sort keys alone, then its rows read: /api/lessons?offset=7200 read every earlier
        # lesson's tags and section too (433k SQLite steps for 50 lessons, the first page 123k).
        rows = self.rows(
            "SELECT l.id, l.kind, l.title, l.text, l.position, l.driving_event, l.lesson, l.recommendation,"
            " l.review_status, l.reviewed_by, l.reviewed_at, l.section_id, l.created_at, l.updated_at,"
            " l.contributed_by, (SELECT heading FROM sections s WHERE s.id = l.section_id) AS section,"
            " d.key AS document_key, d.title AS document_title, d.project, d.date, d.doc_type, d.language,"
            f" {tag_labels('lesson_tags', 'lesson_id', 'l.id')} AS tags,"
            f" {tag_labels('document_tags', 'document_id', 'd.id')} AS document_tags"
            f" FROM lessons l JOIN documents d ON d.id = l.document_id"
            f" WHERE l.id IN (SELECT l.id {base} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
            [*params, limit, offset])
        for r in rows:
            for name in ("tags", "document_tags"):  # its own; its document's, which it carries too (as tag filters)
                r[name] = r[name].split("\x1f") if r[name] else []
        return rows, int(total) if count else len(rows)

    def lessons_tagged_apart(self, filters: Filters, limit: int = 20) -> tuple[list[dict[str, Any]], int]:
        """Lessons carrying a tag of the filter themselves in documents that do not carry it, which a document
        listing by that tag leaves out (a tag put on lessons in the review queue listed no document), with the
        filter's other document conditions; not a hidden one without ``include_hidden``. Newest first, and how many.
        """
        groups = self.tag_groups(filters.tag_names())
        if not groups:
            return [], 0
        own, own_params = tag_clause("l.id", "lesson_tags", "lesson_id", groups, filters.tags_mode)
        tagged, tagged_params = tag_clause("d.id", "document_tags", "document_id", groups, filters.tags_mode)
        clauses, params = filters.document_clauses()
        clauses += [own, f"NOT {tagged}"]
        params += [*own_params, *tagged_params]
        if not filters.include_hidden:
            clauses.append("l.review_status != 'hidden'")
        base = f"FROM lessons l JOIN documents d ON d.id = l.document_id WHERE {' AND '.join(clauses)}"
        ids = [r["id"] for r in self.rows(f"SELECT l.id {base} ORDER BY l.created_at DESC, l.id DESC LIMIT ?",
                                          [*params, limit])]
        rows, _ = self.lessons(ids=ids, limit=limit, count=False, filters=Filters(include_hidden=filters.include_hidden))
        rows.sort(key=lambda r: ids.index(r["id"]))
        return rows, int(self.scalar(f"SELECT count(*) {base}", params))

    def lesson(self, lesson_id: int) -> dict[str, Any]:
        """One lesson with its document and tags."""
        rows, _ = self.lessons(ids=[lesson_id], limit=1, count=False)
        if not rows:
            raise NotFound(f"no lesson {lesson_id}")
        return rows[0]

    def facet_values(self, column: str, *, for_readers: bool = False) -> list[dict[str, Any]]:
        """Distinct values of a document column with their counts (projects, types, languages...); ``for_readers``: of
        the documents readers see (not a register row whose every lesson is hidden: the digest's sign-up offered the
        project of a recorded lesson a curator had hidden, which browse and search no longer named)."""
        if column not in {"project", "doc_type", "language", "department", "format"}:
            raise ValueError(column)
        seen = f" AND {NOT_ALL_HIDDEN}" if for_readers else ""
        return self.rows(f"SELECT d.{column} AS value, count(*) AS count FROM documents d WHERE d.{column} IS NOT NULL"
                         f"{seen} GROUP BY d.{column} ORDER BY count DESC, value")

    def unmatched_interests(self, tags: list[str], projects: list[str]) -> list[tuple[str, str]]:
        """The tags and projects of interest that no document or lesson has, as typed: ``("tag", name)`` for a tag none
        of whose synonyms is on anything, then ``("project", name)`` for a project no document is of (whatever its
        case, as the digest and browse match it: "erp upgrade" is "ERP Upgrade"; but "customer portal" is not
        "Customer Portal Redesign")."""
        used = {r[0] for r in self.conn.execute(
            "SELECT t.name FROM tags t WHERE EXISTS (SELECT 1 FROM document_tags WHERE tag_id = t.id)"
            " OR EXISTS (SELECT 1 FROM lesson_tags WHERE tag_id = t.id)")}
        groups = self.tag_groups([normalize_tag(t) for t in tags])
        known = {nocase(r["value"]) for r in self.facet_values("project")}
        return ([("tag", tag) for tag, group in zip(tags, groups, strict=True) if not used.intersection(group)]
                + [("project", project) for project in projects if nocase(project) not in known])

    def stats(self) -> dict[str, Any]:
        """Counts of everything stored."""
        counts = {t: int(self.scalar(f"SELECT count(*) FROM {t}")) for t in
                  ("documents", "sections", "lessons", "tags", "sources")}
        counts["projects"] = int(self.scalar("SELECT count(DISTINCT project) FROM documents"))
        counts["by_language"] = {r["value"]: r["count"] for r in self.facet_values("language")}
        counts["by_type"] = {r["value"]: r["count"] for r in self.facet_values("doc_type")}
        counts["lessons_by_kind"] = {r["kind"]: r["n"] for r in self.rows(
            "SELECT kind, count(*) AS n FROM lessons GROUP BY kind ORDER BY n DESC")}
        counts["database_bytes"] = self.database_bytes()
        return counts

    def database_bytes(self) -> int:
        """The database's size: its pages, as its file holds them once the write-ahead log is checkpointed (until
        then the newest are in the -wal file: a store just made is a 4 KB file); 0 in memory."""
        if str(self.path) == ":memory:":
            return 0
        return int(self.scalar("PRAGMA page_count")) * int(self.scalar("PRAGMA page_size"))


def tag_clause(id_expr: str, table: str, column: str, groups: list[list[str]], mode: str) -> tuple[str, list[str]]:
    """A tag filter as SQL: ``groups`` are the requested tags, each with its synonyms (any name of a group is that
    tag). "any": some group's name is on the row; "all": a name of every group is."""

    def inner(names: list[str]) -> str:
        marks = placeholders(names)
        return f"{id_expr} IN (SELECT x.{column} FROM {table} x JOIN tags t ON t.id = x.tag_id WHERE t.name IN ({marks}))"

    if mode == "all":
        return "(" + " AND ".join(inner(g) for g in groups) + ")", [n for g in groups for n in g]
    names = list(dict.fromkeys(n for g in groups for n in g))
    return inner(names), names


def _redact(doc: dict[str, Any], hidden_sections: set[int]) -> None:
    """A document as readers may see it: without hidden lessons, and without the text that holds them."""
    doc["lessons"] = [lesson for lesson in doc["lessons"] if lesson["review_status"] != "hidden"]
    for section in doc["sections"]:
        section["hidden"] = section["id"] in hidden_sections
        if section["hidden"]:
            section["text"] = None
    if hidden_sections:
        doc["redacted"] = True
        doc["raw_text"] = doc["html"] = None


def _document_row(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    out["authors"] = json.loads(row["authors"]) if row.get("authors") else []
    if "hidden" in row:
        out["hidden"] = bool(row["hidden"])  # JSON true/false
    if isinstance(row.get("tags"), str) or row.get("tags") is None:
        out["tags"] = row["tags"].split("\x1f") if row.get("tags") else []
    return out
