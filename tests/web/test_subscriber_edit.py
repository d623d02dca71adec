"""Curators change a subscriber on the web (language, frequency, pausing, interests, the curators' sections): it was
remove and add again, or `kb subscribers update` in a shell."""

from __future__ import annotations

import html
import re

import pytest

from kb.store import Store
from tests.web.conftest import refused

ADDRESS = "lin.xy@example.com"


@pytest.fixture
def subscriber(settings):
    with Store(settings.db) as store:
        store.add_subscriber(ADDRESS, name="林晓燕", language="zh", interests={"projects": ["ERP系统升级"]})
    return ADDRESS


def _stored(settings, email=ADDRESS):
    with Store(settings.db) as store:
        return store.subscriber(email)


def _card(page: str) -> str:
    return page.split('id="add-subscriber"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("lang, heading, saved", [
    ("zh", f"修改 {ADDRESS} 的订阅", f"已保存 {ADDRESS} 的订阅设置。"),
    ("en", f"Change the subscription of {ADDRESS}", f"Saved the subscription of {ADDRESS}.")])
def test_a_curator_changes_a_subscription_from_the_list(settings, as_curator, subscriber, lang, heading, saved):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    listing = client.get("/curate/subscribers").get_data(as_text=True)
    assert f'href="/curate/subscribers?edit={ADDRESS}#add-subscriber"' in listing
    card = _card(client.get(f"/curate/subscribers?edit={ADDRESS}").get_data(as_text=True))
    assert heading in html.unescape(card)
    assert 'name="action" value="update"' in card and f'name="email" value="{ADDRESS}"' in card
    assert 'value="林晓燕"' in card and re.search(r'<option value="zh" selected>', card)
    assert re.search(r'value="ERP系统升级" checked', card) and 'value="off"' in card
    sent = client.post("/curate/subscribers", data={
        "csrf_token": token, "action": "update", "email": ADDRESS, "name": "林晓燕", "language": "en",
        "frequency": "off", "curator": "1", "kinds": ["lesson"], "projects": ["CRM"]})
    assert saved in html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    sub = _stored(settings)
    assert (sub["language"], sub["frequency"], sub["role"]) == ("en", "off", "curator")
    assert sub["interests"]["projects"] == ["CRM"] and sub["interests"]["kinds"] == ["lesson"]


def test_changing_keeps_what_the_form_does_not_hold(settings, as_curator, subscriber):
    """Unsubscribed stays unsubscribed (the subscriber's own page re-subscribes; a curator's change must not), and
    an admin ticked for the curators' sections stays an admin."""
    with Store(settings.db) as store:
        store.update_subscriber(_stored(settings)["id"], active=False, role="admin")
    client, token = as_curator
    client.post("/curate/subscribers", data={"csrf_token": token, "action": "update", "email": ADDRESS,
                                             "language": "zh", "frequency": "daily", "curator": "1"})
    sub = _stored(settings)
    assert (sub["active"], sub["role"], sub["frequency"]) == (0, "admin", "daily")


def test_a_wrong_field_comes_back_in_the_edit_form_and_a_removed_one_is_said(settings, as_curator, subscriber):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    wrong = client.post("/curate/subscribers", data={"csrf_token": token, "action": "update", "email": ADDRESS,
                                                     "name": "新名字", "language": "fr", "frequency": "weekly"})
    card = _card(refused(client, wrong).get_data(as_text=True))
    assert 'value="新名字"' in card and 'name="action" value="update"' in card and 'class="error-box"' in card
    assert _stored(settings)["name"] == "林晓燕"  # nothing changed
    with Store(settings.db) as store:
        store.remove_subscriber(ADDRESS)  # in another tab
    gone = client.post("/curate/subscribers", data={"csrf_token": token, "action": "update", "email": ADDRESS,
                                                    "language": "zh", "frequency": "weekly"})
    assert f"{ADDRESS} 已不是订阅者。" in html.unescape(client.get(gone.headers["Location"]).get_data(as_text=True))
    page = client.get(f"/curate/subscribers?edit={ADDRESS}")
    assert page.status_code == 200 and f"{ADDRESS} 已不是订阅者。" in html.unescape(page.get_data(as_text=True))
    assert 'name="action" value="add"' in page.get_data(as_text=True)  # the form adds again


def test_tags_of_interest_the_form_would_not_offer_are_kept_when_it_is_saved(settings, as_curator, monkeypatch):
    """The form offers the most used tags (60); a subscriber's tag past them (or on nothing yet), subscribed with
    `kb subscribers add --tag`, was left out of it, so saving the form for another change dropped it: 王芳's
    interests 阿里云、灰度发布 became everything."""
    from web.views import digest

    monkeypatch.setattr(digest, "TAG_CHOICES", 1)
    with Store(settings.db) as store:
        second = store.tags(limit=2, for_readers=True)[1]["label"]
        store.add_subscriber(ADDRESS, name="王芳", language="zh", interests={"tags": [second, "灰度发布试点"]})
    client, token = as_curator
    card = _card(client.get(f"/curate/subscribers?edit={ADDRESS}").get_data(as_text=True))
    ticked = [html.unescape(v) for v in re.findall(r'name="tags" value="([^"]*)" checked', card)]
    assert sorted(ticked) == sorted([second, "灰度发布试点"])
    client.post("/curate/subscribers", data={"csrf_token": token, "action": "update", "email": ADDRESS,
                                             "name": "王芳", "language": "zh", "frequency": "daily", "tags": ticked})
    sub = _stored(settings)
    assert sub["frequency"] == "daily" and sorted(sub["interests"]["tags"]) == sorted([second, "灰度发布试点"])


@pytest.mark.parametrize(("lang", "link"), [("zh", f"修改 {ADDRESS} 的订阅"), ("en", f"Change what {ADDRESS} gets")])
def test_adding_an_address_already_subscribed_links_to_changing_theirs(settings, as_curator, subscriber, lang, link):
    """"已经订阅" alone: the curator, who meant to change what 林晓燕 gets, had to find her row in the list."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    sent = client.post("/curate/subscribers", data={"csrf_token": token, "action": "add", "email": "Lin.XY@example.com",
                                                   "language": "zh", "frequency": "weekly", "kinds": ["lesson"]})
    # the message has the focus, the link to her subscription next (the focus was left at the page's top)
    page = refused(client, sent).get_data(as_text=True)
    box = re.search(r'<p class="error-box" role="alert" tabindex="-1" autofocus>(.*?)</p>', page, re.DOTALL).group(1)
    href = re.search(r'<a href="([^"]+)" id="edit-existing">([^<]+)</a>', box)
    assert html.unescape(href.group(2)) == link
    card = _card(client.get(html.unescape(href.group(1))).get_data(as_text=True))
    assert f'name="email" value="{ADDRESS}"' in card and 'name="action" value="update"' in card
