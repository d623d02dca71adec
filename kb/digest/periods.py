"""Digest periods: ISO weeks (2026-W47) for weekly digests, days (2026-11-25) for daily ones, in the setting
``time_zone`` (UTC unless set): a PMO in Shanghai counts its weeks from Monday 00:00 there, not 08:00."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from kb.errors import InvalidInput
from kb.text import shown_value

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DAYS = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")  # 2026-11-16..2026-11-22
_MOMENT = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})"  # 2026-11-30T08:00:00+08:00
_MOMENTS = re.compile(rf"^({_MOMENT})\.\.({_MOMENT})$")


@dataclass(frozen=True)
class Period:
    """A labelled span of time [start, end)."""

    label: str
    frequency: str  # "weekly" or "daily"
    start: datetime
    end: datetime

    @property
    def default_window_start(self) -> datetime:
        """Where a first digest's window starts: 7 days (or 1) before the period ends."""
        return self.end - (timedelta(days=7) if self.frequency == "weekly" else timedelta(days=1))

    def preview_window(self, now: datetime | None = None) -> tuple[datetime, datetime]:
        """The window a preview shows: a first digest's, ending now while the period still runs, so that the intro
        of this week's preview says "between Monday and today", not the Sunday to come.

        "Now" is the end of the current second: times are stored to the second, so a lesson stored at 09:30:05.2
        reads 09:30:05 and a window ending at 09:30:05.7 (09:30:05 to the second) would leave it out.

        The end is in the period's own zone (the setting time_zone), as the period's end is: the digest names the days
        of its window in the zone of its end, and "now" in UTC made this week's Shanghai preview begin "between Nov
        29" under a subject of "Nov 30–Dec 6" (Monday 00:00 in Shanghai is Sunday 16:00 UTC)."""
        now = now or datetime.now(UTC)
        end_of_second = now.replace(microsecond=0) + timedelta(seconds=1)
        end = max(self.default_window_start, min(self.end, end_of_second))
        return self.default_window_start, end.astimezone(self.end.tzinfo)


def refuse_unbegun(period: Period, now: datetime | None = None) -> None:
    """A period asked for by name that has not begun (2027-W49 typed for 2026-W49) is refused: sent, it was recorded
    as done with nothing new, and each subscriber's next digest began where it ends, so every digest until then had
    nothing; previewed, it showed a digest that can never be sent. ``kb digest send --period`` and the curator's
    preview page say it in these words.

    Raises:
        InvalidInput: the period starts after ``now``.
    """
    if period.start > (now or datetime.now(UTC)):
        when = f"{period.start:%Y-%m-%d %H:%M} {period.start.tzinfo}"
        raise InvalidInput(f"{period.label} has not begun (it starts {when}): nothing in it can be sent yet, and each "
                           "subscriber's next digest would start where it ends; give a period that has begun")


def parse_period(label: str, zone: tzinfo = UTC) -> Period:
    """``2026-W47`` or ``2026-11-25``, its days starting at midnight in ``zone``; anything else is InvalidInput."""
    m = _WEEK.match(label.strip())
    if m:
        try:
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
        except ValueError:
            raise InvalidInput(f"'{shown_value(label)}' does not exist: use an ISO week like 2026-W47 or a day like "
                               "2026-11-25") \
                from None  # it said "is not an ISO week", naming no form, where any other bad period named both
        start = datetime.combine(monday, time(), tzinfo=zone)
        return Period(label.strip(), "weekly", start, _days_after(start, 7))
    try:
        day = date.fromisoformat(label.strip())
    except ValueError:
        if _DAY.match(label.strip()):  # 2026-02-30: the form is right, the day is not
            raise InvalidInput(f"'{shown_value(label)}' does not exist: use an ISO week like 2026-W47 or a day like "
                               "2026-11-25") \
                from None
        raise InvalidInput(f"'{shown_value(label)}' is not a period: use an ISO week like 2026-W47 or a day like "
                           "2026-11-25") \
            from None
    start = datetime.combine(day, time(), tzinfo=zone)
    return Period(day.isoformat(), "daily", start, _days_after(start, 1))


def _days_after(start: datetime, days: int) -> datetime:
    """Midnight ``days`` later in ``start``'s zone (a day across a daylight-saving change lasts 23 or 25 hours)."""
    return datetime.combine(start.date() + timedelta(days=days), time(), tzinfo=start.tzinfo)


def last_complete_week(today: date | None = None, zone: tzinfo = UTC) -> Period:
    """The most recent ISO week that has ended in ``zone`` (the one cron sends on a Monday)."""
    today = today or _today(zone)
    year, week, _ = (today - timedelta(days=7)).isocalendar()
    return parse_period(f"{year}-W{week:02d}", zone)


def yesterday(today: date | None = None, zone: tzinfo = UTC) -> Period:
    """Yesterday in ``zone``, for daily digests."""
    today = today or _today(zone)
    return parse_period((today - timedelta(days=1)).isoformat(), zone)


def current_week(today: date | None = None, zone: tzinfo = UTC) -> Period:
    """The ISO week in progress in ``zone`` (previews show what this week has so far)."""
    today = today or _today(zone)
    year, week, _ = today.isocalendar()
    return parse_period(f"{year}-W{week:02d}", zone)


def current_period(frequency: str | None, zone: tzinfo = UTC) -> Period:
    """The period in progress for a reader of ``frequency``: today for a daily one, else this week. A daily
    subscriber's preview was this week's, titled as the weekly digest ("周报") they never get."""
    if frequency == "daily":
        return parse_period(_today(zone).isoformat(), zone)
    return current_week(zone=zone)


def _today(zone: tzinfo = UTC) -> date:
    """Today in ``zone`` (the setting ``time_zone``), whatever the machine's time zone."""
    return datetime.now(zone).date()


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_dates(label: str, language: str, *, year: bool = False) -> str:
    """A period's days as readers name them, which few do by ISO week: "Nov 23–29" / "11月23日–29日", across a
    month "Nov 30–Dec 6" / "11月30日–12月6日", a day "Nov 25" / "11月25日"; with ``year``, "Nov 23–29, 2026" /
    "2026年11月23日–29日" (each day its year across a year's end)."""
    return days_named(*parse_days(label), language, year=year)


def period_named(label: str, language: str) -> str:
    """A period as a digest's first line names it, with the year: a day as :func:`period_dates` does ("Nov 25, 2026",
    "2026年11月25日"), a week by its number and its days ("Week 49, Nov 30–Dec 6, 2026", "2026年第49周（11月30日–
    12月6日）"): the mail said "Nov 30–Dec 6, 2026 · 2026-W49", the machine's form of the week beside the reader's.
    The week's year is its ISO year, as its number's (2026's week 1 began on Dec 29, 2025)."""
    m = _WEEK.match(label.strip())
    days = period_dates(label, language, year=True)
    if not m:
        return days
    year, week = int(m.group(1)), int(m.group(2))
    if language == "zh":
        first, last = parse_days(label)
        inside = days if first.year != last.year or first.year != year else days.removeprefix(f"{year}年")
        return f"{year}年第{week}周（{inside}）"
    return f"Week {week}, {days}"


def days_named(first: date, last: date, language: str, *, year: bool = False) -> str:
    """Days from ``first`` to ``last`` (inclusive) as :func:`period_dates` names a period's."""
    return _chinese_days(first, last, year) if language == "zh" else _english_days(first, last, year)


def parse_days(value: str) -> tuple[date, date]:
    """The first and the last day of an ISO week (``2026-W48``), a day (``2026-11-25``) or the days between two
    (``2026-11-16..2026-11-22``, both included), as a digest's links to the documents it counts name them.

    Raises:
        InvalidInput: anything else, or days that end before they start.
    """
    m = _DAYS.match(value.strip())
    if not m:
        period = parse_period(value)
        return period.start.date(), (period.end - timedelta(days=1)).date()
    first, last = (parse_period(day).start.date() for day in m.groups())
    if first > last:
        raise InvalidInput(f"'{shown_value(value)}' ends before it starts")
    return first, last


def parse_moments(value: str) -> tuple[datetime, datetime] | None:
    """The two moments, each with its UTC offset, of a window that does not start or end at midnight
    (``2026-11-30T08:00:00+08:00..2026-12-07T00:00:00+08:00``), as a digest's links name the window it counted when it
    starts where the reader's last digest ended; None for anything else (days, a week).

    Raises:
        InvalidInput: a moment that does not exist, or a window that ends before it starts.
    """
    m = _MOMENTS.match(value.strip())
    if not m:
        return None
    try:
        start, end = (datetime.fromisoformat(moment) for moment in m.groups())
    except ValueError:
        raise InvalidInput(f"'{shown_value(value)}' is not two moments") from None
    if start >= end:
        raise InvalidInput(f"'{shown_value(value)}' ends before it starts")
    return start, end


def whole_days(start: datetime, end: datetime) -> bool:
    """Whether a window [start, end) starts and ends at midnight (in its own zone): days a reader counts."""
    return start.time() == time() and end.time() == time()


def moments_named(start: datetime, end: datetime, language: str) -> str:
    """A window that does not start or end at midnight, as its chip names it, to the minute and with the year:
    "Nov 30, 2026, 08:00 – Dec 7, 2026, 00:00" / "2026年11月30日 08:00 – 2026年12月7日 00:00"."""
    def named(moment: datetime) -> str:
        day = days_named(moment.date(), moment.date(), language, year=True)
        return f"{day} {moment:%H:%M}" if language == "zh" else f"{day}, {moment:%H:%M}"
    return f"{named(start)} – {named(end)}"


def _english_days(first: date, last: date, year: bool) -> str:
    def day(d: date, with_year: bool = False) -> str:
        return f"{_MONTHS[d.month - 1]} {d.day}" + (f", {d.year}" if with_year else "")
    if first == last:
        return day(first, year)
    if first.year != last.year:
        return f"{day(first, year)}–{day(last, year)}"
    end = str(last.day) if first.month == last.month else day(last)
    return f"{day(first)}–{end}" + (f", {last.year}" if year else "")


def _chinese_days(first: date, last: date, year: bool) -> str:
    def day(d: date, with_year: bool = False) -> str:
        return (f"{d.year}年" if with_year else "") + f"{d.month}月{d.day}日"
    if first == last:
        return day(first, year)
    if first.year != last.year:
        return f"{day(first, year)}–{day(last, year)}"
    end = f"{last.day}日" if first.month == last.month else day(last)
    return f"{day(first, year)}–{end}"
