"""How many agenda items still want a length ("1 without a length", "1 项未填时长") is a curator's planning note: a
logged-out visitor saw it on a share session's agenda. Readers see the agenda, its total and its times without it,
on the page, the print view, the Markdown agenda, the calendar invitation and the API; curators still see it."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login
from tests.web.test_agenda_web import _session, _set

UNTIMED = {"en": ("item 2 without a length", "No item has a length yet"), "zh": ("第 2 项未填时长", "各项均未填时长")}
TOTAL = {"en": "Total 20 min", "zh": "总时长 20 分钟"}
PAGES = ("", "/print", "/agenda.md", "/invitation.ics")


def _scheduled(client, token, timed: int) -> int:
    """A scheduled session of two items, ``timed`` of them with a length."""
    session_id, items = _session(client, token, n=2)
    for item in items[:timed]:
        assert _set(client, token, session_id, item, duration_minutes="20").status_code == 302
    assert client.post(f"/sessions/{session_id}/status",
                       data={"csrf_token": token, "status": "scheduled"}).status_code == 302
    return session_id


def _text(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("timed", [0, 1])
def test_readers_see_no_planning_note_curators_do(app, as_curator, lang, timed):
    client, token = as_curator
    session_id = _scheduled(client, token, timed)
    note = UNTIMED[lang][1 - timed]  # "No item has a length yet" when none is timed, "item 2 …" when the first is
    anonymous, reader = app.test_client(), app.test_client()
    login(reader, "rita")
    for visitor in (client, anonymous, reader):
        visitor.set_cookie("kb_lang", lang)
    for path in PAGES:
        url = f"/sessions/{session_id}{path}"
        for who, visitor in (("anonymous", anonymous), ("reader", reader)):
            shown = _text(visitor, url)
            assert not any(n in shown for n in UNTIMED[lang]), (who, url)
            assert "without a length" not in shown and "未填时长" not in shown, (who, url)
            assert (TOTAL[lang] in shown) == bool(timed) or path == "/invitation.ics", (who, url)
        if path != "/invitation.ics":  # the invitation never said it
            assert note in _text(client, url), url  # the curator plans with it
    assert _text(anonymous, f"/api/sessions/{session_id}").count("untimed_items") == 1
    assert anonymous.get(f"/api/sessions/{session_id}").get_json()["untimed_items"] is None
    assert client.get(f"/api/sessions/{session_id}").get_json()["untimed_items"] == 2 - timed


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_reader_sees_no_empty_total_line_when_no_item_has_a_length(app, as_curator, lang):
    """With the note gone and no total to give, the page has no empty total line and the Markdown no stray line."""
    client, token = as_curator
    session_id = _scheduled(client, token, 0)
    anonymous = app.test_client()
    anonymous.set_cookie("kb_lang", lang)
    assert 'id="agenda-total"' not in _text(anonymous, f"/sessions/{session_id}")
    assert 'class="total"' not in _text(anonymous, f"/sessions/{session_id}/print")
    markdown = _text(anonymous, f"/sessions/{session_id}/agenda.md")
    agenda = markdown.split("## ", 1)[1]
    assert re.match(r"[^\n]+\n\n?1\. ", agenda), agenda[:80]  # the heading, then the first item
    assert 'id="agenda-total"' in _text(client, f"/sessions/{session_id}")
