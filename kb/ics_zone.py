"""An IANA zone as an iCalendar VTIMEZONE (RFC 5545 3.6.5), from the zone's own transitions (``zoneinfo``).

A calendar that does not know the zone by name (or knows an older version of its rules) reads the event's times
with this block alone, so it describes the zone around the event as it is: its offset and name at the start of a
window of a year before the event to a year after it, then each change of offset in that window (a summer time
that starts or ends, a zone that changed its rules) as an observance of its own, with the UTC instant of the
change written in the offset it leaves (``DTSTART`` + ``TZOFFSETFROM``, as RFC 5545 reads an observance). A zone
that has no change in the window (Asia/Shanghai) is one ``STANDARD`` observance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

WINDOW = timedelta(days=366)  # described before the event's start and after its end
STEP = timedelta(days=1)  # a zone's offsets are scanned a day at a time (no zone changes twice in a day)
# The window within what a datetime holds (a session on 9999-06-01 or 0001-06-01: its year either side was an
# OverflowError, a traceback from kb session show --format ics and a 500 for the .ics)
EARLIEST, LATEST = datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Observance:
    """From ``since`` (a UTC instant) on, the zone is ``offset`` from UTC, named ``name``, in summer time or not."""

    since: datetime
    before: timedelta
    offset: timedelta
    name: str
    daylight: bool


def observances(zone: ZoneInfo, start: datetime, end: datetime) -> list[Observance]:
    """The zone's state at ``start - WINDOW`` and each change of it up to ``end + WINDOW`` (UTC instants)."""
    moment, last = _shifted(start, -WINDOW), _shifted(end, WINDOW)
    found = [_state(zone, moment, None)]
    while moment < last:
        later = min(moment + STEP, last)
        if _key(zone, later) != _key(zone, moment):
            change = _change(zone, moment, later)
            found.append(_state(zone, change, found[-1].offset))
        moment = later
    return found


def _shifted(moment: datetime, by: timedelta) -> datetime:
    """The UTC instant ``by`` from ``moment``, or the first or last day a datetime holds where that is past it."""
    try:
        return min(max((moment + by).astimezone(UTC), EARLIEST), LATEST)
    except OverflowError:
        return EARLIEST if by < timedelta() else LATEST


def is_utc(zone: ZoneInfo, start: datetime, end: datetime) -> bool:
    """The zone is UTC around the event: offset 0 and no change (UTC, Etc/UTC): times are written in UTC (``Z``)."""
    states = observances(zone, start, end)
    return len(states) == 1 and not states[0].offset


def vtimezone(name: str, start: datetime, end: datetime) -> list[str]:
    """The zone's VTIMEZONE lines (not folded) for an event from ``start`` to ``end`` (aware datetimes)."""
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    for state in observances(ZoneInfo(name), start, end):
        kind = "DAYLIGHT" if state.daylight else "STANDARD"
        local = (state.since + state.before).replace(tzinfo=None)  # the instant on the clocks it leaves
        lines += [f"BEGIN:{kind}", f"DTSTART:{local.year:04d}{local:%m%dT%H%M%S}", f"TZOFFSETFROM:{utc_offset(state.before)}",
                  f"TZOFFSETTO:{utc_offset(state.offset)}", f"TZNAME:{state.name}", f"END:{kind}"]
    return [*lines, "END:VTIMEZONE"]


def utc_offset(offset: timedelta) -> str:
    """An offset as RFC 5545 writes it: ``+0800``, ``-0430``, ``+053328`` with seconds."""
    seconds = abs(int(offset.total_seconds()))
    text = f"{'-' if offset < timedelta() else '+'}{seconds // 3600:02d}{seconds // 60 % 60:02d}"
    return text + (f"{seconds % 60:02d}" if seconds % 60 else "")


def _key(zone: ZoneInfo, moment: datetime) -> tuple[timedelta | None, str | None, timedelta | None]:
    local = moment.astimezone(zone)
    return local.utcoffset(), local.tzname(), local.dst()


def _change(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first second after ``before`` at which the zone is as at ``after`` (bisected: one change between)."""
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        middle = middle.replace(microsecond=0)
        if _key(zone, middle) == _key(zone, before):
            before = middle
        else:
            after = middle
    return after


def _state(zone: ZoneInfo, moment: datetime, before: timedelta | None) -> Observance:
    local = moment.astimezone(zone)
    offset = local.utcoffset() or timedelta()
    return Observance(moment, offset if before is None else before, offset, local.tzname() or "",
                      bool(local.dst() and local.dst() > timedelta()))
