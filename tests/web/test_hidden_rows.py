"""A register row whose lesson a curator has hid is gone for readers everywhere a count or a name could show it:
tags (page, API, the digest's choices), and what else a reader can reach."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kb.digest import compose, render
from kb.store import Store
from tests.clock import local_day
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
    with Store(settings.db) as store, store.transaction():
        store.ensure_tag("unused")  # on nothing at all: listed to readers as before
    for who in (app.test_client(), reader):
        counts = _counts(who)
        assert counts["供应商管理"] == (1, 0) and ROW_ONLY_TAG not in counts and counts["unused"] == (0, 0)
        assert ROW_ONLY_TAG not in who.get("/tags").get_data(as_text=True)
        assert ROW_ONLY_TAG not in who.get("/subscribe").get_data(as_text=True)  # the digest's tag choices
        assert ROW_ONLY_TAG not in who.get("/api/tags?q=dedup").get_data(as_text=True)
    assert _counts(client)["供应商管理"] == (2, 1) and _counts(client)[ROW_ONLY_TAG] == (1, 0)  # curators: all
    assert ROW_ONLY_TAG in client.get("/tags").get_data(as_text=True)


ROW_WORDS = ("CRM migration retrospective", "Duplicate customer records", "Daily stand-ups", ROW_ONLY_TAG)


def _reader_paths(session_id: int, crm: list[int], others: list[int]) -> list[str]:
    searches = [f"{base}?q={q}&mode={mode}&all=1" for base in ("/", "/api/search")
                for q in ("duplicate+customer+records", "retrospective+of+the+CRM+migration", "stand-ups+sales+blockers")
                for mode in ("keyword", "semantic", "hybrid")]
    return [*searches, "/api/search?q=customer+records&all=1&format=csv", "/", "/browse", "/browse?project=CRM",
            "/browse?year=2025", "/api/documents?lang=en", "/api/lessons?limit=500", "/api/lessons?format=csv",
            "/tags", "/api/tags", "/subscribe", "/sessions", f"/sessions/{session_id}", f"/sessions/{session_id}/print",
            f"/sessions/{session_id}/agenda.md", f"/sessions/{session_id}/invitation.ics", f"/api/sessions/{session_id}",
            "/api/sessions", *(f"/lessons/{i}" for i in others),
            *(f"/api/lessons/{i}/similar?same_project=1&limit=50" for i in others),
            "/documents/mes/pm", "/documents/erp/retro", *(f"/api/lessons/{i}" for i in crm)]


def _digest(settings) -> str:
    """The digest of the days the collection was ingested in (7 days back from now missed it in a store built over a
    week before, as KB_TEST_BUILD_CACHE keeps them), for a reader interested in everything, text and HTML."""
    with Store(settings.db) as store:
        subscriber = store.subscriber(subscriber_id=store.add_subscriber(f"pm{datetime.now().timestamp()}@example.com"))
        first = datetime.fromisoformat(store.scalar("SELECT min(first_ingested) FROM documents"))
        content = compose(store, subscriber, "2099-W01", (first, datetime.now(UTC) + timedelta(days=1)))
    return "\n".join(render(content, base_url="http://kb.example", secret="test-secret")[1:])


def test_a_hidden_register_row_reaches_readers_by_no_path(as_curator, app, settings):
    """Its title (its lesson), its text and a tag on it alone: on no page, API answer, export or agenda for readers
    (an agenda item still says "(hidden by a curator)", naming no document)."""
    client, token = as_curator
    api = {"X-CSRF-Token": token}
    _tag(client, token, "documents/crm/retro", ROW_ONLY_TAG)
    crm = [l["id"] for l in client.get("/api/documents/crm/retro").get_json()["lessons"]]
    session_id = client.post("/api/sessions", json={"title": "CRM", "scheduled_at": f"{local_day(30)}T10:00"},
                             headers=api).get_json()["id"]
    for lesson in crm:
        client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson}, headers=api)
    client.patch(f"/api/sessions/{session_id}", json={"status": "scheduled"}, headers=api)
    others = [l["id"] for key in ("mes/pm", "erp/retro") for l in client.get(f"/api/documents/{key}").get_json()["lessons"]]
    paths = _reader_paths(session_id, crm, others)
    reader = app.test_client()
    login(reader, "rita")
    seen = {p for p in paths if any(w in reader.get(p).get_data(as_text=True) for w in ROW_WORDS)}
    assert {f"/sessions/{session_id}", "/tags", "/browse", "/api/search?q=duplicate+customer+records&mode=keyword&all=1",
            "/api/lessons?format=csv"} <= seen  # before: found everywhere
    assert "CRM migration retrospective" in _digest(settings) and "Duplicate customer records" in _digest(settings)
    _hide_crm_as_a_register_row(client, token, settings)
    gone = {f"/api/lessons/{i}" for i in crm}
    for who in (app.test_client(), reader):
        for path in paths:
            response = who.get(path)
            body = response.get_data(as_text=True).replace("\r\n ", "")  # .ics lines unfolded
            assert response.status_code == (404 if path in gone else 200), path
            assert not [w for w in ROW_WORDS if w in body], path
        assert "(hidden by a curator)" in who.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert not [w for w in ROW_WORDS if w in _digest(settings)]  # the digest: new documents, lessons, sessions
    assert "CRM migration retrospective" in client.get(f"/sessions/{session_id}").get_data(as_text=True)  # curators


def _groups(who) -> list[dict[str, int]]:
    return [{n["name"]: n["uses"] for n in group} for group in who.get("/api/tags").get_json()["synonym_groups"]]


def test_synonym_groups_count_and_name_for_readers_only_what_they_see(as_curator, app, settings):
    """/api/tags' synonym groups counted a hidden register row's tags for readers, and named a tag on it alone (a
    group's name, a tag's synonym, the tags page's filter words, a tag found through it by ?q=)."""
    client, token = as_curator
    for tag in (ROW_ONLY_TAG, "供应商管理"):  # ERP has 供应商管理 too (front matter)
        _tag(client, token, "documents/crm/retro", tag)
    with Store(settings.db) as store:
        store.add_synonyms(["供应商管理", "vendor management", ROW_ONLY_TAG])
        store.add_synonyms(["environments", "envs"])  # MES's
    reader = app.test_client()
    login(reader, "rita")
    assert _groups(reader) == [{ROW_ONLY_TAG: 1, "vendor management": 0, "供应商管理": 2}, {"environments": 1, "envs": 0}]
    _hide_crm_as_a_register_row(client, token, settings)
    for who in (app.test_client(), reader):
        answer = who.get("/api/tags").get_data(as_text=True)
        assert _groups(who) == [{"environments": 1, "envs": 0}, {"vendor management": 0, "供应商管理": 1}]
        assert ROW_ONLY_TAG not in answer  # nor any tag's synonym
        assert ROW_ONLY_TAG not in who.get("/tags").get_data(as_text=True)  # nor the filter box's words
        assert who.get("/api/tags?q=dedup").get_json()["items"] == []  # not 供应商管理, found through the hidden name
        assert "供应商管理" not in who.get("/tags?q=dedup").get_data(as_text=True).split('id="tag-cloud"')[-1]
    assert _groups(client) == [{ROW_ONLY_TAG: 1, "vendor management": 0, "供应商管理": 2},  # curators: all
                               {"environments": 1, "envs": 0}]
    assert [t["name"] for t in client.get("/api/tags?q=dedup").get_json()["items"]] == ["供应商管理", ROW_ONLY_TAG]
