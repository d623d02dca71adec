"""benchmarks/extraction.py's "--split tuned": every split tuned on, never a frozen one (held25 and any later set;
held23 and held24 were judged once and are seen now), so that a run over everything seen cannot judge the unseen
sets by accident."""

from benchmarks.extraction import SPLITS, DocResult, frozen, report


def test_frozen_splits_are_held25_and_later():
    assert [s for s in SPLITS if frozen(s)] == ["held25"]
    assert frozen("held26") and frozen("held100")
    assert not any(frozen(s) for s in ("dev", "held", "held2", "held22", "held23", "held24"))


def test_the_tuned_summary_leaves_the_frozen_splits_out():
    results = [DocResult(id=split, language="en", split=split, format=".md", status="ok",
                         annotated=[{"kind": "lesson", "text": "x"}]) for split in ("dev", "held24", "held25", "held26")]
    summary = report(results)
    assert summary["tuned"]["all"]["documents"] == 2
    assert summary["all"]["all"]["documents"] == 4
