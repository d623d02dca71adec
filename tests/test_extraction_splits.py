"""benchmarks/extraction.py's "--split tuned": every split tuned on, never a frozen one (held53 and any later set;
held23 to held52 were judged once each and are seen now; dev2 is development data, tuned on from the start),
so that a run over everything seen cannot judge the unseen sets by accident."""

import json
import sys

import pytest

from benchmarks import extraction
from benchmarks.extraction import DATA, SPLITS, DocResult, frozen, queued, report


def test_frozen_splits_are_held53_and_later():
    # held30 to held52 were judged (held52 on main ae93a9a) and studied since; held53 is the next judge
    assert [s for s in SPLITS if frozen(s)] == ["held53"]
    assert frozen("held53") and frozen("held54") and frozen("held100")
    assert not any(frozen(s) for s in ("dev", "dev2", "held", "held2", "held22", "held23", "held26", "held29", "held30",
                                       "held31", "held32", "held33", "held34", "held35", "held36", "held37", "held38", "held39", "held40", "held41", "held42", "held43", "held44", "held45", "held46", "held47", "held48", "held49", "held50", "held51", "held52"))


def test_every_document_belongs_to_a_known_split():
    splits = {doc["split"] for doc in json.loads((DATA / "sources.json").read_text(encoding="utf-8"))}
    assert splits == set(SPLITS)


def test_the_tuned_summary_leaves_the_frozen_splits_out():
    results = [DocResult(id=split, language="en", split=split, format=".md", status="ok",
                         annotated=[{"kind": "lesson", "text": "x"}])
               for split in ("dev", "dev2", "held29", "held30", "held31", "held32", "held33", "held34", "held35", "held36", "held37", "held38", "held39", "held40", "held41", "held42", "held43", "held44", "held45", "held46", "held47", "held48", "held49", "held50", "held51", "held52", "held53", "held54")]
    summary = report(results)
    assert summary["tuned"]["all"]["documents"] == 26  # dev, dev2 (development data), held29 to held52 (judged)
    assert summary["tuned"]["all"]["annotated"] == 26
    assert summary["dev2"]["all"]["documents"] == 1
    assert summary["held30"]["all"]["documents"] == 1
    assert summary["all"]["all"]["documents"] == 28


def test_a_set_behind_the_next_judge_is_refused_by_name(monkeypatch, capsys):
    # held53 is the next judge; a set added after it (held54) waits until held53 is judged and FIRST_FROZEN moves on
    assert [s for s in SPLITS if queued(s)] == []
    assert queued("held54")
    assert not any(queued(s) for s in ("held53", "held52", "held2", "tuned", "all", "dev2"))
    monkeypatch.setattr(extraction, "SPLITS", (*SPLITS, "held54"))
    monkeypatch.setattr(extraction, "run_doc", lambda *args: pytest.fail("the extractor ran on a queued split"))
    monkeypatch.setattr(sys, "argv", ["extraction.py", "--split", "held54"])
    with pytest.raises(SystemExit) as refused:
        extraction.main()
    assert refused.value.code == 2
    assert "held54 is frozen behind held53, the next judge" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["--split", "all"]])
def test_a_run_that_names_no_frozen_split_never_runs_one(monkeypatch, capsys, tmp_path, argv):
    """The default split was "all", frozen ones included: a run without --split judged the next set unseen. The
    default is "tuned" now, and "all" is refused while a split is frozen."""
    monkeypatch.setattr(extraction, "SPLITS", (*SPLITS, "held54"))  # held54: frozen (behind the next judge) in any case
    ran = []
    monkeypatch.setattr(extraction, "run_doc", lambda doc, *args: ran.append(doc["split"]) or pytest.skip("ran"))
    (tmp_path / "sources.json").write_text(json.dumps([{"id": "a", "split": "held54", "stored": False},
                                                       {"id": "b", "split": "dev", "stored": False}]))
    monkeypatch.setattr(extraction, "DATA", tmp_path)
    monkeypatch.setattr(sys, "argv", ["extraction.py", *argv])
    with pytest.raises((SystemExit, pytest.skip.Exception)) as stopped:
        extraction.main()
    if argv:
        assert stopped.type is SystemExit and stopped.value.code == 2 and ran == []
        assert "'all' would run" in (err := capsys.readouterr().err) and "held54, frozen until judged once" in err
    else:
        assert ran == ["dev"]
