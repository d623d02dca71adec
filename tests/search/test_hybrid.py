import numpy as np
import pytest

from search.hybrid import (
    holds_other_language,
    one_language_keyword_weight,
    other_language_found,
    reciprocal_rank_fusion,
    standardised_fusion,
)


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
    assert reciprocal_rank_fusion({"a": []}, limit=3) == []


@pytest.mark.parametrize("limit", [1, 2, 3, 4, 6, 50])
def test_a_limit_gives_the_first_items_of_the_whole_fusion_ties_and_legs_included(limit):
    # x and y tie (each first in one leg), as do z and w; v is in all three legs, u in one at a weight of 0
    rankings = {"a": ["x", "z", "v"], "b": ["y", "w", "v", "x"], "c": ["v", "u"], "off": ["u"]}
    weights = {"c": 0.5, "off": 0.0}
    whole = reciprocal_rank_fusion(rankings, weights)
    assert [f.id for f in whole] == ["v", "x", "y", "z", "w", "u"]
    assert reciprocal_rank_fusion(rankings, weights, limit=limit) == whole[:limit]


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


@pytest.mark.parametrize(("query", "matches", "expected"), [
    ("en", [("en", 0.8), ("en", 0.7), ("zh", 0.55)], False),  # the best Chinese match far below: nothing in Chinese
    ("zh", [("zh", 0.6)] * 20, False),
    ("en", [("en", 0.8), ("en", 0.7), ("zh", 0.65)], True),  # one within the margin (0.2) is enough, at any rank
    ("zh", [("en", 0.5), ("zh", 0.45)], True),
    ("en", [("en", 0.8), ("mixed", 0.7)], True),  # a mixed document may hold its matter in Chinese
    ("zh", [("zh", 0.6), (None, 0.5)], True),  # a chunk of unknown language: the cross-language legs still run
    ("mixed", [("en", 0.8), ("en", 0.7)], True),  # a mixed query's words translate either way
    ("en", [], True),  # no match at all: as before, the cross-language legs run
])
def test_the_other_language_counts_when_one_of_its_matches_is_near_the_best(query, matches, expected):
    assert other_language_found(query, matches, 0.2) is expected


def test_a_margin_of_two_lets_every_query_search_the_other_language():
    assert other_language_found("en", [("en", 0.8), ("zh", 0.1)], 0.75) is True
    assert other_language_found("en", [("en", 0.8), ("zh", 0.1)], 0.5) is False
    assert other_language_found("en", [("en", 0.8)], 1.9) is False
    assert other_language_found("en", [("en", 0.8)], 2.0) is True


def test_a_match_standing_far_out_keeps_first_place_where_ranks_would_lose_it():
    # BM25 finds "own" far ahead of the rest; the semantic leg ranks it low among close scores.
    scored = {"keyword": [("own", 30.0), ("b", 8.0), ("c", 7.5), ("d", 7.0), ("e", 6.0), ("f", 5.5)],
              "semantic": [("b", 0.61), ("c", 0.60), ("d", 0.59), ("own", 0.58), ("e", 0.40), ("f", 0.30)]}
    assert standardised_fusion(scored)[0].id == "own"
    assert reciprocal_rank_fusion({leg: [i for i, _ in pairs] for leg, pairs in scored.items()})[0].id != "own"


def test_scores_are_weighted_sums_of_z_scores():
    fused = standardised_fusion({"a": [("x", 3.0), ("y", 1.0)], "b": [("y", 2.0), ("x", 0.0)]}, {"b": 0.5})
    # a: x +1, y -1; b: y +1, x -1 (each leg's mean and deviation from its own scores)
    assert [(f.id, round(f.score, 9)) for f in fused] == [("x", 0.5), ("y", -0.5)]
    assert fused[0].legs == ("a", "b")


def test_below_the_window_counts_as_not_found():
    keyword = [("a", 3.0), ("b", 2.0), ("c", 1.0), ("g", 0.0)]
    semantic = [("c", 5.0), ("e", 5.0), ("f", 1.0)]
    scores = {f.id: f.score for f in standardised_fusion({"k": keyword, "s": semantic}, window=2)}
    assert scores["c"] == scores["e"]  # c, third by keyword, counts as e, which keyword did not find
    scores = {f.id: f.score for f in standardised_fusion({"k": keyword, "s": semantic}, window=4)}
    assert scores["c"] > scores["e"]


def test_standardised_fusion_edge_cases():
    assert standardised_fusion({}) == []
    assert standardised_fusion({"a": []}) == []
    assert [f.score for f in standardised_fusion({"a": [("x", 1.0), ("y", 1.0)]})] == [0.0, 0.0]
    fused = standardised_fusion({"a": [("x", 2.0), ("x", 9.0), ("y", 1.0)], "b": [("z", 1.0), ("w", 0.0)]},
                                {"b": 0})
    assert [f.id for f in fused] == ["x", "y"] and all(f.legs == ("a",) for f in fused)


def test_legs_fuse_in_one_order_whichever_finished_first():
    """Keyword legs finish in the pool in any order; equal scores are decided by the legs' fixed order, so a
    ranking never depends on which thread answered first."""
    from kb.settings import Settings
    from search.legs import Legs, Scope

    def fused(order: list[str]) -> list[int]:
        legs = Legs(None, None, Settings(), Scope(), depth=10)  # type: ignore[arg-type]
        found = {"keyword": [(1, 9.0)], "semantic": [(2, 0.9)], "translated": [(3, 4.0)]}
        for name in order:
            legs.put(name, found[name])
        return [f.id for f in legs.fuse({"keyword": 1.0, "semantic": 1.0, "translated": 1.0})]

    assert fused(["semantic", "keyword", "translated"]) == [2, 1, 3]  # three items tied at 1 / 61
    assert fused(["translated", "keyword", "semantic"]) == [2, 1, 3]
    assert fused(["keyword", "translated", "semantic"]) == [2, 1, 3]


@pytest.mark.parametrize("sparse", [0, 100])  # ids numbered first (np.unique), or indexed directly
def test_integer_fusion_answers_as_the_general_one(monkeypatch, sparse) -> None:
    import random

    from search import id_fusion
    from search.id_fusion import fuse_ids, id_rank_fusion

    monkeypatch.setattr(id_fusion, "SPARSE", sparse)
    rng = random.Random(3)
    for _ in range(300):
        legs = {name: [rng.randrange(-2 if rng.random() < 0.05 else 0, 60) for _ in range(rng.randrange(0, 40))]
                for name in rng.sample(["semantic", "keyword", "translated", "feedback", "cross_feedback"],
                                       rng.randint(0, 5))}
        weights = {name: rng.choice([0.0, 0.5, 1.0, 1.5, 2]) for name in legs if rng.random() < 0.7}
        k, limit = rng.choice([1, 60]), rng.choice([None, 1, 5, 10, 100])
        expected = reciprocal_rank_fusion(legs, weights, k=k, limit=limit)
        assert id_rank_fusion(legs, weights, k=k, limit=limit) == expected, (legs, weights, k, limit)
        arrays = {name: np.array(ids, dtype=np.int64) for name, ids in legs.items()}
        fused = fuse_ids(arrays, weights, k=k, limit=limit)  # hand-made arrays in, arrays out
        assert fused.ids.tolist() == [f.id for f in expected] and fused.scores.tolist() == [f.score for f in expected]


@pytest.mark.parametrize("sparse", [0, 100])
def test_integer_fusion_lends_document_support_as_the_list_function_does(monkeypatch, sparse) -> None:
    import random

    from search import id_fusion
    from search.id_fusion import id_rank_fusion
    from search.support import with_document_support

    monkeypatch.setattr(id_fusion, "SPARSE", sparse)
    rng = random.Random(6)
    for _ in range(200):
        legs = {name: [rng.randrange(0, 60) for _ in range(rng.randrange(0, 40))]
                for name in rng.sample(["semantic", "keyword", "translated", "feedback"], rng.randint(1, 4))}
        owner = {i: rng.randrange(-1, 12) for i in range(60)}  # -1: a chunk the forward index lacks

        def documents(ids, owner=owner):
            return [owner[int(i)] for i in ids]

        weight = rng.choice([0.0, 0.5, 1.0])
        expected = with_document_support(reciprocal_rank_fusion(legs), documents, weight)
        assert id_rank_fusion(legs, support=(documents, weight)) == expected, (legs, owner, weight)


def test_integer_fusion_ties_empty_legs_and_one_chunk() -> None:
    """Hand-made arrays: equal scores in the order of first appearance (legs in order); an empty leg, or one switched
    off, is no leg (its bit is not used); one chunk; sparse ids (numbered first) as dense ones."""
    from search.id_fusion import fuse_ids

    a, b = np.array([7, 3, 5]), np.array([3, 7, 9])
    fused = fuse_ids({"a": a, "empty": np.zeros(0, dtype=np.int64), "b": b})
    assert fused.ids.tolist() == [7, 3, 5, 9]  # 7 and 3 tie (1/61 + 1/62): 7 appeared first
    assert fused.scores[0] == fused.scores[1] == 1 / 61 + 1 / 62
    assert [f.legs for f in fused] == [("a", "b"), ("a", "b"), ("a",), ("b",)]
    assert fuse_ids({"b": b, "a": a}).ids.tolist() == [3, 7, 9, 5]  # the other leg first: its order decides
    assert fuse_ids({"a": a, "b": b}, {"a": 0}).items() == [(3, 1 / 61, ("b",)), (7, 1 / 62, ("b",)), (9, 1 / 63, ("b",))]
    assert fuse_ids({"a": np.array([4])}).items() == [(4, 1 / 61, ("a",))]
    assert fuse_ids({"a": np.array([4]), "b": np.array([4, 4])}).items() == [(4, 2 / 61, ("a", "b"))]
    assert fuse_ids({}).items() == [] and fuse_ids({"a": np.zeros(0, dtype=np.int64)}).items() == []
    sparse = fuse_ids({"a": a * 100_000, "b": b * 100_000})
    assert sparse.ids.tolist() == [700_000, 300_000, 500_000, 900_000] and sparse.scores.tolist() == \
        fuse_ids({"a": a, "b": b}).scores.tolist()


def test_the_fusion_by_score_of_id_arrays_answers_as_the_general_one() -> None:
    """standardised_ids on hand-made arrays: standardised_fusion's items, scores to the last bit and order (ties in
    order of first appearance), with repeated ids, equal scores, empty and single-item legs, a leg off, spreads, and
    small samples and windows."""
    import random

    from search.id_fusion import standardised_ids
    from search.ranked import Ranked

    rng = random.Random(11)
    for _ in range(400):
        legs = {}
        for name in rng.sample(["semantic", "keyword", "translated"], rng.randint(0, 3)):
            scores = sorted((rng.choice([rng.random(), 0.5, 1.0]) * rng.choice([1, 10]) for _ in range(rng.randrange(0, 30))),
                            reverse=True)
            legs[name] = [(rng.randrange(0, 40), s) for s in scores]
        weights = {name: rng.choice([0.0, 0.5, 1.0, 1.7]) for name in legs if rng.random() < 0.6}
        options = {"sample": rng.choice([1, 3, 100]), "window": rng.choice([1, 4, 200])}
        if legs and rng.random() < 0.3:
            options["spreads"] = {rng.choice(list(legs)): rng.choice([0.0, 0.2, 2.5])}
        expected = standardised_fusion(legs, weights, **options)
        arrays = {name: Ranked.of(pairs) for name, pairs in legs.items()}
        assert standardised_ids(arrays, weights, **options) == expected, (legs, weights, options)
    one = standardised_ids({"keyword": Ranked.of([(7, 3.0)]), "semantic": Ranked.of([])})
    assert one.items() == [(7, 0.0, ("keyword",))]
    assert standardised_ids({}).items() == []


def test_a_long_english_query_weighs_its_keyword_leg_twice_as_much_again():
    assert one_language_keyword_weight("en", 12, 2.0) == 2.0
    assert one_language_keyword_weight("en", 64, 2.0) == 2.0  # 64 terms: still a question
    assert one_language_keyword_weight("en", 65, 2.0) == 4.0  # more: a pasted page
    assert one_language_keyword_weight("en", 65, 1.0) == 2.0
    assert one_language_keyword_weight("zh", 200, 2.0) == one_language_keyword_weight("mixed", 200, 2.0) == 1.0
