"""A share session's time in the API says its zone: ``scheduled_at`` stays the wall-clock time as entered (clients
parse it as before), ``time_zone`` names the zone (the time_zone setting) and ``scheduled_at_zoned`` is the same
moment with that zone's offset on that day (ISO 8601); the invitation names the zone too."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kb.store import Store
from web import create_app


@pytest.fixture
def curator(settings):
    """A curator's token client of a server whose time_zone is Shanghai's."""
    with Store(settings.db) as store:
        token = store.create_token("carl", "calendar")
    app = create_app(settings.replace(time_zone="Asia/Shanghai"))
    app.config["TESTING"] = True
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_every_session_answer_says_the_zone_and_the_moment_with_its_offset(curator):
    made = curator.post("/api/sessions", json={"title": "仓储复盘分享会", "scheduled_at": "2026-12-20T14:00"})
    assert made.status_code == 201, made.get_data(as_text=True)
    session = made.get_json()
    assert session["scheduled_at"] == "2026-12-20T14:00"  # as before: a client parsing it reads the same
    assert (session["time_zone"], session["scheduled_at_zoned"]) == ("Asia/Shanghai", "2026-12-20T14:00:00+08:00")
    moment = datetime.fromisoformat(session["scheduled_at_zoned"])
    assert moment.astimezone(UTC) == datetime(2026, 12, 20, 6, 0, tzinfo=UTC)
    for answer in (curator.get(f"/api/sessions/{session['id']}").get_json(),
                   curator.get("/api/sessions").get_json()["items"][0],
                   curator.patch(f"/api/sessions/{session['id']}", json={"location": "3楼"}).get_json(),
                   curator.post(f"/api/sessions/{session['id']}/items", json={"lesson_id": 1}).get_json()["session"],
                   curator.put(f"/api/sessions/{session['id']}/order", json={"items": [1]}).get_json()):
        assert (answer["time_zone"], answer["scheduled_at_zoned"]) == ("Asia/Shanghai", "2026-12-20T14:00:00+08:00")
    ics = curator.get(f"/sessions/{session['id']}/invitation.ics").get_data(as_text=True)
    assert "DTSTART;TZID=Asia/Shanghai:20261220T140000" in ics


def test_a_day_without_a_time_has_no_moment(curator):
    session = curator.post("/api/sessions", json={"title": "季度复盘", "scheduled_at": "2026-12-21"}).get_json()
    assert (session["scheduled_at"], session["scheduled_at_zoned"], session["time_zone"]) == (
        "2026-12-21", None, "Asia/Shanghai")
    draft = curator.post("/api/sessions", json={"title": "未定"}).get_json()
    assert draft["scheduled_at"] is None and draft["scheduled_at_zoned"] is None


def test_in_utc_the_offset_is_utc_s(client, settings):
    with Store(settings.db) as store:
        token = store.create_token("carl")
    made = client.post("/api/sessions", json={"title": "x", "scheduled_at": "2026-12-20T14:00"},
                       headers={"Authorization": f"Bearer {token}"}).get_json()
    assert (made["time_zone"], made["scheduled_at_zoned"]) == ("UTC", "2026-12-20T14:00:00+00:00")


def test_the_cli_s_json_says_the_same_as_the_api(curator, settings):
    from click.testing import CliRunner

    from kb.cli import cli

    session = curator.post("/api/sessions", json={"title": "复盘", "scheduled_at": "2026-07-01T09:30"}).get_json()
    result = CliRunner().invoke(cli, ["--db", str(settings.db), "session", "show", str(session["id"]), "--json"],
                                env={"KB_TIME_ZONE": "Asia/Shanghai"}, catch_exceptions=False)
    shown = json.loads(result.output)
    assert (shown["time_zone"], shown["scheduled_at_zoned"]) == ("Asia/Shanghai", "2026-07-01T09:30:00+08:00")
    listed = CliRunner().invoke(cli, ["--db", str(settings.db), "session", "list", "--json"],
                                env={"KB_TIME_ZONE": "Europe/Berlin"}, catch_exceptions=False)
    assert json.loads(listed.output)["sessions"][0]["scheduled_at_zoned"] == "2026-07-01T09:30:00+02:00"  # summer


@pytest.mark.parametrize(("zone", "scheduled_at"), [
    ("Asia/Shanghai", "2026-12-20T14:00"), ("Europe/Berlin", "2026-03-29T10:00"), ("Europe/Berlin", "2026-12-20T14:00"),
    ("America/New_York", "2026-07-01T09:30"), ("UTC", "2026-12-20T14:00"),
])
def test_the_invitation_is_at_the_moment_the_api_names_in_every_zone(settings, zone, scheduled_at):
    """The .ics downloaded from the server, read by icalendar with its VTIMEZONE alone (the zone renamed to one no
    calendar knows), starts at ``scheduled_at_zoned``; in UTC its times are UTC's (``Z``; they floated before: the
    same hour in every calendar's own zone)."""
    icalendar = pytest.importorskip("icalendar")
    with Store(settings.db) as store:
        token = store.create_token("carl", "calendar")
    client = create_app(settings.replace(time_zone=zone)).test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    session = client.post("/api/sessions", json={"title": "跨时区分享会", "scheduled_at": scheduled_at}).get_json()
    ics = client.get(f"/sessions/{session['id']}/invitation.ics").get_data(as_text=True)
    unknown = f"Unknown-{zone.replace('/', '-')}-{scheduled_at[:10]}-web"  # icalendar keeps the zones it read by name
    event = icalendar.Calendar.from_ical(ics.replace(f"TZID={zone}", f"TZID={unknown}").replace(
        f"TZID:{zone}", f"TZID:{unknown}")).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == datetime.fromisoformat(session["scheduled_at_zoned"])
    assert ("DTSTART:" + scheduled_at.replace("-", "").replace(":", "") + "00Z" in ics) == (zone == "UTC")
