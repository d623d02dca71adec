"""The document both of a query's own legs rank first, kept first in the fused ranking.

The keyword leg searches the query's words and the semantic leg its meaning; the other legs search what the query
was expanded into (its translations, the terms of the first results, the document-side translations). A rank fusion
of six legs counts votes: a document that one or two legs rank first loses to documents several weak legs agree on,
however clearly it won. A lesson just published whose exact words are the query (海关查验 备用仓位) was the first
document of the keyword leg at 62.8 against the next one's 5.4, and of the semantic leg, and came 3rd behind two
English retrospectives that only the translated and feedback legs found (BENCHMARKS.md, "A leg's clear winner
(s-champ)"). When the query's words and its meaning agree on the first document, that document is the answer the
expansions were meant to add to, not outvote: it is kept at the first place. Nothing else moves, and a fusion whose
first document is already that one is returned as it is. On the development sets the rule acts on one query of
corpus/eval-dev (a grade-2 document from 4th to 1st) and on none of the three real sets, whose fusions already put
such a document first.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from search.ranked import FusedRanking, Ranked

OWN = ("keyword", "semantic")  # the legs that search the query itself (search/relevance.py's OWN_LEGS)


def agreed_first(fused: FusedRanking, legs: dict[str, Ranked],
                 documents_of: Callable[[np.ndarray], np.ndarray]) -> FusedRanking:
    """The fused ranking with the document that every one of the query's own legs ranks first moved to the first
    place, if it is lower (its best item first, scored just above the item it passes; the others in their order).

    Args:
        fused: a fused chunk ranking, best first.
        legs: each leg's ranking (only the first item of the ``OWN`` legs is read).
        documents_of: chunk ids -> their documents (negative: unknown), aligned.

    Returns:
        ``fused`` itself when the own legs do not all run, disagree, or their document is already first or not fused.
    """
    firsts = [legs[name].ids[:1] for name in OWN if name in legs]
    if len(firsts) < len(OWN) or not all(len(ids) for ids in firsts) or len(fused) < 2:
        return fused
    agreed = documents_of(np.concatenate(firsts))
    document = int(agreed[0])
    if document < 0 or (agreed != document).any():
        return fused
    at = np.flatnonzero(documents_of(fused.ids) == document)
    if not len(at) or at[0] == 0:
        return fused
    item = int(at[0])
    scores = fused.scores.copy()
    scores[item] = np.nextafter(scores[0], np.inf)
    order = np.concatenate(([item], np.arange(item), np.arange(item + 1, len(scores))))
    return fused.reordered(scores, order)


__all__ = ["OWN", "agreed_first"]
