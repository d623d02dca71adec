"""``GET /api/changes?after=&limit=``: the lessons' change feed, for a script that keeps a copy of them in step.

Each item is a lesson's latest change after the cursor, oldest first: ``added`` or ``changed`` with the lesson as
``/api/lessons`` gives it (put it in your copy), ``removed`` with none (delete it). ``next_after`` is the cursor to
keep for the next run; ``last`` the newest change of all (the cursor to start from after a full copy). What readers
may see is what ``/api/lessons`` shows them: a lesson a curator hid is ``removed`` for a reader (no text, no title),
``changed`` for a curator, and back as ``changed`` for a reader when shown again.

A cursor is ``EPOCH.NUMBER``: the feed's epoch (``kb.store.changes``, new after ``kb restore``) and a change number.
One of another epoch is a 409 saying to copy the lessons again: the store was put back from a backup since, and its
numbers after the backup's are other changes than those the script read, however many it has made since. A bare
number (a cursor kept before epochs) is taken as of this epoch; past the newest change it is a 409 too."""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, jsonify, request
from werkzeug.wrappers import Response

from kb.store import MAX_ROW_ID, Filters, Role
from web.security import can
from web.views.api_input import check_address, check_format, options_answer
from web.views.api_shapes import lessons_shown
from web.views.common import int_arg

bp = Blueprint("changes_api", __name__, url_prefix="/api/changes")
bp.before_request(check_address)
bp.before_request(check_format)  # JSON alone: another format is a 400
bp.after_request(options_answer)
REMOVED = "removed"
EPOCH = re.compile(r"[0-9a-f]{12}")  # kb.schema_later.FEED_EPOCH: 6 random bytes in hex


@bp.get("")
def changes() -> Response:
    """The changes numbered after ``after`` (a cursor; 0, the default: from the feed's start), ``limit`` of them
    (1-1000)."""
    epoch = g.store.feed_epoch()
    after = _after(epoch)
    limit = int_arg("limit", 100, low=1, high=1000)
    rows, last = g.store.changes(after, limit)
    if after > last:  # numbers only grow: a cursor past the newest is from a later state of the store, or another one
        abort(409, description=f"'after' is {after}, past this feed's newest change, {last}: the store is older than"
              f" your copy (put back from a backup?); copy /api/lessons again and follow the feed from {epoch}.{last}")
    lessons = _lessons([r["lesson_id"] for r in rows if r["change"] != REMOVED])
    items = [_item(r, lessons.get(r["lesson_id"])) for r in rows]
    next_after = rows[-1]["seq"] if rows else after
    return jsonify({"items": items, "next_after": f"{epoch}.{next_after}", "last": last,
                    "last_after": f"{epoch}.{last}", "epoch": epoch, "limit": limit})


def _after(epoch: str) -> int:
    """The change number of ``after``: a cursor of this epoch, or a bare number; 409 for another epoch's."""
    raw = (request.args.get("after") or "").strip()
    if "." not in raw:
        return int_arg("after", 0, low=0, high=MAX_ROW_ID)
    given, _, number = raw.partition(".")
    if not EPOCH.fullmatch(given) or not number.isascii() or not number.isdigit() or int(number) > MAX_ROW_ID:
        abort(400, description=f"'after' must be a cursor this feed gave (its next_after, EPOCH.NUMBER) or a"
              f" change number, not {raw[:40]!r}")
    if given != epoch:
        start = f"{epoch}.{g.store.changes(0, 1)[1]}"
        abort(409, description=f"'after' is a cursor of feed epoch {given}, and this feed is now of epoch {epoch}:"
              " the store was put back from a backup since (kb restore), and its change numbers after the backup"
              f" are other changes than those you read; copy /api/lessons again and follow the feed from {start}")
    return int(number)


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
