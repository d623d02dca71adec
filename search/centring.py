"""Language centring: taking the language out of multilingual embeddings before comparing them.

A multilingual encoder places each language's texts in a region of its own: a Chinese query sits closer to
unrelated Chinese text than to an English text on its very problem. Much of that is one offset between the
languages, which subtracting it removes (Libovický et al., 2020, "On the Language Neutrality of Pre-trained
Multilingual Representations", who subtract each language's mean vector).

Plain per-language means also carry whatever the two languages' texts are *about*: in a collection whose English
part is mostly NASA lessons and whose Chinese part is project retrospectives, the difference of the means is as
much subject as language, and subtracting it sends Chinese queries towards NASA. So the offset is measured on
pairs that say the same thing: mutual nearest neighbours across the languages (each text's nearest
other-language text, whose own nearest is that text again), as parallel-sentence mining does. The offset is
the mean difference of the pairs, computed when the index is saved and kept in its sidecar.

The score of a query q (language Lq) and a chunk d (language Ld) is (q - δ[Lq]) · (d - δ[Ld]), where δ[zh] is
half the offset, δ[en] minus half and δ[mixed] zero. FAISS keeps the vectors as they are: it is searched with the
shifted query, and each candidate's score is corrected by the one term that depends on its language,
``-(q - δ[Lq]) · δ[Ld]``.
"""

from __future__ import annotations

import threading

import numpy as np

from search.blas import row_products
from search.forward import LANGUAGES, ChunkFacts, in_sorted
from search.vector_index import VectorIndex

MIN_CHUNKS = 20  # each language needs this many chunks before an offset between them means anything
MIN_PAIRS = 10  # mutual nearest-neighbour pairs needed to measure the offset
PAIR_SAMPLE = 2_000  # texts of the smaller language whose partners are looked for
_ZH, _EN = LANGUAGES.index("zh"), LANGUAGES.index("en")
# Collections of at most this many vectors keep them centred in memory (CentredRows: 32 MB at 512 dimensions)
MAX_CENTRED = 8_192


def language_offset(vectors: VectorIndex, facts: ChunkFacts) -> np.ndarray | None:
    """The Chinese-minus-English offset of the collection's vectors, measured on mutual nearest neighbours
    across the two languages; None if either language has fewer than MIN_CHUNKS chunks or too few pairs."""
    pairs = mutual_pairs(vectors, facts)
    if pairs is None or len(pairs[0]) < MIN_PAIRS:
        return None
    chinese, english = pairs
    return (chinese - english).mean(axis=0).astype(np.float32)


def mutual_pairs(vectors: VectorIndex, facts: ChunkFacts) -> tuple[np.ndarray, np.ndarray] | None:
    """The vectors of mutual nearest neighbours across the languages (each text's nearest other-language text,
    whose own nearest is that text again), as Chinese rows and their English partners' rows; None if either
    language has fewer than MIN_CHUNKS chunks. Up to PAIR_SAMPLE texts of the smaller language are tried."""
    ids = vectors.ids()
    codes = facts.language_codes(ids)
    zh, en = ids[codes == _ZH], ids[codes == _EN]
    if min(len(zh), len(en)) < MIN_CHUNKS:
        return None
    small, large = (zh, en) if len(zh) <= len(en) else (en, zh)
    sample = small if len(small) <= PAIR_SAMPLE else np.random.default_rng(0).choice(small, PAIR_SAMPLE, replace=False)
    mine = vectors.vectors(sample.tolist())
    partners = vectors.nearest_ids(mine, large)
    found = partners >= 0
    mine, theirs = mine[found], vectors.vectors(partners[found].tolist())
    back_ids = vectors.nearest_ids(theirs, small)
    found = back_ids >= 0
    mine, theirs, back = mine[found], theirs[found], vectors.vectors(back_ids[found].tolist())
    # Mutual: nothing in the first language is nearer the partner than the text we started from (ties count,
    # as the same text often appears twice: as a lesson and inside its section).
    mutual = np.einsum("ij,ij->i", mine, theirs) >= np.einsum("ij,ij->i", back, theirs) - 1e-6
    mine, theirs = mine[mutual], theirs[mutual]
    return (mine, theirs) if small is zh else (theirs, mine)


class LanguageCentres:
    """Each language's offset from the midpoint of Chinese and English, for the index version last seen."""

    def __init__(self) -> None:
        self.offsets: np.ndarray | None = None  # one row per entry of LANGUAGES, as last refreshed; None: nothing
        self._offset: np.ndarray | None = None  # the version's measured offset
        self._scaled: dict[float, np.ndarray | None] = {}  # scale -> rows, for the version
        self._version: object = None
        self._lock = threading.Lock()

    def refresh(self, vectors: VectorIndex, facts: ChunkFacts, version: object,
                scale: float = 1.0) -> np.ndarray | None:
        """The rows for this index version and scale: the offset from the index's sidecar (measured if an older
        sidecar lacks it) times ``scale``. Pass them to ``shift`` and ``rescore``: another thread may refresh for
        another version or scale in between."""
        with self._lock:
            if version != self._version:
                stored = vectors.info.language_offset
                self._offset = np.asarray(stored, dtype=np.float32) if stored is not None \
                    else language_offset(vectors, facts)
                self._scaled = {}
                self._version = version
            if scale not in self._scaled:
                offset = None if self._offset is None else self._offset * np.float32(scale)
                self._scaled[scale] = offsets_from(offset, vectors.info.dimension)
            self.offsets = self._scaled[scale]
            return self.offsets

    def shift(self, query: np.ndarray, language: str, offsets: np.ndarray | None = None) -> np.ndarray:
        """The query moved by its language's offset (unchanged when there is nothing to correct)."""
        offsets = self.offsets if offsets is None else offsets
        if offsets is None or language not in LANGUAGES:
            return query
        return (query.reshape(-1) - offsets[LANGUAGES.index(language)]).astype(np.float32)

    def rescore(self, shifted: np.ndarray, found: list[tuple[int, float]], codes: np.ndarray,
                offsets: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Scores of a search made with the ``shifted`` query, corrected for each hit's language, best first.

        Args:
            shifted: the query after ``shift``.
            found: (chunk id, inner product with the shifted query), as FAISS returned them.
            codes: each hit's language as an index into LANGUAGES (-1: unknown, not corrected).
        """
        offsets = self.offsets if offsets is None else offsets
        if offsets is None or not found:
            return found
        ids = np.fromiter((i for i, _ in found), dtype=np.int64, count=len(found))
        return self.rescore_arrays(shifted, ids, np.fromiter((s for _, s in found), dtype=np.float64,
                                                             count=len(found)), codes, offsets)

    def rescore_arrays(self, shifted: np.ndarray, ids: np.ndarray, scores: np.ndarray, codes: np.ndarray,
                       offsets: np.ndarray | None = None) -> list[tuple[int, float]]:
        """``rescore`` of a search's ids and inner products as arrays (VectorIndex.search_arrays), without a
        Python loop over the thousand hits of a search."""
        ids, scores = self.rescored(shifted, ids, scores, codes, offsets)
        return list(zip(ids.tolist(), scores.tolist()))

    def rescored(self, shifted: np.ndarray, ids: np.ndarray, scores: np.ndarray, codes: np.ndarray,
                 offsets: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``rescore_arrays``'s answer as arrays: the ids and their scores (float64), best first."""
        offsets = self.offsets if offsets is None else offsets
        if offsets is None or not len(ids):
            return ids, scores.astype(np.float64)
        correction = np.append(offsets @ shifted.reshape(-1), 0.0)  # index -1: no correction
        scores = scores.astype(np.float64) - correction[codes]
        order = np.argsort(-scores, kind="stable")
        return ids[order], scores[order]

def centred(rows: np.ndarray, codes: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Stored vectors less their language's offset, in place (``rows`` must be a copy): each row's
    ``offsets[code]``, nothing for code -1 (an unknown language)."""
    by_code = np.vstack([offsets, np.zeros((1, offsets.shape[1]), dtype=offsets.dtype)])  # code -1: none
    rows -= by_code[codes]
    return rows


class CentredRows:
    """Every stored vector of a collection of at most ``MAX_CENTRED`` less its language's offset, made once per index
    version and offsets, in float64: a bilingual search re-scores a thousand of them at ``kb eval``'s depth
    (search/dense_feedback.py), which then costs one product over the whole collection instead of copying them out
    of FAISS, subtracting the offsets and widening them to float64 again each search. The same numbers: the same
    float32 subtraction, done once (float64 holds every float32 exactly)."""

    def __init__(self) -> None:
        self._made_for: tuple[object, np.ndarray | None] = (None, None)  # (index version, the offsets used)
        self._ids = np.zeros(0, dtype=np.int64)  # sorted
        self._rows: np.ndarray | None = None
        self._lock = threading.Lock()

    def rows(self, vectors: VectorIndex, facts: ChunkFacts, version: object, offsets: np.ndarray,
             ids: list[int]) -> np.ndarray | None:
        """The ids' stored vectors less their language's offsets (a float64 copy), as ``centred`` makes them; None
        for a larger collection, or an id not among the vectors the version holds."""
        found = self._positions(vectors, facts, version, offsets, ids)
        return None if found is None else found[0][found[1]]

    def products(self, vectors: VectorIndex, facts: ChunkFacts, version: object, offsets: np.ndarray,
                 ids: list[int], vector: np.ndarray) -> np.ndarray | None:
        """``rows``' inner products with a vector (float64, aligned with ``ids``), by one product over every kept
        row; None where ``rows`` is."""
        found = self._positions(vectors, facts, version, offsets, ids)
        return None if found is None else row_products(found[0], vector)[found[1]]

    def _positions(self, vectors: VectorIndex, facts: ChunkFacts, version: object, offsets: np.ndarray,
                   ids: list[int]) -> tuple[np.ndarray, np.ndarray] | None:
        with self._lock:
            made_version, made_offsets = self._made_for
            if made_version != version or made_offsets is not offsets:
                self._make(vectors, facts, offsets)
                self._made_for = (version, offsets)
            known, rows = self._ids, self._rows
        if rows is None or not len(known):
            return None
        at, found = in_sorted(known, np.asarray(ids, dtype=np.int64))
        return (rows, at) if bool(found.all()) else None

    def _make(self, vectors: VectorIndex, facts: ChunkFacts, offsets: np.ndarray) -> None:
        self._rows, self._ids = None, np.zeros(0, dtype=np.int64)
        if len(vectors) > MAX_CENTRED:
            return
        ids = np.sort(vectors.ids())
        self._rows = centred(vectors.vectors(ids.tolist()), facts.language_codes(ids), offsets).astype(np.float64)
        self._ids = ids


def offsets_from(offset: np.ndarray | None, dimension: int) -> np.ndarray | None:
    """Rows in LANGUAGES order: Chinese moved by half the offset, English by minus half, mixed not at all."""
    if offset is None or offset.shape != (dimension,):
        return None
    rows = np.zeros((len(LANGUAGES), dimension), dtype=np.float32)
    rows[_ZH], rows[_EN] = offset / 2, -offset / 2
    return rows


__all__ = ["MAX_CENTRED", "CentredRows", "LanguageCentres", "centred", "language_offset", "offsets_from"]
