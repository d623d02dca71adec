"""The embedding cache: each text's vector under the model's name and the hash of the text, kept in the store, so
that a reindex or a sync embeds only new text; a word scored by the model is kept there as a text is."""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

import numpy as np

from kb.sql import placeholders

if TYPE_CHECKING:
    from search.index_sync import SyncReport, _BatchProgress


def _word_hash(word: str) -> str:
    """The embedding cache's key of a word, as of a chunk's text (search/chunks.py ``ChunkSpec.text_hash``)."""
    return hashlib.sha1(word.encode("utf-8")).hexdigest()


class _Embeddings:
    """Vectors from the embedding cache, or from the model into it: a mixin of ``SearchIndex`` (search/index.py)."""

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
                f"({placeholders(part)})", [self.model, *part]).fetchall()
            for text_hash, blob in rows:
                found[text_hash] = np.frombuffer(blob, dtype=np.float32)
        return found
