"""Addresses longer than ``max_url_kb`` answer 414 in the one error shape; a long real Chinese query still works
(issue 15, item 8). `kb serve` refusing far longer request lines itself: tests/test_hostile_clients.py."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from kb.text import VALUE_CHARS, shown_value
from search.long_query import MAX_QUERY_CHARS
from web import create_app
from web.error_text import shorten_values

LONG_CHINESE = ("供应商接口交付延期导致集成测试时间被压缩" * 200)[:2000]  # as long as an address of 24 KB carries


def test_the_longest_query_search_reads_fits_in_chinese(client):
    path = "/api/search?q=" + quote(LONG_CHINESE) + "&project=ERP系统升级&tag=供应商管理&limit=5"
    assert len(path) > 18_000
    response = client.get(path)
    assert response.status_code == 200 and response.get_json()["total"] >= 1
    assert client.get("/?q=" + quote(LONG_CHINESE)).status_code == 200


@pytest.mark.parametrize("path", ["/api/search?q=", "/api/documents?project=", "/api/lessons/1?pad="])
def test_an_api_address_over_the_limit_is_414_json(client, path):
    response = client.get(path + "x" * (24 * 1024))
    assert response.status_code == 414
    assert response.get_json()["error"] == {"status": 414, "code": "request_uri_too_long",
                                            "message": "The address is longer than 24 KB: shorten the query."}


@pytest.mark.parametrize("language, words", [("en", "The address is longer than 24 KB"), ("zh", "网址超过 24 KB")])
def test_a_page_address_over_the_limit_is_414_in_the_readers_language(client, language, words):
    response = client.get("/?q=" + quote("长" * 3000), headers={"Accept-Language": language})
    page = response.get_data(as_text=True)
    assert response.status_code == 414 and words in page
    assert len(page) < 8 * 1024  # its links back (language switch, login) do not repeat the 27 KB address


def test_a_long_query_keeps_its_place_when_the_language_is_switched(client):
    text = "供应商接口交付延期" * 50  # 450 characters, 4 KB percent-encoded
    page = client.get("/?q=" + quote(text)).get_data(as_text=True)
    link = html.unescape(re.search(r'href="(/lang/en\?next=[^"]+)"', page).group(1))
    target = urlsplit(client.get(link).headers["Location"])
    assert parse_qs(target.query)["q"] == [text]


def test_the_limit_is_a_setting(settings):
    client = create_app(settings.replace(max_url_kb=64)).test_client()
    assert client.get("/api/search?q=" + quote("长" * 3000)).status_code == 200
    assert client.get("/api/search?q=" + quote("长" * 8000)).status_code == 414


@pytest.mark.parametrize("language, words, close", [("en", "no document with key 'xxxx", "'"),
                                                    ("zh", "没有编号为“xxxx", "”")])
def test_a_long_value_in_an_error_message_is_cut_short(client, language, words, close):
    key = "x" * 3000 + "-the-end"
    for response in (client.get("/documents/" + key, headers={"Accept-Language": language}),
                     client.get("/api/documents/" + key, headers={"Accept-Language": language})):
        assert response.status_code == 404
        text = response.get_json()["error"]["message"] if response.is_json else html.unescape(
            response.get_data(as_text=True).split('class="card narrow error-page">', 1)[1].split("</section>")[0])
        said = words if response.is_json else words[:1].upper() + words[1:]  # a page's message is a sentence
        assert said in text and "…" in text and "the-end" + close in text and "x" * 200 not in text
    # a value of ordinary length is shown whole (up to kb.text.VALUE_CHARS, as the CLI quotes it)
    short = html.unescape(client.get("/documents/" + "y" * VALUE_CHARS, headers={"Accept-Language": language})
                          .get_data(as_text=True))
    assert "y" * VALUE_CHARS + close in short


# A woman technologist (three code points joined) at both cuts slicing made (after 100 code points, before the last
# 10) and at the start's cut shown_value makes (after 69); an "e" with its accent written apart at the tail's cut.
WORKER = "\U0001F469\u200d\U0001F4BB"
CUT_AT_GRAPHEMES = "a" * 68 + WORKER + "b" * 28 + WORKER + "c" * 40 + "e\u0301" + "z" * 9


@pytest.mark.parametrize("language, opening, close", [("en", "'", "'"), ("zh", "“", "”")])
@pytest.mark.parametrize("prefix", ["/lessons/", "/api/lessons/"])
def test_a_web_message_cuts_a_long_value_between_whole_characters(client, language, opening, close, prefix):
    """The web cut a quoted value by slicing code points: an emoji sequence at the cut lost its second half, and the
    tail began with an accent without its letter. It now cuts as the CLI does (kb.text.shown_value), to one limit."""
    response = client.get(prefix + quote(CUT_AT_GRAPHEMES), headers={"Accept-Language": language})
    assert response.status_code == 404
    text = response.get_json()["error"]["message"] if response.is_json else html.unescape(
        response.get_data(as_text=True))
    shown = "a" * 68 + "…" + "z" * 9
    assert opening + shown + close in text and shown == shown_value(CUT_AT_GRAPHEMES)
    assert "\u200d" not in text and "\u0301" not in text and len(shown) <= VALUE_CHARS


def _box_maxlength(client) -> int:
    return int(re.search(r'<input id="q" name="q"[^>]* maxlength="(\d+)"', client.get("/").get_data(as_text=True))[1])


def test_the_search_box_takes_no_more_chinese_than_an_address_holds(client):
    # The box allowed 10,000 characters: a Chinese paste of 2,700 (9 bytes each in the URL) met a 414. Longer texts
    # go through the paste box (tests/web/test_paste.py).
    limit = _box_maxlength(client)
    assert 2000 <= limit < MAX_QUERY_CHARS
    filters = quote("&mode=semantic&project=ERP系统升级&tag=供应商管理&lang=zh&prefer_lang=zh&kind=went_wrong", safe="&=")
    full = client.get("/?q=" + quote("长" * limit) + filters)
    assert full.status_code == 200
    assert client.get("/?q=" + quote("长" * (limit + 600)) + filters).status_code == 414  # the box stops it


def test_the_search_box_fits_a_shorter_address_limit(settings):
    client = create_app(settings.replace(max_url_kb=8)).test_client()
    limit = _box_maxlength(client)
    assert limit < MAX_QUERY_CHARS
    assert client.get("/?q=" + quote("长" * limit) + "&mode=hybrid&project=" + quote("ERP系统升级")).status_code == 200


def test_the_words_between_two_quoted_values_are_not_a_value():
    """Cut at 80 characters, the words between two short quoted values read as one long value and lost their middle:
    "'q' is not UTF-8: … (read as GB… would be '测试环境')"."""
    words = " is not UTF-8: percent-encode the UTF-8 bytes of its text (read as GBK, it would be "
    assert len(words) > VALUE_CHARS
    assert shorten_values(f"'q'{words}'测试环境')") == f"'q'{words}'测试环境')"
    assert shorten_values(f"'q'{words}'{'x' * 100}')") == f"'q'{words}'{shown_value('x' * 100)}')"
