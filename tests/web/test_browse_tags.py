"""On /browse, the tags under a document's title are links to the documents with that tag: a project manager
reading the list saw 供应商管理 under a title and could not follow it (they were plain text)."""

from __future__ import annotations

import re
from urllib.parse import unquote


def _row_tags(body: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="mini-tag" href="([^"]+)">([^<]+)</a>', body)


def test_a_rows_tag_links_to_the_documents_with_that_tag(client):
    body = client.get("/browse").get_data(as_text=True)
    links = {text: href for href, text in _row_tags(body)}
    assert "供应商管理" in links, re.findall(r'class="mini-tags">.*?</div>', body)[:2]
    href = links["供应商管理"].replace("&amp;", "&")
    assert unquote(href) == "/browse?tag=供应商管理"
    listed = client.get(href).get_data(as_text=True)
    assert "ERP升级一期复盘" in listed and "MES go-live post-mortem" not in listed


def test_a_tags_link_is_escaped(client):
    # evil/payload.txt's "Tags: <b onmouseover=alert(1)>hover</b>" (tests/web/conftest.py)
    body = client.get("/browse").get_data(as_text=True)
    links = _row_tags(body)
    assert ("/browse?tag=%3Cb+onmouseover%3Dalert(1)%3Ehover%3C/b%3E",
            "&lt;b onmouseover=alert(1)&gt;hover&lt;/b&gt;") in links
    assert "<b onmouseover" not in body
