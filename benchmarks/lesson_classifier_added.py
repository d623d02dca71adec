"""What the lesson classifier adds to the rules, leaving one split out, and whether its kinds are right (e-ml3).

    KB_THREADS=1 nice -n 10 .venv/bin/python benchmarks/lesson_classifier_added.py --threshold 0.5 0.6 0.7 0.8 \
        [--c 0.3] [--out results.json]

For every seen split, a hand-feature model fitted on all the other splits' candidates (``classifier_fit``'s
``fit_predict``, the shipped kind of model) scores that split's candidates; the decisions at each threshold are replayed
into the extraction (``classifier_candidates.replay``: the same figures as running the documents with that model). The
shipped model (``ingest/lesson_model.json``, with its per-language thresholds) is replayed the same way: on splits it
was not fitted on (held 26 and later) that is out of sample too. Each run is compared with the rules alone on the same
document: a lesson is *added* when the rules alone did not extract its text. Per language and group of splits it
reports the added lessons, how many of them match an annotation, how many of those carry the annotation's kind, and
the rules' own kind agreement on the documents where the model added something.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import classifier_fit
from benchmarks.classifier_candidates import candidates, replay, unfrozen
from benchmarks.extraction import DATA, SPLITS, DocResult, frozen, report, run_doc, summarise
from ingest import classify

GROUPS = {"all": None, "held26-29": ("held26", "held27", "held28", "held29"),
          **{s: (s,) for s in ("held26", "held27", "held28", "held29")}}


def added(model: DocResult, alone: DocResult) -> dict:
    """The lessons a model run extracted that the rules alone did not (by text), and how they match the annotations."""
    left = Counter(e["text"] for e in alone.extracted)
    new = []
    for j, e in enumerate(model.extracted):
        if left[e["text"]] > 0:
            left[e["text"]] -= 1
        else:
            new.append(j)
    annotation_of = {j: i for i, j in model.matches}
    right = [j for j in new if j in annotation_of]
    pairs = [(model.extracted[j]["kind"], model.annotated[annotation_of[j]]["kind"]) for j in right]
    rule_pairs = [(alone.extracted[j]["kind"], alone.annotated[i]["kind"]) for i, j in alone.matches] if new else []
    return {"added": len(new), "right": len(right), "kind_right": sum(a == b for a, b in pairs),
            "rules_matched": len(rule_pairs), "rules_kind_right": sum(a == b for a, b in rule_pairs),
            "kinds": Counter(f"{a}->{b}" for a, b in pairs)}


def tally(models: dict[str, DocResult], alone: dict[str, DocResult]) -> dict:
    """``added`` summed per group of splits and language."""
    out: dict = {}
    for name, splits in GROUPS.items():
        for lang in ("en", "zh"):
            total: Counter = Counter()
            kinds: Counter = Counter()
            ids = [i for i, r in models.items() if r.language == lang and (splits is None or r.split in splits)]
            for doc_id in ids:
                if models[doc_id].status == "ok":
                    one = added(models[doc_id], alone[doc_id])
                    kinds.update(one.pop("kinds"))
                    total.update(one)
            s = summarise([models[i] for i in ids])
            out[f"{name} {lang}"] = {**{k: s[k] for k in ("extracted", "matched", "precision", "recall")},
                                     **{k: total[k] for k in ("added", "right", "kind_right", "rules_matched",
                                                              "rules_kind_right")}, "kinds": dict(kinds.most_common())}
    return out


def decide_shipped(rows: list, doc_ids: list[str]) -> dict[str, list[str | None]]:
    """The shipped model's decision on each candidate, per document, as ingestion makes it."""
    model = classify.shipped()
    per_doc: dict[str, list[str | None]] = {}
    for doc_id, (_, c, _) in zip(doc_ids, rows):
        kind = classify.score(c, model)
        per_doc.setdefault(doc_id, []).append(kind.value if kind else None)
    return per_doc


def decide_refit(rows: list, doc_ids: list[str], thresholds: list[float]) -> dict[float, dict[str, list[str | None]]]:
    """Each split's candidates decided by a model fitted on every other split, at each threshold, per document."""
    out: dict[float, dict[str, list[str | None]]] = {t: {} for t in thresholds}
    for split in (s for s in SPLITS if not frozen(s)):
        test = [i for i, r in enumerate(rows) if r[0] == split]
        if not test:
            continue
        scored = classifier_fit.fit_predict([r for r in rows if r[0] != split], [rows[i] for i in test])
        for t in thresholds:
            for i, (p, best) in zip(test, scored):
                out[t].setdefault(doc_ids[i], []).append(best if p >= t else None)
        print(f"{split}: {len(test)} candidates scored", flush=True)
    return out


def replayed(sources: list[dict], decisions: dict[str, list[str | None]], alone: dict[str, DocResult],
             mirror: Path) -> dict[str, DocResult]:
    return {d["id"]: replay(d, decisions[d["id"]], mirror) if any(decisions.get(d["id"], [])) else alone[d["id"]]
            for d in sources}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, nargs="+", default=[0.5, 0.6, 0.7, 0.8])
    parser.add_argument("--c", type=float, default=classifier_fit.C, help="inverse regularisation strength of the refitted models")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    classifier_fit.C = args.c
    sources = unfrozen(json.loads((DATA / "sources.json").read_text(encoding="utf-8")))
    doc_ids: list[str] = []
    rows = candidates(sources, args.mirror, doc_ids)
    print(f"{len(rows)} candidates: " + ", ".join(f"{k} {v}" for k, v in Counter(r[2] for r in rows).most_common()))
    with classify.use(None):
        alone = {d["id"]: run_doc(d, args.mirror) for d in sources}
    runs = {"shipped": replayed(sources, decide_shipped(rows, doc_ids), alone, args.mirror)}
    for t, decisions in decide_refit(rows, doc_ids, args.threshold).items():
        runs[f"refit {t}"] = replayed(sources, decisions, alone, args.mirror)
    runs["rules alone"] = alone
    out = {"C": args.c, "report": {name: report(list(r.values())) for name, r in runs.items()},
           "added": {name: tally(r, alone) for name, r in runs.items()}}
    print_summary(out)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")


def print_summary(out: dict) -> None:
    print("\nrun | group lang | P / R (extracted, matched) | added / right / right kind | rules' kind agreement there")
    for name, groups in out["added"].items():
        for group, a in groups.items():
            print(f"{name} | {group} | {a['precision']} / {a['recall']} ({a['extracted']}, {a['matched']}) | "
                  f"{a['added']} / {a['right']} / {a['kind_right']} | {a['rules_kind_right']} / {a['rules_matched']}")


if __name__ == "__main__":
    main()
