"""How a hit was found, as a project manager reads it: one plain hint a hit, chosen from the search legs that found
it ("matches your words", "found via translation", "similar in meaning"), and each leg, with what it means, in a
disclosure. The legs themselves stay in /api/search."""

from __future__ import annotations

import html
import re

import pytest

from web.i18n import translate

# legs -> the hint's message: its own words first, then a translation of them, then the meaning, then related words
COMBINATIONS = [
    (("keyword",), "how_words"),
    (("semantic", "keyword"), "how_words"),
    (("keyword", "semantic", "feedback", "translated"), "how_words"),
    (("semantic",), "how_meaning"),
    (("semantic", "feedback"), "how_meaning"),
    (("translated",), "how_translation"),
    (("semantic", "translated"), "how_translation"),
    (("semantic", "cross_feedback"), "how_translation"),
    (("document_translation",), "how_translation"),
    (("feedback",), "how_related"),
]


def _render(app, lang: str, legs: tuple[str, ...]) -> str:
    from flask import render_template_string

    with app.test_request_context("/", headers={"Cookie": f"kb_lang={lang}"}):
        app.preprocess_request()
        return render_template_string('{% from "_macros.html" import how_found with context %}{{ how_found(legs) }}',
                                      legs=legs)


def _hints(body: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<details class="how-found"><summary[^>]*>([^<]*)</summary>', body)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("legs", "hint"), COMBINATIONS)
def test_one_plain_hint_says_how_a_hit_was_found(app, lang, legs, hint):
    body = _render(app, lang, legs)
    assert _hints(body) == [translate(hint, lang)]
    # on demand, every leg, by its label and what it means, in the order search gave them
    shown = re.findall(r'<li><span class="leg">([^<]*)</span>([^<]*)</li>', body)
    assert [html.unescape(label) for label, _ in shown] == [translate(f"leg_{leg}", lang) for leg in legs]
    assert [html.unescape(text) for _, text in shown] == [translate("colon", lang) + translate(f"leg_help_{leg}", lang)
                                                         for leg in legs]


def test_a_hit_without_legs_has_no_hint(app):
    assert "how-found" not in _render(app, "en", ())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_hints_are_plain_words_in_either_language(lang):
    hints = {translate(key, lang) for _, key in COMBINATIONS}
    assert len(hints) == 4 and all(h and not h.startswith("how_") for h in hints)
    if lang == "zh":
        assert all(re.search(r"[\u4e00-\u9fff]", h) for h in hints)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_hit_on_the_search_page_says_what_its_legs_say(client, lang):
    """A real search in both languages of documents: each hit's one hint is the one its legs in /api/search choose,
    and the legs' labels are all there, behind it."""
    client.get(f"/lang/{lang}")
    params = {"q": "测试环境没有准备好", "prefer_lang": "any"}
    body = client.get("/", query_string=params).get_data(as_text=True)
    groups = client.get("/api/search", query_string=params).get_json()["results"]
    wanted = [translate(_hint_key(hit["legs"]), lang) for group in groups for hit in group["hits"] if hit["legs"]]
    found = _hints(body)
    assert len(found) >= 3 and len(set(found)) >= 2  # a page of more than one kind of hint
    assert found == wanted[:len(found)]
    assert "matched by" not in body and "匹配方式" not in body  # the old chips' label


def _hint_key(legs) -> str:
    if "keyword" in legs:
        return "how_words"
    if {"translated", "cross_feedback", "document_translation"} & set(legs):
        return "how_translation"
    return "how_meaning" if "semantic" in legs else "how_related"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("compared", ["lesson", "document", "theme"])
def test_a_list_of_what_is_alike_names_what_it_was_compared_with(app, lang, compared):
    """Similar lessons beside a lesson or a document, suggestions for a session's theme: the reader typed nothing,
    and "matches your words" / 含检索词 ("文中有你的检索词") named words nobody had typed."""
    from flask import render_template_string

    legs = ("keyword", "semantic", "translated", "feedback")
    with app.test_request_context("/", headers={"Cookie": f"kb_lang={lang}"}):
        app.preprocess_request()
        body = render_template_string('{% from "_macros.html" import how_found with context %}'
                                      '{{ how_found(legs, compared) }}', legs=legs, compared=compared)
    assert _hints(body) == [translate("how_same_words", lang)]
    source = translate(f"compared_{compared}", lang)
    helps = [html.unescape(text) for text in re.findall(r'<li><span class="leg">[^<]*</span>([^<]*)</li>', body)]
    assert helps == [translate("colon", lang) + translate(f"leg_help_{leg}_compared", lang, source=source)
                     for leg in legs[:3]] + [translate("colon", lang) + translate("leg_help_feedback", lang)]
    assert source in helps[0] and not any(word in body for word in ("your words", "your query", "检索词", "检索内容"))


@pytest.mark.parametrize(("lang", "typed", "source"), [("en", ("your words", "your query"), ("this lesson", "this document")),
                                                       ("zh", ("检索词", "检索内容"), ("本条经验", "本文档"))])
def test_a_lessons_and_a_documents_similar_lists_do_not_speak_of_words_typed(client, lang, typed, source):
    client.get(f"/lang/{lang}")
    for path, compared in (("/lessons/1", source[0]), ("/documents/erp/retro", source[1])):
        body = client.get(path).get_data(as_text=True)
        similar = body[body.index('class="how-found"'):]  # the first hint is in the similar list
        assert _hints(similar) and compared in similar and not any(word in similar for word in typed)
