"""kb/store/subscribers.py: digest subscribers, sign-up confirmation mails, and the record of every delivery."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from kb.errors import InvalidInput, NotFound
from kb.migrations import migrate
from kb.store import Store
from kb.store.subscribers import clean_interests, normalize_email


def _ago(minutes: float) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="seconds")


def _recent(stamp: str | None) -> bool:
    return stamp is not None and datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(seconds=60)


@pytest.mark.parametrize("email", ["ann@example.com", " ann.lee+pmo@mail.example.co \n", "王@example.com",
                                   "x" * 64 + "@example.com", "a@b." + "c" * 63])
def test_addresses_that_are_accepted(email: str):
    assert normalize_email(email) == email.strip()


@pytest.mark.parametrize("email", ["ann", "ann@", "@example.com", "ann@example", "a b@example.com",
                                   "<ann>@example.com", "ann@example.c", "x" * 65 + "@example.com",
                                   "a@b." + "c" * 64, "ann@exa_mple.com", "a,b@example.com", "a;b@example.com",
                                   "\"a\"@example.com", "o'brien@example.com", "ann@@example.com",
                                   "ann@example.com.", "ann@example.c0m"])
def test_addresses_that_are_refused(email: str):
    with pytest.raises(InvalidInput, match=r" is not an e-mail address$"):
        normalize_email(email)


def test_a_refused_address_is_quoted_and_cut_at_80_characters():
    with pytest.raises(InvalidInput, match=r"^'ann' is not an e-mail address$"):
        normalize_email(" ann ")
    with pytest.raises(InvalidInput, match=r"^'" + "y" * 80 + r"' is not an e-mail address$"):
        normalize_email("y" * 100)
    for none in (None, "", "  "):  # none typed: asked for, not quoted as '' (the subscribe form is sent unchecked)
        with pytest.raises(InvalidInput, match=r"^an e-mail address is required$"):
            normalize_email(none)  # type: ignore[arg-type]


@pytest.mark.parametrize("email", ["bob@example.com\r\nBcc: x@example.com", "bob@exam\x00ple.com", "bob\t@example.com",
                                   "bob\u2028@example.com"])
def test_an_address_with_a_line_break_names_the_reason(email: str):
    with pytest.raises(InvalidInput, match=r"is not an e-mail address: it holds a line break or control character$"):
        normalize_email(email)


def test_the_line_break_message_shows_the_characters_up_to_80():
    with pytest.raises(InvalidInput) as caught:
        normalize_email("bob@example.com\r\nBcc: x@example.com")
    assert str(caught.value).startswith("'bob@example.com\\r\\nBcc: x@example.com' is not")
    with pytest.raises(InvalidInput) as caught:
        normalize_email("a\n" + "z" * 200)
    assert str(caught.value).startswith("'a\\n" + "z" * 78 + "' is not")


def test_clean_interests_lists_sorted_unique_and_capped():
    assert clean_interests(None) == {"tags": [], "projects": [], "kinds": []}
    assert clean_interests({"tags": "vendor, risk；风险，vendor;; ", "projects": [" ERP ", "", 2024, "ERP"],
                            "kinds": ["lesson", "went_wrong"], "other": ["x"]}) == {
        "tags": ["risk", "vendor", "风险"], "projects": ["2024", "ERP"], "kinds": ["lesson", "went_wrong"]}
    many = clean_interests({"tags": [f"t{i:02}" for i in range(60)]})["tags"]
    assert many == [f"t{i:02}" for i in range(50)]
    assert clean_interests({"tags": None, "projects": ""}) == {"tags": [], "projects": [], "kinds": []}


def test_tags_of_interest_are_labelled_as_tags_are_one_for_each_tag(store: Store):
    """Typed by a Chinese input method, ＳＡＰ was shown so in the digest ('Your interests: vendor, ＳＡＰ')."""
    assert clean_interests({"tags": "ＳＡＰ, sap，Vendor Risk, #vendor risk#, ２０２４复盘"})["tags"] == [
        "2024复盘", "SAP", "Vendor Risk"]  # each as first typed, in NFKC
    store.add_subscriber("ann@example.com", interests={"tags": ["ＳＡＰ", "sap"]})
    assert store.scalar("SELECT interests FROM subscribers") == '{"tags": ["SAP"], "projects": [], "kinds": []}'


def test_tags_of_interest_stored_as_typed_are_relabelled_once_by_a_migration(db_path):
    with Store(db_path) as store:
        for email in ("ann@example.com", "bob@example.com", "cy@example.com", "di@example.com"):
            store.add_subscriber(email)
        rows = {"ann": '{"tags": ["ＳＡＰ", "SAP", "vendor"], "kinds": ["lesson"]}',  # before 0015: as typed
                "bob": '{"tags": "ＳＡＰ"}', "cy": '["ＳＡＰ"]', "di": "not json"}  # not what the store writes
        for name, interests in rows.items():
            store.conn.execute("UPDATE subscribers SET interests = ? WHERE email LIKE ?", [interests, f"{name}@%"])
        store.conn.execute("DELETE FROM migrations WHERE name = '0015_interest_tags_nfkc'")
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn) == ["0015_interest_tags_nfkc"]
    stored = dict(conn.execute("SELECT substr(email, 1, instr(email, '@') - 1), interests FROM subscribers"))
    assert json.loads(stored.pop("ann")) == {"tags": ["SAP", "vendor"], "kinds": ["lesson"]}
    assert stored == {name: rows[name] for name in ("bob", "cy", "di")}  # left as they were
    conn.close()
    with Store(db_path) as store:
        assert store.subscriber("ann@example.com")["interests"]["tags"] == ["SAP", "vendor"]
        assert store.subscriber("di@example.com")["interests_invalid"] is True


def test_clean_interests_refuses_line_breaks_and_unknown_kinds():
    with pytest.raises(InvalidInput, match=r"^projects cannot hold line breaks or control characters: 'a\\nb'$"):
        clean_interests({"projects": ["a\nb"]})
    with pytest.raises(InvalidInput, match=r"^tags cannot hold line breaks or control characters: 'x\\x00'$"):
        clean_interests({"tags": "ok, x\x00"})
    with pytest.raises(InvalidInput, match=r"^tags cannot hold line breaks or control characters: '\\x00" + "z" * 79 + "'$"):
        clean_interests({"tags": ["\x00" + "z" * 200]})
    with pytest.raises(InvalidInput, match=r"^unknown lesson kind 'bogus'; use action_item, lesson, recommendation,"
                                           r" root_cause, went_well, went_wrong$"):
        clean_interests({"kinds": ["lesson", "bogus"]})


def test_every_value_typed_is_checked_for_control_characters_not_only_the_first_50():
    # The check read the first 50 values as typed, sorted; tags are then kept by label: 'Ｂ\x07' sorted after
    # them as typed (full-width), but as 'B\x07' before them, and reached the store with its bell character.
    tags = [f"t{i:02}" for i in range(50)] + ["Ｂ\x07"]
    with pytest.raises(InvalidInput, match=r"^tags cannot hold line breaks or control characters: 'Ｂ\\x07'$"):
        clean_interests({"tags": tags})
    with pytest.raises(InvalidInput, match=r"^projects cannot hold line breaks or control characters: 'zz\\nBcc'$"):
        clean_interests({"projects": [f"p{i:02}" for i in range(50)] + ["zz\nBcc"]})


def test_a_new_subscriber_is_stored_with_defaults(store: Store):
    sub_id = store.add_subscriber(" ann@example.com ")
    sub = store.subscriber("ann@example.com")
    assert {k: sub[k] for k in ("id", "email", "name", "language", "interests", "frequency", "active", "confirmed",
                                "role", "last_period_end", "interests_invalid")} == {
        "id": sub_id, "email": "ann@example.com", "name": None, "language": "en",
        "interests": {"tags": [], "projects": [], "kinds": []}, "frequency": "weekly", "active": True,
        "confirmed": True, "role": "reader", "last_period_end": None, "interests_invalid": False}
    assert len(sub["link_nonce"]) == 16 and int(sub["link_nonce"], 16) >= 0
    assert sub["created_at"] == sub["updated_at"] and _recent(sub["created_at"])


def test_a_subscriber_with_every_field(store: Store):
    sub_id = store.add_subscriber("wang@example.com", name="  王伟 " + "x" * 120, language="zh",
                                  interests={"tags": "风险"}, frequency="daily", role="curator", confirmed=False)
    sub = store.subscriber(subscriber_id=sub_id)
    assert sub["name"] == ("王伟 " + "x" * 120)[:100] and len(sub["name"]) == 100
    assert (sub["language"], sub["frequency"], sub["role"], sub["confirmed"]) == ("zh", "daily", "curator", False)
    assert store.scalar("SELECT interests FROM subscribers") == '{"tags": ["风险"], "projects": [], "kinds": []}'
    assert store.scalar("SELECT confirmed FROM subscribers") == 0 and store.scalar("SELECT active FROM subscribers") == 1


def test_a_blank_name_is_no_name(store: Store):
    store.add_subscriber("ann@example.com", name="   ")
    assert store.subscriber("ann@example.com")["name"] is None


@pytest.mark.parametrize("changes, message", [
    ({"language": "fr"}, r"^language must be zh or en, not 'fr'$"),
    ({"frequency": "monthly"}, r"^frequency must be one of weekly, daily, off, not 'monthly'$"),
    ({"role": "boss"}, r"^role must be reader, curator or admin, not 'boss'$"),
    ({"name": "Bob\r\nBcc: x@example.com"},
     r"^a name cannot hold line breaks or control characters: 'Bob\\r\\nBcc: x@example.com'$"),
    ({"interests": {"kinds": ["nope"]}}, r"^unknown lesson kind 'nope'"),
])
def test_bad_fields_are_refused_on_add_and_update(store: Store, changes, message):
    with pytest.raises(InvalidInput, match=message):
        store.add_subscriber("ann@example.com", **changes)
    assert store.subscribers() == []
    sub_id = store.add_subscriber("ann@example.com", name="Ann")
    with pytest.raises(InvalidInput, match=message):
        store.update_subscriber(sub_id, **changes)
    sub = store.subscriber("ann@example.com")
    assert (sub["name"], sub["language"], sub["frequency"], sub["role"]) == ("Ann", "en", "weekly", "reader")


def test_an_address_is_subscribed_once_whatever_its_case(store: Store):
    store.add_subscriber("ann@example.com")
    with pytest.raises(InvalidInput, match=r"^Ann@Example.com is already subscribed$"):
        store.add_subscriber(" Ann@Example.com")
    with pytest.raises(InvalidInput, match=r"is not an e-mail address"):
        store.add_subscriber("not-an-address")
    assert len(store.subscribers()) == 1


def test_update_changes_the_fields_given(store: Store):
    sub_id = store.add_subscriber("ann@example.com", name="Ann")
    other = store.add_subscriber("bob@example.com", name="Bob")
    store.conn.execute("UPDATE subscribers SET updated_at = '2000-01-01'")
    store.update_subscriber(sub_id, language="zh", frequency="off", active=0, confirmed=False, role="admin",
                            interests={"projects": "ERP"})
    sub = store.subscriber(subscriber_id=sub_id)
    assert (sub["name"], sub["language"], sub["frequency"], sub["active"], sub["confirmed"], sub["role"]) == (
        "Ann", "zh", "off", False, False, "admin")
    assert sub["interests"] == {"tags": [], "projects": ["ERP"], "kinds": []} and _recent(sub["updated_at"])
    assert store.scalar("SELECT active FROM subscribers WHERE id = ?", [sub_id]) == 0
    assert store.subscriber(subscriber_id=other)["updated_at"] == "2000-01-01"
    store.update_subscriber(sub_id, name=None, active="yes")  # None clears a name; other fields take truth
    sub = store.subscriber(subscriber_id=sub_id)
    assert sub["name"] is None and sub["active"] is True


def test_fields_after_a_none_are_still_changed(store: Store):
    sub_id = store.add_subscriber("ann@example.com", name="Ann")
    store.update_subscriber(sub_id, language=None, frequency="daily", confirmed="", active="yes")
    sub = store.subscriber(subscriber_id=sub_id)
    assert (sub["language"], sub["frequency"], sub["name"]) == ("en", "daily", "Ann")
    assert store.row("SELECT active, confirmed FROM subscribers") == {"active": 1, "confirmed": 0}


def test_an_update_with_nothing_to_change(store: Store):
    sub_id = store.add_subscriber("ann@example.com")
    store.conn.execute("UPDATE subscribers SET updated_at = '2000-01-01'")
    store.update_subscriber(sub_id, language=None, frequency=None)
    store.update_subscriber(999)
    assert store.subscriber(subscriber_id=sub_id)["updated_at"] == "2000-01-01"


def test_update_errors(store: Store):
    with pytest.raises(InvalidInput, match=r"^unknown subscriber field 'email'$"):
        store.update_subscriber(1, zeta=1, email="x@example.com")
    with pytest.raises(NotFound, match=r"^no subscriber 999$"):
        store.update_subscriber(999, language="zh")


def test_remove_subscriber_and_their_deliveries(store: Store):
    ann, bob = store.add_subscriber("ann@example.com"), store.add_subscriber("bob@example.com")
    store.claim_delivery(ann, "2026-W01", "r1", is_alive=lambda run: False)
    store.claim_delivery(bob, "2026-W01", "r1", is_alive=lambda run: False)
    store.remove_subscriber(" ANN@example.com ")
    assert [s["email"] for s in store.subscribers()] == ["bob@example.com"]
    assert [d["email"] for d in store.deliveries()] == ["bob@example.com"]
    with pytest.raises(NotFound, match=r"^no subscriber ann@example.com$"):
        store.remove_subscriber(" ann@example.com")


def test_one_subscriber_by_address_or_id(store: Store):
    sub_id = store.add_subscriber("ann@example.com")
    assert store.subscriber(" ANN@example.com ")["id"] == sub_id
    assert store.subscriber(subscriber_id=sub_id)["email"] == "ann@example.com"
    with pytest.raises(NotFound, match=r"^no subscriber bob@example.com$"):
        store.subscriber("bob@example.com")
    with pytest.raises(NotFound, match=r"^no subscriber 999$"):
        store.subscriber(subscriber_id=999)
    with pytest.raises(NotFound, match=r"^no subscriber None$"):
        store.subscriber()


@pytest.mark.parametrize("stored, invalid", [
    ("{not json", True), ("[1, 2]", True), ('"text"', True), ("null", True), ("", False), ("{}", False)])
def test_a_damaged_interests_value_is_flagged_not_fatal(store: Store, stored, invalid):
    store.add_subscriber("ann@example.com", interests={"tags": ["x"]})
    store.add_subscriber("bob@example.com", interests={"tags": ["y"]})
    store.conn.execute("UPDATE subscribers SET interests = ? WHERE email = 'ann@example.com'", [stored])
    ann, bob = store.subscribers()
    assert (ann["interests"], ann["interests_invalid"]) == ({}, invalid)  # empty: no interests, which is valid
    assert (bob["interests"]["tags"], bob["interests_invalid"]) == (["y"], False)


def test_subscribers_by_address_with_filters(store: Store):
    store.add_subscriber("zed@example.com", frequency="daily")
    store.add_subscriber("amy@example.com")
    store.add_subscriber("off@example.com", frequency="off")
    store.add_subscriber("new@example.com", confirmed=False)
    gone = store.add_subscriber("gone@example.com")
    store.update_subscriber(gone, active=False)
    emails = lambda **kw: [s["email"] for s in store.subscribers(**kw)]
    assert emails() == ["amy@example.com", "gone@example.com", "new@example.com", "off@example.com", "zed@example.com"]
    assert emails(due_only=True) == ["amy@example.com", "zed@example.com"]
    assert emails(frequency="weekly") == ["amy@example.com", "gone@example.com", "new@example.com"]
    assert emails(frequency="weekly", due_only=True) == ["amy@example.com"]
    assert emails(frequency="off", due_only=True) == []
    # true/false, not 1/0, in JSON answers and templates
    assert all(isinstance(s["active"], bool) and isinstance(s["confirmed"], bool) for s in store.subscribers())
    assert store.subscriber("new@example.com")["confirmed"] is False


def test_rotating_a_nonce_changes_only_that_subscriber(store: Store):
    ann, bob = store.add_subscriber("ann@example.com"), store.add_subscriber("bob@example.com")
    before = {s["id"]: s["link_nonce"] for s in store.subscribers()}
    store.rotate_link_nonce(ann)
    after = {s["id"]: s["link_nonce"] for s in store.subscribers()}
    assert after[ann] != before[ann] and len(after[ann]) == 16 and after[bob] == before[bob]


def test_confirmation_mails_are_claimed_once_per_address_in_the_window(store: Store):
    first = store.claim_confirmation("ann@example.com", "10.0.0.1", minutes=10)
    assert isinstance(first, int)
    assert store.claim_confirmation("ann@example.com", "10.0.0.2", minutes=10) is None
    other = store.claim_confirmation("bob@example.com", "10.0.0.1", minutes=10)
    assert other == first + 1
    assert store.confirmations_from("10.0.0.1", minutes=10) == 2
    assert store.confirmations_from("10.0.0.2", minutes=10) == 0
    assert store.confirmations_from(None, minutes=10) == 0
    store.release_confirmation(first)
    assert store.confirmations_from("10.0.0.1", minutes=10) == 1
    assert store.claim_confirmation("ann@example.com", "10.0.0.1", minutes=10) is not None


def test_confirmation_windows_and_the_daily_clean_up(store: Store):
    for email, client, age in (("old@example.com", None, 24.2 * 60), ("hour@example.com", None, 60),
                               ("five@example.com", "c", 5)):
        store.conn.execute("INSERT INTO confirmation_mails (email, client, at) VALUES (?, ?, ?)",
                           [email, client, _ago(age)])
    assert store.confirmations_from(None, minutes=30) == 0
    assert store.confirmations_from(None, minutes=90) == 1
    assert store.confirmations_from(None, minutes=26 * 60) == 2
    assert store.confirmations_from("c", minutes=10) == 1 and store.confirmations_from("c", minutes=4) == 0
    assert store.claim_confirmation("hour@example.com", None, minutes=30) is not None  # an hour ago: outside
    assert store.claim_confirmation("five@example.com", None, minutes=4) is not None
    assert store.scalar("SELECT count(*) FROM confirmation_mails WHERE email = 'old@example.com'") == 0
    assert store.scalar("SELECT count(*) FROM confirmation_mails") == 4


@pytest.fixture
def ann(store: Store) -> int:
    return store.add_subscriber("ann@example.com")


def _delivery(store: Store, sub_id: int, period: str = "2026-W01") -> dict:
    return store.row("SELECT * FROM digest_deliveries WHERE subscriber_id = ? AND period = ?", [sub_id, period])


def _never_asked(run: str) -> bool:
    raise AssertionError(f"is_alive({run!r}) should not be asked")


def test_a_new_claim_is_recorded_before_sending(store: Store, ann):
    assert store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked) == (True, "new")
    row = _delivery(store, ann)
    assert (row["status"], row["run_id"], row["attempts"], row["error"]) == ("sending", "run-1", 0, None)
    assert _recent(row["claimed_at"])
    assert store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked) == (False, "sending")
    assert store.claim_delivery(ann, "2026-W02", "run-1", is_alive=_never_asked) == (True, "new")


def test_a_claim_of_a_live_run_is_left_alone(store: Store, ann):
    store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked)
    asked: list[str] = []
    alive = lambda run: asked.append(run) or True
    assert store.claim_delivery(ann, "2026-W01", "run-2", is_alive=alive, retry_unknown=True) == (False, "sending")
    assert asked == ["run-1"] and _delivery(store, ann)["run_id"] == "run-1"


def test_a_claim_of_a_dead_run_becomes_unknown(store: Store, ann):
    store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked)
    assert store.claim_delivery(ann, "2026-W01", "run-2", is_alive=lambda run: False) == (False, "unknown")
    row = _delivery(store, ann)
    assert (row["status"], row["run_id"]) == ("unknown", "run-1")
    assert row["error"] == "the sending run was interrupted; the message may or may not have been delivered"
    assert store.claim_delivery(ann, "2026-W01", "run-3", is_alive=_never_asked) == (False, "unknown")
    assert store.claim_delivery(ann, "2026-W01", "run-3", is_alive=_never_asked, retry_unknown=True) == (
        True, "unknown")
    row = _delivery(store, ann)
    assert (row["status"], row["run_id"], row["error"]) == ("sending", "run-3", None)


def test_a_dead_claim_is_retried_at_once_when_asked(store: Store, ann):
    store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked)
    store.conn.execute("UPDATE digest_deliveries SET claimed_at = '2000-01-01'")
    assert store.claim_delivery(ann, "2026-W01", "run-2", is_alive=lambda run: False, retry_unknown=True) == (
        True, "unknown")
    row = _delivery(store, ann)
    assert (row["status"], row["run_id"], row["error"]) == ("sending", "run-2", None) and _recent(row["claimed_at"])


def test_a_failed_delivery_is_claimed_again_and_a_done_one_is_not(store: Store, ann):
    store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked)
    store.finish_delivery(ann, "2026-W01", "failed", attempts=3, error="550 mailbox unavailable")
    assert store.claim_delivery(ann, "2026-W01", "run-2", is_alive=_never_asked) == (True, "failed")
    row = _delivery(store, ann)
    assert (row["status"], row["run_id"], row["error"], row["attempts"]) == ("sending", "run-2", None, 3)
    for done in ("sent", "skipped"):
        store.finish_delivery(ann, "2026-W01", done)
        assert store.claim_delivery(ann, "2026-W01", "run-3", is_alive=_never_asked, retry_unknown=True) == (
            False, done)


def test_finishing_records_the_outcome_and_moves_the_window_on(store: Store, ann):
    bob = store.add_subscriber("bob@example.com")
    store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked)
    store.claim_delivery(bob, "2026-W01", "run-1", is_alive=_never_asked)
    store.finish_delivery(ann, "2026-W01", "sent", attempts=2, message_id="<m1@kb>", window=("2026-01-01", "2026-01-08"))
    row = _delivery(store, ann)
    assert {k: row[k] for k in ("status", "attempts", "message_id", "error", "window_start", "window_end")} == {
        "status": "sent", "attempts": 2, "message_id": "<m1@kb>", "error": None, "window_start": "2026-01-01",
        "window_end": "2026-01-08"}
    assert _recent(row["finished_at"])
    assert store.subscriber(subscriber_id=ann)["last_period_end"] == "2026-01-08"
    assert store.subscriber(subscriber_id=bob)["last_period_end"] is None and _delivery(store, bob)["status"] == "sending"
    store.finish_delivery(ann, "2026-W01", "sent", attempts=1, window=("2025-12-01", "2025-12-08"))  # older window
    assert store.subscriber(subscriber_id=ann)["last_period_end"] == "2026-01-08"  # never goes back
    assert _delivery(store, ann)["attempts"] == 3


def test_a_skipped_digest_moves_the_window_and_a_failed_one_does_not(store: Store, ann):
    store.claim_delivery(ann, "2026-W01", "run-1", is_alive=_never_asked)
    store.finish_delivery(ann, "2026-W01", "failed", window=("2026-01-01", "2026-01-08"), error="refused")
    assert store.subscriber(subscriber_id=ann)["last_period_end"] is None
    assert _delivery(store, ann)["window_end"] == "2026-01-08"
    store.finish_delivery(ann, "2026-W01", "skipped", window=("2026-01-01", "2026-01-09"))
    assert _delivery(store, ann)["attempts"] == 0  # no attempt counted unless given
    assert store.subscriber(subscriber_id=ann)["last_period_end"] == "2026-01-09"
    store.finish_delivery(ann, "2026-W01", "sent")  # no window: nothing to move
    assert store.subscriber(subscriber_id=ann)["last_period_end"] == "2026-01-09"
    row = _delivery(store, ann)
    assert (row["window_start"], row["window_end"], row["error"]) == (None, None, None)


def test_release_drops_only_an_unused_claim_of_that_run(store: Store, ann):
    for period in ("p1", "p2", "p3"):
        store.claim_delivery(ann, period, "run-1", is_alive=_never_asked)
    store.finish_delivery(ann, "p2", "sent")
    store.release_delivery(ann, "p1", "run-1")
    store.release_delivery(ann, "p2", "run-1")
    store.release_delivery(ann, "p3", "run-2")
    assert [d["period"] for d in store.deliveries()] == ["p2", "p3"]


def test_deliveries_with_addresses_in_order(store: Store, ann):
    bob = store.add_subscriber("bob@example.com")
    store.claim_delivery(bob, "2026-W02", "r", is_alive=_never_asked)
    store.claim_delivery(ann, "2026-W01", "r", is_alive=_never_asked)
    store.claim_delivery(ann, "2026-W02", "r", is_alive=_never_asked)
    assert [(d["email"], d["period"]) for d in store.deliveries()] == [
        ("bob@example.com", "2026-W02"), ("ann@example.com", "2026-W01"), ("ann@example.com", "2026-W02")]
    assert [d["email"] for d in store.deliveries("2026-W02")] == ["bob@example.com", "ann@example.com"]
    assert store.deliveries("2030-W01") == []


def test_a_store_made_before_refusals_were_counted_gains_their_columns(db_path):
    """Migration 0016 on a store whose subscribers table has no refusal columns: they arrive with nobody paused."""
    with Store(db_path) as store:
        store.add_subscriber("ann@example.com")
        for column in ("refusals", "refused_at", "refused_error", "paused_at"):
            store.conn.execute(f"ALTER TABLE subscribers DROP COLUMN {column}")
        store.conn.execute("DELETE FROM migrations WHERE name = '0016_subscriber_refusals'")
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert migrate(conn) == ["0016_subscriber_refusals"] and migrate(conn) == []
    conn.close()
    with Store(db_path) as store:
        ann = store.subscriber("ann@example.com")
        assert (ann["refusals"], ann["paused_at"]) == (0, None)
        assert [s["email"] for s in store.subscribers(due_only=True)] == ["ann@example.com"]
        assert [p["email"] for p in store.record_refusals({ann["id"]: "550 no"})] == []  # one run: counted, not paused
        store.conn.execute("UPDATE subscribers SET refusals = 2")
        assert store.record_refusals({ann["id"]: "550 5.1.1 no such user"}) == [
            {"email": "ann@example.com", "refusals": 3, "refused_error": "550 5.1.1 no such user"}]
        assert store.subscribers(due_only=True) == []


def test_is_subscribed_reads_the_address_as_add_stores_it(store: Store):
    assert not store.is_subscribed("ann@example.com")
    store.add_subscriber(" ann@example.com ")
    assert store.is_subscribed("ann@example.com \n") and not store.is_subscribed("bob@example.com")
    with pytest.raises(InvalidInput, match="is not an e-mail address"):
        store.is_subscribed("ann")


def test_unmatched_interests_are_the_tags_and_projects_nothing_has(store: Store):
    """A tag counts as used through a synonym or on a lesson alone; a project by its name whatever its case (as the
    digest matches it: "erp" was warned of as matching nothing, and its digest held ERP's news); the rest, as typed,
    tags first (what ``kb subscribers add`` and ``update`` warn of)."""
    from kb.store import Target
    from tests.kb.factories import doc, source

    store.save_file(source("/data/a.md"), [doc("a", project="Customer Portal Redesign", tags=["vendor"])])
    store.save_file(source("/data/b.md"), [doc("b", project="ERP", tags=[])])
    lesson = int(store.scalar("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE d.key = 'b'"))
    store.add_tag(Target("lesson", str(lesson)), "cut-over")
    store.add_synonyms(["数据迁移", "data migration"])
    store.add_tag(Target("document", "b"), "Data Migration")
    store.ensure_tag("orphan")  # a tag on nothing
    tags = ["Vendor", "cut-over", "数据迁移", "orphan", "quantum"]
    projects = ["ERP", "erp", "customer portal", "customer portal redesign", "Customer Portal Redesign", "HR"]
    assert store.unmatched_interests(tags, projects) == [
        ("tag", "orphan"), ("tag", "quantum"), ("project", "customer portal"), ("project", "HR")]
    assert store.unmatched_interests([], []) == []
