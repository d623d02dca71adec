"""``format`` on the API: csv and xlsx where an address writes spreadsheets (/api/search, /api/documents,
/api/lessons), json everywhere; any other value, anywhere, a 400 naming the parameter and what it takes, never an
answer in JSON to a script that asked for a spreadsheet (``/api/documents?format=csv`` was one, unsaid)."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPREADSHEETS = ["/api/search?q=vendor", "/api/documents", "/api/lessons"]
JSON_ONLY = "'format' must be json: {path} answers in JSON only (spreadsheets, format=csv or xlsx: " \
            "/api/documents, /api/lessons, /api/search)"


REQUIRED = {"/api/similar": "text=vendor&"}  # an address that answers nothing without a parameter: given it


def _get_addresses(app) -> list[str]:
    """Every GET address of the API, its variables filled (a lesson 1, a session 1, a document erp/retro)."""
    values = {"int": "1", "id": "1", "path": "erp/retro", "default": "x"}
    out = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and "GET" in rule.methods:
            out.append(re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>", lambda m: values.get(m.group(1) or "default", "x"),
                              rule.rule))
    return sorted(set(out))


def test_every_api_address_refuses_a_format_it_does_not_answer_in(app, client):
    login(client, "carl")  # a curator: the review queue's API too
    addresses = _get_addresses(app)
    assert {"/api/tags", "/api/changes", "/api/review", "/api/documents/erp/retro", "/api/lessons/1/similar",
            "/api/sessions"} <= set(addresses)  # the walk finds them
    for address in addresses:
        if address in {a.split("?")[0] for a in SPREADSHEETS}:
            continue  # (below)
        given = REQUIRED.get(address, "")
        response = client.get(f"{address}?{given}format=csv")
        assert response.status_code == 400, address
        assert response.get_json()["error"]["message"] == JSON_ONLY.format(path=address), address
        assert client.get(f"{address}?{given}format=json").status_code != 400, address  # JSON, which they answer in


@pytest.mark.parametrize("address", SPREADSHEETS)
@pytest.mark.parametrize(("value", "media"), [("csv", "text/csv"), ("xlsx", XLSX), ("json", "application/json")])
def test_the_spreadsheet_addresses_answer_in_each_format_they_take(client, address, value, media):
    joiner = "&" if "?" in address else "?"
    response = client.get(f"{address}{joiner}format={value}")
    assert response.status_code == 200 and response.mimetype == media


@pytest.mark.parametrize("address", SPREADSHEETS)
@pytest.mark.parametrize("value", ["pdf", "CSV", "", "json2"])
def test_an_unknown_format_on_a_spreadsheet_address_is_a_400_naming_the_values(client, address, value):
    joiner = "&" if "?" in address else "?"
    response = client.get(f"{address}{joiner}format={value}")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == "'format' must be json, csv or xlsx"


def test_a_refused_format_is_said_in_chinese_to_a_chinese_reader(client):
    client.set_cookie("kb_lang", "zh")
    message = client.get("/api/tags?format=xlsx").get_json()["error"]["message"]
    assert message.startswith("格式（format）只能是 json：/api/tags 只以 JSON 回答") and "/api/documents" in message
    assert client.get("/api/documents?format=pdf").get_json()["error"]["message"] == "格式（format）只能是 json、csv 或 xlsx"
