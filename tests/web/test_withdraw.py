"""Withdrawing a contribution takes out what was stored for it, its corrected metadata too (the store does the
writing, ``Store.withdraw_file``): a file uploaded again after a withdrawal is read as it says, not with the
corrections of the withdrawn one."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import login
from tests.web.test_contribute import _upload, _upload_ids, _wait, contributors  # noqa: F401 (the fixture)

REGISTER = "id,title,lesson,kind\nr1,Pallet audit,Audit the racking bays before the move,lesson\n" \
           "r2,Label printer,Test the label printer on the new network first,lesson\n"


def _publish(client, token, **corrections):
    body = _wait(client, _upload(client, token, [("register.csv", REGISTER.encode())]))[1]
    response = client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                           data={"csrf_token": token, "project": "Warehouse Move", **corrections})
    assert response.status_code == 302


def _rows(settings):
    with Store(settings.db) as store:
        return store.rows("SELECT title, date FROM documents WHERE key LIKE 'Warehouse Move/register.csv#%'"
                          " ORDER BY title")


def test_withdrawing_a_register_forgets_every_rows_corrections(client, contributors):  # noqa: F811
    token = login(client, "pat")
    _publish(client, token, date="2025-03-07")  # a file of several documents: the date is corrected, not a title
    assert [(r["title"], r["date"]) for r in _rows(contributors)] == [("Label printer", "2025-03-07"),
                                                                        ("Pallet audit", "2025-03-07")]
    response = client.post("/contribute/withdraw", data={"csrf_token": token, "key": "Warehouse Move/register.csv#r1"})
    assert response.status_code == 302
    with Store(contributors.db) as store:
        assert _rows(contributors) == [] and store.scalar("SELECT count(*) FROM document_overrides") == 0
    _publish(client, token)  # the same file again, nothing corrected: no date (r2 had kept the withdrawn one's)
    assert [(r["title"], r["date"]) for r in _rows(contributors)] == [("Label printer", None), ("Pallet audit", None)]


def test_withdrawing_a_recorded_lesson_forgets_its_corrections(client, contributors):  # noqa: F811
    token = login(client, "pat")
    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": "Rehearse the cut-over twice.",
                                                       "project": "Warehouse Move"})
    from urllib.parse import unquote

    key = unquote(response.headers["Location"].split("/documents/", 1)[1])
    with Store(contributors.db) as store:
        store.set_overrides([key], {"title": "割接演练"}, actor="pat")
    assert client.post("/contribute/withdraw", data={"csrf_token": token, "key": key}).status_code == 302
    with Store(contributors.db) as store:
        assert store.scalar("SELECT count(*) FROM documents WHERE key = ?", [key]) == 0
        assert store.overrides(key) == {}


def _record(client, token, lesson):
    from urllib.parse import unquote

    response = client.post("/contribute/record", data={"csrf_token": token, "lesson": lesson,
                                                       "project": "Warehouse Move"})
    assert response.status_code == 302
    return unquote(response.headers["Location"].split("/documents/", 1)[1])


def _titles(settings):
    with Store(settings.db) as store:
        return sorted(r["title"] for r in store.rows("SELECT title FROM documents"))


def test_recording_and_withdrawing_a_lesson_read_its_register_alone(client, contributors):  # noqa: F811
    """Both ingested the whole managed folder again (every upload of the PMO hashed, any changed on disk read): now
    the register the row went into or left is read alone, and a register left empty has its documents go, nothing
    read."""
    token = login(client, "pat")
    _publish(client, token)
    first = _record(client, token, "Rehearse the cut-over twice.")
    other = contributors.db.parent / "uploads" / "Warehouse Move" / "register.csv"
    other.write_text(REGISTER + "r3,Forklift,Book the forklifts a week ahead,lesson\n", encoding="utf-8")  # on disk
    register = str(contributors.db.parent / "uploads" / "Warehouse Move" / "recorded-lessons.jsonl")
    with Store(contributors.db) as store:
        last_run = store.scalar("SELECT max(id) FROM ingest_runs")
    before = _titles(contributors)
    second = _record(client, token, "Freeze the BOM.")
    assert _titles(contributors) == sorted([*before, "Freeze the BOM."])  # no Forklift
    for key in (first, second):
        assert client.post("/contribute/withdraw", data={"csrf_token": token, "key": key}).status_code == 302
    assert _titles(contributors) == [t for t in before if t != "Rehearse the cut-over twice."]
    with Store(contributors.db) as store:
        runs = [run["paths"] for run in store.runs() if run["id"] > last_run]
        assert store.scalar("SELECT count(*) FROM sources WHERE path = ?", [register]) == 0
    assert runs == [[register], [register]]  # the recording's and the first withdrawal's; the second left it empty
