"""An integrator keeping a copy of the lessons from the change feed ends with the store's tags, states and
contributors: a document tagged and untagged (its lessons carry ``document_tags``), a contribution claimed (its
lessons' ``contributed_by``, shown to curators), verdicts; and a verdict the lesson already had is no change. It ends
without what was deleted, whichever way it went: a register's row removed, a lesson gone on a re-read, a file removed
and ingested with --prune, a contribution withdrawn; and a new integrator replaying the feed from its start ends
with the same copy."""

from __future__ import annotations

import pytest

from kb.store import Store, Target
from tests.web.conftest import login
from tests.web.test_api_changes import EDITED, RETRO, _follow, _kinds, _listing
from tests.web.test_contribute import contributors  # noqa: F401 (the fixture)
from tests.web.test_withdraw import _publish

SYNCED = ("tags", "document_tags", "review_status", "reviewed_by", "contributed_by")


@pytest.fixture
def curator(app, settings):
    """A curator's client, with an API token as a script sends it."""
    with Store(settings.db) as store:
        token = store.create_token("carl", "sync")
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _document(client) -> tuple[str, list[int]]:
    """A document of the collection with more than one lesson, and its lessons' ids."""
    docs = client.get("/api/documents", query_string={"limit": 50, "sort": "key"}).get_json()["items"]
    key = next(d["key"] for d in docs if d["lessons"] > 1)
    lessons = client.get("/api/lessons", query_string={"document": key}).get_json()["items"]
    return key, sorted(lesson["id"] for lesson in lessons)


def _synced(copy: dict[int, dict]) -> dict[int, tuple]:
    return {i: tuple(str(lesson[f]) for f in SYNCED) for i, lesson in copy.items()}


def test_a_copy_replayed_from_the_feed_has_the_store_s_tags_states_and_contributors(curator, settings):
    copy: dict[int, dict] = {}
    start, _ = _follow(curator, 0, copy)
    key, ids = _document(curator)
    assert curator.post(f"/api/documents/{key}/tags", json={"tag": "仓储"}).status_code == 201
    cursor, read = _follow(curator, start, copy)
    assert _kinds(read) == dict.fromkeys(ids, "changed") and all("仓储" in copy[i]["document_tags"] for i in ids)
    assert curator.delete(f"/api/documents/{key}/tags/仓储").status_code == 200
    cursor, read = _follow(curator, cursor, copy)
    assert _kinds(read) == dict.fromkeys(ids, "changed") and not any("仓储" in copy[i]["document_tags"] for i in ids)
    with Store(settings.db) as store:
        doc_id = store.scalar("SELECT id FROM documents WHERE key = ?", [key])
        store.claim([doc_id], "pat")
    cursor, read = _follow(curator, cursor, copy)
    assert _kinds(read) == dict.fromkeys(ids, "changed") and {copy[i]["contributed_by"] for i in ids} == {"pat"}
    assert curator.post(f"/api/lessons/{ids[0]}/review", json={"status": "approved"}).status_code == 200
    assert curator.post(f"/api/lessons/{ids[1]}/tags", json={"tag": "库存"}).status_code == 201
    with Store(settings.db) as store:
        store.add_tag(Target("document", key), "复盘")
        store.set_reviews([ids[1]], "hidden", actor="carl", note="重复")
    cursor, _ = _follow(curator, cursor, copy)
    with Store(settings.db) as store:
        store.rename_tag("复盘", "回顾")  # a document's tag renamed: its lessons' document_tags read otherwise
    read = _follow(curator, cursor, copy)[1]
    assert _kinds(read) == dict.fromkeys(ids, "changed") and "回顾" in copy[ids[0]]["document_tags"]
    replayed = {}
    _follow(curator, 0, replayed)  # a new integrator, from the feed's start
    assert _synced(copy) == _synced(replayed) == _synced(_listing(curator))


def test_a_verdict_the_lesson_already_has_is_no_change(curator, settings):
    _, ids = _document(curator)
    assert curator.post(f"/api/lessons/{ids[0]}/review", json={"status": "approved"}).status_code == 200
    with Store(settings.db) as store:
        store.set_reviews([ids[1]], "hidden", actor="carl", note="重复")
    cursor, _ = _follow(curator, 0, {})
    approved = curator.get(f"/api/lessons/{ids[0]}").get_json()
    with Store(settings.db) as store:
        store.set_review(ids[0], "approved", actor="ada")  # another curator, the same verdict
        store.set_reviews([ids[1]], "hidden", actor="ada", note="重复")  # hidden again, for the same reason
    assert curator.post(f"/api/lessons/{ids[0]}/review", json={"status": "approved"}).status_code == 200
    assert _follow(curator, cursor, {})[1] == []
    again = curator.get(f"/api/lessons/{ids[0]}").get_json()
    assert (again["reviewed_by"], again["reviewed_at"]) == (approved["reviewed_by"], approved["reviewed_at"])
    with Store(settings.db) as store:
        store.set_reviews([ids[1]], "hidden", actor="ada", note="与另一条重复")  # another reason: a change
    assert _kinds(_follow(curator, cursor, {})[1]) == {ids[1]: "changed"}


def test_readers_are_not_shown_who_contributed_a_lesson(client, curator, settings):
    key, ids = _document(curator)
    with Store(settings.db) as store:
        store.claim([store.scalar("SELECT id FROM documents WHERE key = ?", [key])], "pat")
    assert curator.get(f"/api/lessons/{ids[0]}").get_json()["contributed_by"] == "pat"
    document = client.get(f"/api/documents/{key}").get_json()  # its lessons were listed with their contributor
    for page in (client.get(f"/api/lessons/{ids[0]}").get_json(), *_listing(client).values(),
                 *(item["lesson"] for item in _follow(client, 0, {})[1]), document, *document["lessons"]):
        assert page["contributed_by"] is None
    shown = curator.get(f"/api/documents/{key}").get_json()
    assert {shown["contributed_by"], *(lesson["contributed_by"] for lesson in shown["lessons"])} == {"pat"}


REGISTER = """编号,标题,项目,日期,经验教训,建议
LL-1,接口延期,ERP系统升级,2024-02-08,供应商只在最后交付，问题暴露太晚。,按两周交付并验收。
LL-2,培训不足,智慧仓储,2024-11-03,临时工未培训即上岗。,上岗前半天培训。
LL-3,备件不足,智慧仓储,2024-11-05,上线首周扫码枪坏了三把，没有备件。,按班组配备件。
"""


def _lessons_of(settings, key_like: str) -> list[int]:
    with Store(settings.db) as store:
        return [r[0] for r in store.conn.execute("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id"
                                                 " WHERE d.key LIKE ? ORDER BY l.id", [key_like])]


def _write_and_ingest(settings, folder, files: dict[str, str | None]) -> None:
    """Files written (or deleted: None) in the folder, and the folder ingested as ``kb ingest --prune`` does."""
    from ingest import ingest

    for name, text in files.items():
        (folder / name).unlink() if text is None else (folder / name).write_text(text, encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder], prune=True)


def _removed(read: list[dict]) -> set[int]:
    return {i for i, change in _kinds(read).items() if change == "removed"}


def _same_as_replayed(client, copy: dict[int, dict]) -> bool:
    replayed: dict[int, dict] = {}
    _follow(client, 0, replayed)  # a new integrator, from the feed's start
    return copy == replayed == _listing(client)


def test_a_copy_replayed_from_the_feed_ends_without_what_was_deleted(curator, settings, tmp_path):
    folder = tmp_path / "pmo"
    folder.mkdir()
    copy: dict[int, dict] = {}
    cursor, _ = _follow(curator, 0, copy)
    _write_and_ingest(settings, folder, {"register.csv": REGISTER, "wms-retro.md": RETRO})
    row, retro = _lessons_of(settings, "%register.csv#LL-2"), _lessons_of(settings, "wms/retro")
    assert row and len(retro) == 3
    cursor, _ = _follow(curator, cursor, copy)
    _write_and_ingest(settings, folder, {"register.csv": REGISTER.replace(REGISTER.splitlines()[2] + "\n", "")})
    cursor, read = _follow(curator, cursor, copy)  # a register's row removed: its document and lessons went
    assert _removed(read) == set(row) and _same_as_replayed(curator, copy)  # LL-3 'changed': its row moved up
    _write_and_ingest(settings, folder, {"wms-retro.md": EDITED})
    cursor, read = _follow(curator, cursor, copy)  # a lesson gone on a re-read
    assert _kinds(read) == {retro[0]: "changed", retro[1]: "removed", retro[2]: "changed"}
    assert _same_as_replayed(curator, copy)
    _write_and_ingest(settings, folder, {"wms-retro.md": None})
    cursor, read = _follow(curator, cursor, copy)  # the file removed, ingested with --prune
    assert _kinds(read) == {retro[0]: "removed", retro[2]: "removed"} and _same_as_replayed(curator, copy)
    assert not set(retro) & set(copy) and not set(row) & set(copy)


def test_a_withdrawn_contribution_is_deleted_from_the_copy(client, contributors):  # noqa: F811
    token = login(client, "pat")
    _publish(client, token)  # a register of two rows, uploaded and published
    copy: dict[int, dict] = {}
    cursor, _ = _follow(client, 0, copy)
    rows = _lessons_of(contributors, "Warehouse Move/register.csv#%")
    assert len(rows) == 2 and set(rows) <= set(copy)
    response = client.post("/contribute/withdraw", data={"csrf_token": token, "key": "Warehouse Move/register.csv#r1"})
    assert response.status_code == 302
    cursor, read = _follow(client, cursor, copy)  # withdrawing a row withdraws its file: both rows' lessons
    assert _kinds(read) == dict.fromkeys(rows, "removed") and not set(rows) & set(copy)
    assert _same_as_replayed(client, copy)
