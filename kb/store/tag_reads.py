"""Reading tags: each with how many documents and lessons it is on (all, or what readers see), their history of
changes, and where a tag renamed or merged away went. The changes themselves: kb/store/tags.py."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kb.fields import check_encodable
from kb.store.core import StoreCore
from kb.store.visibility import ALL_HIDDEN_DOCUMENTS
from kb.text import normalize_tag, sort_key


def tag_uses(alias: str, *, for_readers: bool) -> tuple[str, str]:
    """SQL for how many documents and how many lessons the tag ``alias`` is on: all of them, or those readers see (no
    register row whose every lesson is hidden, no hidden lesson)."""
    if not for_readers:
        return (f"(SELECT count(*) FROM document_tags WHERE tag_id = {alias}.id)",
                f"(SELECT count(*) FROM lesson_tags WHERE tag_id = {alias}.id)")
    documents = (f"(SELECT count(*) FROM document_tags WHERE tag_id = {alias}.id AND document_id NOT IN"
                 f" ({ALL_HIDDEN_DOCUMENTS}))")
    lessons = ("(SELECT count(*) FROM lesson_tags lt JOIN lessons l ON l.id = lt.lesson_id"
               f" WHERE lt.tag_id = {alias}.id AND l.review_status != 'hidden')")
    return documents, lessons


def tag_used(alias: str) -> str:
    """SQL: whether the tag ``alias`` is on anything, seen or not."""
    return (f"(EXISTS (SELECT 1 FROM document_tags WHERE tag_id = {alias}.id) OR EXISTS (SELECT 1 FROM lesson_tags"
            f" WHERE tag_id = {alias}.id))")


# The names of the tags used only on what readers do not see: left out for them, as their names may be a curator's
# note on the hidden text.
UNSEEN_TAG_NAMES = (f"SELECT u.name FROM tags u WHERE {tag_used('u')} AND {' + '.join(tag_uses('u', for_readers=True))}"
                    " = 0")
_TAG_COUNTS = "SELECT t.id, t.name, t.label, {} AS documents, {} AS lessons FROM tags t".format(
    *tag_uses("t", for_readers=False))
_TAG_COUNTS_FOR_READERS = "SELECT t.id, t.name, t.label, {} AS documents, {} AS lessons, {} AS used FROM tags t".format(
    *tag_uses("t", for_readers=True), tag_used("t"))


class TagReadOps(StoreCore):
    """Listing tags and their changes."""

    def tags_counted(self, names: Iterable[str]) -> int:
        """How many tags ``MAX_TAGS`` counts among tag names (normalised; tags or not yet): a synonym group's names one
        tag, as filters and search read them (数据迁移 and "data migration"). One count for the store's cap on a
        document or lesson and for the record form's tags field, which counted it again in Python."""
        return int(self.scalar(
            "SELECT count(DISTINCT coalesce('group ' || s.group_id, n.value)) FROM json_each(?) n"
            " LEFT JOIN tag_synonyms s ON s.name = n.value", [json.dumps(list(names), ensure_ascii=False)]))

    def tags(self, *, limit: int | None = None, prefix: str | None = None, contains: str | None = None,
             exact: str | None = None, for_readers: bool = False) -> list[dict[str, Any]]:
        """Every tag with the number of documents and lessons it is on, most used first, then by name: Chinese by
        pinyin among the Latin names, as browse's facets sort (测试 "ce" before "data", 供应商 "gong" before 估算
        "gu"), not every Chinese name after the Latin ones in code-point order.

        Args:
            prefix: only tags whose name starts so.
            contains: only tags whose name holds this text (or one of whose synonyms does).
            exact: only the tag of this normalised name.
            for_readers: count only what readers see (no hidden lesson, no register row whose every lesson is
                hidden), and leave out a tag used only on what they do not see (its name may be a curator's note on
                the hidden text); an unused tag is listed, as to curators.
        """
        sql = _TAG_COUNTS_FOR_READERS if for_readers else _TAG_COUNTS
        clauses: list[str] = []
        params: list[Any] = []
        if prefix:
            clauses.append("t.name LIKE ? ESCAPE '\\'")
            params.append(_like(normalize_tag(prefix)) + "%")
        if contains and normalize_tag(contains):
            pattern = "%" + _like(normalize_tag(contains)) + "%"
            unseen = f" AND name NOT IN ({UNSEEN_TAG_NAMES})" if for_readers else ""  # not found through one of those
            clauses.append("(t.name LIKE ? ESCAPE '\\' OR t.name IN (SELECT s.name FROM tag_synonyms s WHERE s.group_id"
                           f" IN (SELECT group_id FROM tag_synonyms WHERE name LIKE ? ESCAPE '\\'{unseen})))")
            params += [pattern, pattern]
        if exact is not None:
            clauses.append("t.name = ?")
            params.append(exact)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self.rows(sql, params)  # every match: a tie at the limit is decided by pinyin too, not by SQL
        if for_readers:  # not a tag used only on what they do not see (a tag on nothing is listed, as to curators)
            rows = [r for r in rows if r["documents"] or r["lessons"] or not r["used"]]
            for row in rows:
                del row["used"]
        rows.sort(key=lambda r: (-(r["documents"] + r["lessons"]), sort_key(r["name"]), r["name"]))
        return rows[:limit] if limit else rows

    def tag_events(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest tag changes, newest first; ``undoable``: a rename or merge not undone yet; ``label``: the tag
        as it is shown (``SAP`` for the name ``sap``), once it is gone as it was shown before its rename or merge."""
        # a tag renamed or merged away is labelled as it was (Vendor Mgmt, not vendor mgmt): the label its rename or
        # merge kept for the undo
        gone = ("(SELECT coalesce(json_extract(x.undo, '$.label'), json_extract(x.undo, '$.source.label'))"
                " FROM tag_events x WHERE x.tag = e.tag AND x.action IN ('rename', 'merge') AND x.undo IS NOT NULL"
                " ORDER BY x.id DESC LIMIT 1)")
        rows = self.rows("SELECT id, action, tag, coalesce((SELECT t.label FROM tags t WHERE t.name = e.tag),"
                         f" {gone}, e.tag) AS label, detail, actor, at, undo IS NOT NULL AS undoable, undone_at"
                         " FROM tag_events e ORDER BY id DESC LIMIT ?", [limit])
        for row in rows:
            row["undoable"] = bool(row["undoable"]) and not row["undone_at"]
        return rows

    def renamed_to(self, name: str) -> str | None:
        """The label of the tag that a tag of this name, gone, was renamed or merged into (following later renames
        and merges), or None: the name is a tag, or no rename or merge (not undone) took it away."""
        start = current = normalize_tag(name)
        if not start or self.scalar("SELECT 1 FROM tags WHERE name = ?", [start]):
            return None
        seen: set[str] = set()
        while current not in seen:
            seen.add(current)
            row = self.row("SELECT detail FROM tag_events WHERE action IN ('rename', 'merge') AND tag = ?"
                           " AND undone_at IS NULL ORDER BY id DESC LIMIT 1", [current])
            if row is None or not row["detail"]:
                break
            current = normalize_tag(row["detail"])
        return self.scalar("SELECT label FROM tags WHERE name = ?", [current]) if current != start else None

    def rename_would_merge(self, old: str, new: str) -> dict[str, Any] | None:
        """The existing tag a rename of ``old`` to ``new`` would merge into (with its counts), or None."""
        check_encodable(old, "tag")
        check_encodable(new, "new")
        name = normalize_tag(new)
        if not name or name == normalize_tag(old):
            return None
        return next((r for r in self.tags(exact=name)), None)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
