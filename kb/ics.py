"""A share session as a calendar invitation (iCalendar, RFC 5545): one VEVENT, UTF-8, CRLF, folded lines.

Times are the session's own local times, in the PMO's zone (the time_zone setting): in a zone with an offset, as
times of that zone (RFC 5545 3.3.5 form #3: ``DTSTART;TZID=Asia/Shanghai:...``) with the zone's VTIMEZONE, its
offsets and their changes from a year before the session to a year after (``kb.ics_zone``), so that a calendar
elsewhere, one that knows the zone by name or not, shows the session at its own hour of that moment; in UTC, the
setting's default, as UTC times (form #2: ``DTSTART:...Z``), the moment the session page and ``/api/sessions``
(``scheduled_at_zoned``) name. A session with a date and no time is an all-day event.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kb import agenda
from kb.errors import InvalidInput
from kb.ics_zone import is_utc, vtimezone

DEFAULT_MINUTES = 60  # a session with a start time and no item lengths
MAX_OCTETS = 75  # a content line, CRLF excluded (RFC 5545 3.1)
MAX_ITEM_CHARS = 300  # of a lesson's text in the description; the session's page has it whole
STATUS = {"draft": "TENTATIVE", "scheduled": "CONFIRMED", "held": "CONFIRMED"}


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, every line break as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1): each continuation starts with one space; a UTF-8
    character is never split."""
    out, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = MAX_OCTETS if not out else MAX_OCTETS - 1  # a continuation's leading space counts
        if size + width > limit:
            out.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    out.append("".join(current))
    return "\r\n ".join(out)


def invitation(session: dict[str, Any], *, url: str, host: str, labels: dict[str, str],
               stamp: datetime | None = None, zone: str = "UTC") -> str:
    """The session as an ``.ics`` text.

    Args:
        session: as ``Store.session`` returns it (items in order, each with its slot).
        url: the session's page, put in the event.
        host: the site's host name, for a UID that stays the same across downloads.
        labels: words of the description in the reader's language: ``agenda``, ``presenter``, ``minutes`` (the
            unit), ``theme``, ``presenters`` (before the session's own), ``audience`` (before its audience, left out
            when not given) and ``list_comma`` (between names);
            ``parens`` and ``after_parens``, the brackets around an item's length, alone and after its times (``({text})`` / `` ({text})`` unless given: ``（{text}）`` in Chinese).
        stamp: the time of writing (UTC), for DTSTAMP.
        zone: the IANA name of the zone the session's times are in (the time_zone setting); UTC: UTC times.

    Raises:
        InvalidInput: the session has no date.
    """
    start_text = session.get("scheduled_at")
    if not start_text:
        raise InvalidInput("give the session a date before downloading an invitation")
    stamp = stamp or datetime.now(UTC)
    times, zone_lines = _times(session, zone)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Lessons KB//Share sessions//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", *zone_lines, "BEGIN:VEVENT", f"UID:share-session-{session['id']}@{host}",
             f"DTSTAMP:{stamp.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}", *times]
    lines.append(f"SUMMARY:{escape(session['title'])}")
    if session.get("location"):
        lines.append(f"LOCATION:{escape(session['location'])}")
    lines.append(f"DESCRIPTION:{escape(_description(session, url, labels))}")
    lines.append(f"URL:{url}")
    lines.append(f"STATUS:{STATUS.get(session.get('status', ''), 'TENTATIVE')}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def _times(session: dict[str, Any], zone: str) -> tuple[list[str], list[str]]:
    """The event's DTSTART and DTEND lines, and the VTIMEZONE they need (none for a day alone, nor in UTC)."""
    text = session["scheduled_at"]
    day = date.fromisoformat(text[:10])
    if "T" not in text:
        if day == date.max:  # no day after it: a DTSTART alone is one day (RFC 5545 3.6.1)
            return [f"DTSTART;VALUE=DATE:{_ymd(day)}"], []
        return [f"DTSTART;VALUE=DATE:{_ymd(day)}", f"DTEND;VALUE=DATE:{_ymd(day + timedelta(days=1))}"], []
    tz = ZoneInfo(zone)
    start, end = (moment.replace(tzinfo=tz) for moment in _span(session))
    if is_utc(tz, start, end):
        return [f"{name}:{_ymd(moment)}{moment:T%H%M%SZ}" for name, moment in
                (("DTSTART", start.astimezone(UTC)), ("DTEND", end.astimezone(UTC)))], []
    return ([f"DTSTART;TZID={zone}:{_ymd(start)}{start:T%H%M%S}", f"DTEND;TZID={zone}:{_ymd(end)}{end:T%H%M%S}"],
            vtimezone(zone, start, end))


def _span(session: dict[str, Any]) -> tuple[datetime, datetime]:
    """The session's start and end, times on its zone's clocks: the agenda's length, or an hour without one."""
    text = session["scheduled_at"]
    end_minutes = agenda.session_end(text, session["items"])
    start_minutes = agenda.clock(text) or 0
    length = end_minutes - start_minutes if end_minutes is not None else DEFAULT_MINUTES
    start = datetime.fromisoformat(text)
    return start, start + min(timedelta(minutes=max(length, 1)), datetime.max.replace(second=0, microsecond=0) - start)


def _ymd(day: date) -> str:
    """A date as RFC 5545 writes it, its year in four digits (``strftime('%Y')`` writes the year 1 as '1')."""
    return f"{day.year:04d}{day:%m%d}"


def _description(session: dict[str, Any], url: str, labels: dict[str, str]) -> str:
    parts = []
    if session.get("theme"):
        parts.append(f"{labels['theme']}{session['theme']}")
    if session.get("presenters"):  # "分享人：张伟、李娜", as the Markdown agenda lists them
        parts.append(labels["presenters"] + labels["list_comma"].join(session["presenters"]))
    if session.get("audience") and labels.get("audience"):  # "参会对象：…", as the Markdown agenda says it
        parts.append(labels["audience"] + session["audience"])
    if session.get("description"):
        parts.append(session["description"])
    if session["items"]:
        parts.append(labels["agenda"])
    for number, item in enumerate(session["items"], 1):
        head = [f"{number}."]
        slot = item["slot_start"] + (f"–{item['slot_end']}" if item.get("slot_end") else "") \
            if item.get("slot_start") else ""
        if item.get("duration_minutes"):  # "14:00–14:20 (20 min)", "14:00–14:20（20 分钟）"
            aside = labels.get("after_parens" if slot else "parens", "({text})" if not slot else " ({text})")
            slot += aside.format(text=f"{item['duration_minutes']} {labels['minutes']}")
        if slot:
            head.append(slot)
        text = item["lesson_text"] if item.get("lesson_text") is not None else labels["hidden"]
        line = " ".join(head) + " " + _shorten(" ".join(text.split()))
        if item.get("presenter"):
            line += f" — {labels['presenter']}{item['presenter']}"
        parts.append(line)
    parts.append(url)
    return "\n".join(parts)


def _shorten(text: str) -> str:
    """``text`` within ``MAX_ITEM_CHARS``, a cut one ending in '…' (a reader must not take it for the whole)."""
    return text if len(text) <= MAX_ITEM_CHARS else text[:MAX_ITEM_CHARS - 1].rstrip() + "…"
