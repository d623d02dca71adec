"""The login page and the way to it, asked for by a script: a JSON client (``Accept: application/json``, or one that
sends an API token) gets the API's 401 (429) error, never the HTML form nor a redirect to it; a browser still gets
the form."""

from __future__ import annotations

import pytest

from kb.store import Store
from tests.web.conftest import USERS, csrf_of

JSON = {"Accept": "application/json"}


def _error(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.is_json, response.content_type
    error = response.get_json()["error"]
    assert error["status"] == status
    return error["message"]


def _post_login(client, password: str, *, headers=JSON, name: str = "carl"):
    form = {"username": name, "password": password, "csrf_token": csrf_of(client, "/login")}
    return client.post("/login", data=form, headers=headers)


@pytest.mark.parametrize("headers", [JSON, {"Accept": "application/json, text/plain;q=0.5"}])
def test_the_login_page_is_a_401_telling_a_script_to_send_a_token(client, headers):
    assert "Authorization: Bearer TOKEN" in _error(client.get("/login?next=/api/lessons", headers=headers), 401)
    assert "Bearer" in _error(client.post("/login", data={"username": "carl", "password": "x"}, headers=headers), 401)


def test_a_page_that_needs_a_login_is_a_401_not_a_redirect_to_the_form(client, settings):
    assert "log in" in _error(client.get("/curate/subscribers", headers=JSON), 401)
    with Store(settings.db) as store:
        token = store.create_token("rita")
    refused = client.get("/curate/subscribers", headers={"Authorization": f"Bearer {token}"})  # Accept: */*
    assert "curator" in _error(refused, 403)


def test_a_login_sent_by_a_json_client_is_answered_in_json(client):
    assert _error(_post_login(client, "not-the-password"), 401) == "wrong user name or password"
    answer = _post_login(client, USERS["carl"][1])
    assert answer.status_code == 200 and answer.get_json()["user"] == {"name": "carl", "role": "curator"}
    csrf = answer.get_json()["csrf_token"]
    added = client.post("/api/lessons/1/tags", json={"tag": "仓储"}, headers={"X-CSRF-Token": csrf})
    assert added.status_code == 201


def test_a_throttled_login_is_a_429_in_json(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.66"
    for _ in range(5):
        _post_login(client, "guess-guess")
    throttled = _post_login(client, "guess-guess")
    assert "try again in 15 minutes" in _error(throttled, 429)
    assert throttled.headers["Retry-After"] == "900"  # seconds, as the message says; a failure says none
    assert "Retry-After" not in _post_login(app.test_client(), "guess-guess", name="zed").headers


def test_a_browser_still_gets_the_form(client):
    page = client.get("/login", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 200 and 'name="password"' in page.get_data(as_text=True)
    failed = _post_login(client, "not-the-password", headers={})
    assert failed.status_code == 401 and failed.content_type.startswith("text/html")
    assert _post_login(client, USERS["carl"][1], headers={}).status_code == 302
