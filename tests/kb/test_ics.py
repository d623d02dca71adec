"""kb/ics.py: a share session as an RFC 5545 invitation, read back by the ``icalendar`` package."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kb import ics
from kb.errors import InvalidInput

LABELS = {"agenda": "议程", "minutes": "分钟", "theme": "主题：", "presenter": "分享人：", "hidden": "（已隐藏）",
          "presenters": "分享人：", "audience": "参会对象：", "list_comma": "、"}
NASTY = 'a,b;c\\d\n第二行\r\n"q" <x>'


def _session(**changes):
    items = [
        {"lesson_text": "外包供应商的接口交付延期五周，压缩了集成测试时间。" * 3, "presenter": "王芳; Li, Wei",
         "duration_minutes": 20, "slot_start": "14:30", "slot_end": "14:50", "starts_at": None},
        {"lesson_text": None, "presenter": None, "duration_minutes": 25, "slot_start": "14:50", "slot_end": "15:15",
         "starts_at": None},
    ]
    session = {"id": 7, "title": f"经验分享会 {NASTY}", "theme": "供应商, 测试; 环境", "scheduled_at": "2026-12-15T14:30",
               "location": "3楼; Room 5, B座", "presenters": ["张伟", "Li, Wei"], "audience": "各项目经理; PMO", "description": "第一行\n第二行",
               "status": "scheduled", "items": items}
    return {**session, **changes}


def _parse(text):
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(text)
    return calendar, calendar.walk("VEVENT")[0]


def _write(session):
    return ics.invitation(session, url="http://kb.example/sessions/7", host="kb.example", labels=LABELS,
                          stamp=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))


def test_every_value_comes_back_as_written():
    calendar, event = _parse(_write(_session()))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(event["SUMMARY"]) == f"经验分享会 {NASTY}".replace("\r\n", "\n")
    assert str(event["LOCATION"]) == "3楼; Room 5, B座"
    assert event.decoded("DTSTART") == datetime(2026, 12, 15, 14, 30, tzinfo=UTC)  # the time_zone setting's default
    assert event.decoded("DTEND") == datetime(2026, 12, 15, 15, 15, tzinfo=UTC)  # start + the agenda's 45 minutes
    assert str(event["UID"]) == "share-session-7@kb.example"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert description.startswith("主题：供应商, 测试; 环境\n分享人：张伟、Li, Wei\n参会对象：各项目经理; PMO\n第一行\n第二行\n"
                                  "议程\n1. 14:30–14:50 (20 分钟) 外包供应商")  # presenters and audience, as agenda.md
    assert "— 分享人：王芳; Li, Wei" in description
    assert "2. 14:50–15:15 (25 分钟) （已隐藏）" in description
    assert description.endswith("http://kb.example/sessions/7")


def test_the_text_is_escaped_and_folded_as_rfc_5545_says():
    text = _write(_session())
    raw = text.encode("utf-8")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF, no bare LF
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # long lines were folded
    for line in lines:
        line.decode("utf-8")  # no line ends inside a Chinese character
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:经验分享会 a\\,b\\;c\\\\d\\n第二行\\n\"q\" <x>\r\n" in unfolded
    assert "LOCATION:3楼\\; Room 5\\, B座\r\n" in unfolded


@pytest.mark.parametrize("line", ["", "x" * 75, "x" * 76, "汉" * 25, "汉" * 26, "a" + "汉" * 60, "ab" * 200])
def test_folding_never_passes_75_octets_and_loses_nothing(line):
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line


def test_a_session_with_a_date_only_is_an_all_day_event_and_a_draft_is_tentative():
    _, event = _parse(_write(_session(scheduled_at="2026-12-15", status="draft")))
    assert event.decoded("DTSTART") == date(2026, 12, 15)
    assert event.decoded("DTEND") == date(2026, 12, 16)
    assert str(event["STATUS"]) == "TENTATIVE"


def test_a_session_with_a_time_and_no_lengths_lasts_an_hour():
    session = _session()
    for item in session["items"]:
        item.update(duration_minutes=None, slot_end=None)
    _, event = _parse(_write(session))
    assert event.decoded("DTEND") == datetime(2026, 12, 15, 15, 30, tzinfo=UTC)


def test_a_session_without_a_date_has_no_invitation():
    with pytest.raises(InvalidInput, match="give the session a date"):
        _write(_session(scheduled_at=None))


def test_a_long_lesson_is_cut_with_an_ellipsis_and_a_short_one_kept_whole():
    long = "Staging environment printers (High). " + "The OT network change is still waiting for approval. " * 8
    session = _session(items=[{**_session()["items"][0], "lesson_text": long, "presenter": None},
                              {**_session()["items"][0], "lesson_text": "Short and whole.", "presenter": None}])
    lines = str(_parse(_write(session))[1]["DESCRIPTION"]).split("\n")
    first = next(line for line in lines if line.startswith("1. "))
    text = first.removeprefix("1. 14:30–14:50 (20 分钟) ")
    assert text.endswith("…") and len(text) <= ics.MAX_ITEM_CHARS and long.startswith(text[:-1])  # before: cut bare
    assert next(line for line in lines if line.startswith("2. ")).endswith(" Short and whole.")


ZONED = [  # a session's zone and start (on that zone's clocks): no summer time, each side of one, on the day it starts
    ("Asia/Shanghai", "2026-12-15T14:30"), ("Asia/Kolkata", "2026-12-15T14:30"),
    ("Europe/Berlin", "2026-12-15T14:30"), ("Europe/Berlin", "2026-07-01T09:00"), ("Europe/Berlin", "2026-03-29T10:00"),
    ("Europe/Berlin", "2026-10-25T09:00"), ("America/New_York", "2026-12-15T14:30"),
    ("America/New_York", "2026-03-08T18:00"), ("Australia/Sydney", "2026-04-05T14:30"),
]


def _in(zone: str, scheduled_at: str) -> str:
    return ics.invitation(_session(scheduled_at=scheduled_at), url="http://kb.example/sessions/7", host="kb.example",
                          labels=LABELS, stamp=datetime(2026, 12, 1, 8, 0, tzinfo=UTC), zone=zone)


@pytest.mark.parametrize(("zone", "scheduled_at"), ZONED)
def test_in_a_named_zone_the_times_are_that_zone_s_and_read_back_as_the_same_moment(zone, scheduled_at):
    text = _in(zone, scheduled_at)
    assert f"DTSTART;TZID={zone}:{scheduled_at.replace('-', '').replace(':', '')}00\r\n" in text
    calendar, event = _parse(text)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    moment = datetime.fromisoformat(scheduled_at).replace(tzinfo=ZoneInfo(zone))
    assert event.decoded("DTSTART").astimezone(UTC) == moment.astimezone(UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)


@pytest.mark.parametrize(("zone", "scheduled_at"), ZONED)
def test_the_vtimezone_alone_gives_the_zone_s_offsets_from_a_year_before_to_a_year_after(zone, scheduled_at):
    """A calendar that knows no zone of that name reads the VTIMEZONE: renamed, its rules are all the parser has.
    Every three hours of the zone's clocks over the two years around the session, it puts a time written in it at
    the moment zoneinfo does (one observance of the offset at the start, as written before, was an hour off for half
    the year in Berlin and New York); the hour a clock skips or repeats is left out: it names no moment, or two."""
    unknown = f"Unknown-{zone.replace('/', '-')}-{scheduled_at[:10]}"  # one a test: icalendar keeps zones by name
    calendar, event = _parse(_in(zone, scheduled_at).replace(zone, unknown))
    moment = datetime.fromisoformat(scheduled_at)
    assert event.decoded("DTSTART").astimezone(UTC) == moment.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    written, known = calendar.walk("VTIMEZONE")[0].to_tz(), ZoneInfo(zone)
    local, checked = moment - timedelta(days=365), 0
    while local < moment + timedelta(days=365):
        if local.replace(tzinfo=known).utcoffset() == local.replace(tzinfo=known, fold=1).utcoffset():
            assert local.replace(tzinfo=written).utcoffset() == local.replace(tzinfo=known).utcoffset(), local
            assert local.replace(tzinfo=written).tzname() == local.replace(tzinfo=known).tzname(), local
            checked += 1
        local += timedelta(hours=3)
    assert checked > 5800


def test_summer_time_is_the_zone_s_daylight_offset():
    text = _in("Europe/Berlin", "2026-07-01T09:00")
    assert "BEGIN:DAYLIGHT\r\n" in text and "TZOFFSETTO:+0200\r\n" in text and "TZNAME:CEST\r\n" in text
    assert "DTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\n" in text  # the summer time that starts before


@pytest.mark.parametrize("zone", ["UTC", "Etc/UTC"])
def test_in_utc_the_times_are_utc_and_a_day_alone_is_a_day_anywhere(zone):
    text = _in(zone, "2026-12-15T14:30")
    assert "DTSTART:20261215T143000Z\r\n" in text and "DTEND:20261215T151500Z\r\n" in text
    assert "TZID" not in text and "VTIMEZONE" not in text
    assert _parse(text)[1].decoded("DTSTART") == datetime(2026, 12, 15, 14, 30, tzinfo=UTC)
    day = ics.invitation(_session(scheduled_at="2026-12-15"), url="u", host="h", labels=LABELS, zone="Asia/Shanghai")
    assert "DTSTART;VALUE=DATE:20261215\r\n" in day and "VTIMEZONE" not in day


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
@pytest.mark.parametrize("scheduled_at", ["9999-06-01T10:00", "9999-12-31T23:30", "0001-06-01T09:00", "9999-12-31"])
def test_a_session_at_the_ends_of_the_calendar_has_an_invitation(zone, scheduled_at):
    """The fields take any year: a session on 9999-06-01 ("to be decided") or 0001-06-01 had no invitation (the
    zone's year either side of it is past what a datetime holds: a traceback from kb session show --format ics, a
    500 for the .ics), and the year 1 was written '10601' (strftime's %Y)."""
    text = _in(zone, scheduled_at)
    start = scheduled_at.replace("-", "").replace(":", "")
    assert re.search(rf"\r\nDTSTART[;:][^\r]*:?{start}(00Z?)?\r\n", text), text
    _, event = _parse(text)
    moment = datetime.fromisoformat(scheduled_at)
    if "T" in scheduled_at:
        read = event.decoded("DTSTART")  # compared on the zone's clocks: New York's 9999-12-31T23:30 is no UTC instant
        assert (read.replace(tzinfo=None), read.utcoffset()) == (moment, moment.replace(tzinfo=ZoneInfo(zone)).utcoffset())
        assert event.decoded("DTEND").replace(tzinfo=None) > moment
    else:
        assert event.decoded("DTSTART") == moment.date() and "DTEND" not in event  # no day after 9999-12-31
