"""Writes: roles (403s), CSRF, tagging, review, share sessions, login throttling."""

import html
import re
from datetime import date, timedelta

import pytest

from tests.web.conftest import csrf_of, login

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Writes open to everyone by design (no account needed): logging in and out, signing up for the digest and changing
# a subscription from a digest's link, confirming a subscription (a button on the page its e-mail links to, so a
# mail scanner fetching the link confirms nothing). All of them need the CSRF token (they are in the CSRF walk
# below), except the one-click unsubscribe link of digest e-mails, which mail clients POST without a cookie: it is authenticated by its
# signed, single-use token instead (see tests/digest/test_digest_cli_and_web.py).
PUBLIC_WRITES = {"auth.login", "auth.logout", "digest.subscribe", "digest.confirm", "digest.manage",
                 "digest.unsubscribe", "search.home", "api.search", "api.similar_to_text"}  # a search POSTs a pasted text (s-paste)
# the API's searches write nothing a reader did not ask, and take JSON alone, which no other site can send
# (test_paste.py); the paste box (search.home) keeps the text it posts, and needs the token as every form that writes
CSRF_EXEMPT = {"digest.unsubscribe", "api.search", "api.similar_to_text"}


def write_routes(app, skip=PUBLIC_WRITES):
    """Every state-changing route the app has (so a new one cannot slip through unprotected), but those in skip."""
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & WRITE_METHODS
        if not methods or rule.endpoint in skip:
            continue
        values = {arg: ("erp/retro" if arg == "key" else "tagname" if arg == "tag" else 1) for arg in rule.arguments}
        for method in sorted(methods):
            yield method, rule.build(values, append_unknown=False)[1], rule.endpoint


def test_every_write_route_is_known(app):
    endpoints = {endpoint for _, _, endpoint in write_routes(app)}
    assert len(endpoints) >= 20
    assert {"curation.add_tag", "sessions.create", "api.add_item", "api.order"} <= endpoints


def test_every_write_refuses_anonymous_visitors(app, client):
    token = csrf_of(client)
    for method, path, endpoint in write_routes(app):
        response = client.open(path, method=method, data={"csrf_token": token}, headers={"X-CSRF-Token": token})
        assert response.status_code == 401, (endpoint, response.status_code)


def test_every_write_refuses_readers_with_403(app, as_reader):
    client, token = as_reader
    for method, path, endpoint in write_routes(app):
        response = client.open(path, method=method, data={"csrf_token": token}, headers={"X-CSRF-Token": token})
        assert response.status_code == 403, (endpoint, response.status_code)


def test_every_write_refuses_a_missing_or_wrong_csrf_token(app, as_curator):
    client, _token = as_curator
    routes = list(write_routes(app, skip=CSRF_EXEMPT))
    assert {"auth.login", "auth.logout", "digest.subscribe", "digest.confirm", "digest.manage"} <= {
        e for _, _, e in routes}
    for method, path, endpoint in routes:
        for headers in ({}, {"X-CSRF-Token": "forged"}):
            response = client.open(path, method=method, data={"csrf_token": headers.get("X-CSRF-Token", "")},
                                   headers=headers)
            assert response.status_code == 400, (endpoint, response.status_code)
            assert "CSRF" in response.get_data(as_text=True)


def test_logout_needs_csrf_too(as_curator):
    client, token = as_curator
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


def test_curator_tags_a_document_and_a_lesson_in_place(as_curator, settings):
    client, token = as_curator
    response = client.post("/curate/tags/add", data={"csrf_token": token, "target": "document", "ref": "erp/retro",
                                                      "tag": "经验分享", "next": "/documents/erp/retro"})
    assert response.status_code == 302
    assert "经验分享" in client.get("/documents/erp/retro").get_data(as_text=True)
    doc = client.get("/api/documents/erp/retro").get_json()
    assert {"label": "经验分享", "origin": "curator", "added_by": "carl"}.items() <= next(
        t for t in doc["tags"] if t["label"] == "经验分享").items()
    lesson_id = doc["lessons"][0]["id"]
    reply = client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": str(lesson_id),
                                                  "tag": "vendor"}, headers={"Accept": "application/json"})
    assert reply.get_json() == {"ok": True, "added": True, "tag": "vendor", "tags": ["vendor"]}
    client.post("/curate/tags/remove", data={"csrf_token": token, "target": "document", "ref": "erp/retro",
                                             "tag": "经验分享"})
    assert "经验分享" not in [t["label"] for t in client.get("/api/documents/erp/retro").get_json()["tags"]]
    from kb.store import Store

    with Store(settings.db) as store:
        events = store.tag_events()
        assert [(e["action"], e["actor"]) for e in events[:3]] == [("remove", "carl"), ("add", "carl"), ("add", "carl")]


def test_tags_typed_with_commas_are_several_tags_all_or_none(as_curator):
    """As the record and merge forms read them: '供应商管理，测试' was one tag named with a comma, which the merge
    form then could not name."""
    client, token = as_curator

    def labels():
        return sorted(t["label"] for t in client.get("/api/documents/erp/retro").get_json()["tags"])

    before = labels()
    sent = client.post("/curate/tags/add", data={"csrf_token": token, "target": "document", "ref": "erp/retro",
                                                  "tag": "接口延期，测试环境、 cut-over ,"})
    assert sent.status_code == 302 and labels() == sorted([*before, "接口延期", "测试环境", "cut-over"])
    client.post("/curate/tags/add", data={"csrf_token": token, "target": "document", "ref": "erp/retro",
                                          "tag": "冻结期, ###"})  # the second cannot be a tag: neither is added
    assert "冻结期" not in labels()


@pytest.mark.parametrize(("lang", "says"), [("en", "a tag needs at least one letter or character"),
                                            ("zh", "标签至少需要一个字母或汉字")])
def test_a_tag_that_cannot_be_one_is_said_on_the_page_not_an_error_page(as_curator, lang, says):
    """The form is in place on a document or lesson page (and its script falls back to it): a 400 page with a
    link back to search lost the page the curator was tagging."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    lesson_id = client.get("/api/documents/erp/retro").get_json()["lessons"][0]["id"]
    for tag in ("###", "x" * 61):
        sent = client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": lesson_id,
                                                      "tag": tag, "next": f"/lessons/{lesson_id}"})
        assert sent.status_code == 302 and sent.headers["Location"] == f"/lessons/{lesson_id}"
        page = client.get(sent.headers["Location"]).get_data(as_text=True)
        message = re.search(r'<div class="flash error" role="alert">(.*?)</div>', page, re.DOTALL).group(1)
        assert (says[:1].upper() + says[1:] if tag == "###" else "60") in message  # a sentence on the page
    assert client.get(f"/api/lessons/{lesson_id}").get_json()["tags"] == []
    scripted = client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": lesson_id,
                                                      "tag": "###"}, headers={"Accept": "application/json"})
    assert scripted.status_code == 400 and says in scripted.get_json()["error"]["message"]


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "At most 20 tags on a lesson: remove one before adding 'tag 20'"),
    ("zh", "每条经验最多 20 个标签：请先删除一个，再添加“tag 20”")])
def test_a_lesson_given_more_tags_than_the_cap_is_said_on_its_page_naming_it(as_curator, lang, says):
    """Tags typed with commas were taken however many: 150 on one lesson. kb.store.MAX_TAGS (20) a document or
    lesson, all or none, said on the page the form is on (the bulk form of the review queue says it alike)."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    lesson_id = client.get("/api/documents/erp/retro").get_json()["lessons"][0]["id"]
    sent = client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": lesson_id,
                                                  "tag": ", ".join(f"tag {n}" for n in range(21)),
                                                  "next": f"/lessons/{lesson_id}"})
    assert sent.status_code == 302 and sent.headers["Location"] == f"/lessons/{lesson_id}"
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    message = re.search(r'<div class="flash error" role="alert">(.*?)</div>', page, re.DOTALL).group(1)
    assert html.unescape(message).strip() == f"<p>{says}</p>"
    assert client.get(f"/api/lessons/{lesson_id}").get_json()["tags"] == []  # none of the 21
    queued = client.post("/review", data={"csrf_token": token, "action": "tag", "ids": lesson_id, "bulk": "1",
                                          "tag": ", ".join(f"tag {n}" for n in range(21))})
    assert queued.status_code == 302
    assert says in html.unescape(client.get("/review").get_data(as_text=True))


def test_tag_suggestions_come_only_from_documents_that_are_alike(as_curator):
    """erp/retro's one tagged neighbour, an English post-mortem, has a cosine of 0.30 with it: "environments" was
    suggested from it, as a tax 事故报告 took a sales-data incident's tags (tests/search/test_tag_suggestions.py has
    the suggestions alike documents give)."""
    client, _token = as_curator
    data = client.get("/curate/tags/suggest?key=erp/retro").get_json()
    assert data == {"key": "erp/retro", "suggestions": []}


def test_rename_and_merge_tags(as_curator):
    client, token = as_curator
    client.post("/curate/tags/rename", data={"csrf_token": token, "old": "environments", "new": "环境就绪"})
    client.post("/curate/tags/merge", data={"csrf_token": token, "sources": "环境就绪", "into": "供应商管理"})
    tags = {t["label"]: t["documents"] for t in client.get("/api/tags").get_json()["items"]}
    assert tags["供应商管理"] == 2 and "环境就绪" not in tags and "environments" not in tags


def test_the_merge_form_reads_its_tags_as_tagging_does(as_curator):
    """Commas of either width and the enumeration comma separate the tags to merge, as in the tag and record forms."""
    client, token = as_curator
    client.post("/curate/tags/add", data={"csrf_token": token, "target": "document", "ref": "erp/retro",
                                          "tag": "接口延期，测试环境"})
    client.post("/curate/tags/merge", data={"csrf_token": token, "sources": "接口延期、测试环境", "into": "供应商管理"})
    tags = {t["label"] for t in client.get("/api/tags").get_json()["items"]}
    assert "供应商管理" in tags and not {"接口延期", "测试环境"} & tags


def test_hidden_lessons_leave_search_for_readers_but_not_for_curators(as_curator, app):
    client, token = as_curator
    doc = client.get("/api/documents/mes/pm").get_json()
    lesson = next(l for l in doc["lessons"] if l["kind"] == "root_cause")
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson["id"], "status": "hidden"})
    assert client.get(f"/api/lessons/{lesson['id']}").get_json()["review_status"] == "hidden"
    reader = app.test_client()
    hits = reader.get("/api/search?q=test+environment+not+ready").get_json()
    lesson_ids = {h["lesson_id"] for g in hits["results"] for h in g["hits"]}
    assert lesson["id"] not in lesson_ids
    assert reader.get(f"/lessons/{lesson['id']}").status_code == 404
    assert "hidden-lesson" in client.get("/documents/mes/pm").get_data(as_text=True)


def test_share_session_lifecycle(as_curator):
    client, token = as_curator
    response = client.post("/sessions", data={"csrf_token": token, "title": "供应商管理经验分享会",
                                              "theme": "供应商交付延期", "presenters": "张伟，李娜", "audience": "PM"})
    assert response.status_code == 302
    session_url = response.headers["Location"]
    session_id = int(session_url.rsplit("/", 1)[1])
    lessons = [l for d in ("erp/retro", "mes/pm", "crm/retro") for l in client.get(f"/api/documents/{d}").get_json()["lessons"]]
    first, second, third = lessons[0]["id"], lessons[3]["id"], lessons[5]["id"]
    for lesson_id in (first, second, third):
        assert client.post("/sessions/items", data={"csrf_token": token, "session_id": session_id,
                                                    "lesson_id": lesson_id}).status_code == 302
    again = client.post("/sessions/items", data={"csrf_token": token, "session_id": session_id, "lesson_id": first})
    assert "already on this agenda" in html.unescape(client.get(again.headers["Location"]).get_data(as_text=True))
    items = client.get(f"/api/sessions/{session_id}").get_json()["items"]
    ids = [i["id"] for i in items]
    client.post(f"/sessions/{session_id}/items/{ids[2]}/move", data={"csrf_token": token, "direction": "up"})
    client.post(f"/sessions/{session_id}/order", data={"csrf_token": token, "order": f"{ids[2]},{ids[0]},{ids[1]}"})
    client.post(f"/sessions/{session_id}/items/{ids[0]}", data={"csrf_token": token, "note": "请张伟讲", "minutes": "讨论了合同罚则"})
    client.post(f"/sessions/{session_id}/items/{ids[1]}/remove", data={"csrf_token": token})
    session = client.get(f"/api/sessions/{session_id}").get_json()
    assert [i["id"] for i in session["items"]] == [ids[2], ids[0]]
    assert session["items"][1]["note"] == "请张伟讲" and session["presenters"] == ["张伟", "李娜"]
    bad = client.post(f"/sessions/{session_id}/status", data={"csrf_token": token, "status": "scheduled"})
    assert bad.status_code == 400 and "date" in bad.get_data(as_text=True)
    day = (date.today() + timedelta(days=30)).isoformat()  # still to come (it was 2026-12-10: past by then)
    client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "scheduled_at": f"{day}T14:00"})
    client.post(f"/sessions/{session_id}/status", data={"csrf_token": token, "status": "scheduled"})
    assert client.get(f"/api/sessions/{session_id}").get_json()["status"] == "scheduled"
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert markdown.startswith("# 供应商管理经验分享会")
    assert markdown.index(session["items"][0]["lesson_text"]) < markdown.index(session["items"][1]["lesson_text"])
    assert "请张伟讲" in markdown and f"{day} 14:00" in markdown
    printable = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert "讨论了合同罚则" in printable  # and no script but the Print button's own
    assert re.findall(r"<script[^>]*>", printable) == ['<script src="/static/js/print.js" defer>']
    upcoming = client.get("/api/sessions?when=upcoming").get_json()["items"]
    assert [s["id"] for s in upcoming] == [session_id]


def test_suggestions_exclude_lessons_presented_in_earlier_sessions(as_curator):
    client, token = as_curator
    api = {"X-CSRF-Token": token}
    earlier = client.post("/api/sessions", json={"title": "Earlier", "scheduled_at": "2025-01-10T10:00"},
                          headers=api).get_json()
    later = client.post("/api/sessions", json={"title": "Later", "theme": "test environment not ready",
                                               "scheduled_at": "2026-12-01T10:00"}, headers=api).get_json()
    body = client.get(f"/sessions/{later['id']}").get_data(as_text=True)
    suggested = _suggested_lessons(body)
    assert suggested
    presented = suggested[0]
    client.post(f"/api/sessions/{earlier['id']}/items", json={"lesson_id": presented}, headers=api)
    client.patch(f"/api/sessions/{earlier['id']}", json={"status": "held"}, headers=api)
    assert presented not in _suggested_lessons(client.get(f"/sessions/{later['id']}").get_data(as_text=True))


@pytest.mark.parametrize(("lang", "says"), [("en", "Found from the title"), ("zh", "以下推荐来自标题")])
def test_a_session_without_a_theme_gets_suggestions_from_its_title(as_curator, lang, says):
    """A new session has a title and no theme: its suggestions card said only "give it a theme", though the page's
    empty agenda pointed at the suggestions."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session = client.post("/api/sessions", json={"title": "Test environment not ready"},
                          headers={"X-CSRF-Token": token}).get_json()
    body = client.get(f"/sessions/{session['id']}").get_data(as_text=True)
    card = re.search(r'<section class="card" id="suggestions">(.*?)</section>', body, re.DOTALL).group(1)
    assert says in card and 'name="lesson_id"' in card
    client.patch(f"/api/sessions/{session['id']}", json={"theme": "vendor delivered late"},
                 headers={"X-CSRF-Token": token})
    card = re.search(r'<section class="card" id="suggestions">(.*?)</section>',
                     client.get(f"/sessions/{session['id']}").get_data(as_text=True), re.DOTALL).group(1)
    assert says not in card and 'name="lesson_id"' in card


def test_adding_a_suggestion_comes_back_to_the_suggestions_not_the_top(as_curator):
    """The suggestions are at the foot of a long page: after each one added, the page came back at its top."""
    client, token = as_curator
    later = client.post("/api/sessions", json={"title": "Later", "theme": "test environment not ready"},
                        headers={"X-CSRF-Token": token}).get_json()
    body = client.get(f"/sessions/{later['id']}").get_data(as_text=True)
    card = re.search(r'<section class="card" id="suggestions">(.*?)</section>', body, re.DOTALL).group(1)
    form = re.search(r'<form method="post" action="([^"]+)" class="inline">(.*?)</form>', card, re.DOTALL)
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', form.group(2)))
    sent = client.post(form.group(1), data={**fields, "csrf_token": token})
    assert sent.status_code == 302 and sent.headers["Location"] == f"/sessions/{later['id']}#suggestions"
    assert int(fields["lesson_id"]) in [i["lesson_id"] for i in client.get(f"/api/sessions/{later['id']}").get_json()[
        "items"]]


def _suggested_lessons(body):
    import re

    part = body.split("Suggested lessons for this theme", 1)[1]
    return [int(x) for x in re.findall(r'name="lesson_id" value="(\d+)"', part)]


def test_login_messages_do_not_reveal_which_part_was_wrong(client):
    token = csrf_of(client, "/login")
    unknown = client.post("/login", data={"username": "nobody", "password": "whatever-1", "csrf_token": token})
    wrong = client.post("/login", data={"username": "carl", "password": "whatever-1", "csrf_token": token})
    assert unknown.status_code == wrong.status_code == 401
    assert _error(unknown) == _error(wrong) == "Wrong user name or password."


def test_a_failed_login_keeps_the_name_typed_not_the_password(client):
    """The form came back empty: the name had to be typed again for a mistyped password."""
    token = csrf_of(client, "/login")
    for name in ("carl", "nobody"):  # the same for a name that does not exist: nothing is revealed
        body = client.post("/login", data={"username": name, "password": "whatever-1", "csrf_token": token,
                                           "next": "/review"}).get_data(as_text=True)
        assert re.search(rf'<input name="username"[^>]* value="{name}">', body)
        assert re.search(r'<input name="password" type="password"[^>]*autofocus>', body) and "whatever-1" not in body
        assert '<input type="hidden" name="next" value="/review">' in body
    assert 'value=""' in client.get("/login").get_data(as_text=True).split('name="username"')[1].split(">")[0]


def test_login_is_throttled_after_repeated_failures(client):
    token = csrf_of(client, "/login")
    for _ in range(5):
        client.post("/login", data={"username": "carl", "password": "nope-nope", "csrf_token": token})
    blocked = client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": token})
    assert blocked.status_code == 429 and "Too many failed attempts" in blocked.get_data(as_text=True)


def test_session_cookie_flags(client):
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": token})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_login_redirects_only_inside_the_site(client):
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": token,
                                           "next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def _error(response):
    import re

    return html.unescape(re.search(r'<p class="error" role="alert">(.*?)</p>', response.get_data(as_text=True)).group(1))


@pytest.mark.parametrize("user", ["carl", "ada"])
def test_curators_and_admins_may_write(client, user):
    token = login(client, user)
    assert client.post("/sessions", data={"csrf_token": token, "title": "ok"}).status_code == 302


def test_a_review_of_an_impossible_lesson_id_is_400(as_curator):
    client, token = as_curator
    response = client.post("/curate/review", data={"csrf_token": token, "lesson_id": str(2**64), "status": "hidden"})
    assert response.status_code == 400


@pytest.mark.parametrize("ref", ["1" * 5000, "9" * 20])
def test_a_lesson_ref_that_is_no_row_id_is_400_not_a_traceback(as_curator, ref):
    # digits past int()'s 4,300 (a ValueError) or past SQLite's integers (an OverflowError) were a 500 (r-review)
    client, token = as_curator
    reply = client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": ref, "tag": "vendor"},
                        headers={"Accept": "application/json"})
    assert reply.status_code == 400 and "lesson (target=lesson, ref=ID)" in reply.get_json()["error"]["message"]


def test_the_curators_fields_take_what_the_store_takes(as_curator, settings):
    """The tag fields (600) and a hidden lesson's reason (500) had their limits typed into the templates: each box's
    maxlength is now the store's own (kb.store.CURATION_LIMITS), which takes that many characters and refuses one
    more."""
    from kb.errors import InvalidInput
    from kb.store import Store, Target

    client, _ = as_curator
    lesson_id = client.get("/api/lessons?limit=1").get_json()["items"][0]["id"]
    pages = [client.get(path).get_data(as_text=True) for path in ("/review", f"/lessons/{lesson_id}", "/tags")]
    boxes = [box for page in pages for box in re.findall(r'<input name="(?:tag|new|into|sources|names|note)"[^>]*>', page)]
    limits = {name: {int(re.search(r'maxlength="(\d+)"', box).group(1)) for box in boxes if f'name="{name}"' in box}
              for name in ("tag", "new", "into", "sources", "names", "note")}
    assert all(len(found) == 1 for found in limits.values()), limits  # each field's boxes alike, on every page
    tag, = {next(iter(limits[name])) for name in ("tag", "new", "into", "sources", "names")}
    note, = limits["note"]
    with Store(settings.db) as store:
        with pytest.raises(InvalidInput, match=r"longer than 60 characters"):  # typed in full: the tag's own cap
            store.add_tag(Target("lesson", str(lesson_id)), "a" * tag, actor="carl")
        with pytest.raises(InvalidInput, match=rf"^'tag' is a text of {tag + 1:,} characters"):
            store.add_tag(Target("lesson", str(lesson_id)), "a" * (tag + 1), actor="carl")
        store.set_review(lesson_id, "hidden", actor="carl", note="a" * note)
        with pytest.raises(InvalidInput, match=rf"^'note' is a text of {note + 1:,} characters"):
            store.set_review(lesson_id, "hidden", actor="carl", note="a" * (note + 1))
