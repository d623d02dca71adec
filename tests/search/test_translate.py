"""Dictionary translation of queries: the collection's vocabulary and, given one, the context choose the senses."""

import pytest

from search.translate import get_translator


@pytest.fixture(scope="module")
def translator():
    return get_translator([])


def test_translations_the_collection_lacks_are_dropped(translator):
    assert translator.terms("extract") == ["引出", "抽取"]
    assert translator.terms("extract", doc_freq=lambda term: term == "抽取") == ["抽取"]
    assert translator.terms("extract", doc_freq=lambda term: 0) == []


@pytest.mark.parametrize("query, context, expected", [
    ("extract", "我们用了三个月前的数据抽取做演练", ["抽取"]),  # the sense the other-language text uses
    ("区域", "Each region reported revenue its own way", ["region"]),
    ("区域", "regional sales teams disagreed", ["region"]),  # a word start: region(al)
    ("区域", "the subregion", ["area", "region"]),  # not inside a word: no sense confirmed, both kept
    ("extract", "nothing related at all", ["引出", "抽取"]),  # no sense in the context: the dictionary's order
    ("extract", "", ["引出", "抽取"]),
])
def test_the_context_picks_among_a_words_translations(translator, query, context, expected):
    assert translator.terms(query, context=context) == expected


def test_dictionary_entries_that_mean_the_word_alone_come_first(translator):
    # CC-CEDICT has "stock" in 库存 (stock) and in 优先股 (preferred stock), 合股 (joint stock), ...
    assert translator.terms("stock")[0] == "库存"
    assert "优先股" not in translator.terms("stock")
