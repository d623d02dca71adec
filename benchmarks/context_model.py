"""Context embeddings for the lesson classifier, measured in time order (e-zhml).

    KB_THREADS=1 nice -n 10 .venv/bin/python benchmarks/context_model.py [--lang zh en] [--out results.json]

A model per language, fitted on that language's candidates alone (``classifier_context``: the blocks the heading rules
leave), over the candidate's sentence embedding, its section heading's (the title's where it has none), the mean of its
neighbours' in the section, and the hand features (``ingest.classify.features``), in a few combinations and two scales
of the embedding columns. In time order, because what counts is how a model carries to documents nobody has read:

1. choice: every combination, scale and threshold measured on held3-held20 alone, leaving one split out inside them
   (each split's decisions replayed into the extraction: ``classifier_candidates.replay``); the setting chosen by
   ``choose``'s rule, fixed before step 2;
2. judge: that setting (and the hand features alone, for reference) fitted on all of held3-held20 scores held21-held29
   once;
3. pooled: the chosen setting leaving one split out over all of held3-held29.

``--pooled NAME ...`` runs instead step 3 alone for the settings named (``settings``: "text+head+nbr x8", "hand", ...), at
every threshold: how each does with the most training data, leaving one split out over held3-held29 (no choice in it).

Frozen splits (held53 and later) are never read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.classifier_candidates import replay, unfrozen
from benchmarks.classifier_context import Context, collect, fit_predict, vectors
from benchmarks.extraction import DATA, DocResult, run_doc, summarise
from benchmarks.lesson_classifier_added import added
from ingest import classify

CHOOSE = tuple(f"held{n}" for n in range(3, 21))
JUDGE = tuple(f"held{n}" for n in range(21, 30))
COMBOS = {"zh": {"hand": ("hand",), "text": ("text",), "text+head": ("text", "head"),
                 "text+head+nbr": ("text", "head", "nbr"), "text+head+nbr+hand": ("text", "head", "nbr", "hand")},
          "en": {"hand": ("hand",), "text+head": ("text", "head"), "text+head+hand": ("text", "head", "hand")}}
SCALES = (8.0, 4.0)  # embeddings are unit vectors: times 8 their norm is about a candidate's hand features' (e-emb)
C = 0.3
THRESHOLDS = (0.5, 0.6, 0.7, 0.8)
BAR = 0.82  # what the model adds must be at least this right: today's Chinese precision


def settings(lang: str) -> dict[str, tuple[tuple[str, ...], float]]:
    """name -> (parts, embedding scale); the hand features alone have no scale."""
    out = {}
    for name, parts in COMBOS[lang].items():
        for scale in ((0.0,) if parts == ("hand",) else SCALES):
            out[name if not scale else f"{name} x{scale:g}"] = (parts, scale)
    return out


class Runs:
    """The documents of one language, their rules-alone runs, and replays cached by their decisions."""

    def __init__(self, sources: list[dict], mirror: Path) -> None:
        self.docs = {d["id"]: d for d in sources}
        self.mirror = mirror
        with classify.use(None):
            self.alone = {d["id"]: run_doc(d, mirror) for d in sources}
        self.cache: dict[tuple, DocResult] = {}

    def run(self, doc_id: str, decisions: list[str | None]) -> DocResult:
        if not any(decisions):
            return self.alone[doc_id]
        key = (doc_id, tuple(decisions))
        if key not in self.cache:
            self.cache[key] = replay(self.docs[doc_id], decisions, self.mirror)
        return self.cache[key]

    def measure(self, ctx: Context, scored: dict[int, tuple[float, str]], splits: tuple[str, ...],
                threshold: float) -> dict:
        """Per split and pooled: P / R, extracted / matched, and what the model added / of it right."""
        per_doc: dict[str, list[str | None]] = {}
        for i in sorted(scored):
            p, kind = scored[i]
            per_doc.setdefault(ctx.doc_ids[i], []).append(kind if p >= threshold else None)
        docs = [i for i, d in self.docs.items() if d["split"] in splits]
        results = {i: self.run(i, per_doc.get(i, [])) for i in docs}
        return figures(results, self.alone, splits)


def figures(results: dict[str, DocResult], alone: dict[str, DocResult], splits: tuple[str, ...]) -> dict:
    """P / R and added / right per split and over them all."""
    out = {}
    for split in (*splits, "pooled"):
        ids = [i for i, r in results.items() if split == "pooled" or r.split == split]
        if not ids:
            continue
        s = summarise([results[i] for i in ids])
        add = [added(results[i], alone[i]) for i in ids if results[i].status == "ok"]
        out[split] = {**{k: s[k] for k in ("extracted", "matched", "annotated", "precision", "recall")},
                      "added": sum(a["added"] for a in add), "right": sum(a["right"] for a in add)}
    return out


def leave_one_out(ctx: Context, vecs: dict, lang: str, splits: tuple[str, ...], parts: tuple[str, ...],
                  scale: float) -> dict[int, tuple[float, str]]:
    """Each split's candidates (of ``lang``) scored by a model fitted on the other ``splits``' candidates."""
    mine = [i for i, (s, _, _) in enumerate(ctx.rows) if ctx.languages[i] == lang and s in splits]
    scored: dict[int, tuple[float, str]] = {}
    for split in splits:
        test = [i for i in mine if ctx.rows[i][0] == split]
        if test:
            train = [i for i in mine if ctx.rows[i][0] != split]
            scored.update(zip(test, fit_predict(ctx.rows, train, test, vecs, parts, scale, C)))
    return scored


def fitted_on(ctx: Context, vecs: dict, lang: str, train_splits: tuple[str, ...], test_splits: tuple[str, ...],
              parts: tuple[str, ...], scale: float) -> dict[int, tuple[float, str]]:
    """``test_splits``' candidates scored once by a model fitted on all of ``train_splits``'."""
    def of(splits):
        return [i for i, (s, _, _) in enumerate(ctx.rows) if ctx.languages[i] == lang and s in splits]
    test = of(test_splits)
    return dict(zip(test, fit_predict(ctx.rows, of(train_splits), test, vecs, parts, scale, C)))


def choose(table: dict[str, dict[str, dict]], alone: dict) -> tuple[str, str]:
    """The rule fixed before the judge: among the settings whose additions on held3-20 are at least ``BAR`` right and
    cost no split more than 0.02 of precision, the one that matches most more; if none, the one whose additions are
    the most often right (at least 5 added)."""
    def ok(fig: dict) -> bool:
        p = fig["pooled"]
        worst = min(((fig[s]["precision"] or 0) - (alone[s]["precision"] or 0) for s in fig if s != "pooled"), default=0)
        return p["added"] > 0 and p["right"] / p["added"] >= BAR and worst >= -0.02
    cells = [(name, t, fig) for name, by_t in table.items() for t, fig in by_t.items()]
    good = [c for c in cells if ok(c[2])]
    if good:
        best = max(good, key=lambda c: (c[2]["pooled"]["matched"], -c[2]["pooled"]["added"]))
    else:
        some = [c for c in cells if c[2]["pooled"]["added"] >= 5] or cells
        best = max(some, key=lambda c: (c[2]["pooled"]["right"] / max(c[2]["pooled"]["added"], 1), c[2]["pooled"]["right"]))
    return best[0], best[1]


def language_run(ctx: Context, vecs: dict, lang: str, runs: Runs) -> dict:
    """Steps 1-3 for one language."""
    alone = figures(runs.alone, runs.alone, CHOOSE + JUDGE)
    table: dict[str, dict[str, dict]] = {}
    for name, (parts, scale) in settings(lang).items():
        scored = leave_one_out(ctx, vecs, lang, CHOOSE, parts, scale)
        table[name] = {str(t): runs.measure(ctx, scored, CHOOSE, t) for t in THRESHOLDS}
        print(f"{lang} choice {name}: " + "; ".join(_brief(f["pooled"]) + f" at {t}" for t, f in table[name].items()),
              flush=True)
    name, t = choose(table, figures({i: r for i, r in runs.alone.items() if r.split in CHOOSE}, runs.alone, CHOOSE))
    print(f"{lang}: chosen {name} at {t}", flush=True)
    chosen = settings(lang)[name]
    judge = {n: runs.measure(ctx, fitted_on(ctx, vecs, lang, CHOOSE, JUDGE, *settings(lang)[n]), JUDGE, float(t))
             for n in dict.fromkeys((name, "hand"))}
    pooled = runs.measure(ctx, leave_one_out(ctx, vecs, lang, CHOOSE + JUDGE, *chosen), CHOOSE + JUDGE, float(t))
    return {"alone": alone, "choice": table, "chosen": {"setting": name, "threshold": float(t)}, "judge": judge,
            "pooled_3_29": pooled}


def pooled_run(ctx: Context, vecs: dict, lang: str, runs: Runs, names: list[str]) -> dict:
    """``--pooled``: each named setting of ``lang`` leaving one split out over held3-held29, at every threshold."""
    out = {"alone": figures(runs.alone, runs.alone, CHOOSE + JUDGE), "pooled": {}}
    for name in (n for n in names if n in settings(lang)):
        scored = leave_one_out(ctx, vecs, lang, CHOOSE + JUDGE, *settings(lang)[name])
        out["pooled"][name] = {str(t): runs.measure(ctx, scored, CHOOSE + JUDGE, t) for t in THRESHOLDS}
        print(f"{lang} pooled {name}: " + "; ".join(_brief(f["pooled"]) + f" at {t}"
                                                 for t, f in out["pooled"][name].items()), flush=True)
    return out


def _brief(p: dict) -> str:
    return f"P {p['precision']} R {p['recall']} +{p['added']}/{p['right']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", nargs="+", choices=("zh", "en"), default=["zh", "en"])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--embed-cache", type=Path, default=Path("/tmp/e-zhml-embeddings.npz"))
    parser.add_argument("--pooled", nargs="+", default=None, metavar="SETTING",
                        help="only leave one split out over held3-held29 with these settings, at every threshold")
    parser.add_argument("--out", type=Path, default=None, help="write the results (JSON) here")
    args = parser.parse_args()
    sources = [d for d in unfrozen(json.loads((DATA / "sources.json").read_text(encoding="utf-8")))
               if d["split"] in CHOOSE + JUDGE]
    ctx = collect(sources, args.mirror)
    vecs = vectors(ctx, args.embed_cache)
    print(f"{len(ctx.rows)} candidates of {len(sources)} documents, embedded", flush=True)
    out = {"C": C, "scales": SCALES, "thresholds": THRESHOLDS, "bar": BAR}
    for lang in args.lang:
        runs = Runs([d for d in sources if d["language"] == lang], args.mirror)
        if args.pooled:
            out[lang] = pooled_run(ctx, vecs, lang, runs, args.pooled)
        else:
            out[lang] = language_run(ctx, vecs, lang, runs)
            print(json.dumps({k: out[lang][k] for k in ("chosen", "judge", "pooled_3_29")}, indent=1), flush=True)
        if args.out:
            args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
