"""benchmarks/losses.py: which legs put a wrong document above a relevant one that a baseline ranks higher, and a
set of real bug reports made into a known-item set (benchmarks/hadoop_set.py)."""

import json

from benchmarks.hadoop_set import bugs, write
from benchmarks.losses import causes


def test_each_wrong_document_above_a_relevant_one_is_charged_to_the_legs_that_rank_it_higher():
    judged = {"right": 1, "also": 1, "no": 0}
    ranked = ["lexical", "right", "also", "other"]  # the hybrid: a near-duplicate first
    baseline = ["right", "lexical", "also", "other"]  # the baseline: the relevant one first
    legs = {"semantic": {"right": 0, "also": 1, "lexical": 2},
            "keyword": {"lexical": 0, "right": 1, "also": 2}}
    assert causes(ranked, baseline, legs, judged) == [("right", "lexical", ("keyword",))]


def test_only_relevant_documents_the_baseline_ranks_higher_and_wrong_ones_it_ranks_lower_count():
    judged = {"a": 1, "b": 2}
    legs = {"semantic": {"x": 0, "a": 1, "b": 2}, "keyword": {"b": 0, "a": 1, "x": 2}}
    # b falls from 2nd to 3rd, below x, which the baseline also put above b: nothing to charge
    assert causes(["x", "a", "b"], ["x", "b", "a"], legs, judged) == []
    # b falls from 1st to 3rd, below x (the baseline put x 3rd); a is relevant, so it is not a wrong document
    assert causes(["a", "x", "b"], ["b", "a", "x"], legs, judged) == [("b", "x", ("semantic",))]
    # a document a leg did not return ranks below every document it did
    assert causes(["x", "a"], ["a", "x"], {"keyword": {"x": 0}, "semantic": {"a": 0}}, {"a": 1}) == \
        [("a", "x", ("keyword",))]


def test_a_known_item_set_from_bug_reports_hides_each_summary_from_its_document(tmp_path):
    data = tmp_path / "bugs.csv"
    long = " ".join(["the namenode keeps stale block reports after a restart"] * 3)
    data.write_text("Summary,Issue id,Description\n"
                    f"Stale block reports,1,\"{long}\"\n"
                    "Too short,2,\"one line only\"\n"
                    f"Balancer hangs,3,\"{long.replace('namenode', 'balancer')}\"\n", encoding="utf-8")
    rows = bugs(data)
    assert [r["Issue id"] for r in rows] == ["1", "3"]  # a description of under 20 words says too little
    write(tmp_path / "set", rows, queries=5)
    queries = [json.loads(line) for line in (tmp_path / "set" / "queries.jsonl").read_text().splitlines()]
    assert sorted(q["text"] for q in queries) == ["Balancer hangs", "Stale block reports"]
    document = (tmp_path / "set" / "corpus" / "hadoop-1.md").read_text(encoding="utf-8")
    assert "Stale block reports" not in document and "stale block reports after a restart" in document
    qrels = (tmp_path / "set" / "qrels.tsv").read_text().splitlines()
    assert qrels[0] == "query-id\tcorpus-id\tscore" and sorted(qrels[1:]) == ["q-1\thadoop-1\t1", "q-3\thadoop-3\t1"]
