"""Accounts in the store: web sessions that can be ended, API tokens listed and revoked, disabled accounts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kb.errors import NotFound
from kb.store import Store

DAY = timedelta(days=1)


@pytest.fixture
def people(store: Store) -> Store:
    store.add_user("carl", "curator-pass-1", "curator")
    store.add_user("rita", "reader-pass-1", "reader")
    return store


def _id(store, name):
    return store.scalar("SELECT id FROM users WHERE name = ?", [name])


def _ago(minutes):
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="seconds")


def test_a_session_id_names_its_user_until_it_is_ended(people):
    sid = people.start_session(_id(people, "carl"), DAY, "192.0.2.1")
    assert people.session_user(sid, DAY)["name"] == "carl"
    assert people.scalar("SELECT count(*) FROM web_sessions WHERE token_hash = ?", [sid]) == 0  # only a hash kept
    assert people.session_user(sid + "x", DAY) is None
    people.end_session(sid)
    assert people.session_user(sid, DAY) is None


def test_an_expired_session_is_over_and_a_used_one_is_extended_now_and_then(people):
    old = people.start_session(_id(people, "carl"), timedelta(seconds=-1))
    assert people.session_user(old, DAY) is None
    sid = people.start_session(_id(people, "carl"), timedelta(hours=1))
    expiry = people.scalar("SELECT expires_at FROM web_sessions WHERE last_seen >= ?", [_ago(1)])
    people.session_user(sid, DAY)
    assert people.scalar("SELECT expires_at FROM web_sessions WHERE expires_at = ?", [expiry])  # recent: no write
    people.conn.execute("UPDATE web_sessions SET last_seen = ?", [_ago(10)])
    people.session_user(sid, DAY)
    assert people.scalar("SELECT max(expires_at) FROM web_sessions") > (datetime.now(UTC) + timedelta(hours=23)).isoformat()
    assert people.scalar("SELECT max(last_seen) FROM web_sessions") >= _ago(1)


def test_a_password_change_ends_every_session_and_revokes_the_tokens(people):
    sessions = [people.start_session(_id(people, "carl"), DAY) for _ in range(2)]
    other = people.start_session(_id(people, "rita"), DAY)
    token = people.create_token("carl", "script")
    revoked = people.set_password("carl", "new-password-1")
    assert (revoked.sessions, revoked.tokens) == (2, 1)
    assert [people.session_user(s, DAY) for s in sessions] == [None, None] and people.user_for_token(token) is None
    assert people.session_user(other, DAY)["name"] == "rita"
    assert people.authenticate("carl", "new-password-1")["name"] == "carl"


def test_a_password_change_may_keep_the_tokens(people):
    token = people.create_token("carl")
    assert people.set_password("carl", "new-password-1", keep_tokens=True).tokens == 0
    assert people.user_for_token(token)["name"] == "carl"


def test_a_disabled_account_stops_at_once_and_enabling_brings_back_only_the_tokens(people):
    sid = people.start_session(_id(people, "carl"), DAY)
    token = people.create_token("carl")
    revoked = people.set_active("carl", False)
    assert (revoked.sessions, revoked.tokens) == (1, 1)
    assert people.session_user(sid, DAY) is None and people.user_for_token(token) is None
    assert people.authenticate("carl", "curator-pass-1") is None
    [carl] = [u for u in people.users() if u["name"] == "carl"]
    assert carl["active"] == 0 and carl["sessions"] == 0 and carl["tokens"] == 1
    people.set_active("carl", True)
    assert people.user_for_token(token)["name"] == "carl" and people.session_user(sid, DAY) is None


def test_tokens_are_listed_with_their_last_use_and_revoked_one_by_one(people):
    first = people.create_token("carl", "ci")
    second = people.create_token("carl", "laptop")
    rita = people.create_token("rita")
    people.user_for_token(first)
    listed = people.tokens("carl")
    assert [t["label"] for t in listed] == ["ci", "laptop"] and set(listed[0]) == {"id", "label", "created_at",
                                                                                   "last_used", "scope", "expires_at",
                                                                                   "expired"}
    assert listed[0]["last_used"] >= _ago(1) and listed[1]["last_used"] is None
    with pytest.raises(NotFound, match="user 'carl' has no API token"):
        people.revoke_token("carl", people.tokens("rita")[0]["id"])  # not carl's
    people.revoke_token("carl", listed[0]["id"])
    assert people.user_for_token(first) is None and people.user_for_token(second)["name"] == "carl"
    assert people.revoke_tokens("carl") == 1 and people.tokens("carl") == []
    assert people.user_for_token(rita)["name"] == "rita"


def test_a_tokens_last_use_is_written_at_most_every_few_minutes(people):
    token = people.create_token("carl")
    recent = _ago(2)
    people.conn.execute("UPDATE api_tokens SET last_used = ?", [recent])
    people.user_for_token(token)
    assert people.tokens("carl")[0]["last_used"] == recent
    people.conn.execute("UPDATE api_tokens SET last_used = ?", [_ago(10)])
    people.user_for_token(token)
    assert people.tokens("carl")[0]["last_used"] >= _ago(1)


@pytest.mark.parametrize("call", [lambda s: s.tokens("nobody"), lambda s: s.revoke_tokens("nobody"),
                                  lambda s: s.set_active("nobody", False), lambda s: s.end_sessions("nobody"),
                                  lambda s: s.set_password("nobody", "password-123")])
def test_unknown_users_are_not_found(people, call):
    with pytest.raises(NotFound, match="no user 'nobody'"):
        call(people)
