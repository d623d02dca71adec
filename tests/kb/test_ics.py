"""kb/ics.py: a share session as an RFC 5545 invitation, read back by the ``icalendar`` package."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

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
    assert event.decoded("DTSTART") == datetime(2026, 12, 15, 14, 30)
    assert event.decoded("DTEND") == datetime(2026, 12, 15, 15, 15)  # start + the agenda's 45 minutes
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
    assert event.decoded("DTEND") == datetime(2026, 12, 15, 15, 30)


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


@pytest.mark.parametrize(("zone", "offset", "utc_start"), [
    ("Asia/Shanghai", "+0800", datetime(2026, 12, 15, 6, 30, tzinfo=UTC)),
    ("America/New_York", "-0500", datetime(2026, 12, 15, 19, 30, tzinfo=UTC)),  # winter: EST
])
def test_in_a_named_zone_the_times_are_that_zone_s_and_read_back_as_the_same_moment(zone, offset, utc_start):
    text = ics.invitation(_session(), url="http://kb.example/sessions/7", host="kb.example", labels=LABELS,
                          stamp=datetime(2026, 12, 1, 8, 0, tzinfo=UTC), zone=zone)
    assert f"DTSTART;TZID={zone}:20261215T143000\r\n" in text and f"TZOFFSETTO:{offset}\r\n" in text
    calendar, event = _parse(text)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == [zone]
    assert event.decoded("DTSTART").astimezone(UTC) == utc_start
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=45)


def test_summer_time_is_the_zone_s_daylight_offset():
    text = ics.invitation(_session(scheduled_at="2026-07-01T09:00"), url="u", host="h", labels=LABELS,
                          zone="Europe/Berlin")
    assert "BEGIN:DAYLIGHT\r\n" in text and "TZOFFSETTO:+0200\r\n" in text and "TZNAME:CEST\r\n" in text


def test_in_utc_the_default_and_for_a_day_alone_the_times_float_as_before():
    assert "TZID" not in _write(_session()) and "VTIMEZONE" not in _write(_session())
    day = ics.invitation(_session(scheduled_at="2026-12-15"), url="u", host="h", labels=LABELS, zone="Asia/Shanghai")
    assert "DTSTART;VALUE=DATE:20261215\r\n" in day and "VTIMEZONE" not in day
