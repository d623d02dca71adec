"""Keeping the search index in step with the store: chunks, FTS5 rows, embeddings and FAISS vectors.

State is derived from the database, so a crash at any point is repaired by the next sync: a document
whose ``content_hash`` no chunk carries is (re)chunked; chunks of deleted documents are removed; FAISS
ids that disagree with the chunks table are added (from the embedding cache) or removed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kb.sql import placeholders
from search.calibration import cosine_spread
from search.centring import language_offset
from search.chunks import ChunkSpec, document_chunks
from search.forward import ChunkFacts
from search.loaded_indexes import _MTIMES
from search.segment import index_text
from search.translated_index import (
    delete_translations,
    holds_two_languages,
    is_enabled,
    translate_missing,
    translation_rules,
    untranslated_count,
)
from search.vector_index import IndexMismatch, ModelMismatch, VectorIndex, read_info, write_info

DOCS_PER_BATCH = 200
CONVERT_TRAIN_SAMPLE = 65_536  # vectors an IVF index is trained on
CONVERT_SLICE = 10_000  # vectors copied at a time when the index changes type
REINDEX_ADVICE = "; run 'kb reindex'"  # how a missing or damaged index file's error ends (search/vector_index.py)


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


class _Sync:
    """Bringing the index in line with the store: a mixin of ``SearchIndex`` (search/index.py)."""

    def sync(self, progress: Callable[[int], Any] | None = None,
             translating: Callable[[int], Any] | None = None) -> SyncReport:
        """Bring chunks, FTS and vectors in line with the documents in the store. ``progress`` and ``translating``
        make the bars of the documents (re)chunked and of the chunks translated (``translate_missing``: after an
        upgrade, every chunk of the store, minutes that were silent)."""
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
            return self._sync(stale, orphans, report, (progress, translating), started)
        except BaseException:
            self._forget()
            raise

    def _sync(self, stale: list[int], orphans: list[int], report: SyncReport,
              bars: tuple[Callable[[int], Any] | None, Callable[[int], Any] | None], started: float) -> SyncReport:
        progress, translating = bars
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
        translated = self._translate_chunks(vectors, report, translating)
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

    def _translate_chunks(self, vectors: VectorIndex, report: SyncReport,
                          progress: Callable[[int], Any] | None = None) -> int:
        """With the document-side translation leg on, every chunk lacking its translation gets it
        (search/translated_index.py); returns how many were translated (the index file is then saved again, so
        searches read the table afresh). Translations made by other rules than the collection's
        (``translation_rules``: the version, and whether it holds one language or two; the sidecar says which) are
        all made again."""
        if not self._translation_due():
            return 0
        languages = self._chunk_languages()
        rules = translation_rules(languages)
        if vectors.info.translation_version != rules:
            with self.store.transaction():
                older = delete_translations(self.store.conn)
            vectors.info.translation_version = rules
            self._record_translation_rules(vectors, rules)
            if older:
                report.notes.append(f"made {older:,} chunks' document-side translations again (their rules changed)")
        return translate_missing(self, progress, every_translation=not holds_two_languages(languages))

    def _record_translation_rules(self, vectors: VectorIndex, rules: int) -> None:
        """Say in the index file's sidecar, once the older translations are gone and before any is made again, that
        its translations are this version's: a sync stopped while translating (a kill -9 after 7,500 of 16,145 chunks
        of an upgraded store) keeps those it made, where the next sync took them for older rules' and made them all
        again. The index file is left as it is (the repair of a stopped sync reads the chunks table, not the count).
        Where there is no index file yet (a first ingest), it is saved now, whole, with its rules: Ctrl-C while a new
        store's chunks were translated left no file to say so, and the next sync made all of them again ("their rules
        changed") after repairing every vector from the cache."""
        if not self.path.exists():
            self._measure_language_offset(vectors)
            self._measure_cosine_spread(vectors)
            self._save(vectors)
            return
        try:
            info = read_info(self.path) if self.path.exists() else None
        except IndexMismatch:
            return
        if info is not None:
            info.translation_version = rules
            write_info(self.path, info)

    def _untranslated(self) -> int:
        """How many chunks lack the document-side translation a sync would give them (0 where none is due)."""
        return untranslated_count(self.store.conn) if self._translation_due() else 0

    def _translation_due(self) -> bool:
        """Whether the chunks should have their document-side translations: the leg on, and chunks to translate."""
        return is_enabled(self.settings) and any(self._chunk_languages().values())

    def _chunk_languages(self) -> dict[str, int]:
        """The collection's chunks per language, read afresh."""
        facts = ChunkFacts()
        facts.refresh(self.store.conn, object())
        return dict(facts.language_counts())

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
                    f"SELECT id FROM documents WHERE id IN ({placeholders(part)})", part)]
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

    def reindex(self, progress: Callable[[int], Any] | None = None,
                translating: Callable[[int], Any] | None = None) -> SyncReport:
        """Rebuild everything from the store (vectors come from the cache; only new text is embedded)."""
        with self.store.transaction():
            self.store.conn.execute("DELETE FROM chunks")
            self.store.conn.execute("DELETE FROM chunks_fts")
            delete_translations(self.store.conn)
        for leftover in (self.path, self.path.with_suffix(self.path.suffix + ".json")):
            leftover.unlink(missing_ok=True)
        self._forget()
        return self.sync(progress, translating)

    def _open_for_writing(self, report: SyncReport) -> VectorIndex:
        try:
            return self.vectors()
        except ModelMismatch:
            raise
        except IndexMismatch as exc:
            # Missing or damaged (e.g. a run killed mid-reindex): start afresh; the repair step refills it
            # from the chunks table, with vectors from the embedding cache.
            self._forget()
            if self.chunk_count():  # the error's "run 'kb reindex'" is what this does: it told the user to
                report.notes.append(f"rebuilding the vector index ({str(exc).removesuffix(REINDEX_ADVICE)})")
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
        fresh.info.translation_version = vectors.info.translation_version
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
                marks = placeholders(part)
                self.store.conn.execute(f"DELETE FROM chunks WHERE id IN ({marks})", part)
                self.store.conn.execute(f"DELETE FROM chunks_fts WHERE rowid IN ({marks})", part)
                delete_translations(self.store.conn, part)
