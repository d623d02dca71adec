"""Per-chunk facts kept in memory (a forward index): what ranking needs about each candidate after fusion.

A search fuses up to a thousand chunk ids; grouping them by document, folding repeated lessons and picking
other-language matches needs each chunk's document, kind, lesson and language. Reading those from SQLite
costs a few milliseconds per query on a large collection; these arrays answer in well under one, at 34
bytes per chunk. They are reloaded, like the vocabulary, whenever the index file changes.
"""

from __future__ import annotations

import sqlite3
import threading

import numpy as np

KINDS = ("lesson", "section")
LANGUAGES = ("zh", "en", "mixed")
_KIND_NAMES = {i: kind for i, kind in enumerate(KINDS)} | {-1: ""}


ChunkRow = tuple[int, str, "int | None", "str | None"]  # document id, kind, lesson id, lesson text hash


class _Arrays:
    """Columns as numpy arrays, sorted by chunk id; strings as small codes, lesson hashes as 64-bit prefixes."""

    def __init__(self, rows: list[tuple[int, int, str, int | None, str | None, str | None]]) -> None:
        rows.sort()
        n = len(rows)
        self.ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
        self.documents = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
        self.kinds = np.fromiter((_code(KINDS, r[2]) for r in rows), dtype=np.int8, count=n)
        self.lessons = np.fromiter((-1 if r[3] is None else r[3] for r in rows), dtype=np.int64, count=n)
        self.hashes = np.fromiter((_hash64(r[4]) for r in rows), dtype=np.uint64, count=n)
        self.languages = np.fromiter((_code(LANGUAGES, r[5]) for r in rows), dtype=np.int8, count=n)
        codes = np.bincount(self.languages[self.languages >= 0], minlength=len(LANGUAGES)).tolist()
        self.language_counts = {language: int(count) for language, count in zip(LANGUAGES, codes) if count}
        self.document_count = len(np.unique(self.documents))

    def lookup(self, ids: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ids as an array, each one's row, and whether it exists (rows of missing ids mean nothing)."""
        wanted = np.asarray(ids, dtype=np.int64)
        if not len(wanted) or not len(self.ids):
            return wanted, np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
        pos, found = in_sorted(self.ids, wanted)
        return wanted, pos, found

    def positions(self, ids: list[int]) -> tuple[list[int], np.ndarray]:
        """The ids that exist, and their rows."""
        wanted, pos, found = self.lookup(ids)
        return wanted[found].tolist(), pos[found]


def in_sorted(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each wanted id, its position in the sorted, non-empty ``ids`` and whether it is there (the position of
    an absent id means nothing)."""
    pos = np.minimum(np.searchsorted(ids, wanted), len(ids) - 1)
    return pos, ids[pos] == wanted


def _code(values: tuple[str, ...], value: str | None) -> int:
    return values.index(value) if value in values else -1


def _hash64(text_hash: str | None) -> int:
    return int(text_hash[:16], 16) if text_hash else 0


class ChunkFacts:
    """Chunk id -> document, kind, lesson, lesson text hash and language, for the whole collection."""

    def __init__(self) -> None:
        self._arrays = _Arrays([])
        self._version: object = None
        self._lock = threading.Lock()

    def refresh(self, conn: sqlite3.Connection, version: object) -> None:
        """Reload if ``version`` (a marker that changes whenever the chunks do) differs from the last load's."""
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            rows = conn.execute(
                "SELECT c.id, c.document_id, c.kind, c.lesson_id, l.text_hash, d.language FROM chunks c"
                " JOIN documents d ON d.id = c.document_id LEFT JOIN lessons l ON l.id = c.lesson_id").fetchall()
            self._arrays = _Arrays(rows)
            self._version = version

    def get(self, ids: list[int]) -> dict[int, ChunkRow]:
        """chunk id -> (document id, kind, lesson id, lesson text hash: equal texts are one lesson repeated), for
        the chunks that exist."""
        arrays = self._arrays
        found, pos = arrays.positions(ids)
        columns = zip(found, arrays.documents[pos].tolist(), arrays.kinds[pos].tolist(), arrays.lessons[pos].tolist(),
                      arrays.hashes[pos].tolist())
        return {i: (doc, _KIND_NAMES[kind], None if lesson < 0 else lesson, f"{digest:016x}" if digest else None)
                for i, doc, kind, lesson, digest in columns}

    def columns(self, ids: list[int]) -> tuple[list[bool], list[int], list[str], list[int], list[int]]:
        """``get`` aligned with ids, as lists (one pass for the candidates of a search, no dict): whether each chunk
        exists, its document id, kind, lesson id (-1: none) and lesson hash as an integer (0: none; equal texts,
        equal hashes). The values of a missing chunk mean nothing."""
        arrays = self._arrays
        _, pos, found = arrays.lookup(ids)
        if not len(arrays.ids):
            nothing = [0] * len(found)
            return found.tolist(), nothing, [""] * len(found), nothing, nothing
        return (found.tolist(), arrays.documents[pos].tolist(), [_KIND_NAMES[k] for k in arrays.kinds[pos].tolist()],
                arrays.lessons[pos].tolist(), arrays.hashes[pos].tolist())

    def languages(self, ids: list[int]) -> dict[int, str | None]:
        """The language of each chunk's document."""
        arrays = self._arrays
        found, pos = arrays.positions(ids)
        return {i: LANGUAGES[lang] if lang >= 0 else None for i, lang in zip(found, arrays.languages[pos].tolist())}

    def document_ids(self, ids: list[int]) -> list[int | None]:
        """Each chunk's document id, aligned with ids (None: unknown chunk)."""
        return [d if d >= 0 else None for d in self.document_codes(ids).tolist()]  # rows of missing ids: none

    def document_codes(self, ids: list[int]) -> np.ndarray:
        """Each chunk's document id as an array aligned with ids (-1: unknown chunk)."""
        arrays = self._arrays
        _, pos, found = arrays.lookup(ids)
        out = np.full(len(pos), -1, dtype=np.int64)
        out[found] = arrays.documents[pos[found]]
        return out

    def document_count(self) -> int:
        """How many documents the collection's chunks belong to."""
        return self._arrays.document_count

    def language_counts(self) -> dict[str, int]:
        """How many chunks the collection holds in each language (of LANGUAGES; those with none left out)."""
        return self._arrays.language_counts

    def language_codes(self, ids: np.ndarray) -> np.ndarray:
        """Each chunk's language as an index into ``LANGUAGES`` (-1: unknown chunk or language), aligned with ids."""
        arrays = self._arrays
        _, pos, found = arrays.lookup(ids)
        out = np.full(len(pos), -1, dtype=np.int8)
        out[found] = arrays.languages[pos[found]]
        return out

    def select(self, *, lessons_only: bool = False, documents: np.ndarray | None = None,
               languages: list[str] | None = None, except_documents: list[int] | None = None,
               except_lessons: list[int] | None = None) -> np.ndarray:
        """Chunk ids, sorted, by a mask over the arrays, instead of a join over every chunk (a FAISS id selector).

        Args:
            lessons_only: only lesson chunks (not section windows).
            documents: only the chunks of these documents.
            languages: only the chunks of documents in these languages (of LANGUAGES).
            except_documents: leave out the chunks of these documents.
            except_lessons: leave out the chunks of these lessons.
        """
        arrays = self._arrays
        keep = arrays.kinds == KINDS.index("lesson") if lessons_only else np.ones(len(arrays.ids), dtype=bool)
        if documents is not None:
            keep &= np.isin(arrays.documents, np.asarray(documents, dtype=np.int64))
        if languages is not None:
            keep &= np.isin(arrays.languages, [_code(LANGUAGES, language) for language in languages])
        if except_documents:
            keep &= ~np.isin(arrays.documents, np.asarray(except_documents, dtype=np.int64))
        if except_lessons:
            keep &= ~np.isin(arrays.lessons, np.asarray(except_lessons, dtype=np.int64))
        return arrays.ids[keep]

    def __len__(self) -> int:
        return len(self._arrays.ids)
