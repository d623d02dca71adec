"""The agenda's clock: item start times, lengths, the total, and the store keeping presenter and slot."""

from __future__ import annotations

import pytest

from kb import agenda
from kb.errors import InvalidInput
from kb.store import Store
from tests.kb.factories import doc, source


def _items(*pairs):
    return [{"starts_at": s, "duration_minutes": d} for s, d in pairs]


def test_items_follow_each_other_from_the_session_start():
    found = agenda.slots("2026-12-15T14:30", _items((None, 20), (None, 15), (None, 30)))
    assert [(agenda.hhmm(s.start), agenda.hhmm(s.end)) for s in found] == \
        [("14:30", "14:50"), ("14:50", "15:05"), ("15:05", "15:35")]
    assert agenda.session_end("2026-12-15T14:30", _items((None, 20), (None, 15), (None, 30))) == 15 * 60 + 35


def test_an_item_with_its_own_start_time_resets_the_clock_and_one_without_a_length_stops_it():
    found = agenda.slots("2026-12-15T14:30", _items((None, None), (None, 10), ("15:00", 20), (None, 5)))
    assert [(agenda.hhmm(s.start), agenda.hhmm(s.end)) for s in found] == \
        [("14:30", None), (None, None), ("15:00", "15:20"), ("15:20", "15:25")]
    assert agenda.total_minutes(_items((None, None), (None, 10), ("15:00", 20), (None, 5))) == 35


def test_a_session_without_a_time_has_no_clock_but_a_total():
    items = _items((None, 20), (None, 25))
    assert [s.start for s in agenda.slots("2026-12-15", items)] == [None, None]
    assert agenda.total_minutes(items) == 45
    assert agenda.session_end("2026-12-15", items) is None
    assert agenda.session_end(None, items) is None


@pytest.mark.parametrize("typed,stored", [("14:30", "14:30"), ("9:05", "09:05"), ("14：30", "14:30"), (" 8.15 ", "08:15"),
                                          ("", None), (None, None)])
def test_start_times_as_people_type_them(typed, stored):
    assert agenda.parse_time(typed) == stored


@pytest.mark.parametrize("typed", ["24:00", "14:60", "2 pm", "1430", "14:3"])
def test_a_start_time_that_is_not_one_is_refused_by_name(typed):
    with pytest.raises(InvalidInput, match=rf"^'starts_at': '{typed}' is not a time of day \(use HH:MM\)$"):
        agenda.parse_time(typed)


@pytest.mark.parametrize("typed", ["0", "601", "-5", "1.5", "二十", "２０"])
def test_a_length_must_be_whole_minutes(typed):
    with pytest.raises(InvalidInput, match=r"^'duration_minutes': a length must be whole minutes from 1 to 600"):
        agenda.parse_minutes(typed)


def test_the_store_keeps_presenter_and_slot_and_times_the_agenda(store: Store):
    store.save_file(source(), [doc("a", ("One.", "Two.", "Three."), title="ERP retro", project="ERP")])
    lessons = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY position")]
    session_id = store.create_session({"title": "分享会", "scheduled_at": "2026-12-15T14:30"})
    items = [store.add_session_item(session_id, lesson) for lesson in lessons]
    store.update_session_item(session_id, items[0], presenter="王芳, Li; \\n", duration_minutes="20")
    store.update_session_item(session_id, items[1], duration_minutes=15)
    store.update_session_item(session_id, items[2], starts_at="15:30", duration_minutes="10")
    session = store.session(session_id)
    assert [i["presenter"] for i in session["items"]] == ["王芳, Li; \\n", None, None]
    assert [(i["slot_start"], i["slot_end"]) for i in session["items"]] == \
        [("14:30", "14:50"), ("14:50", "15:05"), ("15:30", "15:40")]
    assert session["total_minutes"] == 45 and session["ends_at"] == "15:40"
    store.update_session_item(session_id, items[0], note="only the note")  # the slot stays
    assert store.session(session_id)["items"][0]["duration_minutes"] == 20
    store.update_session_item(session_id, items[0], presenter="", duration_minutes="")  # empty clears
    first = store.session(session_id)["items"][0]
    assert first["presenter"] is None and first["duration_minutes"] is None
    with pytest.raises(InvalidInput, match="not a time of day"):
        store.update_session_item(session_id, items[1], starts_at="25:00", presenter="kept?")
    assert store.session(session_id)["items"][1]["presenter"] is None  # nothing half-saved
