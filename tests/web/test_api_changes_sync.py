"""An integrator keeping a copy of the lessons from the change feed ends with the store's tags, states and
contributors: a document tagged and untagged (its lessons carry ``document_tags``), a contribution claimed (its
lessons' ``contributed_by``, shown to curators), verdicts; and a verdict the lesson already had is no change."""

from __future__ import annotations

import pytest

from kb.store import Store, Target
from tests.web.test_api_changes import _follow, _kinds, _listing

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
    for page in (client.get(f"/api/lessons/{ids[0]}").get_json(), *_listing(client).values(),
                 *(item["lesson"] for item in _follow(client, 0, {})[1])):
        assert page["contributed_by"] is None
