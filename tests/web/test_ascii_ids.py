"""Row ids are ASCII digits: /lessons/١٢ (Arabic-Indic digits, which Python's ``\\d``, ``isdecimal`` and ``int`` all
take) opened lesson 12, and such an id in a write's body named the record it spells (r-review)."""

from __future__ import annotations

import html

import pytest

from kb.store import Store

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_an_id_in_other_digits_names_no_lesson(client):
    lesson_id = client.get("/api/lessons?limit=1").get_json()["items"][0]["id"]
    spelled = str(lesson_id).translate(ARABIC_INDIC)
    assert client.get(f"/lessons/{lesson_id}").status_code == 200
    page = client.get(f"/lessons/{spelled}")
    assert page.status_code == 404 and f"No lesson '{spelled}'" in html.unescape(page.get_data(as_text=True))
    assert client.get(f"/api/lessons/{spelled}").get_json()["error"]["message"] == f"no lesson '{spelled}'"


@pytest.fixture
def auth(settings) -> dict[str, str]:
    with Store(settings.db) as store:
        return {"Authorization": f"Bearer {store.create_token('carl', 'tests')}"}


def test_a_write_refuses_ids_in_other_digits(client, auth):
    session_id = client.post("/api/sessions", json={"title": "s"}, headers=auth).get_json()["id"]
    lessons = [lesson["id"] for lesson in client.get("/api/documents/mes/pm").get_json()["lessons"][:2]]
    added = client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": str(lessons[0]).translate(ARABIC_INDIC)},
                        headers=auth)
    assert added.status_code == 400 and added.get_json()["error"]["message"] == "'lesson_id' must be a lesson number"
    items = [client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson_id}, headers=auth)
             .get_json()["item_id"] for lesson_id in lessons]
    spelled = str(items[0]).translate(ARABIC_INDIC)
    response = client.put(f"/api/sessions/{session_id}/order", json={"items": [items[1], spelled]}, headers=auth)
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == (f"'items' must be a list of item ids: value 2 (\"{spelled}\") "
                                                       "is not one")
