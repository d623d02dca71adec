"""A result in the other language says its language once: "英文 英文文档" / "Chinese  in Chinese" said it twice, as
a plain word and again as the badge; a result in the reader's language says it once, as the plain word."""

from __future__ import annotations

import re

import pytest


def _metas(body: str) -> dict[str, str]:
    groups = re.findall(r'<li class="group">.*?<a href="/documents/([^"]+)">.*?<p class="doc-meta">(.*?)</p>', body,
                        re.DOTALL)
    return {key: " ".join(re.sub(r"<[^>]+>", " ", meta).split()) for key, meta in groups}


@pytest.mark.parametrize(("lang", "mes", "erp"), [("zh", "英文文档", "中文"), ("en", "in English", "Chinese")])
def test_each_result_says_its_language_once(client, lang, mes, erp):
    client.set_cookie("kb_lang", lang)
    metas = _metas(client.get("/?q=供应商&prefer_lang=zh").get_data(as_text=True))
    assert metas["mes/pm"].endswith(mes) and metas["mes/pm"].count("英文" if lang == "zh" else "English") == 1, metas
    assert metas["erp/retro"].endswith(erp), metas


BADGE = {"en": {"en": "in English", "zh": "in Chinese"}, "zh": {"en": "英文文档", "zh": "中文文档"}}
PLAIN = {"en": {"en": "English", "zh": "Chinese"}, "zh": {"en": "英文", "zh": "中文"}}
PAGE = "page"  # the UI's language: a term keeps it


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("query", "prefer", "marked"), [
    ("供应商", None, "zh"), ("供应商", "zh", "zh"), ("供应商", "en", "en"), ("供应商", "any", "zh"), ("供应商", "auto", "zh"),
    ("vendor", None, PAGE), ("vendor", "zh", "zh"), ("vendor", "en", "en"), ("vendor", "any", PAGE),
    ("vendor", "auto", PAGE)])
def test_the_page_and_the_api_mark_what_is_not_in_the_readers_language_in_every_mode(client, lang, query, prefer,
                                                                                      marked):
    """"Any language" reorders nothing, yet a result in the language the reader does not read is worth marking: it
    is marked as the page would without a choice (the UI's language, or a Chinese query's); the API marks alike and
    says against which language (``marked_lang``); the page says a result's language once, as the badge or plain."""
    client.set_cookie("kb_lang", lang)
    marked = lang if marked == PAGE else marked
    args = {"q": query, "all": "1"} | ({"prefer_lang": prefer} if prefer else {})
    api = client.get("/api/search", query_string=args).get_json()
    languages = {r["document_key"]: r["language"] for r in api["results"]}
    assert {"zh", "en"} <= set(languages.values()) and api["marked_lang"] == marked
    assert {r["document_key"]: r["other_language"] for r in api["results"]} == {
        key: language != marked for key, language in languages.items()}
    body = client.get("/", query_string=args).get_data(as_text=True)
    metas = _metas(body)
    assert set(metas) == set(languages)
    for key, language in languages.items():
        said = BADGE[lang][language] if language != marked else PLAIN[lang][language]
        assert said in metas[key] and metas[key].count(PLAIN[lang][language]) == 1, (key, metas[key])
        meta = re.search(rf'<a href="/documents/{re.escape(key)}">.*?</p>', body, re.DOTALL).group(0)
        assert ('class="badge other-language"' in meta) == (language != marked), (key, meta)
