"""A lesson recorded on the site says where it came from in words — who recorded it and when — on its document's page
and its own, not the register row's key and type ("Key: 仓库搬迁/recorded-lessons.jsonl#web-2026…", "Type: Lessons
register"), which mean nothing to the project manager who recorded it; a curator still sees them (``kb show`` takes
the key)."""

from __future__ import annotations

import re

import pytest

from kb.store import Store
from tests.web.conftest import csrf_of, login

TEXT = "叉车外包商要在租约签署前预订，否则一个月内都排不上。"
SAID = {"zh": "由 pat 于 ", "en": "Recorded on this site by pat on "}


def _record(client, contributor) -> tuple[str, int]:
    """Record a lesson as the contributor; its document's address and its lesson's id."""
    name, password = contributor
    token = csrf_of(client, "/login")
    client.post("/login", data={"username": name, "password": password, "csrf_token": token})
    saved = client.post("/contribute/record", data={"csrf_token": csrf_of(client, "/contribute/record"), "lesson": TEXT,
                                                    "kind": "lesson", "project": "仓库搬迁"})
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    return saved.headers["Location"], int(re.search(r'href="/lessons/(\d+)', page).group(1))


def _meta(body: str) -> str:
    return re.search(r'<dl class="meta">(.*?)</dl>', body, re.DOTALL).group(1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_recorded_lesson_says_who_recorded_it_and_when_not_its_key(client, contributor, lang):
    address, lesson_id = _record(client, contributor)
    client.set_cookie("kb_lang", lang)
    for page in (address, f"/lessons/{lesson_id}"):
        meta = _meta(client.get(page).get_data(as_text=True))
        said = re.search(r"<dd>([^<]*)<time class=\"js-local\" datetime=\"(\d{4}-\d\d-\d\dT[\d:]+\+00:00)\">", meta)
        assert said and said.group(1).startswith(SAID[lang]), meta  # a <time> the browser reads in its own zone
        assert "recorded-lessons.jsonl" not in meta and "web-20" not in meta
        assert ("经验教训登记册" if lang == "zh" else "Lessons register") not in meta
    lesson = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    crumbs = re.search(r'<p class="crumbs">(.*?)</p>', lesson, re.DOTALL).group(1)
    assert TEXT not in crumbs and "仓库搬迁" in crumbs  # its document's title is its own text: not said twice
    assert ("记录的经验" if lang == "zh" else "Recorded lesson") in crumbs


def test_a_curator_still_sees_a_recorded_lessons_key_and_type(client, contributor):
    address, _ = _record(client, contributor)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    login(client, "carl")
    client.set_cookie("kb_lang", "en")
    meta = _meta(client.get(address).get_data(as_text=True))
    assert "recorded-lessons.jsonl#web-" in meta and "Lessons register" in meta
    assert "Recorded on this site by pat on " in meta


def test_a_document_of_a_file_keeps_its_type_authors_and_key(client):
    client.set_cookie("kb_lang", "en")
    meta = _meta(client.get("/documents/mes/pm").get_data(as_text=True))
    assert "Post-mortem" in meta and "<code>mes/pm</code>" in meta and "Recorded on this site" not in meta


@pytest.mark.parametrize(("lang", "mine", "everyone", "register"), [
    ("zh", "我的贡献", "所有人的贡献", "经验教训登记册"), ("en", "My contributions", "Everyone's contributions", "Lessons register")])
def test_the_contributions_list_names_a_recorded_lesson_once_and_a_curators_list_is_everyones(
        client, contributor, lang, mine, everyone, register):
    _record(client, contributor)
    client.set_cookie("kb_lang", lang)
    body = client.get("/contribute").get_data(as_text=True)
    row = re.search(r'<tr data-key="[^"]*recorded-lessons[^"]*">(.*?)</tr>', body, re.DOTALL).group(1)
    assert register not in row  # said under its title as a recorded lesson, its type's cell left empty
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    login(client, "carl")
    client.set_cookie("kb_lang", lang)
    body = client.get("/contribute?all=1").get_data(as_text=True)
    assert f"<h1>{everyone}</h1>" in body.replace("&#39;", "'") and f"<title>{everyone} · " in body.replace("&#39;", "'")
    assert f'<a href="/contribute">{mine}</a>' in body  # back to one's own
    assert f"<h1>{mine}</h1>" in client.get("/contribute").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_contributor_is_named_as_the_header_names_them(client, settings, lang):
    """The header said "Logged in as 林晓燕" and the lesson she had recorded "Recorded on this site by lxy": her login
    name, which nobody else knows her by. Every page that names her (the lesson, its document, the review queue, the
    curators' contributions, a tag's history) gives her display name; a user given none is named by the login."""
    with Store(settings.db) as store:
        store.add_user("lxy", "contrib-pass-9", "contributor", display_name="林晓燕")
    address, lesson_id = _record(client, ("lxy", "contrib-pass-9"))
    client.set_cookie("kb_lang", lang)
    by = "由 林晓燕 于 " if lang == "zh" else "Recorded on this site by 林晓燕 on "
    assert "林晓燕" in re.search(r'<span class="who">(.*?)</span>', client.get("/").get_data(as_text=True)).group(1)
    for page in (address, f"/lessons/{lesson_id}"):
        assert by in _meta(client.get(page).get_data(as_text=True)), page
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    token = login(client, "carl")
    assert by in _meta(client.get(f"/lessons/{lesson_id}").get_data(as_text=True))
    client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": str(lesson_id),
                                          "tag": "叉车"})
    queue = client.get("/review").get_data(as_text=True)
    assert ("提交人：林晓燕" if lang == "zh" else "Contributed by 林晓燕") in queue  # once: not as an author too
    assert "<span>林晓燕</span>" not in queue and queue.count('<option value="林晓燕"') == 1 and "lxy" not in queue
    assert TEXT in client.get("/review?author=林晓燕").get_data(as_text=True)  # the menu's name finds her lessons
    mine = client.get("/contribute?all=1").get_data(as_text=True)
    assert ">林晓燕</td>" in mine and ">lxy</td>" not in mine
    history = client.get("/tags").get_data(as_text=True)
    assert "<td>carl</td>" in history  # a curator given no display name of their own: the login
