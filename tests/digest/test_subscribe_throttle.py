"""/subscribe sends at most one confirmation mail per address in a while, and limits the mails one client asks for,
through the real SMTP server."""

from __future__ import annotations

import re

from tests.web.conftest import refused
from web import create_app
from web.views import digest as digest_views


def _client(settings, address="192.0.2.1", lang="en"):
    app = create_app(settings)
    app.config["TESTING"] = True
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    client.set_cookie("kb_lang", lang)
    return client


def _subscribe(client, email):
    token = re.search(r'data-csrf="([^"]+)"', client.get("/subscribe").get_data(as_text=True)).group(1)
    return client.post("/subscribe", data={"csrf_token": token, "email": email, "language": "en"})


def test_five_sign_ups_for_one_address_send_one_mail_and_look_the_same(env, smtp):
    _store, settings, _, _ = env
    responses = [_subscribe(_client(settings, f"192.0.2.{i}"), "new@example.org") for i in range(1, 6)]
    assert len(smtp.to("new@example.org")) == 1
    assert {r.status_code for r in responses} == {200}
    assert len({re.sub(r'data-csrf="[^"]+"', "", r.get_data(as_text=True)) for r in responses}) == 1
    assert "at most one every 15 minutes" in responses[0].get_data(as_text=True)


def test_a_client_asking_for_too_many_mails_gets_429_in_its_language(env, smtp, monkeypatch):
    store, settings, _, _ = env
    monkeypatch.setattr(digest_views, "CLIENT_CONFIRMATIONS_PER_HOUR", 3)
    client = _client(settings, "198.51.100.7")
    for i in range(3):
        assert _subscribe(client, f"n{i}@example.org").status_code == 200
    blocked = _subscribe(client, "n3@example.org")
    assert blocked.status_code == 429 and "Too many sign-ups from your network" in blocked.get_data(as_text=True)
    assert blocked.headers["Retry-After"] == "3600"  # the hour whose sign-ups are counted, in seconds
    chinese = _subscribe(_client(settings, "198.51.100.7", lang="zh"), "n4@example.org")
    assert chinese.status_code == 429 and "订阅请求过多" in chinese.get_data(as_text=True)
    assert len(smtp.messages) == 3 and [s["email"] for s in store.subscribers()] == [f"n{i}@example.org"
                                                                                     for i in range(3)]
    assert _subscribe(_client(settings, "203.0.113.9"), "n3@example.org").status_code == 200  # another client
    assert len(smtp.to("n3@example.org")) == 1


def test_a_mail_that_could_not_be_sent_does_not_count(env, smtp):
    _store, settings, _, _ = env
    smtp.temporary["later@example.org"] = 1  # "451 try again later" once (a refused address is a 400: its own test)
    client = _client(settings)
    failed = refused(client, _subscribe(client, "later@example.org"))  # the form back after its redirect
    assert "cannot send e-mail" in failed.get_data(as_text=True)
    assert _subscribe(client, "later@example.org").status_code == 200
    assert len(smtp.to("later@example.org")) == 1
