"""What caches may keep: nothing a logged-in user was shown; anonymous pages and static files as before."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import login


def test_a_logged_in_users_pages_and_api_answers_are_never_stored(client, settings):
    login(client, "carl")
    for path in ("/curate/subscribers", "/documents/erp/retro", "/api/documents", "/curate/digest/raw", "/nowhere"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    with Store(settings.db) as store:
        token = store.create_token("carl")
    answer = client.application.test_client().get("/api/lessons", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.headers.get("Cache-Control") == "no-store"


def test_anonymous_pages_and_static_files_keep_their_caching(client):
    assert "Cache-Control" not in client.get("/").headers
    login(client, "carl")
    static = client.get("/static/css/app.css")
    assert static.headers["Cache-Control"] == "no-cache"  # revalidated (Flask's own), not no-store
    static.close()


def test_with_secure_cookies_every_cookie_the_site_sets_is_secure_httponly_and_lax(settings):
    """The session, the throttle's device list and the language: none goes out over plain HTTP behind TLS."""
    from web import create_app

    app = create_app(settings.replace(secure_cookies=True))
    client = app.test_client()
    login(client, "carl")
    client.get("/lang/zh")
    cookies = {cookie.key: cookie for cookie in client._cookies.values()}
    assert {"kb_session", "kb_device", "kb_lang"} <= set(cookies)
    for cookie in cookies.values():
        assert cookie.secure and cookie.http_only and cookie.same_site == "Lax", cookie.key


def test_https_is_kept_to_once_the_site_says_it_is_served_over_it(settings, client):
    from web import create_app

    assert "Strict-Transport-Security" not in client.get("/").headers  # plain HTTP (the default): nothing to keep
    secure = create_app(settings.replace(secure_cookies=True)).test_client()
    for path in ("/", "/login", "/nowhere", "/api/documents"):
        assert secure.get(path).headers["Strict-Transport-Security"] == "max-age=31536000", path
