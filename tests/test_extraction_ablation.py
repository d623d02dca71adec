"""benchmarks/extraction_ablation.py switches rules off in every module of the structure reader, not only in
``ingest.structure``; benchmarks/classifier_candidates.py records the candidates where the builder scores them."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.classifier_candidates import candidates
from benchmarks.extraction import DATA
from benchmarks.extraction_ablation import (
    replace,
    restore,
    restore_held_words,
    seen_chinese,
    without_held_words,
)
from ingest.blocks import Block
from ingest.classify import Candidate
from ingest.headings import classify_heading
from ingest.structure import build_structure

# A Chinese reflection under a heading that announces nothing: a lesson by its own words only (``ingest.cues``).
CUED = [Block("heading", "项目过程", level=2),
        Block("para", "这次上线前没有做压力测试，导致第一天就出现了超时，我们意识到压测一定要提前做。")]
HEADED = [Block("heading", "Lessons learned", level=2), Block("item", "Size the staging database before the load test")]


def lessons(blocks: list[Block], reflective: bool = True) -> list[str]:
    return [lesson.text for lesson in build_structure(blocks, "项目总结", reflective=reflective).lessons]


def test_the_cues_switched_off_find_nothing_and_come_back():
    assert lessons(CUED)
    real = replace({"cue_kind": lambda text: None, "judges": lambda text: True})
    try:
        assert lessons(CUED) == []
    finally:
        restore(real)
    assert lessons(CUED)


def test_the_heading_rules_switched_off_leave_a_lessons_heading_unknown():
    # Not a look back (reflective=False): a heading's noun (``heading_shapes._heading_kind``) is not read either.
    assert lessons(HEADED, reflective=False) == ["Size the staging database before the load test"]
    real = replace({"classify_heading": lambda text: None, "inline_label": lambda text: None})
    try:
        assert lessons(HEADED, reflective=False) == []
    finally:
        restore(real)
    assert lessons(HEADED, reflective=False) == ["Size the staging database before the load test"]


def test_candidates_are_recorded_where_the_builder_scores_them():
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    doc = next(d for d in sources if d["id"] == "en-flutter-dev-outage-2023")
    rows = candidates([doc], Path("/nonexistent"))  # a stored document: no mirror needed
    assert rows and all(split == "dev" and isinstance(c, Candidate) for split, c, _ in rows)


def test_the_cues_alone_never_run_a_frozen_split():
    # The cues-alone run took every Chinese document of sources.json, the frozen held 30 (now held 32, and any later) among them.
    sources = [{"id": f"{language}-{split}", "language": language, "split": split}
               for split in ("dev", "held31", "held53", "held54") for language in ("zh", "en")]
    assert [doc["id"] for doc in seen_chinese(sources)] == ["zh-dev", "zh-held31"]


def test_the_held_6_and_8_heading_words_come_out_and_nothing_else():
    # The held 8 words stopped being one run of the pattern (held 12's "bug与debug" was written between them) and the
    # compiled rules grew held 26's kinds in other words: the script stopped, and its rewrite dropped those kinds.
    held = ["关于BUG", "互测情况", "分析自己程序的bug", "自评", "课程学习自我总结"]
    kept = {"bug与debug": "went_wrong", "Auto - evaluation": "lesson", "遗留问题": "went_wrong", "经验教训": "lesson"}
    assert all(classify_heading(h) for h in held)
    real = without_held_words()
    try:
        assert [classify_heading(h) for h in held] == [None] * len(held)
        assert {h: classify_heading(h) for h in kept} == kept
    finally:
        restore_held_words(real)
    assert all(classify_heading(h) for h in held)
