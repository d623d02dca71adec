"""A search that finds nothing says only what the reader can still do: Semantic mode where it was not the mode, and
the filters, with a way to search without them, where some were set. It said "switch to Semantic mode, or remove some
filters" in Semantic mode and without any filter."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import pytest

NOTHING = "zzqqxx"  # in no document, near none by meaning


def _empty_box(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    box = re.search(r'<div class="empty">(.*?)</div>', page, re.DOTALL)
    assert box, url
    return html.unescape(box.group(1))


@pytest.mark.parametrize(("lang", "semantic"), [("en", "Semantic mode"), ("zh", "“语义”模式")])
def test_nothing_found_without_filters_offers_semantic_mode_and_no_filters(client, lang, semantic):
    client.set_cookie("kb_lang", lang)
    box = _empty_box(client, f"/?q={NOTHING}")
    assert semantic in box and 'href="/?q=zzqqxx&mode=semantic"' in box
    assert "without-filters" not in box and "filter" not in box.lower() and "筛选" not in box


@pytest.mark.parametrize(("lang", "semantic"), [("en", "Semantic mode"), ("zh", "“语义”模式")])
def test_nothing_found_in_semantic_mode_does_not_offer_it_again(client, lang, semantic):
    client.set_cookie("kb_lang", lang)
    box = _empty_box(client, f"/?q={NOTHING}&mode=semantic")
    assert semantic not in box and "mode=semantic" not in box
    assert "other language" in box or "用英文搜索" in box


@pytest.mark.parametrize(("lang", "words", "link"), [
    ("en", "The filters may leave out what you are looking for:", "Search without the filters"),
    ("zh", "筛选条件可能把要找的内容排除了：", "去掉筛选再搜一次")])
def test_nothing_found_with_a_filter_links_to_the_search_without_it(client, lang, words, link):
    client.set_cookie("kb_lang", lang)
    box = _empty_box(client, "/?q=测试环境&since=2090-01-01&sort=-date")
    assert words in box
    without = re.search(r'<p id="without-filters">.*?<a href="([^"]+)">([^<]+)</a>', box, re.DOTALL)
    assert without and without.group(2) == link
    assert unquote(without.group(1)) == "/?q=测试环境&mode=hybrid&sort=-date"  # the words, mode and sort kept
    assert 'class="group' in client.get(without.group(1)).get_data(as_text=True)  # and there it finds something
    semantic = re.search(r'<p id="try-semantic">.*?<a href="([^"]+)">', box, re.DOTALL).group(1)
    assert "since=2090-01-01" in html.unescape(semantic)  # Semantic mode keeps the filters: the link below drops them
