"""Chinese pages put a full-width colon after a label ("示例：", never "示例:"); snippets do not mark a lone digit
or letter of the query."""

from __future__ import annotations

import re

import pytest

from search.snippets import match_spans
from tests.web.conftest import login

ASCII_COLON_AFTER_CHINESE = re.compile(r"[\u4e00-\u9fff]\s*:(?!//)")


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def test_chinese_pages_use_the_full_width_colon(client):
    client.set_cookie("kb_lang", "zh")
    token = login(client, "carl")
    lesson_id = int(re.search(r"/lessons/(\d+)", client.get("/documents/erp/retro").get_data(as_text=True)).group(1))
    created = client.post("/sessions", data={"csrf_token": token, "title": "分享会", "theme": "供应商"})
    session = created.headers["Location"]
    client.post(f"{session}/items", data={"csrf_token": token, "lesson_id": lesson_id})
    item = re.search(r'data-item="(\d+)"', client.get(session).get_data(as_text=True)).group(1)
    client.post(f"{session}/items/{item}", data={"csrf_token": token, "note": "重点", "minutes": "讨论了"})
    pages = {path: client.get(path).get_data(as_text=True) for path in
             ("/", "/browse", f"/lessons/{lesson_id}", "/documents/erp/retro", f"{session}/print", f"{session}/agenda.md",
              "/?q=供应商&mode=keyword")}
    assert "示例：" in pages["/"] and "排序：" in pages["/browse"]
    assert "备注：重点" in pages[f"{session}/print"] and "**主题：**" in pages[f"{session}/agenda.md"]
    for path, body in pages.items():
        assert not ASCII_COLON_AFTER_CHINESE.search(_text(body)), (path, ASCII_COLON_AFTER_CHINESE.search(_text(body)))


def test_english_pages_keep_the_colon_and_space(client):
    client.set_cookie("kb_lang", "en")
    assert re.search(r"Examples: ", client.get("/").get_data(as_text=True))


@pytest.mark.parametrize(("query", "marked"), [
    ("phase 1 vendor", ["phase", "1", "vendor"]),  # "phase 1" together, not the "1" of "1 week"
    ("1 vendor", ["vendor"]),
    ("第1周 vendor", ["vendor"]),
    ("3 items", ["3", "items"]),  # next to another match: the phrase of the query
    ("a vendor", ["vendor"]),
    ("2024 vendor", ["vendor", "2024"]),
    ("钱", ["钱"]),
])
def test_a_lone_digit_or_letter_is_not_marked(query, marked):
    text = "In phase 1 a vendor was 1 week late in 2024 (2 of 3 items); 钱 ran out."
    assert [text[s:e] for s, e in match_spans(text, query)] == marked


@pytest.mark.parametrize(("lang", "documents", "lessons"), [("en", "(documents)", "(lessons)"),
                                                             ("zh", "（文档数）", "（经验条数）")])
def test_each_search_filter_says_whether_it_counts_documents_or_lessons(client, lang, documents, lessons):
    """The lesson-kind filter counts matching lessons, the others matching documents: the headings say so (a space
    before the unit in English only: test_pages checks that)."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/?q=vendor").get_data(as_text=True)
    headings = dict(re.findall(r'<section class="facet"><h2>([^<]+?) ?<span class="facet-unit">([^<]+)</span></h2>',
                               body))
    kind, project = ("Lesson kind", "Project") if lang == "en" else ("经验类别", "项目")
    assert headings.get(kind) == lessons and headings.get(project) == documents, headings
    assert set(headings.values()) == {documents, lessons}
    assert body.count('<section class="facet">') == len(headings)  # no heading without its unit


@pytest.mark.parametrize(("lang", "kind", "heading_shown"), [("zh", "经验教训", False), ("en", "Lesson", True)])
def test_a_hits_heading_that_repeats_its_kind_label_is_said_once(client, lang, kind, heading_shown):
    """erp/retro's lesson under "## 经验教训" read "经验教训 经验教训" on a Chinese page; on an English one the
    heading adds the document's own word ("Lesson 经验教训")."""
    client.set_cookie("kb_lang", lang)
    page = client.get("/", query_string={"q": "关键接口只有一个人懂", "mode": "keyword"}).get_data(as_text=True)
    meta = re.search(r'<div class="hit-meta[^"]*">(.*?)</div>', page, re.DOTALL).group(1)
    assert f'<span class="kind kind-lesson">{kind}</span>' in meta
    assert ('<span class="heading" title="经验教训">经验教训</span>' in meta) is heading_shown


def test_a_hits_heading_marks_the_query_words_it_holds(client):
    """On the English page the heading "需要改进" is shown beside the kind label "Went wrong"; a query with its words
    marks them there too (the reader sees why a lesson whose text lacks them was found), escaped as the snippet is."""
    client.set_cookie("kb_lang", "en")
    body = client.get("/?q=需要改进的测试环境&mode=keyword").get_data(as_text=True)
    assert '<span class="heading" title="需要改进"><mark>需要改进</mark></span>' in body
    assert "<mark>测试环境</mark>" in body
