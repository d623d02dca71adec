"""The lessons' change feed (``/api/changes``): a script that keeps a copy of the lessons follows it from the cursor
it kept, and its copy stays equal to ``/api/lessons`` through real writes: a new file, a re-ingest of the file
changed (a lesson edited, one dropped), the file deleted, a withdrawn upload, a curator's verdict and tags. A lesson a
curator hid is removed for readers (no text of it in the feed) and changed for curators."""

from __future__ import annotations

import sqlite3

from ingest import ingest
from kb.store import Store, Target
from tests.web.conftest import login

RETRO = """---
id: wms/retro
title: 仓储系统上线复盘
project: 智慧仓储
date: 2026-11-30
---
# 仓储系统上线复盘

## 需要改进
- 扫码枪的驱动直到上线当天才装好，第一班次全部手工登记。
- 库位编码规则在上线后又改了一次，培训材料作废。
- 供应商的接口文档没有版本号，联调时对不上字段。
"""
# The same retrospective edited: the first lesson's text corrected, the second dropped, the third as it was.
EDITED = RETRO.replace("第一班次全部手工登记", "第一班次全部手工登记，晚了两个小时").replace(
    "- 库位编码规则在上线后又改了一次，培训材料作废。\n", "")


def _ingest(settings, folder, text: str | None) -> None:
    """The retrospective written (or deleted: None) in its folder, and the folder ingested (``kb ingest --prune``:
    a deleted file's documents go)."""
    folder.mkdir(exist_ok=True)
    path = folder / "wms-retro.md"
    if text is None:
        path.unlink()
    else:
        path.write_text(text, encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder], prune=True)


def _follow(client, after: int | str, copy: dict[int, dict]) -> tuple[str, list[dict]]:
    """Every change after the cursor (0, a number or an ``EPOCH.NUMBER`` the feed gave), 3 a page, applied to the
    copy; the cursor to keep and the changes read."""
    read = []
    while True:
        page = client.get("/api/changes", query_string={"after": after, "limit": 3}).get_json()
        for item in page["items"]:
            if item["change"] == "removed":
                assert item["lesson"] is None
                copy.pop(item["lesson_id"], None)
            else:
                copy[item["lesson_id"]] = item["lesson"]
        read.extend(page["items"])
        if not page["items"]:
            assert page["next_after"] == page["last_after"] == f"{page['epoch']}.{page['last']}"
            assert str(after).rpartition(".")[2] == str(page["last"])
            return page["next_after"], read
        after = page["next_after"]


def _listing(client) -> dict[int, dict]:
    page = client.get("/api/lessons", query_string={"limit": 500}).get_json()
    assert page["total"] <= 500
    return {lesson["id"]: lesson for lesson in page["items"]}


def _kinds(read: list[dict]) -> dict[int, str]:
    return {item["lesson_id"]: item["change"] for item in read}


def _wms(client) -> list[dict]:
    return client.get("/api/lessons", query_string={"document": "wms/retro"}).get_json()["items"]


def test_a_copy_follows_a_new_file_its_re_ingest_and_its_deletion(client, settings, tmp_path):
    copy: dict[int, dict] = {}
    cursor, read = _follow(client, 0, copy)
    assert copy == _listing(client) and {item["change"] for item in read} == {"added"}
    _ingest(settings, tmp_path / "wms", RETRO)
    new = [lesson["id"] for lesson in _wms(client)]
    cursor, read = _follow(client, cursor, copy)
    assert _kinds(read) == dict.fromkeys(new, "added") and copy == _listing(client)
    _ingest(settings, tmp_path / "wms", EDITED)
    cursor, read = _follow(client, cursor, copy)
    assert _kinds(read) == {new[0]: "changed", new[1]: "removed", new[2]: "changed"}
    assert "晚了两个小时" in copy[new[0]]["text"] and copy == _listing(client)
    _ingest(settings, tmp_path / "wms", None)
    cursor, read = _follow(client, cursor, copy)
    assert _kinds(read) == {new[0]: "removed", new[2]: "removed"} and copy == _listing(client)
    assert _follow(client, cursor, copy) == (cursor, [])  # nothing more: the kept cursor asks for nothing again


def test_a_withdrawn_file_s_lessons_are_removed(client, settings, tmp_path):
    _ingest(settings, tmp_path / "wms", RETRO)
    ids = [lesson["id"] for lesson in _wms(client)]
    cursor = client.get("/api/changes", query_string={"limit": 1}).get_json()["last"]
    with Store(settings.db) as store:
        store.withdraw_file(store.source_by_path(str(tmp_path / "wms" / "wms-retro.md"))["id"])
    assert _kinds(_follow(client, cursor, {})[1]) == dict.fromkeys(ids, "removed")


def test_a_hidden_lesson_is_removed_for_readers_and_changed_for_curators(app, settings):
    reader, curator = app.test_client(), app.test_client()
    token = login(curator, "carl")
    login(reader, "rita")
    copy = {}
    cursor, _ = _follow(reader, 0, copy)
    lesson = next(iter(copy.values()))
    response = curator.post(f"/api/lessons/{lesson['id']}/review", json={"status": "hidden", "note": "不准确"},
                            headers={"X-CSRF-Token": token})
    assert response.status_code == 200, response.get_data(as_text=True)
    after, read = _follow(reader, cursor, copy)
    assert _kinds(read) == {lesson["id"]: "removed"} and lesson["text"] not in str(read)
    assert copy == _listing(reader)
    seen = _follow(curator, cursor, {})[1]
    assert _kinds(seen) == {lesson["id"]: "changed"} and seen[0]["lesson"]["review_status"] == "hidden"
    with Store(settings.db) as store:  # shown again (the review queue's verdict on many): back for readers
        store.set_reviews([lesson["id"]], "approved", actor="carl")
    read = _follow(reader, after, copy)[1]
    assert _kinds(read) == {lesson["id"]: "changed"} and copy == _listing(reader)


def test_a_tag_added_renamed_and_removed_changes_the_lesson(app, settings):
    curator = app.test_client()
    token = login(curator, "carl")
    copy = {}
    cursor, _ = _follow(curator, 0, copy)
    lesson_id = min(copy)
    response = curator.post(f"/api/lessons/{lesson_id}/tags", json={"tag": "仓储"}, headers={"X-CSRF-Token": token})
    assert response.status_code in (200, 201), response.get_data(as_text=True)
    cursor, read = _follow(curator, cursor, copy)
    assert _kinds(read) == {lesson_id: "changed"} and "仓储" in copy[lesson_id]["tags"]
    with Store(settings.db) as store:
        store.rename_tag("仓储", "仓库管理")
    cursor, read = _follow(curator, cursor, copy)
    assert _kinds(read) == {lesson_id: "changed"} and "仓库管理" in copy[lesson_id]["tags"]
    with Store(settings.db) as store:
        store.remove_tag(Target("lesson", str(lesson_id)), "仓库管理")
    read = _follow(curator, cursor, copy)[1]
    assert _kinds(read) == {lesson_id: "changed"} and copy == _listing(curator)


def test_an_older_store_starts_its_feed_at_the_migration_with_every_lesson_added(client, settings):
    conn = sqlite3.connect(settings.db)
    conn.executescript("DROP TABLE lesson_changes; DELETE FROM migrations WHERE name = '0020_lesson_changes';")
    conn.close()
    with Store(settings.db):  # opening it migrates it
        pass
    copy = {}
    read = _follow(client, 0, copy)[1]
    assert copy == _listing(client) and {item["change"] for item in read} == {"added"}
    arrived = [(item["lesson"]["created_at"], item["lesson_id"]) for item in read]
    assert arrived == sorted(arrived)


def test_a_cursor_that_is_not_a_change_number_is_a_400_naming_it(client):
    for bad in ("abc", "-1", "1.5"):
        response = client.get("/api/changes", query_string={"after": bad})
        assert response.status_code == 400
        assert response.get_json()["error"]["message"].startswith("'after' must be")
    assert client.get("/api/changes?limit=0").status_code == 400


def test_a_cursor_past_the_newest_change_is_a_409_saying_to_copy_again(client, settings, tmp_path):
    with Store(settings.db) as store:
        store.backup_to(tmp_path / "kb-before.db")  # as kb backup takes it
        last = store.changes(0, 1)[1]
        lesson = store.scalar("SELECT min(id) FROM lessons")
        store.add_tag(Target("lesson", str(lesson)), "复盘")  # a change after the backup: the job reads past it
    assert _follow(client, 0, {})[0].endswith(f".{last + 1}")
    (tmp_path / "kb-before.db").replace(settings.db)  # the backup put back
    assert client.get("/api/changes", query_string={"after": last}).status_code == 200
    ahead = client.get("/api/changes", query_string={"after": last + 1})
    assert ahead.status_code == 409 and ahead.is_json
    message = ahead.get_json()["error"]["message"]
    assert f"'after' is {last + 1}, past this feed's newest change, {last}" in message and "/api/lessons" in message


def test_a_merge_and_its_undo_change_the_lessons_whose_tags_they_move(client, settings):
    copy = {}
    cursor, _ = _follow(client, 0, copy)
    moved, kept = sorted(copy)[:2]
    with Store(settings.db) as store:
        store.add_tag(Target("lesson", str(moved)), "仓储")
        store.add_tag(Target("lesson", str(kept)), "库存")
    cursor, _ = _follow(client, cursor, copy)
    with Store(settings.db) as store:
        store.merge_tags(["仓储"], "库存", actor="carl")
        event = store.tag_events(1)[0]
    cursor, read = _follow(client, cursor, copy)
    assert _kinds(read) == {moved: "changed"} and "库存" in copy[moved]["tags"] and copy == _listing(client)
    with Store(settings.db) as store:
        store.undo_tag_event(event["id"], actor="carl")
    read = _follow(client, cursor, copy)[1]
    assert _kinds(read) == {moved: "changed"} and "仓储" in copy[moved]["tags"] and copy == _listing(client)


def test_corrected_metadata_changes_the_document_s_lessons(client, settings, tmp_path):
    _ingest(settings, tmp_path / "wms", RETRO)
    copy = {}
    cursor, _ = _follow(client, 0, copy)
    with Store(settings.db) as store:
        store.set_overrides(["wms/retro"], {"project": "仓储二期"}, actor="pat")
    read = _follow(client, cursor, copy)[1]
    assert _kinds(read) == {lesson["id"]: "changed" for lesson in _wms(client)}
    assert {copy[item["lesson_id"]]["project"] for item in read} == {"仓储二期"} and copy == _listing(client)
