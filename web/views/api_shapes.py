"""What the API shows of its rows: of a lesson and of a document, ``contributed_by`` (who added it from the browser)
to curators only, as the contributions page and the review queue show it (``null`` to everyone else); of a share
session, the zone its times are in."""

from __future__ import annotations

from typing import Any

from flask import g

from kb.agenda import with_zone
from kb.store import Role
from web.security import can


def lessons_shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as the caller may see them (the same dicts, changed in place)."""
    if not can(Role.CURATOR):
        for row in rows:
            row["contributed_by"] = None
    return rows

def document_shown(doc: dict[str, Any]) -> dict[str, Any]:
    """A document with its lessons as the caller may see them (``contributed_by`` of both), changed in place."""
    lessons_shown(doc.get("lessons", []))
    if not can(Role.CURATOR):
        doc["contributed_by"] = None
    return doc


def session_shown(session: dict[str, Any]) -> dict[str, Any]:
    """A share session with the zone its times are in (``kb.agenda.with_zone``: ``time_zone``, ``scheduled_at_zoned``)."""
    return with_zone(session, g.settings)
