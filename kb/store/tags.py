"""Tags and their links to documents and lessons, with a history of every change."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.fields import check_encodable, text_field
from kb.models import TagOrigin
from kb.store.changes import ChangeLog
from kb.store.core import now, row_id
from kb.store.subscribers import interest_tags
from kb.store.tag_reads import TagReadOps
from kb.text import MAX_TAG_LENGTH, normalize_tag, shown_value, tag_label

# Tags one document or lesson may be given by hand (a curator's add, a recorded lesson's form): the shipped corpus's
# files tag a document with 8 at most; a lesson recorded with 150 read as a list of words, and its page as one.
# Tags a file's own front matter gives are not counted against it, nor refused (ingest does not go through add_tag).
MAX_TAGS = 20

# the most characters of a tag name as typed (typed_tag), before it is normalised to MAX_TAG_LENGTH: its fields'
# maxlength on the pages (CURATION_LIMITS)
TYPED_TAG_CHARS = MAX_TAG_LENGTH * 10


@dataclass(frozen=True)
class Target:
    """What a tag is attached to: a document (by key) or a lesson (by id)."""

    kind: str  # "document" or "lesson"
    ref: str

    @classmethod
    def parse(cls, text: str) -> Target:
        """``lesson:123`` (or ``L123``) names a lesson, in ASCII digits up to ``MAX_ROW_ID`` (``int`` reads "١٢" as 12,
        refuses "²" and thousands of digits, and SQLite a larger number); anything else is a document key."""
        lowered = text.strip().lower()
        for prefix in ("lesson:", "l"):
            rest = lowered.removeprefix(prefix)
            if rest != lowered and row_id(rest) is not None:
                return cls("lesson", rest)
        return cls("document", text.strip())

    def __str__(self) -> str:
        return f"lesson:{self.ref}" if self.kind == "lesson" else self.ref


class TagOps(ChangeLog, TagReadOps):
    """Creating, attaching, renaming and merging tags (and undoing a rename or merge)."""

    def ensure_tag(self, label: str) -> int | None:
        """The id of a tag, created if new; None for a name that is empty once normalised."""
        name = normalize_tag(label)
        if not name:
            return None
        if len(name) > MAX_TAG_LENGTH:
            raise InvalidInput(f"tag '{label[:20]}…' is longer than {MAX_TAG_LENGTH} characters")
        found = self.scalar("SELECT id FROM tags WHERE name = ?", [name])
        if found is not None:
            return int(found)
        cur = self.conn.execute("INSERT INTO tags (name, label, created_at) VALUES (?, ?, ?)",
                                [name, tag_label(label), now()])
        return int(cur.lastrowid)

    def add_tag(self, target: Target, label: str, *, origin: TagOrigin = TagOrigin.CURATOR,
                actor: str | None = None) -> bool:
        """Attach a tag; return False if it was already attached (a curator add upgrades the origin)."""
        label = typed_tag(label, "tag")
        with self.transaction():
            table, column, target_id = self._resolve(target)
            tag_id = self.ensure_tag(label)
            if tag_id is None:
                raise InvalidInput("a tag needs at least one letter or character")
            existing = self.scalar(f"SELECT origin FROM {table} WHERE {column} = ? AND tag_id = ?", [target_id, tag_id])
            if existing is not None and (existing == origin.value or origin != TagOrigin.CURATOR):
                return False
            if existing is None and self._hand_tags(table, column, target_id, adding=tag_id) > MAX_TAGS:
                raise _too_many_tags(target, tag_label(label))  # as typed, not folded: 'ERP Rollout'
            self.conn.execute(
                f"INSERT INTO {table} ({column}, tag_id, origin, added_by, added_at) VALUES (?, ?, ?, ?, ?) "
                f"ON CONFLICT DO UPDATE SET origin = excluded.origin, added_by = excluded.added_by, "
                f"added_at = excluded.added_at", [target_id, tag_id, origin.value, actor, now()])
            self._record_target(table, target_id)
            self._log("add", normalize_tag(label), str(target), actor)
        return True

    def remove_tag(self, target: Target, label: str, *, actor: str | None = None) -> bool:
        """Detach a tag; return False if it was not attached."""
        with self.transaction():
            table, column, target_id = self._resolve(target)
            check_encodable(label, "tag")
            name = normalize_tag(label)
            cur = self.conn.execute(
                f"DELETE FROM {table} WHERE {column} = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)",
                [target_id, name])
            if cur.rowcount:
                self._record_target(table, target_id)
                self._log("remove", name, str(target), actor)
        return bool(cur.rowcount)

    def rename_tag(self, old: str, new: str, *, actor: str | None = None) -> str:
        """Rename a tag everywhere; renaming onto an existing tag merges the two.

        Returns:
            ``"rename"`` or ``"merge"``: what was done; ``"unchanged"`` when the new name is the tag's own, as it is
            written (no change is logged: it was an undoable "rename 'testing' to 'testing'").
        """
        new = typed_tag(new, "new")
        with self.transaction():
            old_id = self._tag_id(old)
            new_name = normalize_tag(new)
            if not new_name:
                raise InvalidInput("the new tag name is empty")
            if len(new_name) > MAX_TAG_LENGTH:  # as ensure_tag refuses it: a rename made a tag of 70 characters
                raise InvalidInput(f"tag '{new[:20]}…' is longer than {MAX_TAG_LENGTH} characters")
            target = self.scalar("SELECT id FROM tags WHERE name = ?", [new_name])
            if target is not None and target != old_id:
                undo = self._merge(old_id, int(target))
                self._log("merge", normalize_tag(old), new_name, actor, undo)
                return "merge"
            before = self.row("SELECT name, label FROM tags WHERE id = ?", [old_id])
            if (before["name"], before["label"]) == (new_name, tag_label(new)):
                return "unchanged"
            self._record_tagged(old_id)
            self.conn.execute("UPDATE tags SET name = ?, label = ? WHERE id = ?",
                              [new_name, tag_label(new), old_id])
            synonym = self._rename_synonym(before["name"], new_name)
            interests = self._retag_interests(before["name"], tag_label(new))
            self._log("rename", normalize_tag(old), new_name, actor,
                      {"tag_id": old_id, "name": before["name"], "label": before["label"], "new_name": new_name,
                       "synonym": synonym, "interests": interests})
            return "rename"

    def _rename_synonym(self, name: str, new_name: str) -> bool:
        """A renamed tag keeps its place in its group of synonyms under its new name (unless that name is in a group
        already): the group kept the old name, so "retro picks = 复盘精选", 复盘精选 renamed 分享会候选, filtered by
        retro picks found nothing any more. Whether it moved (for the undo)."""
        if name == new_name or not self.scalar("SELECT 1 FROM tag_synonyms WHERE name = ?", [name]) \
                or self.scalar("SELECT 1 FROM tag_synonyms WHERE name = ?", [new_name]):
            return False
        self.conn.execute("UPDATE tag_synonyms SET name = ? WHERE name = ?", [new_name, name])
        return True

    def _retag_interests(self, name: str, label: str) -> list[list[Any]]:
        """Digest subscribers' tags of interest follow a tag renamed or merged (``name``, gone) to the tag now called
        ``label``: a subscriber of 灰度发布, renamed 灰度上线, was sent nothing about it any more, or about everything
        if it was their only interest. For the undo: each subscriber changed, with their tags before and after."""
        changed = []
        for row in self.rows("SELECT id, interests FROM subscribers WHERE interests LIKE '%\"tags\"%'"):
            try:
                interests = json.loads(row["interests"] or "{}")
            except json.JSONDecodeError:
                continue
            tags = interests.get("tags") if isinstance(interests, dict) else None
            if not isinstance(tags, list) or name not in {normalize_tag(str(t)) for t in tags}:
                continue
            after = interest_tags([label if normalize_tag(str(t)) == name else str(t) for t in tags])
            self.conn.execute("UPDATE subscribers SET interests = ? WHERE id = ?",
                              [json.dumps({**interests, "tags": after}, ensure_ascii=False), row["id"]])
            changed.append([row["id"], tags, after])
        return changed

    def _restore_interests(self, changed: list[list[Any]]) -> None:
        """An undo: the subscribers' tags of interest as they were, where no one has changed them since."""
        for subscriber_id, before, after in changed:
            stored = self.scalar("SELECT interests FROM subscribers WHERE id = ?", [subscriber_id])
            interests = json.loads(stored or "{}") if stored else None
            if isinstance(interests, dict) and interests.get("tags") == after:
                self.conn.execute("UPDATE subscribers SET interests = ? WHERE id = ?",
                                  [json.dumps({**interests, "tags": before}, ensure_ascii=False), subscriber_id])

    def merge_tags(self, sources: list[str], into: str, *, actor: str | None = None) -> None:
        """Move every link of the source tags onto one tag (created if new) and delete the sources."""
        into = typed_tag(into, "into")
        with self.transaction():
            for label in sources:  # each one a tag before the one to keep is made: "missing" into "missing" made it
                self._tag_id(label)
            created = self.scalar("SELECT id FROM tags WHERE name = ?", [normalize_tag(into)]) is None
            into_id = self.ensure_tag(into)
            if into_id is None:
                raise InvalidInput("the target tag name is empty")
            for label in sources:
                source_id = self._tag_id(label)
                if source_id != into_id:
                    undo = self._merge(source_id, into_id)
                    undo["created_into"] = created
                    self._log("merge", normalize_tag(label), normalize_tag(into), actor, undo)

    def undo_tag_event(self, event_id: int, *, actor: str | None = None) -> dict[str, Any]:
        """Undo a rename or a merge: the tags and every link they had before it come back as they were.

        Returns:
            The event undone.

        Raises:
            NotFound: no such change.
            InvalidInput: a change that cannot be undone (not a rename or merge, undone already, or changed since).
        """
        with self.transaction():
            event = self.row("SELECT * FROM tag_events WHERE id = ?", [event_id])
            if event is None:
                raise NotFound(f"no tag change {event_id}")
            if event["undone_at"]:
                raise InvalidInput(f"tag change {event_id} has been undone already")
            if not event["undo"] or event["action"] not in ("rename", "merge"):
                raise InvalidInput(f"tag change {event_id} cannot be undone")
            undo = json.loads(event["undo"])
            if event["action"] == "rename":
                self._undo_rename(undo)
            else:
                self._undo_merge(undo)
            self.conn.execute("UPDATE tag_events SET undone_at = ? WHERE id = ?", [now(), event_id])
            self._log("undo", event["tag"], event["detail"], actor)
        return event

    def _undo_rename(self, undo: dict[str, Any]) -> None:
        current = self.scalar("SELECT name FROM tags WHERE id = ?", [undo["tag_id"]])
        if current != undo["new_name"]:
            raise InvalidInput(f"tag '{undo['new_name']}' has changed since; undo the later changes first")
        self._name_free(undo["name"])
        self._record_tagged(undo["tag_id"])
        self.conn.execute("UPDATE tags SET name = ?, label = ? WHERE id = ?",
                          [undo["name"], _relabelled(undo["label"]), undo["tag_id"]])
        if undo.get("synonym"):  # back in its group under its old name, if the new one is still there
            self._rename_synonym(undo["new_name"], undo["name"])
        self._restore_interests(undo.get("interests", []))

    def _undo_merge(self, undo: dict[str, Any]) -> None:
        source, into_id = undo["source"], undo["into_id"]
        if self.scalar("SELECT name FROM tags WHERE id = ?", [into_id]) != undo["into_name"]:
            raise InvalidInput(f"tag '{undo['into_name']}' has changed since; undo the later changes first")
        self._name_free(source["name"])
        taken = self.scalar("SELECT 1 FROM tags WHERE id = ?", [source["id"]])
        cur = self.conn.execute("INSERT INTO tags (id, name, label, created_at) VALUES (?, ?, ?, ?)",
                                [None if taken else source["id"], source["name"], _relabelled(source["label"]),
                                 source["created_at"]])
        source_id = int(cur.lastrowid)
        for table, column, owner in (("document_tags", "document_id", "documents"),
                                     ("lesson_tags", "lesson_id", "lessons")):
            self._restore_links(table, column, owner, undo, source_id)
        self._record_tagged(source_id)  # the lessons it is back on (the others' tags are as before the merge)
        self._restore_interests(undo.get("interests", []))
        if undo.get("created_into") and not self.scalar(
                "SELECT (SELECT count(*) FROM document_tags WHERE tag_id = ?) + "
                "(SELECT count(*) FROM lesson_tags WHERE tag_id = ?)", [into_id, into_id]):
            self.conn.execute("DELETE FROM tags WHERE id = ?", [into_id])

    def _restore_links(self, table: str, column: str, owner: str, undo: dict[str, Any], source_id: int) -> None:
        """A merge undone: the links the source tag had, back on it (``source_id``), and those the merge gave the
        other tag taken off it, where still as given.

        Raises:
            InvalidInput: a document or lesson that would have more than ``MAX_TAGS`` tags given by hand (tags added
                to it since the merge took the place of the one the merge folded away), named; nothing is undone.
        """
        refs = sorted({link[0] for link in undo["links"][table]})
        before = {ref: self._hand_tags(table, column, ref) for ref in refs}
        for ref, origin, added_by, added_at in undo["links"][table]:
            self.conn.execute(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id, origin, added_by, added_at)"
                f" SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM {owner} WHERE id = ?)",
                [ref, source_id, origin, added_by, added_at, ref])
        for ref, added_at in undo["added"][table]:  # the links the merge gave the other tag, if still as given
            self.conn.execute(f"DELETE FROM {table} WHERE {column} = ? AND tag_id = ? AND added_at IS ?",
                              [ref, undo["into_id"], added_at])
        for ref in refs:  # a document or lesson over the cap before the undo (older data) is not refused for it
            count = self._hand_tags(table, column, ref)
            if count > max(MAX_TAGS, before[ref]):
                if table == "lesson_tags":
                    raise InvalidInput(f"undoing this change would give lesson {ref} {count} tags, more than the"
                                       f" {MAX_TAGS} allowed: remove one of its tags first")
                key = self.scalar("SELECT key FROM documents WHERE id = ?", [ref])
                raise InvalidInput(f"undoing this change would give document '{shown_value(key)}' {count} tags, more"
                                   f" than the {MAX_TAGS} allowed: remove one of its tags first")

    def _hand_tags(self, table: str, column: str, ref: int, *, adding: int | None = None) -> int:
        """How many tags a document or lesson has that ``MAX_TAGS`` counts (with ``adding``, a tag's id, on it too):
        all but its file's own (front matter), a synonym group's names one tag. 数据迁移 and "data migration" are one
        tag to filters and search, and the record form counted them one; a curator adding the second was refused
        as the 21st."""
        return self.tags_counted(r[0] for r in self.conn.execute(
            f"SELECT name FROM tags WHERE id IN (SELECT tag_id FROM {table} WHERE {column} = ? AND origin != ?)"
            " OR id IS ?", [ref, TagOrigin.FRONT_MATTER.value, adding]))

    def _name_free(self, name: str) -> None:
        if self.scalar("SELECT 1 FROM tags WHERE name = ?", [name]):
            raise InvalidInput(f"a tag named '{name}' exists again; rename or merge it first")

    def _merge(self, source_id: int, into_id: int) -> dict[str, Any]:
        """Move a tag's links onto another and delete it; return what it takes to undo that."""
        source = self.row("SELECT id, name, label, created_at FROM tags WHERE id = ?", [source_id])
        self._record_tagged(source_id)
        undo: dict[str, Any] = {"source": source, "into_id": into_id, "links": {}, "added": {},
                                "into_name": self.scalar("SELECT name FROM tags WHERE id = ?", [into_id])}
        for table, column in (("document_tags", "document_id"), ("lesson_tags", "lesson_id")):
            links = [list(r) for r in self.conn.execute(
                f"SELECT {column}, origin, added_by, added_at FROM {table} WHERE tag_id = ? ORDER BY {column}",
                [source_id])]
            had = {r[0] for r in self.conn.execute(f"SELECT {column} FROM {table} WHERE tag_id = ?", [into_id])}
            undo["links"][table] = links
            undo["added"][table] = [[ref, added_at] for ref, _, _, added_at in links if ref not in had]
            self.conn.execute(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id, origin, added_by, added_at) "
                f"SELECT {column}, ?, origin, added_by, added_at FROM {table} WHERE tag_id = ?", [into_id, source_id])
        self.conn.execute("DELETE FROM tags WHERE id = ?", [source_id])
        undo["interests"] = self._retag_interests(
            source["name"], self.scalar("SELECT label FROM tags WHERE id = ?", [into_id]))
        return undo

    def _tag_id(self, label: str) -> int:
        check_encodable(label, "tag")
        found = self.scalar("SELECT id FROM tags WHERE name = ?", [normalize_tag(label)])
        if found is None:
            raise NotFound(f"no tag '{shown_value(label)}'")
        return int(found)

    def _resolve(self, target: Target) -> tuple[str, str, int]:
        if target.kind == "lesson":
            found = self.scalar("SELECT id FROM lessons WHERE id = ?", [int(target.ref)])
            if found is None:
                raise NotFound(f"no lesson {target.ref}")
            return "lesson_tags", "lesson_id", int(found)
        check_encodable(target.ref, "document")
        found = self.scalar("SELECT id FROM documents WHERE key = ?", [target.ref])
        if found is None:
            raise NotFound(f"no document with key '{shown_value(target.ref)}'")
        return "document_tags", "document_id", int(found)

    def _log(self, action: str, tag: str, detail: str | None, actor: str | None,
             undo: dict[str, Any] | None = None) -> None:
        self.conn.execute("INSERT INTO tag_events (action, tag, detail, actor, at, undo) VALUES (?, ?, ?, ?, ?, ?)",
                          [action, tag, detail, actor, now(),
                           json.dumps(undo, ensure_ascii=False) if undo is not None else None])


def _too_many_tags(target: Target, name: str) -> InvalidInput:
    """A tag refused to a document or lesson that has ``MAX_TAGS`` already."""
    if target.kind == "lesson":
        return InvalidInput(f"at most {MAX_TAGS} tags on a lesson: remove one before adding '{shown_value(name)}'")
    return InvalidInput(f"at most {MAX_TAGS} tags on a document: remove one before adding '{shown_value(name)}'")


_BETWEEN_TAGS = re.compile(r"[,，、]")


def tag_list(text: str) -> list[str]:
    """The tags typed into one field, in the order typed: names separated by commas (``,``, ``，``, ``、``), as the
    record form and the merge form read them, so '供应商管理，测试' is two tags, not one named with a comma."""
    return [name.strip() for name in _BETWEEN_TAGS.split(text) if name.strip()]


def typed_tag(label: object, field: str) -> str:
    """A tag name someone typed: one line of text (ingested front matter is not checked here).

    Raises:
        InvalidInput: not text, a control character such as NUL, or a lone surrogate.
    """
    # the length that counts is the normalised name's (ensure_tag); this bound only stops absurd input early
    return text_field(label, field, limit=TYPED_TAG_CHARS) or ""


def _relabelled(label: str) -> str:
    """A label kept in a change's undo record, as tags are labelled now (``tag_label``: NFKC): one recorded before
    migration 0014 holds it as first typed (ＳＡＰ), and the tag an undo brings back must not show it so."""
    return tag_label(label) or label
