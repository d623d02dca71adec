"""A published document's lesson corrections across a re-read: saving one reads that file alone (not the whole
managed folder), and a correction that no longer matches a lesson after a parser change is shown on the Edit page,
where it can be forgotten."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest

from ingest import ingest, pipeline
from kb.store import Store
from tests.web.conftest import login
from tests.web.test_contribute import _upload, _upload_ids, _wait, contributors  # noqa: F401 (fixture)
from tests.web.test_contribute_lessons import KEY, RETRO, _read, _stored

OTHER = "# 仓库搬迁复盘\n\n## 教训\n- 搬迁前没有清点库存，导致账实不符。\n"


def _publish(client, token, name, content, project="酒店预订系统"):
    body = _wait(client, _upload(client, token, [(name, content.encode())], project=project))[1]
    published = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                            data={"csrf_token": token, "project": project})
    assert published.status_code == 302, published.get_data(as_text=True)[-400:]


def _edit_ids(client):
    page = client.get("/contribute/metadata", query_string={"key": KEY}).get_data(as_text=True)
    return page, {html.unescape(text): int(i) for i, text in
                  re.findall(r'<p class="lesson-text" id="metadata-form-lesson-(\d+)">([^<]*)</p>', page)}


def _other_lessons(settings):
    with Store(settings.db) as store:
        return [r["text"] for r in store.rows("SELECT l.text FROM lessons l JOIN documents d ON d.id = l.document_id"
                                              " WHERE d.key = '仓库搬迁/仓库.md'")]


def _new_parser_dropping(monkeypatch, gone):
    """A new parser version (as an upgrade brings) that no longer reads the lesson ``gone`` at all."""
    real = pipeline.parse

    def parse(suffix, raw):
        result = real(suffix, raw)
        for doc in result.documents:
            doc.lessons = [lesson for lesson in doc.lessons if lesson.text != gone]
        return result

    monkeypatch.setattr(pipeline, "parse", parse)
    monkeypatch.setattr(pipeline, "PARSER_VERSION", pipeline.PARSER_VERSION + "-planted")


def test_publishing_and_saving_a_lesson_correction_read_that_file_alone(client, contributors):  # noqa: F811
    token = login(client, "pat")
    _publish(client, token, "仓库.md", OTHER, project="仓库搬迁")
    other = contributors.db.parent / "uploads" / "仓库搬迁" / "仓库.md"
    other.write_text(OTHER + "- 新加的一条，不该在保存别的文档时被读入。\n", encoding="utf-8")  # changed on disk
    upload_id, fields, _body = _read(client, token)
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "酒店预订系统",
                                                                   f"{next(iter(fields.values()))}-kind": "lesson"})
    assert _stored(contributors)[0]["kind"] == "lesson"  # published as a new file, keyed from the folder (KEY)
    assert _other_lessons(contributors) == ["搬迁前没有清点库存，导致账实不符。"]  # the other upload was not read again
    _page, ids = _edit_ids(client)
    first = next(iter(ids))
    saved = client.post("/contribute/metadata", data={"csrf_token": token, "key": KEY,
                                                      f"lesson-{ids[first]}-kind": "root_cause"})
    assert saved.status_code == 302
    assert _stored(contributors)[0]["kind"] == "root_cause"
    with Store(contributors.db) as store:
        run = store.runs(limit=1)[0]
    assert _other_lessons(contributors) == ["搬迁前没有清点库存，导致账实不符。"]
    assert run["paths"] == [str(contributors.db.parent / "uploads" / "酒店预订系统" / "retro.md")]


@pytest.mark.parametrize("lang, title, forget, listed", [
    ("en", "Corrections that match no lesson now: 1", "Forget this correction",
     "Lesson corrections that match no lesson since the file was read again: 1"),
    ("zh", "找不到对应经验的更正：1 条", "忘掉这条更正", "文件重新读取后找不到对应经验的更正：1 条")])
def test_a_correction_a_new_parser_no_longer_matches_is_shown_on_the_edit_page_and_forgotten_there(
        client, contributors, monkeypatch, lang, title, forget, listed):  # noqa: F811
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    upload_id, fields, _body = _read(client, token)
    gone, kept, _third = fields
    client.post(f"/contribute/uploads/{upload_id}/publish", data={
        "csrf_token": token, "project": "酒店预订系统", f"{fields[gone]}-kind": "root_cause",
        f"{fields[kept]}-text": "测试环境要在第一周搭好。"})
    _new_parser_dropping(monkeypatch, gone)
    with Store(contributors.db) as store:
        ingest(store, [contributors.db.parent / "uploads"])  # kb ingest after the upgrade
    assert [row["text"] for row in _stored(contributors)] == ["测试环境要在第一周搭好。", RETRO.splitlines()[-1][2:]]
    mine = client.get("/contribute").get_data(as_text=True)  # My contributions says so, linking to the Edit page
    assert listed in mine and "/contribute/metadata?key=" in mine.split(listed)[0].rsplit("<a ", 1)[-1]
    page, _ids = _edit_ids(client)
    assert title in page and forget in page
    shown = re.search(r'<section class="unmatched-corrections.*?</section>', page, re.DOTALL).group(0)
    assert html.escape(gone, quote=False) in shown and 'name="forget-0"' in shown
    assert "测试环境要在第一周搭好" not in shown  # the correction that still matches is not listed
    client.post("/contribute/metadata", data={"csrf_token": token, "key": KEY, "forget-0": "1"})
    with Store(contributors.db) as store:
        changed = store.overrides(KEY)["lessons"]["changed"]
    assert [c.get("new_text") for c in changed] == ["测试环境要在第一周搭好。"]
    assert "unmatched-corrections" not in _edit_ids(client)[0] and listed not in client.get("/contribute").get_data(
        as_text=True)


@pytest.mark.parametrize("lang, title", [("en", "Corrections that match no lesson now: 1"),
                                         ("zh", "找不到对应经验的更正：1 条")])
def test_a_curators_list_of_all_contributions_keeps_an_unmatched_correction_after_later_runs(
        client, contributors, monkeypatch, lang, title):  # noqa: F811
    """The table shows the newest 200 documents; the corrections that match nothing are listed above it, each linking
    to its Edit page, after the run that said so and the runs after it, until forgotten."""
    client.set_cookie("kb_lang", lang)
    token = login(client, "pat")
    upload_id, fields, _body = _read(client, token)
    gone = next(iter(fields))
    client.post(f"/contribute/uploads/{upload_id}/publish", data={
        "csrf_token": token, "project": "酒店预订系统", f"{fields[gone]}-kind": "root_cause"})
    _new_parser_dropping(monkeypatch, gone)
    with Store(contributors.db) as store:
        ingest(store, [contributors.db.parent / "uploads"])  # the run that says so
        ingest(store, [contributors.db.parent / "uploads"])  # and the next
    login(client, "carl")
    page = client.get("/contribute", query_string={"all": "1"}).get_data(as_text=True)
    shown = re.search(r'<section class="card unmatched-corrections".*?</section>', page, re.DOTALL).group(0)
    assert title in shown and html.escape(gone, quote=False)[:40] in html.unescape(shown) and "pat" in shown
    assert f'href="/contribute/metadata?key={KEY}#unmatched"' in unquote(html.unescape(shown))
    assert "unmatched-corrections" not in client.get("/contribute").get_data(as_text=True)  # carl's own: none
    with Store(contributors.db) as store:
        store.set_overrides([KEY], {"lessons": {"changed": []}}, actor="carl")  # forgotten
    assert "unmatched-corrections" not in client.get("/contribute", query_string={"all": "1"}).get_data(as_text=True)


@pytest.mark.parametrize("replacing", [False, True])
def test_a_publication_that_fails_puts_back_that_file_alone(client, contributors, replacing):  # noqa: F811
    """Its failure path ingested the whole managed folder again (every upload of the PMO hashed, any changed on disk
    read): now the file it replaced is read again alone, or the new file removed, and nothing else is read."""
    token = login(client, "pat")
    _publish(client, token, "仓库.md", OTHER, project="仓库搬迁")
    other = contributors.db.parent / "uploads" / "仓库搬迁" / "仓库.md"
    other.write_text(OTHER + "- 新加的一条，不该在别的文档发布失败时被读入。\n", encoding="utf-8")  # changed on disk
    target = contributors.db.parent / "uploads" / "酒店预订系统" / "retro.md"
    if replacing:
        _publish(client, token, "retro.md", RETRO)
    before = _stored(contributors)
    with Store(contributors.db) as store:
        last_run = store.scalar("SELECT max(id) FROM ingest_runs")
    taken = "---\nid: 仓库搬迁/仓库.md\n---\n" + RETRO  # another document's key: it cannot be stored
    body = _wait(client, _upload(client, token, [("retro.md", taken.encode())], project="酒店预订系统"))[1]
    response = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                           data={"csrf_token": token, "project": "酒店预订系统"})
    assert response.status_code == 400 and "the file could not be stored" in response.get_data(as_text=True)
    assert _other_lessons(contributors) == ["搬迁前没有清点库存，导致账实不符。"]  # the other upload was not read again
    with Store(contributors.db) as store:
        runs = [run["paths"] for run in store.runs() if run["id"] > last_run]
        sources = store.scalar("SELECT count(*) FROM sources WHERE path = ?", [str(target)])
    # the publication's reading, then (replacing) the file it replaced read again: that file alone each time
    assert runs == [[str(target)]] * (2 if replacing else 1)
    assert target.exists() == replacing and (not replacing or target.read_text(encoding="utf-8") == RETRO)
    assert sources == int(replacing)
    assert _stored(contributors) == before  # the replaced file's lessons as they were, still pat's
