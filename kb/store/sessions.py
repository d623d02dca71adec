"""Share sessions (经验分享会): agendas of lessons for a sharing meeting."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from kb import agenda
from kb.errors import InvalidInput, NotFound
from kb.fields import datetime_field, text_field
from kb.sql import placeholders
from kb.store.core import StoreCore, now
from kb.store.visibility import ALL_HIDDEN_DOCUMENTS
from kb.text import shown_value

STATUSES = ("draft", "scheduled", "held")
NEXT_STATUS = {"draft": "scheduled", "scheduled": "held"}
SESSION_FIELDS = ("title", "theme", "scheduled_at", "location", "presenters", "audience", "description")
SHORT_FIELDS = ("title", "theme", "location", "audience")  # one line each
# The most characters a session's fields and an agenda item's may hold: the store refuses more, and the web forms take
# their limits from here (maxlength, the counters under the long boxes), so that the two never disagree.
SESSION_LIMITS = {**dict.fromkeys(SHORT_FIELDS, 200), "description": 5000, "presenters": 5000, "presenter": 100,
                "note": 2000, "minutes": 20000, "starts_at": 40}


class SessionOps(StoreCore):
    """Creating sessions, filling and ordering their agendas, moving them through draft -> scheduled -> held."""

    def create_session(self, data: dict[str, Any], *, actor: str | None = None) -> int:
        """Create a draft session; ``title`` is required."""
        values = _session_values(data, require_title=True)
        stamp = now()
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO share_sessions (title, theme, scheduled_at, location, presenters, audience, description,"
                " status, created_by, created_at, updated_at) VALUES (:title, :theme, :scheduled_at, :location,"
                " :presenters, :audience, :description, 'draft', :actor, :stamp, :stamp)",
                {**{f: None for f in SESSION_FIELDS}, "presenters": "[]", **values, "actor": actor, "stamp": stamp})
        return int(cur.lastrowid)

    def update_session(self, session_id: int, data: dict[str, Any]) -> None:
        """Change some fields of a session.

        Raises:
            InvalidInput: a bad field, or clearing the date of a session that is not a draft (it is scheduled or
                was held on that date).
        """
        values = _session_values(data, require_title=False)
        if not values:
            return
        assignments = ", ".join(f"{k} = :{k}" for k in values)
        with self.transaction():  # checked inside the write transaction: a status change cannot slip in between
            status, _ = self._session_state(session_id)
            if "scheduled_at" in values and not values["scheduled_at"] and status != "draft":
                raise InvalidInput("a scheduled or held session keeps its date and time; move it back to draft to"
                                   " clear it")
            self.conn.execute(f"UPDATE share_sessions SET {assignments}, updated_at = :stamp WHERE id = :id",
                              {**values, "stamp": now(), "id": session_id})

    def set_session_status(self, session_id: int, status: str) -> None:
        """Move a session to draft, scheduled or held (scheduling needs a date)."""
        if status not in STATUSES:
            raise InvalidInput(f"unknown status '{shown_value(status)}'; use one of: {', '.join(STATUSES)}")
        with self.transaction():  # checked inside the write transaction: the date cannot be cleared in between
            _, scheduled_at = self._session_state(session_id)
            if status in ("scheduled", "held") and not scheduled_at:
                raise InvalidInput("give the session a date and time before scheduling it")
            self.conn.execute("UPDATE share_sessions SET status = ?, updated_at = ? WHERE id = ?",
                              [status, now(), session_id])

    def _session_state(self, session_id: int) -> tuple[str, str | None]:
        """A session's status and date, read in the caller's transaction.

        Raises:
            NotFound: no such session.
        """
        row = self.conn.execute("SELECT status, scheduled_at FROM share_sessions WHERE id = ?", [session_id]).fetchone()
        if row is None:
            raise NotFound(f"no share session {session_id}")
        return row[0], row[1]

    def delete_session(self, session_id: int) -> None:
        """Delete a session and its agenda."""
        with self.transaction():
            if not self.conn.execute("DELETE FROM share_sessions WHERE id = ?", [session_id]).rowcount:
                raise NotFound(f"no share session {session_id}")

    def session(self, session_id: int, *, drafts: bool = True, hidden_text: bool = True) -> dict[str, Any]:
        """A session with its agenda items in order; each item says whether its lesson is ``hidden``.

        Args:
            drafts: False for readers: a draft is then as missing as a session that does not exist.
            hidden_text: False to leave out the text of the items whose lesson a curator has hidden
                (``lesson_text`` None), for readers and for anything that leaves the site (exports, e-mail); and,
                where every lesson of its document is hidden, the document (its title may be the lesson's text).

        Raises:
            NotFound: no such session (or a draft, without ``drafts``).
        """
        row = self.row("SELECT * FROM share_sessions WHERE id = ?", [session_id])
        if row is None or (row["status"] == "draft" and not drafts):
            raise NotFound(f"no share session {session_id}")
        row["presenters"] = json.loads(row["presenters"] or "[]")
        row["items"] = self.rows(
            "SELECT i.*, l.review_status, (l.id IS NOT NULL) AS lesson_exists,"
            " coalesce(l.review_status = 'hidden', 0) AS hidden,"
            f" coalesce(l.document_id IN ({ALL_HIDDEN_DOCUMENTS}), 0) AS document_hidden FROM session_items i"
            " LEFT JOIN lessons l ON l.id = i.lesson_id WHERE i.session_id = ? ORDER BY i.position, i.id",
            [session_id])
        for item in row["items"]:
            item["hidden"], item["lesson_exists"] = bool(item["hidden"]), bool(item["lesson_exists"])  # JSON true/false
            if item["hidden"] and not hidden_text:
                item["lesson_text"] = None
                if item.pop("document_hidden"):
                    item["document_title"] = item["document_key"] = None
            item.pop("document_hidden", None)
        for item, slot in zip(row["items"], agenda.slots(row["scheduled_at"], row["items"]), strict=True):
            item["slot_start"], item["slot_end"] = agenda.hhmm(slot.start), agenda.hhmm(slot.end)
        row["total_minutes"] = agenda.total_minutes(row["items"])
        row["untimed_items"] = sum(1 for item in row["items"] if not item["duration_minutes"])
        row["ends_at"] = agenda.hhmm(agenda.session_end(row["scheduled_at"], row["items"]))
        return row

    def sessions(self, *, when: str = "all", status: str | None = None, drafts: bool = True, limit: int = 100,
                 offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """Sessions: ``upcoming`` (not held, soonest first), ``past`` (held or dated before now), or all; drafts
        only with ``drafts`` (they are for curators)."""
        clauses, params = [] if drafts else ["status != 'draft'"], []
        today = datetime.now().isoformat(timespec="minutes")
        if when == "upcoming":
            clauses.append("status != 'held' AND (scheduled_at IS NULL OR scheduled_at >= ?)")
            params.append(today[:10])
            order = "scheduled_at IS NULL, scheduled_at, id"
        elif when == "past":
            clauses.append("(status = 'held' OR scheduled_at < ?)")
            params.append(today[:10])
            order = "scheduled_at DESC, id DESC"
        else:
            order = "scheduled_at IS NULL, scheduled_at DESC, id DESC"
        if status:
            clauses.append("status = ?")
            params.append(status)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        total = int(self.scalar(f"SELECT count(*) FROM share_sessions {where}", params))
        rows = self.rows(f"SELECT s.*, (SELECT count(*) FROM session_items i WHERE i.session_id = s.id) AS items"
                         f" FROM share_sessions s {where} ORDER BY {order} LIMIT ? OFFSET ?", [*params, limit, offset])
        for r in rows:
            r["presenters"] = json.loads(r["presenters"] or "[]")
        return rows, total

    def agenda_lessons(self, session_ids: list[int]) -> dict[int, set[int]]:
        """lesson id -> which of some sessions have it on their agenda (none asked: none)."""
        held: dict[int, set[int]] = {}
        if session_ids:
            for row in self.rows(f"SELECT lesson_id, session_id FROM session_items WHERE session_id IN"
                                 f" ({placeholders(session_ids)})", list(session_ids)):
                held.setdefault(row["lesson_id"], set()).add(row["session_id"])
        return held

    def lesson_sessions(self, lesson_id: int) -> list[dict[str, Any]]:
        """The sessions whose agenda holds a lesson (``id``, ``title``, ``status``), as its page names them."""
        return self.rows("SELECT s.id, s.title, s.status FROM session_items i JOIN share_sessions s"
                         " ON s.id = i.session_id WHERE i.lesson_id = ? ORDER BY s.id", [lesson_id])

    def add_session_item(self, session_id: int, lesson_id: int, *, note: str | None = None,
                         actor: str | None = None) -> int:
        """Put a lesson on a session's agenda (at the end); adding it twice is refused."""
        note = _clean(note, SESSION_LIMITS["note"], "note", multiline=True)
        self.session(session_id)
        lesson = self.row("SELECT l.id, l.text, l.kind, d.key, d.title, d.project FROM lessons l"
                          " JOIN documents d ON d.id = l.document_id WHERE l.id = ?", [lesson_id])
        if lesson is None:
            raise NotFound(f"no lesson {lesson_id}")
        if self.scalar("SELECT 1 FROM session_items WHERE session_id = ? AND lesson_id = ?", [session_id, lesson_id]):
            raise InvalidInput(f"lesson {lesson_id} is already on this agenda")
        with self.transaction():
            position = int(self.scalar("SELECT coalesce(max(position), -1) + 1 FROM session_items WHERE session_id = ?",
                                       [session_id]))
            cur = self.conn.execute(
                "INSERT INTO session_items (session_id, lesson_id, position, note, lesson_text, lesson_kind,"
                " document_key, document_title, project, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [session_id, lesson_id, position, note, lesson["text"], lesson["kind"], lesson["key"],
                 lesson["title"], lesson["project"], actor, now()])
            self._touch(session_id)
        return int(cur.lastrowid)

    def update_session_item(self, session_id: int, item_id: int, *, note: str | None = None,
                            minutes: str | None = None, presenter: str | None = None, starts_at: str | None = None,
                            duration_minutes: str | int | None = None) -> None:
        """Change an item's note, minutes, presenter or time slot (None leaves a field as it is; an empty text
        clears it).

        Raises:
            InvalidInput: a field that is too long, a start time that is not HH:MM, a length that is not whole
                minutes between 1 and ``agenda.MAX_ITEM_MINUTES``.
        """
        given = {"note": note, "minutes": minutes, "presenter": presenter, "starts_at": starts_at,
                 "duration_minutes": duration_minutes}
        changes = {"note": _clean(note, SESSION_LIMITS["note"], "note", multiline=True),
                   "minutes": _clean(minutes, SESSION_LIMITS["minutes"], "minutes", multiline=True),
                   "presenter": _clean(presenter, SESSION_LIMITS["presenter"], "presenter"),
                   "starts_at": agenda.parse_time(text_field(starts_at, "starts_at", limit=SESSION_LIMITS["starts_at"])),
                   "duration_minutes": agenda.parse_minutes(
                       # a JSON number is a length, said as one when it is not whole minutes: 20.5 was "must be
                       # text, not a number"
                       duration_minutes if isinstance(duration_minutes, int | float)
                       and not isinstance(duration_minutes, bool)
                       else text_field(duration_minutes, "duration_minutes", limit=40))}
        self._item(session_id, item_id)
        with self.transaction():
            for column, value in given.items():
                if value is not None:
                    self.conn.execute(f"UPDATE session_items SET {column} = ? WHERE id = ?", [changes[column], item_id])
            self._touch(session_id)

    def remove_session_item(self, session_id: int, item_id: int) -> None:
        """Take an item off the agenda."""
        self._item(session_id, item_id)
        with self.transaction():
            self.conn.execute("DELETE FROM session_items WHERE id = ?", [item_id])
            self._renumber(session_id)
            self._touch(session_id)

    def reorder_session(self, session_id: int, item_ids: list[int]) -> None:
        """Set the agenda order; ``item_ids`` must list every item of the session exactly once."""
        current = {r["id"] for r in self.rows("SELECT id FROM session_items WHERE session_id = ?", [session_id])}
        self.session(session_id)
        if sorted(item_ids) != sorted(current):
            raise InvalidInput("the new order must list every item of the agenda exactly once")
        with self.transaction():
            for position, item_id in enumerate(item_ids):
                self.conn.execute("UPDATE session_items SET position = ? WHERE id = ?", [position, item_id])
            self._touch(session_id)

    def move_session_item(self, session_id: int, item_id: int, offset: int) -> None:
        """Move an item up (-1) or down (+1) the agenda."""
        items = [r["id"] for r in self.rows(
            "SELECT id FROM session_items WHERE session_id = ? ORDER BY position, id", [session_id])]
        if item_id not in items:
            raise NotFound(f"no item {item_id} in share session {session_id}")
        i = items.index(item_id)
        j = max(0, min(len(items) - 1, i + offset))
        items.insert(j, items.pop(i))
        self.reorder_session(session_id, items)

    def presented_lessons(self, *, before: str | None = None, exclude_session: int | None = None) -> set[int]:
        """Lessons on the agenda of sessions held (or dated) before a date, for "not presented yet" suggestions."""
        clauses = ["i.lesson_id IS NOT NULL"]
        params: list[Any] = []
        if before:
            clauses.append("(s.status = 'held' OR s.scheduled_at < ?)")
            params.append(before)
        if exclude_session is not None:
            clauses.append("s.id != ?")
            params.append(exclude_session)
        return {r[0] for r in self.conn.execute(
            "SELECT i.lesson_id FROM session_items i JOIN share_sessions s ON s.id = i.session_id"
            f" WHERE {' AND '.join(clauses)}", params)}

    def _item(self, session_id: int, item_id: int) -> None:
        if not self.scalar("SELECT 1 FROM session_items WHERE id = ? AND session_id = ?", [item_id, session_id]):
            raise NotFound(f"no item {item_id} in share session {session_id}")

    def _renumber(self, session_id: int) -> None:
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM session_items WHERE session_id = ? ORDER BY position, id", [session_id])]
        for position, item_id in enumerate(ids):
            self.conn.execute("UPDATE session_items SET position = ? WHERE id = ?", [position, item_id])

    def _touch(self, session_id: int) -> None:
        self.conn.execute("UPDATE share_sessions SET updated_at = ? WHERE id = ?", [now(), session_id])


def _session_values(data: dict[str, Any], *, require_title: bool) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in SESSION_FIELDS:
        if name not in data or data[name] is None:
            continue
        value = data[name]
        if name == "presenters":
            values[name] = json.dumps(_presenters(value), ensure_ascii=False)
        elif name == "scheduled_at":
            values[name] = _datetime(value)
        else:
            values[name] = _clean(value, SESSION_LIMITS[name], name, multiline=name not in SHORT_FIELDS)
    if require_title and not values.get("title"):
        raise InvalidInput("a share session needs a title")
    if "title" in values and not values["title"]:
        raise InvalidInput("the title cannot be empty")
    return values


def _presenters(value: Any) -> list[str]:
    """Names from a list, or from one text separated by commas (also Chinese ones)."""
    if isinstance(value, list):
        names = [_clean(name, SESSION_LIMITS["presenter"], f"presenters[{i}]") for i, name in enumerate(value)]
    else:
        text = text_field(value, "presenters", limit=SESSION_LIMITS["presenters"]) or ""
        names = [_clean(name, SESSION_LIMITS["presenter"], "presenters")
                 for name in text.replace("，", ",").replace("、", ",").split(",")]
    return [name for name in names if name]


def _datetime(value: Any) -> str | None:
    """2026-12-15T14:30 (or a bare date) from a date and time as people type it: 2026/12/15 14:30, 2026年12月15日14时30分."""
    return datetime_field(value, "scheduled_at")


def _clean(value: Any, limit: int, field: str, *, multiline: bool = False) -> str | None:
    """A field's text (None when empty), or InvalidInput naming the field."""
    return text_field(value, field, limit=limit, multiline=multiline) or None
