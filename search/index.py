"""Keeping the search index in step with the store: chunks, FTS5 rows, embeddings and FAISS vectors.

State is derived from the database, so a crash at any point is repaired by the next sync: a document
whose ``content_hash`` no chunk carries is (re)chunked; chunks of deleted documents are removed; FAISS
ids that disagree with the chunks table are added (from the embedding cache) or removed.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from kb.settings import Settings
from kb.store import Store
from kb.wording import say
from search.blas import row_products
from search.bm25 import MemoryBM25
from search.calibration import cosine_spread
from search.centring import CentredRows, LanguageCentres, centred, language_offset
from search.chunks import ChunkSpec, document_chunks
from search.embedder import Embedder, get_embedder
from search.feedback import TermSets
from search.forward import ChunkFacts
from search.keyword import Vocabulary, chunks_version
from search.schema import ensure_schema
from search.segment import index_text
from search.translated_index import (
    TRANSLATION_TABLES,
    VOCABULARY_TABLE,
    delete_translations,
    holds_two_languages,
    is_enabled,
    translate_missing,
    untranslated_count,
)
from search.vector_index import IndexMismatch, ModelMismatch, VectorIndex, read_info

if TYPE_CHECKING:
    from search.lookup_cache import CacheFile

DOCS_PER_BATCH = 200
CONVERT_TRAIN_SAMPLE = 65_536  # vectors an IVF index is trained on
CONVERT_SLICE = 10_000  # vectors copied at a time when the index changes type
# What `kb check` reports, in the singular for one (kb.wording.say): key -> (English, Chinese).
CHECK_MESSAGES: dict[str, tuple[str, str]] = {
    "stale": ("{n} documents changed since they were indexed", "{n} 篇文档在建立索引后有改动"),
    "stale_one": ("1 document changed since it was indexed", "1 篇文档在建立索引后有改动"),
    "orphans": ("{n} chunks belong to documents that no longer exist", "{n} 个片段所属的文档已不存在"),
    "orphans_one": ("1 chunk belongs to a document that no longer exists", "1 个片段所属的文档已不存在"),
    "stray_vectors": ("the vector index has {n} vectors for chunks that do not exist", "向量索引中有 {n} 个向量对应的片段不存在"),
    "stray_vectors_one": ("the vector index has 1 vector for a chunk that does not exist", "向量索引中有 1 个向量对应的片段不存在"),
    "unvectored": ("{n} chunks have no vector in the index", "{n} 个片段在索引中没有向量"),
    "unvectored_one": ("1 chunk has no vector in the index", "1 个片段在索引中没有向量"),
    "untranslated": ("{n} chunks have no document-side translation", "{n} 个片段没有文档端翻译"),
    "untranslated_one": ("1 chunk has no document-side translation", "1 个片段没有文档端翻译"),
}

# One loaded FAISS index, one vocabulary and one forward index per index file, shared by every SearchIndex of the
# process (the web app makes one SearchIndex per request); reloaded when another process rewrites the file.
_SHARED_VECTORS: dict[str, tuple[float, VectorIndex]] = {}
_SHARED_VOCABULARIES: dict[str, Vocabulary] = {}
_SHARED_FACTS: dict[str, ChunkFacts] = {}
_SHARED_SCORERS: dict[str, MemoryBM25] = {}
_SHARED_TRANSLATION_SCORERS: dict[str, MemoryBM25] = {}
_SHARED_CENTRES: dict[str, LanguageCentres] = {}
_SHARED_CENTRED: dict[str, CentredRows] = {}
_SHARED_TERM_SETS: dict[str, TermSets] = {}
_SHARED_TRANSLATION_VOCABULARIES: dict[str, Vocabulary] = {}
_SHARED_LOCK = threading.Lock()
_MTIMES: dict[str, tuple[float, int | None]] = {}  # index file -> (when read, its mtime)
MTIME_TTL = 0.05


@dataclass
class SyncReport:
    """What a sync or reindex did."""

    documents: int = 0  # documents (re)chunked
    added: int = 0  # chunks added
    removed: int = 0  # chunks removed
    embedded: int = 0  # texts sent to the model
    cached: int = 0  # texts whose vectors came from the cache
    repaired: int = 0  # FAISS ids fixed to agree with the chunks table
    chunks: int = 0  # chunks in the index afterwards
    seconds: float = 0.0
    embed_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in vars(self).items()}


class _BatchProgress:
    """A progress bar's move through one batch of documents: by the share of its new texts embedded (the long part
    of indexing: a bar that moved once a batch sat at 0 through a whole corpus's embedding), the rest at the end."""

    def __init__(self, bar: Any, documents: int) -> None:
        self.bar, self.documents, self.moved = bar, documents, 0

    def counter(self, texts: int) -> Callable[[int], None]:
        """An ``on_batch`` for embedding ``texts`` texts: moves the bar to its share of the batch's documents."""
        done = 0

        def on_batch(n: int) -> None:
            nonlocal done
            done += n
            self._to(self.documents * done // max(texts, 1))

        return on_batch

    def finish(self) -> None:
        self._to(self.documents)

    def _to(self, target: int) -> None:
        if self.bar is not None and target > self.moved:
            self.bar.update(target - self.moved)
            self.moved = target


def index_path(settings: Settings) -> Path:
    """The FAISS file beside the database (``kb-data/kb.faiss``, sidecar ``kb.faiss.json``)."""
    return settings.db.with_suffix(".faiss")


def _word_hash(word: str) -> str:
    """The embedding cache's key of a word, as of a chunk's text (search/chunks.py ``ChunkSpec.text_hash``)."""
    return hashlib.sha1(word.encode("utf-8")).hexdigest()


class SearchIndex:
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
        ensure_schema(store.conn)

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

    # ---- sync -----------------------------------------------------------------------------------
    def sync(self, progress: Callable[[int], Any] | None = None) -> SyncReport:
        """Bring chunks, FTS and vectors in line with the documents in the store."""
        started = time.perf_counter()
        _MTIMES.pop(self._key, None)  # maintenance reads the file afresh
        report = SyncReport()
        stale = [r["id"] for r in self.store.rows(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id"
            " AND c.doc_hash = d.content_hash) ORDER BY d.id")]
        orphans = [r["id"] for r in self.store.rows(
            "SELECT id FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)")]
        if not stale and not orphans and not self.path.exists() and not self.chunk_count():
            return report  # an empty store: nothing to index (and no reason to load the model)
        try:
            return self._sync(stale, orphans, report, progress, started)
        except BaseException:
            self._forget()
            raise

    def _sync(self, stale: list[int], orphans: list[int], report: SyncReport,
              progress: Callable[[int], Any] | None, started: float) -> SyncReport:
        vectors = self._open_for_writing(report)
        if orphans:
            self._delete_chunks(orphans)
            report.removed += vectors.remove(orphans)
        bar = progress(len(stale)) if progress and stale else None
        for start in range(0, len(stale), DOCS_PER_BATCH):
            batch = stale[start:start + DOCS_PER_BATCH]
            advance = _BatchProgress(bar, len(batch))
            self._sync_documents(batch, vectors, report, advance)
            advance.finish()
        if bar is not None:
            bar.close()
        report.repaired += self._repair(vectors)
        translated = self._translate_chunks()
        converted = self._maybe_convert(vectors, report)
        if stale or orphans or report.repaired or translated or converted is not vectors or not self.path.exists() \
                or self._sidecar_count() != len(converted):
            vectors = converted
            self._measure_language_offset(vectors)
            self._measure_cosine_spread(vectors)
            self._save(vectors)
        report.documents = len(stale)
        report.chunks = len(vectors)
        report.seconds = time.perf_counter() - started
        return report

    def _translate_chunks(self) -> int:
        """With the document-side translation leg on, every chunk lacking its translation gets it
        (search/translated_index.py), in a collection of two languages; returns how many were translated (the index
        file is then saved again, so searches read the table afresh)."""
        return translate_missing(self) if self._translation_due() else 0

    def _untranslated(self) -> int:
        """How many chunks lack the document-side translation a sync would give them (0 where none is due)."""
        return untranslated_count(self.store.conn) if self._translation_due() else 0

    def _translation_due(self) -> bool:
        """Whether the chunks should have their document-side translations: the leg on, in a collection of two
        languages."""
        if not is_enabled(self.settings):
            return False
        facts = ChunkFacts()
        facts.refresh(self.store.conn, object())
        return holds_two_languages(facts.language_counts())

    def _sidecar_count(self) -> int | None:
        """How many vectors the index's sidecar says it holds (None without a readable sidecar). A kill -9 after the
        index file was replaced and before its sidecar was written leaves the old count there; a sync that finds
        nothing else to do writes both again."""
        try:
            return read_info(self.path).count
        except IndexMismatch:
            return None

    def embed_pending(self) -> int:
        """Embed the texts a sync would add into the embedding cache, and change nothing else (chunks, FTS and the
        index file stay as they are): the slow part of a sync, which can run without holding a writers' lock; the
        sync after it takes these vectors from the cache. Returns how many texts were embedded."""
        report = SyncReport()
        stale = [r["id"] for r in self.store.rows(
            "SELECT d.id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id"
            " AND c.doc_hash = d.content_hash) ORDER BY d.id")]
        for start in range(0, len(stale), DOCS_PER_BATCH):
            part = stale[start:start + DOCS_PER_BATCH]
            with self.store.transaction():  # one consistent reading: a document withdrawn meanwhile is skipped
                batch = [r["id"] for r in self.store.rows(
                    f"SELECT id FROM documents WHERE id IN ({', '.join('?' * len(part))})", part)]
                specs = [spec for doc_id in batch for spec in self._plan(doc_id)["add"]]
            self._embed([s.text for s in specs], [s.text_hash for s in specs], report)
        return report.embedded

    def _measure_language_offset(self, vectors: VectorIndex) -> None:
        """Store the vectors' language offset in the sidecar (search/centring.py), from the chunks as they are now."""
        if not self.settings.language_centring:
            vectors.info.language_offset = None
            return
        facts = ChunkFacts()
        facts.refresh(self.store.conn, object())
        offset = language_offset(vectors, facts)
        vectors.info.language_offset = None if offset is None else [round(float(x), 7) for x in offset]

    def _measure_cosine_spread(self, vectors: VectorIndex) -> None:
        """Store the spread of the vectors' cosines in the sidecar (search/calibration.py)."""
        facts = ChunkFacts()
        facts.refresh(self.store.conn, object())
        vectors.info.cosine_spread = round(cosine_spread(vectors, facts.document_codes) or 0.0, 7)

    def cosine_spread(self) -> float | None:
        """The spread of the collection's cosines (search/calibration.py) from the index's sidecar, measured once
        per loaded index if an older sidecar lacks it; None if too few chunks say anything."""
        vectors = self.vectors()
        if vectors.info.cosine_spread is None:
            vectors.info.cosine_spread = cosine_spread(vectors, self.chunk_facts().document_codes) or 0.0
        return vectors.info.cosine_spread or None

    def reindex(self, progress: Callable[[int], Any] | None = None) -> SyncReport:
        """Rebuild everything from the store (vectors come from the cache; only new text is embedded)."""
        with self.store.transaction():
            self.store.conn.execute("DELETE FROM chunks")
            self.store.conn.execute("DELETE FROM chunks_fts")
            delete_translations(self.store.conn)
        for leftover in (self.path, self.path.with_suffix(self.path.suffix + ".json")):
            leftover.unlink(missing_ok=True)
        self._forget()
        return self.sync(progress)

    def _open_for_writing(self, report: SyncReport) -> VectorIndex:
        try:
            return self.vectors()
        except ModelMismatch:
            raise
        except IndexMismatch as exc:
            # Missing or damaged (e.g. a run killed mid-reindex): start afresh; the repair step refills it
            # from the chunks table, with vectors from the embedding cache.
            self._forget()
            if self.chunk_count():
                report.notes.append(f"rebuilding the vector index ({exc})")
            return self._new_index(self.chunk_count(), self._dimension_hint())

    def _maybe_convert(self, vectors: VectorIndex, report: SyncReport) -> VectorIndex:
        want_ivf = self.settings.index_type == "ivf" or (
            self.settings.index_type == "auto" and len(vectors) > self.settings.ann_threshold)
        is_ivf = vectors.info.index_type == "ivf"
        if want_ivf == is_ivf and not (is_ivf and vectors.needs_training):
            return vectors
        ids = vectors.ids()
        fresh = self._new_index(len(ids), vectors.info.dimension) if want_ivf else \
            VectorIndex(self.model, vectors.info.dimension, "flat", nprobe=self.settings.nprobe)
        if want_ivf:
            # Train on a sample and copy in slices, so the conversion never holds a second full copy.
            rng = np.random.default_rng(0)
            sample = np.sort(rng.choice(ids, size=min(len(ids), CONVERT_TRAIN_SAMPLE), replace=False))
            fresh.train(vectors.vectors(sample.tolist()))
        for start in range(0, len(ids), CONVERT_SLICE):
            part = ids[start:start + CONVERT_SLICE]
            fresh.add(part, vectors.vectors(part.tolist()))
        report.notes.append(f"rebuilt the vector index as {fresh.info.index_type} ({len(ids):,} vectors)")
        return fresh

    def _sync_documents(self, doc_ids: list[int], vectors: VectorIndex, report: SyncReport,
                        advance: _BatchProgress | None = None) -> None:
        plans = [self._plan(doc_id) for doc_id in doc_ids]
        new_specs = [spec for plan in plans for spec in plan["add"]]
        embeddings = self._embed([s.text for s in new_specs], [s.text_hash for s in new_specs], report,
                                 advance=advance)
        remove_ids = [i for plan in plans for i in plan["remove"]]
        with self.store.transaction():
            self._delete_chunks(remove_ids)
            new_ids = []
            for plan in plans:
                for chunk_id, spec in plan["keep"]:
                    self.store.conn.execute(
                        "UPDATE chunks SET doc_hash = ?, lesson_id = ?, section_id = ?, ordinal = ? WHERE id = ?",
                        [plan["doc_hash"], spec.lesson_id, spec.section_id, spec.ordinal, chunk_id])
                for spec in plan["add"]:
                    cur = self.store.conn.execute(
                        "INSERT INTO chunks (document_id, doc_hash, kind, lesson_id, section_id, ordinal, text,"
                        " text_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [plan["doc_id"], plan["doc_hash"], spec.kind, spec.lesson_id, spec.section_id, spec.ordinal,
                         spec.text, spec.text_hash])
                    chunk_id = int(cur.lastrowid)
                    self.store.conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)",
                                            [chunk_id, index_text(spec.text)])
                    new_ids.append(chunk_id)
        report.removed += vectors.remove(remove_ids)
        if new_ids:
            if vectors.needs_training:
                vectors.train(embeddings)
            vectors.add(np.asarray(new_ids, dtype=np.int64), embeddings)
        report.added += len(new_ids)

    def _plan(self, doc_id: int) -> dict[str, Any]:
        doc = self.store.row("SELECT id, title, raw_text, content_hash FROM documents WHERE id = ?", [doc_id])
        assert doc is not None
        sections = self.store.rows("SELECT id, heading, text FROM sections WHERE document_id = ? ORDER BY position",
                                   [doc_id])
        lessons = self.store.rows("SELECT id, section_id, text, driving_event FROM lessons WHERE document_id = ?"
                                  " ORDER BY position", [doc_id])
        specs = document_chunks(doc, sections, lessons, window=self.settings.chunk_words,
                                overlap=self.settings.chunk_overlap, max_chars=max(self.settings.chunk_chars, 1))
        existing = self.store.rows("SELECT id, text_hash FROM chunks WHERE document_id = ?", [doc_id])
        by_hash: dict[str, list[int]] = {}
        for row in existing:
            by_hash.setdefault(row["text_hash"], []).append(row["id"])
        keep: list[tuple[int, ChunkSpec]] = []
        add: list[ChunkSpec] = []
        for spec in specs:
            ids = by_hash.get(spec.text_hash)
            if ids:
                keep.append((ids.pop(), spec))
            else:
                add.append(spec)
        remove = [i for ids in by_hash.values() for i in ids]
        return {"doc_id": doc_id, "doc_hash": doc["content_hash"], "keep": keep, "add": add, "remove": remove}

    def _delete_chunks(self, ids: list[int]) -> None:
        if not ids:
            return
        with self.store.transaction():
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                marks = ", ".join("?" * len(part))
                self.store.conn.execute(f"DELETE FROM chunks WHERE id IN ({marks})", part)
                self.store.conn.execute(f"DELETE FROM chunks_fts WHERE rowid IN ({marks})", part)
                delete_translations(self.store.conn, part)

    # ---- embeddings -----------------------------------------------------------------------------
    def _embed(self, texts: list[str], hashes: list[str], report: SyncReport, *,
               advance: _BatchProgress | None = None) -> np.ndarray:
        """Vectors for texts, from the cache where possible; new vectors are cached. ``advance`` is told the share
        of the new texts embedded after each of the model's batches (the progress bar's documents move with it)."""
        if not texts:
            return np.empty((0, 0), dtype=np.float32)
        cached = self._cached(sorted(set(hashes)))
        missing = [i for i, h in enumerate(hashes) if h not in cached]
        unique: dict[str, int] = {}
        for i in missing:
            unique.setdefault(hashes[i], i)
        if unique:
            started = time.perf_counter()
            order = list(unique.values())
            on_batch = advance.counter(len(order)) if advance is not None else None
            fresh = self.embedder().encode([texts[i] for i in order], batch_size=self.settings.embed_batch,
                                           on_batch=on_batch)
            report.embed_seconds += time.perf_counter() - started
            report.embedded += len(order)
            with self.store.transaction():
                self.store.conn.executemany(
                    "INSERT OR REPLACE INTO embedding_cache (model, text_hash, vector) VALUES (?, ?, ?)",
                    [(self.model, hashes[i], fresh[j].tobytes()) for j, i in enumerate(order)])
            for j, i in enumerate(order):
                cached[hashes[i]] = fresh[j]
        report.cached += len(texts) - len(unique)
        return np.vstack([cached[h] for h in hashes]).astype(np.float32)

    def embed_words(self, words: list[str]) -> int:
        """Give the model's word cache the vectors of some words (or short phrases) about to be scored by
        ``word_similarity``, and keep them in the embedding cache (a word is a text like a chunk's, under the hash
        of its text), so a reindex or the next sync, in this process or another, does not embed them again: from
        the embedding cache where it holds them, else from the process's memory, else embedded in one call (as the
        words of a query are). Returns how many were embedded."""
        absent = self._from_cache(list(dict.fromkeys(words)))
        if not absent:
            return 0
        embedder = self.embedder()
        vectors = embedder.known_vectors(absent)
        new = [word for word in absent if word not in vectors]
        if new:
            fresh = embedder.encode(new, batch_size=128)
            embedder.remember_words(new, fresh)
            vectors.update(zip(new, fresh))
        with self.store.transaction():
            self.store.conn.executemany(
                "INSERT OR REPLACE INTO embedding_cache (model, text_hash, vector) VALUES (?, ?, ?)",
                [(self.model, _word_hash(word), np.asarray(vectors[word], dtype=np.float32).tobytes())
                 for word in absent])
        return len(new)

    def recall_words(self, words: list[str]) -> list[str]:
        """Give the model's word cache the vectors that the embedding cache holds of those of some words this process
        has not embedded (a sync keeps there the words that scored its chunks' translations, embed_words), reading
        only; returns the words neither holds, which the model must embed. A query's words to score are mostly the
        collection's own: on the shipped corpus 284 of the 304 that its test set's first searches embedded."""
        known = self.embedder().known_vectors(words)
        return self._from_cache([word for word in dict.fromkeys(words) if word not in known])

    def _from_cache(self, words: list[str]) -> list[str]:
        """Hand the model's word cache the vectors the embedding cache holds of some words; returns the words it
        lacks, in their order."""
        if not words:
            return []
        hashes = [_word_hash(word) for word in words]
        cached = self._cached(hashes)
        stored = [i for i, h in enumerate(hashes) if h in cached]
        if stored:
            self.embedder().remember_words([words[i] for i in stored], np.vstack([cached[hashes[i]] for i in stored]))
        return [word for word, h in zip(words, hashes) if h not in cached]

    def _cached(self, hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(hashes), 500):
            part = hashes[start:start + 500]
            rows = self.store.conn.execute(
                f"SELECT text_hash, vector FROM embedding_cache WHERE model = ? AND text_hash IN "
                f"({', '.join('?' * len(part))})", [self.model, *part]).fetchall()
            for text_hash, blob in rows:
                found[text_hash] = np.frombuffer(blob, dtype=np.float32)
        return found

    # ---- consistency ----------------------------------------------------------------------------
    def _repair(self, vectors: VectorIndex) -> int:
        """Make the FAISS ids equal the chunk ids (after a crash between the database and the index file)."""
        db_ids = {r[0]: r[1] for r in self.store.conn.execute("SELECT id, text_hash FROM chunks")}
        faiss_ids = set(vectors.ids().tolist())
        extra = sorted(faiss_ids - db_ids.keys())
        missing = sorted(db_ids.keys() - faiss_ids)
        if extra:
            vectors.remove(extra)
        if missing:
            rows: list[dict[str, Any]] = []
            for start in range(0, len(missing), 500):
                part = missing[start:start + 500]
                rows += self.store.rows(f"SELECT id, text, text_hash FROM chunks WHERE id IN "
                                        f"({', '.join('?' * len(part))})", part)
            report = SyncReport()
            vecs = self._embed([r["text"] for r in rows], [r["text_hash"] for r in rows], report)
            if vectors.needs_training:
                vectors.train(vecs)
            vectors.add(np.asarray([r["id"] for r in rows], dtype=np.int64), vecs)
        return len(extra) + len(missing)

    def check(self) -> list[str]:
        """Every disagreement between the store and the index, as sentences (empty: all is well)."""
        problems: list[str] = []
        _MTIMES.pop(self._key, None)  # maintenance reads the file afresh
        stale = self.store.scalar(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.document_id = d.id"
            " AND c.doc_hash = d.content_hash)")
        if stale:
            problems.append(say(CHECK_MESSAGES, "stale", "en", n=stale))
        orphans = self.store.scalar("SELECT count(*) FROM chunks WHERE document_id NOT IN (SELECT id FROM documents)")
        if orphans:
            problems.append(say(CHECK_MESSAGES, "orphans", "en", n=orphans))
        fts = self.store.scalar("SELECT count(*) FROM chunks_fts")
        chunks = self.chunk_count()
        if fts != chunks:
            problems.append(f"the keyword index has {fts} rows for {chunks} chunks")
        untranslated = self._untranslated()
        if untranslated:
            problems.append(say(CHECK_MESSAGES, "untranslated", "en", n=untranslated))
        try:
            vectors = self.vectors()
        except IndexMismatch as exc:
            return [*problems, str(exc)]
        db_ids = {r[0] for r in self.store.conn.execute("SELECT id FROM chunks")}
        faiss_ids = set(vectors.ids().tolist())
        if faiss_ids - db_ids:
            problems.append(say(CHECK_MESSAGES, "stray_vectors", "en", n=len(faiss_ids - db_ids)))
        if db_ids - faiss_ids:
            problems.append(say(CHECK_MESSAGES, "unvectored", "en", n=len(db_ids - faiss_ids)))
        info = read_info(self.path) if self.path.exists() else None
        if info is not None and info.count != len(vectors):
            problems.append(f"the index sidecar says {info.count} vectors but the index holds {len(vectors)}")
        return problems
