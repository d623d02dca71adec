"""Search: keyword, semantic or hybrid; filters applied inside each leg; hits grouped by document."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import InvalidInput, NotFound
from kb.store import Filters
from search.hybrid import Fused, reciprocal_rank_fusion
from search.index import SearchIndex
from search.keyword import keyword_search
from search.results import DocumentGroup, Hit, SearchResults
from search.segment import query_terms
from search.snippets import highlight_html, make_snippet
from search.vector_index import IndexMismatch

MODES = ("keyword", "semantic", "hybrid")
MAX_QUERY_CHARS = 2000  # longer queries are cut (the model and BM25 gain nothing from more)
DUPLICATE_COSINE = 0.97


@dataclass
class SearchQuery:
    """What to search for and how."""

    text: str
    mode: str = "hybrid"
    filters: Filters = field(default_factory=lambda: Filters(include_hidden=False))
    limit: int = 10  # documents per page
    offset: int = 0
    hits_per_document: int = 3
    depth: int = 200  # chunks fetched per leg

    def validate(self) -> None:
        """Raise InvalidInput for an unusable query."""
        if self.mode not in MODES:
            raise InvalidInput(f"unknown mode '{self.mode}'; use one of: {', '.join(MODES)}")
        if not self.text or not self.text.strip():
            raise InvalidInput("the query is empty")
        if not 1 <= self.limit <= 200:
            raise InvalidInput("limit must be between 1 and 200")
        if self.offset < 0:
            raise InvalidInput("offset must not be negative")


class Searcher:
    """Runs queries against one store's index."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.store = index.store
        self.settings = index.settings

    # ---- search ---------------------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results, grouped by document, with highlighted snippets."""
        started = time.perf_counter()
        query.validate()
        text = query.text.strip()[:MAX_QUERY_CHARS]
        notes: list[str] = []
        depth = max(query.depth, (query.offset + query.limit) * 4)
        fused = self.rank(text, query.mode, query.filters, depth=depth, notes=notes)
        rows = self._details([f.id for f in fused])  # type: ignore[misc]
        hits = self._collapse([self._hit(f, rows[f.id]) for f in fused if f.id in rows], rows)  # type: ignore[index]
        groups = self._group(hits, query.hits_per_document)
        page = groups[query.offset:query.offset + query.limit]
        page = [self._with_snippets(g, text) for g in page]
        return SearchResults(query=query.text, mode=query.mode, total=len(groups), offset=query.offset,
                             groups=page, took_ms=(time.perf_counter() - started) * 1000, notes=notes)

    def rank(self, text: str, mode: str, filters: Filters, *, depth: int = 200,
             notes: list[str] | None = None) -> list[Fused]:
        """Fused chunk ranking (ids are chunk ids), best first."""
        notes = notes if notes is not None else []
        where, params = self._where(filters)
        legs: dict[str, list[int]] = {}

        def keyword(query: str) -> list[int]:
            return [i for i, _ in keyword_search(self.store.conn, query, limit=depth, where=where, params=params)]

        if mode in ("keyword", "hybrid"):
            legs["keyword"] = keyword(text)
        if mode in ("semantic", "hybrid"):
            try:
                legs["semantic"] = self._semantic(text, filters, where, params, depth)
            except IndexMismatch as exc:
                if mode == "semantic":
                    raise
                notes.append(f"semantic search unavailable ({exc}); showing keyword results only")
        weights = self.weights()
        if mode == "hybrid" and weights["translated"] > 0:
            translated = self.translated_terms(text)
            legs["translated"] = keyword(" ".join(translated)) if translated else []
        if mode == "hybrid" and weights["feedback"] > 0:
            first = reciprocal_rank_fusion(legs, weights, k=self.settings.rrf_k)
            terms = self.feedback_terms([f.id for f in first[:self.settings.feedback_chunks]])  # type: ignore[misc]
            legs["feedback"] = keyword(" ".join(terms)) if terms else []
        return reciprocal_rank_fusion(legs, weights, k=self.settings.rrf_k)

    def weights(self) -> dict[str, float]:
        """The weight of each leg in hybrid fusion, from the settings."""
        s = self.settings
        return {"keyword": s.keyword_weight, "semantic": s.semantic_weight, "translated": s.translated_weight,
                "feedback": s.feedback_weight}

    def translated_terms(self, text: str) -> list[str]:
        """The query's words in the other language (Chinese <-> English), as far as the collection has them."""
        from search.translate import get_translator

        self.index.vocabulary.refresh(self.store.conn)
        glossaries = [Path(self.settings.glossary)] if self.settings.glossary else []
        return get_translator(glossaries).terms(text, self.index.vocabulary.df)

    def feedback_terms(self, chunk_ids: list[int]) -> list[str]:
        """The most distinctive terms of the first results (pseudo-relevance feedback, in any language)."""
        if not chunk_ids:
            return []
        vocabulary = self.index.vocabulary
        vocabulary.refresh(self.store.conn)
        rows = self.store.conn.execute(
            f"SELECT text FROM chunks WHERE id IN ({', '.join('?' * len(chunk_ids))})", chunk_ids).fetchall()
        counts: dict[str, int] = {}
        for (text,) in rows:
            for term in set(query_terms(text, limit=10_000)):
                counts[term] = counts.get(term, 0) + 1
        total = max(vocabulary.size, 1)
        scored = []
        for term, count in counts.items():
            df = vocabulary.df(term)
            if 0 < df <= total / 2:
                scored.append((count * math.log(total / df), term))
        scored.sort(reverse=True)
        return [term for _, term in scored[:self.settings.feedback_terms]]

    def _semantic(self, text: str, filters: Filters, where: str, params: list[Any], depth: int) -> list[int]:
        vectors = self.index.vectors()
        if len(vectors) == 0:
            return []
        query = self.index.embedder().encode_query(text)
        if _has_user_filters(filters):
            allowed = self._allowed_ids(where, params)
            return [i for i, _ in vectors.search(query, depth, allowed=allowed)]
        hidden = self._hidden_chunks() if not filters.include_hidden else set()
        found = vectors.search(query, depth + len(hidden))
        return [i for i, _ in found if i not in hidden][:depth]

    def _allowed_ids(self, where: str, params: list[Any]) -> np.ndarray:
        rows = self.store.conn.execute(
            f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id {'WHERE ' + where if where else ''}",
            params).fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def _hidden_chunks(self) -> set[int]:
        return {r[0] for r in self.store.conn.execute(
            "SELECT c.id FROM chunks c JOIN lessons l ON l.id = c.lesson_id WHERE l.review_status = 'hidden'")}

    def _where(self, filters: Filters, alias_chunks: str = "c") -> tuple[str, list[Any]]:
        clauses, params = filters.document_clauses("d")
        if filters.kind:
            marks = ", ".join("?" * len(filters.kind))
            clauses.append(f"({alias_chunks}.lesson_id IN (SELECT id FROM lessons WHERE kind IN ({marks}))"
                           f" OR {alias_chunks}.section_id IN (SELECT id FROM sections WHERE kind IN ({marks})))")
            params.extend([*filters.kind, *filters.kind])
        tags = filters.tag_names()
        if tags:
            marks = ", ".join("?" * len(tags))
            having = " GROUP BY x.{col} HAVING count(DISTINCT t.id) = ?" if filters.tags_mode == "all" else ""
            doc_sub = (f"SELECT x.document_id FROM document_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name IN"
                       f" ({marks})" + having.format(col="document_id"))
            lesson_sub = (f"SELECT x.lesson_id FROM lesson_tags x JOIN tags t ON t.id = x.tag_id WHERE t.name IN"
                          f" ({marks})" + having.format(col="lesson_id"))
            clauses.append(f"(d.id IN ({doc_sub}) OR {alias_chunks}.lesson_id IN ({lesson_sub}))")
            extra = [*tags, len(tags)] if filters.tags_mode == "all" else tags
            params.extend([*extra, *extra])
        if not filters.include_hidden:
            clauses.append(f"({alias_chunks}.lesson_id IS NULL OR {alias_chunks}.lesson_id NOT IN"
                           f" (SELECT id FROM lessons WHERE review_status = 'hidden'))")
        return " AND ".join(clauses), params

    # ---- results --------------------------------------------------------------------------------
    def _details(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for row in self.store.rows(
                    "SELECT c.id, c.kind, c.lesson_id, c.section_id, c.text AS chunk_text, d.key, d.title, d.project,"
                    " d.date, d.doc_type, d.language, d.source_path, l.kind AS lesson_kind, l.text AS lesson_text,"
                    " l.text_hash AS lesson_hash, l.review_status, s.heading FROM chunks c"
                    " JOIN documents d ON d.id = c.document_id LEFT JOIN lessons l ON l.id = c.lesson_id"
                    f" LEFT JOIN sections s ON s.id = c.section_id WHERE c.id IN ({', '.join('?' * len(part))})",
                    part):
                found[row["id"]] = row
        return found

    def _hit(self, fused: Fused, row: dict[str, Any]) -> Hit:
        if row["kind"] == "lesson" and row["lesson_text"]:
            text = row["lesson_text"]
        else:
            text = row["chunk_text"].split("\n", 1)[-1]
        return Hit(chunk_id=row["id"], kind=row["kind"], document_key=row["key"], document_title=row["title"],
                   score=fused.score, legs=fused.legs, snippet="", snippet_html="", text=text,
                   lesson_id=row["lesson_id"], lesson_kind=row["lesson_kind"], section_id=row["section_id"],
                   heading=row["heading"], project=row["project"], date=row["date"], doc_type=row["doc_type"],
                   language=row["language"], source_path=row["source_path"], review_status=row["review_status"])

    def _collapse(self, hits: list[Hit], rows: dict[int, dict[str, Any]]) -> list[Hit]:
        """Fold near-duplicate lessons (same text, or nearly the same vector) into the best-ranked one."""
        kept: list[Hit] = []
        by_hash: dict[str, int] = {}
        extra: dict[int, list[str]] = {}
        lesson_slots: list[int] = []
        vectors = self._lesson_vectors([h for h in hits[:150] if h.kind == "lesson"])
        for hit in hits:
            text_hash = rows[hit.chunk_id]["lesson_hash"]
            target = by_hash.get(text_hash) if text_hash else None
            if target is None and hit.chunk_id in vectors:
                vec = vectors[hit.chunk_id]
                for slot in lesson_slots:
                    other = kept[slot]
                    if other.document_key != hit.document_key and other.chunk_id in vectors and \
                            float(vec @ vectors[other.chunk_id]) >= DUPLICATE_COSINE:
                        target = slot
                        break
            if target is not None and kept[target].document_key != hit.document_key:
                extra.setdefault(target, []).append(hit.document_key)
                continue
            slot = len(kept)
            kept.append(hit)
            if hit.kind == "lesson":
                lesson_slots.append(slot)
                if text_hash:
                    by_hash.setdefault(text_hash, slot)
        return [_replace(h, duplicates=tuple(dict.fromkeys(extra.get(i, [])))) for i, h in enumerate(kept)]

    def _lesson_vectors(self, hits: list[Hit]) -> dict[int, np.ndarray]:
        try:
            vectors = self.index.vectors()
        except IndexMismatch:
            return {}
        present = [h.chunk_id for h in hits]
        if not present:
            return {}
        try:
            data = vectors.vectors(present)
        except RuntimeError:  # an id missing from the index (it is being repaired)
            return {}
        return dict(zip(present, data))

    @staticmethod
    def _group(hits: list[Hit], per_document: int) -> list[DocumentGroup]:
        groups: dict[str, DocumentGroup] = {}
        for hit in hits:
            group = groups.get(hit.document_key)
            if group is None:
                group = groups[hit.document_key] = DocumentGroup(
                    hit.document_key, hit.document_title, hit.project, hit.date, hit.doc_type, hit.language,
                    hit.score, [])
            if hit.kind == "section" and any(h.kind == "lesson" and h.text in hit.text for h in group.hits):
                continue
            if len(group.hits) < per_document:
                group.hits.append(hit)
            else:
                group.more += 1
        return list(groups.values())

    @staticmethod
    def _with_snippets(group: DocumentGroup, query: str) -> DocumentGroup:
        hits = []
        for hit in group.hits:
            snippet, spans = make_snippet(hit.text, query)
            hits.append(_replace(hit, snippet=snippet, snippet_html=highlight_html(snippet, spans)))
        group.hits = hits
        return group

    # ---- similar past issues --------------------------------------------------------------------
    def similar(self, *, lesson_id: int | None = None, text: str | None = None, limit: int = 10,
                other_projects: bool = True, mode: str = "hybrid") -> list[Hit]:
        """Lessons from other documents (and, by default, other projects) most like a lesson or a description.

        Raises:
            NotFound: no such lesson.
            InvalidInput: neither a lesson nor a text was given.
        """
        exclude_doc, exclude_project, vector = None, None, None
        if lesson_id is not None:
            lesson = self.store.lesson(lesson_id)
            text = lesson["text"]
            exclude_doc = lesson["document_key"]
            exclude_project = lesson["project"] if other_projects else None
            vector = self._chunk_vector(lesson_id)
        if not text or not text.strip():
            raise InvalidInput("describe the problem, or give a lesson id")
        text = text.strip()[:MAX_QUERY_CHARS]
        clauses = ["c.kind = 'lesson'", "(c.lesson_id NOT IN (SELECT id FROM lessons WHERE review_status = 'hidden'))"]
        params: list[Any] = []
        if exclude_doc:
            clauses.append("d.key != ?")
            params.append(exclude_doc)
        if exclude_project:
            clauses.append("(d.project IS NULL OR d.project != ?)")
            params.append(exclude_project)
        where = " AND ".join(clauses)
        depth = max(50, limit * 5)
        legs: dict[str, list[int]] = {}
        if mode in ("keyword", "hybrid"):
            legs["keyword"] = [i for i, _ in keyword_search(self.store.conn, text, limit=depth, where=where,
                                                            params=params)]
        if mode in ("semantic", "hybrid"):
            vectors = self.index.vectors()
            query = vector if vector is not None else self.index.embedder().encode_query(text)
            legs["semantic"] = [i for i, _ in vectors.search(query, depth, allowed=self._allowed_ids(where, params))]
        weights = {"keyword": self.settings.keyword_weight, "semantic": self.settings.semantic_weight}
        fused = reciprocal_rank_fusion(legs, weights, k=self.settings.rrf_k)
        rows = self._details([f.id for f in fused])  # type: ignore[misc]
        hits = self._collapse([self._hit(f, rows[f.id]) for f in fused if f.id in rows], rows)  # type: ignore[index]
        out = []
        for hit in hits[:limit]:
            snippet, spans = make_snippet(hit.text, text if query_terms(text) else "")
            out.append(_replace(hit, snippet=snippet, snippet_html=highlight_html(snippet, spans)))
        return out

    def _chunk_vector(self, lesson_id: int) -> np.ndarray | None:
        chunk = self.store.scalar("SELECT id FROM chunks WHERE lesson_id = ? AND kind = 'lesson'", [lesson_id])
        if chunk is None:
            return None
        try:
            return self.index.vectors().vectors([int(chunk)])[0]
        except (IndexMismatch, RuntimeError):
            return None


def _has_user_filters(filters: Filters) -> bool:
    return bool(filters.project or filters.tags or filters.doc_type or filters.kind or filters.language
                or filters.department or filters.since or filters.until or filters.document or filters.review_status)


def _replace(hit: Hit, **changes: Any) -> Hit:
    from dataclasses import replace

    return replace(hit, **changes)


__all__ = ["MODES", "NotFound", "SearchQuery", "Searcher"]
