"""The legs of each judged query captured once as ``kb eval`` ranks them (hybrid, 1,000 chunks a leg), the
rankings of the gated legs beside them, and the collection's centred vectors they are replayed over
(``benchmarks/second_stage.py``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kb.store import Filters
from kb.text import detect_language
from search import Searcher, translate
from search import legs as legs_module
from search.champion import OWN, agreed_first
from search.evaluate import DocumentRanker
from search.id_fusion import fuse_ids
from search.legs import LEG_ORDER, Legs
from search.ranked import Ranked

DEPTH = 100  # documents per query, from DEPTH x 10 chunks a leg (as kb eval)
OTHER = {"zh": "en", "en": "zh"}


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
            return unit(query)
        rows = self.of(chunks)
        return unit(query) + share * unit((rows / np.linalg.norm(rows, axis=1, keepdims=True)).mean(axis=0))

    def fuse(self, found: dict[str, list[int]], weights: dict[str, float]) -> list[int]:
        """The final rank fusion across languages, with the document support, and the document both own legs rank
        first kept first (search/champion.py), as search does it."""
        names = sorted(found, key=lambda n: LEG_ORDER.index(n) if n in LEG_ORDER else len(LEG_ORDER))
        fused = fuse_ids({n: found[n] for n in names}, weights, k=self.rrf_k, support=(self.codes, self.support))
        legs = {n: Ranked(np.asarray(found[n], dtype=np.int64), np.zeros(len(found[n]))) for n in OWN if n in found}
        return agreed_first(fused, legs, self.codes).ids.tolist()

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


def unit(vector: np.ndarray) -> np.ndarray:
    """The vector at length 1 (a zero vector stays zero)."""
    return vector / max(float(np.linalg.norm(vector)), 1e-12)
