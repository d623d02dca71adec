"""The reader's language: a bounded boost after fusion (search/preference.py), on hand-made rankings."""

import pytest

from search.hybrid import Fused
from search.preference import parse_preference, prefer_language, readable

LANGUAGES = {"zh1": "zh", "zh2": "zh", "en1": "en", "en2": "en", "mix": "mixed", "unk": None}


def ranking(*pairs):
    return [Fused(i, score, ("keyword",)) for i, score in pairs]


def language_of(ids):
    return [LANGUAGES[i] for i in ids]


def ids(fused):
    return [f.id for f in fused]


def test_a_preferred_document_about_as_relevant_comes_first():
    fused = ranking(("zh1", 0.050), ("en1", 0.045), ("zh2", 0.030))
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["en1", "zh1", "zh2"]


def test_an_other_language_document_well_ahead_keeps_its_place_and_none_is_dropped():
    fused = ranking(("zh1", 0.050), ("zh2", 0.041), ("en1", 0.030))
    # 0.030 * 1.25 = 0.0375: below both Chinese documents, which stay in the ranking
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["zh1", "zh2", "en1"]


def test_the_bound_is_the_boost_factor():
    fused = ranking(("zh1", 0.0500), ("en1", 0.0399), ("en2", 0.0401))
    # 0.0399 * 1.25 < 0.05 <= 0.0401 * 1.25
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["en2", "zh1", "en1"]


def test_scores_of_preferred_items_are_multiplied_and_the_others_kept():
    out = {f.id: f.score for f in prefer_language(ranking(("zh1", 0.04), ("en1", 0.02)), language_of, "zh", 0.5)}
    assert out == {"zh1": pytest.approx(0.06), "en1": pytest.approx(0.02)}


def test_mixed_and_unknown_languages_count_as_readable():
    fused = ranking(("zh1", 0.050), ("mix", 0.045), ("unk", 0.044))
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["mix", "unk", "zh1"]


@pytest.mark.parametrize(("preferred", "boost"), [(None, 0.25), ("en", 0.0)])
def test_no_preference_or_no_boost_changes_nothing(preferred, boost):
    fused = ranking(("zh1", 0.050), ("en1", 0.049))
    assert prefer_language(fused, language_of, preferred, boost) == fused


def test_a_collection_in_one_language_keeps_its_order_including_ties():
    fused = ranking(("en1", 0.05), ("en2", 0.05), ("mix", 0.04))
    for preferred in ("en", "zh"):  # every item boosted, or none
        out = prefer_language(fused[:2], language_of, preferred, boost=0.25)
        assert ids(out) == ["en1", "en2"]
    assert ids(prefer_language(fused, language_of, "en", boost=0.25)) == ["en1", "en2", "mix"]


@pytest.mark.parametrize(("raw", "expected"), [("zh", "zh"), (" EN ", "en"), ("any", None), ("", None), (None, None)])
def test_parse_preference(raw, expected):
    assert parse_preference(raw) == expected


@pytest.mark.parametrize("raw", ["fr", "chinese", "zh-CN"])
def test_parse_preference_rejects_other_values_naming_the_allowed_ones(raw):
    with pytest.raises(ValueError, match="use one of: zh, en, any"):
        parse_preference(raw)


def test_readable():
    assert readable("en", "en") and readable("mixed", "en") and readable(None, "en") and readable("zh", None)
    assert not readable("zh", "en") and not readable("en", "zh")
