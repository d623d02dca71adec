"""The candidates of the lesson classifier: the paragraphs and items the heading rules leave (those
``ingest.structure`` hands to ``ingest.classify``), each labelled by the benchmark's annotations; and a
document run again with its candidates taken or not as a model decided."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

from benchmarks.extraction import DocResult, bigrams, frozen, run_doc
from ingest import classify
from ingest.classify import NONE, Candidate, Model
from kb.models import LessonKind


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
    """The documents a model may be fitted on and measured with: frozen splits (FIRST_FROZEN and later: held53 on) are kept unseen."""
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
