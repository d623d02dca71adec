"""The start page's example searches and the search box's example: in the UI's language, never in a language the
store holds no document of (a Chinese-only store offered half its examples in English)."""

from __future__ import annotations

import re

import pytest

from kb.store import Store
from web.views.examples import EXAMPLES

CHIP = re.compile(r'<a class="chip" href="/\?q=[^"]*">([^<]*)</a>')
PLACEHOLDER = re.compile(r'data-placeholder-long="([^"]*)"')


def _examples(client, lang: str, path: str = "/") -> tuple[list[str], str]:
    client.set_cookie("kb_lang", lang)
    response = client.get(path)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return CHIP.findall(page), PLACEHOLDER.search(page).group(1)


def _only(settings, language: str) -> None:
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET language = ?", [language])
        store.conn.commit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_store_of_both_languages_offers_the_uis_own(client, lang):
    chips, placeholder = _examples(client, lang)
    assert chips == list(EXAMPLES[lang])
    assert EXAMPLES[lang][0] in placeholder
    other = "en" if lang == "zh" else "zh"
    assert not any(e in placeholder for e in EXAMPLES[other])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_chinese_only_store_offers_chinese_examples_in_either_ui(client, settings, lang):
    _only(settings, "zh")
    chips, placeholder = _examples(client, lang)
    assert chips == list(EXAMPLES["zh"])
    assert placeholder == ("描述你遇到的问题，例如：供应商交付延期" if lang == "zh" else "Describe a problem, e.g. 供应商交付延期")
    _, on_results = _examples(client, lang, "/?q=延期")  # the box above the results says the same
    assert on_results == placeholder


def test_an_english_only_store_offers_english_to_the_chinese_ui_and_mixed_counts_as_both(client, settings):
    _only(settings, "en")
    assert _examples(client, "zh")[0] == list(EXAMPLES["en"])
    _only(settings, "mixed")
    assert _examples(client, "zh")[0] == list(EXAMPLES["zh"])
    assert _examples(client, "en")[0] == list(EXAMPLES["en"])
