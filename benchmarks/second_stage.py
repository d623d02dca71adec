"""What else might lift the cross-language queries, replayed: each judged query's legs captured once as ``kb eval``
ranks them (hybrid, 1,000 chunks a leg, the shipped settings: the semantic leg already re-ordered by the feedback in
the vector space), then each variant applied to them offline (BENCHMARKS.md, "A second stage, and other ways
across languages").

    .venv/bin/python benchmarks/second_stage.py SET_DIR [--db PATH] [--work DIR] [--json] [--out FILE]

Families (each names a general mechanism; queries fused by score, or of mixed language, are ranked as they were):

- ``second stage``: the fused first N documents re-ordered by their best chunk's cosine with the fed-back query
  vector (``moved``), the query's own (``plain``), the query's translated terms embedded and fed back alike
  (``translation``), or the better (``both``) or mean (``both mean``) of the query's and its translation's; the
  cosine's rank fused with the document's (``rrf``, k 60) or both standardised and added (``z``), times lambda;
  ``other slots`` / ``same slots`` re-order only the documents in the other / the query's language among their own
  places.
- ``spread``: documents of a project already listed above lowered (maximal marginal relevance over projects).
- ``calibrated``: the semantic leg's other-language chunks re-scored before the fusion: each language's cosines
  standardised over its own first M (``z``), the other language raised by a share of the gap between the two
  languages' best matches (``gap``), or by a constant (``add``).
- ``vector``: other fed-back vectors for the semantic leg: each language's chunks by the first fused chunks of
  that language (``per language``), the first K distinct documents, a rank-weighted mean of the first K, the
  translation's embedding added or maxed, the feedback taken again from the final fusion (``again``).
- ``gated``: a leg for the queries whose first fused chunks (the first fusion, the one the feedback leg reads) are
  at least a share t in the other language: every chunk's words translated as a query's are, BM25 (bm25s) of the
  query over those translations (``document-side``); every dictionary translation of the query the collection
  holds, P a word, unscored (``wide P``); every chunk's own words and their translations, BM25 of the query over
  both (``expanded``: bilingual document expansion); the same two through our own keyword index instead of bm25s
  (``... fts5``: FTS5 over a copy of the store whose chunks hold those words, as ingestion would write them); or the translated and cross-language feedback legs weighed by that share
  (``share-weighted``).

Each variant gets nDCG@10 overall and per query set, cross-language Recall@10, and its difference from the shipped
ranking with a 95 % paired bootstrap interval; ``shipped`` must equal ``kb eval`` (``baselines.py``'s hybrid).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from benchmarks.stats import paired_difference
from kb.store import Filters
from kb.text import detect_language
from search import Searcher, translate
from search import legs as legs_module
from search.evaluate import DocumentRanker, ndcg, recall
from search.id_fusion import id_rank_fusion
from search.legs import LEG_ORDER, Legs

DEPTH = 100  # documents per query, from DEPTH x 10 chunks a leg (as kb eval)
OTHER = {"zh": "en", "en": "zh"}
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


@dataclass
class Captured:
    """One query's legs of the final rank fusion across languages (None: fused by score, ranked as it was)."""

    id: str
    group: str | None
    origin: str | None
    language: str
    fused: list[int]
    best: dict[str, float]  # each document's best fused score
    found: dict[str, list[int]] | None = None
    weights: dict[str, float] | None = None
    semantic: list[tuple[int, float]] | None = None
    first: list[int] | None = None  # the first fusion's chunks (the feedback leg's)
    vector: np.ndarray | None = None
    translation: np.ndarray | None = None  # the translated terms embedded
    extra: dict[str, list[int]] | None = None  # the gated legs' rankings


class Collection:
    """Every chunk's centred vector, document, language and project, and each language's query shift."""

    def __init__(self, searcher: Searcher, ranker: DocumentRanker) -> None:
        index = searcher.index
        self.chunk_doc = ranker.chunk_doc
        ids = sorted(self.chunk_doc)
        self.position = {c: n for n, c in enumerate(ids)}
        self.shift: dict[str, np.ndarray] = {}
        zero = np.zeros(index.vectors().vectors(ids[:1]).shape[1], dtype=np.float32)
        for language in ("zh", "en", "mixed"):
            shifted, rows = index.as_scored(zero, language, ids)
            self.shift[language] = np.asarray(shifted, dtype=np.float64)
        self.rows = np.asarray(rows, dtype=np.float64)
        codes = dict(zip(ids, index.chunk_facts().document_codes(ids).tolist()))
        self.codes = lambda chunks: np.asarray([codes.get(int(c), -1) for c in chunks], dtype=np.int64)
        facts = searcher.store.conn.execute(
            "SELECT c.id, d.language, d.project FROM chunks c JOIN documents d ON d.id = c.document_id")
        self.language: dict[int, str] = {}
        self.doc_language: dict[str, str] = {}
        self.project: dict[str, str | None] = {}
        chunks: dict[str, list[int]] = defaultdict(list)
        for chunk, language, project in facts:
            key = self.chunk_doc.get(chunk)
            self.language[chunk] = language
            if key is not None:
                chunks[key].append(self.position[chunk])
                self.doc_language[key], self.project[key] = language, project
        self.doc_rows = {key: np.asarray(rows) for key, rows in chunks.items()}
        self.rrf_k, self.support = searcher.settings.rrf_k, searcher.settings.document_support

    def query(self, vector: np.ndarray, language: str) -> np.ndarray:
        """A query's vector centred as the semantic leg scores it."""
        return np.asarray(vector, dtype=np.float64).reshape(-1) + self.shift.get(language, 0.0)

    def of(self, chunks: list[int]) -> np.ndarray:
        return self.rows[[self.position[c] for c in chunks]]

    def moved(self, query: np.ndarray, chunks: list[int], share: float = 1.0) -> np.ndarray:
        """search/dense_feedback.py's moved query, on the centred vectors."""
        if not chunks:
            return _unit(query)
        rows = self.of(chunks)
        return _unit(query) + share * _unit((rows / np.linalg.norm(rows, axis=1, keepdims=True)).mean(axis=0))

    def fuse(self, found: dict[str, list[int]], weights: dict[str, float]) -> list[int]:
        """The final rank fusion across languages, with the document support, as search does it."""
        names = sorted(found, key=lambda n: LEG_ORDER.index(n) if n in LEG_ORDER else len(LEG_ORDER))
        return [f.id for f in id_rank_fusion({n: found[n] for n in names}, weights, k=self.rrf_k,
                                             support=(self.codes, self.support))]

    def documents(self, chunks: list[int], origin: str | None) -> list[str]:
        keys = (self.chunk_doc.get(c) for c in chunks)
        return [k for k in dict.fromkeys(keys) if k is not None and k != origin][:DEPTH]


def capture(searcher: Searcher, text: str, query: Any, chunk_doc: dict[int, str]) -> Captured:
    """The query ranked as ``kb eval`` ranks it, its legs kept as the final fusion saw them."""
    seen: list[tuple[dict, dict, dict, dict]] = []  # legs found, weights, the fusion's arguments, the rest
    fuse = legs_module.Legs.fuse

    def spy(self: Legs, weights: dict, **kwargs: Any) -> list:
        result = fuse(self, weights, **kwargs)
        seen.append(({k: list(v) for k, v in self.found.items()}, dict(weights), dict(kwargs),
                     {"semantic": list(self.scored.get("semantic", [])), "vector": self.vector, "result": result}))
        return result

    legs_module.Legs.fuse = spy  # type: ignore[method-assign]
    translated: list[str] = []
    try:
        fused = searcher.rank(text, "hybrid", Filters(), depth=DEPTH * 10, translated=translated)
    finally:
        legs_module.Legs.fuse = fuse  # type: ignore[method-assign]
    language = detect_language(text).value
    best: dict[str, float] = {}
    for f in fused:
        best.setdefault(str(chunk_doc.get(f.id)), f.score)
    plain = Captured(query.id, query.group, query.origin, language, [f.id for f in fused], best)
    found, weights, kwargs, more = seen[-1]
    if kwargs.get("by_score") or kwargs.get("support") is None or more["vector"] is None or language not in OTHER:
        return plain
    first = next(s for s in seen if s[2].get("limit") is not None)
    plain.found, plain.weights, plain.semantic = found, weights, more["semantic"]
    plain.first, plain.vector = [f.id for f in first[3]["result"]], more["vector"]
    if translated:
        plain.translation = searcher.index.embedder().encode_query(" ".join(translated))
    return plain


def gated_legs(searcher: Searcher, captured: list[Captured], texts: dict[str, str]) -> None:
    """The gated families' rankings: document-side translation (bm25s over every chunk's translated words, alone or
    after its own words) and the wider query-side translations."""
    from benchmarks.baseline_systems import BM25

    chunks = searcher.store.conn.execute("SELECT id, text FROM chunks ORDER BY id").fetchall()
    translated = [" ".join(searcher.translated_terms(text)) for _, text in chunks]
    names = [str(c) for c, _ in chunks]
    document_side = BM25(names, translated)
    expanded = BM25(names, [f"{text} {words}" for (_, text), words in zip(chunks, translated)])
    vocabulary = searcher.index.refresh_vocabulary()
    legs = Legs(searcher.store, vocabulary, searcher.settings, searcher._scope(Filters()), DEPTH * 10,
                searcher.index.keyword_scorer())
    translator = searcher._translation(False)[0]
    shipped = translate.PER_WORD
    through_fts5 = {"document-side": _fts5_leg(searcher, chunks, translated, texts),
                    "expanded": _fts5_leg(searcher, chunks, [f"{text} {words}" for (_, text), words
                                                             in zip(chunks, translated)], texts)}
    for query in captured:
        if query.found is None:
            continue
        text = texts[query.id]
        query.extra = {"document-side": [int(c) for c, _ in document_side.rank(text, DEPTH * 10)],
                       "expanded": [int(c) for c, _ in expanded.rank(text, DEPTH * 10)]}
        query.extra.update({f"{leg} fts5": ranking[query.id] for leg, ranking in through_fts5.items()})
        for per_word in (2, 8):
            translate.PER_WORD = per_word
            try:
                terms = translator.terms(text, vocabulary.df)
            finally:
                translate.PER_WORD = shipped
            query.extra[f"wide {per_word}"] = legs.keyword(" ".join(terms), expansion=True) if terms else []


def _fts5_leg(searcher: Searcher, chunks: list, bodies: list[str], texts: dict[str, str]) -> dict[str, list[int]]:
    """The same legs through our own keyword index: a copy of the store whose FTS5 table holds ``bodies`` (as
    ingestion writes a chunk's text there), searched with each query as the user's own keyword query is, without
    the vocabulary's cuts."""
    import sqlite3
    import tempfile

    from search.keyword import keyword_search
    from search.segment import index_text

    with tempfile.TemporaryDirectory() as folder:
        copy = sqlite3.connect(Path(folder) / "kb.db")
        searcher.store.conn.backup(copy)
        with copy:
            for (chunk, _), body in zip(chunks, bodies):
                copy.execute("DELETE FROM chunks_fts WHERE rowid = ?", [chunk])
                copy.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [chunk, index_text(body)])
        try:
            return {query: [i for i, _ in keyword_search(copy, text, limit=DEPTH * 10)]
                    for query, text in texts.items()}
        finally:
            copy.close()


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
        vectors.append(_unit(query))
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
        score = rows @ (_unit(query) + _unit(mean))
    elif how.startswith("translation") and q.translation is not None:
        moved = coll.moved(query, first[:2])
        other = coll.query(q.translation, OTHER[q.language])
        score = rows @ (moved + p["w"] * _unit(other)) if how == "translation added" else \
            np.maximum(rows @ moved, rows @ coll.moved(other, first[:2]))
    else:
        score = rows @ coll.moved(query, first[:2])
    found["semantic"] = [ids[j] for j in np.argsort(-score, kind="stable")]
    fused = coll.fuse(found, weights)
    if how == "again":
        found["semantic"] = [ids[j] for j in np.argsort(-(rows @ coll.moved(query, fused[:k])), kind="stable")]
        fused = coll.fuse(found, weights)
    return fused


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-12)


def _z(values: np.ndarray) -> np.ndarray:
    deviation = float(values.std())
    return (values - values.mean()) / deviation if deviation > 1e-12 else values * 0


def main() -> None:
    args = arguments(__doc__)
    beir, prepared = open_store(args)
    searcher = Searcher(prepared.index(prepared.settings))
    ranker = DocumentRanker(prepared.store, beir.qrels)
    queries = [q for q in beir.queries if q.id in beir.qrels]
    log(f"capturing the legs of {len(queries)} queries")
    captured = [capture(searcher, q.text, q, ranker.chunk_doc) for q in queries]
    log("translating every chunk and the queries for the gated legs")
    gated_legs(searcher, captured, {q.id: q.text for q in queries})
    coll = Collection(searcher, ranker)
    rows = []
    for family, params in [("shipped", {}), *VARIANTS]:
        scores = {}
        for q in captured:
            documents = ranked(coll, q, family, params)
            scores[q.id] = (ndcg(documents, beir.qrels[q.id], 10), recall(documents, beir.qrels[q.id], 10), q.group)
        rows.append(_row(family, params, scores))
    base = rows[0]["per_query"]
    for row in rows:
        row["difference"] = {m: round(v, 4) for m, v in paired_difference(row.pop("per_query"), base).items()}
    report = {"set": beir.name, "queries": len(queries), "rank_fused": sum(q.found is not None for q in captured),
              "variants": rows}
    if emit(report, args):
        return
    groups = sorted({q.group for q in queries if q.group})
    print(f"\n### {beir.name}: {len(queries)} queries, {report['rank_fused']} fused by rank across languages\n")
    print("| family | variant | nDCG@10 | " + " | ".join(groups) + " | cross-language Recall@10 | difference |")
    print("| --- " * (5 + len(groups)) + "|")
    for r in rows:
        d = r["difference"]
        print(f"| {r['family']} | {r['params']} | {r['ndcg@10']:.3f} | "
              + " | ".join(f"{r['groups'].get(g, 0):.3f}" for g in groups)
              + f" | {r['cross_recall@10']:.3f} | {d['mean']:+.3f} ({d['low']:+.3f} to {d['high']:+.3f};"
                f" {d['wins']} / {d['losses']}) |")


def _row(family: str, params: Params, scores: dict[str, tuple[float, float, str | None]]) -> dict:
    groups: dict[str, list[float]] = defaultdict(list)
    for value, _, group in scores.values():
        groups[group or "all"].append(value)
    cross = [r for _, r, group in scores.values() if group == "cross"]
    return {"family": family, "params": ", ".join(f"{k} {v}" for k, v in params.items()),
            "ndcg@10": float(np.mean([s[0] for s in scores.values()])),
            "groups": {g: float(np.mean(v)) for g, v in groups.items()},
            "cross_recall@10": float(np.mean(cross)) if cross else 0.0,
            "per_query": {q: s[0] for q, s in scores.items()}}


if __name__ == "__main__":
    main()
