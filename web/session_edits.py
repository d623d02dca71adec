"""A share session's details form, or an agenda item's, left open while the session or the item changed elsewhere
(another tab, another curator): saved as it was, it put back every field it showed, and the other change was lost
without a word.

The form carries ``base``, a digest of each field as the form showed it. On saving, a field is written only when
the curator changed it; one the curator left alone keeps whatever it is now. A field changed both in the form and
elsewhere, to different values, is a conflict: nothing is saved, and the form comes back saying so."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from web.forms import one_line_end

FIELDS = ("title", "theme", "scheduled_at", "location", "presenters", "audience", "description")
ITEM_FIELDS = ("presenter", "starts_at", "duration_minutes", "note", "minutes")  # an agenda item's form
LABELS = {"title": "title", "theme": "theme", "scheduled_at": "when", "location": "location",
          "presenters": "presenters_label", "audience": "audience", "description": "description",
          "presenter": "item_presenter", "starts_at": "item_starts", "duration_minutes": "item_length",
          "note": "note", "minutes": "minutes"}  # i18n keys


@dataclass(frozen=True)
class Merge:
    """What a save writes (``changes``), which fields conflict, and which changed elsewhere were kept."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def shown(session: dict[str, Any], comma: str) -> dict[str, str]:
    """The form's fields as the details form shows a stored session (``comma``: how the page joins names)."""
    when = session.get("scheduled_at") or ""
    if when[10:11] == "T":
        when = f"{when[:10]} {when[11:]}"
    values = {name: session.get(name) or "" for name in FIELDS}
    return {**values, "scheduled_at": when, "presenters": comma.join(session.get("presenters") or [])}


def item_shown(item: dict[str, Any]) -> dict[str, str]:
    """The fields of an agenda item's form as it shows a stored item."""
    return {name: str(item.get(name) or "") for name in ITEM_FIELDS}


def base(values: dict[str, str], fields: tuple[str, ...] = FIELDS) -> str:
    """The digest of a form's fields that the form carries back: one short hash a field, in ``fields`` order."""
    return ".".join(_digest(name, values.get(name)) for name in fields)


def merge(typed: dict[str, Any], sent_base: str | None, current: dict[str, str],
          fields: tuple[str, ...] = FIELDS) -> Merge:
    """The fields of ``typed`` to write over ``current`` (the stored session as the form would show it now).

    Args:
        typed: the fields the form sent.
        sent_base: the form's ``base``; without a readable one (a script, an older page) every typed field is written.
        current: ``shown`` of the session as it is now (``item_shown`` of an item).
        fields: the form's fields (``ITEM_FIELDS`` for an item's).

    Returns:
        The changes, the conflicting fields (nothing may be written then) and the fields kept from elsewhere.
    """
    was = dict(zip(fields, (sent_base or "").split("."), strict=False))
    if len(was) != len(fields) or len((sent_base or "").split(".")) != len(fields):
        return Merge(changes=dict(typed))
    mine = {name for name in typed if name in was and _digest(name, typed[name]) != was[name]}
    theirs = {name for name in fields if _digest(name, current.get(name)) != was[name]}
    conflicts = [n for n in fields if n in mine & theirs and _canon(n, typed[n]) != _canon(n, current.get(n))]
    return Merge(changes={name: typed[name] for name in fields if name in mine}, conflicts=conflicts,
                 kept=[name for name in fields if name in theirs - mine])


def form_after_conflict(typed: dict[str, Any], sent_base: str | None, current: dict[str, str],
                        fields: tuple[str, ...] = FIELDS) -> dict[str, Any]:
    """The form to show again: what the curator changed, and the rest as it is now (not as the old form had it)."""
    was = dict(zip(fields, (sent_base or "").split("."), strict=False))
    return {name: typed[name] if name in typed and _digest(name, typed[name]) != was.get(name) else current.get(name)
            for name in fields}


def _digest(name: str, value: Any) -> str:
    return hashlib.sha256(_canon(name, value).encode("utf-8")).hexdigest()[:12]


def _canon(name: str, value: Any) -> str:
    """A field's text compared as the store would keep it: spaces at the ends and a browser's CR LF ignored, names
    however they are separated (, ， 、), a date and time with a space or a T."""
    text = one_line_end(str(value or "")).strip()
    if name == "presenters":
        parts = text.replace("，", ",").replace("、", ",").split(",")
        return "\x1f".join(part.strip() for part in parts if part.strip())
    if name == "scheduled_at" and text[10:11] == "T":
        return f"{text[:10]} {text[11:]}"
    return text
