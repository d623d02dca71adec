"""The digest's sign-up form, a subscriber's own form and the curators' subscriber form answer a refused form as
every other page form does (post/redirect/get, web/kept_forms.py): they answered it with a 400 page, which a reload
sent again after the browser's "Confirm Form Resubmission"."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kb.digest.links import make_token
from kb.store import Store
from tests.web.conftest import csrf_of, login

ADDRESS = "li.na@example.org"


def _manage_path(settings) -> str:
    with Store(settings.db) as store:
        store.add_subscriber(ADDRESS, name="李娜", language="zh")
        return f"/subscription/{make_token(settings.secret_key, 'manage', store.subscriber(ADDRESS))}"


def _error(page: str) -> str | None:
    found = re.search(r'class="error-box" role="alert"[^>]*>(.*?)</p>', page, re.DOTALL)
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize(("lang", "says"), [("zh", "没有名为“nosuchtag”的标签"), ("en", "No tag is named 'nosuchtag'")])
@pytest.mark.parametrize("form", ["sign-up", "own", "curators-add", "curators-change"])
def test_a_refused_subscription_form_comes_back_after_a_redirect_and_a_reload_shows_the_page(
        client, settings, form, lang, says):
    client.set_cookie("kb_lang", lang)
    fields = {"name": "王芳", "language": "en", "frequency": "daily", "kinds": ["lesson", "root_cause"],
              "more_tags": "nosuchtag"}
    path = page = "/subscribe"
    if form == "own":
        path = page = _manage_path(settings)
    elif form.startswith("curators"):
        login(client, "carl")
        path, page = "/curate/subscribers", "/curate/subscribers"
        if form == "curators-change":
            _manage_path(settings)
            fields |= {"action": "update", "email": ADDRESS}
            page = f"/curate/subscribers?edit={ADDRESS}"
        else:
            fields |= {"action": "add", "email": "wang.fang@example.org"}
    if form == "sign-up":
        fields["email"] = "wang.fang@example.org"
    sent = client.post(path, data={**fields, "csrf_token": csrf_of(client, path)})
    assert sent.status_code == 303 and sent.headers["Location"] == page
    shown = client.get(page).get_data(as_text=True)
    assert says in _error(shown)
    assert 'value="王芳"' in shown and re.search(r'<option value="daily"\s+selected', shown)  # the form as it was sent
    assert re.findall(r'name="kinds" value="(\w+)" checked', shown) == ["lesson", "root_cause"]  # every box ticked
    assert 'value="nosuchtag"' in shown
    again = client.get(page).get_data(as_text=True)  # a reload: the page as stored, nothing sent again
    assert _error(again) is None and 'value="nosuchtag"' not in again
    with Store(settings.db) as store:
        assert store.subscriber_page("", limit=10, offset=0)[1] == (0 if form in ("sign-up", "curators-add") else 1)


@pytest.mark.parametrize("form", ["sign-up", "own", "curators"])
def test_a_refused_form_too_long_for_the_cookie_is_answered_on_the_posts_page(client, settings, monkeypatch, form):
    """A form that would not fit in the cookie session comes back as before, with its status: nothing typed lost."""
    monkeypatch.setattr("web.kept_forms.COOKIE_BYTES", 10)
    client.set_cookie("kb_lang", "en")  # (the subscriber's own page speaks the subscriber's language otherwise)
    fields = {"name": "王芳", "language": "en", "frequency": "daily", "more_tags": "nosuchtag",
              "email": "wang.fang@example.org"}
    path = {"sign-up": "/subscribe", "own": None, "curators": "/curate/subscribers"}[form] or _manage_path(settings)
    if form == "curators":
        login(client, "carl")
        fields["action"] = "add"
    sent = client.post(path, data={**fields, "csrf_token": csrf_of(client, path)})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 400 and "No tag is named 'nosuchtag'" in _error(page) and 'value="王芳"' in page


def test_no_form_posts_to_an_address_with_a_fragment():
    """The curators' subscriber form posted to /curate/subscribers#add-subscriber: the page it came back on (and the
    redirect, which keeps the fragment) had an address with one, and Chromium then skips autofocus: a refused
    address was marked, but the focus stayed on the page's body (seen at 1280 and 390 px)."""
    templates = Path(__file__).resolve().parents[2] / "web" / "templates"
    posting = [f"{path.name}: {action}" for path in sorted(templates.glob("*.html"))
               for action in re.findall(r'<form\b[^>]*\baction="([^"]*)"', path.read_text(encoding="utf-8"))
               if "#" in action]
    assert posting == []
