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

from search.hybrid import Fused


def with_document_support(fused: Sequence[Fused], documents_of: Callable[[list[Hashable]], Sequence[object]],
                          weight: float) -> list[Fused]:
    """The ranking with each item's score raised by ``weight`` times the score of its document's second-best item
    (nothing for a document with one item), re-sorted, ties in their order.

    Args:
        fused: a ranking, best first, with non-negative scores.
        documents_of: ids -> each one's document (aligned; None for an unknown item, which gets no support).
        weight: the second item's share; 0 returns the ranking as it is.
    """
    if weight <= 0 or len(fused) < 2:
        return list(fused)
    documents = documents_of([f.id for f in fused])
    seen: dict[object, int] = {}
    second: dict[object, float] = {}
    for item, document in zip(fused, documents):  # best first: a document's second sighting is its second best
        if document is None:
            continue
        count = seen.get(document, 0) + 1
        seen[document] = count
        if count == 2:
            second[document] = item.score
    if not second:
        return list(fused)
    raised = [f._replace(score=f.score + weight * second[d]) if d in second else f for f, d in zip(fused, documents)]
    return sorted(raised, key=lambda f: -f.score)


__all__ = ["with_document_support"]
