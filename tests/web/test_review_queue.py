"""The review queue (/review, /api/review): curators only, unreviewed lessons newest first, filters, verdicts and
tags one at a time or in bulk, CSRF, pages, the count in the navigation bar, both languages."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from markupsafe import escape

from kb.store import Store
from tests.web.conftest import login
from web.views import queue

ITEM = re.compile(r'<li class="queue-item" data-lesson="(\d+)"')
NAV_COUNT = re.compile(r'<span class="queue-count">(\d+)</span>')


def _listed(client, path: str = "/review") -> list[int]:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return [int(i) for i in ITEM.findall(response.get_data(as_text=True))]


def _lessons(client, key: str) -> list[int]:
    return [l["id"] for l in client.get(f"/api/documents/{key}").get_json()["lessons"]]


def _status(settings, lesson_id: int) -> tuple[str, str | None]:
    with Store(settings.db) as store:
        row = store.row("SELECT review_status, reviewed_by FROM lessons WHERE id = ?", [lesson_id])
    return row["review_status"], row["reviewed_by"]


def _unreviewed(settings) -> int:
    with Store(settings.db) as store:
        return store.review_queue_count()


def _sql(settings, sql: str, params=()) -> None:
    with Store(settings.db) as store:
        store.conn.execute(sql, params)


# ---- who may use it --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("lang", "why"), [("en", "That page needs an account: log in to open it."),
                                           ("zh", "该页面需要登录：登录后即可打开。")])
def test_a_visitor_sent_to_log_in_is_told_why_and_one_who_chose_to_is_not(app, lang, why):
    """A link to the review queue or the upload page, opened without an account, showed the login form with nothing
    saying why it was there instead of the page."""
    anonymous = app.test_client()
    anonymous.set_cookie("kb_lang", lang)
    page = anonymous.get("/review?project=CRM", follow_redirects=True).get_data(as_text=True)
    assert why in page and 'name="next" value="/review?project=CRM"' in page
    assert why not in anonymous.get("/login?next=/browse").get_data(as_text=True)  # the header's "Log in": no why


def test_anonymous_visitors_are_sent_to_log_in_and_readers_are_refused(app, settings):
    anonymous = app.test_client()
    response = anonymous.get("/review?project=CRM")
    assert response.status_code == 302 and "/login?next=" in response.headers["Location"]
    assert anonymous.get("/api/review").status_code == 401
    reader = app.test_client()
    token = login(reader, "rita")
    assert reader.get("/review").status_code == 403
    assert reader.get("/api/review").status_code == 403
    lesson = _lessons(reader, "crm/retro")[0]
    assert reader.post("/review", data={"csrf_token": token, "ids": lesson, "action": "approve"}).status_code == 403
    assert reader.post("/api/review", json={"ids": [lesson], "action": "approve"},
                       headers={"X-CSRF-Token": token}).status_code == 403
    assert _status(settings, lesson) == ("unreviewed", None)
    assert "/review" not in reader.get("/").get_data(as_text=True)  # no queue link for readers


def test_admins_may_use_it_too(app):
    admin = app.test_client()
    login(admin, "ada")
    assert admin.get("/review").status_code == 200


def test_a_post_without_the_csrf_token_changes_nothing(as_curator, settings):
    client, _ = as_curator
    lesson = _lessons(client, "crm/retro")[0]
    response = client.post("/review", data={"ids": lesson, "action": "approve"})
    assert response.status_code == 400 and "CSRF" in response.get_data(as_text=True)
    assert _status(settings, lesson) == ("unreviewed", None)


# ---- what it lists ---------------------------------------------------------------------------------------------
def test_it_lists_every_unreviewed_lesson_newest_first(as_curator, settings):
    client, _ = as_curator
    mes = _lessons(client, "mes/pm")  # the last document by key
    with Store(settings.db) as store:  # a day after every other lesson
        later = datetime.fromisoformat(store.scalar("SELECT max(created_at) FROM lessons")) + timedelta(days=1)
    _sql(settings, "UPDATE lessons SET created_at = ? WHERE id IN (?, ?)", [later.isoformat(timespec="seconds"), *mes])
    listed = _listed(client)
    assert listed[:2] == mes and len(listed) == _unreviewed(settings)
    assert f'<h1>Review queue <span class="count">{len(listed)}</span>' in client.get("/review").get_data(as_text=True)


@pytest.mark.parametrize(("query", "keys"), [
    ("project=CRM", ["crm/retro"]),
    ("project=crm", ["crm/retro"]),
    ("kind=root_cause", ["mes/pm"]),
    ("project=ERP系统升级&kind=went_wrong", ["erp/retro"]),
    ("author=Wang+Fang", ["mes/pm"]),
    ("author=wang+fang&kind=root_cause", ["mes/pm"]),
    ("project=Nowhere", []),
])
def test_filters_by_project_kind_and_author(as_curator, settings, query, keys):
    client, _ = as_curator
    _sql(settings, "UPDATE documents SET authors = '[\"Wang Fang\"]' WHERE key = 'mes/pm'")
    expected = {l["id"] for key in keys for l in client.get(f"/api/documents/{key}").get_json()["lessons"]
                if "kind=" not in query or l["kind"] == query.split("kind=")[1]}
    assert set(_listed(client, f"/review?{query}")) == expected
    page = client.get(f"/review?{query}").get_data(as_text=True)
    assert "Clear filters" in page
    if not keys:
        assert "Nothing awaits review with these filters." in page


def test_the_filter_menus_offer_the_values_present_and_keep_the_choice(as_curator, settings):
    client, _ = as_curator
    _sql(settings, "UPDATE documents SET authors = '[\"Wang Fang\"]' WHERE key = 'mes/pm'")
    page = client.get("/review?project=crm").get_data(as_text=True)
    assert '<option value="CRM" selected>CRM</option>' in page
    assert '<option value="Wang Fang" >Wang Fang</option>' in page
    assert "Clear filters" not in client.get("/review").get_data(as_text=True)


def test_an_unknown_kind_is_refused_in_the_visitors_language(as_curator):
    client, _ = as_curator
    response = client.get("/review?kind=gossip")
    assert response.status_code == 400 and "Unknown lesson kind" in response.get_data(as_text=True)
    client.set_cookie("kb_lang", "zh")
    assert "未知的经验类别" in client.get("/review?kind=gossip").get_data(as_text=True)


def test_pages_of_the_queue(as_curator, monkeypatch):
    client, _ = as_curator
    everything = _listed(client)
    monkeypatch.setattr(queue, "PAGE_SIZE", 3)
    pages = [_listed(client, f"/review?page={n}") for n in range(1, -(-len(everything) // 3) + 1)]
    assert [i for p in pages for i in p] == everything and all(len(p) == 3 for p in pages[:-1])
    assert 'rel="next"' in client.get("/review?page=1").get_data(as_text=True)
    assert _listed(client, "/review?page=999") == pages[-1]  # past the end: the last page
    for stray in ("abc", "0", "-3", "1.5", ""):  # a page number is navigation: a stray one is the first page
        response = client.get(f"/review?page={stray}")
        assert response.status_code == 200 and _listed(client, f"/review?page={stray}") == pages[0]


# ---- acting on it ----------------------------------------------------------------------------------------------
def test_bulk_approve_takes_the_chosen_lessons_out_and_says_how_many(as_curator, settings):
    client, token = as_curator
    chosen = _lessons(client, "erp/retro")[:2]
    before = _unreviewed(settings)
    response = client.post("/review", data={"csrf_token": token, "ids": chosen, "action": "approve",
                                            "next": "/review?project=ERP系统升级"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/review?project=")
    assert [_status(settings, i) for i in chosen] == [("approved", "carl")] * 2
    assert _unreviewed(settings) == before - 2
    page = client.get("/review").get_data(as_text=True)
    assert "Lessons approved: 2." in page and not set(chosen) & set(ITEM.findall(page))
    assert NAV_COUNT.search(page).group(1) == str(before - 2)


def test_one_lesson_hidden_from_its_row_leaves_readers_search(as_curator, app, settings):
    client, token = as_curator
    lesson = next(l for l in client.get("/api/documents/mes/pm").get_json()["lessons"] if l["kind"] == "root_cause")
    reader = app.test_client()
    assert "one week before" in reader.get("/?q=test+environment+not+ready").get_data(as_text=True)
    client.set_cookie("kb_lang", "zh")
    client.post("/review", data={"csrf_token": token, "ids": lesson["id"], "action": "hide"})
    assert _status(settings, lesson["id"]) == ("hidden", "carl")
    assert "已对读者隐藏 1 条经验。" in client.get("/review").get_data(as_text=True)
    assert "one week before" not in reader.get("/?q=test+environment+not+ready").get_data(as_text=True)


def test_bulk_tag(as_curator, settings):
    client, token = as_curator
    chosen = _lessons(client, "crm/retro")
    client.post("/review", data={"csrf_token": token, "ids": chosen, "action": "tag", "tag": "数据迁移"})
    assert all(l["tags"] == ["数据迁移"] for l in client.get("/api/documents/crm/retro").get_json()["lessons"])
    assert "Lessons tagged “数据迁移”: 2." in client.get("/review").get_data(as_text=True)
    assert _status(settings, chosen[0]) == ("unreviewed", None)  # tagging is not a verdict
    client.post("/review", data={"csrf_token": token, "ids": chosen[:1], "action": "untag", "tag": "数据迁移"})
    assert [l["tags"] for l in client.get("/api/documents/crm/retro").get_json()["lessons"]] == [[], ["数据迁移"]]
    assert "Lessons no longer tagged “数据迁移”: 1." in client.get("/review").get_data(as_text=True)


def test_a_verdict_from_a_row_comes_back_to_the_next_lesson_not_the_top(as_curator):
    """The queue is long: after each Approve or Hide of one row the page came back at its top."""
    client, token = as_curator
    body = client.get("/review").get_data(as_text=True)
    rows = [int(x) for x in ITEM.findall(body)]
    assert len(rows) >= 3 and all(f'id="lesson-{r}"' in body for r in rows)
    pairs = re.findall(r'<input type="hidden" name="ids" value="(\d+)">\s*(?:<input type="hidden" name="reason" '
                       r'value="required">\s*)?<input type="hidden" name="next" value="([^"]*)">', body)
    assert pairs[0::2] == pairs[1::2]  # a row's verdict buttons, and its hide-with-a-reason form, alike
    nexts = pairs[0::2]
    assert [int(i) for i, _ in nexts] == rows
    assert [n for _, n in nexts] == [f"/review#lesson-{r}" for r in rows[1:]] + [f"/review#lesson-{rows[-2]}"]
    sent = client.post("/review", data={"csrf_token": token, "ids": rows[0], "action": "approve",
                                        "next": nexts[0][1]})
    assert sent.status_code == 302 and sent.headers["Location"] == f"/review#lesson-{rows[1]}"
    assert ITEM.findall(client.get("/review").get_data(as_text=True))[0] == str(rows[1])
    tag_next = re.search(rf'name="ref" value="{rows[1]}">\s*<input type="hidden" name="next" value="([^"]+)"',
                         client.get("/review").get_data(as_text=True))
    assert tag_next and tag_next.group(1) == f"/review#lesson-{rows[1]}"  # tagging comes back to the lesson


def test_bulk_tags_typed_with_commas_are_several_all_or_none(as_curator):
    """As tagging in place reads them: '数据迁移，割接' was one tag named with a comma."""
    client, token = as_curator
    chosen = _lessons(client, "crm/retro")

    def tags():
        return [sorted(l["tags"]) for l in client.get("/api/documents/crm/retro").get_json()["lessons"]]

    client.post("/review", data={"csrf_token": token, "ids": chosen, "action": "tag", "tag": "数据迁移，割接、"})
    assert tags() == [["割接", "数据迁移"]] * 2
    # what was done names each tag: it quoted the text as typed, as if it were one tag named "数据迁移，割接、"
    assert "Lessons tagged “数据迁移”, “割接”: 2." in client.get("/review").get_data(as_text=True)
    client.set_cookie("kb_lang", "zh")
    client.post("/review", data={"csrf_token": token, "ids": chosen, "action": "untag", "tag": "割接 ,数据迁移"})
    assert "已从 2 条经验移除标签“割接”、“数据迁移”。" in client.get("/review").get_data(as_text=True)
    client.set_cookie("kb_lang", "en")
    client.post("/review", data={"csrf_token": token, "ids": chosen, "action": "tag", "tag": "数据迁移，割接、"})
    client.post("/review", data={"csrf_token": token, "ids": chosen, "action": "tag", "tag": "冻结期, ###"})
    assert tags() == [["割接", "数据迁移"]] * 2  # the second is no tag: neither is added
    client.post("/review", data={"csrf_token": token, "ids": chosen[:1], "action": "untag", "tag": "割接, 数据迁移"})
    assert tags() == [[], ["割接", "数据迁移"]]


@pytest.mark.parametrize(("form", "english", "chinese"), [
    ({"action": "approve"}, "Choose at least one lesson", "请至少选择一条经验"),
    ({"action": "tag", "ids": "1"}, "Type a tag", "请输入标签"),
    ({"action": "", "ids": "1"}, "Choose an action for the lessons ticked", "请选择对勾选的经验执行的操作"),
    ({"action": "delete", "ids": "1"}, "&#39;action&#39; must be approve, hide, tag or untag", "操作（action）只能是"),
    ({"action": "untag", "ids": "1"}, "Type a tag", "请输入标签"),
    ({"action": "approve", "ids": "x"}, "&#39;ids&#39; must be a list of lesson numbers: value 1 (&#34;x&#34;) is not one",
     "ids 必须是经验编号的列表：第 1 个值（“x”）不是经验编号"),
    ({"action": "approve", "ids": ["1", "999999"]}, "No lesson 999999", "没有编号为 999999 的经验"),
])
def test_a_form_problem_comes_back_to_the_queue_as_a_message(as_curator, settings, form, english, chinese):
    client, token = as_curator
    before = _unreviewed(settings)
    for lang, text in (("en", english), ("zh", chinese)):
        client.set_cookie("kb_lang", lang)
        response = client.post("/review?project=CRM", data={"csrf_token": token, "next": "/review?project=CRM", **form})
        assert response.status_code == 302 and response.headers["Location"] == "/review?project=CRM"
        assert text in client.get("/review?project=CRM").get_data(as_text=True)
    assert _unreviewed(settings) == before


@pytest.mark.parametrize(("lang", "said"), [("zh", "你选中的 2 条经验和填写的内容都已保留：改好后再点“应用”。"),
                                            ("en", "The 2 lessons you chose are still ticked, with what you typed")])
def test_the_bulk_form_sent_without_its_tag_comes_back_as_it_was_sent(as_curator, settings, lang, said):
    """Two lessons ticked, Add a tag chosen, the tag forgotten: the queue said "Type a tag" with every box unticked,
    the lessons to be found and ticked again."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    chosen = _listed(client)[1:3]
    client.post("/review", data={"csrf_token": token, "next": "/review", "bulk": "1", "action": "tag", "tag": " ",
                                 "note": "重复 <b>", "ids": [str(i) for i in chosen]})
    page = client.get("/review").get_data(as_text=True)
    assert said in page.replace("&#34;", '"').replace("&quot;", '"')
    ticked = [int(i) for i in re.findall(r'name="ids" value="(\d+)" form="bulk" id="pick-\d+" checked', page)]
    assert ticked == chosen
    assert '<option value="tag" selected>' in page and 'value="重复 &lt;b&gt;"' in page
    again = client.get("/review").get_data(as_text=True)  # said once: a later visit starts afresh
    assert " checked" not in again.split('<ol class="queue-list">')[1] and said not in again



def test_a_bulk_form_with_an_id_of_thousands_of_digits_comes_back_with_the_others_kept(as_curator):
    # int() refuses more than 4,300 digits (a ValueError): the form kept as sent was a 500 (r-review)
    client, token = as_curator
    chosen = _listed(client)[1]
    sent = client.post("/review", data={"csrf_token": token, "next": "/review", "bulk": "1", "action": "approve",
                                        "ids": ["1" * 5000, str(chosen)]})
    assert sent.status_code == 302
    page = client.get("/review").get_data(as_text=True)
    assert "is not one" in page
    assert re.findall(r'name="ids" value="(\d+)" form="bulk" id="pick-\d+" checked', page) == [str(chosen)]

def test_the_navigation_count_is_for_curators_and_follows_verdicts(as_curator, settings):
    client, _ = as_curator
    count = _unreviewed(settings)
    assert NAV_COUNT.search(client.get("/browse").get_data(as_text=True)).group(1) == str(count)
    client.set_cookie("kb_lang", "zh")
    assert ">审核队列 <span class=\"queue-count\">" in client.get("/tags").get_data(as_text=True)
    with Store(settings.db) as store:
        store.set_reviews([r[0] for r in store.conn.execute("SELECT id FROM lessons")], "approved")
    page = client.get("/browse").get_data(as_text=True)
    assert NAV_COUNT.search(page) is None and "审核队列" in page
    assert "没有待审核的经验。" in client.get("/review").get_data(as_text=True)


# ---- the API ---------------------------------------------------------------------------------------------------
def test_the_api_lists_and_acts_in_bulk(as_curator, settings):
    client, token = as_curator
    api = {"X-CSRF-Token": token}
    listing = client.get("/api/review?project=CRM&limit=1").get_json()
    assert listing["total"] == 2 and len(listing["items"]) == 1 and listing["items"][0]["project"] == "CRM"
    ids = [l["id"] for l in client.get("/api/review?project=CRM").get_json()["items"]]
    before = _unreviewed(settings)
    reply = client.post("/api/review", json={"action": "approve", "ids": ids}, headers=api).get_json()
    assert reply == {"ok": True, "action": "approve", "changed": 2, "remaining": before - 2}
    assert client.get("/api/review?project=CRM").get_json()["total"] == 0
    reply = client.post("/api/review", json={"action": "tag", "ids": ids, "tag": "vendor"}, headers=api)
    assert reply.get_json()["changed"] == 2
    reply = client.post("/api/review", json={"action": "untag", "ids": ids, "tag": "Vendor"}, headers=api)
    assert reply.get_json()["changed"] == 2 and client.get("/api/review?project=CRM").get_json()["total"] == 0


@pytest.mark.parametrize(("body", "message"), [
    ({"action": "approve", "ids": []}, "请至少选择一条经验"),
    ({"action": "approve", "ids": "1"}, "ids 必须是经验编号"),
    ({"action": "approve", "ids": [True]}, "ids 必须是经验编号"),
    ({"action": "approve", "ids": [-1]}, "ids 必须是经验编号"),
    ({"action": "approve", "ids": [1, 999999]}, "没有编号为 999999 的经验"),
    ({"action": "delete", "ids": [1]}, "操作（action）只能是 approve、hide、tag 或 untag"),
    ({"ids": [1]}, "操作（action）只能是 approve、hide、tag 或 untag"),
    ({"action": "tag", "ids": [1], "tag": 5}, "“tag”必须是文本"),  # it said "type a tag" of a tag not text
    ({"action": "tag", "ids": [1], "tag": True}, "“tag”必须是文本，而不是 true/false"),
    ({"action": "tag", "ids": [1], "tag": " "}, "请输入标签"),
    ({"action": "approve", "ids": list(range(1, 502))}, "一次最多只能选择 500 条经验"),
])
def test_api_errors_are_json_in_the_callers_language(as_curator, settings, body, message):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    before = _unreviewed(settings)
    response = client.post("/api/review", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code in (400, 404)
    assert response.get_json()["error"]["message"].startswith(message)
    assert _unreviewed(settings) == before


@pytest.mark.parametrize(("lang", "home_line"), [("en", "Lessons awaiting review: 1,097"), ("zh", "1,097 条经验待审核")])
def test_a_long_queue_is_counted_with_thousands_separators_in_both_languages(as_curator, monkeypatch, lang, home_line):
    """The navigation bar said "Review queue 1097" while the CLI writes 1,099; zh-CN groups digits the same way."""
    client, _ = as_curator
    monkeypatch.setattr(Store, "review_queue_count", lambda self: 1097)
    client.set_cookie("kb_lang", lang)
    page = client.get("/").get_data(as_text=True)
    assert '<span class="queue-count">1,097</span>' in page  # the template's number filter
    assert home_line in page  # a catalogue message through kb.wording.say


def test_a_tag_that_is_not_text_is_named_so_in_english(as_curator, settings):
    # {"action": "tag", "tag": true} was answered "type a tag", as if none had been sent
    client, token = as_curator
    response = client.post("/api/review", json={"action": "tag", "ids": [1], "tag": True},
                           headers={"X-CSRF-Token": token, "Accept-Language": "en"})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "'tag' must be text, not true/false"


@pytest.mark.parametrize(("lang", "recorded"), [("en", "Recorded lesson"), ("zh", "记录的经验")])
def test_a_lesson_recorded_without_a_title_is_said_once_in_its_row(as_curator, lang, recorded):
    """Its document is titled with its text and its title made from it: the row said the lesson's start three
    times, as its document's link, as its title and as its text (u-left5's finding, at 390 px and 1280 px alike)."""
    client, token = as_curator
    text = ("Book the forklift contractor before the lease is signed: in the month of the move every contractor "
            "in town was taken, and the racks stood in the yard for nine days.")
    saved = client.post("/contribute/record", data={"csrf_token": token, "lesson": text, "kind": "lesson",
                                                    "project": "Warehouse move"})
    assert saved.status_code == 302
    client.set_cookie("kb_lang", lang)
    page = client.get("/review?project=Warehouse+move").get_data(as_text=True)
    row = page[page.index('<li class="queue-item"'):page.index("</li>", page.index('<li class="queue-item"'))]
    assert row.count("Book the forklift") == 1 and f">{text}</p>" in row  # the text, once, whole
    document = re.search(r'<a href="/documents/[^"]+">([^<]*)</a>', row)
    assert document and document.group(1) == recorded  # its document, as the lesson's page says it


def test_a_lesson_s_own_title_and_its_document_s_stay_in_its_row(as_curator):
    client, _ = as_curator
    page = client.get("/review?project=CRM").get_data(as_text=True)
    row = page[page.index('<li class="queue-item"'):page.index("</li>", page.index('<li class="queue-item"'))]
    assert "Recorded lesson" not in row and re.search(r'<a href="/documents/crm/retro">[^<]+</a>', row)


def test_a_register_row_titled_with_its_lesson_keeps_its_document_s_title(as_curator, settings):
    """A lesson register's row with no title column is titled with its lesson's start cut with "…" (ingest.register),
    as a recorded lesson is: the queue called that ingested row a "Recorded lesson", which the lesson's page and
    /browse, going by its key, do not."""
    client, _ = as_curator
    with Store(settings.db) as store:
        row = store.row("SELECT l.id, l.text, d.id AS doc FROM lessons l JOIN documents d ON d.id = l.document_id"
                        " WHERE d.key = 'crm/retro' ORDER BY l.id LIMIT 1")
    title = row["text"][:20].rstrip() + "…"
    _sql(settings, "UPDATE documents SET title = ? WHERE id = ?", [title, row["doc"]])
    page = client.get("/review?project=CRM").get_data(as_text=True)
    start = page.index(f'<li class="queue-item" data-lesson="{row["id"]}"')
    item = page[start:page.index("</li>", start)]
    assert "Recorded lesson" not in item and f'<a href="/documents/crm/retro">{escape(title)}</a>' in item


def test_a_long_bulk_form_kept_never_makes_a_cookie_a_browser_drops(as_curator):
    """A hundred lessons ticked, a long tag list and reason, refused: the kept form made a 4,372-byte cookie, which a
    browser drops (the login kept, the error and the form lost; r-review3). The ticks are let go first, the text
    typed kept; every Set-Cookie fits in 4,096 bytes and the queue still knows the curator."""
    client, token = as_curator
    varied = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(600))  # Chinese that zlib cannot shrink much
    sent = client.post("/review", data={"csrf_token": token, "next": "/review", "bulk": "1", "action": "tag",
                                        "tag": varied, "note": varied[::-1][:500],
                                        "ids": [str(10_000 + i) for i in range(100)]})
    assert sent.status_code == 302
    (cookie,) = sent.headers.getlist("Set-Cookie")
    assert len(cookie.encode()) <= 4096, len(cookie)
    queue = client.get("/review")
    assert queue.status_code == 200  # still signed in: not sent to the login page
    assert varied[::-1][:500] in queue.get_data(as_text=True)  # the reason typed comes back
