"""The lesson classifier measured leaving one split out: each unfrozen split run with models fitted on all the
others (``cross_validate``, ``cross_validate_features``), and the junk filter, a model that may only drop the
rules' lessons (``junk_filter``)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from benchmarks.classifier_candidates import replay
from benchmarks.classifier_fit import fit_predict, train
from benchmarks.extraction import SPLITS, DocResult, frozen, match, report, run_doc
from ingest import classify
from ingest.classify import NONE, Candidate


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
