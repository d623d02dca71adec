"""kb/store/sessions.py: share sessions (经验分享会), their fields, statuses, agendas and listings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kb.errors import InvalidInput, NotFound
from kb.store import Store
from tests.clock import stop_clock, utc_now
from tests.kb.factories import doc, source

OLD = "2000-01-01T00:00:00+00:00"


@pytest.fixture
def lessons(store: Store) -> list[int]:
    store.save_file(source(), [doc("a", ("One.", "Two.", "Three.", "Four."), title="ERP retro", project="ERP")])
    return [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY position")]


def _recent(stamp: str | None) -> bool:
    return stamp is not None and datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(seconds=60)


def _updated(store: Store, session_id: int) -> str:
    return store.scalar("SELECT updated_at FROM share_sessions WHERE id = ?", [session_id])


def _age(store: Store, session_id: int) -> None:
    store.conn.execute("UPDATE share_sessions SET updated_at = ? WHERE id = ?", [OLD, session_id])


def _day(offset: int) -> str:
    """A day from today as the store reads "today" (its clock, local time)."""
    from kb.store import sessions

    return (sessions.datetime.now() + timedelta(days=offset)).strftime("%Y-%m-%d")


def test_a_new_session_is_a_draft_with_its_fields(store: Store):
    session_id = store.create_session({"title": " 经验分享会 Q1 ", "theme": "Vendors", "scheduled_at": "2026-03-01 14:30",
                                       "location": "Room 5", "presenters": "王伟， Ann、Bob ,", "audience": "PMO",
                                       "description": "Line one\nLine two", "status": "held", "unknown": "x"},
                                      actor="carol")
    session = store.session(session_id)
    assert {k: session[k] for k in ("title", "theme", "scheduled_at", "location", "presenters", "audience",
                                    "description", "status", "created_by", "items")} == {
        "title": "经验分享会 Q1", "theme": "Vendors", "scheduled_at": "2026-03-01T14:30", "location": "Room 5",
        "presenters": ["王伟", "Ann", "Bob"], "audience": "PMO", "description": "Line one\nLine two",
        "status": "draft", "created_by": "carol", "items": []}
    assert session["created_at"] == session["updated_at"] and _recent(session["created_at"])


def test_a_session_with_only_a_title(store: Store):
    session = store.session(store.create_session({"title": "T", "theme": None}))
    assert (session["presenters"], session["theme"], session["scheduled_at"], session["created_by"]) == (
        [], None, None, None)


@pytest.mark.parametrize("data, message", [
    ({}, r"^a share session needs a title$"),
    ({"title": "   "}, r"^a share session needs a title$"),
    ({"title": None}, r"^a share session needs a title$"),
    ({"title": "x" * 201}, r"^'title' is a text of 201 characters, longer than the 200 allowed$"),
    ({"title": "a\nb"}, r"^'title' contains a control character \(U\+000A\); use one line of plain text$"),
    ({"title": "T", "location": "x" * 201}, r"^'location' is a text of 201"),
    ({"title": "T", "description": "x" * 5001}, r"^'description' is a text of 5,001 characters, longer than the 5,000"),
    ({"title": "T", "description": "bell\x07"}, r"^'description' contains a control character \(U\+0007\); remove it$"),
    ({"title": "T", "presenters": ["Ann", 3]}, r"^'presenters\[1\]' must be text, not a number$"),
    ({"title": "T", "presenters": ["x" * 101]}, r"^'presenters\[0\]' is a text of 101"),
    ({"title": "T", "presenters": "Ann, " + "x" * 101}, r"^'presenters' is a text of 101"),
    ({"title": "T", "presenters": 7}, r"^'presenters' must be text, not a number$"),
    ({"title": "T", "scheduled_at": "tomorrow at noon, in the big meeting room"},
     r"^'scheduled_at' is a text of 41 characters"),
    ({"title": "T", "scheduled_at": "next Tuesday afternoon, room 5, bring"},
     (r"^'scheduled_at': 'next Tuesday afternoon, room 5' is not a date and time \(use YYYY-MM-DD HH:MM, "
      r"or YYYY-MM-DD for the day alone\)$")),
    ({"title": "T", "scheduled_at": "2026-02-30"}, r"^'scheduled_at' is invalid: '2026-02-30' does not exist"),
])
def test_bad_session_fields_are_refused_by_name(store: Store, data, message):
    with pytest.raises(InvalidInput, match=message):
        store.create_session(data)
    assert store.scalar("SELECT count(*) FROM share_sessions") == 0


@pytest.mark.parametrize("given, stored", [
    ("2026-03-01T14:30", "2026-03-01T14:30"), ("2026-03-01 14:30", "2026-03-01T14:30"),
    ("2026-03-01T14:30:59", "2026-03-01T14:30"), (" 2026-03-01 ", "2026-03-01"), ("", None),
    ("2026-03-01 14:30:59", "2026-03-01T14:30")])  # the form's field (_macros.html date_field) lets seconds through
def test_dates_and_times_are_stored_in_one_form(store: Store, given, stored):
    assert store.session(store.create_session({"title": "T", "scheduled_at": given}))["scheduled_at"] == stored


def test_presenters_from_a_list_drop_empties(store: Store):
    session = store.session(store.create_session({"title": "T", "presenters": [" Ann ", "", "王伟"]}))
    assert session["presenters"] == ["Ann", "王伟"]
    assert store.scalar("SELECT presenters FROM share_sessions") == '["Ann", "王伟"]'


def test_update_changes_only_the_fields_given(store: Store):
    session_id = store.create_session({"title": "T", "theme": "Old theme", "scheduled_at": "2026-03-01"})
    _age(store, session_id)
    store.update_session(session_id, {"theme": "New theme", "presenters": ["Ann"], "location": None})
    session = store.session(session_id)
    assert (session["title"], session["theme"], session["presenters"], session["scheduled_at"]) == (
        "T", "New theme", ["Ann"], "2026-03-01")
    assert _recent(session["updated_at"])
    store.update_session(session_id, {"scheduled_at": ""})  # clears the date
    assert store.session(session_id)["scheduled_at"] is None


def test_an_update_with_nothing_to_change_writes_nothing(store: Store):
    session_id = store.create_session({"title": "T"})
    _age(store, session_id)
    store.update_session(session_id, {"theme": None, "other": "x"})
    store.update_session(999, {})
    assert _updated(store, session_id) == OLD


def test_update_errors(store: Store):
    session_id = store.create_session({"title": "T"})
    with pytest.raises(InvalidInput, match=r"^the title cannot be empty$"):
        store.update_session(session_id, {"title": "  "})
    with pytest.raises(NotFound, match=r"^no share session 999$"):
        store.update_session(999, {"theme": "x"})
    assert store.session(session_id)["title"] == "T"


def test_status_moves_and_needs_a_date_to_be_scheduled(store: Store):
    session_id = store.create_session({"title": "T"})
    for status in ("scheduled", "held"):
        with pytest.raises(InvalidInput, match=r"^give the session a date and time before scheduling it$"):
            store.set_session_status(session_id, status)
    with pytest.raises(InvalidInput, match=r"^unknown status 'done'; use one of: draft, scheduled, held$"):
        store.set_session_status(session_id, "done")
    store.set_session_status(session_id, "draft")
    store.update_session(session_id, {"scheduled_at": "2026-03-01"})
    _age(store, session_id)
    store.set_session_status(session_id, "scheduled")
    assert store.session(session_id)["status"] == "scheduled" and _recent(_updated(store, session_id))
    store.set_session_status(session_id, "held")
    assert store.session(session_id)["status"] == "held"
    with pytest.raises(NotFound, match=r"^no share session 999$"):
        store.set_session_status(999, "draft")


def test_status_changes_touch_only_their_session(store: Store):
    one, two = store.create_session({"title": "1", "scheduled_at": "2026-01-01"}), store.create_session({"title": "2"})
    _age(store, two)
    store.set_session_status(one, "scheduled")
    assert store.session(two)["status"] == "draft" and _updated(store, two) == OLD


def test_delete_session_takes_its_agenda(store: Store, lessons):
    keep, gone = store.create_session({"title": "keep"}), store.create_session({"title": "gone"})
    store.add_session_item(gone, lessons[0])
    store.add_session_item(keep, lessons[0])
    store.delete_session(gone)
    with pytest.raises(NotFound, match=rf"^no share session {gone}$"):
        store.session(gone)
    assert store.scalar("SELECT count(*) FROM session_items") == 1
    with pytest.raises(NotFound, match=rf"^no share session {gone}$"):
        store.delete_session(gone)


def test_a_published_session_is_seen_by_readers(store: Store):
    session_id = store.create_session({"title": "T", "scheduled_at": "2026-01-01"})
    store.set_session_status(session_id, "scheduled")
    assert store.session(session_id, drafts=False)["title"] == "T"


def test_items_are_snapshots_at_the_end_of_the_agenda(store: Store, lessons):
    session_id = store.create_session({"title": "T"})
    _age(store, session_id)
    first = store.add_session_item(session_id, lessons[2], note="  Why it matters\nto us ", actor="carol")
    second = store.add_session_item(session_id, lessons[0])
    assert second == first + 1 and _recent(_updated(store, session_id))
    items = store.session(session_id)["items"]
    assert [(i["id"], i["position"], i["lesson_id"]) for i in items] == [(first, 0, lessons[2]), (second, 1, lessons[0])]
    assert {k: items[0][k] for k in ("note", "lesson_text", "lesson_kind", "document_key", "document_title",
                                     "project", "added_by", "minutes", "review_status", "lesson_exists",
                                     "hidden")} == {
        "note": "Why it matters\nto us", "lesson_text": "Three.", "lesson_kind": "went_wrong", "document_key": "a",
        "document_title": "ERP retro", "project": "ERP", "added_by": "carol", "minutes": None,
        "review_status": "unreviewed", "lesson_exists": 1, "hidden": False}
    assert _recent(items[0]["added_at"]) and items[1]["note"] is None and items[1]["added_by"] is None


def test_an_item_outlives_its_lesson(store: Store, lessons):
    session_id = store.create_session({"title": "T"})
    store.add_session_item(session_id, lessons[0])
    store.save_file(source(digest="h2"), [doc("a", ("Entirely rewritten lesson text here.",))])
    [item] = store.session(session_id)["items"]
    assert (item["lesson_id"], item["lesson_exists"], item["hidden"], item["lesson_text"]) == (None, 0, False, "One.")


def test_adding_items_errors(store: Store, lessons):
    session_id = store.create_session({"title": "T"})
    store.add_session_item(session_id, lessons[0])
    _age(store, session_id)
    with pytest.raises(InvalidInput, match=rf"^lesson {lessons[0]} is already on this agenda$"):
        store.add_session_item(session_id, lessons[0])
    with pytest.raises(NotFound, match=r"^no lesson 999$"):
        store.add_session_item(session_id, 999)
    with pytest.raises(NotFound, match=r"^no share session 999$"):
        store.add_session_item(999, lessons[1])
    with pytest.raises(InvalidInput, match=r"^'note' contains a control character \(U\+0000\); remove it$"):
        store.add_session_item(session_id, lessons[1], note="a\x00")
    with pytest.raises(InvalidInput, match=r"^'note' is a text of 2,001 characters"):
        store.add_session_item(session_id, lessons[1], note="x" * 2001)
    assert store.scalar("SELECT count(*) FROM session_items") == 1 and _updated(store, session_id) == OLD


def test_the_same_lesson_on_two_agendas(store: Store, lessons):
    one, two = store.create_session({"title": "1"}), store.create_session({"title": "2"})
    store.add_session_item(one, lessons[0])
    store.add_session_item(two, lessons[1])
    store.add_session_item(two, lessons[0])
    assert [i["position"] for i in store.session(two)["items"]] == [0, 1]
    assert [i["position"] for i in store.session(one)["items"]] == [0]


def test_update_item_note_and_minutes(store: Store, lessons):
    session_id = store.create_session({"title": "T"})
    item = store.add_session_item(session_id, lessons[0], note="first note")
    _age(store, session_id)
    store.update_session_item(session_id, item, minutes="Decided:\n- freeze scope")
    got = store.session(session_id)["items"][0]
    assert (got["note"], got["minutes"]) == ("first note", "Decided:\n- freeze scope")
    assert _recent(_updated(store, session_id))
    store.update_session_item(session_id, item, note="")  # an empty note clears it
    got = store.session(session_id)["items"][0]
    assert (got["note"], got["minutes"]) == (None, "Decided:\n- freeze scope")
    store.update_session_item(session_id, item, minutes="x" * 20000)
    with pytest.raises(InvalidInput, match=r"^'minutes' is a text of 20,001 characters"):
        store.update_session_item(session_id, item, minutes="x" * 20001)
    with pytest.raises(InvalidInput, match=r"^'note' contains a control character \(U\+0000\); remove it$"):
        store.update_session_item(session_id, item, note="a\x00")
    with pytest.raises(InvalidInput, match=r"^'note' is a text of 2,001 characters"):
        store.update_session_item(session_id, item, note="x" * 2001)
    other = store.create_session({"title": "other"})
    with pytest.raises(NotFound, match=rf"^no item {item} in share session {other}$"):
        store.update_session_item(other, item, note="x")
    assert store.session(session_id)["items"][0]["minutes"] == "x" * 20000


def _order(store: Store, session_id: int) -> list[tuple[int, int]]:
    return [(i["id"], i["position"]) for i in store.session(session_id)["items"]]


@pytest.fixture
def agenda(store: Store, lessons) -> tuple[int, list[int]]:
    session_id = store.create_session({"title": "T"})
    items = [store.add_session_item(session_id, lesson) for lesson in lessons]
    _age(store, session_id)
    return session_id, items


def test_removing_an_item_closes_the_gap(store: Store, agenda):
    session_id, items = agenda
    store.remove_session_item(session_id, items[1])
    assert _order(store, session_id) == [(items[0], 0), (items[2], 1), (items[3], 2)]
    assert _recent(_updated(store, session_id))
    with pytest.raises(NotFound, match=rf"^no item {items[1]} in share session {session_id}$"):
        store.remove_session_item(session_id, items[1])


def test_reorder_sets_every_position(store: Store, agenda):
    session_id, items = agenda
    new = [items[3], items[0], items[2], items[1]]
    store.reorder_session(session_id, new)
    assert _order(store, session_id) == [(item, position) for position, item in enumerate(new)]
    assert _recent(_updated(store, session_id))


@pytest.mark.parametrize("pick", [lambda items: items[:3], lambda items: [*items, items[0]],
                                  lambda items: [*items[:3], 999], lambda items: []])
def test_reorder_must_name_every_item_once(store: Store, agenda, pick):
    session_id, items = agenda
    with pytest.raises(InvalidInput, match=r"^the new order must list every item of the agenda exactly once$"):
        store.reorder_session(session_id, pick(items))
    assert _order(store, session_id) == [(item, position) for position, item in enumerate(items)]
    assert _updated(store, session_id) == OLD


def test_reorder_of_a_missing_session(store: Store):
    with pytest.raises(NotFound, match=r"^no share session 999$"):
        store.reorder_session(999, [])


@pytest.mark.parametrize("index, offset, expected", [
    (1, -1, [1, 0, 2, 3]), (1, 1, [0, 2, 1, 3]), (0, -1, [0, 1, 2, 3]), (3, 1, [0, 1, 2, 3]), (3, -3, [3, 0, 1, 2]),
    (0, 10, [1, 2, 3, 0]), (2, 0, [0, 1, 2, 3])])
def test_move_an_item_up_or_down(store: Store, agenda, index, offset, expected):
    session_id, items = agenda
    store.move_session_item(session_id, items[index], offset)
    assert _order(store, session_id) == [(items[i], position) for position, i in enumerate(expected)]


def test_move_follows_the_current_order(store: Store, agenda):
    session_id, items = agenda
    store.reorder_session(session_id, items[::-1])
    store.move_session_item(session_id, items[3], 1)
    assert [i for i, _ in _order(store, session_id)] == [items[2], items[3], items[1], items[0]]
    with pytest.raises(NotFound, match=rf"^no item 999 in share session {session_id}$"):
        store.move_session_item(session_id, 999, 1)


def test_sessions_upcoming_past_and_all(store: Store, monkeypatch):
    # one "today" for the sessions made and the store that sorts them: made before midnight and sorted after, the
    # sessions of "today" were yesterday's
    stop_clock(monkeypatch, "kb.store.sessions", utc_now())
    def make(title: str, when: str | None, status: str) -> int:
        session_id = store.create_session({"title": title, "scheduled_at": when})
        if status != "draft":
            store.set_session_status(session_id, status)
        return session_id

    tomorrow = make("tomorrow", _day(1) + " 10:00", "scheduled")
    yesterday = make("yesterday", _day(-1) + " 10:00", "scheduled")
    held_future = make("held early", _day(30), "held")
    undated = make("undated", None, "draft")
    held = make("held", _day(-1) + " 09:00", "held")
    today = make("today", _day(0) + " 00:01", "scheduled")
    later = make("later", _day(2), "draft")
    today_undated = make("today, no time", _day(0), "scheduled")

    def titles(**kw) -> list[str]:
        return [s["title"] for s in store.sessions(**kw)[0]]

    assert titles(when="upcoming") == ["today, no time", "today", "tomorrow", "later", "undated"]
    assert titles(when="past") == ["held early", "yesterday", "held"]
    assert titles() == ["held early", "later", "tomorrow", "today", "today, no time", "yesterday", "held", "undated"]
    assert titles(when="upcoming", drafts=False) == ["today, no time", "today", "tomorrow"]
    assert titles(status="held") == ["held early", "held"]
    assert titles(status="draft", drafts=False) == []
    assert titles(limit=2, offset=1) == ["later", "tomorrow"]
    rows, total = store.sessions(when="past", limit=1)
    assert total == 3 and len(rows) == 1
    assert store.sessions(drafts=False)[1] == 6
    assert {tomorrow, yesterday, held_future, undated, held, today, later, today_undated} == {
        s["id"] for s in store.sessions()[0]}


def test_listed_sessions_count_their_items(store: Store, lessons):
    session_id = store.create_session({"title": "T", "presenters": ["Ann"]})
    store.create_session({"title": "empty"})
    store.add_session_item(session_id, lessons[0])
    store.add_session_item(session_id, lessons[1])
    listed = {s["title"]: s for s in store.sessions()[0]}
    assert (listed["T"]["items"], listed["empty"]["items"]) == (2, 0)
    assert listed["T"]["presenters"] == ["Ann"] and listed["empty"]["presenters"] == []


def test_sessions_default_page_is_100(store: Store):
    with store.transaction():
        for i in range(105):
            store.conn.execute("INSERT INTO share_sessions (title, created_at, updated_at) VALUES (?, ?, ?)",
                               [f"s{i}", OLD, OLD])
    rows, total = store.sessions()
    assert (len(rows), total) == (100, 105)


def test_presented_lessons(store: Store, lessons):
    def make(when: str | None, status: str, items: list[int]) -> int:
        session_id = store.create_session({"title": "T", "scheduled_at": when})
        if status != "draft":
            store.set_session_status(session_id, status)
        for lesson in items:
            store.add_session_item(session_id, lesson)
        return session_id

    held = make("2030-01-01", "held", [lessons[0]])  # held, even if dated later
    early = make("2025-01-01", "scheduled", [lessons[1]])
    late = make("2025-06-01", "scheduled", [lessons[2]])
    make(None, "draft", [lessons[3]])
    assert store.presented_lessons() == set(lessons)
    assert store.presented_lessons(before="2025-03-01") == {lessons[0], lessons[1]}
    assert store.presented_lessons(before="2025-01-01") == {lessons[0]}  # strictly before
    assert store.presented_lessons(before="2025-03-01", exclude_session=held) == {lessons[1]}
    assert store.presented_lessons(exclude_session=late) == {lessons[0], lessons[1], lessons[3]}
    assert store.presented_lessons(exclude_session=early, before="2026-01-01") == {lessons[0], lessons[2]}
    store.save_file(source(digest="h2"), [doc("a", ("Entirely different text now, nothing alike.",))])
    assert store.presented_lessons() == set()  # agenda items whose lesson is gone


def test_lesson_sessions_names_the_sessions_whose_agenda_holds_a_lesson(store: Store, lessons):
    east, south, west = (store.create_session({"title": t}) for t in ("华东区", "华南区", "West"))
    store.add_session_item(east, lessons[0])
    store.add_session_item(west, lessons[0])
    store.add_session_item(south, lessons[1])
    assert [(s["id"], s["title"], s["status"]) for s in store.lesson_sessions(lessons[0])] == [
        (east, "华东区", "draft"), (west, "West", "draft")]
    assert store.lesson_sessions(lessons[2]) == []
