"""A pasted lesson as a query (s-paste): the search page's paste box POSTs up to 10,000 characters, which an address
cannot carry in Chinese; the page it leads to names the text by a key, and its pages, filters and exports work; the
API takes the same text by POST."""

from __future__ import annotations

import html
import io
import json
import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from kb.store import Store
from search.long_query import MAX_QUERY_CHARS
from tests.web.browsing import open_page
from tests.web.conftest import csrf_of
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

WORDS = ["供应商", "接口", "交付", "延期", "集成测试", "测试环境", "回归测试", "数据迁移", "需求变更", "上线", "培训",
         "验收", "预算", "风险", "沟通", "进度", "质量", "资源", "范围", "合同"]
VARIED = "，".join(a + b for a in WORDS for b in WORDS)  # 400 pairs: several hundred distinct bigrams
# A retrospective section pasted whole: 6,000 Chinese characters, 54 KB percent-encoded (max_url_kb is 24)
LONG_CHINESE = ("供应商接口交付延期导致集成测试时间被压缩，测试环境迟迟没有准备好，上线前的回归测试只做了一半。" * 60
                + VARIED)[:6000]


def _paste(client, path: str, text: str):
    """The paste box's POST, with the page's CSRF token as the form sends it."""
    return client.post(path, data={"q": text, "csrf_token": csrf_of(client)})


def _page(client, response, **options) -> str:
    assert response.status_code == 303
    return client.get(response.headers["Location"], **options).get_data(as_text=True)


def test_a_long_chinese_text_is_posted_kept_and_searched_at_an_address_that_names_it(client, settings):
    response = _paste(client, "/?mode=hybrid&lang=zh", LONG_CHINESE)
    target = urlsplit(response.headers["Location"])
    params = parse_qs(target.query)
    assert response.status_code == 303 and "q" not in params and params["mode"] == ["hybrid"]
    assert params["lang"] == ["zh"] and re.fullmatch(r"[0-9a-f]{16}", params["paste"][0])
    key = params["paste"][0]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    shown = html.unescape(page)
    box = re.search(r'<textarea id="paste-text"[^>]*>([^<]*)</textarea>', shown)
    assert box and box[1] == LONG_CHINESE and f'data-limit="{MAX_QUERY_CHARS}"' in box[0]
    assert 'id="results"' in page and "ERP" in shown  # the ERP retrospective on its vendor and test environment
    assert 'value=""' in re.search(r'<input id="q"[^>]*>', page)[0]  # the box does not hold 6,000 characters
    # the page's own links name the key, never the text
    links = [html.unescape(h) for h in re.findall(r'href="(/\?[^"]*)"', page)]
    assert links and all("paste=" + key in link and "q=" not in link for link in links)
    assert all(len(link) < 300 for link in links)
    exports = [html.unescape(h) for h in re.findall(r'href="(/api/search\?[^"]*)"', page)]
    assert exports and all("paste=" + key in link for link in exports)
    assert client.get(exports[0]).status_code == 200
    with Store(settings.db) as store:
        assert store.pasted(key) == LONG_CHINESE


def test_a_short_pasted_text_goes_to_an_ordinary_address(client):
    response = _paste(client, "/?mode=keyword", "  测试环境没有准备好\n")
    assert response.status_code == 303
    assert parse_qs(urlsplit(response.headers["Location"]).query) == {"q": ["测试环境没有准备好"], "mode": ["keyword"]}
    assert _paste(client, "/", "   ").headers["Location"] == "/"  # nothing pasted: the start page


def test_the_same_text_pasted_twice_is_one_key_and_an_unknown_key_says_so(client):
    first = _paste(client, "/", LONG_CHINESE).headers["Location"]
    assert _paste(client, "/", LONG_CHINESE).headers["Location"] == first
    for key in ("0123456789abcdef", "nonsense", "'; DROP TABLE pasted_queries; --"):
        gone = client.get("/?paste=" + quote(key))
        assert gone.status_code == 404 and "no longer kept" in gone.get_data(as_text=True)
    assert client.get("/?paste=0123456789abcdef", headers={"Accept-Language": "zh"}).status_code == 404


def test_a_paste_of_symbols_alone_is_not_kept_and_says_why(client, settings):
    # 10,000 emoji were kept under a key only to show "no words": the page says so from an ordinary address
    response = _paste(client, "/", "🚀🔥" * 3000)
    target = parse_qs(urlsplit(response.headers["Location"]).query)
    assert response.status_code == 303 and "paste" not in target and len(target["q"][0]) <= 201
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Punctuation and symbols alone are not searched for" in page
    with Store(settings.db) as store:
        assert store.scalar("SELECT count(*) FROM pasted_queries") == 0


def test_a_paste_from_another_site_is_refused_and_keeps_nothing(client, settings):
    # the paste box writes (the text is kept under its key): like every form that writes, it needs the page's token
    refused = client.post("/", data={"q": LONG_CHINESE})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    with Store(settings.db) as store:
        assert store.scalar("SELECT count(*) FROM pasted_queries") == 0


@pytest.mark.parametrize("lang, said", [
    ("en", "The text has 10,002 characters, more than the 10,000 searched: shorten it (a section or two) and search again"),
    ("zh", "这段文本有 10,002 个字符，超过了可搜索的 10,000 个：请删减（保留一两节）后再搜索")])
def test_a_pasted_text_over_the_limit_is_given_back_in_the_form_with_the_box_marked(client, settings, lang, said):
    # the box has no maxlength (it cut a longer paste without a word): the server says why, the text still in the box
    response = client.post("/?mode=keyword", data={"q": "风险" * 5001, "csrf_token": csrf_of(client)},
                           headers={"Accept-Language": lang})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 400 and said in page
    box = re.search(r'<textarea id="paste-text"[^>]*>([^<]*)</textarea>', page)
    assert box and box[1] == "风险" * 5001 and "maxlength" not in box[0]
    assert 'aria-invalid="true"' in box[0] and "paste-error" in box[0] and 'id="paste-error"' in page
    assert re.search(r'<details class="paste" open>', page) and 'action="/?mode=keyword"' in page
    with Store(settings.db) as store:
        assert store.scalar("SELECT count(*) FROM pasted_queries") == 0


def test_the_paste_box_says_its_limit_and_counts_in_both_languages(client):
    for lang, label, count in (("en", "up to 10,000 characters", "{count} of {limit} characters"),
                               ("zh", "最多 10,000 个字符", "{count} / {limit} 个字符")):
        page = html.unescape(client.get("/", headers={"Accept-Language": lang}).get_data(as_text=True))
        assert label in page and f'data-count="{count}"' in page and 'data-over="{count}' in page
        box = re.search(r'<textarea id="paste-text"[^>]*>', page)[0]
        assert "maxlength" not in box and 'aria-describedby="paste-count"' in box


def test_a_long_text_says_what_was_read(client):
    english = " ".join(f"vendor{n:03d}x interface delivered late" for n in range(200))  # 203 distinct terms
    page = html.unescape(_page(client, _paste(client, "/", english)))
    said = re.search(r"A long text: its 128 rarest terms of ([\d,]+) were searched by keyword, all of it by meaning", page)
    assert said and int(said[1].replace(",", "")) >= 200, re.findall(r'<p class="note">[^<]*', page)
    zh = html.unescape(_page(client, _paste(client, "/", VARIED), headers={"Accept-Language": "zh"}))
    assert re.search(r"长文本：关键词搜索取其中最少见的 128 个词（共 [\d,]+ 个），语义搜索读了全文", zh)
    short = client.get("/?q=" + quote("vendor delivered late")).get_data(as_text=True)
    assert "rarest terms" not in short


def test_a_long_text_s_title_is_cut_between_whole_characters(client):
    # the title and headings show a long text's first 200 characters: a slice there split the flag 🇨🇳 in two
    text = "风险" * 99 + "x" + "🇨🇳" + " 供应商延期" * 500
    page = html.unescape(_page(client, _paste(client, "/", text)))
    title = re.search(r"<title>(.*?) · ", page, re.DOTALL)[1]
    assert title == "风险" * 99 + "x…" and "\U0001f1e8…" not in page


def test_the_api_takes_a_pasted_text_by_post(client):
    got = client.post("/api/search?limit=3&mode=hybrid", json={"q": LONG_CHINESE})
    assert got.status_code == 200  # no CSRF token, no login: a search, as its GET
    data = got.get_json()
    assert data["query"] == LONG_CHINESE and data["total"] >= 1 and data["limit"] == 3
    assert any(note.startswith("a long text: its 128 rarest terms of") for note in data["notes"])
    # the GET of the same text cannot be made: its address is past max_url_kb
    assert client.get("/api/search?q=" + quote(LONG_CHINESE)).status_code == 414


@pytest.mark.parametrize("path, field", [("/api/search", "q"), ("/api/similar", "text")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_apis_searches_by_post_take_json_alone(client, settings, path, field, lang):
    # They take no CSRF token: a form (or text/plain) is what a page on another site can make a visitor's browser
    # send with the visitor's cookie, and each wrote a line in the search log; JSON needs a CORS preflight (r-review)
    client.set_cookie("kb_lang", lang)
    said = {"en": f"send '{field}' in a JSON object, with 'Content-Type: application/json', not as {{}}",
            "zh": f"请以 JSON 对象发送“{field}”，并用“Content-Type: application/json”，而不是以 {{}} 发送"}[lang]
    with Store(settings.db) as store:
        logged = store.scalar("SELECT count(*) FROM search_log")
    for sent, kind in (({"data": {field: "供应商延期"}}, "application/x-www-form-urlencoded"),
                       ({"data": json.dumps({field: "供应商延期"}), "content_type": "text/plain"}, "text/plain"),
                       ({"data": {field: "供应商延期", "file": (io.BytesIO(b"x"), "x.txt")}}, "multipart/form-data")):
        refused = client.post(path, **sent)
        assert refused.status_code == 415 and refused.get_json()["error"] == {
            "status": 415, "code": "unsupported_media_type", "message": said.format(kind)}
    with Store(settings.db) as store:
        assert store.scalar("SELECT count(*) FROM search_log") == logged  # nothing searched, nothing logged
    assert client.post(path, json={field: "供应商延期"}).status_code == 200


@pytest.mark.parametrize("path, field", [("/api/search", "q"), ("/api/similar", "text")])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_search_posted_with_no_content_type_is_told_to_name_it(client, path, field, lang):
    # It read "... not as no Content-Type" (s-left6)
    client.set_cookie("kb_lang", lang)
    said = {"en": f"send '{field}' in a JSON object, with 'Content-Type: application/json': the request had no "
                  "Content-Type",
            "zh": f"请以 JSON 对象发送“{field}”，并用“Content-Type: application/json”：请求没有“Content-Type”"}[lang]
    refused = client.post(path, data=json.dumps({field: "供应商延期"}).encode())
    assert refused.request.headers.get("Content-Type") is None
    assert refused.status_code == 415 and refused.get_json()["error"]["message"] == said


@pytest.mark.parametrize("body, message", [({}, "'q' is required"), ({"q": 7}, "'q' must be text"),
                                           ({"q": "长" * 10_001}, "longer than the 10,000 allowed")])
def test_a_bad_posted_api_query_is_400(client, body, message):
    response = client.post("/api/search", json=body)
    assert response.status_code == 400 and message in response.get_json()["error"]["message"]


@pytest.mark.slow
def test_a_pasted_section_in_a_real_browser(browser, server):  # noqa: F811
    """Chromium, the page's own CSP: the paste box opens, posts 6,000 Chinese characters, and the results' facet links
    search the same text again."""
    page = open_page(browser, server, lang="zh")
    page.goto(server + "/")
    page.click("details.paste summary")
    page.fill("#paste-text", LONG_CHINESE)
    page.click(".paste-form button")
    page.wait_for_url("**paste=**")
    page.wait_for_selector("ol.groups li.group")
    assert page.input_value("#paste-text") == LONG_CHINESE and page.input_value("#q") == ""
    key = parse_qs(urlsplit(page.url).query)["paste"][0]
    facet = page.locator(f"a[href*='paste={key}'][href*='lang=']").first
    facet.click()
    page.wait_for_url("**lang=**")
    page.wait_for_selector("ol.groups li.group")
    assert parse_qs(urlsplit(page.url).query)["paste"] == [key]
    page.context.close()


@pytest.mark.slow
@pytest.mark.parametrize("width, lang, said", [
    (390, "zh", "10,002 / 10,000 个字符：多了 2 个"),
    (1280, "en", "10,002 of 10,000 characters: 2 too many")])
def test_the_paste_box_counts_and_marks_a_text_over_the_limit_on_a_phone_and_a_desktop(browser, server, width, lang,  # noqa: F811
                                                                                    said):
    """Chromium: the count under the box follows the text, over the limit it says by how much and the box is marked
    (nothing cut: the box has no maxlength), within the page's width; the server gives the text back, marked."""
    page = open_page(browser, server, lang=lang, width=width, height=800)
    page.goto(server + "/")
    page.click("details.paste summary")
    page.fill("#paste-text", "风险" * 2500)
    page.wait_for_selector("#paste-count:not(.over)")
    assert page.text_content("#paste-count") == ("5,000 / 10,000 个字符" if lang == "zh" else "5,000 of 10,000 characters")
    page.fill("#paste-text", "风险" * 5001)
    page.wait_for_selector("#paste-count.over")
    assert page.text_content("#paste-count") == said and len(page.input_value("#paste-text")) == 10_002
    assert page.get_attribute("#paste-text", "aria-invalid") == "true"
    box, count = page.locator("#paste-text").bounding_box(), page.locator("#paste-count").bounding_box()
    assert count["y"] >= box["y"] + box["height"] and count["x"] >= 0 and count["x"] + count["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    page.click(".paste-form button")
    page.wait_for_selector("#paste-error")
    assert len(page.input_value("#paste-text")) == 10_002 and page.locator("#paste-count.over").count() == 1
    assert page.evaluate("document.activeElement.id") == "paste-text"  # not the search box, as the start page's
    page.fill("#paste-text", "风险" * 10)
    page.wait_for_selector("#paste-count:not(.over)")
    page.context.close()


def test_similar_past_issues_for_a_pasted_text_by_the_api(client):
    posted = client.post("/api/similar?limit=5", json={"text": LONG_CHINESE})
    assert posted.status_code == 200
    data = posted.get_json()
    assert data["lesson_id"] is None and 1 <= len(data["items"]) <= 5 and data["language"] == "zh"
    documents = [item["document_key"] for item in data["items"]]
    assert max(documents.count(d) for d in documents) <= 2  # spread: at most similar_per_document from one
    short = "测试环境没有准备好，供应商接口交付延期"
    got = client.get("/api/similar", query_string={"text": short}).get_json()
    assert got == client.post("/api/similar", json={"text": short}).get_json() and got["items"]
    for body, message in (({}, "'text' is required"), ({"text": "长" * 10_001}, "longer than the 10,000 allowed")):
        refused = client.post("/api/similar", json=body)
        assert refused.status_code == 400 and message in refused.get_json()["error"]["message"]
