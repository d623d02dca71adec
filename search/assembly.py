"""From a fused ranking to a page of results: fold near-duplicates, group by document, load only the hits shown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from kb.sql import placeholders
from kb.store import SOURCE_PATH, Store
from search.blas import one_blas_thread
from search.grouping import Candidate, Chunks, Group, fold, grouped
from search.hybrid import Fused
from search.index import SearchIndex
from search.query_marks import Marks
from search.ranked import FusedRanking
from search.results import DocumentGroup, Hit
from search.snippets import highlight_html, make_snippet, match_spans
from search.vector_index import IndexMismatch

DUPLICATE_COSINE = 0.97
DUPLICATE_WINDOW = 60  # lesson candidates compared by vector


class Assembler:
    """Turns fused chunk ids into grouped, collapsed hits."""

    def __init__(self, store: Store, index: SearchIndex) -> None:
        self.store = store
        self.index = index

    def chunks(self, fused: Sequence[Fused]) -> tuple[Chunks, list[int]]:
        """The fused chunks the forward index holds, as columns (search/grouping.py), and the rows of those whose
        document is still in the store, in order (between an ingest that removes a document and the sync that takes
        its chunks out of the index, the index and the forward index still hold them)."""
        ids = fused.ids.tolist() if isinstance(fused, FusedRanking) else [int(f.id) for f in fused]  # type: ignore[call-overload]
        known, documents, kinds, lessons, hashes = self.index.chunk_facts().columns(ids)
        places = [place for place, ok in enumerate(known) if ok]
        chunks = Chunks(fused, places, [ids[p] for p in places], [documents[p] for p in places],
                        [kinds[p] for p in places], [lessons[p] for p in places], [hashes[p] for p in places])
        found = self.stored(set(chunks.documents))
        rows = [row for row, document in enumerate(chunks.documents) if document in found]
        return chunks, rows

    def folded(self, fused: Sequence[Fused]) -> tuple[Chunks, list[int]]:
        """The fused chunks as columns, and the rows kept once near-duplicate lessons (same text, or nearly the same
        vector) are folded into the best-ranked one, among the documents still in the store (a removed document's
        lesson must not swallow a live copy of it)."""
        chunks, rows = self.chunks(fused)
        lessons = [row for row in rows if chunks.kinds[row] == "lesson"][:DUPLICATE_WINDOW]
        near = self.near_duplicates([chunks.ids[row] for row in lessons], [chunks.documents[row] for row in lessons])
        return chunks, fold(chunks, rows, {lessons[j]: lessons[i] for j, i in near.items()})

    def collapse(self, fused: Sequence[Fused]) -> list[Candidate]:
        """The fused chunks kept by ``folded``, in order, as candidates."""
        chunks, kept = self.folded(fused)
        return [chunks.candidate(row) for row in kept]

    def grouped(self, fused: Sequence[Fused]) -> list[Group]:
        """The fused chunks kept by ``folded``, grouped by document, best first (their candidates made when read)."""
        return grouped(*self.folded(fused))

    def stored(self, documents: set[int]) -> set[int]:
        """Which of these document ids are still in the store (``chunks``)."""
        return self.store.stored_documents(documents)

    def near_duplicates(self, ids: list[int], documents: list[int]) -> dict[int, int]:
        """Later lessons whose vector is nearly the same as an earlier one's (cosine >= DUPLICATE_COSINE), of
        another document: the position of each in ``ids`` (the lessons' chunks, with their ``documents``) -> the
        position of the earliest it folds into."""
        if len(ids) < 2:
            return {}
        try:
            matrix = self.index.vectors().vectors(ids)
        except (IndexMismatch, RuntimeError):
            return {}
        with one_blas_thread():  # search/blas.py: handed to OpenBLAS's threads, 60 vectors took 4 times longer
            sims = matrix @ matrix.T
        out: dict[int, int] = {}
        for j in range(1, len(ids)):
            i = int(np.argmax(sims[j, :j]))
            if sims[j, i] >= DUPLICATE_COSINE and documents[i] != documents[j]:
                out[j] = out.get(i, i)
        return out

    def page(self, groups: Sequence[Sequence[Candidate]], query: str | Marks, per_document: int) -> list[DocumentGroup]:
        """Full hits, with snippets, for the groups on the page only."""
        wanted = [c for group in groups for c in group[:per_document + 3]]
        rows = self.details([c.chunk_id for c in wanted])
        keys = self.document_keys({d for c in wanted for d in c.duplicates})
        out = []
        for group in groups:
            chosen = choose_hits(group[:per_document + 3], rows, query, per_document)  # snippets for these only
            if not chosen:
                continue
            shown = [self.hit(cand, row, query, keys) for cand, row in chosen]
            first = shown[0]
            out.append(DocumentGroup(first.document_key, first.document_title, first.project, first.date,
                                     first.doc_type, first.language, group[0].fused.score, shown,
                                     more=len(group) - len(shown)))
        return out

    def hits(self, candidates: list[Candidate], query: str | Marks) -> list[Hit]:
        """Full hits for some candidates, in their order (a chunk removed meanwhile is left out)."""
        rows = self.details([c.chunk_id for c in candidates])
        keys = self.document_keys({d for c in candidates for d in c.duplicates})
        return [self.hit(c, rows[c.chunk_id], query, keys) for c in candidates if c.chunk_id in rows]

    def details(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        found: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            for row in self.store.rows(
                    "SELECT c.id, c.kind, c.lesson_id, c.section_id, c.ordinal, c.text AS chunk_text, d.key, d.title,"
                    " d.project,"
                    f" d.date, d.doc_type, d.language, {SOURCE_PATH} AS source_path, l.kind AS lesson_kind,"
                    " l.text AS lesson_text,"
                    " l.review_status, s.heading FROM chunks c"
                    " JOIN documents d ON d.id = c.document_id LEFT JOIN lessons l ON l.id = c.lesson_id"
                    f" LEFT JOIN sections s ON s.id = c.section_id WHERE c.id IN ({placeholders(part)})",
                    part):
                found[row["id"]] = row
        return found

    def document_keys(self, doc_ids: set[int]) -> dict[int, str]:
        return self.store.document_keys_by_id(sorted(doc_ids))

    @staticmethod
    def hit(cand: Candidate, row: dict[str, Any], query: str | Marks, keys: dict[int, str]) -> Hit:
        if row["kind"] == "lesson" and row["lesson_text"]:
            text = row["lesson_text"]
        else:
            text = row["chunk_text"].split("\n", 1)[-1]
        snippet, spans = window_snippet(row.get("snippet_text") or text, query,
                                        continued=row["kind"] != "lesson" and bool(row.get("ordinal")))
        return Hit(chunk_id=row["id"], kind=row["kind"], document_key=row["key"], document_title=row["title"],
                   score=cand.fused.score, legs=cand.fused.legs, snippet=snippet,
                   snippet_html=highlight_html(snippet, spans), text=text, lesson_id=row["lesson_id"],
                   lesson_kind=row["lesson_kind"], section_id=row["section_id"], heading=row["heading"],
                   project=row["project"], date=row["date"], doc_type=row["doc_type"], language=row["language"],
                   source_path=row["source_path"], review_status=row["review_status"],
                   duplicates=tuple(dict.fromkeys(keys[d] for d in cand.duplicates if d in keys)),
                   heading_html=highlight_html(row["heading"], match_spans(row["heading"], query))
                   if row["heading"] else None)


def choose_hits(group: list[Candidate], rows: dict[int, dict[str, Any]], query: str | Marks,
                per_document: int) -> list[tuple[Candidate, dict[str, Any]]]:
    """The hits a document shows, best first, none repeating another: a section window that says nothing a lesson
    shown from it does not (a window cut mid-lesson included) is left out, a lesson takes the place of such a window
    ranked above it, and a window kept beside lessons has its snippet made of what they do not say."""
    chosen: list[tuple[Candidate, dict[str, Any]]] = []
    lessons: list[str] = []
    for cand in group:
        row = rows.get(cand.chunk_id)
        if row is None or (row["kind"] == "section" and repeats(row["chunk_text"], lessons, query)):
            continue
        if row["kind"] == "lesson" and row["lesson_text"]:
            lessons.append(" ".join(row["lesson_text"].split()))
            if _take_place(chosen, (cand, row), lessons, query):
                continue
        chosen.append((cand, row))
        if len(chosen) == per_document:
            break
    return [(cand, _unsaid_part(row, lessons)) for cand, row in chosen]


def _take_place(chosen: list[tuple[Candidate, dict[str, Any]]], pair: tuple[Candidate, dict[str, Any]],
                lessons: list[str], query: str | Marks) -> bool:
    """Put a lesson in the place of the first window chosen that only repeats the lessons (itself now among them),
    dropping any other such window; False when there is none."""
    repeated = [i for i, (_, row) in enumerate(chosen)
                if row["kind"] == "section" and repeats(row["chunk_text"], lessons, query)]
    if not repeated:
        return False
    chosen[repeated[0]] = pair
    chosen[:] = [kept for i, kept in enumerate(chosen) if i not in repeated[1:]]
    return True


def _unsaid_part(row: dict[str, Any], lessons: list[str]) -> dict[str, Any]:
    """A window's row, with the lines that no lesson shown says as ``snippet_text`` when some do."""
    if row["kind"] != "section" or not lessons:
        return row
    lines = window_lines(row["chunk_text"])
    rest = unsaid(lines, lessons)
    return {**row, "snippet_text": "\n".join(rest)} if rest and len(rest) < len(lines) else row


_LIST_MARK = re.compile(r"^\s*(?:[-*+•]|\d{1,3}[.)、])\s+")


def window_lines(chunk_text: str) -> list[str]:
    """The lines of a section window's text, without its header, list marks and repeated spaces."""
    lines = (" ".join(_LIST_MARK.sub("", line).split()) for line in chunk_text.split("\n", 1)[-1].split("\n"))
    return [line for line in lines if line]


def unsaid(lines: list[str], lessons: list[str]) -> list[str]:
    """The lines that are not, whole or in part, one of the lessons' texts."""
    return [line for line in lines if not any(line in text for text in lessons)]


def repeats(chunk_text: str, lessons: list[str], query: str | Marks) -> bool:
    """Whether a section window only repeats the lessons given (whole texts, one a space): every line of it is, or
    is a piece of, one of them, or what it has besides holds none of the query's terms where the window does."""
    if not lessons:
        return False
    lines = window_lines(chunk_text)
    if any(text in " ".join(lines) for text in lessons):
        return True
    rest = unsaid(lines, lessons)
    return not rest or (bool(match_spans(" ".join(lines), query)) and not match_spans(" ".join(rest), query))


def window_snippet(text: str, query: str | Marks, *, continued: bool) -> tuple[str, list[tuple[int, int]]]:
    """``make_snippet`` of a chunk's text; one that ``continued`` a section (a later window of it, which begins
    where the one before left off, mid-sentence: "过。家具延期…") begins with "…", as a snippet cut short does."""
    snippet, spans = make_snippet(text, query)
    if continued and not snippet.startswith("…"):
        return "…" + snippet, [(start + 1, end + 1) for start, end in spans]
    return snippet, spans


def semantic_hit(hit: Hit) -> Hit:
    """A hit found by meaning alone (its legs name the problems it matched, which mean nothing to a reader)."""
    from dataclasses import replace

    return replace(hit, legs=("semantic",))
