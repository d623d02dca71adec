"""What a new user tripped on, found by using the pages in Chromium in both languages at 1280 and 390 px (u-left2),
checked here without a browser: the words of controls that said too little."""

from __future__ import annotations

import re

import pytest

from kb.store import Store


@pytest.mark.parametrize(("lang", "label"), [("en", "Back to unreviewed"), ("zh", "改回未审核")])
def test_a_lessons_review_buttons_say_what_they_do(as_curator, settings, lang, label):
    """The button beside Approve said "Reset" / "重置": of what, a curator could not tell (the status it sets is
    shown as Unreviewed / 未审核)."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        lesson_id = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
    page = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    review = re.search(r'<section class="review">.*?</section>', page, re.DOTALL).group(0)
    buttons = [re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r"<button[^>]*>.*?</button>", review, re.DOTALL)]
    assert label in buttons and not {"Reset", "重置"} & set(buttons)


@pytest.mark.parametrize(("lang", "joined"), [("zh", "MB。旧版"), ("en", "together. Old")])
def test_the_upload_pages_two_sentences_are_joined_as_the_language_writes(as_curator, lang, joined):
    """A Chinese sentence ends without a space after "。" ("合计不超过 50 MB。 旧版 Office 格式" had one); English
    keeps its space."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    page = client.get("/contribute/upload").get_data(as_text=True)
    intro = re.sub(r"<[^>]+>", "", re.search(r"<h1>.*?</h1>\s*<p>(.*?)</p>", page, re.DOTALL).group(1))
    assert joined in intro


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_language_switch_on_a_form_sent_back_leads_to_a_page(as_curator, settings, lang):
    """A share session's details sent with a date that is none come back at /sessions/N/edit, which only a POST
    answers: its 中文 / English switch (and any "come back here" link) led to a 405 page. It leads to the session."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        session = store.create_session({"title": "分享会"})
        item = store.add_session_item(session, store.rows("SELECT id FROM lessons LIMIT 1")[0]["id"])
    for path, fields in ((f"/sessions/{session}/edit", {"title": "分享会", "scheduled_at": "someday"}),
                         (f"/sessions/{session}/items/{item}", {"starts_at": "25:00"})):
        # (the item's form is redirected to its page, post/redirect/get: test_session_edits.py)
        page = client.post(path, data={"csrf_token": token, **fields}, follow_redirects=True).get_data(as_text=True)
        switches = re.findall(r'href="(/lang/(?:zh|en)\?next=[^"]+)"', page)
        assert len(switches) == 2 and ("someday" in page or "25:00" in page), path
        for switch in switches:
            landed = client.get(switch.replace("&amp;", "&"))
            assert landed.status_code == 302 and landed.headers["Location"] == f"/sessions/{session}", path
            assert client.get(landed.headers["Location"]).status_code == 200


@pytest.mark.parametrize(("lang", "empty", "how"), [("en", "No lessons on the agenda yet.", "add them from"),
                                                     ("zh", "议程中还没有经验。", "可以从搜索结果")])
def test_an_empty_agenda_tells_only_a_curator_how_to_fill_it(client, settings, lang, empty, how):
    """A reader opening a scheduled session with nothing on it yet read "add them from search results, documents or
    lessons, or from the suggestions below": a reader can add nothing, and no suggestions are below for them."""
    from tests.web.conftest import login

    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        session = store.create_session({"title": "分享会", "scheduled_at": "2026-12-15T14:30"})
        store.set_session_status(session, "scheduled")
    agenda = re.compile(r'<section class="agenda".*?</section>', re.DOTALL)
    shown = agenda.search(client.get(f"/sessions/{session}").get_data(as_text=True)).group(0)
    assert empty in shown and how not in shown
    login(client, "carl")
    assert how in agenda.search(client.get(f"/sessions/{session}").get_data(as_text=True)).group(0)


@pytest.mark.parametrize(("lang", "label"), [("en", "Add a subscriber"), ("zh", "添加订阅者")])
def test_the_subscribers_page_adds_a_subscriber_in_its_words(as_curator, lang, label):
    """The page said "add a subscriber below", and below it a heading and a button said "Subscribe" / "订阅", as if
    the curator were subscribing themselves."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    page = client.get("/curate/subscribers").get_data(as_text=True)
    card = re.search(r'<section class="card" id="add-subscriber">.*?</section>', page, re.DOTALL).group(0)
    assert re.search(r"<h2>(.*?)</h2>", card).group(1) == label
    assert re.findall(r'<button type="submit">(.*?)</button>', card) == [label]
