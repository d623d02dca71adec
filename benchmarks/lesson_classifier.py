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
language. Frozen splits (held29 and later; held28 was judged) are neither fitted on nor run. ``--model`` writes a model fitted on every
split (JSON, ``Model.to_json``) with the first threshold and ``--ship``'s per-language ones; ingestion's is written so:

    KB_THREADS=1 .venv/bin/python benchmarks/lesson_classifier.py --model ingest/lesson_model.json --threshold 0.7 \
        --ship zh=2 --no-cv
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from collections import Counter
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction import DATA, SPLITS, bigrams, frozen, print_table, report, run_doc
from ingest import classify
from ingest.classify import NONE, Candidate, Model, features

_CJK = re.compile(r"[\u3400-\u9fff]")
MIN_COUNT = 2
C = 0.3  # inverse regularisation strength
THRESHOLD = 0.5


def _label(candidate: Candidate, annotations: list[dict], taken: set[int]) -> str:
    grams = bigrams(candidate.text)
    best, label = 0.0, NONE
    for i, ann in enumerate(annotations):
        if i in taken:
            continue
        a = bigrams(ann["text"])
        if not a or not grams:
            continue
        common = len(a & grams)
        cover, density = common / len(a), common / len(grams)
        if cover >= 0.7 and density >= 0.12 and cover + density > best:
            best, label = cover + density, ann["kind"]
    return label


def unfrozen(sources: list[dict]) -> list[dict]:
    """The documents a model may be fitted on and measured with: frozen splits (held29 and later) are kept unseen."""
    return [d for d in sources if not frozen(d["split"])]


def candidates(sources: list[dict], mirror: Path) -> list[tuple[str, Candidate, str]]:
    """(split, candidate, label) of every document, with the classifier off."""
    out = []
    for doc in sources:
        seen: list[Candidate] = []

        def record(candidate: Candidate, model: Model, seen: list[Candidate] = seen) -> None:
            seen.append(candidate)

        with classify.use(Model((NONE,), (0.0,), {}, 1.0)), mock.patch("ingest.structure.score", record):
            result = run_doc(doc, mirror)
        taken = {i for i, _ in result.matches}
        out += [(doc["split"], c, _label(c, result.annotated, taken)) for c in seen]
    return out


def train(rows: list[tuple[str, Candidate, str]], threshold: float = THRESHOLD) -> Model:
    """A multinomial logistic regression over the candidates' features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [features(c) for _, c, _ in rows]
    counts = Counter(name for names in feats for name in set(names))
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{n: 1.0 for n in names if counts[n] >= MIN_COUNT} for names in feats]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")
    column = {name: i for i, name in enumerate(vectorizer.get_feature_names_out())}
    y = [label for _, _, label in rows]
    fit = LogisticRegression(C=C, max_iter=2000).fit(x, y)
    classes = tuple(str(k) for k in fit.classes_)
    coef = fit.coef_ if len(classes) > 2 else [-fit.coef_[0], fit.coef_[0]]
    bias = fit.intercept_ if len(classes) > 2 else [-fit.intercept_[0], fit.intercept_[0]]
    weights = {}
    for name, i in column.items():
        row = tuple(round(float(c[i]), 4) for c in coef)
        if any(abs(v) >= 1e-3 for v in row):
            weights[name] = row
    return Model(classes, tuple(round(float(b), 4) for b in bias), weights, threshold)


def cross_validate(sources: list[dict], rows: list[tuple[str, Candidate, str]], mirror: Path,
                   thresholds: list[float]) -> tuple[dict[float, dict], dict]:
    """Each split run with a model trained on all the others, at each threshold (both languages); and the rules
    alone, for comparison."""
    held: dict[float, list] = {t: [] for t in thresholds}
    alone = []
    for split in (s for s in SPLITS if not frozen(s)):
        docs = [d for d in sources if d["split"] == split]
        if not docs:
            continue
        model = train([r for r in rows if r[0] != split])
        for t in thresholds:
            with classify.use(dataclasses.replace(model, threshold=t, thresholds={})):
                held[t] += [run_doc(d, mirror) for d in docs]
        with classify.use(None):
            alone += [run_doc(d, mirror) for d in docs]
    return {t: report(h) for t, h in held.items()}, report(alone)


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
    args = parser.parse_args()
    sources = unfrozen(json.loads((DATA / "sources.json").read_text(encoding="utf-8")))
    rows = candidates(sources, args.mirror)
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


def _pr(s: dict) -> str:
    return f"{s['precision']} / {s['recall']} ({s['extracted']}, {s['matched']})"


if __name__ == "__main__":
    main()
