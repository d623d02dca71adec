"""kb/store/people.py: accounts, roles, logins and their throttling records (web sessions and API tokens are in
test_people.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from kb.errors import InvalidInput, NotFound
from kb.store import Role, Store
from kb.store.people import KNOWN_DAYS, Revoked

DAY = timedelta(days=1)


def _ago(**delta: float) -> str:
    return (datetime.now(UTC) - timedelta(**delta)).isoformat(timespec="seconds")


def _recent(stamp: str | None) -> bool:
    return stamp is not None and datetime.now(UTC) - datetime.fromisoformat(stamp) < timedelta(seconds=60)


def test_role_order():
    assert Role.ADMIN.at_least(Role.CURATOR) and Role.ADMIN.at_least(Role.READER) and Role.ADMIN.at_least(Role.ADMIN)
    assert Role.CURATOR.at_least(Role.READER) and Role.CURATOR.at_least(Role.CURATOR)
    assert not Role.CURATOR.at_least(Role.ADMIN) and not Role.READER.at_least(Role.CURATOR)
    assert Role.READER.at_least(Role.READER)


def test_add_user_stores_a_hash_a_trimmed_name_and_a_default_display_name(store: Store):
    user_id = store.add_user("  carl  ", "curator-pass-1", "CURATOR")
    row = store.row("SELECT * FROM users WHERE id = ?", [user_id])
    assert (row["name"], row["display_name"], row["role"], row["active"], row["last_login"]) == (
        "carl", "carl", "curator", 1, None)
    assert "curator-pass-1" not in row["password_hash"] and _recent(row["created_at"])
    other = store.add_user("wang", "password", display_name="王工")
    assert other == user_id + 1 and store.user(other) == {"id": other, "name": "wang", "display_name": "王工",
                                                          "role": "reader"}


@pytest.mark.parametrize("name", ["", "   ", "a b", "tab\tname", "x" * 65])
def test_a_bad_user_name_is_refused(store: Store, name: str):
    with pytest.raises(InvalidInput, match=r"^a user name is 1-64 characters without spaces$"):
        store.add_user(name, "long-enough")
    assert store.users() == []


def test_a_64_character_name_and_an_8_character_password_are_enough(store: Store):
    store.add_user("x" * 64, "12345678")
    assert store.authenticate("x" * 64, "12345678")["name"] == "x" * 64


@pytest.mark.parametrize("password", ["", "1234567"])
def test_a_short_password_is_refused(store: Store, password: str):
    with pytest.raises(InvalidInput, match=r"^a password needs at least 8 characters$"):
        store.add_user("carl", password)
    assert store.users() == []


def test_an_unknown_role_is_refused(store: Store):
    with pytest.raises(InvalidInput, match=r"^unknown role 'boss'; use reader, contributor, curator or admin$"):
        store.add_user("carl", "long-enough", "boss")


def test_a_user_name_is_taken_whatever_its_case(store: Store):
    store.add_user("carl", "long-enough")
    for name in ("carl", " Carl"):
        with pytest.raises(InvalidInput, match=r"^user '(carl|Carl)' already exists$"):
            store.add_user(name, "long-enough")
    assert len(store.users()) == 1


def test_set_role_and_its_errors(store: Store):
    store.add_user("carl", "long-enough")
    store.set_role("carl", "Admin")
    assert store.users()[0]["role"] == "admin"
    store.set_role("carl", Role.READER)
    assert store.users()[0]["role"] == "reader"
    with pytest.raises(NotFound, match=r"^no user 'nobody'$"):
        store.set_role("nobody", "admin")
    with pytest.raises(InvalidInput, match=r"^unknown role 'root'"):
        store.set_role("carl", "root")
    assert store.users()[0]["role"] == "reader"


def test_set_password_refuses_a_short_one_and_keeps_the_old(store: Store):
    store.add_user("carl", "first-password")
    with pytest.raises(InvalidInput, match="at least 8 characters"):
        store.set_password("carl", "short")
    assert store.authenticate("carl", "first-password") is not None
    assert store.set_password(" carl ", "second-password") == Revoked(0, 0)  # the name is trimmed
    assert store.authenticate("carl", "first-password") is None
    assert store.authenticate("carl", "second-password") is not None


def test_enabling_an_account_revokes_nothing(store: Store):
    user_id = store.add_user("carl", "long-enough")
    store.start_session(user_id, DAY)
    store.create_token("carl")
    store.set_active("carl", False)
    assert store.user(user_id) is None
    assert store.set_active("carl", True) == Revoked(0, 0)
    assert store.user(user_id)["name"] == "carl"


def test_disabling_counts_only_that_users_sessions_and_tokens(store: Store):
    carl, rita = store.add_user("carl", "long-enough"), store.add_user("rita", "long-enough")
    store.start_session(carl, DAY)
    store.start_session(rita, DAY)
    store.create_token("rita")
    store.create_token("carl")
    store.create_token("carl")
    assert store.set_active("carl", False) == Revoked(1, 2)
    assert store.scalar("SELECT count(*) FROM web_sessions") == 1
    assert store.scalar("SELECT active FROM users WHERE name = 'rita'") == 1


def test_users_are_listed_by_name_with_live_sessions_and_tokens_and_no_hash(store: Store):
    rita, carl = store.add_user("rita", "long-enough"), store.add_user("carl", "long-enough", "admin")
    store.start_session(carl, DAY)
    store.start_session(carl, DAY)
    store.start_session(carl, timedelta(seconds=-5))  # expired: not counted
    store.create_token("rita")
    listed = store.users()
    assert [u["name"] for u in listed] == ["carl", "rita"]
    assert set(listed[0]) == {"id", "name", "display_name", "role", "active", "created_at", "last_login", "sessions",
                              "tokens"}
    assert [(u["id"], u["role"], u["sessions"], u["tokens"]) for u in listed] == [(carl, "admin", 2, 0),
                                                                                   (rita, "reader", 0, 1)]


def test_user_by_id_only_when_active(store: Store):
    user_id = store.add_user("carl", "long-enough", "curator", display_name="Carl C.")
    assert store.user(user_id) == {"id": user_id, "name": "carl", "display_name": "Carl C.", "role": "curator"}
    assert store.user(user_id + 1) is None
    store.set_active("carl", False)
    assert store.user(user_id) is None


def test_authenticate_checks_the_password_and_remembers_the_login(store: Store):
    user_id = store.add_user("carl", "long-enough", "admin")
    assert store.authenticate("carl", "wrong-password") is None
    assert store.authenticate("nobody", "long-enough") is None
    assert store.scalar("SELECT last_login FROM users") is None
    assert store.authenticate("carl", "long-enough") == {"id": user_id, "name": "carl", "display_name": "carl",
                                                           "role": "admin"}
    assert _recent(store.scalar("SELECT last_login FROM users"))


def test_a_session_is_kept_as_a_hash_with_its_address_and_lifetime(store: Store):
    user_id = store.add_user("carl", "long-enough")
    sid = store.start_session(user_id, timedelta(hours=2), "192.0.2.7")
    assert len(sid) == 43 and sid != store.start_session(user_id, timedelta(hours=2))  # 32 random bytes
    row = store.row("SELECT * FROM web_sessions WHERE token_hash = ?", [hashlib.sha256(sid.encode()).hexdigest()])
    assert row["address"] == "192.0.2.7" and row["user_id"] == user_id
    assert row["created_at"] == row["last_seen"] and _recent(row["created_at"])
    lifetime = datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["created_at"])
    assert lifetime == timedelta(hours=2)
    assert store.session_user(sid, DAY) == {"id": user_id, "name": "carl", "display_name": "carl", "role": "reader"}


def test_starting_a_session_drops_the_expired_ones(store: Store):
    user_id = store.add_user("carl", "long-enough")
    store.start_session(user_id, timedelta(seconds=-1))
    live = store.start_session(user_id, DAY)
    assert store.scalar("SELECT count(*) FROM web_sessions") == 1
    assert store.session_user(live, DAY)["name"] == "carl"


def test_ending_a_users_sessions_counts_them_and_spares_others(store: Store):
    carl, rita = store.add_user("carl", "long-enough"), store.add_user("rita", "long-enough")
    store.start_session(carl, DAY)
    store.start_session(carl, DAY)
    kept = store.start_session(rita, DAY)
    assert store.end_sessions("carl") == 2 and store.end_sessions("carl") == 0
    assert store.session_user(kept, DAY)["name"] == "rita"
    store.end_session("not-a-session")  # nothing to end: no error
    assert store.session_user(kept, DAY)["name"] == "rita"


def test_a_session_of_a_disabled_user_is_over(store: Store):
    user_id = store.add_user("carl", "long-enough")
    sid = store.start_session(user_id, DAY)
    store.conn.execute("UPDATE users SET active = 0")  # disabled by hand: the session row is still there
    assert store.session_user(sid, DAY) is None


def test_a_session_used_after_five_minutes_is_extended(store: Store):
    user_id = store.add_user("carl", "long-enough")
    sid = store.start_session(user_id, timedelta(minutes=30))
    before = store.row("SELECT last_seen, expires_at FROM web_sessions")
    store.conn.execute("UPDATE web_sessions SET last_seen = ?", [_ago(minutes=4)])
    seen = store.scalar("SELECT last_seen FROM web_sessions")
    store.session_user(sid, DAY)
    assert store.row("SELECT last_seen, expires_at FROM web_sessions") == {"last_seen": seen,
                                                                          "expires_at": before["expires_at"]}
    store.conn.execute("UPDATE web_sessions SET last_seen = ?", [_ago(minutes=6)])
    store.session_user(sid, DAY)
    row = store.row("SELECT last_seen, expires_at FROM web_sessions")
    assert _recent(row["last_seen"])
    assert datetime.fromisoformat(row["expires_at"]) - datetime.fromisoformat(row["last_seen"]) == DAY


def test_a_token_is_shown_once_and_only_its_hash_kept(store: Store):
    user_id = store.add_user("carl", "long-enough", "curator")
    token = store.create_token("carl", "ci job")
    assert token.startswith("kb_") and len(token) > 40
    row = store.row("SELECT * FROM api_tokens")
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest() and row["label"] == "ci job"
    assert row["user_id"] == user_id and _recent(row["created_at"]) and row["last_used"] is None
    found = store.user_for_token(token)
    assert found == {"id": user_id, "name": "carl", "display_name": "carl", "role": "curator", "token_id": row["id"],
                     "scope": "all", "expires_at": None, "expired": False}
    assert store.user_for_token("kb_forged") is None
    with pytest.raises(NotFound, match=r"^no user 'nobody'$"):
        store.create_token("nobody")


def test_a_revoked_token_of_an_unknown_id_is_not_found(store: Store):
    store.add_user("carl", "long-enough")
    with pytest.raises(NotFound, match=r"^user 'carl' has no API token 42$"):
        store.revoke_token("carl", 42)


def _attempts(store: Store) -> list[tuple[str, str | None, int]]:
    return [(r["name"], r["address"], r["success"]) for r in store.rows(
        "SELECT name, address, success FROM login_attempts ORDER BY id")]


def test_a_login_attempt_is_recorded_under_its_normalised_name(store: Store):
    store.record_login("  Carl ", "192.0.2.1", False)
    store.record_login("X" * 80, None, True)
    assert _attempts(store) == [("carl", "192.0.2.1", 0), ("x" * 64, None, 1)]
    assert _recent(store.scalar("SELECT max(at) FROM login_attempts"))


def test_old_attempts_are_dropped_failures_after_a_week_successes_after_90_days(store: Store):
    for name, success, age in (("old-failure", 0, 7.2), ("week-failure", 0, 6.8), ("old-success", 1, KNOWN_DAYS + 0.2),
                               ("known-success", 1, KNOWN_DAYS - 0.2)):
        store.conn.execute("INSERT INTO login_attempts (name, address, success, at) VALUES (?, 'a', ?, ?)",
                           [name, success, _ago(days=age)])
    store.record_login("carl", "a", False)
    assert sorted(n for n, _, _ in _attempts(store)) == ["carl", "known-success", "week-failure"]


def _fail(store: Store, name: str, address: str | None, minutes_ago: float) -> None:
    store.conn.execute("INSERT INTO login_attempts (name, address, success, at) VALUES (?, ?, 0, ?)",
                       [name, address, _ago(minutes=minutes_ago)])


def _succeed(store: Store, name: str, address: str | None, minutes_ago: float) -> None:
    store.conn.execute("INSERT INTO login_attempts (name, address, success, at) VALUES (?, ?, 1, ?)",
                       [name, address, _ago(minutes=minutes_ago)])


def test_recent_failures_by_name_by_address_and_both(store: Store):
    _fail(store, "carl", "10.0.0.1", 1)
    _fail(store, "carl", "10.0.0.2", 2)
    _fail(store, "rita", "10.0.0.1", 3)
    _fail(store, "carl", "10.0.0.1", 15.5)  # outside the 15 minutes
    assert store.recent_failures(name="carl") == 2
    assert store.recent_failures(name=" CARL ") == 2  # the same normalised name
    assert store.recent_failures(address="10.0.0.1") == 2
    assert store.recent_failures(name="carl", address="10.0.0.1") == 1
    assert store.recent_failures(name="carl", minutes=30) == 3
    assert store.recent_failures() == 3
    assert store.recent_failures(name="nobody") == 0 and store.recent_failures(address="10.9.9.9") == 0


def test_recent_failures_match_a_missing_address(store: Store):
    _fail(store, "carl", None, 1)
    _fail(store, "carl", "10.0.0.1", 1)
    assert store.recent_failures(address=None, name="carl") == 2  # None: any address
    _succeed(store, "carl", None, 0.5)  # a success with no address forgives only the failure with none
    assert store.recent_failures(name="carl") == 1


def test_a_later_success_from_the_same_address_forgives_earlier_failures(store: Store):
    _fail(store, "carl", "10.0.0.1", 5)
    _fail(store, "carl", "10.0.0.1", 4)
    _succeed(store, "carl", "10.0.0.1", 3)
    _fail(store, "carl", "10.0.0.1", 2)  # after the success: still counts
    assert store.recent_failures(name="carl") == 1
    assert store.recent_failures(address="10.0.0.1") == 1


def test_failures_in_the_same_second_as_an_earlier_success_still_count(store: Store, monkeypatch):
    # Times are kept to the second; a known client's failures right after its login were forgiven by it (the
    # throttle test of a client that keeps failing passed or failed with the clock).
    from kb.store import people

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 3, 16, 5, 2, tzinfo=UTC)

    monkeypatch.setattr(people, "datetime", Frozen)
    store.record_login("carl", "10.0.0.1", True)
    for _ in range(3):
        store.record_login("carl", "10.0.0.1", False)
    assert store.recent_failures(name="carl", address="10.0.0.1") == 3
    store.record_login("carl", "10.0.0.1", True)  # and a success after them, in that second too, forgives them
    assert store.recent_failures(name="carl", address="10.0.0.1") == 0


def test_a_success_elsewhere_or_as_another_name_or_earlier_forgives_nothing(store: Store):
    _succeed(store, "carl", "10.0.0.1", 10)  # before the failures
    _fail(store, "carl", "10.0.0.1", 5)
    _fail(store, "carl", "10.0.0.2", 5)
    _succeed(store, "carl", "10.0.0.9", 1)  # the real user, from another address
    _succeed(store, "rita", "10.0.0.2", 1)  # someone else, from the guesser's address
    assert store.recent_failures(name="carl") == 2
    assert store.recent_failures(address="10.0.0.2") == 0  # by address alone, any name's success forgives
    assert store.recent_failures(address="10.0.0.1") == 1


def test_a_success_forgives_failures_of_the_same_second(store: Store):
    stamp = _ago(minutes=1)
    store.conn.execute("INSERT INTO login_attempts (name, address, success, at) VALUES"
                       " ('carl', 'a', 0, ?), ('carl', 'a', 1, ?)", [stamp, stamp])
    assert store.recent_failures(name="carl") == 0


def test_logged_in_from(store: Store):
    store.record_login("Carl", "10.0.0.1", True)
    store.record_login("carl", "10.0.0.2", False)
    _succeed(store, "carl", "10.0.0.3", 60 * 24 * 10)  # ten days ago
    _succeed(store, "carl", None, 1)
    assert store.logged_in_from("carl", "10.0.0.1") and store.logged_in_from(" CARL", "10.0.0.1")
    assert not store.logged_in_from("carl", "10.0.0.2")  # a failure only
    assert not store.logged_in_from("rita", "10.0.0.1")
    assert store.logged_in_from("carl", "10.0.0.3") and not store.logged_in_from("carl", "10.0.0.3", days=7)
    assert store.logged_in_from("carl", None) and not store.logged_in_from("carl", "10.0.0.4")
