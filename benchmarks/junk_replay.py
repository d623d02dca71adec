"""Chinese junk by what its text is, and two filters for the largest groups replayed on history (BENCHMARKS.md,
"Chinese junk at first sight, by what it is (e-zhp)").

    .venv/bin/python benchmarks/junk_replay.py --groups              # today's unmatched Chinese lessons, grouped
    .venv/bin/python benchmarks/junk_replay.py --filter described    # design splits, then the replay splits, once

A group is read from the junk text alone (``group``, first rule that fits): a thank-you, a question, a metadata or
label line, a plan or schedule line, a definition, a feeling about time or the course, a report of work done, a bare
noun phrase, else other prose. The filters drop an extracted Chinese lesson without reading its document's words:

- ``described``: a report that states no evaluation: 20 Chinese characters or more, no stated kind
  (``ingest.cues.cue_kind``), not advice (``advised``), and none of the evaluating function words of ``EVALUATES``
  (negation, contrast, cause, modality, a problem, a gain, a lesson, degree);
- ``noun-list``: a bare phrase: at most 24 characters, no clause punctuation, no stated kind, no evaluating word.

Design splits are dev, dev2, held, held2 and held3 to held20; the replay splits held21 to held29 are judged once
with ``--filter``. Frozen splits are refused.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import DATA, match, run_doc
from benchmarks.first_sight import held_splits
from ingest.cues import advised, chinese, cue_kind

DESIGN = ["dev", "dev2", "held", "held2", *held_splits("held3", "held20")]
REPLAY = held_splits("held21", "held29")
EVALUATES = re.compile(r"不|没|未|无|但|却|虽|然而|可惜|遗憾|因为|由于|导致|所以|因此|原因|应|要|需|必须|建议|如果|假如"
                       r"|问题|困难|难|不足|缺|错|坑|bug|失败|成功|重要|关键|好|差|收获|学到|体会|认识到|明白|感受|经验"
                       r"|教训|更|太|过于|还|仍|才|只", re.IGNORECASE)
CLAUSE = re.compile(r"[。！？!?，,；;]")
GROUPS: list[tuple[str, re.Pattern[str]]] = [
    ("thanks or sign-off", re.compile(r"感谢|谢谢|感激|致谢")),
    ("question", re.compile(r"[？?]\s*$")),
    ("metadata or label line", re.compile(r"^\W*[^。，,：:]{1,8}[：:]\s*[^。，,]{0,16}$|^[^。，,]{1,8}$")),
    ("plan or schedule", re.compile(r"后续|下一步|计划|短期|中期|长期|未来|将会|会考虑|待改进|Day\s*\d|阶段[：:]|\d{4}[-/年]")),
    ("definition or course notes", re.compile(r"是一[种门个][^。]{0,20}(语言|框架|结构|方法|模式)|本质|指的是|称为|即是")),
    ("time, course or feeling", re.compile(r"时间.{0,4}(快|飞)|转眼|尾声|一学期|这门课|课程|难忘|开心|激动")),
    ("report of work done", re.compile(r"(完成|实现|负责|学习|搭建|开发|增加|新增|使用|采用|设计|编写|整合|制作|参与)了?")),
]


def group(text: str) -> str:
    """What a junk lesson's text is, by the first group of ``GROUPS`` that fits; bare phrases and other prose last."""
    for name, pattern in GROUPS:
        if pattern.search(text):
            return name
    return "bare phrase" if len(text) <= 24 and not CLAUSE.search(text) else "other prose"


def described(text: str) -> bool:
    """A Chinese report that states no evaluation (the ``described`` filter)."""
    return chinese(text, 20) and cue_kind(text) is None and not advised(text) and not EVALUATES.search(text)


def noun_list(text: str) -> bool:
    """A bare phrase that evaluates nothing (the ``noun-list`` filter)."""
    return len(text) <= 24 and not CLAUSE.search(text) and cue_kind(text) is None and not EVALUATES.search(text)


FILTERS: dict[str, Callable[[str], bool]] = {"described": described, "noun-list": noun_list}


def documents(splits: list[str], mirror: Path) -> list:
    """The parsed Chinese documents of ``splits`` (``benchmarks.extraction.run_doc``), the unavailable left out."""
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    runs = (run_doc(d, mirror) for d in sources if d["split"] in splits and d["language"] == "zh")
    return [r for r in runs if r.status == "ok"]


def groups_table(results: list) -> dict[str, list]:
    """Per group: [junk lessons, documents, splits] over the results' unmatched lessons."""
    rows: dict[str, list] = defaultdict(lambda: [0, set(), set()])
    for r in results:
        matched = {j for _, j in r.matches}
        for j, lesson in enumerate(r.extracted):
            if j not in matched:
                row = rows[group(lesson["text"])]
                row[0] += 1
                row[1].add(r.id)
                row[2].add(r.split)
    return {name: [n, len(docs), len(splits)] for name, (n, docs, splits) in
            sorted(rows.items(), key=lambda kv: -len(kv[1][1]))}


def replay_counts(result, keep: Callable[[str], bool]) -> tuple[int, int, int, int, int]:
    """(annotated, extracted, matched, extracted after the filter, matched after it) of one document."""
    kept = [e for e in result.extracted if not keep(e["text"])]
    after = match(result.annotated, kept)
    return len(result.annotated), len(result.extracted), len(result.matches), len(kept), len(after)


def _r(a: int, b: int) -> str:
    return f"{a / b:>6.2f}" if b else f"{'-':>6}"


def print_replay(results: list, keep: Callable[[str], bool], label: str) -> None:
    """Per split and in all: annotated, and extracted / matched / P / R without and with the filter."""
    rows: dict[str, list[int]] = {}
    for r in results:
        for key in (r.split, label):
            rows[key] = [a + b for a, b in zip(rows.get(key, [0] * 5), replay_counts(r, keep), strict=True)]
    for split, (ann, ext, got, ext2, got2) in rows.items():
        print(f"{split:<9}{ann:>5} | {ext:>5}{got:>6}{_r(got, ext)}{_r(got, ann)} | {ext2:>5}{got2:>6}"
              f"{_r(got2, ext2)}{_r(got2, ann)} | dropped {ext - ext2}, right lost {got - got2}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", action="store_true", help="group today's Chinese junk on design and replay splits")
    parser.add_argument("--filter", choices=sorted(FILTERS))
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    for name, splits in (("design", DESIGN), ("replay", REPLAY)):
        results = documents(splits, args.mirror)
        if args.groups:
            for row, (n, docs, n_splits) in groups_table(results).items():
                print(f"{name:<7}{row:<28}{n:>5} junk{docs:>5} docs{n_splits:>4} splits")
        if args.filter:
            print_replay(results, FILTERS[args.filter], name)


if __name__ == "__main__":
    main()
