"""The lesson classifier's candidates with their context (e-zhml): for each candidate ``classifier_candidates`` collects,
the text of its section heading (the document's title where it has none) and of the blocks before and after it in its
section; and models over their sentence embeddings, the hand features, or both (``benchmarks/context_model.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from benchmarks.classifier_candidates import candidates
from benchmarks.classifier_fit import MIN_COUNT, embed
from ingest.builder import _Builder
from ingest.builder_passes import _Passes
from ingest.classify import NONE, Candidate, features

# The parts a model may read: the candidate's own embedding, its heading's, its neighbours' mean, its hand features.
PARTS = ("text", "head", "nbr", "hand")
_NOT_NEIGHBOURS = ("heading", "code")


@dataclass
class Context:
    """Candidates in document order, each with its document, language and context texts."""

    rows: list[tuple[str, Candidate, str]] = field(default_factory=list)  # (split, candidate, label)
    doc_ids: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    heads: list[str] = field(default_factory=list)
    neighbours: list[tuple[str, str]] = field(default_factory=list)  # (previous, next) in the section; "" for none


def neighbours(blocks: list[tuple[str, str]], index: int) -> tuple[str, str]:
    """The texts of the nearest blocks before and after ``index`` (``blocks``: (kind, text) in document order) in the
    same section: a heading ends the search; code is skipped."""
    def near(step: int) -> str:
        i = index + step
        while 0 <= i < len(blocks):
            kind, text = blocks[i]
            if kind == "heading":
                return ""
            if kind not in _NOT_NEIGHBOURS and text.strip():
                return text.strip()
            i += step
        return ""
    return near(-1), near(1)


def collect(sources: list[dict], mirror: Path) -> Context:
    """``classifier_candidates.candidates`` of every document, with each candidate's heading and neighbours: the
    builder's blocks are recorded as they are added and each candidate's context read when ``_classified`` runs, in
    the order it scores them."""
    out = Context()
    add, classified = _Builder.add, _Passes._classified

    def recording_add(self, block, **kwargs) -> None:
        self.__dict__.setdefault("_blocks", []).append((block.kind, block.text))
        add(self, block, **kwargs)

    def recording_classified(self) -> None:
        blocks = self.__dict__.get("_blocks", [])
        for index, _, c in self.candidates:
            out.heads.append(c.heading.strip() or c.title.strip())
            out.neighbours.append(neighbours(blocks, index))
        classified(self)

    with mock.patch.object(_Builder, "add", recording_add), \
            mock.patch.object(_Passes, "_classified", recording_classified):
        out.rows = candidates(sources, mirror, out.doc_ids)
    language = {d["id"]: d["language"] for d in sources}
    out.languages = [language[i] for i in out.doc_ids]
    if len(out.heads) != len(out.rows):
        raise RuntimeError(f"{len(out.heads)} contexts for {len(out.rows)} candidates")
    return out


def vectors(ctx: Context, cache: Path, encode=None) -> dict:
    """Unit embeddings of each candidate's text, heading, and the mean of its neighbours' (zeros where it has none)."""
    import numpy as np

    texts = [c.text.strip() for _, c, _ in ctx.rows]
    prev, nxt = [p for p, _ in ctx.neighbours], [n for _, n in ctx.neighbours]
    unique = sorted({t for t in (*texts, *ctx.heads, *prev, *nxt) if t})
    table = dict(zip(unique, embed(unique, cache, encode))) if unique else {}
    dim = len(next(iter(table.values()))) if table else 1
    zero = np.zeros(dim, dtype="float32")

    def of(items: list[str]):
        return np.stack([table[t] if t else zero for t in items]) if items else np.zeros((0, dim), dtype="float32")

    both = of(prev) + of(nxt)
    count = np.array([[bool(p) + bool(n)] for p, n in ctx.neighbours], dtype="float32").reshape(-1, 1)
    return {"text": of(texts), "head": of(ctx.heads), "nbr": both / np.maximum(count, 1.0)}


def fit_predict(rows: list[tuple[str, Candidate, str]], train: list[int], test: list[int], vecs: dict,
                parts: tuple[str, ...], scale: float, c: float) -> list[tuple[float, str]]:
    """(P(some lesson), likeliest kind) of each ``test`` candidate by a multinomial logistic regression fitted on the
    ``train`` ones over ``parts`` (embeddings times ``scale``, side by side; "hand": ``ingest.classify.features``)."""
    import numpy as np
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    labels = [rows[i][2] for i in train]
    if len(set(labels)) < 2:  # nothing to learn from: no candidate is taken
        return [(0.0, NONE) for _ in test]
    x_train, x_test = _design(rows, train, test, vecs, parts, scale)
    fit = LogisticRegression(C=c, max_iter=3000).fit(x_train, labels)
    classes = [str(k) for k in fit.classes_]
    lessons = [k for k in classes if k != NONE]
    out = []
    for row in fit.predict_proba(sparse.csr_matrix(x_test) if sparse.issparse(x_train) else np.asarray(x_test)):
        probs = dict(zip(classes, row))
        out.append((1.0 - probs.get(NONE, 0.0), max(lessons, key=probs.__getitem__)))
    return out


def _design(rows, train: list[int], test: list[int], vecs: dict, parts: tuple[str, ...], scale: float):
    """The training and test matrices: embedding columns (dense), and the hand features (sparse) when asked for."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction import DictVectorizer

    dense = [vecs[p] * scale for p in parts if p != "hand"]
    x_train = np.hstack([d[train] for d in dense]) if dense else None
    x_test = np.hstack([d[test] for d in dense]) if dense else None
    if "hand" not in parts:
        return x_train, x_test
    feats = [features(rows[i][1]) for i in train]
    counts: dict[str, int] = {}
    for names in feats:
        for name in set(names):
            counts[name] = counts.get(name, 0) + 1
    vectorizer = DictVectorizer()
    hand_train = vectorizer.fit_transform([{n: 1.0 for n in names if counts[n] >= MIN_COUNT} for names in feats])
    hand_test = vectorizer.transform([dict.fromkeys(features(rows[i][1]), 1.0) for i in test])
    if x_train is None:
        return hand_train.tocsr(), hand_test.tocsr()
    return (sparse.hstack([hand_train, sparse.csr_matrix(x_train)]).tocsr(),
            sparse.hstack([hand_test, sparse.csr_matrix(x_test)]).tocsr())
