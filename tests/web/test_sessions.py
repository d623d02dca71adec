"""Web sessions end on the server: a cookie replayed after logout, a password change or a disabled account is
worth nothing; so is a token after a password change. Accounts managed with the real CLI."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.store import Store
from tests.web.conftest import USERS, csrf_of, login

COOKIE = "kb_session"


def _cookie(client):
    return client.get_cookie(COOKIE).value


def _replay(app, cookie):
    client = app.test_client()
    client.set_cookie(COOKIE, cookie)
    return client


def _logged_in_as(client):
    """Who the page says is logged in (None when anonymous)."""
    found = re.search(r'class="who">Logged in as (\w+)', client.get("/").get_data(as_text=True))
    return found.group(1) if found else None


def _can_write(client, csrf):
    response = client.post("/api/sessions", json={"title": "replayed"}, headers={"X-CSRF-Token": csrf})
    return response.status_code


def _kb(settings, *args, stdin=None, code=0):
    result = CliRunner().invoke(cli, ["--db", str(settings.db), *args], input=stdin, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_the_page_shows_who_is_logged_in(client):
    assert _logged_in_as(client) is None
    login(client, "carl")
    assert _logged_in_as(client) == "carl"


def test_a_cookie_replayed_after_logout_is_worth_nothing(app, client):
    csrf = login(client, "carl")
    cookie = _cookie(client)
    assert _can_write(_replay(app, cookie), csrf) == 201
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    replayed = _replay(app, cookie)
    assert replayed.get("/curate/subscribers").status_code == 302  # to the login page
    assert _logged_in_as(replayed) is None
    assert _can_write(replayed, csrf) == 401


def test_a_password_change_ends_every_session_and_the_tokens(app, client, settings):
    csrf = login(client, "carl")
    other = app.test_client()
    login(other, "carl")
    with Store(settings.db) as store:
        token = store.create_token("carl", "script")
    out = _kb(settings, "user", "passwd", "carl", "--password-stdin", stdin="another-pass-1\n")
    assert "password of 'carl' changed; 2 web sessions ended, 1 API token revoked" in out
    assert _logged_in_as(client) is None and _logged_in_as(other) is None
    assert _can_write(_replay(app, _cookie(client)), csrf) in (400, 401)
    assert client.get("/api/documents?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_password_change_can_keep_the_tokens(client, settings):
    with Store(settings.db) as store:
        token = store.create_token("carl", "script")
    out = _kb(settings, "user", "passwd", "carl", "--password-stdin", "--keep-tokens", stdin="another-pass-1\n")
    assert "0 web sessions ended, API tokens kept" in out
    assert client.get("/api/documents?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_a_disabled_user_is_out_at_once_cookie_and_token(app, client, settings):
    csrf = login(client, "carl")
    with Store(settings.db) as store:
        token = store.create_token("carl", "script")
    auth = {"Authorization": f"Bearer {token}"}
    out = _kb(settings, "user", "disable", "carl")
    assert "'carl' is disabled; 1 web session ended, 1 API token stops working" in out
    assert _logged_in_as(client) is None and _can_write(client, csrf) in (400, 401)
    assert client.post("/api/sessions", json={"title": "x"}, headers=auth).status_code == 401
    assert "DISABLED" in _kb(settings, "user", "list")
    login_page = client.post("/login", data={"username": "carl", "password": USERS["carl"][1],
                                              "csrf_token": csrf_of(client, "/login")})
    assert login_page.status_code == 401
    _kb(settings, "user", "enable", "carl")
    assert app.test_client().post("/api/sessions", json={"title": "x"}, headers=auth).status_code == 201


def test_logging_in_again_issues_a_new_session_id(app, client):
    login(client, "carl")
    first = _cookie(client)
    login(client, "ada")
    assert _cookie(client) != first
    assert _logged_in_as(_replay(app, first)) is None
    assert _logged_in_as(client) == "ada"


def test_a_cookie_from_before_server_side_sessions_logs_the_user_out(app, settings):
    with Store(settings.db) as store:
        carl = store.scalar("SELECT id FROM users WHERE name = 'carl'")
    legacy = app.session_interface.get_signing_serializer(app).dumps({"user_id": carl, "csrf": "x"})
    client = _replay(app, legacy)
    assert _logged_in_as(client) is None
    assert client.get("/curate/subscribers").status_code == 302


def test_token_commands(client, settings):
    out = _kb(settings, "user", "token", "carl", "--label", "ci")
    token = out.strip()
    _kb(settings, "user", "token", "carl", "--label", "laptop")
    client.get("/api/documents?limit=1", headers={"Authorization": f"Bearer {token}"})
    listing = _kb(settings, "user", "tokens", "carl")
    lines = [line for line in listing.splitlines() if line.startswith(("1 ", "2 ")) and "tokens" not in line]
    used = [line.split()[5] for line in lines]  # id, label, scope, created (day, time), last used, expires
    assert "ci" in lines[0] and used[0] != "never" and "laptop" in lines[1] and used[1] == "never"
    rows = json.loads(_kb(settings, "user", "tokens", "carl", "--json"))
    assert [r["label"] for r in rows] == ["ci", "laptop"] and rows[0]["last_used"]
    assert "token 1 of 'carl' revoked" in _kb(settings, "user", "token", "carl", "--revoke", "1")
    assert client.get("/api/documents?limit=1", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    out = _kb(settings, "user", "token", "rita", "--revoke", "2", code=1)
    assert out.strip() == "Error: user 'rita' has no API token 2"
    assert "1 token of 'carl' revoked" in _kb(settings, "user", "token", "carl", "--revoke-all")
    assert "Error: no user 'nobody'" in _kb(settings, "user", "tokens", "nobody", code=1)


@pytest.mark.parametrize("args", [["user", "disable", "nobody"], ["user", "enable", "nobody"],
                                  ["user", "token", "nobody", "--revoke-all"]])
def test_user_commands_name_an_unknown_user_in_one_line(settings, args):
    assert _kb(settings, *args, code=1).strip() == "Error: no user 'nobody'"


@pytest.mark.parametrize("lang, said", [("en", "You are logged out."), ("zh", "已退出登录。")])
def test_logging_out_says_so_once_and_leaves_nobody_logged_in(client, lang, said):
    csrf = login(client, "carl")
    client.set_cookie("kb_lang", lang)
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert said in page  # before: the search page as any other, nothing said
    assert 'class="who"' not in page and _logged_in_as(client) is None
    assert said not in client.get("/").get_data(as_text=True)  # said once
