"""How far apart the semantic leg's cosines lie in a collection: the scale they are standardised by when a query's
keyword and semantic legs are fused by score (search/id_fusion.py, ``standardised_ids``).

Fused by score, each leg's scores are standardised: less the mean of its first hundred, over a spread. A query's
own first hundred cosines make a poor spread: where the model finds nothing that stands out, they lie close
together, and dividing by their small spread blows the noise up to the keyword leg's size; where it finds a
near-paraphrase far ahead of the rest, their wide spread shrinks the lead. The collection's spread does not depend
on the query: it is measured once per index, on random chunks of the collection used as queries (their own
vectors, so no model is needed), from their first hundred matches in other documents (BENCHMARKS.md, "Per query,
against the baselines (s-rank4)").
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from search.vector_index import VectorIndex

SAMPLE = 200  # random chunks whose vectors serve as queries
DEPTH = 100  # the first matches of each in other documents (as the fusion's sample of a query's scores)
SPARE = 50  # matches searched beyond DEPTH, for those in the chunk's own document
MIN_CHUNKS = 20  # fewer chunks say nothing of a collection's spread


def cosine_spread(vectors: VectorIndex, documents_of: Callable[[list[int]], np.ndarray], *,
                  sample: int = SAMPLE, seed: int = 0) -> float | None:
    """The standard deviation of the cosines between random chunks and their first ``DEPTH`` matches in other
    documents, pooled; None for a collection of fewer than MIN_CHUNKS chunks or of one repeated text.

    Args:
        vectors: the collection's vectors (normalised: inner products are cosines).
        documents_of: chunk ids -> their documents, aligned (as ``ChunkFacts.document_codes``).
        sample: how many chunks (at most the collection's) serve as queries.
        seed: the random sample's seed (the same index gives the same spread).
    """
    ids = vectors.ids()
    if len(ids) < MIN_CHUNKS:
        return None
    chosen = np.random.default_rng(seed).choice(ids, min(sample, len(ids)), replace=False)
    queries = vectors.vectors(chosen.tolist())
    found, scores = vectors.search_many(queries, DEPTH + SPARE)
    own = np.asarray(documents_of(chosen.tolist()))
    pooled = []
    for row, document in zip(range(len(chosen)), own):
        hits = found[row] >= 0
        others = np.asarray(documents_of(found[row][hits].tolist())) != document
        pooled.append(scores[row][hits][others][:DEPTH])
    cosines = np.concatenate(pooled) if pooled else np.zeros(0)
    spread = float(cosines.std()) if len(cosines) > 1 else 0.0
    return spread if spread > 1e-6 else None


__all__ = ["cosine_spread"]
