"""Fit the kind model (``ingest.kinds``) on the annotated documents' matched lessons, and measure it leaving one split out.

    KB_THREADS=1 .venv/bin/python benchmarks/kind_model.py [--scope all unannounced] [--confidence 0 0.5 ...] [--c 0.3]
    KB_THREADS=1 .venv/bin/python benchmarks/kind_model.py --model ingest/kind_model.json --scope all --confidence 0 \
        --no-cv

Every document of the unfrozen splits is parsed with the rules' kinds (the kind model's place in ``ingest.builder``
records each lesson and keeps the rules' kind). A row is a matched pair (the benchmark's one-to-one match of an
extracted lesson to an annotation): the lesson, with its heading, its section's announced kind and the rules' kind,
labelled by the annotation's kind. For each split a model is fitted on the others' rows (``train`` of
``benchmarks/classifier_fit.py`` over ``ingest.kinds.kind_features``) and every lesson of that split, matched or
not, gets its kind from it in each variant (where it applies: ``--scope``; least probability: ``--confidence``). The
extraction benchmark's figures of lessons and kinds are then computed again: kind agreement of the matched pairs,
per-kind precision and recall, per split and language, beside the rules' kinds; and the confusion matrices (annotated
x extracted) of the rules and of each variant. Lessons are the same in every column: only their kinds change.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classifier_candidates import unfrozen
from benchmarks.classifier_fit import C, train
from benchmarks.extraction import DATA, KINDS, SPLITS, DocResult, frozen, report, run_doc
from ingest import kinds
from ingest.classify import Model
from ingest.kinds import SCOPES, KindCandidate, KindModel, kind_features
from kb.models import LessonKind

Doc = tuple[DocResult, list[KindCandidate]]
FOCUS = ("held26", "held27", "held28", "held29")


def collect(sources: list[dict], mirror: Path) -> list[Doc]:
    """Each document's result with the rules' kinds, and the kind model's view of each of its extracted lessons."""
    out = []
    recorder = KindModel(Model(("lesson",), (0.0,), {}, 0.0))
    for doc in sources:
        seen: list[KindCandidate] = []

        def record(candidate: KindCandidate, kind_model: KindModel, seen: list = seen) -> LessonKind:
            seen.append(candidate)
            return LessonKind(candidate.rule)

        with kinds.use(recorder), mock.patch("ingest.kinds.predict", record):
            result = run_doc(doc, mirror)
        if result.status == "ok" and len(seen) != len(result.extracted):  # a meeting's tasks only: no lessons kept
            seen = [s for s in seen if s.text in {e["text"] for e in result.extracted}]
        out.append((result, seen if len(seen) == len(result.extracted) else []))
    return out


def rows_of(docs: list[Doc]) -> list[tuple[str, KindCandidate, str]]:
    """(split, lesson, annotated kind) of every matched pair."""
    return [(r.split, seen[j], r.annotated[i]["kind"]) for r, seen in docs if seen for i, j in r.matches]


def rekinded(docs: list[Doc], kind_model: KindModel) -> list[DocResult]:
    """The documents' results with every lesson's kind as ``kind_model`` gives it."""
    out = []
    for r, seen in docs:
        if not seen:
            out.append(r)
            continue
        extracted = [{**e, "kind": kinds.predict(c, kind_model).value} for e, c in zip(r.extracted, seen)]
        out.append(dataclasses.replace(r, extracted=extracted))
    return out


def variants(scopes: list[str], confidences: list[float]) -> list[tuple[str, float]]:
    return [(s, t) for s in scopes for t in confidences]


def leave_one_out(docs: list[Doc], scopes: list[str], confidences: list[float], c: float) -> dict:
    """Each split's lessons kinded by a model fitted on the other splits' rows, in each variant: reports by variant."""
    rows = rows_of(docs)
    held: dict[tuple[str, float], list[DocResult]] = {v: [] for v in variants(scopes, confidences)}
    for split in (s for s in SPLITS if not frozen(s)):
        test = [d for d in docs if d[0].split == split]
        if not test:
            continue
        model = train([r for r in rows if r[0] != split], 0.0, kind_features, c)
        for scope, confidence in held:
            held[(scope, confidence)] += rekinded(test, KindModel(model, scope, confidence))
    return {v: (report(h), h) for v, h in held.items()}


def confusion(results: list[DocResult], language: str, splits: tuple[str, ...] | None = None) -> Counter:
    """(annotated kind, extracted kind) of the matched pairs of one language (and some splits)."""
    out: Counter = Counter()
    for r in results:
        if r.status == "ok" and r.language == language and (splits is None or r.split in splits):
            out.update((r.annotated[i]["kind"], r.extracted[j]["kind"]) for i, j in r.matches)
    return out


def print_confusion(counts: Counter, title: str) -> None:
    agree = sum(v for (a, b), v in counts.items() if a == b)
    print(f"\n{title}: kinds agree {agree} / {sum(counts.values())} (rows annotated, columns extracted)")
    print("annotated \\ extracted | " + " | ".join(KINDS))
    for a in KINDS:
        print(f"{a} | " + " | ".join(str(counts[(a, b)]) for b in KINDS))


def _kind(s: dict) -> str:
    if not s["matched"]:
        return "-"
    return f"{s['kind_agreement']:.3f} ({round(s['kind_agreement'] * s['matched'])}/{s['matched']})"


def print_tables(alone: dict, held: dict) -> None:
    names = [f"{scope} >= {t}" for scope, t in held]
    print("\nkind agreement of matched pairs, leaving one split out")
    print("split | lang | rules | " + " | ".join(names))
    for split in (*(s for s in SPLITS if not frozen(s)), "tuned"):
        for lang in ("en", "zh"):
            a = alone[split][lang]
            if a["matched"]:
                print(f"{split} | {lang} | {_kind(a)} | " + " | ".join(_kind(h[split][lang]) for h, _ in held.values()))
    for lang in ("en", "zh"):
        print(f"\nper kind, {lang}, tuned (P / R, annotated / extracted)")
        print("kind | rules | " + " | ".join(names))
        for k in KINDS:
            a = alone["tuned"][lang]["per_kind"][k]
            print(f"{k} | {_pk(a)} | " + " | ".join(_pk(h["tuned"][lang]["per_kind"][k]) for h, _ in held.values()))


def _pk(v: dict) -> str:
    p, r = v["precision"], v["recall"]
    return f"{'-' if p is None else f'{p:.2f}'} / {'-' if r is None else f'{r:.2f}'} ({v['annotated']}/{v['extracted']})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scope", choices=SCOPES, nargs="+", default=list(SCOPES),
                        help="where the model applies: every lesson, or only where no heading announced a kind")
    parser.add_argument("--confidence", type=float, nargs="+", default=[0.0],
                        help="least probability of the model's best kind for it to replace the rules'")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation strength")
    parser.add_argument("--model", type=Path, default=None,
                        help="write a model fitted on every unfrozen split here (the first scope and confidence)")
    parser.add_argument("--ship", type=str, nargs="*", default=[],
                        help="with --model: per-language thresholds written into it, e.g. en=2 (above 1: off)")
    parser.add_argument("--no-cv", action="store_true", help="only write --model")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=None, help="write the reports here")
    args = parser.parse_args()
    sources = unfrozen(json.loads((DATA / "sources.json").read_text(encoding="utf-8")))
    docs = collect(sources, args.mirror)
    rows = rows_of(docs)
    print(f"{len(rows)} matched pairs: " + ", ".join(f"{k} {v}" for k, v in Counter(r[2] for r in rows).most_common()))
    if args.model:
        ship = {lang: float(t) for lang, t in (pair.split("=") for pair in args.ship)}
        model = dataclasses.replace(train(rows, 0.0, kind_features, args.c), thresholds=ship)
        kind_model = KindModel(model, args.scope[0], args.confidence[0])
        args.model.write_text(json.dumps(kind_model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                              encoding="utf-8")
        print(f"wrote {args.model}: {len(model.weights)} features, {len(model.classes)} classes")
    if args.no_cv:
        return
    alone_results = [r for r, _ in docs]
    alone = report(alone_results)
    held = leave_one_out(docs, args.scope, args.confidence, args.c)
    print_tables(alone, {v: h for v, h in held.items()})
    for lang in ("en", "zh"):
        for splits, name in ((None, "tuned"), (FOCUS, "held26-29"), (("held28",), "held28"), (("held29",), "held29")):
            print_confusion(confusion(alone_results, lang, splits), f"{lang} {name}, rules")
            for (scope, t), (_, results) in held.items():
                print_confusion(confusion(results, lang, splits), f"{lang} {name}, model {scope} >= {t}")
    if args.out:
        args.out.write_text(json.dumps({"rules": alone, "held_out": {f"{s} {t}": h for (s, t), (h, _) in held.items()},
                                        "c": args.c}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
