"""The lesson classifier's models, fitted: a multinomial logistic regression over the hand features
(``ingest.classify.features``, the kind ingestion ships), over a candidate's sentence embedding by the default
search model, or over both side by side (``benchmarks/lesson_classifier.py`` measures them)."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.classify import NONE, Candidate, Model, features

MIN_COUNT = 2
C = 0.3  # inverse regularisation strength
THRESHOLD = 0.5
FEATURES = ("hand", "embed", "both")
# Embeddings are unit vectors; times this, their norm is about that of a candidate's active hand features' (some tens of
# ones), so that one regularisation strength (C) suits both.
EMBED_SCALE = 8.0
EMBED_CACHE = Path("/tmp/lesson-classifier-embeddings.npz")


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
        model = train(train_rows, c=C)  # C read now: lesson_classifier_added.py --c sets it
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
