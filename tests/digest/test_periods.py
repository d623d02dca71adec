"""Digest periods: ISO weeks and days in UTC, their exact boundaries (year ends, 53-week years), and which period
cron sends on a given day. Pure functions: no store, no model."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kb.digest.periods import Period, current_week, last_complete_week, parse_period, period_dates, yesterday
from kb.errors import InvalidInput
from tests.clock import DIGEST, stop_clock, utc_now


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("label", "start", "end"), [
    ("2026-W47", utc(2026, 11, 16), utc(2026, 11, 23)),
    ("2026-W01", utc(2025, 12, 29), utc(2026, 1, 5)),  # ISO week 1 starts in the previous calendar year
    ("2026-W53", utc(2026, 12, 28), utc(2027, 1, 4)),  # 2026 has 53 ISO weeks (1 January is a Thursday)
    ("2020-W53", utc(2020, 12, 28), utc(2021, 1, 4)),  # a leap year starting on a Wednesday
    ("2025-W01", utc(2024, 12, 30), utc(2025, 1, 6)),
])
def test_an_iso_week_runs_from_monday_midnight_utc_for_seven_days(label, start, end):
    period = parse_period(label)
    assert period == Period(label, "weekly", start, end)
    assert period.start.tzinfo is UTC and period.end.tzinfo is UTC
    assert period.start.weekday() == 0 and period.end - period.start == timedelta(days=7)
    assert period.default_window_start == start


def test_surrounding_spaces_are_dropped_from_the_label():
    assert parse_period("  2026-W47\n").label == "2026-W47"
    assert parse_period(" 2026-11-25 ").label == "2026-11-25"


@pytest.mark.parametrize(("label", "start", "end"), [
    ("2026-11-25", utc(2026, 11, 25), utc(2026, 11, 26)),
    ("2026-12-31", utc(2026, 12, 31), utc(2027, 1, 1)),
    ("2024-02-29", utc(2024, 2, 29), utc(2024, 3, 1)),
])
def test_a_day_runs_from_midnight_utc_for_one_day(label, start, end):
    period = parse_period(label)
    assert period == Period(label, "daily", start, end)
    assert period.start.tzinfo is UTC
    assert period.default_window_start == start  # a daily window reaches back one day, not seven


def test_a_day_written_in_another_iso_form_gets_the_usual_label():
    assert parse_period("20261125") == Period("2026-11-25", "daily", utc(2026, 11, 25), utc(2026, 11, 26))


@pytest.mark.parametrize("label", ["2025-W53", "2026-W54", "2026-W00"])
def test_a_week_that_does_not_exist_is_refused_by_name(label):
    with pytest.raises(InvalidInput) as caught:
        parse_period(label)
    assert str(caught.value) == f"'{label}' does not exist: use an ISO week like 2026-W47 or a day like 2026-11-25"


@pytest.mark.parametrize("label", ["next week", "2026-W7", "", "2026-W47x", "x2026-W47", "2026-2-3"])
def test_anything_else_is_refused_with_the_two_accepted_forms(label):
    with pytest.raises(InvalidInput) as caught:
        parse_period(label)
    assert str(caught.value) == (f"'{label}' is not a period: use an ISO week like 2026-W47 or a day like "
                                 "2026-11-25")


@pytest.mark.parametrize("label", ["2026-02-30", "2026-13-01", "2025-02-29"])
def test_a_day_that_does_not_exist_is_refused_saying_so(label):
    """It was "'2026-02-30' is not a period", as if the form were wrong."""
    with pytest.raises(InvalidInput) as caught:
        parse_period(label)
    assert str(caught.value) == f"'{label}' does not exist: use an ISO week like 2026-W47 or a day like 2026-11-25"


@pytest.mark.parametrize(("today", "label"), [
    (date(2026, 11, 23), "2026-W47"),  # Monday: the week that ended last night
    (date(2026, 11, 22), "2026-W46"),  # Sunday: this week has not ended yet
    (date(2026, 11, 29), "2026-W47"),
    (date(2027, 1, 4), "2026-W53"),  # across the year end, into a 53rd week
    (date(2026, 1, 5), "2026-W01"),  # the ISO year, not the calendar year of the Monday (2025-12-29)
    (date(2025, 1, 1), "2024-W52"),
])
def test_last_complete_week(today, label):
    assert last_complete_week(today) == parse_period(label)


@pytest.mark.parametrize(("today", "label"), [
    (date(2026, 11, 25), "2026-W48"), (date(2026, 11, 29), "2026-W48"), (date(2026, 11, 30), "2026-W49"),
    (date(2027, 1, 3), "2026-W53"), (date(2024, 12, 30), "2025-W01"),
])
def test_current_week(today, label):
    assert current_week(today) == parse_period(label)


@pytest.mark.parametrize(("now", "end"), [
    (utc(2026, 12, 3, 9, 30), utc(2026, 12, 3, 9, 30, 1)),  # the week in progress: up to the end of this second,
    (utc(2026, 12, 3, 9, 30, 5, 700000), utc(2026, 12, 3, 9, 30, 6)),  # as times are stored to the second
    (utc(2026, 12, 6, 23, 59, 59, 500000), utc(2026, 12, 7)),  # never past the period's end
    (utc(2026, 12, 20), utc(2026, 12, 7)),  # a week that has ended: the whole of it
    (utc(2026, 11, 1), utc(2026, 11, 30)),  # a week to come: nothing (an empty window, not a reversed one)
])
def test_a_preview_shows_the_period_so_far(now, end):
    assert parse_period("2026-W49").preview_window(now) == (utc(2026, 11, 30), end)


@pytest.mark.parametrize(("today", "label"), [
    (date(2026, 11, 25), "2026-11-24"), (date(2026, 1, 1), "2025-12-31"), (date(2024, 3, 1), "2024-02-29"),
])
def test_yesterday(today, label):
    assert yesterday(today) == parse_period(label)
    assert yesterday(today).frequency == "daily"


@pytest.fixture
def far_time_zone(monkeypatch):
    """A machine time zone whose date differs from the UTC date (UTC+14 or UTC-12) at the moment the periods'
    clock is stopped at, which it yields. (Chosen by a running clock, the zone had the UTC date when midnight or
    noon UTC fell between choosing and asking.)"""
    import time

    moment = stop_clock(monkeypatch, DIGEST, utc_now())
    monkeypatch.setenv("TZ", "Etc/GMT-14" if moment.hour >= 12 else "Etc/GMT+12")
    time.tzset()
    assert moment.astimezone().date() != moment.date()
    yield moment
    monkeypatch.undo()
    time.tzset()


def test_today_is_the_utc_date_whatever_the_machine_s_time_zone(far_time_zone):
    today = far_time_zone.date()
    assert yesterday() == yesterday(today)
    assert current_week() == current_week(today)
    assert last_complete_week() == last_complete_week(today)


def test_without_a_date_today_in_utc_is_used(monkeypatch):
    today = stop_clock(monkeypatch, DIGEST, utc_now()).date()  # one moment: the test may run across midnight
    assert current_week() == current_week(today)
    assert last_complete_week() == last_complete_week(today)
    assert yesterday() == yesterday(today)


@pytest.mark.parametrize(("label", "en", "zh", "en_year", "zh_year"), [
    ("2026-W48", "Nov 23–29", "11月23日–29日", "Nov 23–29, 2026", "2026年11月23日–29日"),
    ("2026-W49", "Nov 30–Dec 6", "11月30日–12月6日", "Nov 30–Dec 6, 2026", "2026年11月30日–12月6日"),
    ("2026-W53", "Dec 28–Jan 3", "12月28日–1月3日", "Dec 28, 2026–Jan 3, 2027", "2026年12月28日–2027年1月3日"),
    ("2026-11-25", "Nov 25", "11月25日", "Nov 25, 2026", "2026年11月25日"),  # a daily digest's: one day
])
def test_a_period_named_as_dates(label, en, zh, en_year, zh_year):
    """The subject said "2026-W48", which few readers can place: the days it covers, Monday to Sunday."""
    assert [period_dates(label, "en"), period_dates(label, "zh")] == [en, zh]
    assert [period_dates(label, "en", year=True), period_dates(label, "zh", year=True)] == [en_year, zh_year]
