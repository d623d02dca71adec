"""API tokens that expire and tokens that may only read: ``kb user token NAME --expires 90d --scope read``, listed by
``kb user tokens``; an expired token is a 401 saying so, a read-only token's write a 403 naming its scope; tokens
made before (migration 0021) keep working as they did."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.store import Store


def _kb(settings, *args, code=0):
    result = CliRunner().invoke(cli, ["--db", str(settings.db), *args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _expire(settings, token_id: int) -> None:
    """The token's expiry moved to a minute ago (as if its 90 days had passed)."""
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="seconds")
    with Store(settings.db) as store, store.transaction():
        store.conn.execute("UPDATE api_tokens SET expires_at = ? WHERE id = ?", [past, token_id])


def test_a_token_made_to_expire_works_until_then_and_then_is_a_401_saying_it_expired(client, settings):
    made = json.loads(_kb(settings, "user", "token", "carl", "--label", "nightly", "--expires", "90d", "--json"))
    expires = datetime.fromisoformat(made["expires_at"]) - datetime.now(UTC)
    assert timedelta(days=89, hours=23) < expires <= timedelta(days=90) and made["scope"] == "all"
    assert client.get("/api/lessons?limit=1", headers=_bearer(made["token"])).status_code == 200
    _expire(settings, made["id"])
    response = client.get("/api/lessons?limit=1", headers=_bearer(made["token"]))
    assert response.status_code == 401 and response.is_json
    assert response.get_json()["error"]["message"].startswith("the API token expired at ")
    # RFC 9110 requires a 401 to say how to log in (it said nothing); RFC 6750 names a refused token
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="Lessons KB", error="invalid_token"'
    assert client.get("/api/review").headers["WWW-Authenticate"] == 'Bearer realm="Lessons KB"'  # none sent
    page = client.get("/lessons/1", headers=_bearer(made["token"]))  # a page asked for with a token: JSON too
    assert page.status_code == 401 and "expired" in page.get_json()["error"]["message"]
    listing = _kb(settings, "user", "tokens", "carl")
    row = next(line for line in listing.splitlines() if "nightly" in line)
    assert "expired " in row
    assert json.loads(_kb(settings, "user", "tokens", "carl", "--json"))[0]["expired"] is True


def test_a_read_only_token_reads_and_every_write_is_a_403_naming_its_scope(client, settings):
    token = _kb(settings, "user", "token", "carl", "--scope", "read").strip()
    assert client.get("/api/lessons?limit=1", headers=_bearer(token)).status_code == 200
    assert client.get("/api/review", headers=_bearer(token)).status_code == 200  # a curator's read
    writes = [("post", "/api/lessons/1/tags", {"tag": "仓储"}), ("post", "/api/lessons/1/review", {"status": "hidden"}),
              ("delete", "/api/lessons/1/tags/x", None), ("post", "/api/sessions", {"title": "复盘会"}),
              ("put", "/api/sessions/1/order", {"items": []}), ("patch", "/api/sessions/1", {"title": "x"})]
    for method, path, body in writes:
        response = getattr(client, method)(path, json=body, headers=_bearer(token))
        assert response.status_code == 403, (method, path)
        assert "scope is 'read'" in response.get_json()["error"]["message"]
    lesson = client.get("/api/lessons/1").get_json()
    assert "仓储" not in lesson["tags"] and lesson["review_status"] != "hidden"
    assert client.get("/api/sessions").get_json()["total"] == 0
    assert "read" in next(line for line in _kb(settings, "user", "tokens", "carl").splitlines() if line[:1] == "1")


def test_a_token_of_every_scope_writes_as_its_user_s_role_allows(client, settings):
    token = _kb(settings, "user", "token", "carl").strip()
    response = client.post("/api/lessons/1/tags", json={"tag": "仓储"}, headers=_bearer(token))
    assert response.status_code == 201
    reader = _kb(settings, "user", "token", "rita", "--expires", "1w").strip()
    assert client.post("/api/lessons/1/tags", json={"tag": "x"}, headers=_bearer(reader)).status_code == 403


@pytest.mark.parametrize("value", ["90", "0d", "3 months", "-5d", "1.5d"])
def test_an_expiry_that_is_not_a_time_is_refused_naming_the_option(settings, value):
    out = _kb(settings, "user", "token", "carl", "--expires", value, code=2)
    assert "Invalid value for '--expires'" in out and "such as 90d, 12w or 8h" in out
    assert "0 tokens" in _kb(settings, "user", "tokens", "carl")  # none made


@pytest.mark.parametrize("given", [["--scope", "read"], ["--expires", "90d"], ["--label", "ci"]])
@pytest.mark.parametrize("revoke", [["--revoke-all"], ["--revoke", "1"]])
def test_label_expiry_and_scope_are_for_a_new_token_only(settings, revoke, given):
    # --label with --revoke was dropped in silence: the token revoked, the label said nowhere (d-audit2)
    _kb(settings, "user", "token", "carl")
    out = _kb(settings, "user", "token", "carl", *revoke, *given, code=2)
    assert "--label, --expires and --scope are for a new token" in out
    assert "1 token" in _kb(settings, "user", "tokens", "carl")  # nothing revoked


def test_tokens_made_before_the_migration_keep_working_with_no_expiry_and_their_role(client, settings):
    with Store(settings.db) as store:
        token = store.create_token("carl", "old")
    conn = sqlite3.connect(settings.db)
    conn.executescript("ALTER TABLE api_tokens DROP COLUMN expires_at; ALTER TABLE api_tokens DROP COLUMN scope;"
                       " DELETE FROM migrations WHERE name = '0021_token_limits';")
    conn.close()
    with Store(settings.db) as store:  # opening it migrates it
        assert [(t["scope"], t["expires_at"]) for t in store.tokens("carl")] == [("all", None)]
    assert client.post("/api/lessons/1/tags", json={"tag": "仓储"}, headers=_bearer(token)).status_code == 201
