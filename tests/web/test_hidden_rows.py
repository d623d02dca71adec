"""A register row whose lesson a curator has hid is gone for readers everywhere a count or a name could show it:
tags (page, API, the digest's choices), and what else a reader can reach."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import login

ROW_ONLY_TAG = "crm-dedup-incident"  # a curator's tag on the hidden row alone


def _hide_crm_as_a_register_row(client, token: str, settings) -> list[int]:
    """Make crm/retro a register row (as a CSV register's row is marked), hide its every lesson; their ids."""
    with Store(settings.db) as store, store.transaction() as conn:
        conn.execute("UPDATE documents SET meta = json_set(meta, '$.register', 'crm.csv') WHERE key = 'crm/retro'")
    lessons = [l["id"] for l in client.get("/api/documents/crm/retro").get_json()["lessons"]]
    for lesson in lessons:
        client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson, "status": "hidden"})
    return lessons


def _tag(client, token: str, path: str, tag: str) -> None:
    assert client.post(f"/api/{path}/tags", json={"tag": tag}, headers={"X-CSRF-Token": token}).status_code == 201


def _counts(who) -> dict[str, tuple[int, int]]:
    return {t["name"]: (t["documents"], t["lessons"]) for t in who.get("/api/tags").get_json()["items"]}


def test_tag_counts_leave_out_a_hidden_register_row_for_readers(as_curator, app, settings):
    client, token = as_curator
    crm_lesson = client.get("/api/documents/crm/retro").get_json()["lessons"][0]["id"]
    for path, tag in (("documents/crm/retro", ROW_ONLY_TAG), ("documents/crm/retro", "供应商管理"),
                      (f"lessons/{crm_lesson}", "供应商管理")):
        _tag(client, token, path, tag)
    reader = app.test_client()
    login(reader, "rita")
    assert _counts(reader)["供应商管理"] == (2, 1) and ROW_ONLY_TAG in _counts(reader)  # before: seen
    _hide_crm_as_a_register_row(client, token, settings)
    for who in (app.test_client(), reader):
        counts = _counts(who)
        assert counts["供应商管理"] == (1, 0) and ROW_ONLY_TAG not in counts
        assert ROW_ONLY_TAG not in who.get("/tags").get_data(as_text=True)
        assert ROW_ONLY_TAG not in who.get("/subscribe").get_data(as_text=True)  # the digest's tag choices
        assert ROW_ONLY_TAG not in who.get("/api/tags?q=dedup").get_data(as_text=True)
    assert _counts(client)["供应商管理"] == (2, 1) and _counts(client)[ROW_ONLY_TAG] == (1, 0)  # curators: all
    assert ROW_ONLY_TAG in client.get("/tags").get_data(as_text=True)
