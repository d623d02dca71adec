"""Fusion of ranked lists (weighted reciprocal-rank fusion, and standardised-score fusion), and whether a query's
cross-language and feedback legs run: small pure functions over ranked lists and language counts."""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Mapping, Sequence
from typing import NamedTuple

# The languages whose text a query's own words cannot match (chunk languages, as search/forward.py names them):
# a mixed document may hold its matter in either language.
OTHER_LANGUAGES = {"zh": ("en", "mixed"), "en": ("zh", "mixed")}
LONG_QUERY_TERMS = 64  # a query of more terms is a pasted text (a bug report, a whole lesson), not a question
LONG_QUERY_KEYWORD = 2.0  # how many times more a long English query's keyword leg counts


class Fused(NamedTuple):
    """One item of a fused ranking: its score and which legs ranked it. (A named tuple: a search makes about a
    thousand, and a frozen dataclass took most of the fusion's time to build them.)"""

    id: Hashable
    score: float
    legs: tuple[str, ...]


def reciprocal_rank_fusion(rankings: Mapping[str, Sequence[Hashable]], weights: Mapping[str, float] | None = None,
                           k: int = 60, limit: int | None = None) -> list[Fused]:
    """Fuse ranked lists: score(d) = sum over legs of weight / (k + rank), rank starting at 1.

    Args:
        rankings: leg name -> ids, best first (duplicates after the first occurrence are ignored).
        weights: leg name -> weight (default 1.0 each; 0 switches a leg off).
        k: the fusion constant; larger values flatten the advantage of top ranks.
        limit: return only the first ``limit`` items (the same as cutting the whole list, without sorting it).

    Returns:
        Items by descending score; ties keep the order of first appearance.
    """
    weights = weights or {}
    scores: dict[Hashable, float] = {}
    legs: dict[Hashable, tuple[str, ...]] = {}
    firsts: list[tuple[str, dict[Hashable, None]]] = []
    for leg, ids in rankings.items():
        weight = weights.get(leg, 1.0)
        if weight <= 0:
            continue
        ranked = dict.fromkeys(ids)  # first occurrences, in order
        score, named, one = scores.get, legs.get, (leg,)
        if limit is None:
            for rank, item in enumerate(ranked, start=k + 1):
                scores[item] = score(item, 0.0) + weight / rank
                legs[item] = named(item, ()) + one
        else:  # the legs of the few items kept are looked up at the end
            for rank, item in enumerate(ranked, start=k + 1):
                scores[item] = score(item, 0.0) + weight / rank
            firsts.append((leg, ranked))
    make = tuple.__new__  # a named tuple's own constructor is a Python function: a third of the time here
    if limit is None:
        order = sorted(scores, key=scores.__getitem__, reverse=True)
        return [make(Fused, (i, scores[i], legs[i])) for i in order]
    order = heapq.nlargest(limit, scores, key=scores.__getitem__)  # as sorted(...)[:limit], ties included
    return [make(Fused, (i, scores[i], tuple(leg for leg, ranked in firsts if i in ranked))) for i in order]


def standardised_fusion(scored: Mapping[str, Sequence[tuple[Hashable, float]]],
                        weights: Mapping[str, float] | None = None, *, sample: int = 100,
                        window: int = 200, spreads: Mapping[str, float] | None = None) -> list[Fused]:
    """Fuse legs by their scores, each standardised: score(d) = sum over legs of weight * z, where z is the leg's
    score for d less the mean of its first ``sample`` scores, over their standard deviation.

    Unlike ranks, scores say how far a leg's best match stands out: a long query whose own lesson BM25 finds far
    ahead of the rest keeps it first, where reciprocal-rank fusion gives a weaker leg's first match as much.
    z never counts below the leg's z at rank ``window`` (or its last, if it found fewer): an item a leg ranked
    deeper, or not at all, counts as that, so the fusion of the first items does not depend on how deep the legs
    searched, beyond ``window``.

    Args:
        scored: leg name -> (id, score) pairs, best first, higher scores better (duplicates after the first
            occurrence are ignored).
        weights: leg name -> weight (default 1.0 each; 0 switches a leg off).
        sample: how many first scores give a leg's mean and deviation (a leg with one score, or equal ones,
            gives each item z 0).
        window: the rank below which a leg's z stops falling.
        spreads: leg name -> a deviation measured on the collection, used instead of the query's own
            (search/calibration.py).

    Returns:
        Items by descending score (ties keep the order of first appearance); ``legs`` names the legs that
        returned each item.
    """
    weights = weights or {}
    standard: dict[str, tuple[dict[Hashable, float], float, float]] = {}
    for leg, pairs in scored.items():
        weight = weights.get(leg, 1.0)
        if weight <= 0 or not pairs:
            continue
        z = _z_scores(pairs, sample, (spreads or {}).get(leg))
        floor = list(z.values())[min(window, len(z)) - 1]
        standard[leg] = (z, floor, weight)
    scores: dict[Hashable, float] = {}
    legs: dict[Hashable, tuple[str, ...]] = {}
    for leg, (z, _, _) in standard.items():
        for item in z:
            scores.setdefault(item, 0.0)
            legs[item] = legs.get(item, ()) + (leg,)
    for item in scores:
        scores[item] = sum(weight * max(z.get(item, floor), floor) for z, floor, weight in standard.values())
    order = sorted(scores, key=scores.__getitem__, reverse=True)
    return [Fused(i, scores[i], legs[i]) for i in order]


def _z_scores(pairs: Sequence[tuple[Hashable, float]], sample: int,
              deviation: float | None = None) -> dict[Hashable, float]:
    """Each item's score standardised by the mean and deviation of the first ``sample`` scores (or by a deviation
    given), first occurrences only, in order."""
    first: dict[Hashable, float] = {}
    for item, score in pairs:
        first.setdefault(item, score)
    head = list(first.values())[:sample]
    mean = sum(head) / len(head)
    if deviation is None:
        deviation = (sum((x - mean) ** 2 for x in head) / len(head)) ** 0.5
    if deviation <= 1e-12:
        return dict.fromkeys(first, 0.0)
    return {item: (score - mean) / deviation for item, score in first.items()}


def other_language_found(query_language: str, matches: Sequence[tuple[str | None, float]], margin: float) -> bool:
    """Whether the other language holds anything on a query: whether one of its best semantic matches that is in
    another language than the query's scores within ``margin`` of the best match. Where a collection holds both
    languages but the other language has nothing near the best match, a reader asking in one language is served as
    in a collection of one language (BENCHMARKS.md, "One language in a collection of two"). Scores, not ranks: in a
    collection mostly of one language, that language fills the first places whatever the query asks. No matches, or
    a query of mixed language, say yes: the cross-language legs still run.

    Args:
        query_language: ``zh``, ``en`` or ``mixed``.
        matches: the best matches, best first: each one's document language (None: unknown, counted as the other
            language) and its cosine.
        margin: how far below the best cosine an other-language match still counts; 2 or more (the whole range of
            cosines): every query counts, with or without such a match.
    """
    if not matches or margin >= 2:
        return True
    others = OTHER_LANGUAGES.get(query_language)
    if others is None:
        return True
    floor = matches[0][1] - margin
    return any(score >= floor and (language is None or language in others) for language, score in matches)


def one_language_keyword_weight(language: str, terms: int, english_weight: float) -> float:
    """How many times its weight the keyword leg counts when the keyword and semantic legs are fused by score
    (a collection of one language): an English query's ``english_weight`` times (the default model is weaker than
    BM25 in English), and ``LONG_QUERY_KEYWORD`` times that when it has more than ``LONG_QUERY_TERMS`` terms.
    BM25 gains evidence with each rare word of a pasted text, while the model's one vector of it blurs: on long
    English queries the fusion had fallen below its own keyword leg (BENCHMARKS.md, "Long queries (s-long)").
    A Chinese or mixed query: 1.

    Args:
        language: the query's, ``zh``, ``en`` or ``mixed``.
        terms: how many distinct terms the query has (search/segment.py ``query_terms``).
        english_weight: the ``english_keyword_weight`` setting.
    """
    if language != "en":
        return 1.0
    return english_weight * (LONG_QUERY_KEYWORD if terms > LONG_QUERY_TERMS else 1.0)


def holds_other_language(query_language: str, chunk_languages: Mapping[str, int]) -> bool:
    """Whether a collection holds text in another language than a query's: only then can the cross-language legs
    (the query's translation, the terms of its best other-language matches) find anything, and only then does the
    feedback leg run: its terms, from first results in both languages, carry the query across (on the bilingual
    corpus it lifts nDCG@10 from 0.719 to 0.788), while within one language they only drift from the query (on
    real same-language sets it cost 0.035-0.04).

    Args:
        query_language: ``zh``, ``en`` or ``mixed`` (a mixed query's words in either language can be translated).
        chunk_languages: the collection's chunks per language.
    """
    others = OTHER_LANGUAGES.get(query_language, ("zh", "en", "mixed"))
    return any(chunk_languages.get(language, 0) > 0 for language in others)

