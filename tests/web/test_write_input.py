"""Write bodies that no field means answer 400 naming the field, and store nothing (issue 15, item 12): JSON nested
100,000 deep, lone surrogates, NUL and other control characters, values that are not text."""

from __future__ import annotations

import pytest

from kb.store import Store
from tests.web.conftest import csrf_of, login, refused

DEEP = "[" * 100_000 + "]" * 100_000
TABLES = ("share_sessions", "session_items", "tags", "document_tags", "lesson_tags", "tag_events")


@pytest.fixture
def api(client, settings):
    """A bearer-token client with one session holding one agenda item; returns (post, ids)."""
    with Store(settings.db) as store:
        token = store.create_token("carl", "tests")
        lesson_id = store.document("erp/retro")["lessons"][0]["id"]
    auth = {"Authorization": f"Bearer {token}"}
    session_id = client.post("/api/sessions", json={"title": "s"}, headers=auth).get_json()["id"]
    item_id = client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson_id},
                          headers=auth).get_json()["item_id"]

    def send(method: str, path: str, raw: str):
        return client.open(path.format(s=session_id, i=item_id, l=lesson_id), method=method, data=raw,
                           headers={**auth, "Content-Type": "application/json"})

    return send, lesson_id


def snapshot(settings) -> dict[str, list]:
    """Everything a write could change."""
    with Store(settings.db) as store:
        rows = {t: [tuple(r) for r in store.conn.execute(f"SELECT * FROM {t} ORDER BY rowid")] for t in TABLES}
        rows["reviews"] = [tuple(r) for r in store.conn.execute("SELECT id, review_status FROM lessons")]
    return rows


ROUTES = [
    ("POST", "/api/sessions", "title"),
    ("PATCH", "/api/sessions/{s}", "title"),
    ("POST", "/api/sessions/{s}/items", "note"),
    ("PATCH", "/api/sessions/{s}/items/{i}", "minutes"),
    ("POST", "/api/documents/erp/retro/tags", "tag"),
    ("POST", "/api/lessons/{l}/tags", "tag"),
    ("POST", "/api/lessons/{l}/review", "status"),
    ("PUT", "/api/sessions/{s}/order", "items"),
]


def _fields(route_field: str, value: str, lesson_id: int) -> str:
    """A JSON body with ``value`` (raw JSON text) in the route's field, and whatever else the route needs."""
    extra = f', "lesson_id": {lesson_id}' if route_field == "note" else ""
    return f'{{"{route_field}": {value}{extra}}}'


def _error(response) -> str:
    assert response.status_code == 400, (response.status_code, response.get_data(as_text=True)[:300])
    return response.get_json()["error"]["message"]


@pytest.mark.parametrize("method, path, field", ROUTES)
def test_json_nested_100000_deep_is_400(api, settings, method, path, field):
    send, lesson_id = api
    before = snapshot(settings)
    assert "nested deeper" in _error(send(method, path, _fields(field, DEEP, lesson_id)))
    assert "nested deeper" in _error(send(method, path, _fields(field, "[" * 20 + "]" * 20, lesson_id)))
    assert snapshot(settings) == before


@pytest.mark.parametrize("method, path, field", ROUTES)
@pytest.mark.parametrize("value", ['"\\ud800"', '"ok \\udfff"', '["\\udc80"]'])
def test_a_lone_surrogate_anywhere_is_400_naming_the_field(api, settings, method, path, field, value):
    send, lesson_id = api
    before = snapshot(settings)
    message = _error(send(method, path, _fields(field, value, lesson_id)))
    assert f"'{field}" in message and "surrogate" in message
    key = _error(send(method, path, '{"\\ud800": "x", "' + field + '": "x"}'))
    assert "surrogate" in key and "\\ud800" in key  # the key's name, escaped
    assert snapshot(settings) == before


@pytest.mark.parametrize("method, path, field, value, words", [
    ("POST", "/api/documents/erp/retro/tags", "tag", '"a\\u0000b"', "control character"),
    ("POST", "/api/lessons/{l}/tags", "tag", '"vendor\\u0000"', "control character"),
    ("POST", "/api/documents/erp/retro/tags", "tag", '"two\\nlines"', "control character"),
    ("POST", "/api/documents/erp/retro/tags", "tag", '"bell\\u0007"', "control character"),
    ("POST", "/api/sessions", "title", '"t\\u0000"', "control character"),
    ("PATCH", "/api/sessions/{s}", "theme", '"t\\u001b[31m"', "control character"),
    ("PATCH", "/api/sessions/{s}", "presenters", '["Ann\\u0000"]', "control character"),
    ("POST", "/api/sessions/{s}/items", "note", '"n\\u0000"', "control character"),
    ("PATCH", "/api/sessions/{s}/items/{i}", "minutes", '"m\\u0000"', "control character"),
    ("POST", "/api/documents/erp/retro/tags", "tag", '{"x": 1}', "must be text, not an object"),
    ("POST", "/api/documents/erp/retro/tags", "tag", "7", "must be text, not a number"),
    ("POST", "/api/sessions", "title", "2025", "must be text, not a number"),
    ("POST", "/api/sessions", "title", '["a"]', "must be text, not a list"),
    ("PATCH", "/api/sessions/{s}", "description", '{"x": 1}', "must be text, not an object"),
    ("PATCH", "/api/sessions/{s}", "presenters", '[1, 2]', "must be text, not a number"),
    ("PATCH", "/api/sessions/{s}", "presenters", 'true', "must be text, not true/false"),
    ("PATCH", "/api/sessions/{s}", "scheduled_at", '20250101', "must be text, not a number"),
    ("PATCH", "/api/sessions/{s}", "status", '{"x": 1}', "must be text, not an object"),
    ("POST", "/api/sessions/{s}/items", "note", '{"x": 1}', "must be text, not an object"),
    ("PATCH", "/api/sessions/{s}/items/{i}", "note", '{"x": 1}', "must be text, not an object"),
    ("PATCH", "/api/sessions/{s}/items/{i}", "minutes", '["a"]', "must be text, not a list"),
    ("POST", "/api/lessons/{l}/review", "status", '["approved"]', "must be text, not a list"),
])
def test_control_characters_and_values_that_are_not_text_are_400(api, settings, method, path, field, value, words):
    send, lesson_id = api
    before = snapshot(settings)
    message = _error(send(method, path, _fields(field, value, lesson_id)))
    assert field in message and words in message
    assert snapshot(settings) == before


@pytest.mark.parametrize("body", ['{"lesson_id": true}', '{"lesson_id": 1.5}', '{"lesson_id": 1e999}',
                                  '{"lesson_id": "99999999999999999999999"}', '{"lesson_id": [1]}'])
def test_lesson_id_must_be_a_lesson_number(api, settings, body):
    send, _ = api
    before = snapshot(settings)
    assert "'lesson_id' must be" in _error(send("POST", "/api/sessions/{s}/items", body))
    assert snapshot(settings) == before


def test_a_session_patch_is_all_or_nothing(api, settings):
    send, _ = api
    before = snapshot(settings)
    refused = send("PATCH", "/api/sessions/{s}", '{"title": "renamed", "status": "draft", "theme": {"x": 1}}')
    assert "'theme' must be text" in _error(refused)
    assert snapshot(settings) == before
    both = send("PATCH", "/api/sessions/{s}", '{"scheduled_at": "2031-05-06 10:00", "status": "scheduled"}')
    assert both.status_code == 200 and both.get_json()["status"] == "scheduled"


def test_multi_line_text_keeps_its_line_breaks(api):
    send, _ = api
    response = send("PATCH", "/api/sessions/{s}/items/{i}", '{"note": "line 1\\nline 2", "minutes": "a\\tb\\r\\nc"}')
    assert response.status_code == 200


def test_forms_refuse_nul_in_tags_and_titles(client, settings):
    token = login(client, "carl")
    before = snapshot(settings)
    added = client.post("/curate/tags/add", data={"target": "document", "ref": "erp/retro", "tag": "a\x00b",
                                                  "csrf_token": token})  # said on the page the form is on
    assert added.status_code == 302 and "control character" in client.get(added.headers["Location"]).get_data(
        as_text=True)
    for path, data in (("/curate/tags/rename", {"old": "供应商管理", "new": "new\x00"}),
                       ("/curate/tags/merge", {"sources": "供应商管理", "into": "x\x00y"})):  # said on /tags
        response = client.post(path, data={**data, "csrf_token": token})
        assert response.status_code == 302 and "/tags?" in response.headers["Location"], path
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "control character" in page and "\x00" not in page, path
    response = refused(client, client.post("/sessions", data={"title": "t\x00", "csrf_token": token}))
    assert "control character" in response.get_data(as_text=True)
    # a form cannot carry a lone surrogate: Werkzeug keeps undecodable escapes as they are
    odd = client.post("/sessions", data=f"title=%ED%A0%80&csrf_token={csrf_of(client)}",
                      content_type="application/x-www-form-urlencoded")
    assert odd.status_code == 302
    after = snapshot(settings)
    assert after["tags"] == before["tags"] and after["tag_events"] == before["tag_events"]
    assert [r[1] for r in after["share_sessions"]] == ["%ED%A0%80"]
