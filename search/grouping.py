"""A fused ranking's chunks folded and grouped by document as plain columns; a document's ``Candidate`` objects made
only when something reads them (the page's ten documents, not the few hundred the relevance floor counts).

A hybrid search at 100k chunks fuses ~600 chunks: making a ``Fused`` item and a ``Candidate`` for each, to group them
and fold near-duplicate lessons, was 14 % of an idle search's main thread (BENCHMARKS.md, "s-lat39"); the grouping,
the fold and the floor need only the chunks' ids, documents and lesson hashes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from search.hybrid import Fused
from search.ranked import FusedRanking


class Candidate:
    """A fused chunk before it becomes a Hit (cheap: no text loaded). ``lesson_hash``: equal for equal lesson texts
    (None: not a lesson's chunk)."""

    __slots__ = ("chunk_id", "document_id", "duplicates", "fused", "kind", "lesson_hash", "lesson_id")

    def __init__(self, fused: Fused, document_id: int, kind: str, lesson_id: int | None,
                 lesson_hash: int | None) -> None:
        self.fused, self.document_id, self.kind = fused, document_id, kind
        self.lesson_id, self.lesson_hash = lesson_id, lesson_hash
        self.chunk_id = int(fused.id)  # type: ignore[call-overload]
        self.duplicates: list[int] = []


@dataclass(frozen=True)
class Chunks:
    """The chunks of a fused ranking that the forward index holds, aligned (a row each): their place in the ranking,
    id, document, kind, lesson (-1: none) and lesson hash (0: none); and the documents folded into a row (``fold``)."""

    fused: Sequence[Fused]
    places: list[int]
    ids: list[int]
    documents: list[int]
    kinds: list[str]
    lessons: list[int]
    hashes: list[int]
    duplicates: dict[int, list[int]] = field(default_factory=dict)

    def candidate(self, row: int) -> Candidate:
        """The row as a ``Candidate``, with the documents folded into it."""
        lesson, digest = self.lessons[row], self.hashes[row]
        place = self.places[row]
        item = self.fused.item(place) if isinstance(self.fused, FusedRanking) else self.fused[place]
        made = Candidate(item, self.documents[row], self.kinds[row], lesson if lesson >= 0 else None, digest or None)
        made.duplicates = self.duplicates.get(row, [])
        return made


def fold(chunks: Chunks, rows: list[int], near: dict[int, int]) -> list[int]:
    """The rows kept, in order, when each lesson repeated in another document (the same text, or ``near``: a later
    row -> the earlier row whose vector is nearly the same) is folded into the first kept one; the folded rows'
    documents are recorded in ``chunks.duplicates`` under the row they were folded into."""
    kept: list[int] = []
    by_hash: dict[int, int] = {}
    documents, hashes = chunks.documents, chunks.hashes
    for row in rows:
        digest = hashes[row]
        target = by_hash.get(digest) if digest else None
        if target is None:
            target = near.get(row)
        if target is not None and documents[target] != documents[row]:
            chunks.duplicates.setdefault(target, []).append(documents[row])
            continue
        kept.append(row)
        if digest:
            by_hash.setdefault(digest, row)
    return kept


class Group(Sequence[Candidate]):
    """One document's kept chunks, best first: its id and chunk ids read from the columns, its candidates made at
    the first read of one, once."""

    __slots__ = ("_chunks", "_made", "_rows", "document_id")

    def __init__(self, chunks: Chunks, rows: list[int]) -> None:
        self._chunks, self._rows = chunks, rows
        self.document_id = chunks.documents[rows[0]]
        self._made: list[Candidate] | None = None

    @property
    def chunk_ids(self) -> list[int]:
        """The chunks' ids, best first."""
        ids = self._chunks.ids
        return [ids[row] for row in self._rows]

    @property
    def lesson_ids(self) -> list[int]:
        """The lessons of the chunks that are a lesson's, in order."""
        lessons = self._chunks.lessons
        return [lessons[row] for row in self._rows if lessons[row] >= 0]

    def _candidates(self) -> list[Candidate]:
        if self._made is None:
            self._made = [self._chunks.candidate(row) for row in self._rows]
        return self._made

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, at: int) -> Candidate: ...

    @overload
    def __getitem__(self, at: slice) -> list[Candidate]: ...

    def __getitem__(self, at: int | slice) -> Candidate | list[Candidate]:
        return self._candidates()[at]

    def __iter__(self) -> Iterator[Candidate]:
        return iter(self._candidates())

    def __repr__(self) -> str:
        return f"Group(document_id={self.document_id}, chunk_ids={self.chunk_ids})"


def grouped(chunks: Chunks, kept: list[int]) -> list[Group]:
    """The kept rows grouped by document, the documents in the order of their first row."""
    by_document: dict[int, list[int]] = {}
    documents = chunks.documents
    for row in kept:
        by_document.setdefault(documents[row], []).append(row)
    return [Group(chunks, rows) for rows in by_document.values()]


__all__ = ["Candidate", "Chunks", "Group", "fold", "grouped"]
