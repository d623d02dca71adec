"""The cursor of ``/api/lessons?sort=added`` and ``/api/documents?sort=added``: where a script stopped, kept between
runs. ``next_after`` names the last lesson (document) of a page by when it arrived (was first ingested) and its id, URL-safe (no ``+`` of a time zone to be read as a space);
``after=`` gives the lessons that arrived after it, so a nightly job asks only for what is new since its last run,
and paging by it skips nothing when an earlier lesson is deleted meanwhile (as ``offset`` would)."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from flask import abort, request

from kb.store import ADDED


def after_arg(sort: str) -> tuple[str, int] | None:
    """``after``: a ``next_after`` this API gave, as (created_at, id); 400 for anything else, or without
    ``sort=added`` (the only order it pages)."""
    raw = (request.args.get("after") or "").strip()
    if not raw:
        return None
    if sort != ADDED:
        abort(400, description="'after' pages the added order only: give sort=added too")
    try:
        created, lesson_id = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError, TypeError):
        abort(400, description=f"'after' is not a cursor this API gave (its next_after): {raw[:40]!r}")
    if not isinstance(created, str) or not isinstance(lesson_id, int) or isinstance(lesson_id, bool):
        abort(400, description=f"'after' is not a cursor this API gave (its next_after): {raw[:40]!r}")
    return created, lesson_id


def next_after(rows: list[dict[str, Any]], after: tuple[str, int] | None, arrived: str = "created_at") -> str | None:
    """The cursor after a page's last lesson, or document (``arrived="first_ingested"``); the one given on an empty
    page (nothing new yet); None at the start."""
    last = (rows[-1][arrived], rows[-1]["id"]) if rows else after
    if last is None:
        return None
    return base64.urlsafe_b64encode(json.dumps(list(last)).encode()).decode().rstrip("=")
