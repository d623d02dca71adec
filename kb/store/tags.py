"""Tags and their links to documents and lessons, with a history of every change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.fields import check_encodable, text_field
from kb.models import TagOrigin
from kb.store.core import StoreCore, now
from kb.text import MAX_TAG_LENGTH, normalize_space, normalize_tag


@dataclass(frozen=True)
class Target:
    """What a tag is attached to: a document (by key) or a lesson (by id)."""

    kind: str  # "document" or "lesson"
    ref: str

    @classmethod
    def parse(cls, text: str) -> Target:
        """``lesson:123`` (or ``L123``) names a lesson; anything else is a document key."""
        lowered = text.strip().lower()
        for prefix in ("lesson:", "l"):
            rest = lowered.removeprefix(prefix)
            if rest != lowered and rest.isdigit():
                return cls("lesson", rest)
        return cls("document", text.strip())

    def __str__(self) -> str:
        return f"lesson:{self.ref}" if self.kind == "lesson" else self.ref


class TagOps(StoreCore):
    """Creating, attaching, renaming and merging tags."""

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
                                [name, normalize_space(label).strip("#").strip(), now()])
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
            self.conn.execute(
                f"INSERT INTO {table} ({column}, tag_id, origin, added_by, added_at) VALUES (?, ?, ?, ?, ?) "
                f"ON CONFLICT DO UPDATE SET origin = excluded.origin, added_by = excluded.added_by, "
                f"added_at = excluded.added_at", [target_id, tag_id, origin.value, actor, now()])
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
                self._log("remove", name, str(target), actor)
        return bool(cur.rowcount)

    def rename_tag(self, old: str, new: str, *, actor: str | None = None) -> None:
        """Rename a tag everywhere; renaming onto an existing tag merges the two."""
        new = typed_tag(new, "new")
        with self.transaction():
            old_id = self._tag_id(old)
            new_name = normalize_tag(new)
            if not new_name:
                raise InvalidInput("the new tag name is empty")
            target = self.scalar("SELECT id FROM tags WHERE name = ?", [new_name])
            if target is not None and target != old_id:
                self._merge(old_id, int(target))
                self._log("merge", normalize_tag(old), new_name, actor)
                return
            self.conn.execute("UPDATE tags SET name = ?, label = ? WHERE id = ?",
                              [new_name, normalize_space(new), old_id])
            self._log("rename", normalize_tag(old), new_name, actor)

    def merge_tags(self, sources: list[str], into: str, *, actor: str | None = None) -> None:
        """Move every link of the source tags onto one tag (created if new) and delete the sources."""
        into = typed_tag(into, "into")
        with self.transaction():
            into_id = self.ensure_tag(into)
            if into_id is None:
                raise InvalidInput("the target tag name is empty")
            for label in sources:
                source_id = self._tag_id(label)
                if source_id != into_id:
                    self._merge(source_id, into_id)
                    self._log("merge", normalize_tag(label), normalize_tag(into), actor)

    def tags(self, *, limit: int | None = None, prefix: str | None = None) -> list[dict[str, Any]]:
        """Every tag with the number of documents and lessons it is on, most used first."""
        sql = ("SELECT t.id, t.name, t.label, (SELECT count(*) FROM document_tags WHERE tag_id = t.id) AS documents,"
               " (SELECT count(*) FROM lesson_tags WHERE tag_id = t.id) AS lessons FROM tags t")
        params: list[Any] = []
        if prefix:
            sql += " WHERE t.name LIKE ? ESCAPE '\\'"
            params.append(normalize_tag(prefix).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
        sql += " ORDER BY documents + lessons DESC, t.name"
        if limit:
            sql += " LIMIT ?"
            params.append(limit)
        return self.rows(sql, params)

    def tag_events(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest tag changes, newest first."""
        return self.rows("SELECT * FROM tag_events ORDER BY id DESC LIMIT ?", [limit])

    def _merge(self, source_id: int, into_id: int) -> None:
        for table, column in (("document_tags", "document_id"), ("lesson_tags", "lesson_id")):
            self.conn.execute(
                f"INSERT OR IGNORE INTO {table} ({column}, tag_id, origin, added_by, added_at) "
                f"SELECT {column}, ?, origin, added_by, added_at FROM {table} WHERE tag_id = ?", [into_id, source_id])
        self.conn.execute("DELETE FROM tags WHERE id = ?", [source_id])

    def _tag_id(self, label: str) -> int:
        check_encodable(label, "tag")
        found = self.scalar("SELECT id FROM tags WHERE name = ?", [normalize_tag(label)])
        if found is None:
            raise NotFound(f"no tag '{label}'")
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
            raise NotFound(f"no document with key '{target.ref}'")
        return "document_tags", "document_id", int(found)

    def _log(self, action: str, tag: str, detail: str, actor: str | None) -> None:
        self.conn.execute("INSERT INTO tag_events (action, tag, detail, actor, at) VALUES (?, ?, ?, ?, ?)",
                          [action, tag, detail, actor, now()])


def typed_tag(label: object, field: str) -> str:
    """A tag name someone typed: one line of text (ingested front matter is not checked here).

    Raises:
        InvalidInput: not text, a control character such as NUL, or a lone surrogate.
    """
    # the length that counts is the normalised name's (ensure_tag); this bound only stops absurd input early
    return text_field(label, field, limit=MAX_TAG_LENGTH * 10) or ""
