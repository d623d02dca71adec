"""The filters a search or browse page is narrowed by are said above its results, each a chip that takes itself off.

On a phone the filter button said only how many were set ("筛选（2）"), which ones hidden in the closed panel; a
printed list, the panel left out, did not say it was filtered at all."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

CHIPS = re.compile(r'<p class="filter-note filter-chips" id="active-filters">(.*?)</p>', re.DOTALL)
CHIP = re.compile(r'<a class="chip" href="([^"]*)" aria-label="([^"]*)">(.*?)<span class="chip-x"')


def _chips(client, path: str, lang: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    client.set_cookie("kb_lang", lang)
    body = client.get(path).get_data(as_text=True)
    found = CHIPS.search(body)
    if not found:
        return []
    return [(html.unescape(text), parse_qsl(urlsplit(html.unescape(href)).query), html.unescape(label))
            for href, label, text in CHIP.findall(found.group(1))]


@pytest.mark.parametrize(("lang", "project", "kind", "remove"), [
    ("zh", "项目：ERP系统升级", "经验类别：需要改进", "去掉筛选条件："),
    ("en", "Project: ERP系统升级", "Lesson kind: Went wrong", "Remove the filter: "),
])
def test_a_filtered_search_names_its_filters_and_each_takes_itself_off(client, lang, project, kind, remove):
    chips = _chips(client, "/?q=测试环境&mode=keyword&project=ERP系统升级&kind=went_wrong", lang)
    assert [text for text, _, _ in chips] == [project, kind]
    (_, without_project, label), (_, without_kind, _) = chips
    assert label == remove + project
    assert without_project == [("q", "测试环境"), ("mode", "keyword"), ("kind", "went_wrong")]
    assert without_kind == [("q", "测试环境"), ("mode", "keyword"), ("project", "ERP系统升级")]


@pytest.mark.parametrize(("lang", "expected"), [
    ("zh", ["项目：CRM", "类型：项目复盘", "语言：英文"]),
    ("en", ["Project: CRM", "Type: Retrospective", "Language: English"]),
])
def test_browse_names_its_filters_in_the_pages_language(client, lang, expected):
    chips = _chips(client, "/browse?sort=title&project=CRM&type=retrospective&lang=en", lang)
    assert [text for text, _, _ in chips] == expected
    assert ("sort", "title") in chips[0][1] and ("project", "CRM") not in chips[0][1]


@pytest.mark.parametrize("path", ["/?q=测试环境", "/browse", "/browse?sort=title", "/?q=vendor&page=1"])
def test_no_chips_without_a_filter(client, path):
    assert _chips(client, path, "zh") == []


def test_a_chip_escapes_what_the_address_brought(client):
    client.set_cookie("kb_lang", "en")
    body = client.get("/?q=vendor&tag=<b>x</b>").get_data(as_text=True)
    assert "Tag: &lt;b&gt;x&lt;/b&gt;" in body and "Tag: <b>" not in body
