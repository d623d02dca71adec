"""An uploader corrects the lessons read from their file on its check-and-publish page: a kind changed, a text
edited, a junk lesson removed, missed ones added; the page shows each lesson whole, with its fix."""

from __future__ import annotations

import html
import io
import re

import pytest

from kb.store import Store
from tests.web.conftest import login, refused
from tests.web.test_contribute import _search_keys, _upload, _upload_ids, _wait, contributors  # noqa: F401 (fixture)

# modelled on a real team's test retrospective (问题 / 解决 pairs, a list of what was learned)
RETRO = """# 酒店预订系统测试回顾

## 教训
- 没有按照功能分工，导致测试互相关联的部分不能顺利串起来。
- 测试环境直到最后一周才搭好，自动化测试很长时间无法运行。

## 经验
- 数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量。
"""
KEY = "酒店预订系统/retro.md"


def _read(client, token, name="retro.md", content=RETRO):
    body = _wait(client, _upload(client, token, [(name, content.encode())], project="酒店预订系统"))[1]
    fields = dict(re.findall(r'<p class="lesson-text" id="publish-\d+-(lesson-\d+)">([^<]*)</p>', body))
    return _upload_ids(body)[0], {html.unescape(text): name for name, text in fields.items()}, body


def _stored(settings):
    with Store(settings.db) as store:
        return store.rows("SELECT l.kind, l.text, l.contributed_by FROM lessons l JOIN documents d ON d.id ="
                          " l.document_id WHERE d.key = ? ORDER BY l.position", [KEY])


def test_a_lessons_kind_text_and_removal_are_corrected_and_missed_ones_added_before_publishing(client, contributors):  # noqa: F811
    token = login(client, "pat")
    upload_id, fields, body = _read(client, token)
    assert len(fields) == 3 and "lessons_correct_help" not in body  # every lesson offered, the help in words
    first, second, third = fields
    published = client.post(f"/contribute/uploads/{upload_id}/publish", data={
        "csrf_token": token, "project": "酒店预订系统", f"{fields[first]}-kind": "root_cause",
        f"{fields[second]}-drop": "1", f"{fields[third]}-text": "数据库操作多写泛型方法，提高代码质量。",
        "added-kind": "action_item", "added-text": "打包在截止前两天演练一次。\n\n下个迭代第一周搭好测试环境。\n"})
    assert published.status_code == 302, published.get_data(as_text=True)[-500:]
    assert [tuple(row.values()) for row in _stored(contributors)] == [
        ("root_cause", first, "pat"), ("lesson", "数据库操作多写泛型方法，提高代码质量。", "pat"),
        ("action_item", "打包在截止前两天演练一次。", "pat"), ("action_item", "下个迭代第一周搭好测试环境。", "pat")]
    assert KEY in _search_keys(client, "截止前两天演练")  # an added lesson is found at once

    # a new version of the file, published without touching its lessons: the corrections hold
    newer = RETRO + "- 每次会议先说清楚要达成的结果，讨论才不会跑题，效率也更高。\n"
    upload_id, fields, _body = _read(client, token, content=newer)
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "酒店预订系统"})
    assert [row["text"] for row in _stored(contributors)] == [
        first, "数据库操作多写泛型方法，提高代码质量。", "每次会议先说清楚要达成的结果，讨论才不会跑题，效率也更高。",
        "打包在截止前两天演练一次。", "下个迭代第一周搭好测试环境。"]


@pytest.mark.parametrize("lang, says", [("en", "its text cannot be empty (tick Remove to leave it out)"),
                                        ("zh", "的文字不能为空（不要这条请勾选“不是经验，删除”）")])
def test_an_emptied_lesson_is_named_and_nothing_is_published(client, contributors, lang, says):  # noqa: F811
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    upload_id, fields, _body = _read(client, token)
    sent = client.post(f"/contribute/uploads/{upload_id}/publish", data={
        "csrf_token": token, "project": "酒店预订系统", f"{next(iter(fields.values()))}-text": "  "})
    assert says in html.unescape(refused(client, sent).get_data(as_text=True))  # (post/redirect/get)
    with Store(contributors.db) as store:
        assert store.scalar("SELECT count(*) FROM documents WHERE key = ?", [KEY]) == 0
        assert store.upload(upload_id)["status"] == "ready"  # still there to correct and publish


def test_the_page_shows_each_lesson_whole_with_the_fix_read_beside_it(client, contributors):  # noqa: F811
    token = login(client, "pat")
    long = "联调" + "前后端接口在集成阶段反复变更，" * 40 + "最后一周才稳定。"
    content = f"# 项目总结\n\n## 问题与解决\n\n问题：{long}\n\n解决：每个接口先写好契约文档，变更要全组评审。\n"
    _id, fields, body = _read(client, token, content=content)
    assert list(fields) == [f"问题：{long}"]  # not cut at 400 characters: the uploader may edit it
    assert 'class="lesson-fix muted">解决：每个接口先写好契约文档' in body  # labelled already: no "Fix:" before it


def test_a_published_documents_lessons_are_corrected_on_its_edit_form_over_earlier_corrections(client, contributors):  # noqa: F811
    token = login(client, "pat")
    upload_id, fields, _body = _read(client, token)
    first, second, third = fields
    client.post(f"/contribute/uploads/{upload_id}/publish", data={
        "csrf_token": token, "project": "酒店预订系统", f"{fields[third]}-text": "数据库操作多写泛型方法。",
        "added-text": "打包在截止前两天演练一次。"})
    page = client.get("/contribute/metadata", query_string={"key": KEY}).get_data(as_text=True)
    ids = {html.unescape(text): int(i) for i, text in
           re.findall(r'<p class="lesson-text" id="metadata-form-lesson-(\d+)">([^<]*)</p>', page)}
    assert list(ids) == [first, second, "数据库操作多写泛型方法。", "打包在截止前两天演练一次。"]  # as corrected
    saved = client.post("/contribute/metadata", data={
        "csrf_token": token, "key": KEY, f"lesson-{ids[first]}-drop": "1",  # as read
        f"lesson-{ids['数据库操作多写泛型方法。']}-kind": "recommendation",  # corrected before: its text kept
        f"lesson-{ids['打包在截止前两天演练一次。']}-text": "打包在截止前三天演练一次。",  # added before
        "added-kind": "went_well", "added-text": "每日站会让问题当天暴露。"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[-400:]
    assert [tuple(row.values()) for row in _stored(contributors)] == [
        ("lesson", second, "pat"), ("recommendation", "数据库操作多写泛型方法。", "pat"),
        ("lesson", "打包在截止前三天演练一次。", "pat"), ("went_well", "每日站会让问题当天暴露。", "pat")]
    assert KEY in _search_keys(client, "每日站会让问题当天暴露")


def _published_with_one_hidden(app, client, contributors):  # noqa: F811 (the fixture)
    """pat's file published, its first lesson hidden by carl with a reason: pat's token, carl's client and token,
    the hidden lesson's id."""
    token = login(client, "pat")
    upload_id, _fields, _body = _read(client, token)
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "酒店预订系统"})
    curator = app.test_client()
    curator_token = login(curator, "carl")
    with Store(contributors.db) as store:
        hidden = store.scalar("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                              " WHERE d.key = ? ORDER BY l.position LIMIT 1", [KEY])
    curator.post("/review", data={"csrf_token": curator_token, "ids": str(hidden), "action": "hide",
                                  "note": "写明是哪几个功能"})
    return token, curator, curator_token, hidden


@pytest.mark.parametrize("lang, said", [("zh", "修改并保存后，它会重新提交给知识管理员审核。"),
                                       ("en", "corrected and saved, it goes back to the curators for review.")])
def test_a_hidden_lesson_is_marked_on_the_edit_form_and_corrected_goes_back_to_the_queue(
        app, client, contributors, lang, said):  # noqa: F811 (the fixture)
    """A curator hid one lesson of an uploaded file with a reason: its edit form listed it as any other, and
    corrected there it stayed hidden, out of the queue, as a recorded lesson no longer does."""
    token, curator, _curator_token, hidden = _published_with_one_hidden(app, client, contributors)
    client.set_cookie("kb_lang", lang)
    page = html.unescape(client.get("/contribute/metadata", query_string={"key": KEY}).get_data(as_text=True))
    marks = re.findall(r'id="metadata-form-lesson-(\d+)">[^<]*</p>\s*<p class="lesson-hidden note">([^<]*)<q>([^<]*)</q>',
                       page)
    assert [(int(i), said in text, reason) for i, text, reason in marks] == [(hidden, True, "写明是哪几个功能")]
    crumb = r'<p class="crumbs"><a href="([^"]*)"'
    assert re.search(crumb, page).group(1) == "/contribute"  # the contributor's way back: their own list
    curators = curator.get("/contribute/metadata", query_string={"key": KEY}).get_data(as_text=True)
    assert re.search(crumb, curators).group(1).startswith("/documents/")  # a curator's: the document
    saved = client.post("/contribute/metadata", data={"csrf_token": token, "key": KEY,
                                                      f"lesson-{hidden}-kind": "root_cause"})
    assert saved.status_code == 302
    with Store(contributors.db) as store:
        assert store.scalar("SELECT review_status FROM lessons WHERE id = ?", [hidden]) == "unreviewed"
    assert hidden in [row["id"] for row in curator.get("/api/review?limit=200").get_json()["items"]]


def test_a_hidden_lesson_rewritten_by_a_curator_on_the_edit_form_stays_hidden(app, client, contributors):  # noqa: F811
    """"Hidden from readers: saving here leaves it hidden", the curator's form says (r-review): a text rewritten
    there was stored as a new lesson, unreviewed and searchable at once."""
    _token, curator, curator_token, hidden = _published_with_one_hidden(app, client, contributors)
    rewritten = "预订、退订和评价三个功能的接口在联调前一天才定稿，前后端各返工了两天。"
    saved = curator.post("/contribute/metadata", data={"csrf_token": curator_token, "key": KEY,
                                                       f"lesson-{hidden}-text": rewritten})
    assert saved.status_code == 302
    with Store(contributors.db) as store:
        [(status, note)] = [(l["review_status"], store.review_note_of(l["id"])) for l in store.document(KEY)["lessons"]
                            if l["text"] == rewritten]
        assert (status, note) == ("hidden", "写明是哪几个功能")
        assert [l["review_status"] for l in store.document(KEY)["lessons"]].count("hidden") == 1


REGISTER_ROWS = [["id", "title", "lesson", "kind"], ["r1", "Cranes", "Book the cranes a month ahead of the lift.", "lesson"],
                 ["r2", "", "Freeze scope early.", "lesson"],  # r2's title: its lesson's start
                 ["r3", "Contact", "Owner: J. Smith", "lesson"]]


def _register_file(name):
    if name.endswith(".csv"):
        return "\n".join(",".join(row) for row in REGISTER_ROWS).encode() + b"\n"
    from openpyxl import Workbook

    book = Workbook()
    for row in REGISTER_ROWS:
        book.active.append([value or None for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _register_lessons(settings, name):
    with Store(settings.db) as store:
        return store.rows("SELECT d.key, l.kind, l.text FROM lessons l JOIN documents d ON d.id = l.document_id"
                          " WHERE d.key LIKE ? ORDER BY d.key", [f"Depot/{name}#%"])


@pytest.mark.parametrize("lang, says, name", [("en", "add rows to the file and upload it again", "register.csv"),
                                              ("zh", "请在文件中添加行后重新上传", "register.csv"),
                                              ("en", "add rows to the file and upload it again", "register.xlsx")])
def test_a_registers_rows_are_corrected_before_publishing_and_on_each_rows_edit_form(client, contributors, lang,  # noqa: F811
                                                                                      says, name):
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [(name, _register_file(name))], project="Depot"))[1]
    fields = {html.unescape(text): name for name, text in
              re.findall(r'<p class="lesson-text" id="publish-\d+-(lesson-\d+)">([^<]*)</p>', body)}
    assert len(fields) == 3 and says in html.unescape(body) and 'name="added-text"' not in body
    row = "Row: " if lang == "en" else "行："  # each lesson says its row, unless the row's title is the lesson's start
    assert re.findall(r'class="muted row-title">([^<]*)<', html.unescape(body)) == [row + "Cranes", row + "Contact"]
    client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish", data={
        "csrf_token": token, "project": "Depot", f"{fields['Freeze scope early.']}-kind": "recommendation",
        f"{fields['Book the cranes a month ahead of the lift.']}-text": "Book the cranes six weeks ahead.",
        f"{fields['Owner: J. Smith']}-drop": "1"})
    assert [tuple(r.values()) for r in _register_lessons(contributors, name)] == [
        (f"Depot/{name}#r1", "lesson", "Book the cranes six weeks ahead."),
        (f"Depot/{name}#r2", "recommendation", "Freeze scope early.")]
    page = client.get("/contribute/metadata", query_string={"key": f"Depot/{name}#r2"}).get_data(as_text=True)
    [lesson_id] = re.findall(r'id="metadata-form-lesson-(\d+)">Freeze scope early.</p>', page)
    assert says in html.unescape(page) and 'name="added-text"' not in page  # a row gets its lessons from the file
    saved = client.post("/contribute/metadata", data={"csrf_token": token, "key": f"Depot/{name}#r2",
                                                      f"lesson-{lesson_id}-kind": "action_item"})
    assert saved.status_code == 302
    assert [r["kind"] for r in _register_lessons(contributors, name)] == ["lesson", "action_item"]


def test_an_upload_read_before_lessons_were_numbered_is_listed_and_published_as_it_was(client, contributors):  # noqa: F811
    """A file read by the previous version (its lessons plain texts) and published after the upgrade."""
    token = login(client, "pat")
    upload_id, fields, _body = _read(client, token)
    with Store(contributors.db) as store:
        upload = store.upload(upload_id)
        preview = upload["preview"]
        preview["lessons"] = {kind: [item["text"] for item in items] for kind, items in preview["lessons"].items()}
        store.update_upload(upload_id, preview=preview)
    page = client.get(f"/contribute/uploads/{upload['batch']}").get_data(as_text=True)
    assert all(html.escape(text, quote=False) in page for text in fields) and 'name="lesson-0-kind"' not in page
    published = client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token,
                                                                               "project": "酒店预订系统"})
    assert published.status_code == 302
    assert [row["text"] for row in _stored(contributors)] == list(fields)


@pytest.mark.parametrize("lang, header, said", [
    ("zh", "标题,问题描述,经验教训,改进建议", "问题描述："),
    ("en", "Title,Issue,Lesson,Recommendation", "Driving event: ")])
def test_a_registers_problem_column_is_shown_before_publishing(client, contributors, lang, header, said):  # noqa: F811
    """A register's problem column (问题描述 / Issue) was left off the check-and-publish page, where the row title,
    the lesson and the fix were shown; the published lesson's page has it (u-pm #12). Shown, escaped."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    rows = [header, "吊装,吊车到场晚了两天 <b>停工</b>,吊车要提前一个月预订。,与供应商签订到场时间条款。",
            "Scope,Scope grew in week 3,Freeze scope early.,"]
    body = _wait(client, _upload(client, token, [("register.csv", "\n".join(rows).encode() + b"\n")],
                                 project="Depot"))[1]
    shown = re.findall(r'<p class="lesson-problem muted">([^<]*)</p>', body)
    assert shown == [html.escape(said + "吊车到场晚了两天 <b>停工</b>", quote=False), said + "Scope grew in week 3"]
    # in the published page's order: the lesson, its problem, its fix
    assert body.index("吊车要提前一个月预订。") < body.index("吊车到场晚了两天") < body.index("与供应商签订到场时间条款。")
