"""The share sessions page as a first-time user meets it: it says what a share session is, and, with none yet, what
to do next (a curator: create one, then add lessons; anyone else: who plans them and where they appear). It said
"No sessions yet." under Upcoming and again under Past, and nothing else; the home page's "No share session is
scheduled." gave a curator no way to plan one."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from kb.store import Store
from tests.web.conftest import login

HELP = {"en": "A share session is a meeting that goes through lessons from earlier projects",
        "zh": "经验分享会是一起回顾以往项目经验的会议"}
NONE_CURATOR = {"en": "Create one with the New share session form; then add lessons to its agenda from search results",
                "zh": "请用“新建分享会”表单创建一场，再从搜索结果、文档或经验页面"}
NONE_READER = {"en": "Curators plan them here; scheduled ones are listed on this page, on the home page and in the digest",
               "zh": "分享会由知识管理员在这里安排；排期后会列在本页、首页和周报中"}


def _page(client, path: str, lang: str) -> str:
    client.set_cookie("kb_lang", lang)
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_is_told_what_a_share_session_is_and_who_plans_them(client, lang):
    page = _page(client, "/sessions", lang)
    assert HELP[lang] in page
    assert 'id="no-sessions"' in page and NONE_READER[lang] in page and NONE_CURATOR[lang] not in page
    assert page.count("No sessions yet.") + page.count("暂无分享会。") == 0  # said once, with what to do, not twice


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_curator_is_told_to_create_one_and_then_add_lessons(client, lang):
    login(client, "carl")
    page = _page(client, "/sessions", lang)
    assert HELP[lang] in page and NONE_CURATOR[lang] in page and NONE_READER[lang] not in page
    home = _page(client, "/", lang)
    assert '<a href="/sessions" id="plan-session">' in home


def test_with_a_session_the_lists_are_back_and_the_help_stays(as_curator):
    client, token = as_curator
    assert client.post("/sessions", data={"title": "供应商管理分享会", "csrf_token": token}).status_code == 302
    page = _page(client, "/sessions", "zh")
    assert HELP["zh"] in page and 'id="no-sessions"' not in page
    assert "供应商管理分享会" in page and "即将举行" in page and "已举行" in page
    # the draft has no date: not upcoming on the home page, which still offers to plan one (the sessions page lists it)
    home = _page(client, "/", "zh")
    assert "供应商管理分享会" not in home and 'id="plan-session"' in home
    assert client.post("/sessions", data={"title": "数据迁移分享会", "csrf_token": token,
                                          "scheduled_at": f"{date.today().year + 1}-01-15 14:30"}).status_code == 302
    home = _page(client, "/", "zh")
    assert "数据迁移分享会" in home and 'id="plan-session"' not in home  # the home page lists the dated draft instead


def test_a_reader_has_no_plan_link_on_the_home_page(client):
    assert 'id="plan-session"' not in _page(client, "/", "en")


def _lists(page: str) -> dict[str, str]:
    """Each list of the page (its heading -> its text), as a curator reads them."""
    section = re.search(r"<section><h2>(.*?)</section>", page, re.DOTALL).group(1)
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", "<h2>" + section)
    return {html.unescape(name): re.sub(r"<[^>]+>|\s+", " ", body) for name, body in zip(parts[1::2], parts[2::2])}


@pytest.mark.parametrize(("lang", "upcoming", "undated", "past", "none_upcoming", "none_past"), [
    ("en", "Upcoming", "No date yet", "Past", "No share session is scheduled.", "None held yet."),
    ("zh", "即将举行", "尚未定日期", "已举行", "暂无已安排的经验分享会。", "暂无已举行的分享会。")])
def test_a_draft_without_a_date_is_listed_apart_from_the_upcoming_sessions(settings, client, lang, upcoming, undated,
                                                                          past, none_upcoming, none_past):
    """A draft without a date was listed under Upcoming, after the dated ones, as if it were the next session; with
    none dated, Upcoming and Past each said "No sessions yet." beside the drafts listed."""
    login(client, "carl")
    with Store(settings.db) as store:
        store.create_session({"title": "数据迁移经验分享"})
    lists = _lists(_page(client, "/sessions", lang))
    assert list(lists) == [upcoming, undated, past]
    assert none_upcoming in lists[upcoming] and "数据迁移经验分享" in lists[undated] and none_past in lists[past]
    with Store(settings.db) as store:
        store.create_session({"title": "Vendor lessons", "scheduled_at": f"{date.today().year + 1}-01-15T14:30"})
    lists = _lists(_page(client, "/sessions", lang))
    assert "Vendor lessons" in lists[upcoming] and "数据迁移经验分享" not in lists[upcoming]
    assert "数据迁移经验分享" in lists[undated] and "Vendor lessons" not in lists[undated]
    reader = _page(client.application.test_client(), "/sessions", lang)  # drafts are for curators
    assert "数据迁移经验分享" not in reader and 'id="undated-sessions"' not in reader
