"""Replaying history for one mechanism: split an extracted lesson where its topic turns, by sentence embeddings
(BENCHMARKS.md, "Where the topic turns, by sentence embeddings (e-seg)"; the protocol of ``fallback_replay.py``).

    .venv/bin/python benchmarks/topic_split_replay.py [--signal depth1] [--share 0.05] [--min-chars 40] [--max-parts 3]

The mechanism, which ingestion does not have: every extracted lesson of several sentences (``ingest.points`` cuts
them) is cut at each boundary whose ``--signal`` (``topic_turns.boundary_scores``: higher, a likelier turn) reaches the
cut-off, when each part keeps ``--min-chars`` characters and there are at most ``--max-parts`` parts (the highest
boundaries first). The cut-off is set per language on the design splits (dev to held20: the top ``--share`` of their
boundaries) and the rule is then judged once on held21 to held29; each split's documents are matched as
``benchmarks/extraction.py`` does, without and with the cuts, per split and language. Frozen splits are refused.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import match, run_doc
from benchmarks.topic_turns import SIGNALS, Vectors, boundary_scores, chosen
from ingest.cue_gates import chinese
from ingest.points import sentences as split_sentences
from ingest.points import stated

DESIGN, REPLAY = ("dev", "held20"), ("held21", "held29")


def cut(text: str, sentences: list[str], scores: np.ndarray, cutoff: float, min_chars: int, max_parts: int) -> list[str]:
    """A lesson's sentences joined into parts, cut at the boundaries scoring ``cutoff`` or more (highest first) while
    every part keeps ``min_chars`` characters and the parts are at most ``max_parts`` (the lesson's text when uncut)."""
    joiner = "" if chinese(text) else " "
    cuts: list[int] = []
    for b in sorted(range(len(scores)), key=lambda k: -scores[k]):
        if scores[b] < cutoff or len(cuts) + 2 > max_parts:
            break
        trial = sorted([*cuts, b + 1])
        edges = [0, *trial, len(sentences)]
        if all(len(joiner.join(sentences[a:z])) >= min_chars for a, z in pairwise(edges)):
            cuts = trial
    if not cuts:
        return [text]
    edges = [0, *cuts, len(sentences)]
    return [joiner.join(sentences[a:z]) for a, z in pairwise(edges)]


def parsed(docs: list[dict], mirror: Path) -> list[tuple[dict, list[dict], list[tuple[str, list[str]]]]]:
    """Each available document with its annotations and its lessons' texts and sentences."""
    out = []
    for doc in docs:
        result = run_doc(doc, mirror)
        if result.status == "ok":
            out.append((doc, result.annotated, [(e["text"], split_sentences(e["text"])) for e in result.extracted]))
    return out


def cutoffs(design: list, vectors: Vectors, signal: str, share: float) -> dict[str, float]:
    """Per language, the score of the design splits' boundaries that only the top ``share`` reach."""
    scores: dict[str, list[float]] = defaultdict(list)
    for doc, _, lessons in design:
        for sentences in (s for _, s in lessons if len(s) > 1):
            scores[doc["language"]].extend(boundary_scores(vectors.of(sentences))[signal].tolist())
    return {lang: float(np.quantile(values, 1 - share)) for lang, values in scores.items()}  # over every boundary


def scored(sentences: list[str], vectors: Vectors, args: argparse.Namespace) -> np.ndarray:
    """A lesson's boundary scores by ``args.signal``; with ``args.stated_only`` a boundary counts only where the
    sentence after it states a kind (``ingest.points.stated``)."""
    scores = boundary_scores(vectors.of(sentences))[args.signal]
    if args.stated_only:
        scores = np.where([stated(s) is not None for s in sentences[1:]], scores, -np.inf)
    return scores


def counts(entry: tuple, vectors: Vectors, args: argparse.Namespace, cutoff: float) -> tuple[int, int, int, int, int]:
    """(annotated, extracted, matched, extracted with the cuts, matched with them) of one document."""
    _, annotated, lessons = entry
    before = [text for text, _ in lessons]
    after = []
    for text, sentences in lessons:
        after.extend(cut(text, sentences, scored(sentences, vectors, args), cutoff, args.min_chars,
                         args.max_parts) if len(sentences) > 1 else [text])
    got, got2 = (len(match(annotated, [{"text": t} for t in texts])) for texts in (before, after))
    return len(annotated), len(before), got, len(after), got2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signal", choices=SIGNALS, default="depth1")
    parser.add_argument("--share", type=float, default=0.05, help="the design boundaries' share past the cut-off")
    parser.add_argument("--min-chars", type=int, default=40)
    parser.add_argument("--max-parts", type=int, default=3)
    parser.add_argument("--stated-only", action="store_true", help="cut only before a sentence that states a kind")
    parser.add_argument("--design-only", action="store_true", help="print the design splits only (while choosing)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/topic-turns-use-multilingual.npz"))
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    design, replay = (parsed(chosen(*span), args.mirror) if span == DESIGN or not args.design_only else []
                      for span in (DESIGN, REPLAY))
    vectors = Vectors(args.cache)
    vectors.fill([s for _, _, lessons in design + replay for _, sentences in lessons for s in sentences if len(sentences) > 1])
    limits = cutoffs(design, vectors, args.signal, args.share)
    print("cut-offs (design splits):", {k: round(v, 3) for k, v in limits.items()})
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 5)
    for part, entries in (("design", design), ("replay", replay)):
        for entry in entries:
            doc = entry[0]
            found = counts(entry, vectors, args, limits[doc["language"]])
            for key in ((doc["split"], doc["language"]), (part, doc["language"])):
                rows[key] = [a + b for a, b in zip(rows[key], found, strict=True)]
    from benchmarks.fallback_replay import table

    table(dict(sorted(rows.items(), key=lambda kv: (kv[0][0] in ("design", "replay"), kv[0][1], kv[0][0]))))


if __name__ == "__main__":
    main()
