"""The plain baselines our search is judged against, over whole documents: BM25 (bm25s), exact dense search with
the default model, and reciprocal-rank fusion of the two.

Each system turns a query into documents ranked best first, ``(document id, score)``; the benchmark scores the
rankings with ``search.evaluate``, as ``kb eval`` scores ours.

BM25: bm25s (Lucene's variant, k1 1.5, b 0.75). Text is NFKC-normalised and lower-cased; runs of Chinese are
segmented with jieba (its default, precise mode), everything else split into words, and English words stemmed with
the Snowball English stemmer; bm25s's English stopwords (Lucene's 33 words) are left out, and so are one-letter
words and punctuation. Chinese words are all kept: bm25s's Chinese list (843 words, 怎么 and 一直 among them) cost
0.018 nDCG@10 on lcqmc-dev's short questions, where BM25's idf already weighs common words down. A query's
repeated words count as often as they occur (as bm25s's own tokenizer keeps them). ``characters=True`` adds each
Chinese character as a term too (an ablation: on lcqmc-dev, questions that ask the same thing share characters
more often than jieba words).

Dense: every document's title and text embedded whole by the model our semantic leg uses (the same loaded
instance), vectors of unit length, ranked by inner product over all of them (no approximate index, no language
centring). Vectors are cached beside the store, keyed by model and text.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from search.hybrid import reciprocal_rank_fusion

Ranking = list[tuple[str, float]]
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W_]+")
RRF_K = 60


class Tokenizer:
    """Text -> BM25 terms: jieba words for Chinese (and its characters, if asked), stemmed words for the rest,
    without English stopwords."""

    def __init__(self, *, characters: bool = False) -> None:
        try:
            import jieba
            import snowballstemmer
            from bm25s.stopwords import STOPWORDS_EN
        except ImportError as exc:
            raise SystemExit(f"the baselines need the bench extra ({exc}): pip install -e '.[bench]'") from None
        jieba.setLogLevel(60)  # its dictionary-loading chatter goes to stderr otherwise
        self._cut = jieba.lcut  # jieba's shared tokenizer: its dictionary is loaded once per process
        self._stemmer = snowballstemmer.stemmer("english")
        self._stems: dict[str, str] = {}
        self._stop = frozenset(STOPWORDS_EN)
        self._characters = characters

    def __call__(self, text: str) -> list[str]:
        """The terms of a text, in order, repeats kept."""
        text = unicodedata.normalize("NFKC", text).lower()
        terms: list[str] = []
        position = 0
        for run in _HAN_RUN.finditer(text):
            self._words(text[position:run.start()], terms)
            terms.extend(self._cut(run.group(0)))
            if self._characters:
                terms.extend(run.group(0))
            position = run.end()
        self._words(text[position:], terms)
        return terms

    def _words(self, text: str, terms: list[str]) -> None:
        for word in _WORD.findall(text):
            if word in self._stop or (len(word) == 1 and word.isascii() and word.isalpha()):
                continue
            stem = self._stems.get(word)
            if stem is None:
                stem = self._stems[word] = self._stemmer.stemWord(word)
            terms.append(stem)


class BM25:
    """bm25s over whole documents."""

    def __init__(self, ids: list[str], texts: list[str], tokenizer: Tokenizer | None = None) -> None:
        import bm25s

        self.ids = ids
        self.tokenize = tokenizer or Tokenizer()
        self.model = bm25s.BM25()
        self.model.index([self.tokenize(t) for t in texts], show_progress=False)

    def rank(self, query: str, depth: int) -> Ranking:
        """The ``depth`` best documents that share a term with the query."""
        ids = self.model.get_tokens_ids(self.tokenize(query))
        if not ids:
            return []
        return top(self.ids, self.model.get_scores_from_ids(ids), depth)


class Dense:
    """Exact inner-product search over unit-length vectors (one row per id; ids may repeat)."""

    def __init__(self, ids: list[str], vectors: np.ndarray, embedder: Any) -> None:
        self.ids = ids
        self.vectors = vectors
        self.embedder = embedder

    def rank(self, query: str, depth: int) -> Ranking:
        """The ``depth`` nearest rows' ids."""
        return top(self.ids, self.vectors @ self.embedder.encode([query], batch_size=1)[0], depth)


def top(ids: list[str], scores: np.ndarray, depth: int) -> Ranking:
    """The ``depth`` best-scoring ids with a positive score, best first (ties: the earlier id first)."""
    depth = min(depth, len(scores))
    if depth <= 0:
        return []
    head = np.argpartition(-scores, depth - 1)[:depth]
    head = head[np.lexsort((head, -scores[head]))]
    return [(ids[i], float(scores[i])) for i in head if scores[i] > 0]


def rrf(rankings: dict[str, Ranking], depth: int, k: int = RRF_K) -> Ranking:
    """Reciprocal-rank fusion of document rankings (the project's own fusion function, equal weights)."""
    fused = reciprocal_rank_fusion({name: [doc for doc, _ in ranked] for name, ranked in rankings.items()}, k=k)
    return [(str(f.id), f.score) for f in fused[:depth]]


def embed(texts: list[str], embedder: Any, cache: Path | None = None,
          on_batch: Callable[[int], Any] | None = None) -> np.ndarray:
    """Embeddings of the texts, reusing those a cache file (keyed by model and text) already holds, and keeping
    the new ones there."""
    keys = [hashlib.sha1(f"{embedder.name}\0{t}".encode()).hexdigest() for t in texts]
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as saved:
            known = dict(zip(saved["keys"].tolist(), saved["vectors"]))
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    if missing:
        text_of = dict(zip(keys, texts))
        fresh = embedder.encode([text_of[k] for k in missing], on_batch=on_batch)
        known.update(zip(missing, fresh))
        if cache is not None:
            kept = list(dict.fromkeys(keys))
            np.savez(cache, keys=np.array(kept), vectors=np.stack([known[k] for k in kept]))
    if not keys:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    return np.stack([known[k] for k in keys]).astype(np.float32)

