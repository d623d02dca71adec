"""Fit the lesson classifier (``ingest.classify``) on the annotated documents, and measure it honestly.

    KB_THREADS=1 .venv/bin/python benchmarks/lesson_classifier.py [--threshold 0.5 0.7 ...] [--model out.json]

Every benchmark document (benchmarks/extraction/) is parsed with the classifier switched off; the paragraphs and items
the heading rules leave (the candidates ``ingest.structure`` would hand to ``ingest.classify``) are labelled by the
annotations: a candidate is a lesson of an annotated kind when it matches an annotation the rules' own lessons did not
(the benchmark's match: 70% of the annotation's character bigrams, 12% of the candidate's), else "none". A
multinomial logistic regression (scikit-learn) is fitted on them; the weights of features seen in fewer than
``MIN_COUNT`` candidates are left out.

It trains on all splits but one and runs the extraction benchmark on that one with that model, for every split and
each ``--threshold``: the figures of documents no model saw in training, printed beside the rules alone, per split and
language. Frozen splits (``extraction.frozen``: held53 and later) are neither fitted on nor run. ``--model`` writes a model fitted on every
split (JSON, ``Model.to_json``) with the first threshold and ``--ship``'s per-language ones; ingestion's is written so:

    KB_THREADS=1 .venv/bin/python benchmarks/lesson_classifier.py --model ingest/lesson_model.json --threshold 0.7 \
        --ship zh=2 --no-cv

``--features hand embed both`` (an experiment, e-emb) measures other models the same way, leaving one split out: over
the hand features (``ingest.classify.features``, the shipped kind), over the candidate's sentence embedding by the
default search model (``search.embedder``, loaded once, batched; vectors cached in ``--embed-cache`` so each text is
embedded once), or over both side by side. Each split's candidates are scored once per model and their decisions
replayed into the extraction (a document none of whose candidates is taken is the rules alone): the same figures as
running every document with the model, without parsing a document again per threshold. ``--junk-filter`` measures
instead a model that may only drop the rules' lessons (junk: a lesson that matches no annotation), fitted and measured
the same way on the rules' own output:

    KB_THREADS=1 nice -n 10 .venv/bin/python benchmarks/lesson_classifier.py --features hand embed both \
        --threshold 0.5 0.6 0.7 0.8 [--junk-filter]

This script runs them; the candidates and their replay are in ``benchmarks/classifier_candidates.py``, the models'
fits in ``benchmarks/classifier_fit.py``, and the leave-one-split-out runs in ``benchmarks/classifier_folds.py``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classifier_candidates import candidates, unfrozen
from benchmarks.classifier_fit import EMBED_CACHE, EMBED_SCALE, FEATURES, THRESHOLD, C, embed, train
from benchmarks.classifier_folds import cross_validate, cross_validate_features, junk_filter, lesson_rows
from benchmarks.extraction import DATA, SPLITS, frozen, print_table, report, run_doc
from ingest import classify
from ingest.classify import Candidate

_CJK = re.compile(r"[\u3400-\u9fff]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None, help="write a model fitted on every split here")
    parser.add_argument("--threshold", type=float, nargs="+", default=[THRESHOLD],
                        help="P(lesson) thresholds to measure (each split's model is fitted once)")
    parser.add_argument("--ship", type=str, nargs="*", default=[],
                        help="with --model: per-language thresholds written into it, e.g. en=0.6 zh=2 (2: off)")
    parser.add_argument("--no-cv", action="store_true", help="only write --model")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=None, help="write the reports here")
    parser.add_argument("--features", choices=FEATURES, nargs="+", default=None,
                        help="measure models over these features leaving one split out (hand: the shipped kind; embed: "
                             "the candidate's sentence embedding; both), each split's decisions replayed")
    parser.add_argument("--junk-filter", action="store_true",
                        help="with --features: measure a model that may only drop the rules' lessons instead")
    parser.add_argument("--embed-cache", type=Path, default=EMBED_CACHE, help="embeddings of candidate texts kept here")
    args = parser.parse_args()
    sources = unfrozen(json.loads((DATA / "sources.json").read_text(encoding="utf-8")))
    if args.junk_filter:
        args.features = args.features or ["hand"]
        junk_compare(sources, args)
        return
    doc_ids: list[str] = []
    rows = candidates(sources, args.mirror, doc_ids)
    labels = Counter(label for _, _, label in rows)
    print(f"{len(rows)} candidates: " + ", ".join(f"{k} {v}" for k, v in labels.most_common()))
    if args.model:
        ship = {lang: float(t) for lang, t in (pair.split("=") for pair in args.ship)}
        model = dataclasses.replace(train(rows), threshold=args.threshold[0], thresholds=ship)
        if ship.get("zh", 0.0) > 1.0:  # Chinese candidates are not read: their words and character pairs weigh nothing
            model = dataclasses.replace(model, weights={k: v for k, v in model.weights.items() if not _CJK.search(k)})
        args.model.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                              encoding="utf-8")
        print(f"wrote {args.model}: {len(model.weights)} features, {len(model.classes)} classes")
    if args.no_cv:
        return
    if args.features:
        compare(sources, rows, doc_ids, args)
        return
    held, alone = cross_validate(sources, rows, args.mirror, args.threshold)
    print("\n#### rules alone")
    print_table(alone, "all")
    for t, h in held.items():
        print(f"\n#### rules + classifier at P(lesson) >= {t}, each split scored by a model trained without it")
        print_table(h, "all")
    print("\nsplit | lang | rules alone P / R (extracted, matched) | " + " | ".join(
        f"leave-one-split-out at {t}" for t in held))
    for split in (*(s for s in SPLITS if not frozen(s)), "all"):
        for lang in ("en", "zh"):
            a = alone[split][lang]
            if a["parsed"]:
                print(f"{split} | {lang} | {_pr(a)} | " + " | ".join(_pr(h[split][lang]) for h in held.values()))
    if args.out:
        args.out.write_text(json.dumps({"held_out": {str(t): h for t, h in held.items()}, "rules_alone": alone},
                                       indent=1), encoding="utf-8")


def junk_compare(sources: list[dict], args: argparse.Namespace) -> None:
    """``--junk-filter``: the rules alone and the rules with each kind of junk filter, leaving one split out."""
    with classify.use(None):
        results = [run_doc(d, args.mirror) for d in sources]
    rows = lesson_rows(results)
    print(f"{len(rows)} rule lessons: " + ", ".join(f"{k} {v}" for k, v in Counter(r[2] for r in rows).most_common()))
    vectors = None
    if set(args.features) & {"embed", "both"}:
        vectors = embed([c.text.strip() for _, c, _ in rows], args.embed_cache)
    held = junk_filter(results, args.threshold, args.features, vectors)
    _table(report(results), held, [(k, t) for k in args.features for t in args.threshold], "drop at P(junk) >=")
    if args.out:
        args.out.write_text(json.dumps({"junk_filter": {k: {str(t): h for t, h in by_t.items()} for k, by_t in held.items()},
                                        "rules_alone": report(results), "embed_scale": EMBED_SCALE, "C": C}, indent=1),
                            encoding="utf-8")


def _table(alone: dict, held: dict, columns: list[tuple[str, float]], label: str = "at") -> None:
    print("\nsplit | lang | rules alone P / R (extracted, matched) | " + " | ".join(f"{k} {label} {t}" for k, t in columns))
    for split in (*(s for s in SPLITS if not frozen(s)), "all"):
        for lang in ("en", "zh"):
            a = alone[split][lang]
            if a["parsed"]:
                print(f"{split} | {lang} | {_pr(a)} | " + " | ".join(_pr(held[k][t][split][lang]) for k, t in columns))


def compare(sources: list[dict], rows: list[tuple[str, Candidate, str]], doc_ids: list[str],
            args: argparse.Namespace) -> None:
    """``--features``: the rules alone and each kind of model at each threshold, leaving one split out."""
    vectors = None
    if set(args.features) & {"embed", "both"}:
        vectors = embed([c.text.strip() for _, c, _ in rows], args.embed_cache)
        print(f"{len(vectors)} candidates embedded ({args.embed_cache})")
    held, alone = cross_validate_features(sources, rows, doc_ids, args.mirror, args.threshold, args.features, vectors)
    _table(alone, held, [(k, t) for k in args.features for t in args.threshold])
    if args.out:
        args.out.write_text(json.dumps({"features": {k: {str(t): h for t, h in by_t.items()} for k, by_t in held.items()},
                                        "rules_alone": alone, "embed_scale": EMBED_SCALE, "C": C}, indent=1),
                            encoding="utf-8")


def _pr(s: dict) -> str:
    return f"{s['precision']} / {s['recall']} ({s['extracted']}, {s['matched']})"


if __name__ == "__main__":
    main()
