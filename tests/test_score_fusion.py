"""benchmarks/score_fusion.py: the fusion by score replayed on captured legs, and benchmarks/lcqmc_heldout.py: a
second query sample for lcqmc-dev's collection."""

from benchmarks.lcqmc_heldout import groups, held_out
from benchmarks.score_fusion import fuse, labelled, without_self
from search.hybrid import standardised_fusion


def _legs() -> dict:
    keyword = [(i, 30.0 - 1.5 * i + (i % 3)) for i in range(1, 260)]  # more than the 200 the floor is taken at
    semantic = [(i, 0.95 - 0.003 * i) for i in range(240, 0, -2)] + [(7, 0.2)]  # 7 twice: its first counts
    return {"scored": {"semantic": semantic, "keyword": keyword}, "weights": {"semantic": 1.0, "keyword": 2.0},
            "spreads": {"semantic": 0.06}}


def test_the_replayed_fusion_unchanged_is_the_search_fusion_item_for_item():
    legs = _legs()
    expected = [f.id for f in standardised_fusion(legs["scored"], legs["weights"], spreads=legs["spreads"])]
    assert fuse(legs) == expected
    no_spread = {**legs, "spreads": None}
    assert fuse(no_spread) == [f.id for f in standardised_fusion(legs["scored"], legs["weights"])]


def test_a_lighter_keyword_leg_or_a_near_paraphrase_lets_the_semantic_order_through():
    legs = {"scored": {"semantic": [("para", 0.93), ("dup", 0.92)], "keyword": [("dup", 9.0), ("para", 3.0)]},
            "weights": {"semantic": 1.0, "keyword": 1.0}, "spreads": {"semantic": 0.06}}
    assert fuse(legs)[0] == "dup"
    assert fuse(legs, keyword=0.0)[0] == "para"
    assert fuse(legs, near=(0.8, 0.9, 0.0))[0] == "para"  # best cosine 0.93: past 0.9, the keyword leg counts 0
    far = {**legs, "scored": {**legs["scored"], "semantic": [("para", 0.53), ("dup", 0.52)]}}
    assert fuse(far, near=(0.8, 0.9, 0.0)) == fuse(far)  # best cosine under 0.8: as it was


def test_without_self_drops_only_the_query_documents_chunks():
    legs = {"scored": {"semantic": [(1, 0.9), (2, 0.8), (3, 0.7)], "keyword": [(3, 5.0), (1, 4.0)]}}
    chunk_doc = {1: "me", 2: "other", 3: "me"}
    assert without_self(legs, chunk_doc, "me")["scored"] == {"semantic": [(2, 0.8)], "keyword": []}
    assert without_self(legs, chunk_doc, None) is legs


def test_held_out_queries_share_no_group_of_paraphrases_with_the_taken_ones():
    pairs = [("a", "b", "1"), ("b", "c", "1"), ("d", "e", "1"), ("f", "g", "1"), ("h", "a", "0"), ("g", "h", "1")]
    ids, group = groups(pairs)
    assert ids == {"a": 0, "b": 1, "c": 2, "d": 3, "e": 4, "f": 5, "g": 6, "h": 7}
    assert group[ids["a"]] == group[ids["c"]] != group[ids["h"]]  # b links a and c; a-h is labelled 0
    assert group[ids["f"]] == group[ids["h"]]  # through g
    rows, qrels = held_out(pairs, taken={ids["b"]}, queries=10, seed=1)
    assert [r["_id"] for r in rows] == ["q-lcqmc-3", "q-lcqmc-5", "q-lcqmc-6"]  # d, f, g: never a, b or c
    assert all(r["self"] == "lcqmc-" + r["_id"].rsplit("-", 1)[1] for r in rows)
    assert sorted(d for q, d, _ in qrels if q == "q-lcqmc-5") == ["lcqmc-6", "lcqmc-7"]  # f: g and h, not f
    assert sorted(d for q, d, _ in qrels if q == "q-lcqmc-3") == ["lcqmc-4"]


def test_labelled_pairs_are_found_either_way_round(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("北京哪家医院好\t广州哪家医院好\t0\n手机淘宝怎么退款\t在手机淘宝上怎么申请退款\t1\nbroken line\n",
                     encoding="utf-8")
    labels = labelled(pairs)
    assert labels[("广州哪家医院好", "北京哪家医院好")] == "0" and labels[("北京哪家医院好", "广州哪家医院好")] == "0"
    assert labels[("在手机淘宝上怎么申请退款", "手机淘宝怎么退款")] == "1" and len(labels) == 4
