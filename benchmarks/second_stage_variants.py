"""The variants ``benchmarks/second_stage.py`` replays on the captured legs: second stages, the spread over
projects, calibrated cosines, other fed-back vectors and the gated legs (``VARIANTS``; ``ranked`` gives a query's
documents under one of them)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from benchmarks.captured_legs import OTHER, Captured, Collection, unit

Params = dict[str, Any]
VARIANTS: list[tuple[str, Params]] = [
    *[("second stage", {"vector": v, "n": n, "how": how, "lam": lam})
      for v in ("moved", "plain", "translation", "both", "both mean") for n in (20, 50)
      for how, lam in (("rrf", 0.5), ("rrf", 1.0), ("z", 0.25), ("z", 0.5), ("z", 1.0))],
    *[("second stage", {"vector": "moved", "n": 30, "how": "z", "lam": lam, "slots": s})
      for s in ("other", "same") for lam in (0.25, 0.5, 1.0)],
    *[("spread", {"lam": lam, "n": 20}) for lam in (0.02, 0.05, 0.1)],
    *[("calibrated", {"how": "z", "m": m}) for m in (20, 100, 200)],
    *[("calibrated", {"how": "gap", "a": a}) for a in (0.25, 0.5, 1.0)],
    *[("calibrated", {"how": "add", "a": a}) for a in (-0.05, 0.02, 0.05, 0.1)],
    *[("vector", {"how": "per language", "k": k}) for k in (2, 3)],
    *[("vector", {"how": "documents", "k": k}) for k in (2, 3)],
    *[("vector", {"how": "weighted", "k": k}) for k in (3, 5, 10)],
    *[("vector", {"how": "translation added", "w": w}) for w in (0.25, 0.5, 1.0)],
    ("vector", {"how": "translation max"}),
    *[("vector", {"how": "again", "k": k}) for k in (2, 3, 5)],
    *[("gated", {"leg": "document-side", "w": w, "t": t}) for t in (0.0, 0.5, 0.6, 0.7) for w in (0.25, 0.5, 1.0)],
    *[("gated", {"leg": "expanded", "w": w, "t": t}) for t in (0.0, 0.5) for w in (0.25, 0.5, 1.0)],
    *[("gated", {"leg": f"{leg} fts5", "w": w, "t": t}) for leg in ("document-side", "expanded")
      for t in (0.0, 0.5, 0.6) for w in (0.25, 0.5, 1.0)],
    *[("gated", {"leg": f"wide {p}", "w": w, "t": t}) for p in (2, 8) for t in (0.0, 0.5, 0.6) for w in (0.25, 0.5)],
    *[("gated", {"leg": "share-weighted", "b": b}) for b in (0.5, 1.0, 2.0)],
]


def ranked(coll: Collection, q: Captured, family: str, p: Params) -> list[str]:
    """The query's documents under one variant."""
    if q.found is None or family == "shipped":
        return coll.documents(q.fused, q.origin)
    if family == "second stage":
        return second_stage(coll, q, coll.documents(q.fused, q.origin), p)
    if family == "spread":
        return spread(coll, coll.documents(q.fused, q.origin), p)
    found, weights = dict(q.found), dict(q.weights or {})
    if family == "calibrated":
        found["semantic"] = calibrated(coll, q, p)
    elif family == "vector":
        return coll.documents(fed_back(coll, q, found, weights, p), q.origin)
    elif family == "gated":
        share = float(np.mean([coll.language.get(c) != q.language for c in (q.first or [])[:10]] or [0]))
        if p["leg"] == "share-weighted":
            weights["translated"] *= max(0.0, 1 + p["b"] * (share - 0.5))
            weights["cross_feedback"] *= max(0.0, 1 + p["b"] * (share - 0.5))
        elif share >= p["t"]:
            found["gated"], weights["gated"] = (q.extra or {})[p["leg"]], p["w"]
    return coll.documents(coll.fuse(found, weights), q.origin)


def second_stage(coll: Collection, q: Captured, documents: list[str], p: Params) -> list[str]:
    head = documents[:p["n"]]
    query = coll.query(q.vector, q.language)  # type: ignore[arg-type]
    vectors = []
    if p["vector"] in ("moved", "both", "both mean"):
        vectors.append(coll.moved(query, (q.first or [])[:2]))
    if p["vector"] == "plain":
        vectors.append(unit(query))
    if p["vector"] in ("translation", "both", "both mean") and q.translation is not None:
        vectors.append(coll.moved(coll.query(q.translation, OTHER[q.language]), (q.first or [])[:2]))
    if not vectors:
        return documents
    slots = list(range(len(head)))
    if "slots" in p:
        other = p["slots"] == "other"
        slots = [j for j in slots if (coll.doc_language[head[j]] != q.language) == other]
    if len(slots) < 2:
        return documents
    cosines = []
    for j in slots:
        per = np.stack([coll.rows[coll.doc_rows[head[j]]] @ v for v in vectors])
        cosines.append((per.mean(axis=0) if p["vector"] == "both mean" else per.max(axis=0)).max())
    cosine = np.asarray(cosines)
    if p["how"] == "rrf":
        places = np.empty(len(slots))
        places[np.argsort(-cosine, kind="stable")] = np.arange(1, len(slots) + 1)
        score = 1 / (coll.rrf_k + np.arange(1, len(slots) + 1)) + p["lam"] / (coll.rrf_k + places)
    else:
        best = np.asarray([q.best[head[j]] for j in slots])  # type: ignore[index]
        score = _z(best) + p["lam"] * _z(cosine)
    order = np.argsort(-score, kind="stable")
    out = list(head)
    for slot, j in zip(slots, order):
        out[slot] = head[slots[j]]
    return out + documents[p["n"]:]


def spread(coll: Collection, documents: list[str], p: Params) -> list[str]:
    """Maximal marginal relevance over projects: each pick lowers the rest of its project by lambda (scores as
    1 / place, the first 1)."""
    head, listed = documents[:p["n"]], defaultdict(int)
    left, out = list(range(len(head))), []
    while left:
        best = max(left, key=lambda j: 1 / (1 + j) - p["lam"] * listed[coll.project.get(head[j])])
        out.append(head[best])
        listed[coll.project.get(head[best])] += 1
        left.remove(best)
    return out + documents[p["n"]:]


def calibrated(coll: Collection, q: Captured, p: Params) -> list[int]:
    """The semantic leg (its fed-back scores) with the other language's cosines re-scored."""
    ids = [c for c, _ in q.semantic or []]
    scores = np.asarray([s for _, s in q.semantic or []], dtype=np.float64)
    other = np.asarray([coll.language.get(c) != q.language for c in ids])
    if not other.any() or other.all():
        return ids
    if p["how"] == "z":
        for mask in (other, ~other):
            head = scores[mask][:p["m"]]
            scores[mask] = (scores[mask] - head.mean()) / max(float(head.std()), 1e-9)
    elif p["how"] == "gap":
        scores = scores + other * p["a"] * (scores[~other].max() - scores[other].max())
    else:
        scores = scores + other * p["a"]
    return [ids[j] for j in np.argsort(-scores, kind="stable")]


def fed_back(coll: Collection, q: Captured, found: dict, weights: dict, p: Params) -> list[int]:
    """The final fusion with the semantic leg re-ordered by another fed-back vector."""
    ids, first, k = found["semantic"], q.first or [], p.get("k", 2)
    rows, query = coll.of(ids), coll.query(q.vector, q.language)  # type: ignore[arg-type]
    how = p["how"]
    if how == "per language":
        chunk_languages = np.asarray([coll.language.get(c) for c in ids])
        score = np.empty(len(ids))
        for language in set(chunk_languages.tolist()):
            mask = chunk_languages == language
            own = [c for c in first if coll.language.get(c) == language][:k] or first[:k]
            score[mask] = rows[mask] @ coll.moved(query, own)
    elif how == "documents":
        distinct = list({coll.chunk_doc.get(c): c for c in reversed(first)}.values())[::-1]
        score = rows @ coll.moved(query, distinct[:k])
    elif how == "weighted":
        head = coll.of(first[:k])
        weight = 1 / (coll.rrf_k + np.arange(1, len(head) + 1))
        mean = (head / np.linalg.norm(head, axis=1, keepdims=True) * weight[:, None]).sum(axis=0)
        score = rows @ (unit(query) + unit(mean))
    elif how.startswith("translation") and q.translation is not None:
        moved = coll.moved(query, first[:2])
        other = coll.query(q.translation, OTHER[q.language])
        score = rows @ (moved + p["w"] * unit(other)) if how == "translation added" else \
            np.maximum(rows @ moved, rows @ coll.moved(other, first[:2]))
    else:
        score = rows @ coll.moved(query, first[:2])
    found["semantic"] = [ids[j] for j in np.argsort(-score, kind="stable")]
    fused = coll.fuse(found, weights)
    if how == "again":
        found["semantic"] = [ids[j] for j in np.argsort(-(rows @ coll.moved(query, fused[:k])), kind="stable")]
        fused = coll.fuse(found, weights)
    return fused


def _z(values: np.ndarray) -> np.ndarray:
    deviation = float(values.std())
    return (values - values.mean()) / deviation if deviation > 1e-12 else values * 0
