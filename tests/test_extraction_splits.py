"""benchmarks/extraction.py's "--split tuned": every split tuned on, never a frozen one (held28, added frozen, and any
later set; held23 to held27 were judged once each and are seen now; dev2 is development data, tuned on from the start),
so that a run over everything seen cannot judge the unseen sets by accident."""

import json

from benchmarks.extraction import DATA, SPLITS, DocResult, frozen, report


def test_frozen_splits_are_held28_and_later():
    assert [s for s in SPLITS if frozen(s)] == ["held28"]  # held27 was judged on f6b8c6f; held28 is the next judge
    assert frozen("held28") and frozen("held100")
    assert not any(frozen(s) for s in ("dev", "dev2", "held", "held2", "held22", "held23", "held25", "held26", "held27"))


def test_every_document_belongs_to_a_known_split():
    splits = {doc["split"] for doc in json.loads((DATA / "sources.json").read_text(encoding="utf-8"))}
    assert splits == set(SPLITS)


def test_the_tuned_summary_leaves_the_frozen_splits_out():
    results = [DocResult(id=split, language="en", split=split, format=".md", status="ok",
                         annotated=[{"kind": "lesson", "text": "x"}])
               for split in ("dev", "dev2", "held26", "held27", "held28", "held29")]
    summary = report(results)
    assert summary["tuned"]["all"]["documents"] == 4  # dev, dev2 (development data), held26 and held27 (judged)
    assert summary["tuned"]["all"]["annotated"] == 4
    assert summary["dev2"]["all"]["documents"] == 1
    assert summary["held27"]["all"]["documents"] == 1
    assert summary["all"]["all"]["documents"] == 6
