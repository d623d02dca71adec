"""Redirect targets (?next=) stay on this site, checked as the response sends them (issue 15, item 6)."""

from __future__ import annotations

import html
import re
from urllib.parse import quote, urlsplit

import pytest

from tests.web.conftest import USERS, csrf_of
from web.views.common import safe_next

# Each leaves the site, or could once a browser or Werkzeug has normalised it: every one must give the default.
OFF_SITE = [
    "/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example/", "/\r\n/evil.example/", "\t//evil.example/",
    "/\t\t/evil.example/", "/\x00/evil.example/", "\x00//evil.example/", "/\x7f/evil.example/", "/\x85/evil.example/",
    "//evil.example/", "///evil.example/", "/\\evil.example/", "\\\\evil.example/", "/\\/evil.example/",
    "\\/evil.example/", "https://evil.example/", "https:evil.example", "HTTPS://evil.example", "//evil.example:443/",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>x</script>",
    " //evil.example/", "\u3000//evil.example/", "／／evil.example/", "evil.example", "", "http:\\\\evil.example",
]
# Same-site paths, kept (normalised as the Location header sends them).
ON_SITE = [
    ("/browse", "/browse"),
    ("/?q=供应商", "/?q=%E4%BE%9B%E5%BA%94%E5%95%86"),
    ("/documents/erp/retro#lessons", "/documents/erp/retro#lessons"),
    ("/%2F%2Fevil.example/", "/%2F%2Fevil.example/"),  # an encoded slash is a path segment, not a host
    ("/%09/evil.example/", "/%09/evil.example/"),
]


def _location(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers["Location"]


def _same_site(location: str) -> bool:
    parts = urlsplit(location)
    return location.startswith("/") and not location.startswith("//") and not parts.netloc and not parts.scheme


def _form_next(response) -> str:
    return html.unescape(re.search(r'name="next" value="([^"]*)"', response.get_data(as_text=True)).group(1))


@pytest.mark.parametrize("target", OFF_SITE)
def test_off_site_targets_fall_back_to_the_home_page_everywhere(client, target):
    encoded = quote(target, safe="")
    assert _location(client.get(f"/lang/en?next={encoded}")) == "/"
    assert _form_next(client.get(f"/login?next={encoded}")) == "/"
    token = csrf_of(client, "/login")
    refused = client.post("/login", data={"username": "carl", "password": "wrong-pass", "csrf_token": token,
                                           "next": target})
    assert refused.status_code == 401 and _form_next(refused) == "/"
    empty = client.post("/login", data={"username": "carl", "password": "", "csrf_token": token, "next": target})
    assert empty.status_code == 400 and _form_next(empty) == "/"  # asked to fill it in, not counted as an attempt


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example/", "//evil.example/",
                                    "/\\evil.example/", "https://evil.example/", "javascript:alert(1)"])
def test_a_login_redirects_home_instead_of_off_site(client, target):
    token = csrf_of(client, "/login")
    answer = client.post("/login", data={"username": "carl", "password": USERS["carl"][1], "csrf_token": token,
                                         "next": target})
    assert _location(answer) == "/"
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    token = csrf_of(client, "/login")
    from_query = client.post(f"/login?next={quote(target, safe='')}",
                             data={"username": "carl", "password": USERS["carl"][1], "csrf_token": token})
    assert _location(from_query) == "/"


@pytest.mark.parametrize("target, emitted", ON_SITE)
def test_same_site_targets_are_kept_as_sent(client, target, emitted):
    encoded = quote(target, safe="")
    assert _location(client.get(f"/lang/zh?next={encoded}")) == emitted
    token = csrf_of(client, "/login")
    answer = client.post("/login", data={"username": "carl", "password": USERS["carl"][1], "csrf_token": token,
                                         "next": target})
    assert _location(answer) == emitted


@pytest.mark.parametrize("target", [*OFF_SITE, "/\ud800/x", None, "/x:99999999999"])
def test_safe_next_returns_the_default_or_a_path_that_stays_a_path(app, target):
    with app.test_request_context("/"):
        result = safe_next(target, "/home")
    assert result == "/home" or (_same_site(result) and safe_next(result, "/home") == result)
    if target in OFF_SITE:
        assert result == "/home"
