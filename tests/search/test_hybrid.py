import pytest

from search.hybrid import holds_other_language, reciprocal_rank_fusion, spans_languages


def test_item_ranked_by_both_legs_wins():
    fused = reciprocal_rank_fusion({"keyword": ["a", "b", "c"], "semantic": ["c", "d", "a"]}, k=60)
    assert [f.id for f in fused][:2] == ["a", "c"]
    assert fused[0].legs == ("keyword", "semantic")
    assert abs(fused[0].score - (1 / 61 + 1 / 63)) < 1e-12


def test_weights_shift_the_order_and_zero_switches_a_leg_off():
    rankings = {"keyword": ["k1", "k2"], "semantic": ["s1", "s2"]}
    assert reciprocal_rank_fusion(rankings, {"keyword": 2.0})[0].id == "k1"
    assert reciprocal_rank_fusion(rankings, {"semantic": 2.0})[0].id == "s1"
    assert {f.id for f in reciprocal_rank_fusion(rankings, {"keyword": 0})} == {"s1", "s2"}


def test_smaller_k_favours_top_ranks():
    rankings = {"a": ["x", "y"], "b": ["y", "z"]}
    assert reciprocal_rank_fusion(rankings, k=1)[0].id == "y"
    scores = {f.id: f.score for f in reciprocal_rank_fusion(rankings, k=1)}
    assert scores["y"] == 1 / 3 + 1 / 2


def test_duplicates_in_a_leg_count_once_and_ties_keep_first_appearance():
    fused = reciprocal_rank_fusion({"a": ["x", "x", "y"], "b": ["y", "x"]})
    assert [f.id for f in fused] == ["x", "y"]
    assert fused[0].score == fused[1].score


def test_empty_input():
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"a": []}) == []


@pytest.mark.parametrize(("query", "collection", "expected"), [
    ("en", {"en": 900}, False),
    ("zh", {"zh": 900}, False),
    ("en", {"en": 900, "zh": 1}, True),
    ("zh", {"en": 900}, True),  # Chinese questions over English documents: only the cross-language legs reach them
    ("en", {"en": 900, "mixed": 3}, True),
    ("mixed", {"en": 900}, True),  # a mixed query's Chinese words translate into the collection's English
    ("en", {}, False),
    ("en", {"en": 900, "zh": 0}, False),
])
def test_cross_language_legs_only_where_the_collection_holds_another_language(query, collection, expected):
    assert holds_other_language(query, collection) is expected


@pytest.mark.parametrize(("query", "results", "expected"), [
    ("en", ["en", "en", "en"], False),
    ("en", ["en", "zh", "en"], True),
    ("zh", ["zh", "zh"], False),
    ("zh", ["zh", "en"], True),
    ("en", ["en", "mixed", None], False),  # a mixed or unknown document does not show the query crossed over
    ("en", [], False),
    ("mixed", ["en", "en"], True),
])
def test_feedback_only_when_the_first_results_span_languages(query, results, expected):
    assert spans_languages(query, results) is expected
