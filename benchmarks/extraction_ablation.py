"""How lesson extraction fares on a genre whose headings the rules do not know, with and without content cues.

    .venv/bin/python benchmarks/extraction_ablation.py

The heading words added for the held 6 (students' personal final reports: "课程学习自我总结", "个人总结", "自评") and
held 8 (course 单元总结 posts: "关于BUG", "互测") genres are taken out of ``ingest.headings``, so those documents'
headings are unknown again, as a new genre's are; then the two splits are run with the content cues of
``ingest.cues`` switched off and on. Last, the cues alone: every Chinese document of the unfrozen splits, with no
heading or line label announcing a kind (narrative headings still stop lessons). Matching and scoring are those of
benchmarks/extraction.py. It is an indication, not a held-back measure: the cues were written after these documents
had been read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import extraction
from ingest import (
    builder,
    builder_items,
    builder_lessons,
    builder_paras,
    builder_passes,
    builder_rows,
    builder_sections,
    heading_shapes,
    headings,
    label_scans,
    line_shapes,
    line_split,
    list_scans,
    non_lessons,
    section_scans,
    structure,
)

# Each alternative the held 6 and held 8 genres added, taken out on its own: later rules were written between them
# (held 12's "bug与debug" stands between held 8's bug headings and stays in, as every other genre's words do).
HELD_WORDS = [r"|(自我|个人|课程|学习)(总结|小结)|^总结(与|和|及)(建议|反思|体会|展望|心得|收获|感想)|^(自评|自我评价)$",
              r"|^(关于)?bugs?$|^bug(分析|情况|修复)",
              r"|^(分析)?自己(的)?(程序)?的?bugs?(分析)?$|^互测(情况|结果|中的问题)?$"]
SPLITS = ("held6", "held8")
# The modules that read the structure (ingest/structure.py before it was split): a rule is switched off in each of
# them that uses it.
STRUCTURE_MODULES = (structure, builder, builder_items, builder_lessons, builder_paras, builder_passes, builder_rows,
                     builder_sections, heading_shapes, label_scans, line_shapes, line_split, list_scans, non_lessons,
                     section_scans)


def without_held_words() -> list[tuple[re.Pattern[str], str]]:
    """Take the held 6 / held 8 heading words out of the heading rules (each must be there to be taken out); the
    compiled rules that were in place, for ``restore_held_words``. The kinds named in other words (held 26's), compiled
    after the heading patterns, stay as they are."""
    patterns = []
    for pattern, kind in headings._HEADING_PATTERNS:
        for words in HELD_WORDS:
            pattern = pattern.replace(words, "")
        patterns.append((pattern, kind))
    removed = sum(len(p) for p, _ in headings._HEADING_PATTERNS) - sum(len(p) for p, _ in patterns)
    if removed != sum(len(w) for w in HELD_WORDS):
        raise SystemExit("the held 6 / held 8 heading words are no longer written as this script expects")
    real = list(headings._COMPILED)
    headings._COMPILED[:len(patterns)] = [(re.compile(p), k) for p, k in patterns]
    return real


def restore_held_words(real: list[tuple[re.Pattern[str], str]]) -> None:
    """Put back the compiled heading rules ``without_held_words`` changed."""
    headings._COMPILED[:] = real


def run(cues: bool) -> dict[str, dict]:
    real = replace({"cue_kind": lambda text: None, "judges": lambda text: True} if not cues else {})
    try:
        sources = json.loads((extraction.DATA / "sources.json").read_text(encoding="utf-8"))
        return {split: extraction.summarise([extraction.run_doc(doc, Path("/work/.mirror"))
                                             for doc in sources if doc["split"] == split]) for split in SPLITS}
    finally:
        restore(real)


def cues_alone() -> dict:
    """All Chinese documents with no heading or label announcing a lesson kind: what the cues find by themselves."""
    classify = headings.classify_heading

    def narrative_only(text: str) -> str | None:
        kind = classify(text)
        return kind if kind in (headings.NARRATIVE, headings.DRIVING_EVENT) else None

    real = replace({"classify_heading": narrative_only, "inline_label": lambda text: None})
    try:
        sources = json.loads((extraction.DATA / "sources.json").read_text(encoding="utf-8"))
        return extraction.summarise([extraction.run_doc(doc, Path("/work/.mirror")) for doc in seen_chinese(sources)])
    finally:
        restore(real)


def seen_chinese(sources: list[dict]) -> list[dict]:
    """The Chinese documents of the splits that may be run: a frozen split (``extraction.frozen``) never is."""
    return [doc for doc in sources if doc["language"] == "zh" and not extraction.frozen(doc["split"])]


def replace(rules: dict[str, Callable]) -> list[tuple[ModuleType, str, Callable]]:
    """Put each rule in place of the function of its name in every structure module that uses it; what was there."""
    real = [(module, name, getattr(module, name)) for name in rules for module in STRUCTURE_MODULES
            if hasattr(module, name)]
    for module, name, _ in real:
        setattr(module, name, rules[name])
    return real


def restore(real: list[tuple[ModuleType, str, Callable]]) -> None:
    """Put back the functions ``replace`` took out."""
    for module, name, function in real:
        setattr(module, name, function)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    alone = cues_alone()
    without_held_words()
    # Documents read of those listed: one whose mirror has not arrived is unavailable (compare like with like).
    print("split  cues  read  extracted  matched     P     R")
    for cues in (False, True):
        for split, s in run(cues).items():
            print(f"{split:<6} {'on' if cues else 'off':<5} {s['parsed']:>2}/{s['documents']:<2} {s['extracted']:>9} "
                  f"{s['matched']:>8} {s['precision'] or 0:>5.2f} {s['recall'] or 0:>5.2f}")
    print(f"cues alone, {alone['parsed']} of {alone['documents']} Chinese documents read: {alone['extracted']} extracted, "
          f"{alone['matched']} matched, P {alone['precision']:.2f}, R {alone['recall']:.2f}")


if __name__ == "__main__":
    main()
