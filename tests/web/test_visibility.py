"""What readers may see: hidden lessons on no path, drafts for curators only, literal agenda Markdown, and file
paths relative to the ingested folder."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import markdown
import pytest

from kb.digest import compose, render
from kb.store import Store
from tests.clock import local_day
from tests.web.conftest import DOCS, PAYLOAD, login

PHRASE = "one week before"  # the MES root cause, in its lesson and in its section only
QUERY = "test environment was not ready until go-live"
HIDDEN_NOTE = "(hidden by a curator)"


def _lesson_id(client, key: str, kind: str) -> int:
    return next(l["id"] for l in client.get(f"/api/documents/{key}").get_json()["lessons"] if l["kind"] == kind)


def _session_with(client, token: str, lessons: list[int], **fields) -> int:
    api = {"X-CSRF-Token": token}
    created = client.post("/api/sessions", json={"title": "Environments", "scheduled_at": f"{local_day(30)}T10:00",
                                                 **fields}, headers=api).get_json()
    for lesson_id in lessons:
        assert client.post(f"/api/sessions/{created['id']}/items", json={"lesson_id": lesson_id},
                           headers=api).status_code == 201
    return created["id"]


def _schedule(client, token: str, session_id: int) -> None:
    assert client.patch(f"/api/sessions/{session_id}", json={"status": "scheduled"},
                        headers={"X-CSRF-Token": token}).status_code == 200


def _reader_paths(hidden: int, visible: list[int], session_id: int) -> list[str]:
    q = QUERY.replace(" ", "+")
    searches = [f"{base}?q={q}&mode={mode}{extra}" for base in ("/", "/api/search")
                for mode in ("keyword", "semantic", "hybrid")
                for extra in ("", "&project=Factory+MES+Rollout", "&kind=root_cause", "&lang=en")]
    return [*searches, "/documents/mes/pm", "/api/documents/mes/pm", "/browse", "/api/documents", "/api/lessons",
            "/api/lessons?kind=root_cause", *(f"/lessons/{i}" for i in visible),
            *(f"/api/lessons/{i}/similar" for i in visible), "/sessions", f"/sessions/{session_id}",
            f"/sessions/{session_id}/print", f"/sessions/{session_id}/agenda.md",
            f"/sessions/{session_id}/invitation.ics", "/api/sessions",
            f"/api/sessions/{session_id}", "/documents/erp/retro", "/api/documents/erp/retro", "/"]


def test_a_hidden_lessons_text_reaches_readers_by_no_path(as_curator, app):
    client, token = as_curator
    hidden = _lesson_id(client, "mes/pm", "root_cause")
    visible = [l["id"] for key in ("mes/pm", "erp/retro", "crm/retro")
               for l in client.get(f"/api/documents/{key}").get_json()["lessons"] if l["id"] != hidden]
    session_id = _session_with(client, token, [hidden, visible[0]])
    _schedule(client, token, session_id)
    anonymous, reader = app.test_client(), app.test_client()
    login(reader, "rita")
    paths = _reader_paths(hidden, visible, session_id)
    assert PHRASE in anonymous.get(paths[0]).get_data(as_text=True)  # readers found it before it was hidden
    assert PHRASE in anonymous.get("/").get_data(as_text=True)  # among the home page's recent lessons
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": hidden, "status": "hidden"})
    for who in (anonymous, reader):
        for path in paths:
            response = who.get(path)
            assert response.status_code == 200, path
            assert PHRASE not in response.get_data(as_text=True).replace("\r\n ", ""), path  # .ics lines unfolded
        for path in (f"/lessons/{hidden}", f"/api/lessons/{hidden}", f"/api/lessons/{hidden}/similar"):
            assert who.get(path).status_code == 404, path
        for path in ("/review", "/review?kind=root_cause", "/api/review"):  # the queue is for curators
            response = who.get(path)
            assert response.status_code in (302, 401, 403) and PHRASE not in response.get_data(as_text=True), path
        for path in (f"/sessions/{session_id}", f"/sessions/{session_id}/print", f"/sessions/{session_id}/agenda.md",
                     f"/sessions/{session_id}/invitation.ics"):
            assert HIDDEN_NOTE in who.get(path).get_data(as_text=True).replace("\r\n ", ""), path
        item = who.get(f"/api/sessions/{session_id}").get_json()["items"][0]
        assert item["hidden"] is True and item["lesson_text"] is None
        document = who.get("/api/documents/mes/pm").get_json()
        assert document["redacted"] and document["raw_text"] is None
        assert [s["heading"] for s in document["sections"] if s["hidden"]] == ["Root cause"]


def test_curators_still_see_hidden_lessons_where_they_did(as_curator):
    client, token = as_curator
    hidden = _lesson_id(client, "mes/pm", "root_cause")
    session_id = _session_with(client, token, [hidden])
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": hidden, "status": "hidden"})
    page = client.get("/documents/mes/pm").get_data(as_text=True)
    assert PHRASE in page and "hidden-lesson" in page and "Readers see this document section by section" in page
    assert PHRASE in client.get(f"/lessons/{hidden}").get_data(as_text=True)
    assert PHRASE in client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert PHRASE in client.get(f"/api/sessions/{session_id}").get_json()["items"][0]["lesson_text"]
    # An export leaves the site: it shows the lesson as hidden, whoever downloads it.
    agenda = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert PHRASE not in agenda and HIDDEN_NOTE in agenda


def test_a_visible_lessons_page_does_not_show_a_hidden_siblings_text(as_curator, app):
    client, token = as_curator
    lessons = [l for l in client.get("/api/documents/erp/retro").get_json()["lessons"] if l["kind"] == "went_wrong"]
    hidden, sibling = lessons[0], lessons[1]
    assert hidden["section_id"] == sibling["section_id"]
    reader = app.test_client()
    assert hidden["text"] in reader.get(f"/lessons/{sibling['id']}").get_data(as_text=True)
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": hidden["id"], "status": "hidden"})
    page = reader.get(f"/lessons/{sibling['id']}").get_data(as_text=True)
    assert sibling["text"] in page and hidden["text"] not in page
    document = reader.get("/documents/erp/retro").get_data(as_text=True)
    assert sibling["text"] in document and hidden["text"] not in document and HIDDEN_NOTE in document


def test_the_digest_shows_a_hidden_agenda_item_as_hidden(as_curator, settings):
    client, token = as_curator
    hidden = _lesson_id(client, "mes/pm", "root_cause")
    _schedule(client, token, _session_with(client, token, [hidden]))
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": hidden, "status": "hidden"})
    with Store(settings.db) as store:
        subscriber = store.subscriber(subscriber_id=store.add_subscriber("pm@example.com"))
        first = datetime.fromisoformat(store.scalar("SELECT min(first_ingested) FROM documents"))
        content = compose(store, subscriber, "2099-W01", (first, datetime.now(UTC) + timedelta(seconds=1)))
    assert content.sessions.items and content.new_lessons.items  # the hidden one among lessons it shows
    text, html_body = render(content, base_url="http://kb.example", secret="test-secret")[1:]
    for body in (text, html_body):
        assert PHRASE not in body and HIDDEN_NOTE in body


# ---- drafts ------------------------------------------------------------------------------------------------------
def test_draft_sessions_are_for_curators_only(as_curator, app):
    client, token = as_curator
    draft = _session_with(client, token, [_lesson_id(client, "mes/pm", "lesson")], title="Secret reorganisation")
    scheduled = _session_with(client, token, [], title="Open session")
    _schedule(client, token, scheduled)
    reader = app.test_client()
    login(reader, "rita")
    for who in (app.test_client(), reader):
        assert "Secret reorganisation" not in who.get("/sessions").get_data(as_text=True)
        assert "Open session" in who.get("/sessions").get_data(as_text=True)
        assert "Secret reorganisation" not in who.get("/").get_data(as_text=True)  # the home page's sessions
        assert "Open session" in who.get("/").get_data(as_text=True)
        for query in ("", "?status=draft", "?when=upcoming", "?when=all&status=draft"):
            listing = who.get(f"/api/sessions{query}").get_json()
            assert draft not in [s["id"] for s in listing["items"]], query
        assert who.get("/api/sessions?status=draft").get_json()["total"] == 0
        for path in (f"/sessions/{draft}", f"/sessions/{draft}/print", f"/sessions/{draft}/agenda.md",
                     f"/sessions/{draft}/invitation.ics", f"/api/sessions/{draft}"):
            response = who.get(path)
            assert response.status_code == 404 and "Secret" not in response.get_data(as_text=True), path
        assert who.get(f"/api/sessions/{scheduled}").status_code == 200
    assert client.get(f"/sessions/{draft}").status_code == 200
    assert [s["id"] for s in client.get("/api/sessions?status=draft").get_json()["items"]] == [draft]


# ---- agenda.md ---------------------------------------------------------------------------------------------------
ATTACKS = ['<script>alert(1)</script>', '[m](javascript:alert(1))', '<javascript:alert(1)>',
           '![i](data:text/html,<script>alert(1)</script>)', '[r][1]\n\n[1]: javascript:alert(1)',
           '<a href="javascript:alert(1)">x</a>', '# not a heading\n1. not a list\n> not a quote\n    not code',
           'line\n===', '`code` **bold** _em_ &lt;b&gt;', '<https://example.com>']
SAFE_TAGS = {"h1", "h2", "p", "ol", "ul", "li", "strong", "em", "code", "br"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def _parsed(text: str, extensions: list[str]) -> _Elements:
    parser = _Elements()
    parser.feed(markdown.markdown(text, extensions=extensions))
    return parser


def test_the_agenda_markdown_keeps_every_user_string_literal(as_curator):
    client, token = as_curator
    api = {"X-CSRF-Token": token}
    payload_lesson = next(l["id"] for l in client.get("/api/documents/evil/payload.txt").get_json()["lessons"])
    attack = "\n".join(ATTACKS)
    session_id = _session_with(client, token, [payload_lesson], title=f"# {ATTACKS[1]} {PAYLOAD}", theme=ATTACKS[0],
                               location=ATTACKS[2], presenters=ATTACKS[5], audience=ATTACKS[3], description=attack)
    item = client.get(f"/api/sessions/{session_id}").get_json()["items"][0]
    client.patch(f"/api/sessions/{session_id}/items/{item['id']}", json={"note": attack, "minutes": attack},
                 headers=api)
    response = client.get(f"/sessions/{session_id}/agenda.md")
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    agenda = response.get_data(as_text=True)
    for extensions in ([], ["tables", "fenced_code", "sane_lists", "def_list"]):
        parsed = _parsed(agenda, extensions)
        assert {tag for tag, _ in parsed.tags} <= SAFE_TAGS
        assert not [attrs for _, attrs in parsed.tags if attrs]  # no href, src or handler survives
        assert [tag for tag, _ in parsed.tags].count("h1") == 1 and [tag for tag, _ in parsed.tags].count("ol") == 1
        text = "".join(parsed.text)
        for literal in (PAYLOAD, "[m](javascript:alert(1))", "<script>alert(1)</script>", item["document_title"]):
            assert literal in text  # kept, as text


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_escaping_renders_the_text_itself(attack):
    from web.markdown_text import escape

    parsed = _parsed(escape(attack), [])
    assert {tag for tag, _ in parsed.tags} <= {"p", "br"}
    lines = [line.strip() for line in attack.splitlines() if line.strip()]
    assert "".join(parsed.text).replace("\n", "") == "".join(lines)


def test_a_code_span_holds_any_backticks():
    from web.markdown_text import code

    assert _parsed(code("a``b`<i>"), []).text == ["a``b`<i>"]


# ---- source paths ------------------------------------------------------------------------------------------------
def test_readers_see_file_paths_relative_to_the_ingested_folder(client, built):
    bodies = [client.get(path).get_data(as_text=True) for path in
              ("/api/search?q=vendor", "/api/documents", "/api/documents/mes/pm", "/api/lessons",
               "/api/lessons/1/similar", "/?q=vendor", "/documents/mes/pm", "/browse")]
    assert not [b for b in bodies if str(built) in b or json.dumps(str(built))[1:-1] in b]
    paths = {d["key"]: d["source_path"] for d in client.get("/api/documents").get_json()["items"]}
    assert paths["mes/pm"] == "mes/pm.md" and paths["evil/payload.txt"] == "evil/payload.txt"
    hit = client.get("/api/search?q=vendor+label+module").get_json()["results"][0]["hits"][0]
    assert hit["source_path"] == "mes/pm.md"
    assert set(paths.values()) == set(DOCS)


def test_a_document_whose_every_lesson_is_hidden_is_for_curators_only(as_curator, app, settings):
    """Its title may be the hidden text (a register row is titled with its one lesson): readers find it nowhere,
    curators still list and open it (to un-hide it)."""
    client, token = as_curator
    _hide_crm_as_a_register_row(client, token, settings)
    title = "CRM migration retrospective"
    anonymous, reader = app.test_client(), app.test_client()
    login(reader, "rita")
    for who in (anonymous, reader):
        assert title not in who.get("/browse").get_data(as_text=True)
        listed = who.get("/api/documents").get_json()
        assert "crm/retro" not in {d["key"] for d in listed["items"]} and listed["total"] == len(DOCS) - 1
        for path in ("/documents/crm/retro", "/api/documents/crm/retro"):
            assert who.get(path).status_code == 404, path
    listing = client.get("/browse").get_data(as_text=True)
    assert title in listing and listing.count('class="status status-hidden"') == 1  # marked hidden
    assert "crm/retro" in {d["key"] for d in client.get("/api/documents").get_json()["items"]}
    assert title in client.get("/documents/crm/retro").get_data(as_text=True)


def _hide_crm_as_a_register_row(client, token: str, settings) -> None:
    """Make crm/retro a register row (as a CSV register's row is marked) and hide its every lesson."""
    with Store(settings.db) as store, store.transaction() as conn:
        conn.execute("UPDATE documents SET meta = json_set(meta, '$.register', 'crm.csv') WHERE key = 'crm/retro'")
    for lesson in client.get("/api/documents/crm/retro").get_json()["lessons"]:
        client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson["id"], "status": "hidden"})


FACET_LINK = re.compile(r'<li><a href="([^"]+)" ?([^>]*)>\s*([^<]*?)\s*</a> <span class="count">([\d,]+)</span>')
LISTED = re.compile(r'<h1>[^<]*<span class="count">([\d,]+)</span>')


def _facets(who, path: str) -> dict[str, tuple[str, int]]:
    page = who.get(path).get_data(as_text=True)
    return {html.unescape(label): (html.unescape(href), int(count.replace(",", "")))  # not one already chosen
            for href, chosen, label, count in FACET_LINK.findall(page) if 'class="on"' not in chosen}


def test_browse_facets_count_what_the_list_shows(as_curator, app, settings):
    """A facet says how many documents its link lists: for readers, not the hidden register row (its project, CRM,
    is on no other document: readers get no such facet); curators count it, as their list shows it."""
    client, token = as_curator
    _hide_crm_as_a_register_row(client, token, settings)
    reader = app.test_client()
    login(reader, "rita")
    for who, path in ((app.test_client(), "/browse"), (reader, "/browse"), (reader, "/browse?lang=en"),
                      (client, "/browse")):
        facets = _facets(who, path)
        assert ("CRM" in facets) is (who is client), path
        assert len(facets) > 5, path
        for label, (href, count) in facets.items():
            listed = LISTED.search(who.get(href).get_data(as_text=True))
            assert listed and int(listed.group(1).replace(",", "")) == count, (path, label, href)
    assert _facets(client, "/browse")["CRM"][1] == 1
