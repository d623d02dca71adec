"""Where a paragraph's topic turns: does sentence-embedding similarity tell the sentences that start an annotated point
from the ones that support the point before them? (BENCHMARKS.md, "Where the topic turns, by sentence embeddings
(e-seg)").

    .venv/bin/python benchmarks/topic_turns.py [--first dev] [--last held29] [--model use-multilingual] [--cache FILE.npz]
                                               [--min-openings 0] [--out FILE.json]

Every extracted lesson of several sentences (today's rules, sentences cut as ``ingest.points`` cuts them) is read
boundary by boundary. A boundary is a **point start** when the sentence after it holds an annotation's opening (its
first OPENING letters and digits, OPENING_ZH in Chinese: the method of e-enall and e-para), a **support** otherwise;
with ``--min-openings 2`` only the lessons that hold two openings or more are read, from their first opening on. Each
sentence is embedded once with the search model (``use-multilingual``, batched; vectors cached in ``--cache``), and at
each boundary the scores of a start are: one minus the cosine of the adjacent sentences, of windows of two sentences
each side, the TextTiling depth of those gaps (how far the similarity dips below the peaks on either side), and one minus
the cosine of the sentence to the mean of the lesson's sentences before it. Each is judged by its ROC AUC and by
precision and recall at cut-offs, English and Chinese apart, and beside the structure signals known already: the
sentence states a kind (``ingest.points.stated``) and its length. Frozen splits are refused.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import unicodedata
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import DATA, SPLITS, frozen, run_doc
from ingest.points import sentences as split_sentences
from ingest.points import stated

OPENING, OPENING_ZH = 25, 10  # letters and digits of an annotation's opening (Chinese characters carry more)
SIGNALS = ("adjacent", "window2", "depth1", "depth2", "running")
# Structure alone, the best embedding signal alone and with structure, and everything: does an embedding signal add?
STRUCTURE = ("stated", "chars", "sentences")
COMBINATIONS = (STRUCTURE, ("depth1",), ("depth1", *STRUCTURE), ("adjacent", *STRUCTURE), ("adjacent", "depth1", "running", *STRUCTURE),
                (*SIGNALS, *STRUCTURE))


@dataclass
class Boundary:
    """One sentence boundary inside an extracted lesson: what follows it, and whether it starts an annotated point."""

    split: str
    language: str
    doc: str
    start: bool
    sentence: str
    stated: bool
    chars: int
    sentences: int  # the lesson's sentence count (TextTiling's depth is 0 at both ends: in a lesson of two sentences)
    adjacent: float = 0.0
    window2: float = 0.0
    depth1: float = 0.0
    depth2: float = 0.0
    running: float = 0.0


def _alnum(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())


def opening(annotation: str, language: str) -> str:
    """An annotation's opening: its first letters and digits (OPENING, or OPENING_ZH in Chinese)."""
    return _alnum(annotation)[:OPENING_ZH if language == "zh" else OPENING]


def starts(sentences: list[str], openings: list[str]) -> list[bool]:
    """For each sentence, whether it holds an annotation's opening."""
    folded = [_alnum(s) for s in sentences]
    return [any(o and o in f for o in openings) for f in folded]


def gaps(vectors: np.ndarray, window: int) -> np.ndarray:
    """One minus the cosine of the ``window`` sentences before each boundary and the ``window`` after it."""
    out = []
    for i in range(1, len(vectors)):
        left, right = vectors[max(0, i - window):i].mean(0), vectors[i:i + window].mean(0)
        out.append(1 - float(left @ right / (np.linalg.norm(left) * np.linalg.norm(right))))
    return np.array(out)


def depths(gap: np.ndarray) -> np.ndarray:
    """TextTiling depth of each boundary, in gap terms: how far its similarity dips below the highest similarity met
    climbing each way from it (0 where the similarity is a peak)."""
    sim = -gap
    out = []
    for i in range(len(sim)):
        left = i
        while left > 0 and sim[left - 1] >= sim[left]:
            left -= 1
        right = i
        while right < len(sim) - 1 and sim[right + 1] >= sim[right]:
            right += 1
        out.append(float(sim[left] - sim[i] + sim[right] - sim[i]))
    return np.array(out)


def running(vectors: np.ndarray) -> np.ndarray:
    """One minus the cosine of each sentence (from the second) to the mean of the sentences before it."""
    out = []
    for i in range(1, len(vectors)):
        mean = vectors[:i].mean(0)
        out.append(1 - float(mean @ vectors[i] / np.linalg.norm(mean)))
    return np.array(out)


def boundary_scores(vectors: np.ndarray) -> dict[str, np.ndarray]:
    """Every signal at each boundary of one lesson's sentence vectors (unit rows): higher means a likelier start."""
    adjacent, window2 = gaps(vectors, 1), gaps(vectors, 2)
    return {"adjacent": adjacent, "window2": window2, "depth1": depths(adjacent), "depth2": depths(window2),
            "running": running(vectors)}


def lesson_boundaries(doc: dict, text: str, openings: list[str], min_openings: int) \
        -> tuple[list[Boundary], list[str], int] | None:
    """One lesson's boundaries (unscored), its sentences and the index of the first sentence read (the first opening's
    with ``min_openings`` 2 or more); None with one sentence or fewer than ``min_openings`` openings."""
    sentences = split_sentences(text)
    held = starts(sentences, openings)
    if len(sentences) < 2 or sum(held) < min_openings:
        return None
    first = held.index(True) if min_openings > 1 else 0
    return [Boundary(doc["split"], doc["language"], doc["id"], held[i], sentences[i], stated(sentences[i]) is not None,
                     len(sentences[i]), len(sentences)) for i in range(max(1, first + 1), len(sentences))], sentences, first


class Vectors:
    """Sentence vectors by text, embedded in batches and kept in an .npz file between runs."""

    def __init__(self, cache: Path, model: str = "use-multilingual") -> None:
        self.cache, self.model = cache, model
        self.known: dict[str, np.ndarray] = {}
        if cache.exists():
            with np.load(cache) as saved:
                self.known = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def fill(self, texts: list[str]) -> None:
        """Embed the texts not known yet (the search model, loaded once) and save the cache."""
        missing = sorted({t for t in texts if self.key(t) not in self.known})
        if not missing:
            return
        from search.embedder import get_embedder  # benchmarks may import search; ingestion never does

        encoded = get_embedder(self.model, threads=1).encode(missing, batch_size=64)
        self.known.update({self.key(t): v for t, v in zip(missing, encoded, strict=True)})
        np.savez(self.cache, keys=np.array(list(self.known)), vectors=np.stack(list(self.known.values())))

    def of(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.known[self.key(t)] for t in texts])


def collect(docs: list[dict], mirror: Path, min_openings: int) \
        -> tuple[list[tuple[list[Boundary], list[str], int]], list[tuple[str, str, str]]]:
    """Every multi-sentence lesson's boundaries, with its sentences and the index of the first one read; and every
    pair of consecutive lessons of a document as (language, the last sentence of one, the first of the next)."""
    out, across = [], []
    for doc in docs:
        result = run_doc(doc, mirror)
        if result.status != "ok":
            continue
        openings = [opening(a["text"], doc["language"]) for a in result.annotated]
        texts = [split_sentences(lesson["text"]) or [lesson["text"]] for lesson in result.extracted]
        across += [(doc["language"], a[-1], b[0]) for a, b in pairwise(texts)]
        for lesson in result.extracted:
            found = lesson_boundaries(doc, lesson["text"], openings, min_openings)
            if found:
                out.append(found)
    return out, across


def across_lessons(across: list[tuple[str, str, str]], bounds: list[Boundary], vectors: Vectors) -> dict:
    """Per language, how well one minus the adjacent cosine tells a turn between two extracted lessons from a boundary
    inside one (the model's own reach: a turn the rules already make, which needs no words of a rule)."""
    vectors.fill([t for _, a, b in across for t in (a, b)])
    out = {}
    for language in ("en", "zh"):
        turns = [1 - float(vectors.of([a])[0] @ vectors.of([b])[0]) for lang, a, b in across if lang == language]
        inside = [b.adjacent for b in bounds if b.language == language]
        out[language] = {"between": len(turns), "inside": len(inside), "auc": auc(turns + inside,
                                                                                  [True] * len(turns) + [False] * len(inside))}
    return out


def score(lessons: list[tuple[list[Boundary], list[str], int]], vectors: Vectors) -> list[Boundary]:
    """Fill every boundary's signals from its lesson's sentence vectors."""
    vectors.fill([s for _, sentences, _ in lessons for s in sentences])
    out = []
    for bounds, sentences, first in lessons:
        scores = boundary_scores(vectors.of(sentences))
        offset = max(1, first + 1) - 1
        for k, bound in enumerate(bounds):
            for name in SIGNALS:
                setattr(bound, name, float(scores[name][offset + k]))
            out.append(bound)
    return out


def auc(scores: list[float], labels: list[bool]) -> float | None:
    """ROC AUC by ranks (Mann-Whitney; ties share their mean rank): the chance a start outscores a support."""
    pos = sum(labels)
    neg = len(labels) - pos
    if not pos or not neg:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = np.array(scores)[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[np.array(labels)].sum() - pos * (pos + 1) / 2) / (pos * neg))


def at_cutoffs(scores: list[float], labels: list[bool], shares: tuple[float, ...] = (0.05, 0.1, 0.2, 0.3)) -> list[dict]:
    """Precision and recall of "a start" when the top ``share`` of boundaries by score are called starts."""
    order = np.argsort(scores)[::-1]
    out = []
    for share in shares:
        top = order[:max(1, round(share * len(scores)))]
        right = sum(labels[i] for i in top)
        out.append({"share": share, "cutoff": round(float(scores[top[-1]]), 3), "precision": right / len(top),
                    "recall": right / max(1, sum(labels))})
    return out


def combined(bounds: list[Boundary], names: tuple[str, ...], folds: int = 5) -> list[float] | None:
    """Held-out scores of a logistic model over ``names``: the documents in ``folds`` groups, each predicted by a model
    fitted on the others (the length as its logarithm)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    x = np.array([[float(getattr(b, n)) for n in names] for b in bounds])
    lengths = [i for i, n in enumerate(names) if n in ("chars", "sentences")]
    x[:, lengths] = np.log1p(x[:, lengths])
    y = np.array([b.start for b in bounds])
    groups = np.array([b.doc for b in bounds])
    out = np.zeros(len(bounds))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        if len(set(y[train])) < 2:
            return None
        out[test] = LogisticRegression(max_iter=1000).fit(x[train], y[train]).decision_function(x[test])
    return out.tolist()


def report(bounds: list[Boundary]) -> dict:
    """Per language: counts, each signal's AUC and cut-off figures, and the combinations with structure signals."""
    out = {}
    for language in ("en", "zh"):
        rows = [b for b in bounds if b.language == language]
        labels = [b.start for b in rows]
        figures = {"boundaries": len(rows), "starts": sum(labels), "documents": len({b.doc for b in rows}),
                   "splits": len({b.split for b in rows}), "signals": {}}
        for name in (*SIGNALS, *STRUCTURE):
            values = [float(getattr(b, name)) for b in rows]
            figures["signals"][name] = {"auc": auc(values, labels), "cutoffs": at_cutoffs(values, labels)}
        for names in COMBINATIONS:
            values = combined(rows, names)
            if values is not None:
                figures["signals"]["+".join(names) + " (model)"] = {"auc": auc(values, labels),
                                                                   "cutoffs": at_cutoffs(values, labels)}
        out[language] = figures
    return out


def print_report(figures: dict) -> None:
    for language, fig in figures.items():
        print(f"\n{language}: {fig['boundaries']} boundaries, {fig['starts']} point starts "
              f"({fig['documents']} documents, {fig['splits']} splits)")
        print(f"  {'signal':<40}{'AUC':>6}  P / R at top 5%, 10%, 20%, 30%")
        for name, sig in fig["signals"].items():
            cuts = "  ".join(f"{c['precision']:.2f}/{c['recall']:.2f}" for c in sig["cutoffs"])
            value = f"{sig['auc']:.3f}" if sig["auc"] is not None else "-"
            print(f"  {name:<40}{value:>6}  {cuts}")


def chosen(first: str, last: str) -> list[dict]:
    """The documents of the splits from ``first`` to ``last`` in SPLITS order, never a frozen one."""
    if frozen(last):  # a frozen split being annotated is not in SPLITS yet
        raise ValueError(f"{last} is frozen: it is judged once, not studied")
    names = list(SPLITS[SPLITS.index(first):SPLITS.index(last) + 1])
    if any(frozen(s) for s in names):
        raise ValueError(f"{last} is frozen: it is judged once, not studied")
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    return [d for d in sources if d["split"] in names]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", default="dev")
    parser.add_argument("--last", default="held29", help="never a frozen split (refused)")
    parser.add_argument("--min-openings", type=int, default=0, help="read only lessons holding this many openings")
    parser.add_argument("--model", default="use-multilingual", help="a bundled model (minilm: English only)")
    parser.add_argument("--cache", type=Path, help="default: /tmp/topic-turns-MODEL.npz")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    try:
        docs = chosen(args.first, args.last)
    except ValueError as exc:
        parser.error(str(exc))
    lessons, across = collect(docs, args.mirror, args.min_openings)
    vectors = Vectors(args.cache or Path(f"/tmp/topic-turns-{args.model}.npz"), args.model)
    bounds = score(lessons, vectors)
    figures = report(bounds)
    print_report(figures)
    figures["between lessons"] = across_lessons(across, bounds, vectors)
    for language, fig in figures["between lessons"].items():
        print(f"{language}: a turn between two lessons ({fig['between']}) against a boundary inside one ({fig['inside']}),"
              f" adjacent cosine: AUC {fig['auc']:.3f}")
    if args.out:
        args.out.write_text(json.dumps({"figures": figures, "boundaries": [
            {k: v for k, v in asdict(b).items() if k != "sentence"} for b in bounds]}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
