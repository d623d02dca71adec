"""A browser sends a textarea's lines ended by CR LF: the site stores them with LF (web/forms.py), so Markdown and
the .ics invitation carry no stray CR (a session's description, an item's note and minutes, a recorded lesson, a
hide reason)."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import csrf_of
from tests.web.test_agenda_web import _session as _session_with_items
from tests.web.test_agenda_web import _set
from tests.web.test_session_edits import _opened, _save

SENT = "a\r\nb"  # as a browser's textarea sends two lines (and a lone CR, as old Macs ended them)


def test_a_sessions_description_and_items_are_stored_with_lf_and_exported_without_cr(as_curator):
    client, token = as_curator
    session_id, items = _session_with_items(client, token, n=1, location="3楼")
    form = _opened(client, session_id)
    assert _save(client, session_id, form, description=SENT + "\rc").status_code == 302
    assert _set(client, token, session_id, items[0], note=SENT, minutes="x\r\ny").status_code == 302
    stored = client.get(f"/api/sessions/{session_id}").get_json()
    assert stored["description"] == "a\nb\nc"
    assert (stored["items"][0]["note"], stored["items"][0]["minutes"]) == ("a\nb", "x\ny")
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert "\r" not in markdown and "- Note: a  \n     b\n" in markdown  # a Markdown hard break
    ics = client.get(f"/sessions/{session_id}/invitation.ics").get_data(as_text=True)
    lines = ics.split("\r\n")
    assert "\r" not in "".join(lines) and "\n" not in "".join(lines)  # every line ends CR LF, none breaks inside
    assert "a\\nb\\nc" in "".join(line.removeprefix(" ") for line in lines)


def test_a_recorded_lesson_and_a_hide_reason_are_stored_with_lf(app, settings, as_curator):
    client, token = as_curator
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
    pat = app.test_client()
    pat.post("/login", data={"username": "pat", "password": "contrib-pass-1", "csrf_token": csrf_of(pat, "/login")})
    sent = pat.post("/contribute/record", data={"csrf_token": csrf_of(pat), "lesson": "切换当晚\r\n新增物料编码。",
                                                "project": "ERP系统升级", "kind": "lesson"})
    assert sent.status_code == 302
    with Store(settings.db) as store:
        lesson_id = store.scalar("SELECT max(id) FROM lessons WHERE contributed_by = 'pat'")
        assert store.scalar("SELECT text FROM lessons WHERE id = ?", [lesson_id]) == "切换当晚\n新增物料编码。"
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "hide", "note": SENT})
    with Store(settings.db) as store:
        assert store.review_note_of(lesson_id) == "a\nb"
        raw = store.scalar("SELECT raw_text FROM documents WHERE id = (SELECT document_id FROM lessons WHERE id = ?)",
                           [lesson_id])
        assert "\r" not in (raw or "")  # nor the register's text the lesson is kept in


def test_a_json_body_sent_with_cr_lf_is_stored_with_lf_too(as_curator):
    """A script may send CR LF as well: the API's bodies are read as the forms are (web/views/api.py, _body)."""
    client, token = as_curator
    api = {"X-CSRF-Token": token}
    created = client.post("/api/sessions", json={"title": "分享会", "description": SENT},
                          headers=api).get_json()
    stored = client.get(f"/api/sessions/{created['id']}").get_json()
    assert stored["description"] == "a\nb"
