"""A second query sample for lcqmc-dev's collection: other LCQMC questions asked of the same 15,917 questions, none
of them in a group of paraphrases that a lcqmc-dev query belongs to (so no query shares an answer with lcqmc-dev's),
to tell what a fusion does for short Chinese questions from what it does for lcqmc-dev's 250 (BENCHMARKS.md, "The
fusion by score, per leg").

    .venv/bin/python benchmarks/lcqmc_heldout.py OUT [--base ../evaldev/lcqmc-dev] [--queries 500] [--seed 16]
    KB_THREADS=1 .venv/bin/python benchmarks/baselines.py OUT --db STORE   # STORE: lcqmc-dev's store

The pairs are LCQMC's development split (Liu et al., COLING 2018; research use: ../shared/eval-dev/sources, read
where it is, never copied into the project), numbered and grouped as ../shared/eval-dev/build.py does: a question's
relevant documents are the other questions of its group of paraphrases (pairs labelled 1, taken transitively), the
query's own question is its ``self``. OUT gets ``queries.jsonl``, ``qrels.tsv`` and ``corpus``, a link to the base
set's documents.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SOURCE = SHARED / "eval-dev" / "sources" / "lcqmc-dev.txt"
BASE = SHARED.parent / "evaldev" / "lcqmc-dev"


def groups(pairs: list[tuple[str, str, str]]) -> tuple[dict[str, int], dict[int, int]]:
    """Each question's number (in order of first appearance) and its group's (the paraphrases of pairs labelled
    1, taken transitively: union-find)."""
    ids: dict[str, int] = {}
    for a, b, _ in pairs:
        for text in (a, b):
            ids.setdefault(text, len(ids))
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b, label in pairs:
        if label == "1":
            parent[find(ids[a])] = find(ids[b])
    return ids, {i: find(i) for i in ids.values()}


def held_out(pairs: list[tuple[str, str, str]], taken: set[int], queries: int, seed: int
             ) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """``queries`` questions that have a paraphrase, drawn once with ``seed`` from those outside every group of a
    ``taken`` question, with their judgements."""
    ids, group = groups(pairs)
    text = {i: s for s, i in ids.items()}
    members: dict[int, list[int]] = defaultdict(list)
    for i, g in group.items():
        members[g].append(i)
    used = {group[i] for i in taken}
    candidates = sorted({ids[a] for a, _, label in pairs if label == "1"} - taken)
    candidates = [i for i in candidates if group[i] not in used]
    picked = sorted(random.Random(seed).sample(candidates, min(queries, len(candidates))))
    rows = [{"_id": f"q-lcqmc-{i}", "text": text[i], "self": f"lcqmc-{i}"} for i in picked]
    qrels = [(f"q-lcqmc-{i}", f"lcqmc-{j}", 1) for i in picked for j in sorted(members[group[i]]) if j != i]
    return rows, qrels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the set's folder (made)")
    parser.add_argument("--source", type=Path, default=SOURCE, help="LCQMC's development pairs (TSV)")
    parser.add_argument("--base", type=Path, default=BASE, help="lcqmc-dev's folder (its queries are left out)")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    for path in (args.source, args.base / "queries.jsonl"):
        if not path.is_file():
            raise SystemExit(f"error: {path}: no such file")
    pairs = [tuple(line.rstrip("\n").split("\t")) for line in args.source.open(encoding="utf-8")]
    pairs = [p for p in pairs if len(p) == 3]
    taken = {int(json.loads(line)["_id"].rsplit("-", 1)[1])
             for line in (args.base / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()}
    rows, qrels = held_out(pairs, taken, args.queries, args.seed)  # type: ignore[arg-type]
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "queries.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    with (args.out / "qrels.tsv").open("w", encoding="utf-8") as f:
        f.write("query-id\tcorpus-id\tscore\n")
        f.writelines(f"{q}\t{d}\t{g}\n" for q, d, g in qrels)
    corpus = args.out / "corpus"
    if not corpus.exists():
        corpus.symlink_to((args.base / "corpus").resolve(), target_is_directory=True)
    print(f"{args.out}: {len(rows)} queries, {len(qrels)} judgements; documents: {corpus} -> {args.base / 'corpus'}")


if __name__ == "__main__":
    main()
