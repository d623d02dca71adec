"""benchmarks/extraction.py's "--split tuned": every split tuned on, never a frozen one (held26 and any later set;
held23, held24 and held25 were judged once each and are seen now), so that a run over everything seen cannot judge the unseen
sets by accident."""

from benchmarks.extraction import SPLITS, DocResult, frozen, report


def test_frozen_splits_are_held26_and_later():
    assert not [s for s in SPLITS if frozen(s)]  # every split so far has had its one judgement
    assert frozen("held26") and frozen("held100")
    assert not any(frozen(s) for s in ("dev", "held", "held2", "held22", "held23", "held24", "held25"))


def test_the_tuned_summary_leaves_the_frozen_splits_out():
    results = [DocResult(id=split, language="en", split=split, format=".md", status="ok",
                         annotated=[{"kind": "lesson", "text": "x"}]) for split in ("dev", "held25", "held26", "held27")]
    summary = report(results)
    assert summary["tuned"]["all"]["documents"] == 2
    assert summary["all"]["all"]["documents"] == 4
