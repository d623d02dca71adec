"""Every route of the app, every method, with bad values in every parameter the views read: a 4xx with a message or
a page, never a 500 or a traceback (the house rule "a bad query returns an error, never a traceback")."""

from __future__ import annotations

import functools
import json
import re
from urllib.parse import urlencode

import pytest
import werkzeug.test
from werkzeug.wsgi import get_current_url

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# The parameter names the views and the templates' forms read (grep of web/views and web/templates): each request
# carries all of them, with one bad value.
NAMES = ("action added after all audience author authors base confirm curator date description direction document "
         "doc_type driving_event duration_minutes edit email event files format frequency ids into key kind kinds "
         "lang language lesson lesson_id lessons_added limit location minutes mode name names new next note offset "
         "old order page password per_document period prefix presenter presenters project projects q recommendation "
         "ref same_project session_id since size sort sources starts_at status tag tags target text theme title "
         "type untagged until updated username when year label position item_id scheduled_at").split()
BAD_VALUES = {
    "empty": "",
    "long": "长" * 1_000 + "x" * 2_000,  # 5 KB in every field (all of them, 435 KB, under max_request_kb's 512)
    "negative": "-1",
    "huge": "9" * 40,
    "float": "1e309",
    "word": "abc",
    "nul": "a\x00b",
    "markup": '"><script>alert(1)</script><img src=x onerror=alert(1)>',
}
SAFE = "!$'()*,/:;?@"  # what werkzeug's test client leaves unquoted (werkzeug.urls._urlencode)
RAW_QUERIES = {  # not UTF-8 once decoded, broken percent-encoding, a NUL
    "invalid utf-8": b"=%ff%fe",
    "broken percent": b"=%zz%",
    "nul": b"=%00",
}
JSON_BODIES = [b"{", b"[]", b'"text"', b"null", b'{"x": NaN}', b"\xff\xfe", b"{}"]
# Written last, so the walk reaches the others while the session and its item still exist; logging out would end
# the walk's own login.
LAST = ("delete", "remove", "discard", "withdraw")
SKIP = {"auth.logout", "static"}


@pytest.fixture(autouse=True)
def cookies_matched_without_the_query(monkeypatch):
    """The test client matches its cookies to a request's host and path, which it read from the whole address:
    percent-decoding these walks' 435 KB queries twice a request was half the first walk's CPU (BENCHMARKS.md,
    t-trim9b). The app is given the same request; the client's cookies match as before."""
    monkeypatch.setattr(werkzeug.test, "get_current_url", functools.partial(get_current_url, strip_querystring=True))


@pytest.fixture
def walker(app, settings, as_curator):
    client, token = as_curator
    doc = client.get("/api/documents/erp/retro").get_json()
    lesson_id = doc["lessons"][0]["id"]
    created = client.post("/api/sessions", json={"title": "walk"}, headers={"X-CSRF-Token": token}).get_json()
    session_id = created["id"]
    item = client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson_id},
                       headers={"X-CSRF-Token": token}).get_json()
    values = {"key": "erp/retro", "lesson_id": lesson_id, "session_id": session_id, "item_id": item["item_id"],
              "tag": "供应商管理", "batch": "b1", "upload_id": 1, "token": "bad-token", "code": "en", "fmt": "csv",
              "filename": "css/app.css"}
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP:
            continue
        path = rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]
        for method in sorted((rule.methods or set()) & set(METHODS)):
            routes.append((method, path, rule.endpoint))
    routes.sort(key=lambda r: (any(w in r[2] for w in LAST), r[2]))
    return client, token, routes


def _check(response, what, problems):
    """What is wrong with an answer (added to problems, so one run lists every route that fails)."""
    body = response.get_data(as_text=True)
    response.close()  # a static file's answer holds the file open
    echoed = response.mimetype == "text/html" and "<script>alert(1)" in body  # a page escapes what it shows
    if response.status_code >= 500 or "Traceback" in body or echoed:
        problems.append((*what, response.status_code, body[:200]))


def test_every_route_with_bad_parameter_values(walker):
    problems = []
    client, token, routes = walker
    assert len(routes) > 70
    # Each value's query and form encoded once, not once a request: the bytes the client made of the dicts.
    queries = {label: urlencode(dict.fromkeys(NAMES, value), safe=SAFE) for label, value in BAD_VALUES.items()}
    forms = {label: f"{query}&{urlencode({'csrf_token': token}, safe=SAFE)}".encode() for label, query in queries.items()}
    for method, path, endpoint in routes:
        for label in BAD_VALUES:
            if method == "GET":
                response = client.get(path, query_string=queries[label])
            else:
                response = client.open(path, method=method, data=forms[label],
                                       content_type="application/x-www-form-urlencoded",
                                       headers={"X-CSRF-Token": token})
            _check(response, (method, endpoint, label), problems)
    assert not problems, "\n".join(repr(p[:4]) + " " + p[4][:160].replace("\n", " ") for p in problems)


def test_every_write_with_100_kb_in_a_text_field(walker):
    """100 KB of text where a person types text (a body of 100 KB is under the 512 KB limit, so the view reads it)."""
    client, token, routes = walker
    problems = []
    text = "长" * 20_000 + "x" * 40_000
    names = ("q", "text", "lesson", "title", "note", "description", "tag", "name")
    # Each form encoded once, not once a request: the bytes the client made of the dicts.
    forms = {name: urlencode({name: text, "csrf_token": token}, safe=SAFE).encode() for name in names}
    for method, path, endpoint in routes:
        if method == "GET":
            continue
        for name in names:
            response = client.open(path, method=method, data=forms[name],
                                   content_type="application/x-www-form-urlencoded", headers={"X-CSRF-Token": token})
            _check(response, (method, endpoint, name), problems)
            response = client.open(path, method=method, json={name: text}, headers={"X-CSRF-Token": token})
            _check(response, (method, endpoint, f"json {name}"), problems)
    assert not problems, "\n".join(repr(p[:4]) + " " + p[4][:160].replace("\n", " ") for p in problems)


def test_every_route_with_undecodable_addresses_and_bodies(walker):
    problems = []
    client, token, routes = walker
    for method, path, endpoint in routes:
        for label, raw in RAW_QUERIES.items():
            query = b"&".join(name.encode() + raw for name in NAMES)
            if method == "GET":
                response = client.get(f"{path}?{query.decode()}")
            else:
                response = client.open(path, method=method, data=query + b"&csrf_token=" + token.encode(),
                                       content_type="application/x-www-form-urlencoded",
                                       headers={"X-CSRF-Token": token})
            _check(response, (method, endpoint, label), problems)
    assert not problems, "\n".join(repr(p[:4]) + " " + p[4][:160].replace("\n", " ") for p in problems)


def test_every_write_with_malformed_or_mistyped_json(walker):
    problems = []
    client, token, routes = walker
    mistyped = json.dumps({name: value for name, value in zip(
        NAMES, [[], {}, -1, 10**30, "x" * 5000, None, True, 1.5, "\x00"] * 20, strict=False)}).encode()
    for method, path, endpoint in routes:
        if method == "GET":
            continue
        for body in [*JSON_BODIES, mistyped]:
            response = client.open(path, method=method, data=body, content_type="application/json",
                                   headers={"X-CSRF-Token": token})
            _check(response, (method, endpoint, body[:20]), problems)
    assert not problems, "\n".join(repr(p[:4]) + " " + p[4][:160].replace("\n", " ") for p in problems)


def test_every_path_argument_with_bad_values(app, as_curator):
    problems = []
    client, token = as_curator
    bad = {"key": ["%00", "a" * 3000, "..%2F..%2Fetc%2Fpasswd", "%ff"], "tag": ["%00", "%22%3E%3Cscript%3E", "%ff"],
           "batch": ["%00", "%ff", "x" * 3000], "token": ["%00", "%ff", "x" * 3000], "code": ["%00", "%ff", "xx"],
           "filename": ["..%2F..%2Fapp.py", "%00"]}
    for rule in app.url_map.iter_rules():
        texts = [a for a in rule.arguments if a in bad]
        if not texts or rule.endpoint == "auth.logout":
            continue
        for method in sorted((rule.methods or set()) & set(METHODS)):
            for value in bad[texts[0]]:
                path = rule.rule
                for arg in rule.arguments:
                    path = re.sub(rf"<(?:\w+:)?{arg}>", value if arg == texts[0] else "1", path)
                response = client.open(path, method=method, data={"csrf_token": token},
                                       headers={"X-CSRF-Token": token})
                _check(response, (method, rule.endpoint, value[:20]), problems)
    assert not problems, "\n".join(repr(p[:4]) + " " + p[4][:160].replace("\n", " ") for p in problems)
