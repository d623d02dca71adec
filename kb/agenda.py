"""The clock of a share session's agenda: when each item starts and ends, and how long the whole takes.

An item may have a start time (HH:MM on the session's day), a length in minutes, both or neither. An item without
a start time starts when the one before it ends (the first one: when the session starts); an item without a length
leaves the time of the next one unknown until an item gives its own start time.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kb.errors import InvalidInput

if TYPE_CHECKING:
    from kb.settings import Settings

MAX_ITEM_MINUTES = 600
# 14:30, 14：30, 9.05, 14:30:00; 14时30分, 14点30, 14点 (as a session's time is typed: kb.fields.datetime_field)
_TIME = re.compile(r"^([01]?\d|2[0-3])\s*(?:[:.]\s*([0-5]\d)(?:\s*:\s*\d{2})?|[时時點点]\s*(?:([0-5]?\d)\s*分?)?)$")


@dataclass(frozen=True)
class Slot:
    """An item's place on the clock, in minutes after the session day's midnight (None: not known)."""

    start: int | None
    end: int | None


def parse_time(value: Any, field: str = "starts_at") -> str | None:
    """A time of day typed as ``14:30`` (or ``14：30``, ``9.05``, ``14时30分``, ``14点``) as ``HH:MM``; None for an
    empty value.

    Raises:
        InvalidInput: anything else, naming ``field``.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    found = _TIME.match(unicodedata.normalize("NFKC", text))  # full-width １４：３０ too
    if not found:
        raise InvalidInput(f"'{field}': '{text[:20]}' is not a time of day (use HH:MM)")
    return f"{int(found.group(1)):02d}:{int(found.group(2) or found.group(3) or 0):02d}"


def parse_minutes(value: Any, field: str = "duration_minutes") -> int | None:
    """A length in whole minutes (1 to ``MAX_ITEM_MINUTES``); None for an empty value.

    Raises:
        InvalidInput: anything else, naming ``field``.
    """
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_ITEM_MINUTES:
        raise InvalidInput(f"'{field}': a length must be whole minutes from 1 to {MAX_ITEM_MINUTES}, not '{text[:20]}'")
    return int(text)


def clock(text: str | None) -> int | None:
    """Minutes after midnight of ``HH:MM`` (or of the time in ``YYYY-MM-DDTHH:MM``); None without a time."""
    if not text:
        return None
    time_part = text.split("T", 1)[1] if "T" in text else text if ":" in text else ""
    if not time_part:
        return None
    hours, minutes = time_part.split(":")[:2]
    return int(hours) * 60 + int(minutes)


def hhmm(minutes: int | None) -> str | None:
    """``HH:MM`` of minutes after midnight (past midnight wraps round)."""
    if minutes is None:
        return None
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def slots(session_start: str | None, items: list[dict[str, Any]]) -> list[Slot]:
    """Each item's start and end, from the session's start and the items' own start times and lengths."""
    now = clock(session_start)
    out = []
    for item in items:
        start = clock(item.get("starts_at")) if item.get("starts_at") else now
        length = item.get("duration_minutes")
        end = start + length if start is not None and length else None
        out.append(Slot(start, end))
        now = end
    return out


def total_minutes(items: list[dict[str, Any]]) -> int:
    """The items' lengths added up (items without a length count nothing)."""
    return sum(item.get("duration_minutes") or 0 for item in items)


def session_end(session_start: str | None, items: list[dict[str, Any]]) -> int | None:
    """When the session ends, in minutes after its day's midnight: the latest end on the clock, or its start plus
    the total length; None when the session has no start time or no item has a length."""
    start = clock(session_start)
    if start is None:
        return None
    ends = [s.end for s in slots(session_start, items) if s.end is not None]
    total = total_minutes(items)
    if not ends and not total:
        return None
    return max([*ends, start + total])


def with_zone(session: dict[str, Any], settings: Settings) -> dict[str, Any]:
    """A share session with the zone its times are in, as the API and ``kb session ... --json`` give it:
    ``scheduled_at`` stays the wall-clock time as entered ('2026-12-20T14:00', or a day alone), as clients read it;
    ``time_zone`` names the zone (the time_zone setting) and ``scheduled_at_zoned`` is the same moment in ISO 8601
    with that zone's offset on that day ('2026-12-20T14:00:00+08:00'; None without a time). The agenda's slots and
    ``ends_at`` are times of that day in that zone too."""
    text = session.get("scheduled_at") or ""
    zoned = None
    if "T" in text:
        zoned = datetime.fromisoformat(text).replace(tzinfo=settings.zone).isoformat(timespec="seconds")
    return {**session, "time_zone": settings.time_zone, "scheduled_at_zoned": zoned}
