"""Earlier occurrences of a problem, for the digest's "recurring problems": the lessons of other projects, known
before a time, closest to each new problem lesson of a week, found for the whole week at once.

Part of the Searcher (a mixin, through ``SimilarSearches``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from kb.errors import NotFound
from kb.models import PROBLEM_KINDS
from kb.sql import placeholders
from search.vector_index import IndexMismatch
from search.visibility import VISIBLE

if TYPE_CHECKING:
    from kb.settings import Settings
    from kb.store import Store
    from search.assembly import Assembler
    from search.index import SearchIndex
    from search.vector_index import VectorIndex

Found = list[tuple[int, float]]  # (chunk id, score), best first
WIDEN = 4  # a week's batched search asks each row for this many times a lesson's candidates (all rows share ids)


class EarlierSearches:
    """``earlier_similar`` for one lesson and ``earlier_similar_many`` for a week's: the same answers, the second in a
    fixed number of statements and one FAISS search over the lessons' vectors."""

    index: SearchIndex
    assembler: Assembler
    store: Store
    settings: Settings

    def earlier_similar(self, lesson_id: int, *, before: str, min_score: float | None = None,
                        limit: int = 10) -> list[dict[str, Any]]:
        """Lessons of other projects, known before a time (or dated earlier), that describe the same problem.

        Used by the digest's "recurring problems": only close matches count (cosine >= ``min_score``), and only
        lessons that record a problem met (``PROBLEM_KINDS``: what went wrong, a root cause, a lesson learned). A
        lesson about what went well is no earlier occurrence of a problem, however alike its words ("the vendor
        delivered the interface early"); recommendations and action items say what to do next, not that the problem
        happened, so they do not count either.

        The earlier problem lessons are read from the database once for a ``before`` (``_EarlierProblems``) and
        narrowed in memory for each lesson: a digest asks for every new lesson of its week, and one query over all
        chunks per lesson was two thirds of the /curate/digest preview's time (BENCHMARKS.md, "Digest").

        Raises:
            NotFound: no such lesson.
        """
        return self.earlier_similar_many([lesson_id], before=before, min_score=min_score, limit=limit)[lesson_id]

    def earlier_similar_many(self, lesson_ids: list[int], *, before: str, min_score: float | None = None,
                             limit: int = 10) -> dict[int, list[dict[str, Any]]]:
        """``earlier_similar`` of each lesson, by lesson id: the lessons, their chunks' vectors and the found
        lessons' details read in one query each, whatever their number (a bulk-import week's 266 new problem lessons
        ran 1,250 statements one by one), and the lessons searched for as one matrix.

        Raises:
            NotFound: a lesson that does not exist (the first).
        """
        ids = list(dict.fromkeys(lesson_ids))
        lessons = self._lessons_by_id(ids)
        vectors = self._chunk_vectors(ids)
        for lesson_id in ids:
            if lesson_id not in vectors:  # not indexed yet: its text, embedded alone, as a query is
                vectors[lesson_id] = self.index.embedder().encode_query(lessons[lesson_id]["text"])[0]
        floor = self.settings.recurring_min_score if min_score is None else min_score
        earlier = self._earlier_problems(before)
        allowed = [earlier.allowed(lessons[i]["document_key"], lessons[i]["project"], lessons[i]["date"]) for i in ids]
        queries = np.stack([vectors[i] for i in ids]) if ids else np.zeros((0, 1), dtype=np.float32)
        found = [[(c, s) for c, s in row if s >= floor] for row in self._searched(queries, allowed, limit * 3, floor)]
        rows = self.assembler.details(sorted({c for row in found for c, _ in row}))
        return {lesson_id: _listed(row, rows, limit) for lesson_id, row in zip(ids, found, strict=True)}

    def _searched(self, queries: np.ndarray, allowed: list[np.ndarray], k: int, floor: float) -> list[Found]:
        """For each query row, its ``k`` nearest among its own allowed ids, as a search of each would find them
        (those above ``floor``, at least).

        A flat (exact) index searches every row at once among the union of the allowed ids, ``WIDEN`` times ``k``
        deep, and keeps each row's own; a row whose own ids were too few in that depth to be sure of its ``k`` (all
        of them as close as the last one read) is searched again alone. An IVF index's filtered search probes lists
        chosen for each row's ids, so its rows are searched alone."""
        vectors = self.index.vectors()
        if vectors.info.index_type != "flat" or len(queries) < 2:
            return [vectors.search(q, k, allowed=a) for q, a in zip(queries, allowed, strict=True)]
        union = np.unique(np.concatenate(allowed)) if allowed else np.zeros(0, dtype=np.int64)
        ids, scores = vectors.search_within(queries, k * WIDEN, union)
        return [_own(vectors, q, a, k, floor, row_ids, row_scores)
                for q, a, row_ids, row_scores in zip(queries, allowed, ids, scores, strict=True)]

    def _lessons_by_id(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """The lessons, as ``store.lesson`` reads each, by id."""
        rows, _ = self.store.lessons(ids=ids, limit=max(1, len(ids)))
        found = {row["id"]: row for row in rows}
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"no lesson {missing[0]}")
        return found

    def _chunk_vectors(self, lesson_ids: list[int]) -> dict[int, np.ndarray]:
        """The indexed vectors of these lessons' chunks, by lesson id (one without a chunk, or every one when the
        index does not match the store, has none)."""
        if not lesson_ids:
            return {}
        chunks = dict(self.store.conn.execute(
            "SELECT lesson_id, min(id) FROM chunks WHERE kind = 'lesson'"
            f" AND lesson_id IN ({placeholders(lesson_ids)}) GROUP BY lesson_id", lesson_ids).fetchall())
        if not chunks:
            return {}
        try:
            rows = self.index.vectors().vectors([int(c) for c in chunks.values()])
        except (IndexMismatch, RuntimeError):
            return {}
        return dict(zip(chunks, rows, strict=True))

    def _earlier_problems(self, before: str) -> _EarlierProblems:
        """The problem lessons readers see, with what ``earlier_similar`` narrows them by; read again when the
        database has changed since (a commit on any connection, a hidden lesson included) or for another time."""
        conn = self.store.conn
        marker = (before, conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
        cached = getattr(self, "_earlier_cache", None)
        if cached is None or cached[0] != marker:
            cached = (marker, _EarlierProblems.read(conn, before))
            self._earlier_cache = cached
        return cached[1]


def _own(vectors: VectorIndex, query: np.ndarray, allowed: np.ndarray, k: int, floor: float, ids: np.ndarray,
         scores: np.ndarray) -> Found:
    """A row of the union's search narrowed to its own allowed ids, when that is sure to be what a search among them
    alone finds above ``floor``: ``k`` of them read, or the union read to its end, or read down below the floor.
    Otherwise (the depth ran out among other lessons' ids, all still close) it is searched alone."""
    depth = len(ids)
    read = ids >= 0
    ids, scores = ids[read], scores[read]
    mine = np.isin(ids, allowed)
    if not len(ids) or mine.sum() >= k or len(ids) < depth or scores[-1] < floor:  # nothing read: none earlier
        return list(zip(ids[mine][:k].tolist(), scores[mine][:k].tolist()))
    return vectors.search(query, k, allowed=allowed)


def _listed(found: Found, rows: dict[int, dict[str, Any]], limit: int) -> list[dict[str, Any]]:
    """The found chunks as earlier lessons (one entry a lesson, best first), at most ``limit``."""
    out, seen = [], set()
    for chunk_id, score in found:
        row = rows.get(chunk_id)
        if row is None or row["lesson_id"] in seen:
            continue
        seen.add(row["lesson_id"])
        out.append({"lesson_id": row["lesson_id"], "text": row["lesson_text"], "project": row["project"],
                    "document_key": row["key"], "document_title": row["title"], "score": round(score, 3)})
    return out[:limit]


class _EarlierProblems:
    """The lesson chunks of problem kinds that readers see, known before a time: their chunk ids (sorted), documents,
    projects, dates, and whether each document was ingested before that time, as arrays to narrow per lesson."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        self.keys = np.array([r[1] for r in rows], dtype=str)
        self.projects = np.array([r[2] or "" for r in rows], dtype=str)  # "": none, nobody's project
        self.dates = np.array([r[3] or "" for r in rows], dtype=str)  # "": undated
        self.known = np.fromiter((bool(r[4]) for r in rows), dtype=bool, count=len(rows))

    @classmethod
    def read(cls, conn: Any, before: str) -> _EarlierProblems:
        """One query for every lesson of a digest, ordered by chunk id (a FAISS id selector wants them sorted)."""
        kinds = ", ".join(f"'{k}'" for k in PROBLEM_KINDS)
        rows = conn.execute(
            "SELECT c.id, d.key, d.project, d.date, d.first_ingested < ? FROM chunks c"
            " JOIN documents d ON d.id = c.document_id JOIN lessons l ON l.id = c.lesson_id"
            f" WHERE c.kind = 'lesson' AND l.kind IN ({kinds}) AND {VISIBLE} ORDER BY c.id", [before]).fetchall()
        return cls(rows)

    def allowed(self, document_key: str, project: str | None, date: str | None) -> np.ndarray:
        """Chunk ids of other documents and other projects (an unnamed project is nobody's), known before the time
        or dated before ``date``: the candidates for one lesson's earlier occurrences."""
        keep = self.keys != document_key
        if project:
            keep &= self.projects != project
        earlier = self.known.copy()
        if date:
            earlier |= (self.dates != "") & (self.dates < date)
        return self.ids[keep & earlier]
