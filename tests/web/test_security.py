"""Sign-in, roles, CSRF and security headers, on an app over an empty store (no model, no index: fast)."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from kb.digest.links import make_token
from kb.settings import Settings
from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from web import create_app

PASSWORDS = {"rita": ("reader", "reader-pass-1"), "carl": ("curator", "curator-pass-1")}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """A store with a reader and a curator and nothing else (password hashing is slow: done once), and their tokens."""
    path = tmp_path_factory.mktemp("security") / "kb.db"
    with Store(path) as store:
        for name, (role, password) in PASSWORDS.items():
            store.add_user(name, password, role)
        tokens = {name: store.create_token(name) for name in PASSWORDS}
        store.add_subscriber("sub@example.org")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path, tokens


@pytest.fixture
def plain(template, tmp_path):
    """(settings, API tokens by user name) over a fresh copy of the template store."""
    path, tokens = template
    shutil.copy(path, tmp_path / "kb.db")
    return Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY), tokens


@pytest.fixture
def client(plain):
    app = create_app(plain[0])
    app.config["TESTING"] = True
    return app.test_client()


def csrf(client, path: str = "/login") -> str:
    return re.search(r'data-csrf="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def log_in(client, name: str) -> str:
    response = client.post("/login", data={"username": name, "password": PASSWORDS[name][1], "csrf_token": csrf(client)})
    assert response.status_code == 302
    return csrf(client, "/browse")


def sessions_titled(settings: Settings) -> list[str]:
    with Store(settings.db) as store:
        return [s["title"] for s in store.sessions()[0]]


def test_the_csrf_token_is_long_random_and_stays_the_same_for_a_browser_session(client, plain):
    first = csrf(client)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", first) and csrf(client, "/browse") == first
    assert csrf(create_app(plain[0]).test_client()) != first


def test_a_form_write_takes_the_token_from_the_form_field_or_the_header(client, plain):
    token = log_in(client, "carl")
    assert client.post("/api/sessions", json={"title": "by header"}, headers={"X-CSRF-Token": token}).status_code == 201
    form = client.post("/sessions", data={"title": "by form", "csrf_token": token})
    assert form.status_code == 302
    refused = client.post("/sessions", data={"title": "wrong", "csrf_token": token[:-1]})
    assert refused.status_code == 400 and "CSRF token missing or invalid" in refused.get_data(as_text=True)
    assert sorted(sessions_titled(plain[0])) == ["by form", "by header"]


def test_a_write_from_a_browser_that_never_got_a_token_is_refused(client, plain):
    # No session cookie at all, and a token from some other session: nothing to compare with.
    other = create_app(plain[0]).test_client()
    token = csrf(other)
    response = client.post("/login", data={"username": "carl", "password": PASSWORDS["carl"][1], "csrf_token": token})
    assert response.status_code == 400
    assert client.post("/login", data={"username": "carl", "password": PASSWORDS["carl"][1]}).status_code == 400
    for guess in ("None", "null", "0"):  # nothing to compare with must never compare equal
        fresh = create_app(plain[0]).test_client()
        response = fresh.post("/login", data={"username": "carl", "password": PASSWORDS["carl"][1], "csrf_token": guess})
        assert response.status_code == 400


def test_reads_need_no_token(client):
    assert client.get("/login").status_code == 200 and client.get("/api/sessions").status_code == 200


@pytest.mark.parametrize("header", ["Bearer {}", "bearer {}", "BEARER   {}  "])
def test_an_api_token_signs_in_without_a_cookie_and_needs_no_csrf(client, plain, header):
    settings, tokens = plain
    response = client.post("/api/sessions", json={"title": "by token"},
                           headers={"Authorization": header.format(tokens["carl"])})
    assert response.status_code == 201 and sessions_titled(settings) == ["by token"]


def test_a_wrong_api_token_is_401_even_for_reads(client, plain):
    response = client.get("/api/sessions", headers={"Authorization": "Bearer kb_not-a-token"})
    assert response.status_code == 401 and response.get_json()["error"]["message"] == "the API token is not valid"
    page = client.get("/browse", headers={"Authorization": "Bearer kb_not-a-token"})  # a script: no login form
    assert page.status_code == 401 and page.get_json()["error"]["message"] == "the API token is not valid"
    # any other scheme is not a token: the request is simply anonymous
    assert client.get("/api/sessions", headers={"Authorization": "Basic Y2FybDp4"}).status_code == 200


def test_roles_anonymous_401_reader_403_curator_allowed(client, plain):
    settings, tokens = plain
    anonymous = client.post("/api/sessions", json={"title": "x"}, headers={"X-CSRF-Token": csrf(client)})
    assert anonymous.status_code == 401 and anonymous.get_json()["error"]["message"] == "log in first"
    reader = client.post("/api/sessions", json={"title": "x"}, headers={"Authorization": f"Bearer {tokens['rita']}"})
    assert reader.status_code == 403 and reader.get_json()["error"]["message"] == "this needs the curator role"
    assert sessions_titled(settings) == []
    page = client.get("/curate/subscribers")
    assert page.status_code == 302 and "/login" in page.headers["Location"]


@pytest.mark.parametrize("method, path", [("post", "/api/sessions"), ("delete", "/api/sessions/1"),
                                          ("post", "/api/documents/x/tags"), ("put", "/api/sessions/1/order")])
def test_an_api_write_without_a_token_or_cookie_is_told_to_log_in(client, plain, method, path):
    """A script that forgot its token was told "the form has expired or did not come from this site" (400)."""
    response = getattr(client, method)(path, json={"title": "x"})
    assert response.status_code == 401 and response.get_json()["error"] == {
        "status": 401, "code": "unauthorized", "message": "log in first"}
    assert sessions_titled(plain[0]) == []
    form = client.post("/sessions", data={"title": "x"})  # a page's form without its token: still the CSRF message
    assert form.status_code == 400 and "CSRF token missing or invalid" in form.get_data(as_text=True)


def test_the_role_check_keeps_the_view_name_and_arguments(client, plain):
    # functools.wraps: each protected view keeps its endpoint name (url_for works), and the URL's values arrive.
    settings, tokens = plain
    auth = {"Authorization": f"Bearer {tokens['carl']}"}
    session_id = client.post("/api/sessions", json={"title": "s"}, headers=auth).get_json()["id"]
    assert client.delete(f"/api/sessions/{session_id}", headers=auth).status_code == 200
    assert sessions_titled(settings) == []
    app = create_app(settings)
    assert app.view_functions["api.create_session"].__name__ == "create_session"


def test_a_deleted_user_is_signed_out(client, plain):
    settings, _ = plain
    log_in(client, "carl")
    assert "carl" in client.get("/browse").get_data(as_text=True)
    with Store(settings.db) as store:
        store.conn.execute("DELETE FROM api_tokens")
        store.conn.execute("DELETE FROM users WHERE name = 'carl'")
    page = client.get("/browse").get_data(as_text=True)
    assert "carl" not in page and 'href="/login' in page
    with client.session_transaction() as session:
        assert "user_id" not in session


@pytest.mark.parametrize("path", ["/login", "/lang/zh", "/subscribe", "/static/css/app.css"])
def test_without_anonymous_reading_only_signing_in_and_the_digest_pages_stay_open(plain, path):
    app = create_app(plain[0].replace(allow_anonymous=False))
    with app.test_client().get(path) as response:
        assert response.status_code in (200, 302) and "/login" not in response.headers.get("Location", "")


@pytest.mark.parametrize("path", ["/subscription/x", "/unsubscribe/x", "/subscribe/confirm/x"])
def test_without_anonymous_reading_digest_links_answer_for_themselves(plain, path):
    response = create_app(plain[0].replace(allow_anonymous=False)).test_client().get(path)
    assert response.status_code == 400 and "not valid" in response.get_data(as_text=True)


def test_without_anonymous_reading_the_api_says_why_it_refuses(plain):
    response = create_app(plain[0].replace(allow_anonymous=False)).test_client().get("/api/sessions")
    assert response.status_code == 401
    assert response.get_json()["error"]["message"] == "log in to read the knowledge base"


@pytest.mark.parametrize("scheme", ["token", "Basic"])
def test_without_anonymous_reading_a_token_in_another_scheme_is_told_to_use_bearer(plain, scheme):
    """README, JSON API: a token sent as 'token …' or 'Basic …' is not read, "and a 401 says to send it as Bearer";
    with allow_anonymous off the 401 said only "log in to read the knowledge base"."""
    client = create_app(plain[0].replace(allow_anonymous=False)).test_client()
    for response in (client.get("/api/sessions", headers={"Authorization": f"{scheme} kb_abc"}),
                     client.post("/api/review", json={"action": "approve", "ids": [1]},
                                 headers={"Authorization": f"{scheme} kb_abc"})):
        assert response.status_code == 401
        assert response.get_json()["error"]["message"] == (
            f"log in first: send an API token as 'Authorization: Bearer TOKEN' (this request's Authorization is "
            f"'{scheme} …')")


@pytest.mark.parametrize("path", ["/", "/browse", "/api/sessions", "/curate/subscribers"])
def test_without_anonymous_reading_everything_else_needs_an_account(plain, path):
    app = create_app(plain[0].replace(allow_anonymous=False))
    response = app.test_client().get(path)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
    client = app.test_client()
    log_in(client, "rita")
    assert client.get(path).status_code in (200, 403)


def test_every_response_carries_the_security_headers(client):
    for response in (client.get("/login"), client.get("/no-such-page"), client.post("/login")):
        assert response.headers["Content-Security-Policy"] == CSP
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_one_click_unsubscribe_needs_no_cookie_and_no_csrf_token(client, plain):
    # Mail clients POST the List-Unsubscribe link with nothing else: its signed, single-use token is the credential.
    settings, _ = plain
    with Store(settings.db) as store:
        link = f"/unsubscribe/{make_token(settings.secret_key, 'unsubscribe', store.subscriber('sub@example.org'))}"
    assert client.post(link, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    with Store(settings.db) as store:
        assert store.subscriber("sub@example.org")["active"] is False


def web_sessions(settings: Settings) -> list[dict]:
    with Store(settings.db) as store:
        return store.rows("SELECT u.name, s.address FROM web_sessions s JOIN users u ON u.id = s.user_id ORDER BY s.id")


def test_a_login_starts_one_server_side_session_with_the_client_s_address_and_a_lasting_cookie(plain):
    app = create_app(plain[0])
    app.config["TESTING"] = True
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    response = client.post("/login", data={"username": "carl", "password": PASSWORDS["carl"][1],
                                           "csrf_token": csrf(client)})
    assert response.status_code == 302
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("kb_session="))
    assert "Expires=" in cookie  # permanent: it outlives the browser window, for the configured lifetime
    assert web_sessions(plain[0]) == [{"name": "carl", "address": "198.51.100.23"}]
    log_in(client, "rita")  # a second login from the same browser replaces the first session
    assert web_sessions(plain[0]) == [{"name": "rita", "address": "198.51.100.23"}]


def test_logging_out_ends_the_session_on_the_server(client, plain):
    token = log_in(client, "carl")
    cookie = client.get_cookie("kb_session").value
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert web_sessions(plain[0]) == []
    replayed = create_app(plain[0]).test_client()
    replayed.set_cookie("kb_session", cookie)
    assert replayed.get("/curate/subscribers").status_code in (302, 401)


def _cookie_data(app, client) -> dict:
    return dict(app.session_interface.get_signing_serializer(app).loads(client.get_cookie("kb_session").value))


def _with_cookie(app, data: dict):
    client = app.test_client()
    client.set_cookie("kb_session", app.session_interface.get_signing_serializer(app).dumps(data))
    return client


def test_a_session_in_use_is_extended_and_an_ended_one_leaves_the_cookie(plain):
    app = create_app(plain[0])
    app.config["TESTING"] = True
    client = app.test_client()
    log_in(client, "carl")
    with Store(plain[0].db) as store:
        from datetime import UTC, datetime, timedelta

        before = (datetime.now(UTC) + timedelta(hours=1)).isoformat(timespec="seconds")
        store.conn.execute("UPDATE web_sessions SET last_seen = '2000-01-01T00:00:00+00:00', expires_at = ?", [before])
    assert client.get("/curate/subscribers").status_code == 200
    with Store(plain[0].db) as store:
        assert store.scalar("SELECT expires_at FROM web_sessions") > before
        store.conn.execute("DELETE FROM web_sessions")
    assert "sid" in _cookie_data(app, client)
    assert client.get("/browse").status_code == 200
    assert "sid" not in _cookie_data(app, client)  # the dead id is dropped from the cookie


def test_a_cookie_from_before_server_side_sessions_is_a_plain_anonymous_visit(plain):
    app = create_app(plain[0])
    app.config["TESTING"] = True
    client = _with_cookie(app, {"user_id": 1})
    assert client.get("/browse").status_code == 200
    assert client.get("/curate/subscribers").status_code in (302, 401)


# A form refused for its expired CSRF token: the way back to its page, and what was typed offered again with a fresh
# token, only for a form sent from a page of this site (web/expired_forms.py); nothing written without a valid token.

SITE = "http://localhost"


def resend_form(page: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The error page's "send again" form: its action and its (name, value) fields."""
    found = re.search(r'<form method="post" action="([^"]+)" class="resend">(.*?)</form>', page, re.DOTALL)
    if found is None:
        return None
    fields = re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', found.group(2))
    return html.unescape(found.group(1)), [(html.unescape(n), html.unescape(v)) for n, v in fields]


def test_an_expired_form_sent_from_this_site_comes_back_with_what_was_typed(client, plain):
    token = log_in(client, "carl")
    typed = {"title": "季度复盘 <b>分享</b>", "description": "第一行\n第二行 & more", "csrf_token": "left-open-overnight"}
    refused = client.post("/sessions", data=typed, headers={"Referer": f"{SITE}/sessions?when=all"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and sessions_titled(plain[0]) == []  # never written without a valid token
    assert 'class="back-to-form" href="/sessions?when=all"' in page
    assert "季度复盘 &lt;b&gt;分享&lt;/b&gt;" in page and "<b>分享</b>" not in page  # shown, escaped
    action, fields = resend_form(page)
    assert action == "/sessions" and ("csrf_token", token) in fields
    assert dict(fields)["title"] == typed["title"] and dict(fields)["description"] == typed["description"]
    assert client.post(action, data=dict(fields)).status_code == 302  # sent again: now it is written
    assert sessions_titled(plain[0]) == [typed["title"]]


def _listed(page: str) -> list[tuple[str, str]]:
    """What the error page lists of what was sent: (label, value)."""
    typed = re.search(r'<dl class="typed">(.*?)</dl>', page, re.DOTALL).group(1)
    return [(html.unescape(dt), html.unescape(dd)) for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", typed)]


@pytest.mark.parametrize(("lang", "said", "listed"), [
    ("zh", "表单已过期：页面打开时间过长，或您之后重新登录过。",
     [("操作", "添加标签"), ("标签", "复盘精选"), ("经验", "#1080、#1082")]),
    ("en", "The form had expired: the page was open a long time, or you logged in again since.",
     [("Action", "Add a tag"), ("Tag", "复盘精选"), ("Lessons", "#1080, #1082")])])
def test_an_expired_queue_form_lists_what_was_sent_by_the_forms_words(client, lang, said, listed):
    """The bulk form of the review queue, refused after logging in again in another tab: the page listed "next
    /review", "action tag", "ids 1080", "ids 1082" (the code's names, in both languages) under a first line saying to
    reload the page, which would lose it."""
    log_in(client, "carl")
    client.set_cookie("kb_lang", lang)
    refused = client.post("/review", data={"csrf_token": "old", "next": "/review", "bulk": "1", "action": "tag",
                                           "tag": "复盘精选", "note": "", "ids": ["1080", "1082"]},
                          headers={"Referer": f"{SITE}/review"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and said in html.unescape(page)
    assert "reload" not in page and "刷新" not in page
    assert _listed(page) == listed
    assert ("next", "/review") in resend_form(page)[1]  # still sent again, not listed


def test_a_post_from_another_site_gets_no_ready_to_send_form(client, plain):
    log_in(client, "carl")
    for headers in ({"Referer": "https://evil.example/sessions"}, {}, {"Referer": f"{SITE}//evil.example/x"}):
        refused = client.post("/sessions", data={"title": "forged", "csrf_token": "x"}, headers=headers)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 400 and resend_form(page) is None and "forged" not in page
        assert 'class="back-to-form" href="/"' in page and "Back button keeps what you typed" in page
    assert sessions_titled(plain[0]) == []


def test_a_password_is_never_echoed_and_the_page_speaks_chinese(client):
    client.get("/lang/zh")
    refused = client.post("/login", data={"username": "carl", "password": PASSWORDS["carl"][1], "csrf_token": "old"},
                          headers={"Referer": f"{SITE}/login?next=/browse"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and resend_form(page) is None and PASSWORDS["carl"][1] not in page
    assert 'class="back-to-form" href="/login?next=/browse"' in page and "返回表单所在页面" in page
    assert "浏览器的“后退”会保留您已填写的内容" in page


def test_an_api_write_with_a_stale_token_answers_json_without_the_form(client):
    token = log_in(client, "carl")
    refused = client.post("/api/sessions", json={"title": "x"}, headers={"X-CSRF-Token": token + "x",
                                                                         "Referer": f"{SITE}/sessions"})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("allow_anonymous", [True, False])
def test_a_token_sent_without_a_scheme_is_told_to_use_bearer_and_not_repeated_back(plain, allow_anonymous):
    """A bare 'Authorization: kb_…' (the token without 'Bearer ') was answered with its first 20 characters quoted
    back as the request's scheme, the credential in the 401's body (r-review2); now the 401 says it is one word."""
    client = create_app(plain[0].replace(allow_anonymous=allow_anonymous)).test_client()
    secret = "kb_" + "S3cr3tT0k3nV4lu3xyz" * 2
    paths = [("post", "/api/review")] + ([] if allow_anonymous else [("get", "/api/sessions")])
    for method, path in paths:
        response = getattr(client, method)(path, json={"action": "approve", "ids": [1]},
                                           headers={"Authorization": f"  {secret}  "})
        assert response.status_code == 401
        message = response.get_json()["error"]["message"]
        assert message == ("log in first: send an API token as 'Authorization: Bearer TOKEN' (this request's "
                           "Authorization is one word, not a scheme and a token)"), path
        assert secret[:8] not in response.get_data(as_text=True)
    zh = client.post("/api/review", json={"action": "approve", "ids": [1]},
                     headers={"Authorization": secret, "Accept-Language": "zh-CN"})
    assert secret[:8] not in zh.get_data(as_text=True) and "只有一个词" in zh.get_json()["error"]["message"]
