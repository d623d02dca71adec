"""A page's address typed or pasted with a slash at its end (/sessions/, /browse/, /tags/) is that page: each was a
404 (u-fresh2's walk)."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("path", ["/sessions", "/browse", "/tags"])
def test_a_page_with_a_slash_at_its_end_is_the_page(client, path):
    plain = client.get(path)
    slashed = client.get(path + "/")
    assert plain.status_code == slashed.status_code == 200
    title = re.compile(r"<title>(.*?)</title>", re.DOTALL)
    assert title.search(slashed.get_data(as_text=True)).group(1) == title.search(plain.get_data(as_text=True)).group(1)


def test_an_api_route_with_a_slash_at_its_end_answers_the_same(client):
    assert client.get("/api/tags/").get_json() == client.get("/api/tags").get_json() is not None
