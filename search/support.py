"""A document's second chunk as evidence: a fused chunk ranking where each chunk also counts part of the score of
its document's second-best chunk.

Documents are ranked by their best chunk. A document whose best chunk matches the query through a word or two
of its title, or a short bullet that happens to sit near the query's meaning, then ranks as high as one with
several passages on the subject. On the bilingual corpus that is what the short slide bullets and table cells of
Word, PowerPoint and PDF documents did: a document of short chunks has many chances of one lucky match (BENCHMARKS.md,
"Documents of short chunks"). A second chunk that the legs also found is independent evidence that the document is
about the query: adding a share of its score to the document's chunks (each document's order of chunks stays the
same) lifts the documents that match in more than one place.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from operator import itemgetter

import numpy as np

from search.hybrid import Fused


def with_document_support(fused: Sequence[Fused], documents_of: Callable[[Sequence[Hashable]], np.ndarray],
                          weight: float) -> list[Fused]:
    """The ranking with each item's score raised by ``weight`` times the score of its document's second-best item
    (nothing for a document with one item), re-sorted, ties in their order.

    Args:
        fused: a ranking, best first, with non-negative scores.
        documents_of: ids -> each one's document as an integer array, aligned (negative: an unknown item, which
            gets no support).
        weight: the second item's share; 0 returns the ranking as it is.
    """
    if weight <= 0 or len(fused) < 2:
        return list(fused)
    # A loop: for the few hundred items of a fusion of short legs (a large collection's), quicker than arrays
    documents = np.asarray(documents_of([f[0] for f in fused])).tolist()
    seen: set[int] = set()
    second: dict[int, float] = {}
    for item, document in zip(fused, documents):  # best first: a document's second sighting is its second best
        if document < 0 or document in second:
            continue
        if document in seen:
            second[document] = item[1]
        else:
            seen.add(document)
    if not second:
        return list(fused)
    make, get = tuple.__new__, second.get  # a named tuple's _replace is a Python function: too slow here
    raised = [f if (s := get(d)) is None else make(Fused, (f[0], f[1] + weight * s, f[2]))
              for f, d in zip(fused, documents)]
    raised.sort(key=_SCORE, reverse=True)  # stable, as sorting by the negated score: ties in their order
    return raised


def document_support(scores: np.ndarray, documents: np.ndarray, weight: float) -> tuple[np.ndarray, np.ndarray] | None:
    """``with_document_support`` on arrays, for the rank fusion of integer ids (search/id_fusion.py), whose items
    are then built once: a search of the corpus lends support to a thousand chunks or more.

    Args:
        scores: a ranking's scores, best first.
        documents: each item's document (negative: unknown, no support), aligned.
        weight: the second item's share (above 0).

    Returns:
        The raised scores (aligned with ``scores``) and the order that sorts them, best first, ties in their order;
        None when no document has a second item (nothing changes).
    """
    documents = np.asarray(documents, dtype=np.int64)
    known = np.flatnonzero(documents >= 0)
    by_document = known[np.argsort(documents[known], kind="stable")]  # each document's items in ranking order
    grouped = documents[by_document]
    starts = np.flatnonzero(np.diff(grouped, prepend=-1))
    held = starts[np.diff(starts, append=len(grouped)) >= 2]  # where each document with a second item begins
    if not len(held):
        return None
    supported, second = grouped[held], scores[by_document[held + 1]]
    at = np.minimum(np.searchsorted(supported, documents), len(supported) - 1)
    raised = np.where(supported[at] == documents, scores + weight * second[at], scores)
    return raised, np.argsort(-raised, kind="stable")


_SCORE = itemgetter(1)

__all__ = ["document_support", "with_document_support"]
