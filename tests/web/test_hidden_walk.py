"""A hidden lesson's text reaches a reader by no route: every GET route of the app (url_map, so a new one is walked
too), with the query that found it, its filters and each export format, as an anonymous visitor, a reader and a
contributor (test_visibility.py names its paths one by one; this walks them all)."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import csrf_of, login
from tests.web.test_visibility import PHRASE, QUERY, _lesson_id, _schedule, _session_with

QUERIES = ({}, {"q": QUERY}, {"q": QUERY, "format": "csv"}, {"q": QUERY, "kind": "root_cause", "format": "csv"},
           {"q": QUERY, "mode": "keyword"}, {"since": "2000-01-01"}, {"project": "Factory MES Rollout"},
           {"format": "csv"}, {"kind": "root_cause"})


def test_a_hidden_lesson_reaches_readers_by_no_get_route(as_curator, app, settings):
    client, token = as_curator
    hidden = _lesson_id(client, "mes/pm", "root_cause")
    session_id = _session_with(client, token, [hidden])
    _schedule(client, token, session_id)
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
        store.add_subscriber("a@example.com")
    assert client.post("/curate/review", data={"csrf_token": token, "lesson_id": hidden,
                                               "status": "hidden"}).status_code in (200, 302)
    visitors = {"anonymous": app.test_client(), "reader": app.test_client(), "contributor": app.test_client()}
    login(visitors["reader"], "rita")
    sent = visitors["contributor"].post("/login", data={"username": "pat", "password": "contrib-pass-1",
                                                        "csrf_token": csrf_of(visitors["contributor"], "/login")})
    assert sent.status_code == 302
    values = {"key": "mes/pm", "lesson_id": hidden, "session_id": session_id, "tag": "environments", "code": "en", "fmt": "csv",
              "batch": "b1", "token": "t", "filename": "css/app.css"}
    seen, leaks = 0, []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint in ("static", "favicon"):
            continue
        path = rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]
        for who, visitor in visitors.items():
            for query in QUERIES:
                response = visitor.get(path, query_string=query)
                body = response.get_data(as_text=True).replace("\r\n ", "")  # .ics lines unfolded
                seen += response.status_code == 200
                if PHRASE in body:
                    leaks.append((who, rule.endpoint, query, response.status_code))
    assert seen > 300
    assert not leaks, leaks
