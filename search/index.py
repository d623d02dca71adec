"""The search index of one store, as searches read it: the FAISS vectors, the keyword vocabularies and scorers,
each chunk's facts, loaded lazily and shared by the process (search/loaded_indexes.py), and the nearest chunks to a
query vector. Keeping it in step with the store is search/index_sync.py's; the embedding cache is
search/embedding_cache.py's; ``check`` and the repair of a crash are search/index_check.py's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from kb.settings import Settings
from kb.store import Store
from search.blas import row_products
from search.bm25 import MemoryBM25
from search.calibration import cosine_spread
from search.centring import CentredRows, LanguageCentres, centred
from search.embedder import Embedder, get_embedder
from search.embedding_cache import _Embeddings
from search.feedback import TermSets
from search.forward import ChunkFacts
from search.index_check import _Consistency
from search.index_sync import _Sync
from search.keyword import Vocabulary, chunks_version
from search.loaded_indexes import (
    _MTIMES,
    _SHARED_CENTRED,
    _SHARED_CENTRES,
    _SHARED_FACTS,
    _SHARED_LOCK,
    _SHARED_SCORERS,
    _SHARED_TERM_SETS,
    _SHARED_TRANSLATION_SCORERS,
    _SHARED_TRANSLATION_VOCABULARIES,
    _SHARED_VECTORS,
    _SHARED_VOCABULARIES,
    MTIME_TTL,
)
from search.schema import ensure_schema
from search.translated_index import TRANSLATION_TABLES, VOCABULARY_TABLE
from search.vector_index import IndexMismatch, ModelMismatch, VectorIndex, read_info

if TYPE_CHECKING:
    from search.lookup_cache import CacheFile


def index_path(settings: Settings) -> Path:
    """The FAISS file beside the database (``kb-data/kb.faiss``, sidecar ``kb.faiss.json``)."""
    return settings.db.with_suffix(".faiss")


class SearchIndex(_Sync, _Consistency, _Embeddings):
    """The chunks, keyword and vector indexes of one store."""

    def __init__(self, store: Store, settings: Settings,
                 embedder_factory: Callable[[str], Embedder] | None = None) -> None:
        self.store = store
        self.settings = settings
        self.path = index_path(settings)
        self.cache_folder = Path(settings.cache_dir) if settings.cache_dir else self.path.with_suffix(".cache")
        self._embedder_factory = embedder_factory or (
            lambda name: get_embedder(name, threads=settings.threads or None, cache=self.cache_folder))
        self._embedder: Embedder | None = None
        self._key = str(self.path.absolute())
        with _SHARED_LOCK:
            self.vocabulary = _SHARED_VOCABULARIES.setdefault(self._key, Vocabulary())
            self.facts = _SHARED_FACTS.setdefault(self._key, ChunkFacts())
            self.scorer = _SHARED_SCORERS.setdefault(self._key, MemoryBM25())
            self.centres = _SHARED_CENTRES.setdefault(self._key, LanguageCentres())
            self.centred = _SHARED_CENTRED.setdefault(self._key, CentredRows())
            self.term_sets = _SHARED_TERM_SETS.setdefault(self._key, TermSets())
            self.translation_vocabulary = _SHARED_TRANSLATION_VOCABULARIES.setdefault(
                self._key, Vocabulary(VOCABULARY_TABLE))
            self.translation_scorer = _SHARED_TRANSLATION_SCORERS.setdefault(
                self._key, MemoryBM25(tables=TRANSLATION_TABLES))
        started = time.perf_counter()
        self.migrated = ensure_schema(store.conn)  # an upgrade's, said by the CLI
        self.migration_seconds = time.perf_counter() - started

    # ---- parts, loaded lazily -------------------------------------------------------------------
    @property
    def model(self) -> str:
        """The configured model name."""
        return self.settings.model

    def embedder(self) -> Embedder:
        """The model, loaded on first use (once per process)."""
        if self._embedder is None:
            self._embedder = self._embedder_factory(self.model)
        return self._embedder

    def lookup_cache(self) -> CacheFile | None:
        """The fast-start lookup tables beside the index, if they are there and up to date."""
        from search.fast_start import open_cache

        return open_cache(self.cache_folder)

    def write_cache(self) -> bool:
        """Write the fast-start cache beside the index if it is missing or out of date (kb ingest, kb reindex);
        True if it was written. A cold ``kb search`` then loads in a fraction of the time."""
        from search.fast_start import CACHED_MODEL, is_current, write_cache

        if is_current(self.cache_folder, self.model):
            return False
        engine = self.embedder().model if self.model == CACHED_MODEL else None  # this process's model, not another
        return write_cache(self.cache_folder, model=self.model, threads=self.settings.threads or 1,
                           use=getattr(engine, "use", None))

    def vectors(self) -> VectorIndex:
        """The FAISS index, loaded from disk once per process (again if another process saved a newer one)."""
        mtime = self._mtime()
        with _SHARED_LOCK:
            cached = _SHARED_VECTORS.get(self._key)
            if cached is not None and cached[0] == mtime and cached[1].info.model == self.model:
                return cached[1]
        if mtime is None:
            if self.chunk_count():
                raise IndexMismatch(f"the vector index {self.path} is missing; run 'kb reindex'")
            return self._new_index(0, self._dimension_hint())
        info = read_info(self.path)
        if info.model != self.model:
            raise ModelMismatch(f"the index was built with model '{info.model}' but the settings say "
                                f"'{self.model}': run 'kb reindex' to rebuild it")
        vectors = VectorIndex.load(self.path, nprobe=self.settings.nprobe)
        with _SHARED_LOCK:
            _SHARED_VECTORS[self._key] = (mtime, vectors)
        return vectors

    def refresh_vocabulary(self) -> Vocabulary:
        """The keyword vocabulary, reloaded when the index file has changed."""
        self.vocabulary.refresh(self.store.conn, self._version())
        return self.vocabulary

    def translations_vocabulary(self) -> Vocabulary:
        """The document frequencies of the chunks' translations (search/translated_index.py), reloaded when the
        index file has changed."""
        self.translation_vocabulary.refresh(self.store.conn, self._version())
        return self.translation_vocabulary

    def translations_scorer(self) -> MemoryBM25:
        """FTS5's BM25 ranking of the chunks' translations computed in memory, as ``keyword_scorer`` the keyword
        index's (an FTS5 query of the document-side translation leg scored every row its terms match)."""
        self.translation_scorer.refresh(self.store.conn, self._version())
        return self.translation_scorer

    def keyword_scorer(self) -> MemoryBM25:
        """FTS5's BM25 ranking computed in memory (search/bm25.py), reloaded when the index file has changed."""
        self.scorer.refresh(self.store.conn, self._version())
        return self.scorer

    def load_postings(self) -> bool:
        """Every keyword term's BM25 postings in memory now, whatever the collection's size (a server's warm-up,
        search/warm.py); True if they are."""
        return self.scorer.load_all(self.store.conn, self._version())

    def load_translation_postings(self) -> bool:
        """Every term's BM25 postings of the chunks' translations in memory now, as ``load_postings`` the keyword
        index's, with their vocabulary (a server's warm-up, where the translations leg can run); True if they are."""
        self.translations_vocabulary()
        return self.translation_scorer.load_all(self.store.conn, self._version())

    def feedback_term_sets(self) -> TermSets:
        """Each chunk text's distinct terms, for feedback (search/feedback.py): once the BM25 postings are all in
        memory, every chunk's, with their statistics, in a collection small enough (reloaded with the index)."""
        if self.scorer.ready:
            self.term_sets.warm(self.store.conn, self._version(), self.refresh_vocabulary())
        return self.term_sets

    def chunk_facts(self) -> ChunkFacts:
        """Each chunk's document, kind, lesson and language in memory, reloaded when the index file has changed."""
        self.facts.refresh(self.store.conn, self._version())
        return self.facts

    def nearest(self, query: np.ndarray, language: str | None, k: int,
                allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """``nearest_arrays`` as (chunk id, score) pairs."""
        ids, scores = self.nearest_arrays(query, language, k, allowed)
        return list(zip(ids.tolist(), scores.tolist()))

    def nearest_arrays(self, query: np.ndarray, language: str | None, k: int,
                       allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The k chunks nearest a query vector written in ``language`` (zh, en, mixed; None: unknown), best first:
        their ids and scores (float64).

        With ``language_centring`` on, each language's offset is taken out of both sides (search/centring.py), so
        a text in the other language competes on its meaning; the k candidates FAISS returns for the shifted
        query are re-ordered by their corrected scores.
        """
        vectors = self.vectors()
        if not self.settings.language_centring or language is None:
            ids, scores = vectors.search_arrays(query, k, allowed=allowed)
            return ids, scores.astype(np.float64)  # float32's values, exactly
        version = self._version()
        facts = self.chunk_facts()
        offsets = self.centres.refresh(vectors, facts, version, self.settings.language_offset_scale)
        shifted = self.centres.shift(query, language, offsets)
        ids, scores = vectors.search_arrays(shifted, k, allowed=allowed)
        return self.centres.rescored(shifted, ids, scores, facts.language_codes(ids), offsets)

    def as_scored(self, query: np.ndarray, language: str | None, ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """A query's vector and some chunks' stored vectors as ``nearest`` scores them (each one's inner product with
        the query is its score there): with ``language_centring``, each less its language's offset (float64 rows
        from a small collection's kept copy, float32 ones otherwise: the same numbers)."""
        vectors = self.vectors()
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        offsets = self._offsets(vectors, language)
        if offsets is None:
            return query, vectors.vectors(ids)
        rows = self.centred.rows(vectors, self.chunk_facts(), self._version(), offsets, ids)  # kept, if small
        if rows is None:  # the rows are a copy made for this call: centred in place
            rows = centred(vectors.vectors(ids), self.chunk_facts().language_codes(np.asarray(ids)), offsets)
        return self.centres.shift(query, language, offsets), rows

    def products(self, vector: np.ndarray, language: str | None, ids: list[int]) -> np.ndarray:
        """The inner products of some chunks' rows, as ``as_scored`` gives them, with a vector (a query moved by
        search/dense_feedback.py), in float64: in a small collection one product over all its kept rows."""
        vectors = self.vectors()
        offsets = self._offsets(vectors, language)
        found = None if offsets is None else \
            self.centred.products(vectors, self.chunk_facts(), self._version(), offsets, ids, vector)
        return found if found is not None else row_products(self.as_scored(vector, language, ids)[1], vector)

    def _offsets(self, vectors: VectorIndex, language: str | None) -> np.ndarray | None:
        """Each language's offset for ``as_scored`` (None: nothing is taken out)."""
        if not self.settings.language_centring or language is None:
            return None
        return self.centres.refresh(vectors, self.chunk_facts(), self._version(), self.settings.language_offset_scale)

    def version(self) -> object:
        """What changes when a sync changes the index (its chunks, vectors or translations): the index file's
        mtime, or without a file the chunk ids."""
        return self._version()

    def _version(self) -> object:
        """The index file's mtime: every sync that changes chunks rewrites it (without a file, the chunk ids)."""
        mtime = self._mtime()
        return mtime if mtime is not None else chunks_version(self.store.conn)

    def _mtime(self) -> int | None:
        """The index file's mtime (None: no file). A search asks a dozen times; the file is asked at most every
        MTIME_TTL seconds (a stat costs ~0.2 ms here), and this process's own writes are seen at once."""
        now = time.monotonic()
        cached = _MTIMES.get(self._key)
        if cached is not None and now - cached[0] < MTIME_TTL:
            return cached[1]
        try:
            mtime: int | None = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        _MTIMES[self._key] = (now, mtime)
        return mtime

    def chunk_count(self) -> int:
        """Chunks in the store."""
        return int(self.store.scalar("SELECT count(*) FROM chunks"))

    def _dimension_hint(self) -> int:
        return self.embedder().dimension

    def _new_index(self, count: int, dimension: int) -> VectorIndex:
        kind = self.settings.index_type
        if kind == "auto":
            kind = "ivf" if count > self.settings.ann_threshold else "flat"
        return VectorIndex(self.model, dimension, kind, nlist=VectorIndex.ivf_lists(count), nprobe=self.settings.nprobe)

    def _save(self, vectors: VectorIndex) -> None:
        vectors.save(self.path)
        _MTIMES.pop(self._key, None)
        with _SHARED_LOCK:
            _SHARED_VECTORS[self._key] = (self._mtime(), vectors)

    def _forget(self) -> None:
        """Drop the shared in-memory index (after a failed change, it may differ from the file)."""
        _MTIMES.pop(self._key, None)
        with _SHARED_LOCK:
            _SHARED_VECTORS.pop(self._key, None)

    def cosine_spread(self) -> float | None:
        """The spread of the collection's cosines (search/calibration.py) from the index's sidecar, measured once
        per loaded index if an older sidecar lacks it; None if too few chunks say anything."""
        vectors = self.vectors()
        if vectors.info.cosine_spread is None:
            vectors.info.cosine_spread = cosine_spread(vectors, self.chunk_facts().document_codes) or 0.0
        return vectors.info.cosine_spread or None
