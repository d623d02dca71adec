"""Search: keyword, semantic or hybrid; filters applied inside each leg; hits grouped by document."""

from __future__ import annotations

import math
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
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
DUPLICATE_WINDOW = 60  # lesson candidates compared by vector
EXPANSION_TERMS = 20
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kb-search")  # terms kept in a translated or feedback query


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
        candidates = self._collapse(fused)
        groups = self._group(candidates, query.hits_per_document)
        page = self._page(groups[query.offset:query.offset + query.limit], text, query.hits_per_document)
        return SearchResults(query=query.text, mode=query.mode, total=len(groups), offset=query.offset,
                             groups=page, took_ms=(time.perf_counter() - started) * 1000, notes=notes,
                             document_ids=[group[0].document_id for group in groups],
                             lesson_ids=[c.lesson_id for c in candidates if c.lesson_id is not None])

    def rank(self, text: str, mode: str, filters: Filters, *, depth: int = 200,
             notes: list[str] | None = None) -> list[Fused]:
        """Fused chunk ranking (ids are chunk ids), best first."""
        notes = notes if notes is not None else []
        where, params = self._where(filters)
        legs: dict[str, list[int]] = {}

        vocabulary = self.index.refresh_vocabulary()
        weights = self.weights()

        def keyword(query: str, expansion: bool = False, conn: sqlite3.Connection | None = None) -> list[int]:
            # Expansion queries (translations, feedback terms) keep only their most distinctive terms.
            share = self.settings.common_term_share / (2.5 if expansion else 1)
            return [i for i, _ in keyword_search(conn or self.store.conn, query, limit=depth, where=where,
                                                 params=params, vocabulary=vocabulary, common_share=share,
                                                 max_terms=EXPANSION_TERMS if expansion else None)]

        def translated_leg(terms: list[str]) -> list[int]:
            # On its own connection, so SQLite can run it on the other core while this thread works.
            conn = self.store.reader()
            try:
                return keyword(" ".join(terms), expansion=True, conn=conn)
            finally:
                conn.close()

        translated = self.translated_terms(text) if mode == "hybrid" and weights["translated"] > 0 else []
        pending = _POOL.submit(translated_leg, translated) if translated else None
        if mode == "hybrid" and weights["translated"] > 0 and not translated:
            legs["translated"] = []
        try:
            if mode in ("keyword", "hybrid"):
                legs["keyword"] = keyword(text)
            if mode in ("semantic", "hybrid"):
                try:
                    legs["semantic"] = self._semantic(text, filters, where, params, depth)
                except IndexMismatch as exc:
                    if mode == "semantic":
                        raise
                    notes.append(f"semantic search unavailable ({exc}); showing keyword results only")
        finally:
            if pending is not None:
                legs["translated"] = pending.result()
        if mode == "hybrid" and weights["feedback"] > 0:
            first = reciprocal_rank_fusion(legs, weights, k=self.settings.rrf_k)
            terms = self.feedback_terms([f.id for f in first[:self.settings.feedback_chunks]])  # type: ignore[misc]
            legs["feedback"] = keyword(" ".join(terms), expansion=True) if terms else []
        return reciprocal_rank_fusion(legs, weights, k=self.settings.rrf_k)

    def weights(self) -> dict[str, float]:
        """The weight of each leg in hybrid fusion, from the settings."""
        s = self.settings
        return {"keyword": s.keyword_weight, "semantic": s.semantic_weight, "translated": s.translated_weight,
                "feedback": s.feedback_weight}

    def translated_terms(self, text: str) -> list[str]:
        """The query's words in the other language (Chinese <-> English), as far as the collection has them."""
        from search.translate import get_translator

        vocabulary = self.index.refresh_vocabulary()
        glossaries = [Path(self.settings.glossary)] if self.settings.glossary else []
        return get_translator(glossaries).terms(text, vocabulary.df)

    def feedback_terms(self, chunk_ids: list[int]) -> list[str]:
        """The most distinctive terms of the first results (pseudo-relevance feedback, in any language)."""
        if not chunk_ids:
            return []
        vocabulary = self.index.refresh_vocabulary()
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
            if 0 < df <= min(total / 2, vocabulary.common_limit(self.settings.common_term_share)):
                scored.append((count * math.log(total / df), term))
        scored.sort(reverse=True)
        return [term for _, term in scored[:self.settings.feedback_terms]]

    def _semantic(self, text: str, filters: Filters, where: str, params: list[Any], depth: int) -> list[int]:
        vectors = self.index.vectors()
        if len(vectors) == 0:
            return []
        query = self.index.embedder().encode_query(text)
        floor = self.settings.semantic_min_score
        if _has_user_filters(filters):
            allowed = self._allowed_ids(where, params)
            return [i for i, s in vectors.search(query, depth, allowed=allowed) if s >= floor]
        hidden = self._hidden_chunks() if not filters.include_hidden else set()
        found = vectors.search(query, depth + len(hidden))
        return [i for i, s in found if i not in hidden and s >= floor][:depth]

    def _allowed_ids(self, where: str, params: list[Any]) -> np.ndarray:
        rows = self.store.conn.execute(
            f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id {'WHERE ' + where if where else ''}",
            params).fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def _hidden_chunks(self) -> set[int]:
        if not self.store.scalar("SELECT EXISTS (SELECT 1 FROM lessons WHERE review_status = 'hidden')"):
            return set()
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

    # ---- results ---------------------------------------------------------------------------------
    def _light(self, ids: list[int]) -> dict[int, tuple[int, str, int | None, str | None]]:
        """chunk id -> (document id, chunk kind, lesson id, lesson text hash), for every candidate."""
        found: dict[int, tuple[int, str, int | None, str | None]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for cid, doc_id, kind, lesson_id, lesson_hash in self.store.conn.execute(
                    "SELECT c.id, c.document_id, c.kind, c.lesson_id, l.text_hash FROM chunks c"
                    " LEFT JOIN lessons l ON l.id = c.lesson_id"
                    f" WHERE c.id IN ({', '.join('?' * len(part))})", part):
                found[cid] = (doc_id, kind, lesson_id, lesson_hash)
        return found

    def _collapse(self, fused: list[Fused]) -> list[_Candidate]:
        """Fold near-duplicate lessons (same text, or nearly the same vector) into the best-ranked one."""
        light = self._light([f.id for f in fused])  # type: ignore[misc]
        candidates = [_Candidate(f, *light[f.id]) for f in fused if f.id in light]  # type: ignore[index]
        kept: list[_Candidate] = []
        by_hash: dict[str, _Candidate] = {}
        lessons = [c for c in candidates if c.kind == "lesson"][:DUPLICATE_WINDOW]
        near = self._near_duplicates(lessons)
        for cand in candidates:
            target = by_hash.get(cand.lesson_hash) if cand.lesson_hash else None
            target = target or near.get(cand.chunk_id)
            if target is not None and target.document_id != cand.document_id:
                target.duplicates.append(cand.document_id)
                continue
            kept.append(cand)
            if cand.lesson_hash:
                by_hash.setdefault(cand.lesson_hash, cand)
        return kept

    def _near_duplicates(self, lessons: list[_Candidate]) -> dict[int, _Candidate]:
        """Later lessons whose vector is nearly the same as an earlier one's (cosine >= DUPLICATE_COSINE)."""
        if len(lessons) < 2:
            return {}
        try:
            matrix = self.index.vectors().vectors([c.chunk_id for c in lessons])
        except (IndexMismatch, RuntimeError):
            return {}
        sims = matrix @ matrix.T
        out: dict[int, _Candidate] = {}
        for j in range(1, len(lessons)):
            i = int(np.argmax(sims[j, :j]))
            if sims[j, i] >= DUPLICATE_COSINE and lessons[i].document_id != lessons[j].document_id:
                out[lessons[j].chunk_id] = out.get(lessons[i].chunk_id, lessons[i])
        return out

    @staticmethod
    def _group(candidates: list[_Candidate], per_document: int) -> list[list[_Candidate]]:
        groups: dict[int, list[_Candidate]] = {}
        for cand in candidates:
            groups.setdefault(cand.document_id, []).append(cand)
        return list(groups.values())

    def _page(self, groups: list[list[_Candidate]], query: str, per_document: int) -> list[DocumentGroup]:
        """Full hits, with snippets, for the groups on the page only."""
        wanted = [c for group in groups for c in group[:per_document + 3]]
        rows = self._details([c.chunk_id for c in wanted])
        keys = self._document_keys({d for c in wanted for d in c.duplicates})
        out = []
        for group in groups:
            hits: list[Hit] = []
            for cand in group[:per_document + 3]:
                row = rows.get(cand.chunk_id)
                if row is None:
                    continue
                hit = self._hit(cand, row, query, keys)
                if hit.kind == "section" and any(h.kind == "lesson" and h.text in hit.text for h in hits):
                    continue
                hits.append(hit)
            if not hits:
                continue
            first = hits[0]
            shown = hits[:per_document]
            out.append(DocumentGroup(first.document_key, first.document_title, first.project, first.date,
                                     first.doc_type, first.language, group[0].fused.score, shown,
                                     more=len(group) - len(shown)))
        return out

    def _details(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for row in self.store.rows(
                    "SELECT c.id, c.kind, c.lesson_id, c.section_id, c.text AS chunk_text, d.key, d.title, d.project,"
                    " d.date, d.doc_type, d.language, d.source_path, l.kind AS lesson_kind, l.text AS lesson_text,"
                    " l.review_status, s.heading FROM chunks c"
                    " JOIN documents d ON d.id = c.document_id LEFT JOIN lessons l ON l.id = c.lesson_id"
                    f" LEFT JOIN sections s ON s.id = c.section_id WHERE c.id IN ({', '.join('?' * len(part))})",
                    part):
                found[row["id"]] = row
        return found

    def _document_keys(self, doc_ids: set[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        ids = sorted(doc_ids)
        return {i: k for i, k in self.store.conn.execute(
            f"SELECT id, key FROM documents WHERE id IN ({', '.join('?' * len(ids))})", ids)}

    @staticmethod
    def _hit(cand: _Candidate, row: dict[str, Any], query: str, keys: dict[int, str]) -> Hit:
        if row["kind"] == "lesson" and row["lesson_text"]:
            text = row["lesson_text"]
        else:
            text = row["chunk_text"].split("\n", 1)[-1]
        snippet, spans = make_snippet(text, query)
        return Hit(chunk_id=row["id"], kind=row["kind"], document_key=row["key"], document_title=row["title"],
                   score=cand.fused.score, legs=cand.fused.legs, snippet=snippet,
                   snippet_html=highlight_html(snippet, spans), text=text, lesson_id=row["lesson_id"],
                   lesson_kind=row["lesson_kind"], section_id=row["section_id"], heading=row["heading"],
                   project=row["project"], date=row["date"], doc_type=row["doc_type"], language=row["language"],
                   source_path=row["source_path"], review_status=row["review_status"],
                   duplicates=tuple(dict.fromkeys(keys[d] for d in cand.duplicates if d in keys)))

    # ---- similar past issues --------------------------------------------------------------------
    def similar(self, *, lesson_id: int | None = None, text: str | None = None, limit: int = 10,
                other_projects: bool = True, mode: str = "hybrid", exclude_document: str | None = None,
                exclude_project: str | None = None) -> list[Hit]:
        """Lessons from other documents (and, by default, other projects) most like a lesson or a description.

        Raises:
            NotFound: no such lesson.
            InvalidInput: neither a lesson nor a text was given.
        """
        exclude_doc, vector = exclude_document, None
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
        candidates = self._collapse(fused)[:limit]
        rows = self._details([c.chunk_id for c in candidates])
        keys = self._document_keys({d for c in candidates for d in c.duplicates})
        return [self._hit(c, rows[c.chunk_id], text, keys) for c in candidates if c.chunk_id in rows]

    def similar_to_document(self, key: str, *, limit: int = 6, other_projects: bool = True,
                            per_lesson: int = 20) -> list[Hit]:
        """Lessons from other documents (and projects) like the problems this document describes.

        Each of the document's problem lessons (went wrong, root cause, lesson) finds its nearest lessons
        elsewhere; the lists are fused, so the result covers the document's several problems.
        """
        doc = self.store.document(key)
        kinds = ("went_wrong", "root_cause", "lesson")
        problems = [l["id"] for l in doc["lessons"] if l["kind"] in kinds and l["review_status"] != "hidden"][:12]
        if not problems:
            return self.similar(text=f"{doc['title']}\n{doc['raw_text'][:1500]}", limit=limit, exclude_document=key,
                                exclude_project=doc["project"] if other_projects else None)
        where = "c.kind = 'lesson' AND d.key != ? AND c.lesson_id NOT IN (SELECT id FROM lessons WHERE review_status = 'hidden')"
        params: list[Any] = [key]
        if other_projects and doc["project"]:
            where += " AND (d.project IS NULL OR d.project != ?)"
            params.append(doc["project"])
        allowed = self._allowed_ids(where, params)
        vectors = self.index.vectors()
        legs = {}
        for lesson_id in problems:
            vector = self._chunk_vector(lesson_id)
            if vector is not None:
                found = vectors.search(vector, per_lesson, allowed=allowed)
                legs[str(lesson_id)] = [i for i, s in found if s >= self.settings.semantic_min_score]
        fused = reciprocal_rank_fusion(legs, k=self.settings.rrf_k)
        candidates = self._collapse(fused)
        seen_docs: set[int] = set()
        picked = []
        for cand in candidates:  # one lesson per document, so the list spans several documents
            if cand.document_id not in seen_docs:
                seen_docs.add(cand.document_id)
                picked.append(cand)
            if len(picked) >= limit:
                break
        rows = self._details([c.chunk_id for c in picked])
        keys = self._document_keys({d for c in picked for d in c.duplicates})
        return [_semantic_hit(self._hit(c, rows[c.chunk_id], "", keys)) for c in picked if c.chunk_id in rows]

    def earlier_similar(self, lesson_id: int, *, before: str, min_score: float | None = None,
                        limit: int = 10) -> list[dict[str, Any]]:
        """Lessons of other projects, known before a time (or dated earlier), that describe the same problem.

        Used by the digest's "recurring problems": only close matches count (cosine >= ``min_score``).
        """
        lesson = self.store.lesson(lesson_id)
        vector = self._chunk_vector(lesson_id)
        if vector is None:
            vector = self.index.embedder().encode_query(lesson["text"])[0]
        floor = self.settings.recurring_min_score if min_score is None else min_score
        where = ["c.kind = 'lesson'", "d.key != ?", "c.lesson_id NOT IN (SELECT id FROM lessons WHERE review_status = 'hidden')",
                 "(d.first_ingested < ? OR (d.date IS NOT NULL AND ? IS NOT NULL AND d.date < ?))"]
        params: list[Any] = [lesson["document_key"], before, lesson["date"], lesson["date"]]
        if lesson["project"]:
            where.append("(d.project IS NULL OR d.project != ?)")
            params.append(lesson["project"])
        allowed = self._allowed_ids(" AND ".join(where), params)
        found = [(i, s) for i, s in self.index.vectors().search(vector, limit * 3, allowed=allowed) if s >= floor]
        rows = self._details([i for i, _ in found])
        out, seen = [], set()
        for chunk_id, score in found:
            row = rows.get(chunk_id)
            if row is None or row["lesson_id"] in seen:
                continue
            seen.add(row["lesson_id"])
            out.append({"lesson_id": row["lesson_id"], "text": row["lesson_text"], "project": row["project"],
                        "document_key": row["key"], "document_title": row["title"], "score": round(score, 3)})
        return out[:limit]

    def suggest_tags(self, key: str, *, limit: int = 8, neighbours: int = 10) -> list[tuple[str, float]]:
        """Tags of the documents most similar to this one that it does not have yet, best first."""
        doc_id = self.store.document_id(key)
        chunk_ids = [r[0] for r in self.store.conn.execute("SELECT id FROM chunks WHERE document_id = ?", [doc_id])]
        if not chunk_ids:
            return []
        try:
            vectors = self.index.vectors()
            centre = vectors.vectors(chunk_ids[:50]).mean(axis=0)
        except (IndexMismatch, RuntimeError):
            return []
        centre /= float(np.linalg.norm(centre)) or 1.0
        ranked: list[int] = []
        found = vectors.search(centre, 200)
        owners = dict(self.store.conn.execute(
            f"SELECT id, document_id FROM chunks WHERE id IN ({', '.join('?' * len(found))})",
            [i for i, _ in found]).fetchall()) if found else {}
        for chunk_id, _ in found:
            owner = owners.get(chunk_id)
            if owner is not None and owner != doc_id and owner not in ranked:
                ranked.append(owner)
            if len(ranked) >= neighbours:
                break
        have = {r[0] for r in self.store.conn.execute(
            "SELECT tag_id FROM document_tags WHERE document_id = ?", [doc_id])}
        scores: dict[str, float] = {}
        for rank, other in enumerate(ranked, start=1):
            for tag_id, label in self.store.conn.execute(
                    "SELECT t.id, t.label FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
                    " WHERE dt.document_id = ?", [other]):
                if tag_id not in have:
                    scores[label] = scores.get(label, 0.0) + 1.0 / rank
        return sorted(scores.items(), key=lambda kv: -kv[1])[:limit]

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


def _semantic_hit(hit: Hit) -> Hit:
    """A hit found by meaning alone (its legs name the problems it matched, which mean nothing to a reader)."""
    from dataclasses import replace

    return replace(hit, legs=("semantic",))


class _Candidate:
    """A fused chunk before it becomes a Hit (cheap: no text loaded)."""

    __slots__ = ("fused", "document_id", "kind", "lesson_id", "lesson_hash", "duplicates")

    def __init__(self, fused: Fused, document_id: int, kind: str, lesson_id: int | None,
                 lesson_hash: str | None) -> None:
        self.fused, self.document_id, self.kind = fused, document_id, kind
        self.lesson_id, self.lesson_hash = lesson_id, lesson_hash
        self.duplicates: list[int] = []

    @property
    def chunk_id(self) -> int:
        return int(self.fused.id)  # type: ignore[call-overload]


__all__ = ["MODES", "NotFound", "SearchQuery", "Searcher"]
