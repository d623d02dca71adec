"""Curated tag synonyms (数据迁移 = data migration): names in one group are one tag to filters and to search.

A group holds normalised tag names; a name need not be a tag yet (a curator may say that a Chinese and an English
name mean the same before both are in use). Tag filters match any name of a requested tag's group, and search adds
the other names of a group whose name the query holds (search/searcher.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.sql import placeholders
from kb.store.core import StoreCore, now
from kb.store.tag_reads import tag_used, tag_uses
from kb.store.tags import typed_tag
from kb.text import MAX_TAG_LENGTH, normalize_tag, shown_value

_WORD = re.compile(r"\w", re.ASCII)
_BETWEEN_NAMES = re.compile(r"[=,，、\n]")


def synonym_names(texts: Iterable[str]) -> list[str]:
    """The tag names a curator wrote for one synonym group, in the order written: each text may hold one name or
    several, separated by ``=``, commas (``,``, ``，``, ``、``) or line breaks (``数据迁移 = data migration``).

    The web form (one field) and ``kb tag synonym add`` (one name or more per argument) both read names with it.
    """
    return [name.strip() for text in texts for name in _BETWEEN_NAMES.split(text) if name.strip()]


class SynonymOps(StoreCore):
    """Adding, removing and reading synonym groups."""

    def add_synonyms(self, names: list[str], *, actor: str | None = None) -> list[str]:
        """Make names synonyms of one another; a name already in a group brings its whole group along.

        Returns:
            Every name of the group, sorted.

        Raises:
            InvalidInput: fewer than two different names, or a name that is empty or too long.
        """
        wanted = list(dict.fromkeys(_name(n) for n in names))
        if len(wanted) < 2:
            raise InvalidInput("give at least two different tag names to make synonyms")
        with self.transaction():
            groups = {r[0] for r in self.conn.execute(
                f"SELECT group_id FROM tag_synonyms WHERE name IN ({placeholders(wanted)})", wanted)}
            group = min(groups) if groups else int(self.scalar(
                "SELECT coalesce(max(group_id), 0) + 1 FROM tag_synonyms"))
            for other in groups - {group}:
                self.conn.execute("UPDATE tag_synonyms SET group_id = ? WHERE group_id = ?", [group, other])
            for name in wanted:
                self.conn.execute("INSERT OR IGNORE INTO tag_synonyms (name, group_id, added_by, added_at)"
                                  " VALUES (?, ?, ?, ?)", [name, group, actor, now()])
            members = self._group_names(group)
            self.conn.execute("INSERT INTO tag_events (action, tag, detail, actor, at) VALUES (?, ?, ?, ?, ?)",
                              ["synonym", wanted[0], " = ".join(members), actor, now()])
        return members

    def remove_synonym(self, name: str, *, actor: str | None = None) -> None:
        """Take a name out of its group (a group left with one name is dissolved).

        Raises:
            NotFound: the name is in no group.
        """
        key = _name(name)
        with self.transaction():
            group = self.scalar("SELECT group_id FROM tag_synonyms WHERE name = ?", [key])
            if group is None:
                raise NotFound(f"'{shown_value(key)}' has no synonyms")
            self.conn.execute("DELETE FROM tag_synonyms WHERE name = ?", [key])
            if self.scalar("SELECT count(*) FROM tag_synonyms WHERE group_id = ?", [group]) == 1:
                self.conn.execute("DELETE FROM tag_synonyms WHERE group_id = ?", [group])
            self.conn.execute("INSERT INTO tag_events (action, tag, detail, actor, at) VALUES (?, ?, ?, ?, ?)",
                              ["unsynonym", key, None, actor, now()])

    def synonym_groups(self, *, for_readers: bool = False) -> list[list[dict[str, Any]]]:
        """Every group: its names (with the tag's label and use where the tag exists), groups in name order.

        Args:
            for_readers: ``uses`` counts only what readers see (as ``tags(for_readers=True)`` does), and a name whose
                tag is used only on what they do not see is left out (a group left with one name, too).
        """
        documents, lessons = tag_uses("t", for_readers=for_readers)
        rows = self.rows(
            "SELECT s.group_id, s.name, coalesce(t.label, s.name) AS label, t.id IS NOT NULL AS is_tag,"
            f" {documents} + {lessons} AS uses, {tag_used('t')} AS used"
            " FROM tag_synonyms s LEFT JOIN tags t ON t.name = s.name ORDER BY s.group_id, s.name")
        groups: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            if not (for_readers and row["used"] and not row["uses"]):
                groups.setdefault(row.pop("group_id"), []).append(row)
            del row["used"]
        return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0]["name"])

    def synonyms(self, *, for_readers: bool = False) -> dict[str, list[str]]:
        """Each name in a group -> the other names of its group (``for_readers``: the names ``synonym_groups`` gives
        them)."""
        if for_readers:
            names = [[n["name"] for n in group] for group in self.synonym_groups(for_readers=True)]
        else:
            by_group: dict[int, list[str]] = {}
            for name, group in self.conn.execute("SELECT name, group_id FROM tag_synonyms ORDER BY name"):
                by_group.setdefault(group, []).append(name)
            names = list(by_group.values())
        return {name: [n for n in group if n != name] for group in names for name in group}

    def tag_groups(self, tags: list[str]) -> list[list[str]]:
        """Normalised tag names as filters read them: each with its synonyms."""
        if not tags:
            return []
        table = self.synonyms()
        return [[name, *table.get(name, [])] for name in tags]

    def synonyms_in(self, text: str) -> list[str]:
        """The synonyms of the names a text holds (a query): the words search adds to it. A name in Latin letters
        counts as a whole word only (``qa`` is not in "quality"); a Chinese name anywhere."""
        table = self.synonyms()
        if not table:
            return []
        folded = normalize_tag(text)
        out: list[str] = []
        for name, others in table.items():
            if _holds(folded, name):
                out.extend(o for o in others if o not in out and not _holds(folded, o))
        return out

    def _group_names(self, group: int) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM tag_synonyms WHERE group_id = ? ORDER BY name",
                                                [group])]


def _holds(text: str, name: str) -> bool:
    start = text.find(name)
    while start != -1:
        before = text[start - 1] if start else " "
        after = text[start + len(name)] if start + len(name) < len(text) else " "
        if not (_WORD.match(name[0]) and _WORD.match(before)) and not (_WORD.match(name[-1]) and _WORD.match(after)):
            return True
        start = text.find(name, start + 1)
    return False


def _name(label: str) -> str:
    name = normalize_tag(typed_tag(label, "tag"))
    if not name:
        raise InvalidInput("a tag needs at least one letter or character")
    if len(name) > MAX_TAG_LENGTH:
        raise InvalidInput(f"tag '{label[:20]}…' is longer than {MAX_TAG_LENGTH} characters")
    return name
