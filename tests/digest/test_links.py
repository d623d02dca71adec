"""Signed links in digests: what they carry, that each purpose has its own signature, the exact expiry of each,
and the messages a reader sees. itsdangerous's clock is moved by hand; nothing else is faked."""

from __future__ import annotations

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from kb.digest.links import MANAGE_DAYS, UNSUBSCRIBE_DAYS, links, make_token, read_token
from kb.errors import InvalidInput

SECRET = "a-secret-key"
SUB = {"id": 42, "link_nonce": "5eed", "email": "li.na@example.org"}
DAY = 24 * 3600
T0 = 1_800_000_000


@pytest.fixture
def clock(monkeypatch):
    """The signer's clock, set by hand: clock.now = seconds since the epoch."""

    class Clock:
        now = T0

    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: Clock.now)
    return Clock


def test_a_token_carries_the_subscriber_and_nonce_for_its_purpose_only():
    for purpose in ("unsubscribe", "manage"):
        token = make_token(SECRET, purpose, SUB)
        assert read_token(SECRET, purpose, token) == (42, "5eed")
    with pytest.raises(InvalidInput, match=r"^this link is not valid \(it was changed or is incomplete\)$"):
        read_token(SECRET, "manage", make_token(SECRET, "unsubscribe", SUB))
    with pytest.raises(InvalidInput, match=r"^this link is not valid \(it was changed or is incomplete\)$"):
        read_token(SECRET, "unsubscribe", make_token(SECRET, "manage", SUB))
    with pytest.raises(InvalidInput, match="not valid"):
        read_token("another-secret", "unsubscribe", make_token(SECRET, "unsubscribe", SUB))


def test_links_in_e_mails_sent_by_earlier_versions_still_read():
    """The salt is part of every link already in someone's inbox: changing it would break them all."""
    for purpose in ("unsubscribe", "manage"):
        sent = URLSafeTimedSerializer(SECRET, salt=f"lessons-kb-{purpose}").dumps({"s": 42, "n": "5eed"})
        assert read_token(SECRET, purpose, sent) == (42, "5eed")
    mine = make_token(SECRET, "manage", SUB)
    assert URLSafeTimedSerializer(SECRET, salt="lessons-kb-manage").loads(mine) == {"s": 42, "n": "5eed"}


@pytest.mark.parametrize("bad", ["garbage", "", "a.b.c"])
def test_damaged_tokens_are_refused(bad):
    with pytest.raises(InvalidInput, match=r"^this link is not valid \(it was changed or is incomplete\)$"):
        read_token(SECRET, "unsubscribe", bad)


def test_a_changed_character_is_refused():
    token = make_token(SECRET, "unsubscribe", SUB)
    i = len(token) - 5  # inside the signature (the last character may carry unused bits)
    changed = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
    with pytest.raises(InvalidInput, match="it was changed or is incomplete"):
        read_token(SECRET, "unsubscribe", changed)


@pytest.mark.parametrize("payload", [{"s": "42", "n": "5eed"}, {"s": 42, "n": 5}, {"n": "5eed"}, {"s": 42},
                                     [42, "5eed"], "42", None])
def test_a_well_signed_token_of_the_wrong_shape_is_refused(payload):
    token = URLSafeTimedSerializer(SECRET, salt="lessons-kb-manage").dumps(payload)
    with pytest.raises(InvalidInput) as caught:
        read_token(SECRET, "manage", token)
    assert str(caught.value) == "this link is not valid"


@pytest.mark.parametrize(("purpose", "days"), [("unsubscribe", 90), ("manage", 180)])
def test_each_purpose_expires_after_its_own_number_of_days(clock, purpose, days):
    assert (UNSUBSCRIBE_DAYS, MANAGE_DAYS) == (90, 180)
    token = make_token(SECRET, purpose, SUB)
    clock.now = T0 + days * DAY  # the last second it is good for
    assert read_token(SECRET, purpose, token) == (42, "5eed")
    clock.now = T0 + days * DAY + 1
    with pytest.raises(InvalidInput) as caught:
        read_token(SECRET, purpose, token)
    assert str(caught.value) == "this link has expired; use the link in a more recent digest"


def test_an_unsubscribe_link_expires_long_before_a_manage_link(clock):
    unsubscribe, manage = make_token(SECRET, "unsubscribe", SUB), make_token(SECRET, "manage", SUB)
    clock.now = T0 + 120 * DAY
    with pytest.raises(InvalidInput, match="expired"):
        read_token(SECRET, "unsubscribe", unsubscribe)
    assert read_token(SECRET, "manage", manage) == (42, "5eed")


@pytest.mark.parametrize("secret", ["", None])
def test_without_a_secret_key_no_link_is_made_or_read(secret):
    for call in (lambda: make_token(secret, "manage", SUB), lambda: read_token(secret, "manage", "x.y.z")):
        with pytest.raises(InvalidInput) as caught:
            call()
        assert str(caught.value) == "signed links need a secret key (set KB_SECRET_KEY)"


@pytest.mark.parametrize("base_url", ["http://kb.example.org", "http://kb.example.org/", "http://kb.example.org//"])
def test_links_are_absolute_under_the_base_url(base_url):
    urls = links(base_url, SECRET, SUB)
    assert urls["base"] == "http://kb.example.org"
    assert set(urls) == {"base", "unsubscribe", "manage"}
    prefix, _, token = urls["unsubscribe"].rpartition("/")
    assert prefix == "http://kb.example.org/unsubscribe" and read_token(SECRET, "unsubscribe", token) == (42, "5eed")
    prefix, _, token = urls["manage"].rpartition("/")
    assert prefix == "http://kb.example.org/subscription" and read_token(SECRET, "manage", token) == (42, "5eed")
