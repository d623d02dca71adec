"""Old code on today's corpus, and two runs of one evaluation set compared query by query.

Issue 16's bars on ``corpus/eval`` (nDCG@10 0.788 - 0.01, cross-language Recall@10 0.75) were measured on the
corpus's 120 documents. To tell what the code lost from what the corpus changed, run the code of that time on
today's corpus. That code cannot read Word, PowerPoint or PDF, so ``markdown`` writes a copy of the corpus whose
twelve such documents are Markdown under their own keys (from ``scripts/corpus_office_text.py``, the text they were
made from); ``compare`` reads two ``kb eval --run-out`` files and gives the paired differences
(``benchmarks/stats.py``) overall and per query group. README, "Evaluation", has the commands and figures.

Usage:
    .venv/bin/python benchmarks/corpus_then.py markdown OUT
    .venv/bin/python benchmarks/corpus_then.py compare EVAL_DIR RUN_A RUN_B [--mode hybrid]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.stats import paired_difference
from search.evaluate import load_qrels, load_queries, ndcg, recall

TYPES = (("post", "post-mortem"), ("retro", "retrospective"), ("status", "status report"))


def quoted(value: object) -> str:
    """A YAML scalar or list as JSON writes it (titles hold colons)."""
    return json.dumps(value, ensure_ascii=False)


def markdown_document(doc: dict, folder_meta: dict[str, str]) -> str:
    """One office document of ``corpus_office_text.DOCUMENTS`` as Markdown with front matter (id = its key)."""
    name = Path(doc["path"]).name
    kind = next((t for cue, t in TYPES if cue in name), "other")
    lines = ["---", f"id: {doc['path']}", f"title: {quoted(doc['title'])}", f"date: {doc['date']}"]
    lines += [f"{key}: {value}" for key, value in folder_meta.items()]
    lines += [f"type: {kind}", f"tags: {quoted(doc.get('tags', []))}", f"authors: {quoted(doc['authors'])}", "---", "",
              f"# {doc['title']}", ""]
    if doc.get("subtitle"):
        lines += [doc["subtitle"], ""]
    for part, value in doc["parts"]:
        if part in ("h1", "h2"):
            lines += [("## " if part == "h1" else "### ") + value, ""]
        elif part in ("p", "bold"):
            lines += [f"**{value}**" if part == "bold" else value, ""]
        elif part == "ul":
            lines += ["  " * (level - 1) + f"- {text}" for level, text in value] + [""]
        elif part == "ol":
            lines += [f"{i}. {text}" for i, text in enumerate(value, 1)] + [""]
        elif part == "table":
            lines += ["| " + " | ".join(row) + " |" for row in value[:1]] + ["|" + " --- |" * len(value[0])]
            lines += ["| " + " | ".join(row) + " |" for row in value[1:]] + [""]
    return "\n".join(lines)  # speaker notes ("notes") are left out, as slides show none


def folder_meta(folder: Path) -> dict[str, str]:
    """The project and department a folder's Markdown documents name in their front matter."""
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for key in ("project", "department"):
            match = re.search(rf"^{key}: (.*)$", text, re.MULTILINE)
            if match and key not in found:
                found[key] = match.group(1)
    return found


def write_markdown_corpus(out: Path) -> int:
    """Copy corpus/ (without its evaluation sets) to ``out`` with the office documents as Markdown."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from corpus_office_text import DOCUMENTS

    shutil.copytree(ROOT / "corpus", out, ignore=shutil.ignore_patterns("eval", "eval-dev"))
    for doc in DOCUMENTS:
        target = out / doc["path"]
        target.unlink()
        target.with_name(target.name + ".md").write_text(markdown_document(doc, folder_meta(target.parent)),
                                                          encoding="utf-8")
    return len(DOCUMENTS)


def read_run(path: Path, mode: str) -> dict[str, list[str]]:
    """Query id -> documents in rank order, for one mode of a ``kb eval --run-out`` file."""
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        query, _, document, rank, _, tag = line.split()
        if tag.rsplit("-", 1)[-1] == mode:
            ranked[query].append((int(rank), document))
    return {query: [doc for _, doc in sorted(rows)] for query, rows in ranked.items()}


def compare(eval_dir: Path, run_a: Path, run_b: Path, mode: str) -> list[str]:
    """Lines of B - A per metric, overall and per query group, with the paired bootstrap interval."""
    qrels = load_qrels(eval_dir / "qrels.tsv")
    groups: dict[str, list[str]] = defaultdict(list)
    for query in load_queries(eval_dir / "queries.jsonl"):
        if query.id in qrels:
            groups["all"].append(query.id)
            groups[query.group or "-"].append(query.id)
    a, b = read_run(run_a, mode), read_run(run_b, mode)
    lines = []
    for name, metric in (("nDCG@10", ndcg), ("Recall@10", recall)):
        for group, ids in groups.items():
            score_a = {q: metric(a.get(q, []), qrels[q], 10) for q in ids}
            score_b = {q: metric(b.get(q, []), qrels[q], 10) for q in ids}
            d = paired_difference(score_b, score_a)
            lines.append(f"{name:9s} {group:6s} ({len(ids):3d}) A {sum(score_a.values()) / len(ids):.3f} "
                         f"B {sum(score_b.values()) / len(ids):.3f}  B-A {d['mean']:+.3f} "
                         f"({d['low']:+.3f} to {d['high']:+.3f}; B wins {d['wins']}, loses {d['losses']})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    md = commands.add_parser("markdown", help="a copy of corpus/ with its office documents as Markdown")
    md.add_argument("out", type=Path)
    cmp = commands.add_parser("compare", help="two kb eval run files, query by query")
    cmp.add_argument("eval_dir", type=Path)
    cmp.add_argument("run_a", type=Path)
    cmp.add_argument("run_b", type=Path)
    cmp.add_argument("--mode", default="hybrid", choices=("keyword", "semantic", "hybrid"))
    args = parser.parse_args()
    if args.command == "markdown":
        print(f"{write_markdown_corpus(args.out)} documents written as Markdown in {args.out}")
    else:
        print("\n".join(compare(args.eval_dir, args.run_a, args.run_b, args.mode)))


if __name__ == "__main__":
    main()
