"""Contributing from the browser: the contributor role, uploads (limits, background reading, corrections,
replacement, failure), recorded lessons, and who may change what."""

from __future__ import annotations

import html
import io
import re
import sqlite3
import time
from pathlib import Path

import pytest

from kb.store import Store
from tests.ingest.office_files import docx_bytes, new_docx
from tests.web.conftest import USERS, csrf_of, login, refused

RETRO_MD = """---
title: Warehouse move retrospective
project: Warehouse Move
date: 2025-03-01
---
# Warehouse move retrospective

## What went well
- The pick-list rehearsal found the label printer fault a week early.

## Lessons learned
- Book the forklift contractor before the lease is signed; they were fully booked for a month.
"""


@pytest.fixture
def contributors(settings):
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
        store.add_user("quinn", "contrib-pass-2", "contributor")
    USERS.setdefault("pat", ("contributor", "contrib-pass-1"))
    USERS.setdefault("quinn", ("contributor", "contrib-pass-2"))
    return settings


def _upload(client, token, files, project="Warehouse Move"):
    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    fields = MultiDict([("csrf_token", token), ("project", project)])
    for name, content in files:
        fields.add("files", FileStorage(io.BytesIO(content), filename=name))
    # encoded here, in memory: the test client spools a large body to a temporary file it never closes
    boundary, body = encode_multipart(fields)
    return client.post("/contribute/upload", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _wait(client, response):
    """Follow an upload to its page once every file has been read."""
    assert response.status_code == 302, response.get_data(as_text=True)[-800:]
    url = response.headers["Location"]
    for _ in range(600):
        state = client.get(url + "/status").get_json()
        if state["done"] == state["files"]:
            return url, client.get(url).get_data(as_text=True)
        time.sleep(0.1)
    raise AssertionError("the upload was never read")


def _upload_ids(body):
    return [int(i) for i in re.findall(r'id="upload-(\d+)"', body)]


def _counts(settings):
    with Store(settings.db) as store:
        return (store.scalar("SELECT count(*) FROM documents"), store.scalar("SELECT count(*) FROM sources"),
                store.scalar("SELECT count(*) FROM lessons"))


def _search_keys(client, query):
    found = client.get("/api/search", query_string={"q": query, "mode": "keyword"}).get_json()
    return [r.get("key") or r.get("document_key") for r in found["results"]]


def test_a_reader_cannot_contribute_and_a_contributor_cannot_curate(client, contributors):
    token = login(client, "rita")
    assert client.get("/contribute/upload").status_code == 403
    assert client.post("/contribute/record", data={"csrf_token": token, "lesson": "x", "project": "P"}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "pat")
    assert client.get("/contribute/upload").status_code == 200
    assert "/contribute" in client.get("/").get_data(as_text=True)  # the navigation offers it
    lesson_id = re.search(r"/lessons/(\d+)", client.get("/documents/erp/retro").get_data(as_text=True)).group(1)
    for path, data in [("/curate/tags/add", {"target": "lesson", "ref": lesson_id, "tag": "mine"}),
                       ("/curate/review", {"lesson_id": lesson_id, "status": "approved"}),
                       ("/curate/tags/rename", {"old": "供应商管理", "new": "vendors"}),
                       ("/sessions", {"title": "A session"})]:
        assert client.post(path, data={"csrf_token": token, **data}).status_code == 403, path


@pytest.mark.parametrize(("lang", "refused", "help_text"), [
    ("en", "This needs the contributor role", "Your account's role is reader; an administrator can change it."),
    ("zh", "此操作需要贡献者角色", "你的账户角色是读者，如需更改，请联系系统管理员。")])
def test_a_refused_role_says_whose_account_it_is_and_who_can_change_it(client, contributors, lang, refused, help_text):
    """A reader who opened "Contribute" read "403 · This needs the contributor role" and nothing else: a dead end."""
    client.set_cookie("kb_lang", lang)
    login(client, "rita")
    page = client.get("/contribute/record")
    body = html.unescape(page.get_data(as_text=True))
    assert page.status_code == 403 and refused in body and help_text in body
    token = login(client, "pat")  # refused for another reason than a role: no word about roles
    response = client.post("/contribute/withdraw", data={"csrf_token": token, "key": "erp/retro"})
    assert response.status_code == 403 and 'class="role-help"' not in response.get_data(as_text=True)


def test_writes_need_the_csrf_token(client, contributors):
    login(client, "pat")
    assert _upload(client, "forged", [("retro.md", RETRO_MD.encode())]).status_code == 400
    assert client.post("/contribute/record", data={"csrf_token": "forged", "lesson": "x", "project": "P"}
                       ).status_code == 400
    assert _counts(contributors)[0] == 5


def test_upload_read_corrected_published_searchable_and_replaced(client, contributors):
    token = login(client, "pat")
    before = _counts(contributors)
    _url, body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())]))
    assert "Warehouse move retrospective" in body and "What went well" in body  # title and sections
    assert "Book the forklift contractor" in body and "kind-went_well" in body  # lessons by kind
    assert _counts(contributors) == before  # nothing stored until published
    upload_id = _upload_ids(body)[0]
    published = client.post(f"/contribute/uploads/{upload_id}/publish", data={
        "csrf_token": token, "title": "仓库搬迁复盘", "project": "Warehouse Move", "doc_type": "retrospective",
        "date": "2025-03-07", "language": "en"})
    assert published.status_code == 302
    key = "Warehouse Move/retro.md"
    assert published.headers["Location"].endswith("/documents/Warehouse%20Move/retro.md")
    # it said "Published: 1 documents, searchable now. They wait for a curator's review."
    assert "Published: 1 document, searchable now. It waits for" in client.get(published.headers["Location"]).get_data(
        as_text=True)
    folder = contributors.db.parent / "uploads" / "Warehouse Move"
    assert (folder / "retro.md").read_text(encoding="utf-8") == RETRO_MD
    with Store(contributors.db) as store:
        doc = store.document(key)
        assert (doc["title"], doc["date"], doc["doc_type"]) == ("仓库搬迁复盘", "2025-03-07", "retrospective")
        assert store.contribution(key)["contributed_by"] == "pat"
        assert {lesson["review_status"] for lesson in doc["lessons"]} == {"unreviewed"}  # into the review queue
        lesson_id = doc["lessons"][1]["id"]
    assert key in _search_keys(client, "forklift contractor")  # searchable at once
    links = _change_links(client, "/documents/Warehouse%20Move/retro.md")  # its page offers to correct it
    assert links["edit"] == "/contribute/metadata?key=Warehouse+Move/retro.md" and links["mine"]
    assert "Withdraw takes out the whole file" not in client.get("/documents/Warehouse%20Move/retro.md").get_data(
        as_text=True)  # one document: nothing more to say
    client.post("/logout", data={"csrf_token": token})

    # a curator tags and reviews a lesson; the contributor then uploads a new version of the same file
    token = login(client, "carl")
    client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": lesson_id, "tag": "叉车"})
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson_id, "status": "hidden"})
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "pat")
    again = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())]))[1]
    assert "This exact file is already in the knowledge base" in again  # recognised by its bytes
    newer = RETRO_MD + "- Label every rack before the move, not after.\n"
    body = _wait(client, _upload(client, token, [("retro.md", newer.encode())]))[1]
    assert "publishing replaces it" in body
    client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish", data={"csrf_token": token,
                                                                             "project": "Warehouse Move"})
    with Store(contributors.db) as store:
        doc = store.document(key)
        assert doc["title"] == "仓库搬迁复盘"  # the correction stays
        kept = next(lesson for lesson in doc["lessons"] if lesson["id"] == lesson_id)
        assert kept["tags"] == ["叉车"] and kept["review_status"] == "hidden"
        assert len(doc["lessons"]) == 3
    assert key in _search_keys(client, "Label every rack")


def test_a_corrupt_word_file_is_refused_and_nothing_is_stored(client, contributors):
    token = login(client, "pat")
    before = _counts(contributors)
    good = new_docx("Go-live review")
    good.add_heading("Lessons learned", 1)
    good.add_paragraph("Freeze the master data a week before cut-over.", style="List Bullet")
    corrupt = docx_bytes(good)[:3000]
    url, body = _wait(client, _upload(client, token, [("broken.docx", corrupt), ("review.docx", docx_bytes(good))]))
    assert "could not be read, and nothing was stored" in body
    # in plain words and what to do, no exception's name ("(BadZipFile: File is not a zip file)" was shown)
    assert "the file is damaged, or is not a Word document; open it in Word, save it again as .docx" in body
    assert "BadZipFile" not in body and "zip file" not in body
    assert "Freeze the master data" in body  # the good file of the same upload was read
    assert _counts(contributors) == before
    folder = contributors.db.parent / "uploads"
    assert not list(folder.glob("*/broken.docx")) and not list((folder / ".staging").rglob("broken.docx"))
    client.set_cookie("kb_lang", "zh")
    page = client.get(url).get_data(as_text=True)
    assert "无法读取此文件，没有保存任何内容：" in page and "请求无法完成" not in page  # the reason, not a shrug
    assert "无法读取这个 .docx 文档：文件已损坏" in page and "BadZipFile" not in page  # in Chinese, no exception names
    assert "请用 Word 打开，重新另存为 .docx 后再上传" in page  # and what to do


def test_a_curators_upload_once_read_shows_no_progress_and_so_is_not_reloaded_again(client, contributors):
    """A curator's pages count the review queue in the header; that count must not stand for the files still being
    read (the page showed "reading: 1 of 1 done" for good, and its script reloaded it for ever)."""
    token = login(client, "carl")
    _, body = _wait(client, _upload(client, token, [("broken.docx", b"PK\x03\x04 not a zip")]))
    assert 'class="queue-count"' in body  # the review queue is counted in the header
    assert 'id="progress"' not in body and "data-waiting" not in body


@pytest.mark.parametrize(("name", "content", "message"), [
    ("notes.exe", b"MZ", "notes.exe: files of this type cannot be read"),
    ("empty.md", b"", "empty.md: the file is empty"),
    ("big.md", b"#" * (2 * 1024 * 1024), "big.md: the file is 2.0 MB, larger than the 1 MB allowed"),
])
def test_type_and_size_limits_say_which_file(client, contributors, app, name, content, message):
    app.config["KB_SETTINGS"] = contributors.replace(max_file_mb=1)
    token = login(client, "pat")
    response = _upload(client, token, [(name, content)])
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert _counts(contributors)[1] == 5
    # the files are not kept: the focus is on the chooser, to choose again (it was on the page, the menu first)
    assert re.findall(r'<input (?:type="(\w+)")?[^>]*\sautofocus[\s>]', response.get_data(as_text=True)) == ["file"]


@pytest.mark.parametrize(("lang", "says"), [
    ("en", ("notes.exe: files of this type cannot be read; upload one of {read} (old Office formats, .doc .ppt .xls: "
           "save them as .docx/.pptx/.xlsx first)")),
    ("zh", ("notes.exe：无法读取这种类型的文件，请上传以下格式之一：{read}（旧版 Office 格式 .doc .ppt .xls 请先另存为 "
           ".docx/.pptx/.xlsx）"))])
def test_an_unknown_type_lists_the_old_office_formats_apart_from_those_read(client, contributors, lang, says):
    # They were among "upload one of", where the upload page lists them apart ("save them as .docx first").
    from web.contributions.folder import readable_extensions

    client.set_cookie("kb_lang", lang)
    response = _upload(client, login(client, "pat"), [("notes.exe", b"MZ")])
    assert response.status_code == 400
    listed = ("、" if lang == "zh" else ", ").join(readable_extensions())  # a Chinese list in a Chinese sentence
    assert html.escape(says.format(read=listed), quote=False) in response.get_data(as_text=True)


def test_an_empty_or_unreadable_file_among_good_ones_is_left_out_saying_so_and_the_others_are_uploaded(
        client, contributors):
    """One empty file among four had the whole upload refused: every file had to be chosen again."""
    token = login(client, "pat")
    client.set_cookie("kb_lang", "zh")
    good = "# 仓库搬迁复盘\n\n## 问题\n- 货架到货晚了两周。\n".encode()
    url, body = _wait(client, _upload(client, token, [("empty.md", b""), ("ok.md", good), ("notes.exe", b"MZ")]))
    assert len(_upload_ids(body)) == 1 and "ok.md" in body
    box = re.search(r'<div class="error-box" role="alert" id="not-kept">(.*?)</div>', body, re.DOTALL).group(1)
    assert "以下文件未保存（其他文件已上传）：" in box and "empty.md：文件是空的" in box
    assert "notes.exe：" in box and "ok.md" not in box
    assert 'id="not-kept"' not in client.get(url).get_data(as_text=True)  # said until the files are read, then not
    _, again = _wait(client, _upload(client, token, [("ok2.md", good)]))
    assert 'id="not-kept"' not in again  # said for that upload only


def test_many_files_left_out_fit_the_session_cookie_and_are_forgotten_once_the_upload_is_read(
        client, contributors, monkeypatch):
    """The files not kept, and why, rode whole in the session cookie: 19 with 120-character Chinese names made its
    header 7.2 KB, past the 4 KB a browser keeps, and it was never cleared. The first ten are named (shortened to 40
    characters) and the rest counted: 1.7 KB."""
    import random
    import threading

    from web.contributions import staging

    go = threading.Event()
    real = staging.parse_upload
    monkeypatch.setattr(staging, "parse_upload", lambda store, upload_id: go.wait(60) and real(store, upload_id))
    token = login(client, "pat")
    client.set_cookie("kb_lang", "zh")
    rng = random.Random(7)  # names as unlike each other as real ones, or the cookie's compression folds them up
    files = [(f"{n:02d}" + "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(114)) + ".exe", b"MZ")
             for n in range(19)]
    response = _upload(client, token, [*files, ("ok.md", RETRO_MD.encode())])
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("kb_session="))
    assert len(cookie) < 4000, len(cookie)
    url = response.headers["Location"]

    def not_kept(page):
        found = re.search(r'<div class="error-box" role="alert" id="not-kept">(.*?)</div>', page, re.DOTALL)
        return found and found.group(1)

    box = not_kept(client.get(url).get_data(as_text=True))  # while the files are read: said (the page reloads)
    assert box.count("<li>") == 11 and "……另有 9 个文件未保存。" in box
    assert files[0][0][:35] + "….exe：无法读取这种类型的文件" in box and "ok.md" not in box  # 40 characters
    go.set()
    _, body = _wait(client, response)
    assert not_kept(body)  # the page as it reloads once they are read: said once more,
    assert not not_kept(client.get(url).get_data(as_text=True))  # then forgotten
    with client.session_transaction() as session:
        assert "upload_refused" not in session


def test_an_upload_over_the_total_limit_is_refused_naming_it(client, contributors, app):
    app.config["KB_SETTINGS"] = contributors.replace(max_upload_mb=1)
    token = login(client, "pat")
    client.set_cookie("kb_lang", "zh")
    response = _upload(client, token, [("big.md", b"#" * (3 * 1024 * 1024))])
    assert response.status_code == 413
    assert "超过了单次允许的 1 MB" in response.get_data(as_text=True)


def test_record_a_lesson_in_chinese_then_edit_and_withdraw_it(client, contributors):
    token = login(client, "pat")
    client.set_cookie("kb_lang", "zh")
    assert "问题描述" in client.get("/contribute/record").get_data(as_text=True)
    form = {"csrf_token": token, "driving_event": "上线前一周才发现主数据重复。", "lesson": "主数据清洗要在第二次演练前完成。",
            "recommendation": "把主数据清洗列为演练的准入条件。", "kind": "lesson", "project": "仓库搬迁",
            "tags": "主数据，数据迁移", "date": "2025-04-01"}
    response = client.post("/contribute/record", data=form)
    assert response.status_code == 302
    key = re.search(r"/documents/(.+)$", response.headers["Location"]).group(1)
    from urllib.parse import unquote

    key = unquote(key)
    assert key.startswith("仓库搬迁/recorded-lessons.jsonl#web-")
    with Store(contributors.db) as store:
        doc = store.document(key)
        assert doc["doc_type"] == "lessons_register" and doc["project"] == "仓库搬迁" and doc["date"] == "2025-04-01"
        lesson = doc["lessons"][0]
        assert (lesson["kind"], lesson["driving_event"], lesson["recommendation"], lesson["review_status"]) == (
            "lesson", form["driving_event"], form["recommendation"], "unreviewed")
        assert sorted(t["label"] for t in doc["tags"]) == ["主数据", "数据迁移"]
    assert key in _search_keys(client, "主数据清洗")
    # its page words the parts as the form did
    page = client.get(f"/lessons/{lesson['id']}").get_data(as_text=True)
    assert "<h2>问题描述</h2>" in page and "<h2>改进建议</h2>" in page and form["recommendation"] in page
    # and so does its document page, where recording it leads (the register's section headings)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert [h for h in ("问题描述", "经验教训", "改进建议") if f"<h2>{h}</h2>" in page] == ["问题描述", "经验教训", "改进建议"]
    assert "Driving Event" not in page and "Recommendation(s)" not in page
    # `kb ingest` of the managed folder, as the README says, reads the register the same way: nothing changes
    from ingest import ingest
    from web.contributions.folder import uploads_root

    with Store(contributors.db) as store:
        report = ingest(store, [uploads_root(contributors)])
        assert (report.updated, report.unchanged) == (0, 1)
        assert [s["heading"] for s in store.document(key)["sections"]] == ["问题描述", "经验教训", "改进建议"]

    # edit it (still unreviewed), then another contributor may not touch it
    edited = {**form, "key": key, "lesson": "主数据清洗必须在第二次演练之前完成，并由业务签字确认。"}
    assert client.post("/contribute/record", data=edited).status_code == 302
    with Store(contributors.db) as store:
        assert store.document(key)["lessons"][0]["lesson"] == edited["lesson"]
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "quinn")
    assert client.post("/contribute/record", data={**edited, "csrf_token": token}).status_code == 403
    assert client.post("/contribute/withdraw", data={"csrf_token": token, "key": key}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "pat")
    assert client.post("/contribute/withdraw", data={"csrf_token": token, "key": key}).status_code == 302
    with Store(contributors.db) as store:
        assert store.scalar("SELECT count(*) FROM documents WHERE key = ?", [key]) == 0
    assert key not in _search_keys(client, "主数据清洗")


def test_a_recorded_lesson_a_curator_hid_is_listed_to_its_contributor_without_a_link_to_no_page(client, contributors):
    """My contributions linked the hidden lesson's title to its page, which answered its contributor 404 "no document
    …" (a register row whose lesson is hidden is gone for all but curators). The row says it is hidden, unlinked; a
    curator's list still links it, as they can open it."""
    token = login(client, "pat")
    sent = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Hire the cranes early.",
                                                    "project": "Warehouse Move"})
    page = sent.headers["Location"]
    with Store(contributors.db) as store:
        store.set_review(int(store.scalar("SELECT id FROM lessons WHERE text = 'Hire the cranes early.'")), "hidden")
    mine = client.get("/contribute").get_data(as_text=True)
    assert client.get(page).status_code == 404 and f'href="{page}"' not in mine and "Hire the cranes early." in mine
    client.post("/logout", data={"csrf_token": token})
    login(client, "carl")
    assert f'href="{page}"' in client.get("/contribute?all=1").get_data(as_text=True)


def test_after_approval_only_a_curator_can_change_it(client, contributors):
    token = login(client, "pat")
    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Agree the cut-over window "
                           "with the plant manager in writing.", "project": "Warehouse Move", "kind": "recommendation"})
    from urllib.parse import unquote

    key = unquote(response.headers["Location"].split("/documents/", 1)[1])
    assert "<h2>Lesson(s) Learned</h2>" in client.get(response.headers["Location"]).get_data(as_text=True)
    with Store(contributors.db) as store:
        store.set_review(store.document(key)["lessons"][0]["id"], "approved", actor="carl")
    page = client.get("/contribute").get_data(as_text=True)
    assert "Approved by a curator" in page
    response = client.post("/contribute/record", data={"csrf_token": token, "key": key, "lesson": "changed text",
                                                        "project": "Warehouse Move"})
    assert response.status_code == 403 and "A curator has approved this" in response.get_data(as_text=True)
    assert client.post("/contribute/withdraw", data={"csrf_token": token, "key": key}).status_code == 403
    assert client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "title": "x"}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "carl")
    assert client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "title": "Cut-over window",
                                                     "project": "Warehouse Move"}).status_code == 302
    with Store(contributors.db) as store:
        assert store.document(key)["title"] == "Cut-over window"


def test_a_contributor_cannot_replace_someone_elses_file(client, contributors):
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())]))[1]
    client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish", data={"csrf_token": token,
                                                                             "project": "Warehouse Move"})
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "quinn")
    body = _wait(client, _upload(client, token, [("retro.md", (RETRO_MD + "- mine\n").encode())]))[1]
    response = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                           data={"csrf_token": token, "project": "Warehouse Move"})
    assert response.status_code == 403
    assert (contributors.db.parent / "uploads" / "Warehouse Move" / "retro.md").read_text(encoding="utf-8") == RETRO_MD
    # and cannot see another contributor's upload
    assert client.get(f"/contribute/uploads/{_upload_ids(body)[0]}").status_code == 404


def test_names_from_the_browser_stay_inside_the_folder(tmp_path):
    from web.contributions.folder import project_folder, safe_name, upload_name

    assert safe_name("../../etc/passwd.md", fallback="x") == "passwd.md"
    assert safe_name("..\\..\\复盘.docx", fallback="x") == "复盘.docx"
    assert safe_name(".hidden.md", fallback="x") == "hidden.md"
    assert project_folder("../ERP/二期") == "-ERP-二期" and project_folder("CRM/二期") != project_folder("ERP/二期")
    assert project_folder("") == "no-project"
    assert project_folder("..") == "no-project" and project_folder(" .hidden") == "hidden"
    assert Path(safe_name("a" * 300 + ".md", fallback="x")).suffix == ".md"
    assert upload_name("Recorded-Lessons.jsonl") == "uploaded-Recorded-Lessons.jsonl"  # never the register itself
    assert upload_name("") == "upload"


def test_uploads_left_unpublished_are_discarded_after_two_weeks(client, contributors):
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())]))[1]
    upload_id = _upload_ids(body)[0]
    with Store(contributors.db) as store:
        staged = Path(store.upload(upload_id)["staged_path"])
        assert staged.exists()
        with store.transaction():
            store.conn.execute("UPDATE uploads SET updated_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", [upload_id])
    _wait(client, _upload(client, token, [("other.md", RETRO_MD.replace("Warehouse", "Depot").encode())]))
    with Store(contributors.db) as store:
        assert store.upload(upload_id)["status"] == "discarded"
    assert not staged.exists()


@pytest.mark.parametrize(("lang", "heading"), [("en", "Uploads waiting for you"), ("zh", "等待你处理的上传")])
def test_my_contributions_lead_back_to_uploads_read_and_not_yet_published(client, contributors, lang, heading):
    """Read files wait for their contributor to check and publish them, on the upload's own page. Once that page
    was left, nothing led back to it: My contributions said 'Nothing added yet' until the files were discarded."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    url, _body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode()),
                                                       ("broken.docx", b"PK\x03\x04 not a zip")]))
    path = url.removeprefix("http://localhost")
    mine = client.get("/contribute").get_data(as_text=True)
    waiting = re.search(r'<section class="card unpublished" id="unpublished">(.*?)</section>', mine, re.DOTALL)
    assert waiting and heading in waiting.group(1)
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', waiting.group(1)) == [(path, "retro.md")]  # not the failed one
    client.post("/logout", data={"csrf_token": token})
    login(client, "quinn")
    assert 'id="unpublished"' not in client.get("/contribute").get_data(as_text=True)  # someone else's: not listed
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    token = login(client, "pat")
    upload_id = _upload_ids(client.get(path).get_data(as_text=True))[0]
    assert client.post(f"/contribute/uploads/{upload_id}/publish",
                       data={"csrf_token": token, "project": "Warehouse Move"}).status_code == 302
    assert 'id="unpublished"' not in client.get("/contribute").get_data(as_text=True)  # published: nothing waits


def test_a_large_register_is_indexed_in_the_background(client, contributors):
    rows = ["id,title,lesson,kind"] + [f"r{i},Row {i},Pallet audit finding number {i} about racking bay {i},lesson"
                                       for i in range(25)]
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("register.csv", "\n".join(rows).encode())]))[1]
    assert "25 documents in this file" in body
    response = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                           data={"csrf_token": token, "project": "Warehouse Move"})
    assert response.headers["Location"].endswith("/contribute")
    assert "taking them in now" in client.get("/contribute").get_data(as_text=True)
    for _ in range(600):
        if "Warehouse Move/register.csv#r24" in _search_keys(client, "racking bay 24"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the register was never indexed")
    row_page = client.get("/documents/Warehouse%20Move/register.csv%23r3").get_data(as_text=True)
    assert "Withdraw takes out the whole file, register.csv, with all 25 documents read from it." in row_page
    with Store(contributors.db) as store:
        assert store.scalar("SELECT count(*) FROM documents WHERE contributed_by = 'pat'") == 25


def test_a_file_that_cannot_be_stored_leaves_nothing_behind(client, contributors):
    taken = RETRO_MD.replace("---\ntitle:", "---\nid: erp/retro\ntitle:")  # another document's key
    token = login(client, "pat")
    before = _counts(contributors)
    with Store(contributors.db) as store:
        erp = store.document("erp/retro")
    body = _wait(client, _upload(client, token, [("retro.md", taken.encode())]))[1]
    response = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                           data={"csrf_token": token, "project": "Warehouse Move"})
    message = response.get_data(as_text=True)
    assert response.status_code == 400 and "retro.md: the file could not be stored: duplicate document id" in message
    assert str(contributors.db.parent) not in message  # no server path
    assert not (contributors.db.parent / "uploads" / "Warehouse Move" / "retro.md").exists()
    assert _counts(contributors) == before
    with Store(contributors.db) as store:
        assert store.document("erp/retro")["title"] == erp["title"]
        assert store.scalar("SELECT count(*) FROM sources WHERE path LIKE '%Warehouse Move%'") == 0


def _change_links(client, path):
    """The Edit link and the Withdraw form's key and token a page offers (None when it offers none)."""
    body = client.get(path).get_data(as_text=True)
    block = re.search(r'<div class="row change-actions">(.*?)</div>', body, re.DOTALL)
    if block is None:
        assert "/contribute/withdraw" not in body and "/contribute/record?key" not in body
        return None
    edit = re.search(r'<a class="button" href="([^"]+)"', block.group(1)).group(1)
    key = re.search(r'name="key" value="([^"]+)"', block.group(1)).group(1)
    token = re.search(r'name="csrf_token" value="([^"]+)"', block.group(1)).group(1)
    return {"edit": edit, "key": key, "token": token, "mine": "until a curator approves it" in block.group(1)}


def test_document_and_lesson_pages_offer_edit_and_withdraw_to_the_contributor_until_approved(client, contributors):
    from urllib.parse import quote, unquote

    token = login(client, "pat")
    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Freeze the label layouts "
                           "before the printer vendor starts.", "project": "Warehouse Move", "kind": "lesson"})
    key = unquote(response.headers["Location"].split("/documents/", 1)[1])
    doc_path = "/documents/" + quote(key)
    with Store(contributors.db) as store:
        lesson_id = store.document(key)["lessons"][0]["id"]
    for path in (doc_path, f"/lessons/{lesson_id}"):
        links = _change_links(client, path)
        assert links is not None and links["key"] == key and links["mine"], path
        assert links["edit"].startswith("/contribute/record?key=")
        assert client.get(links["edit"]).status_code == 200
    assert _change_links(client, "/documents/erp/retro") is None  # not contributed: nothing to withdraw

    # another contributor, a reader and an anonymous visitor are offered nothing
    client.post("/logout", data={"csrf_token": token})
    assert _change_links(client, doc_path) is None
    for name in ("quinn", "rita"):
        token = login(client, name)
        assert _change_links(client, doc_path) is None and _change_links(client, f"/lessons/{lesson_id}") is None
        client.post("/logout", data={"csrf_token": token})

    # a curator is offered them (not as the contributor); once approved, the contributor no longer is
    token = login(client, "carl")
    links = _change_links(client, doc_path)
    assert links is not None and not links["mine"]
    assert client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson_id, "status": "approved"}
                       ).status_code in (200, 302)
    client.post("/logout", data={"csrf_token": token})
    login(client, "pat")
    assert _change_links(client, doc_path) is None and _change_links(client, f"/lessons/{lesson_id}") is None
    client.post("/logout", data={"csrf_token": token})

    # back to unreviewed: the page's Withdraw form works with its token, and not without it
    with Store(contributors.db) as store:
        store.set_review(lesson_id, "unreviewed", actor="carl")
    login(client, "pat")
    links = _change_links(client, f"/lessons/{lesson_id}")
    assert client.post("/contribute/withdraw", data={"key": key}).status_code == 400
    assert client.post("/contribute/withdraw", data={"key": key, "csrf_token": links["token"]}).status_code == 302
    assert client.get(doc_path).status_code == 404


def _publish(client, token, name, content, project="Warehouse Move"):
    body = _wait(client, _upload(client, token, [(name, content)], project=project))[1]
    response = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                           data={"csrf_token": token, "project": project})
    assert response.status_code == 302, response.get_data(as_text=True)[-500:]
    return response


@pytest.mark.parametrize(("name", "content", "key"), [
    ("retro.md", RETRO_MD.encode(), "Warehouse Move/retro.md"),  # not JSON lines
    ("old-recorded-lessons.jsonl", b'{"Lesson ID": "7", "Lesson": "Book the forklift contractor early."}\n',
     "Warehouse Move/old-recorded-lessons.jsonl#7"),  # a register whose name ends like the recorded lessons'
])
def test_the_record_form_refuses_a_document_that_is_not_a_recorded_lesson(client, contributors, name, content, key):
    token = login(client, "pat")
    _publish(client, token, name, content)
    folder = contributors.db.parent / "uploads" / "Warehouse Move"
    stored = (folder / name).read_bytes()
    assert _change_links(client, "/documents/" + key.replace(" ", "%20").replace("#", "%23"))["edit"] == (
        "/contribute/metadata?key=" + key.replace(" ", "+").replace("#", "%23"))
    page = client.get("/contribute/record", query_string={"key": key})
    assert page.status_code == 404 and "Traceback" not in page.get_data(as_text=True)
    response = client.post("/contribute/record", data={"csrf_token": token, "key": key, "lesson": "changed",
                                                       "project": "Warehouse Move"})
    assert response.status_code == 404
    assert (folder / name).read_bytes() == stored and not (folder / "recorded-lessons.jsonl").exists()


def test_withdraw_and_record_refuse_a_document_not_added_from_the_browser(client, contributors, tmp_path):
    from ingest import ingest

    outside = tmp_path / "shared-drive"
    outside.mkdir()
    (outside / "retro.md").write_text(RETRO_MD, encoding="utf-8")
    (outside / contributions_register()).write_text('{"id": "1", "lesson": "Book the crane early."}\n',
                                                    encoding="utf-8")
    with Store(contributors.db) as store:
        ingest(store, [outside])
    token = login(client, "carl")  # a curator may change any contribution, but these are no one's
    for key in ("retro.md", "recorded-lessons.jsonl#1"):
        response = client.post("/contribute/withdraw", data={"csrf_token": token, "key": key})
        assert response.status_code == 403 and "not added from the browser" in response.get_data(as_text=True)
        assert client.get("/contribute/record", query_string={"key": key}).status_code in (403, 404)
    client.set_cookie("kb_lang", "zh")
    response = client.post("/contribute/withdraw", data={"csrf_token": token, "key": "retro.md"})
    assert "不是从网页添加的" in response.get_data(as_text=True)
    assert (outside / "retro.md").read_text(encoding="utf-8") == RETRO_MD  # the file on the shared drive stays
    assert (outside / "recorded-lessons.jsonl").exists()
    with Store(contributors.db) as store:
        assert store.document("retro.md")["title"] == "Warehouse move retrospective"


def test_metadata_refuses_a_document_not_added_from_the_browser_even_to_a_curator(client, contributors, tmp_path):
    """Its correction would be kept by key and applied at every re-ingest: a curator's POST (no page offers it)
    rewrote the title of a shared drive's document."""
    from ingest import ingest

    outside = tmp_path / "shared-drive"
    outside.mkdir()
    (outside / "retro.md").write_text(RETRO_MD, encoding="utf-8")
    with Store(contributors.db) as store:
        ingest(store, [outside])
    token = login(client, "carl")
    assert client.get("/contribute/metadata", query_string={"key": "retro.md"}).status_code == 403
    response = client.post("/contribute/metadata", data={"csrf_token": token, "key": "retro.md", "title": "x"})
    assert response.status_code == 403 and "not added from the browser" in response.get_data(as_text=True)
    with Store(contributors.db) as store:
        assert store.document("retro.md")["title"] == "Warehouse move retrospective"


def contributions_register():
    from web.contributions.folder import REGISTER_NAME

    return REGISTER_NAME


def test_a_hand_edited_register_line_that_is_not_json_is_kept_not_a_crash(client, contributors):
    token = login(client, "pat")
    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Rehearse the cut-over twice.",
                                                       "project": "Warehouse Move"})
    from urllib.parse import unquote

    key = unquote(response.headers["Location"].split("/documents/", 1)[1])
    register = contributors.db.parent / "uploads" / "Warehouse Move" / "recorded-lessons.jsonl"
    with register.open("a", encoding="utf-8") as handle:  # an administrator's note, typed into the file by hand
        handle.write("# checked by the PMO, 2025-04\n[1, 2]\n")
    assert client.get("/contribute/record", query_string={"key": key}).status_code == 200
    edited = {"csrf_token": token, "key": key, "lesson": "Rehearse the cut-over three times.", "project": "Warehouse Move"}
    assert client.post("/contribute/record", data=edited).status_code == 302
    assert client.post("/contribute/withdraw", data={"csrf_token": token, "key": key}).status_code == 302
    assert register.read_text(encoding="utf-8") == "# checked by the PMO, 2025-04\n[1, 2]\n"
    with Store(contributors.db) as store:
        assert store.scalar("SELECT count(*) FROM documents WHERE key = ?", [key]) == 0
    assert key not in _search_keys(client, "cut-over three times")


def test_the_review_queue_names_the_contributor_of_a_recorded_lesson_once(app, client, contributors):
    token = login(client, "pat")
    form = {"csrf_token": token, "lesson": "The vendor delivered the test rig late; we lost a week.", "kind": "lesson",
            "project": "Warehouse Move", "date": "2026-10-15"}
    assert client.post("/contribute/record", data=form).status_code == 302
    curator = app.test_client()
    login(curator, "carl")
    page = curator.get("/review").get_data(as_text=True)
    row = page[:page.index("The vendor delivered the test rig late")]  # its row: the text is said once, after
    row = page[row.rindex('<li class="queue-item"'):]  # the row's meta line (its document's link said it before)
    row = row[:row.index("</li>")]
    assert "Contributed by pat" in row
    assert re.findall(r">\s*pat\s*<", row) == []  # before: "pat  Contributed by pat"


@pytest.mark.parametrize("lang, typed, message", [
    ("zh", "2026/10/15", None), ("en", "2026年10月15日", None),
    # before: 日期必须是日期，例如 2025-01-31 ("date must be a date") for a day that does not exist
    ("zh", "2026-02-30", "日期无效：2026-02-30 不存在，请用 YYYY-MM-DD"),
    ("en", "2026/13/01", "Date is invalid: '2026/13/01' does not exist; use YYYY-MM-DD"),
    ("zh", "明天", "日期无效：明天 不是日期，请用 YYYY-MM-DD（例如 2025-01-31）"),
    ("en", "Tuesday 13 Oct", "Date is invalid: 'Tuesday 13 Oct' is not a date; use YYYY-MM-DD"),  # kept as typed
])
def test_a_lessons_date_typed_the_chinese_way_is_stored_iso_and_a_wrong_one_is_named(client, contributors, lang, typed,
                                                                                    message):
    token = login(client, "pat")
    client.set_cookie("kb_lang", lang)
    form = {"csrf_token": token, "lesson": f"斜杠日期 {typed} 也能保存。", "kind": "lesson", "project": "仓库搬迁", "date": typed}
    response = client.post("/contribute/record", data=form)
    with Store(contributors.db) as store:
        stored = store.rows("SELECT d.date FROM lessons l JOIN documents d ON d.id = l.document_id WHERE l.text = ?",
                            [form["lesson"]])
    if message is None:
        assert response.status_code == 302 and [row["date"] for row in stored] == ["2026-10-15"]
    else:
        assert not stored
        page = refused(client, response).get_data(as_text=True)
        # the field called as the form calls it, not 'date'; what was typed stays in the field to correct
        assert f'role="alert">{message}'.replace("'", "&#39;") in page and f'value="{typed}"' in page


def test_a_share_sessions_date_and_time_typed_the_chinese_way_is_stored_iso(as_curator, settings):
    client, token = as_curator
    created = client.post("/sessions", data={"csrf_token": token, "title": "日期输入", "scheduled_at": "2026年12月15日 14时30分"})
    assert created.status_code == 302
    session_id = int(created.headers["Location"].rsplit("/", 1)[1])
    with Store(settings.db) as store:
        assert store.session(session_id)["scheduled_at"] == "2026-12-15T14:30"
    client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "title": "日期输入", "scheduled_at": "2027/1/5 9:00"})
    with Store(settings.db) as store:
        assert store.session(session_id)["scheduled_at"] == "2027-01-05T09:00"


def test_the_files_own_date_retyped_with_slashes_is_no_correction_and_a_new_one_is_stored_iso(client, contributors):
    """A correction outlives the file (a later version keeps it), so 2025/03/01 for the file's 2025-03-01 must not
    become one; 2025年3月7日 on the metadata form is stored as 2025-03-07."""
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())]))[1]
    published = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                            data={"csrf_token": token, "project": "Warehouse Move", "date": "2025/03/01"})
    assert published.status_code == 302
    key = "Warehouse Move/retro.md"
    with Store(contributors.db) as store:
        assert store.document(key)["date"] == "2025-03-01" and "date" not in store.overrides(key)
    assert client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "date": "2025/3/1"}
                       ).status_code == 302
    with Store(contributors.db) as store:
        assert "date" not in store.overrides(key)
    assert client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "date": "2025年3月7日"}
                       ).status_code == 302
    with Store(contributors.db) as store:
        assert store.document(key)["date"] == "2025-03-07" and store.overrides(key)["date"] == "2025-03-07"
    client.set_cookie("kb_lang", "zh")
    answer = client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "date": "2025/02/30"})
    page = refused(client, answer).get_data(as_text=True)  # said at the form, by its label, the form as sent
    assert "日期无效：2025/02/30 不存在，请用 YYYY-MM-DD" in page and 'value="2025/02/30"' in page


def _understood_projects(body):
    table = re.search(r'<table class="docs understood".*?</table>', body, re.DOTALL).group(0)
    return re.findall(r'<td data-label="Project" class="project"[^>]*>([^<]*)</td>', table)


def test_what_was_understood_shows_the_project_that_will_be_stored(client, contributors):
    """The project typed on the upload form is stored (the publish form holds it): the table of what was understood
    said "(not set)" for a file that names none, and the file's own project for one that names another."""
    token = login(client, "pat")
    no_project = RETRO_MD.replace("project: Warehouse Move\n", "")
    body = _wait(client, _upload(client, token, [("retro.md", no_project.encode())], project="Warehouse Move"))[1]
    assert _understood_projects(body) == ["Warehouse Move"]
    assert 'name="project" list="projects-' in body and 'value="Warehouse Move"' in body  # what publishing sends
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())], project="Depot"))[1]
    assert _understood_projects(body) == ["Depot"]
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())], project=""))[1]
    assert _understood_projects(body) == ["Warehouse Move"]  # the file's own
    body = _wait(client, _upload(client, token, [("retro.md", no_project.encode())], project=""))[1]
    assert _understood_projects(body) == ["(not set)"]
    upload_id = _upload_ids(_wait(client, _upload(client, token, [("x.md", no_project.encode())], project="Depot"))[1])[0]
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "Depot"})
    with Store(contributors.db) as store:
        assert store.document("Depot/x.md")["project"] == "Depot"  # as the table said


@pytest.mark.parametrize(("lang", "again", "latest"), [("en", "Upload {n} of 3", "latest"),
                                                       ("zh", "第 {n} 次上传，共 3 次", "最新")])
def test_my_contributions_tell_uploads_of_the_same_file_name_apart(client, contributors, lang, again, latest):
    """The same file uploaded three times in a minute was listed as "retro.md 10:49" three times: each now says which
    upload of the name it is, the latest says so, and the project typed on the form is shown."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    for project, text in (("Depot", RETRO_MD), ("", RETRO_MD + "- a\n"), ("", RETRO_MD + "- b\n")):
        _wait(client, _upload(client, token, [("retro.md", text.encode())], project=project))
    _wait(client, _upload(client, token, [("other.md", RETRO_MD.encode())], project=""))
    mine = client.get("/contribute").get_data(as_text=True)
    waiting = re.search(r'<section class="card unpublished" id="unpublished">(.*?)</section>', mine, re.DOTALL)
    items = [re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", waiting.group(1),
                                                                              re.DOTALL)]
    assert [item.split()[0] for item in items] == ["other.md", "retro.md", "retro.md", "retro.md"]  # newest first
    assert "次" not in items[0] and "of" not in items[0]  # uploaded once: nothing to tell apart
    assert [again.format(n=n) in item for item, n in zip(items[1:], (3, 2, 1), strict=True)] == [True] * 3
    assert [latest in item for item in items[1:]] == [True, False, False]
    assert "Depot" in items[3] and "Depot" not in items[1]


@pytest.mark.parametrize(("lang", "files"), [("en", "retro.md, notes.md"), ("zh", "retro.md、notes.md")])
def test_an_uploads_files_waiting_are_listed_with_the_pages_comma(client, contributors, lang, files):
    """"retro.md, notes.md" in Chinese, the ASCII comma and its space."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode()), ("notes.md", (RETRO_MD + "- c\n").encode())]))
    mine = client.get("/contribute").get_data(as_text=True)
    assert re.search(r'<section class="card unpublished".*?<li><a href="[^"]+">([^<]*)</a>', mine, re.DOTALL).group(1) \
        == files


def test_an_uploads_files_are_listed_in_the_order_they_came_when_a_second_passed_between_them(client, contributors):
    """Under load (10 on 2 cores) the second file of an upload was stored a second after the first, and the list of
    uploads waiting, ordered by each file's time first, said "notes.md, retro.md" (test just above: flaky)."""
    token = login(client, "pat")
    url, _ = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode()),
                                                   ("notes.md", (RETRO_MD + "- c\n").encode())]))
    _wait(client, _upload(client, token, [("later.md", RETRO_MD.encode())]))
    with Store(contributors.db) as store, store.transaction():  # the files' times as a loaded machine wrote them
        store.conn.execute("UPDATE uploads SET created_at = '2026-12-05T10:00:00+00:00' WHERE file_name = 'retro.md'")
        store.conn.execute("UPDATE uploads SET created_at = '2026-12-05T10:00:01+00:00' WHERE file_name = 'notes.md'")
    mine = client.get("/contribute").get_data(as_text=True)
    listed = re.findall(r'<li><a href="([^"]+)">([^<]*)</a>', mine.split('<section class="card unpublished"')[1])
    assert [names for _, names in listed[:2]] == ["later.md", "retro.md, notes.md"] and listed[1][0] == url


@pytest.mark.parametrize(("lang", "no_project", "no_lesson"), [("en", "Project is required", "The lesson is required"),
                                                               ("zh", "请填写项目", "请填写经验教训")])
def test_a_missing_field_of_the_record_form_is_named_as_the_form_names_it(client, contributors, lang, no_project,
                                                                          no_lesson):
    """"请填写 project" (and "project is required") named the field by its name in the code; "请填写 项目" set the
    Chinese label apart as a placeholder is. The field named takes the focus and is marked invalid, the message said
    again under it (the one above the form was a screen away on a phone) and tied to it; no other field is."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    for data, says, field in (({"lesson": "Book the cranes early."}, no_project, 'input name="project"'),
                              ({"project": "Depot"}, no_lesson, 'textarea name="lesson"'),
                              ({"project": "Depot", "lesson": "Book the cranes early.", "date": "2025-02-30"}, None,
                               'input name="date"')):
        response = refused(client, client.post("/contribute/record", data={"csrf_token": token, **data}))
        page = response.get_data(as_text=True)
        box = re.search(r'<p class="error-box" role="alert">([^<]*)</p>', page)
        assert response.status_code == 200 and (says is None or box.group(1) == says)
        name = field.split('"')[1]
        marked = re.findall(r'<(?:input|textarea) name="(\w+)"[^>]* autofocus aria-invalid="true"'
                            r' aria-describedby="(\w+)-error[" ]', page)
        assert marked == [(name, name)] and page.count("autofocus") == 1, page
        note = re.search(rf'<p class="field-error" id="{name}-error">([^<]*)</p>', page)  # in sight under the field
        assert note and note.group(1) == box.group(1)


@pytest.mark.parametrize(("lang", "heading", "says"), [
    ("en", "3 fields of the form need correcting:",
     {"lesson": "The lesson is required", "project": "Project is required", "date": "Date is invalid"}),
    ("zh", "表单中有 3 处需要修改：", {"lesson": "请填写经验教训", "project": "请填写项目", "date": "日期无效"})])
def test_every_wrong_field_of_the_record_form_is_said_at_once(client, contributors, lang, heading, says):
    """A form sent without its lesson and its project, with a wrong date, said the lesson only; sent again, the
    project; then the date. Each is said now, above the form and under its own field, marked; the first takes the
    focus; what was typed stays."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    response = client.post("/contribute/record", data={
        "csrf_token": token, "lesson": " ", "date": "2025-02-30", "tags": "吊车", "recommendation": "Book early."})
    page = refused(client, response).get_data(as_text=True)
    box = re.search(r'<div class="error-box" role="alert"><p>([^<]*)</p>\s*<ul>(.*?)</ul></div>', page, re.DOTALL)
    assert box and box.group(1) == heading
    listed = re.findall(r"<li>([^<]*)</li>", box.group(2))
    notes = dict(re.findall(r'<p class="field-error" id="(\w+)-error">([^<]*)</p>', page))
    assert list(notes) == list(says) and listed == list(notes.values())
    assert all(notes[name].startswith(start) for name, start in says.items())
    marked = re.findall(r'<(?:input|textarea) name="(\w+)"[^>]* aria-invalid="true"', page)
    assert marked == list(says) and page.count("autofocus") == 1
    assert re.search(r'<textarea name="lesson"[^>]* autofocus aria-invalid', page)
    assert 'value="吊车"' in page and ">Book early.</textarea>" in page and 'value="2025-02-30"' in page


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "The lesson is a text of 10,001 characters, longer than the 10,000 allowed"),
    ("zh", "经验教训有 10,001 个字符，超过了允许的 10,000 个")])
def test_a_lesson_over_the_limit_is_said_and_kept_not_cut_by_the_box(client, contributors, lang, says):
    """The record form's boxes had maxlength="10000": a longer lesson pasted in was cut without a word. They have no
    maxlength now; a count under each says how near the limit it is (app.js), and the server, whose limit stays
    (contribute_forms.TEXT_LIMIT), says so, naming it, with every character typed given back."""
    from web.views.contribute_forms import TEXT_LIMIT

    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    page = client.get("/contribute/record").get_data(as_text=True)
    boxes = re.findall(r"<textarea [^>]*>", page)
    assert len(boxes) == 3 and not any("maxlength" in box for box in boxes)
    for name in ("driving_event", "lesson", "recommendation"):
        box = next(b for b in boxes if f'name="{name}"' in b)
        assert f'data-limit="{TEXT_LIMIT}"' in box and f'data-counter="{name}-count"' in box
        assert f'aria-describedby="{name}-count"' in box and f'<p class="paste-count" id="{name}-count"' in page
    text = "预" * (TEXT_LIMIT - 1) + "留吊车"[:2]
    assert len(text) == TEXT_LIMIT + 1
    response = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot", "lesson": text})
    page = refused(client, response).get_data(as_text=True)  # (one character repeated: it fits in the cookie)
    assert f'<p class="error-box" role="alert">{says}</p>' in page
    kept = re.search(r'<textarea name="lesson"[^>]* aria-invalid="true" aria-describedby="lesson-error lesson-count">'
                     r"([^<]*)</textarea>", page)
    assert kept and kept.group(1) == text
    assert not _search_keys(client, "预预预")  # nothing stored


@pytest.mark.parametrize("line_break", ["\r\n", "\r"])
def test_a_line_break_a_browser_sends_as_cr_lf_counts_as_one_character(client, contributors, line_break):
    """The counter under the box (app.js) counts a line break as one character, the browser sends CR LF, and the
    server counted two: 9,900 characters on 100 lines showed 10,000 / 10,000 and were refused as 10,098. A CR LF (or
    a lone CR) is one LF before the limit, and kept so."""
    from web.views.contribute_forms import TEXT_LIMIT

    client.set_cookie("kb_lang", "en")
    token = login(client, "pat")
    text = line_break.join(["预" * 98] * 100 + ["留" * 100])  # 9,900 characters and 100 line breaks: 10,000
    assert len(text.replace(line_break, "\n")) == TEXT_LIMIT
    over = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot", "lesson": text + "留"})
    assert "a text of 10,001 characters" in refused(client, over).get_data(as_text=True)
    sent = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot", "lesson": text})
    assert sent.status_code in (302, 303), sent.get_data(as_text=True)[:2000]


def test_a_fault_while_checking_the_record_form_is_no_mistake_of_the_form(client, contributors, monkeypatch):
    """The record form caught every exception as the form's own mistake: a database fault while it was checked (the
    synonyms read for the tag cap) came back as a red message over the form, as if the contributor had typed
    something wrong, and was logged nowhere. Only InvalidInput is the form's."""
    def locked(self, *_, **__):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Store, "tags_counted", locked)
    token = login(client, "pat")
    with pytest.raises(sqlite3.OperationalError):  # (TESTING: raised; a 500 page served)
        client.post("/contribute/record", data={"csrf_token": token, "project": "Depot", "lesson": "Book early.",
                                                "tags": "cranes"})


def test_synonyms_typed_for_a_lesson_count_as_one_tag_against_the_cap(client, contributors):
    """The cap counted the names typed: 21 names of which two are synonyms (数据迁移 = data migration) are 20 tags
    to filters and search, and were refused as 21."""
    with Store(contributors.db) as store:
        store.add_synonyms(["数据迁移", "data migration"])
    client.set_cookie("kb_lang", "en")
    token = login(client, "pat")
    names = [f"标签{n}" for n in range(19)] + ["数据迁移", "Data Migration"]
    sent = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot",
                                                   "lesson": "Book the cranes early.", "tags": "，".join(names)})
    assert sent.status_code == 302, sent.get_data(as_text=True)[:3000]
    over = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot", "lesson": "Book them.",
                                                   "tags": "，".join([*names, "标签19"])})
    assert "at most 20 tags on a lesson, not 21" in refused(client, over).get_data(as_text=True)


@pytest.mark.parametrize(("lang", "says"), [("en", "Tags: at most 20 tags on a lesson, not 21"),
                                            ("zh", "标签：每条经验最多 20 个标签，而不是 21 个")])
def test_a_lesson_recorded_with_more_tags_than_the_cap_is_refused_naming_it(client, contributors, lang, says):
    """A lesson was recorded with 150 tags (its page a list of words): kb.store.MAX_TAGS (20) at most, the same name
    twice counted once, the field marked, what was typed given back."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    typed = "，".join(f"标签{n}" for n in range(21))
    response = refused(client, client.post("/contribute/record", data={
        "csrf_token": token, "project": "Depot", "lesson": "Book the cranes early.", "tags": typed}))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'<p class="error-box" role="alert">{says}</p>' in page
    assert re.search(rf'<input name="tags" value="{typed}"[^>]* autofocus aria-invalid="true"', page)
    assert f'<p class="field-error" id="tags-error">{says}</p>' in page
    twice = ", ".join([f"tag {n}" for n in range(20)] + ["Tag 0"])  # 20 tags, one typed twice
    saved = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot",
                                                    "lesson": "Book the cranes early.", "tags": twice})
    assert saved.status_code == 302


def test_on_a_phone_my_contributions_name_the_cells_of_a_row(client, contributors):
    """Each row is a card on a phone, its header hidden: "2026-12-04 11:24" alone did not say it was when it was
    added (app.css writes a cell's data-label before it, as on the upload's page)."""
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())]))[1]
    client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish", data={"csrf_token": token,
                                                                             "project": "Warehouse Move"})
    row = re.search(r'<tr data-key="Warehouse Move/retro.md">(.*?)</tr>', client.get("/contribute").get_data(
        as_text=True), re.DOTALL).group(1)
    assert '<td data-label="Project">Warehouse Move</td>' in row and '<td data-label="Added"><time' in row


@pytest.mark.parametrize(("lang", "apart"), [
    ("en", "Old Office formats (.doc .ppt .xls) are not read: save them as .docx/.pptx/.xlsx first."),
    ("zh", "旧版 Office 格式（.doc .ppt .xls）无法读取：请先另存为 .docx/.pptx/.xlsx。")])
def test_the_upload_page_lists_the_old_office_formats_apart_from_those_it_reads(client, contributors, lang, apart):
    """.doc .ppt .xls are taken only to be refused ("save it as .docx"): not among the formats read."""
    client.set_cookie("kb_lang", lang)
    login(client, "pat")
    help_text = re.search(r"<h1>[^<]*</h1>\s*<p>(.*?)</p>", client.get("/contribute/upload").get_data(as_text=True),
                          re.DOTALL).group(1)
    read, _, rest = help_text.partition("。" if lang == "zh" else ". ")
    assert ".docx" in read and ".md" in read and not re.search(r"\.(doc|ppt|xls)\b", read)
    assert apart in rest


@pytest.mark.parametrize(("lesson", "title"), [
    (("Agree the vendor's interface specification in writing before the build starts, and review every change to "
      "the interface with both teams."),
     "Agree the vendor's interface specification in writing before the build starts…"),
    ("接口规范要在开发开始前与供应商书面确认，" * 6, ("接口规范要在开发开始前与供应商书面确认，" * 4)[:-1] + "…"),
    ("Short lessons are their own title.", "Short lessons are their own title."),
])
def test_a_recorded_lessons_title_is_cut_at_a_word_with_an_ellipsis(client, contributors, lesson, title):
    # It was the text's first 80 characters: "… review every change to the interface " (a word split or a trailing
    # space, no sign that it goes on), as the digest showed it ("interface  ·")
    token = login(client, "pat")
    form = {"csrf_token": token, "lesson": lesson, "kind": "lesson", "project": "仓库搬迁"}
    response = client.post("/contribute/record", data=form)
    assert response.status_code == 302
    from urllib.parse import unquote

    key = unquote(response.headers["Location"].rsplit("/documents/", 1)[1])
    with Store(contributors.db) as store:
        assert store.document(key)["title"] == title
    # the edit form leaves the title empty (it was not typed): a changed text gets its own title
    edit = client.get("/contribute/record", query_string={"key": key}).get_data(as_text=True)
    assert 'name="title" value=""' in edit


@pytest.mark.parametrize("title", [
    "Publish Phase 2 actuals by complexity class as the Phase 3 estimating baseline…",  # cut before the bracket
    "Publish Phase 2 actuals by complexity class as the Phase 3…",  # cut further back, as titles once were
])
def test_a_title_made_from_the_text_before_titles_were_cut_otherwise_is_not_taken_as_typed(title):
    """Recorded lessons keep the title made when they were recorded: a cut of the text's start with "…", made by
    an earlier rule, is still not a typed title (the edit form would show it, and a changed text keep it)."""
    from web.lesson_titles import typed_title

    text = ("Publish Phase 2 actuals by complexity class as the Phase 3 estimating baseline (Owner: PMO, due "
            "before the next gate review).")
    assert typed_title({"title": title, "lesson": text}) is None
    assert typed_title({"title": "Estimating baseline from Phase 2", "lesson": text}) == \
        "Estimating baseline from Phase 2"
    assert typed_title({"title": "Publish Phase 2 actuals…", "lesson": "Another text altogether, long enough."}) == \
        "Publish Phase 2 actuals…"


def test_a_curator_editing_a_contributors_recorded_lesson_keeps_its_author(client, contributors):
    # the curator's edit made the curator the lesson's author: the page said 作者 林策展, the queue no longer the PM's
    token = login(client, "pat")
    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Walk the site's Wi-Fi before "
                           "the scanners arrive.", "project": "Warehouse Move", "kind": "lesson"})
    from urllib.parse import unquote

    key = unquote(response.headers["Location"].split("/documents/", 1)[1])
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "carl")
    edited = {"csrf_token": token, "key": key, "lesson": "Survey the site's Wi-Fi before the scanners are ordered.",
              "project": "Warehouse Move", "kind": "lesson"}
    page = client.post("/contribute/record", data=edited, follow_redirects=True).get_data(as_text=True)
    assert "Saved." in page and "Lesson recorded" not in page  # not "searchable now, waiting for a curator's review"
    with Store(contributors.db) as store:
        doc = store.document(key)
        assert doc["lessons"][0]["lesson"] == edited["lesson"]
        assert (doc["authors"], doc["contributed_by"]) == (["pat"], "pat")


@pytest.mark.parametrize(("lang", "heading"), [("zh", "所属文档的标签："), ("en", "Its document's tags: ")])
def test_a_recorded_lessons_tags_show_on_its_page(client, contributors, lang, heading):
    # the tags typed on the record form are its document's: the lesson's page said "No tags yet." to the curator
    # reviewing it, and nothing at all to readers
    token = login(client, "pat")
    client.set_cookie("kb_lang", lang)
    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": "无线覆盖要在上线前单独验收。",
                                                        "project": "仓库搬迁", "kind": "lesson", "tags": "现场网络，上线准备"})
    from urllib.parse import unquote

    key = unquote(response.headers["Location"].split("/documents/", 1)[1])
    with Store(contributors.db) as store:
        lesson_id = store.document(key)["lessons"][0]["id"]
    client.post("/logout", data={"csrf_token": token})
    for who in (None, "carl"):
        if who:
            login(client, who)
        page = html.unescape(client.get(f"/lessons/{lesson_id}").get_data(as_text=True))
        tags = page.split(f'<div class="document-tags"><p class="muted">{heading}</p>', 1)
        assert len(tags) == 2, who
        listed = re.findall(r'<a href="/browse\?tag=[^"]+">([^<]+)</a>', tags[1].split("</ul>", 1)[0])
        assert listed == ["上线准备", "现场网络"] and "No tags yet." not in page and "暂无标签。" not in page, who


def test_the_review_queue_shows_a_recorded_lessons_tags(client, contributors):
    # the curator reviewing what a PM handed in did not see the tags the PM typed (they are its document's)
    token = login(client, "pat")
    client.post("/contribute/record", data={"csrf_token": token, "lesson": "RF 枪的无线覆盖要在上线前单独验收。",
                                            "project": "仓库搬迁", "kind": "lesson", "tags": "现场网络，上线准备"})
    client.post("/logout", data={"csrf_token": token})
    login(client, "carl")
    client.set_cookie("kb_lang", "zh")
    page = client.get("/review", query_string={"author": "pat"}).get_data(as_text=True)
    row = page.split("RF 枪的无线覆盖要在上线前单独验收。", 1)[1].split("</li>", 1)[0]
    assert '<p class="muted document-tags">所属文档的标签：上线准备、现场网络</p>' in row
    api = client.get("/api/review", query_string={"author": "pat"}).get_json()["items"][0]
    assert (api["tags"], api["document_tags"]) == ([], ["上线准备", "现场网络"])


def test_a_refused_form_is_shown_after_a_redirect_and_a_reload_sends_nothing(client, contributors):
    """Reloading the page that said a recorded lesson's or a document's details were refused sent the form again (the
    browser's "Confirm Form Resubmission", then the same 400 page): each is redirected (303, post/redirect/get) to its
    page, shown once as it was sent, with its error; a reload shows the page as stored."""
    client.set_cookie("kb_lang", "en")
    token = login(client, "pat")
    sent = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Book the cranes early.",
                                                   "project": "", "tags": "吊车"})
    assert sent.status_code == 303 and sent.headers["Location"] == "/contribute/record"
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'class="error-box"' in page and 'value="吊车"' in page and ">Book the cranes early.</textarea>" in page
    reloaded = client.get("/contribute/record").get_data(as_text=True)
    assert 'class="error-box"' not in reloaded and "Book the cranes early." not in reloaded
    _publish(client, token, "retro.md", RETRO_MD.encode())
    key = "Warehouse Move/retro.md"
    sent = client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "title": "Depot retro",
                                                     "date": "2025/02/30"})
    assert sent.status_code == 303 and "/contribute/metadata?key=" in sent.headers["Location"]
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "2025/02/30" in page and 'value="Depot retro"' in page and 'class="error-box"' in page
    reloaded = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'class="error-box"' not in reloaded and "Depot retro" not in reloaded
    with Store(contributors.db) as store:
        assert store.overrides(key) == {}  # nothing stored


def test_a_refused_lesson_too_long_for_the_cookie_is_answered_on_its_own_page(client, contributors):
    """A browser drops a cookie past 4 KB, and the login with it: a lesson of thousands of characters refused (no
    project) is answered on the POST's page, as typed; a reload there asks to send it again."""
    token = login(client, "pat")
    text = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(3000))  # 9 KB that zlib cannot shrink much
    sent = client.post("/contribute/record", data={"csrf_token": token, "lesson": text, "project": ""})
    assert sent.status_code == 400 and f">{text}</textarea>" in sent.get_data(as_text=True)
    cookie = client.get_cookie("kb_session")
    assert cookie is not None and len(cookie.value) < 4000


def _maxlength(page: str, name: str) -> int:
    return int(re.search(rf'<input name="{name}"[^>]*? maxlength="(\d+)"', page).group(1))


def test_the_contribute_forms_boxes_take_what_the_server_keeps_and_no_more(client, contributors):
    """The one-line boxes' maxlength was typed into each template, and the metadata form's project took 300
    characters where its box (and every other form) took 200: each box's maxlength is now the server's limit, one
    character more refused, naming the field, and the limit itself taken."""
    token = login(client, "pat")
    client.set_cookie("kb_lang", "en")
    _publish(client, token, "retro.md", RETRO_MD.encode())
    key = "Warehouse Move/retro.md"
    record = client.get("/contribute/record").get_data(as_text=True)
    metadata = client.get("/contribute/metadata", query_string={"key": key}).get_data(as_text=True)
    assert _maxlength(client.get("/contribute/upload").get_data(as_text=True), "project") == _maxlength(record, "project")
    counted = int(re.search(r'<textarea name="lesson"[^>]*? data-limit="(\d+)"', record).group(1))
    over = client.post("/contribute/record", data={"csrf_token": token, "project": "Depot", "lesson": "a" * (counted + 1)})
    assert f"is a text of {counted + 1:,} characters" in refused(client, over).get_data(as_text=True)
    for page, name in (("record", "project"), ("record", "tags"), ("record", "title"), ("metadata", "title"),
                       ("metadata", "project")):
        limit = _maxlength(record if page == "record" else metadata, name)
        data = ({"project": "Depot", "lesson": "Book the cranes early."} if page == "record" else {"key": key})
        sent = client.post(f"/contribute/{page}", data={"csrf_token": token, **data, name: "a" * (limit + 1)})
        said = refused(client, sent).get_data(as_text=True)
        assert f"is a text of {limit + 1:,} characters, longer than the {limit:,} allowed" in said, (page, name)
        if name != "tags":  # (one tag of 1,000 characters is a tag too long)
            kept = client.post(f"/contribute/{page}", data={"csrf_token": token, **data, name: "a" * limit})
            assert kept.status_code == 302, (page, name, kept.get_data(as_text=True)[:500])
