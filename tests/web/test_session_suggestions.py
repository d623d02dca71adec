"""A share session's suggestions for its theme come in both languages: for 数据迁移 there were eight Chinese lessons,
the English ones on data migration ranked just below them (web/bilingual.py)."""

from __future__ import annotations

import re

import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from web.bilingual import take_turns

MORE = {  # Chinese documents about the theme, so that Chinese lessons alone would fill the top of the suggestions
    f"wms{n}/retro.md": f"""---
id: wms{n}/retro
title: 仓储项目{n}期复盘
project: 智慧仓储{n}期
date: 2025-0{n}-15
---
# 仓储项目{n}期复盘

## 需要改进
- 测试环境直到上线前{n + 1}天才准备好，集成测试被压缩，第{n}期的测试环境问题又出现了一次。
""" for n in range(1, 5)}


@pytest.fixture
def chinese_heavy(settings: Settings, tmp_path) -> Settings:
    for rel, text in MORE.items():
        path = tmp_path / "more" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [tmp_path / "more"])
        SearchIndex(store, settings).sync()
    return settings


def test_a_chinese_theme_suggests_english_lessons_in_turn(chinese_heavy, as_curator):
    client, token = as_curator
    created = client.post("/api/sessions", json={"title": "环境分享会", "theme": "测试环境没有准备好"},
                          headers={"X-CSRF-Token": token}).get_json()
    page = client.get(f"/sessions/{created['id']}").get_data(as_text=True)
    card = page.split('id="suggestions"', 1)[1]
    languages = re.findall(r'<p class="snippet" lang="(\w+)"', card)
    assert len(languages) >= 4 and set(languages[:2]) == {"zh", "en"}, languages


@pytest.mark.parametrize("ranked, limit, expected", [
    ([("zh", 1), ("zh", 2), ("zh", 3), ("en", 4), ("en", 5)], 4, [1, 4, 2, 5]),
    ([("en", 1), ("zh", 2), ("zh", 3), ("zh", 4)], 3, [1, 2, 3]),  # English has no more: the rest in order
    ([("zh", 1), ("mixed", 2), ("en", 3), ("zh", 4)], 4, [1, 2, 3, 4]),
    ([("zh", 1), ("zh", 2)], 8, [1, 2]),
    ([], 8, []),
])
def test_languages_take_turns_each_in_its_own_ranking(ranked, limit, expected):
    assert take_turns(ranked, limit) == expected


@pytest.mark.parametrize(("lang", "says"), [
    ("en", "No lesson matches “xqzv wkpj” closely enough, or all were presented before. Search for “xqzv wkpj”"),
    ("zh", "没有与“xqzv wkpj”足够相关的经验，或者相关经验都已在往期分享会讲过。 搜索“xqzv wkpj”")])
def test_a_theme_that_finds_no_lesson_is_said_with_a_search_for_it(as_curator, lang, says):
    """A session on 供应商交付 showed the heading "根据主题推荐的经验" over nothing: a curator could not tell whether
    the list was still loading, broken or empty. It says none came, and offers a search for the theme."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    created = client.post("/sessions", data={"title": "Odd", "theme": "xqzv wkpj", "csrf_token": token})
    body = client.get(created.headers["Location"]).get_data(as_text=True)
    note = re.search(r'<p class="muted" id="no-suggestions">(.*?)</p>', body, re.DOTALL)
    assert note and " ".join(re.sub(r"<[^>]+>", "", note.group(1)).split()) == says
    assert 'href="/?q=xqzv+wkpj"' in note.group(1) or 'href="/?q=xqzv%20wkpj"' in note.group(1)
    found = client.post("/sessions", data={"title": "Test environments", "theme": "test environment",
                                           "csrf_token": token})
    page = client.get(found.headers["Location"]).get_data(as_text=True)
    assert 'class="suggestion"' in page and "no-suggestions" not in page


@pytest.mark.parametrize("theme, lesson", [("供应商交付", "外包供应商的接口交付延期五周"), ("stand-ups", "Daily stand-ups with sales"),
                                           ("duplicate records", "Duplicate customer records")])
def test_a_short_theme_suggests_the_lessons_that_name_it(as_curator, theme, lesson):
    """A theme of a word or two found nothing when suggestions searched by meaning alone: on the shipped corpus
    "供应商交付", "scope creep" and "knowledge transfer" gave no suggestion while a search listed 77, 53 and 84
    documents. Suggestions use the default search, by words and by meaning."""
    client, token = as_curator
    created = client.post("/sessions", data={"title": "Share", "theme": theme, "csrf_token": token})
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert 'id="suggestions"' in page, "no suggestions card"
    assert lesson in re.sub(r"<[^>]+>", "", page.split('id="suggestions"', 1)[1])  # the theme's words are marked
