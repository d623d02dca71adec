"""Where a query's legs search (its filters, the hidden chunks), and the semantic leg that searches there.

Part of the Searcher (a mixin): it uses the searcher's index, store and settings, and ``allowed_ids``
(search/similar.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.store import Filters
from kb.text import detect_language, fold_traditional
from search.conditions import filter_condition, has_user_filters, on_documents
from search.forward import LANGUAGES
from search.legs import Legs, Scope
from search.ranked import Ranked
from search.vector_index import IndexMismatch
from search.visibility import hidden_chunks

if TYPE_CHECKING:
    from kb.settings import Settings
    from kb.store import Store
    from search.index import SearchIndex


class ScopedLegs:
    """A query's scope (filters, hidden chunks) and its semantic leg."""

    index: SearchIndex
    store: Store
    settings: Settings

    def _scope(self, filters: Filters) -> Scope:
        """Where a query's legs search. Without user filters no join is needed: the chunks of hidden lessons (and
        of the sections that hold them, search/visibility.py) are dropped from the rankings instead. A filter on documents also gets the ids it allows, from the forward index: the
        vector search's id selector, and a shortcut for the keyword legs when the filter is broad. (Lesson kinds
        and tags need a join over every chunk, which only the vector search cannot do without.)"""
        if not has_user_filters(filters):
            return Scope(hidden=set() if filters.include_hidden else hidden_chunks(self.store.conn))
        where, params = filter_condition(self.store, filters)
        allowed = self._filtered_ids(filters, where, params) if where and on_documents(filters) else None
        return Scope(where, params, allowed)

    def _semantic_leg(self, legs: Legs, text: str, mode: str, filters: Filters, notes: list[str], *,
                      cosines: dict[int, float] | None = None, seed: np.ndarray | None = None,
                      nearest: list[int] | None = None) -> None:
        """The vector search; in hybrid mode a model built for another index only costs this leg (and
        ``cosines``, if given, receive its chunks' scores, ``nearest`` its nearest chunks before its cosine floor).
        ``seed``: the query's vector, if known (a lesson's)."""
        scope = legs.scope
        try:
            selector = self._filtered_ids(filters, scope.where, scope.params) \
                if scope.where and scope.allowed is None else scope.allowed
            embedded: list[np.ndarray] = []
            legs.put("semantic", self._semantic(text, legs.depth, allowed=selector, hidden=scope.hidden,
                                                cosines=cosines, vector=embedded, seed=seed, nearest=nearest))
            legs.vector = embedded[0] if embedded else None
        except IndexMismatch as exc:
            if mode == "semantic":
                raise
            notes.append(f"semantic search unavailable ({exc}); showing keyword results only")

    def _query_vectors(self, text: str) -> list[np.ndarray]:
        """The query's embedding; for one with Traditional characters, also that of its Simplified form
        (kb.text.fold_traditional): the model places 測試環境 at a cosine of 0.76 from 测试环境, so each is nearer the
        documents written its way."""
        embed = self.index.embedder().encode_query
        folded = fold_traditional(text)
        return [embed(text)] if folded == text else [embed(text), embed(folded)]

    def _semantic(self, text: str, depth: int, *, allowed: np.ndarray | None, hidden: set[int],
                  cosines: dict[int, float] | None = None, vector: list[np.ndarray] | None = None,
                  seed: np.ndarray | None = None, nearest: list[int] | None = None) -> Ranked:
        """Chunk ids nearest the query, with their similarity: among ``allowed`` ids (a filter) if given, never the
        ``hidden`` ones; ``cosines`` receive the scores of the chunks returned, ``vector`` the query's embedding (the
        ``seed`` vector if given, else the text's; a Traditional query's: the normalised sum of both forms'),
        ``nearest`` the ids of the chunks nearest it before ``semantic_min_score`` cuts them (the relevance floor's
        votes: a word or two is far from every passage). A Traditional query is searched in both forms, each chunk by
        its better cosine."""
        if len(self.index.vectors()) == 0:
            return Ranked.empty()
        queries = self._query_vectors(text) if seed is None else [seed.reshape(1, -1)]
        if vector is not None:
            both = np.sum(queries, axis=0)
            vector.append(both / (np.linalg.norm(both) or 1.0))
        ids, scores = self._nearest(queries, detect_language(text).value, depth + len(hidden), allowed)
        visible = ~np.isin(ids, np.fromiter(hidden, dtype=np.int64, count=len(hidden))) if hidden else None
        if nearest is not None:
            nearest.extend((ids if visible is None else ids[visible])[:depth].tolist())
        kept = scores >= self.settings.semantic_min_score
        if visible is not None:
            kept &= visible
        found = Ranked(ids[kept], scores[kept]).head(depth)
        if cosines is not None:
            cosines.update(zip(found.ids.tolist(), found.scores.tolist()))
        return found

    def _nearest(self, queries: list[np.ndarray], language: str, k: int, allowed: np.ndarray | None
                 ) -> tuple[np.ndarray, np.ndarray]:
        """The k chunks nearest any of the query vectors, each by its best score, best first."""
        if len(queries) == 1:
            return self.index.nearest_arrays(queries[0], language, k, allowed=allowed)
        best: dict[int, float] = {}
        for query in queries:
            ids, scores = self.index.nearest_arrays(query, language, k, allowed=allowed)
            for chunk, score in zip(ids.tolist(), scores.tolist(), strict=True):
                best[chunk] = max(score, best.get(chunk, score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]
        return (np.array([c for c, _ in ranked], dtype=np.int64), np.array([s for _, s in ranked], dtype=np.float64))

    def _filtered_ids(self, filters: Filters, where: str, params: list[Any]) -> np.ndarray:
        """The chunk ids a filter allows, sorted: the FAISS id selector, and the keyword legs' shortcut.

        A filter on documents alone (project, type, language, department, dates) is answered through the forward
        index instead of a join over every chunk (at 100k chunks, a language filter: about 110 ms that way). The
        forward index knows each chunk's language, so a language filter costs no SQL at all; the other document
        filters read the documents table's indexes. Lesson kinds and tags take the join.
        """
        if not on_documents(filters):
            return self.allowed_ids(where, params)
        languages = filters.language if set(filters.language) <= set(LANGUAGES) else []
        clauses, doc_params = replace(filters, language=[l for l in filters.language if l not in languages]) \
            .document_clauses("d")
        documents = None
        if clauses or not languages:
            rows = self.store.conn.execute(
                "SELECT d.id FROM documents d" + (f" WHERE {' AND '.join(clauses)}" if clauses else ""),
                doc_params).fetchall()
            documents = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        allowed = self.index.chunk_facts().select(documents=documents, languages=languages or None)
        hidden = set() if filters.include_hidden else hidden_chunks(self.store.conn)
        return allowed[~np.isin(allowed, np.fromiter(hidden, dtype=np.int64, count=len(hidden)))] if hidden else allowed
