"""``GET /api/changes?after=&limit=``: the lessons' change feed, for a script that keeps a copy of them in step.

Each item is a lesson's latest change after the cursor, oldest first: ``added`` or ``changed`` with the lesson as
``/api/lessons`` gives it (put it in your copy), ``removed`` with none (delete it). ``next_after`` is the cursor to
keep for the next run; ``last`` the newest change of all (the cursor to start from after a full copy). What readers
may see is what ``/api/lessons`` shows them: a lesson a curator hid is ``removed`` for a reader (no text, no title),
``changed`` for a curator, and back as ``changed`` for a reader when shown again. A cursor past the newest change
(the store put back from a backup taken before the script's last run) is a 409 saying to copy the lessons again:
the changes made after the restore would get numbers the script has already read past."""

from __future__ import annotations

from flask import Blueprint, abort, g, jsonify
from werkzeug.wrappers import Response

from kb.store import MAX_ROW_ID, Filters, Role
from web.security import can
from web.views.api_input import check_address, options_answer
from web.views.api_shapes import lessons_shown
from web.views.common import int_arg

bp = Blueprint("changes_api", __name__, url_prefix="/api/changes")
bp.before_request(check_address)
bp.after_request(options_answer)
REMOVED = "removed"


@bp.get("")
def changes() -> Response:
    """The changes numbered after ``after`` (0, the default: from the feed's start), ``limit`` of them (1-1000)."""
    after = int_arg("after", 0, low=0, high=MAX_ROW_ID)
    limit = int_arg("limit", 100, low=1, high=1000)
    rows, last = g.store.changes(after, limit)
    if after > last:  # numbers only grow: a cursor past the newest is from a later state of the store, or another one
        abort(409, description=f"'after' is {after}, past this feed's newest change, {last}: the store is older than"
              f" your copy (put back from a backup?); copy /api/lessons again and follow the feed from {last}")
    lessons = _lessons([r["lesson_id"] for r in rows if r["change"] != REMOVED])
    items = [_item(r, lessons.get(r["lesson_id"])) for r in rows]
    next_after = rows[-1]["seq"] if rows else max(after, 0)
    return jsonify({"items": items, "next_after": next_after, "last": last, "limit": limit})


def _lessons(ids: list[int]) -> dict[int, dict]:
    """The lessons the caller may see, by id (a hidden one only for curators, as ``/api/lessons``)."""
    if not ids:
        return {}
    rows, _ = g.store.lessons(Filters(include_hidden=can(Role.CURATOR)), ids=ids, limit=len(ids))
    return {r["id"]: r for r in lessons_shown(rows)}


def _item(row: dict, lesson: dict | None) -> dict:
    """One change as the caller may know it: a lesson it may not see is removed for it."""
    change = row["change"] if lesson is not None else REMOVED
    return {"seq": row["seq"], "lesson_id": row["lesson_id"], "change": change, "at": row["at"], "lesson": lesson}
