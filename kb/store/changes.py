"""The lessons' change feed: every write that adds, changes or removes a lesson records it here, in the same
transaction, under a sequence number that only grows (``AUTOINCREMENT``: never reused, even after the newest row
goes). One row a lesson, its latest change (as a compacted log): a script that follows the feed from the last
number it read learns each lesson's latest state once, whatever happened in between, and never misses one.

A lesson's row says when it was added (``added_seq``), so a reader told of it after a cursor is told "added" when it
arrived after that cursor, "changed" when the script had it already, "removed" when it went. Stores made before
migration 0020 start the feed there: each lesson they held is in it as added, in the order they arrived; what was
removed before then is not. A removed lesson's row is its tombstone (its id and when it went), kept as long as the
store (never pruned: about 61 bytes a lesson that ever left), so that a cursor of any age still learns of it.

The numbers are those of one line of the store's history: a store put back from a backup numbers its next changes
again from where the backup stood. So the feed has an epoch, a random name that every copy ``kb backup`` takes and
every database ``kb restore`` puts back gets anew (``backup_to``, ``renew_feed_epoch``), and a cursor carries it:
one of another epoch is known to come from before a restore, whatever its number."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kb.schema_later import RENEW_FEED_EPOCH
from kb.store.core import StoreCore, now

ADDED, CHANGED, REMOVED = "added", "changed", "removed"


class ChangeLog(StoreCore):
    """Recording lessons' changes (called inside the transaction of the write) and reading the feed."""

    def _record(self, lesson_ids: Iterable[int], change: str) -> None:
        """The lessons' latest change: their old rows go, new ones get the next numbers (``added_seq`` kept)."""
        stamp = now()
        for lesson_id in dict.fromkeys(lesson_ids):
            added = self.scalar("SELECT added_seq FROM lesson_changes WHERE lesson_id = ?", [lesson_id])
            seq = self.conn.execute(
                "INSERT OR REPLACE INTO lesson_changes (lesson_id, change, at, added_seq) VALUES (?, ?, ?, ?)",
                [lesson_id, change, stamp, added]).lastrowid
            if change == ADDED:
                self.conn.execute("UPDATE lesson_changes SET added_seq = seq WHERE seq = ?", [seq])

    def _record_documents(self, where: str, params: list[Any], change: str = REMOVED) -> None:
        """The lessons of documents (``where`` on ``documents d``): removed, before the documents are deleted; or
        changed, when what lessons show of their document (title, project, date...) was corrected."""
        self._record([r[0] for r in self.conn.execute(
            f"SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE {where}", params)], change)

    def _record_tagged(self, tag_id: int) -> None:
        """The lessons carrying a tag, or whose document carries it, changed (the tag renamed, merged, its merge
        undone): their ``tags`` or ``document_tags`` read otherwise."""
        self._record([r[0] for r in self.conn.execute(
            "SELECT lesson_id FROM lesson_tags WHERE tag_id = ? UNION SELECT l.id FROM lessons l"
            " JOIN document_tags x ON x.document_id = l.document_id WHERE x.tag_id = ?", [tag_id, tag_id])], CHANGED)

    def _record_target(self, table: str, target_id: int) -> None:
        """A tag put on or taken off a lesson (``lesson_tags``) or a document (``document_tags``: each of its
        lessons carries the document's tags as ``document_tags``)."""
        if table == "lesson_tags":
            self._record([target_id], CHANGED)
        else:
            self._record_documents("d.id = ?", [target_id], CHANGED)

    def changes(self, after: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """The latest changes numbered after ``after``, oldest first, with what each is to a script that read up to
        ``after`` (added, changed or removed); and the newest number of all (0: none)."""
        rows = self.rows(
            "SELECT seq, lesson_id, at, CASE WHEN change = 'removed' THEN 'removed'"
            " WHEN coalesce(added_seq, 0) > ? THEN 'added' ELSE 'changed' END AS change"
            " FROM lesson_changes WHERE seq > ? ORDER BY seq LIMIT ?", [after, after, limit])
        return rows, int(self.scalar("SELECT coalesce(max(seq), 0) FROM lesson_changes"))

    def search_stamp(self) -> tuple[Any, ...]:
        """A marker that changes with every write that can change what search finds in the store, made by any
        connection: the feed's epoch and newest number (a lesson added, changed, hidden or removed; a restore), and
        the documents' largest id and count (a document without lessons added or removed). Search's cache of
        unfiltered rankings keys on it (search/relevant_cache.py); read again only after a write
        (kb/store/stored_ids.py: it was read at every hybrid search)."""
        return self.held_stamp.get(self.conn)

    def feed_epoch(self) -> str:
        """The change feed's epoch: the name of this line of change numbers (new after a restore)."""
        return str(self.scalar("SELECT epoch FROM feed_epoch"))

    def renew_feed_epoch(self) -> str:
        """A new epoch for the feed (the store was put back from a backup): cursors given before are of another."""
        with self.transaction():
            self.conn.execute(RENEW_FEED_EPOCH)
        return self.feed_epoch()
