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
language. Frozen splits (``extraction.frozen``: held30 and later) are neither fitted on nor run. ``--model`` writes a model fitted on every
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
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extraction import (
    DATA,
    SPLITS,
    DocResult,
    bigrams,
    frozen,
    match,
    print_table,
    report,
    run_doc,
)
from ingest import classify
from ingest.classify import NONE, Candidate, Model, features
from kb.models import LessonKind

_CJK = re.compile(r"[\u3400-\u9fff]")
MIN_COUNT = 2
C = 0.3  # inverse regularisation strength
THRESHOLD = 0.5
FEATURES = ("hand", "embed", "both")
# Embeddings are unit vectors; times this, their norm is about that of a candidate's active hand features' (some tens of
# ones), so that one regularisation strength (C) suits both.
EMBED_SCALE = 8.0
EMBED_CACHE = Path("/tmp/lesson-classifier-embeddings.npz")


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


def candidates(sources: list[dict], mirror: Path,
               doc_ids: list[str] | None = None) -> list[tuple[str, Candidate, str]]:
    """(split, candidate, label) of every document, with the classifier off, in document order (``doc_ids``: the id of
    each row's document is appended there)."""
    out = []
    for doc in sources:
        seen: list[Candidate] = []

        def record(candidate: Candidate, model: Model, seen: list[Candidate] = seen) -> None:
            seen.append(candidate)

        with classify.use(Model((NONE,), (0.0,), {}, 1.0)), mock.patch("ingest.builder_passes.score", record):
            result = run_doc(doc, mirror)
        taken = {i for i, _ in result.matches}
        out += [(doc["split"], c, _label(c, result.annotated, taken)) for c in seen]
        if doc_ids is not None:
            doc_ids += [doc["id"]] * len(seen)
    return out


def embed(texts: list[str], cache: Path = EMBED_CACHE, encode=None):
    """Unit vectors of texts by the default search model, each text embedded once ever: vectors are kept in ``cache``
    by the SHA-1 of their text. ``encode``: texts -> vectors (default: ``search.embedder``'s model, loaded once)."""
    import numpy as np

    texts = [t.encode("utf-8", "surrogatepass").decode("utf-8", "replace") for t in texts]  # PDFs' lone surrogates
    keys = [hashlib.sha1(t.encode("utf-8")).hexdigest() for t in texts]
    store = dict(np.load(cache)) if cache.exists() else {}
    missing = dict(zip(keys, texts))
    missing = {k: t for k, t in missing.items() if k not in store}
    if missing:
        if encode is None:
            from search.embedder import get_embedder

            encode = get_embedder(threads=int(os.environ.get("KB_THREADS") or 1)).encode
        vectors = encode(list(missing.values()))
        store.update(zip(missing, vectors))
        np.savez(cache, **store)
    return np.stack([store[k] for k in keys]).astype("float32")


def fit_predict(train_rows: list[tuple[str, Candidate, str]], test_rows: list[tuple[str, Candidate, str]],
                kind: str = "hand", train_vectors=None, test_vectors=None) -> list[tuple[float, str]]:
    """(P(some lesson), likeliest lesson kind) of each test candidate by a model fitted on the training ones: over the
    hand features (``train``, as ``ingest.classify.score`` reads it), the embeddings, or both."""
    if kind == "hand":
        model = train(train_rows)
        out = []
        for _, c, _ in test_rows:
            probs = model.probabilities(features(c))
            out.append((1.0 - probs.get(NONE, 0.0), max((k for k in model.classes if k != NONE), key=probs.__getitem__)))
        return out
    if kind not in FEATURES:
        raise ValueError(f"features {kind!r}: one of {', '.join(FEATURES)}")
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    x_train = sparse.csr_matrix(np.asarray(train_vectors) * EMBED_SCALE)
    x_test = sparse.csr_matrix(np.asarray(test_vectors) * EMBED_SCALE)
    if kind == "both":
        feats = [features(c) for _, c, _ in train_rows]
        counts = Counter(name for names in feats for name in set(names))
        vectorizer = DictVectorizer()
        hand = vectorizer.fit_transform([{n: 1.0 for n in names if counts[n] >= MIN_COUNT} for names in feats])
        x_train = sparse.hstack([hand, x_train]).tocsr()
        x_test = sparse.hstack([vectorizer.transform([dict.fromkeys(features(c), 1.0) for _, c, _ in test_rows]),
                                x_test]).tocsr()
    fit = LogisticRegression(C=C, max_iter=2000).fit(x_train, [label for _, _, label in train_rows])
    classes = [str(k) for k in fit.classes_]
    out = []
    for row in fit.predict_proba(x_test):
        probs = dict(zip(classes, row))
        out.append((1.0 - probs.get(NONE, 0.0), max((k for k in classes if k != NONE), key=probs.__getitem__)))
    return out


def replay(doc: dict, decisions: list[str | None], mirror: Path) -> DocResult:
    """Run a document with its candidates taken or not as ``decisions`` say (a lesson kind or None each, in the order
    ``ingest.structure`` scores them): what running it with the model that made them gives."""
    left = iter(decisions)

    def decide(candidate: Candidate, model: Model) -> LessonKind | None:
        kind = next(left)
        return LessonKind(kind) if kind else None

    with classify.use(Model((NONE,), (0.0,), {}, 1.0)), mock.patch("ingest.builder_passes.score", decide):
        result = run_doc(doc, mirror)
    if next(left, "end") != "end":
        raise RuntimeError(f"{doc['id']}: fewer candidates than when they were collected")
    return result


def cross_validate_features(sources: list[dict], rows: list[tuple[str, Candidate, str]], doc_ids: list[str],
                            mirror: Path, thresholds: list[float], kinds: list[str],
                            vectors=None) -> tuple[dict[str, dict[float, dict]], dict]:
    """Each split scored by a model of each kind fitted on all the other splits, at each threshold, and the rules
    alone: reports by kind and threshold."""
    import numpy as np

    with classify.use(None):
        alone = {d["id"]: run_doc(d, mirror) for d in sources}
    held: dict[str, dict[float, list]] = {k: {t: [] for t in thresholds} for k in kinds}
    for split in (s for s in SPLITS if not frozen(s)):
        docs = [d for d in sources if d["split"] == split]
        if not docs:
            continue
        test = [i for i, r in enumerate(rows) if r[0] == split]
        fit = [i for i, r in enumerate(rows) if r[0] != split]
        for kind in kinds:
            scored = fit_predict([rows[i] for i in fit], [rows[i] for i in test], kind,
                                 None if vectors is None else np.asarray(vectors)[fit],
                                 None if vectors is None else np.asarray(vectors)[test])
            for t in thresholds:
                per_doc: dict[str, list[str | None]] = {}
                for i, (p, best) in zip(test, scored):
                    per_doc.setdefault(doc_ids[i], []).append(best if p >= t else None)
                for d in docs:
                    decisions = per_doc.get(d["id"], [])
                    held[kind][t].append(replay(d, decisions, mirror) if any(decisions) else alone[d["id"]])
    return ({k: {t: report(h) for t, h in by_t.items()} for k, by_t in held.items()},
            report(list(alone.values())))


def train(rows: list[tuple[str, Any, str]], threshold: float = THRESHOLD,
          featurize: Callable[[Any], list[str]] = features, c: float = C) -> Model:
    """A multinomial logistic regression over the candidates' features (``featurize``: ``ingest.classify.features``,
    or another model's, such as ``ingest.kinds.kind_features``; ``c``: the inverse regularisation strength)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [featurize(candidate) for _, candidate, _ in rows]
    counts = Counter(name for names in feats for name in set(names))
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([{n: 1.0 for n in names if counts[n] >= MIN_COUNT} for names in feats]).tocsr()
    x.indices, x.indptr = x.indices.astype("int32"), x.indptr.astype("int32")
    column = {name: i for i, name in enumerate(vectorizer.get_feature_names_out())}
    y = [label for _, _, label in rows]
    fit = LogisticRegression(C=c, max_iter=2000).fit(x, y)
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


JUNK = "junk"


def lesson_rows(results: list[DocResult]) -> list[tuple[str, Candidate, str]]:
    """(split, the rule lesson as a candidate, "junk" or "none") of every lesson the rules extracted, in order: junk
    when it matches no annotation. A lesson carries only its text, its kind (as the section's) and how many lessons its
    document has; the rest of a candidate's place is unknown here."""
    out = []
    for r in results:
        if r.status != "ok":
            continue
        matched = {e for _, e in r.matches}
        for i, lesson in enumerate(r.extracted):
            c = Candidate(text=lesson["text"], block="lesson", depth=0, heading="", section_kind=lesson["kind"],
                          heading_level=0, title="", reflective=False, position=0.0,
                          doc_lessons=len(r.extracted), section_lessons=0)
            out.append((r.split, c, NONE if i in matched else JUNK))
    return out


def junk_filter(results: list[DocResult], thresholds: list[float], kinds: list[str],
                vectors=None) -> dict[str, dict[float, dict]]:
    """A second model that may only drop the rules' lessons: each split's lessons scored by a model fitted on the
    other splits' (junk: matches no annotation); those at P(junk) >= each threshold are dropped and the rest matched
    again. Reports by kind and threshold."""
    import numpy as np

    rows = lesson_rows(results)
    owner = [r.id for r in results if r.status == "ok" for _ in r.extracted]
    held: dict[str, dict[float, list]] = {k: {t: [] for t in thresholds} for k in kinds}
    for split in (s for s in SPLITS if not frozen(s)):
        test = [i for i, r in enumerate(rows) if r[0] == split]
        docs = [r for r in results if r.split == split]
        if not docs:
            continue
        fit = [i for i, r in enumerate(rows) if r[0] != split]
        for kind in kinds:
            scored = fit_predict([rows[i] for i in fit], [rows[i] for i in test], kind,
                                 None if vectors is None else np.asarray(vectors)[fit],
                                 None if vectors is None else np.asarray(vectors)[test]) if test else []
            for t in thresholds:
                drop: dict[str, list[bool]] = {}
                for i, (p, _) in zip(test, scored):
                    drop.setdefault(owner[i], []).append(p >= t)
                for r in docs:
                    gone = drop.get(r.id, [])
                    if not any(gone):
                        held[kind][t].append(r)
                        continue
                    kept = [e for e, g in zip(r.extracted, gone) if not g]
                    held[kind][t].append(dataclasses.replace(r, extracted=kept, matches=match(r.annotated, kept)))
    return {k: {t: report(h) for t, h in by_t.items()} for k, by_t in held.items()}


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
