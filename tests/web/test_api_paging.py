"""A nightly job pulling every lesson and document through the API, page by page, while new ones arrive: with
``sort=added`` (oldest first) what arrives meanwhile only adds pages at the end, so nothing is skipped or read
twice; each lesson says when it arrived and was last ingested (``created_at``, ``updated_at``), each document when
it was first ingested (``first_ingested``), as ISO 8601 times with their zone."""

from __future__ import annotations

from datetime import datetime

import pytest

from ingest import ingest
from kb.store import Store

NEW_RETRO = """---
id: wms/retro
title: 仓储系统上线复盘
project: 智慧仓储
date: 2026-11-30
---
# 仓储系统上线复盘

## 需要改进
- 扫码枪的驱动直到上线当天才装好，第一班次全部手工登记。
- 库位编码规则在上线后又改了一次，培训材料作废。
"""


def _arrive(settings, tmp_path) -> None:
    """A new retrospective, dated later than every other document, ingested while a script pages."""
    folder = tmp_path / "arrived"
    folder.mkdir()
    (folder / "wms-retro.md").write_text(NEW_RETRO, encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])


def _pull(client, settings, tmp_path, path: str, sort: str) -> list:
    """Every item of a listing, two a page, with a new document ingested after the first page."""
    seen, offset = [], 0
    while True:
        page = client.get(path, query_string={"sort": sort, "limit": 2, "offset": offset}).get_json()
        seen.extend(page["items"])
        if offset == 0:
            _arrive(settings, tmp_path)
        offset += len(page["items"])
        if offset >= page["total"]:
            return seen


@pytest.mark.parametrize("path, key", [("/api/lessons", "id"), ("/api/documents", "key")])
def test_paging_oldest_first_reads_everything_once_while_new_ones_arrive(client, settings, tmp_path, path, key):
    before = [item[key] for item in client.get(path, query_string={"limit": 500}).get_json()["items"]]
    pulled = [item[key] for item in _pull(client, settings, tmp_path, path, "added")]
    assert len(pulled) == len(set(pulled)), "an item was read twice"
    assert set(before) <= set(pulled), "an item was skipped"
    assert set(pulled[:len(before)]) == set(before) and len(pulled) > len(before)  # what arrived comes last
    after = client.get(path, query_string={"limit": 500}).get_json()["items"]
    assert set(pulled) == {item[key] for item in after}


def test_lessons_say_when_they_arrived_and_documents_when_first_ingested(client, settings, tmp_path):
    _arrive(settings, tmp_path)
    newest = client.get("/api/lessons", query_string={"sort": "ingested", "limit": 1}).get_json()["items"][0]
    assert newest["document_key"] == "wms/retro"
    arrived = datetime.fromisoformat(newest["created_at"])
    assert arrived.utcoffset() is not None and datetime.fromisoformat(newest["updated_at"]) >= arrived
    oldest = client.get("/api/lessons", query_string={"sort": "added", "limit": 1}).get_json()["items"][0]
    assert datetime.fromisoformat(oldest["created_at"]) <= arrived
    document = client.get("/api/documents", query_string={"sort": "added", "limit": 500}).get_json()["items"][-1]
    assert document["key"] == "wms/retro" and datetime.fromisoformat(document["first_ingested"]).utcoffset() is not None
    assert client.get("/api/lessons/" + str(newest["id"])).get_json()["created_at"] == newest["created_at"]


def test_an_unknown_lesson_order_is_a_400_naming_the_orders(client):
    response = client.get("/api/lessons?sort=newest")
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert message.startswith("'sort' must be one of date, -date,") and "ingested, added" in message


def test_a_nightly_job_goes_on_from_its_cursor_and_gets_only_what_is_new(client, settings, tmp_path):
    """Paging by ``after=next_after`` reads every lesson once, skips none when an earlier one is deleted meanwhile
    (``offset`` would skip one), and the next run, from the last cursor, gets only the lessons that arrived since."""
    everything = [item["id"] for item in client.get("/api/lessons?sort=added&limit=500").get_json()["items"]]
    seen, cursor, pages = [], None, 0
    for _ in range(len(everything)):  # a cursor that did not move on would page for ever
        page = client.get("/api/lessons", query_string={"sort": "added", "limit": 3, "after": cursor or ""}).get_json()
        if not page["items"]:
            break
        seen.extend(item["id"] for item in page["items"])
        cursor, pages = page["next_after"], pages + 1
        if pages == 1:  # a re-ingest drops the first lesson while the job pages
            with Store(settings.db) as store, store.transaction():
                store.conn.execute("DELETE FROM lessons WHERE id = ?", [everything[0]])
    assert seen == everything and pages == -(-len(everything) // 3)
    assert client.get("/api/lessons", query_string={"sort": "added", "after": cursor}).get_json() == {
        "items": [], "total": 0, "offset": 0, "limit": 50, "next_after": cursor}  # nothing new: the same cursor
    _arrive(settings, tmp_path)
    new = client.get("/api/lessons", query_string={"sort": "added", "after": cursor}).get_json()
    assert [item["document_key"] for item in new["items"]] == ["wms/retro", "wms/retro"] and new["total"] == 2
    assert "+" not in cursor and "=" not in cursor  # safe in an address as it is


def test_documents_page_by_the_same_cursor_and_the_next_run_gets_only_the_new_one(client, settings, tmp_path):
    """``/api/documents?sort=added`` pages by ``after=next_after`` as lessons do (by when a document was first
    ingested): every document once, none skipped when an earlier one is deleted meanwhile, then only the new one."""
    everything = [item["key"] for item in client.get("/api/documents?sort=added&limit=500").get_json()["items"]]
    seen, cursor, pages = [], None, 0
    for _ in range(len(everything)):
        page = client.get("/api/documents", query_string={"sort": "added", "limit": 2, "after": cursor or ""})
        page = page.get_json()
        if not page["items"]:
            break
        seen.extend(item["key"] for item in page["items"])
        cursor, pages = page["next_after"], pages + 1
        if pages == 1:  # the first document withdrawn while the job pages
            with Store(settings.db) as store, store.transaction():
                store.conn.execute("DELETE FROM documents WHERE key = ?", [everything[0]])
    assert seen == everything and pages == -(-len(everything) // 2)
    _arrive(settings, tmp_path)
    new = client.get("/api/documents", query_string={"sort": "added", "after": cursor}).get_json()
    assert [item["key"] for item in new["items"]] == ["wms/retro"] and new["total"] == 1
    again = client.get("/api/documents", query_string={"sort": "added", "after": new["next_after"]}).get_json()
    assert again["items"] == [] and again["next_after"] == new["next_after"]


@pytest.mark.parametrize("path", ["/api/lessons", "/api/documents"])
@pytest.mark.parametrize("query, message", [
    ({"after": "abc"}, "'after' pages the added order only: give sort=added too"),
    ({"sort": "added", "after": "not-a-cursor"}, ("'after' is not a cursor this API gave (its next_after): "
                                                  "'not-a-cursor'")),
    ({"sort": "added", "after": "WzEsIDJd"}, "'after' is not a cursor this API gave (its next_after): 'WzEsIDJd'"),
])
def test_a_cursor_that_is_not_one_is_a_400(client, path, query, message):
    response = client.get(path, query_string=query)
    assert response.status_code == 400 and response.get_json()["error"]["message"] == message
