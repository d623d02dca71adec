"""Invisible format characters pasted into a query (a zero-width space, a byte-order mark) are dropped: they
neither split the words searched nor leave an empty-looking query echoed back."""

from __future__ import annotations

import pytest

from kb.text import clean_query

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_clean_query_drops_invisible_characters(mark):
    assert clean_query(f" {mark}ven{mark}dor{mark} ") == "vendor"
    assert clean_query(f"供应{mark}商") == "供应商"
    assert clean_query(mark) == ""


def _keys(client, q):
    data = client.get("/api/search", query_string={"q": q}).get_json()
    return data["query"], [group["document_key"] for group in data["results"]]


def test_a_word_split_by_a_zero_width_space_finds_what_the_word_finds(client):
    query, keys = _keys(client, "ven\u200bdor\ufeff")
    assert query == "vendor" and keys and keys == _keys(client, "vendor")[1]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_a_query_of_invisible_characters_alone_is_empty(client, mark):
    assert client.get("/api/search", query_string={"q": mark + " " + mark}).status_code == 400
    body = client.get("/", query_string={"q": mark}).get_data(as_text=True)
    assert "No results for" not in body and mark not in body  # the start page, not 'no results for “”'


def test_the_page_echoes_the_query_without_invisible_characters(client):
    body = client.get("/", query_string={"q": "vendor\u200b\u200bzzqx"}).get_data(as_text=True)
    assert "\u200b" not in body and "vendorzzqx" in body


def test_the_cli_searches_without_invisible_characters(runner, settings):
    from kb.cli import cli as main

    result = runner.invoke(main, ["--db", str(settings.db), "search", "ven\u200bdor", "--json"])
    assert result.exit_code == 0, result.output
    assert '"query": "vendor"' in result.output
    empty = runner.invoke(main, ["--db", str(settings.db), "search", "\u200b"])
    assert empty.exit_code == 1 and "the query is empty" in empty.output and "Traceback" not in empty.output
