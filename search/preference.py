"""The reader's language: documents in it first where they are about as relevant, the others still found.

A multilingual collection answers an English query with Chinese documents as readily as English ones, which is the
point of cross-language search, but a reader who reads one language better wants, of two documents about as good,
the one in that language first. The preference is a bounded boost applied after fusion: the score of every chunk
of a document in the preferred language is multiplied by ``1 + boost`` (a mixed-language document counts as
written in both). So a preferred document overtakes another only if its score was within that factor; an
other-language document well ahead keeps its place, and none is dropped. The page marks them instead.

The boost alone could not reach the reader's language where it is most visible: for an English query, Chinese
documents collect votes from the translated and feedback legs that English ones cannot, so "vendor delivered late"
listed the English lesson its own words rank 2nd at half the first Chinese document's score, 11th. So the documents
in the reader's language that are **on point** (among the first ``LEAD`` documents of the query's own words or meaning,
the keyword or semantic leg, as the relevance floor's lead, and scoring at least ``ON_POINT_SHARE`` of the first) are
lifted, the best three no lower than ``PLACES`` (3rd, 5th, 7th), past documents in the other language: the first
two places stay relevance's, and in a collection of one language nothing moves (``lifted``; BENCHMARKS.md, "The
reader's language, on point (s-reader2)"). Without the legs' evidence (a document page's similar past issues, fused
from its lessons' vectors) the boost alone.

A reader who has not chosen a language on the page is taken to read the page's, except that the query's language
decides (``reading_language``) for a query written in Chinese (who types Chinese reads it: on the English page "回退"
put English documents about returns ahead of the Chinese ones about rollbacks) and for an English query of
``MIN_WORDS`` content words or more (a whole sentence, "vendor delivered the interface late", is written by a reader
of English). A shorter English query keeps the page's language: Chinese readers type English terms and acronyms
(UAT, go-live, SAP, cutover) and still read Chinese better; so does a query mixing the two ("SAP 上线").
``kb search`` has no page: by default (``AUTO``, ``chosen_language``) the same rule prefers nothing for a term or a
mixed query (BENCHMARKS.md, "The command line's default"); the API prefers nothing unless asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence
from typing import NamedTuple

import numpy as np

from kb.models import Language
from kb.text import detect_language
from search.forward import LANGUAGES
from search.hybrid import Fused
from search.ranked import FusedRanking
from search.segment import STOPWORDS

PREFERABLE = ("zh", "en")  # languages a reader can prefer (what documents are stored as, less "mixed")
ANY = "any"  # no preference, as the page's link and the API spell it
AUTO = "auto"  # the query decides, with no page language: kb search's default (``chosen_language``)
# An English query's content words from which it is a sentence, not a term (BENCHMARKS.md, "An English sentence on
# the Chinese page": the development set takes any N up to 9; 3 keeps two-word terms on the page's language)
MIN_WORDS = 3
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*")  # "go-live" and "sign-off" are one word
BOOST = 0.15  # the largest that keeps English queries within 0.02 on corpus/eval-dev (BENCHMARKS.md, "The reader's language")
# On point (module docstring), chosen on corpus/eval-dev (BENCHMARKS.md, "The reader's language, on point (s-reader2)")
PLACES = (3, 5, 7)  # the places the best on-point documents in the reader's language come no lower than
LEAD = 10  # the first documents of the keyword or semantic leg that are on point (the relevance floor's lead)
ON_POINT_SHARE = 0.4  # ... scoring at least this share of the first document's score (after the boost)


def spelled(value: str) -> str:
    """A language as an address or a command line may spell it, read one way for ``prefer_lang`` and the ``lang``
    filter alike: ' ZH ' is 'zh' (``?lang=ZH`` was refused while ``?prefer_lang=ZH`` was taken)."""
    return value.strip().lower()


def parse_preference(value: str | None) -> str | None:
    """A preferred language as typed in a URL or on the command line: 'zh', 'en', or None (no preference, for
    None, '' and 'any').

    Raises:
        ValueError: anything else, with a message naming the values allowed.
    """
    if value is None:
        return None
    value = spelled(value)
    if value in ("", ANY):
        return None
    if value not in PREFERABLE:
        raise ValueError(f"unknown language '{value[:20]}'; use one of: {', '.join(PREFERABLE)}, {ANY}")
    return value


def reading_language(page: str | None, query: str, min_words: int = MIN_WORDS) -> str | None:
    """The language preferred for a reader who has not chosen one (module docstring): Chinese for a query written in
    Chinese, English for one written in English with ``min_words`` content words or more, else the page's language."""
    language = detect_language(query)
    if language == Language.ZH:
        return Language.ZH.value
    if language == Language.EN and content_words(query) >= min_words:
        return Language.EN.value
    return page


def chosen_language(choice: str | None, query: str) -> str | None:
    """The language preferred for a choice made without a page (``kb search --prefer-lang``, the prefer_lang setting):
    for 'auto', the query's own language if it is Chinese or an English sentence and none for a term or a mixed query
    (``reading_language`` with no page language); otherwise as ``parse_preference`` reads it."""
    if choice is not None and spelled(choice) == AUTO:
        return reading_language(None, query)
    return parse_preference(choice)


def content_words(query: str) -> int:
    """How many English words of a query are not stopwords ("test environment not ready": 3)."""
    return sum(word.lower() not in STOPWORDS for word in _ENGLISH_WORD.findall(query))


def readable(language: str | None, preferred: str | None) -> bool:
    """Whether a document in ``language`` is in the reader's language (always, without a preference; a
    mixed-language document, or one whose language is unknown, counts as readable)."""
    return preferred is None or language not in PREFERABLE or language == preferred


def prefer_language(fused: Sequence[Fused], language_of: Callable[[Sequence[Hashable]], Sequence[str | None]],
                    preferred: str | None, boost: float = BOOST) -> list[Fused]:
    """A fused ranking with the reader's language preferred: the scores of items in ``preferred`` (or mixed)
    multiplied by ``1 + boost``, then re-sorted (ties keep their order).

    Args:
        fused: a ranking, best first, with non-negative scores.
        language_of: ids -> each one's language ("zh", "en", "mixed" or None), aligned.
        preferred: the reader's language, or None for no preference (the ranking is returned as it is).
        boost: how much more a preferred item's score counts; 0 changes nothing.
    """
    if preferred is None or boost <= 0 or not fused:
        return list(fused)
    ok = np.array([readable(language, preferred) for language in language_of([f.id for f in fused])], dtype=bool)
    scores, order = preferred_order(np.array([f.score for f in fused], dtype=np.float64), ok, boost)
    values, make = scores.tolist(), tuple.__new__
    return [make(Fused, (fused[i][0], values[i], fused[i][2])) for i in order.tolist()]


class Preferred(NamedTuple):
    """A ranking with the reader's language preferred, and how many documents the on-point lift moved up (0: the
    boost alone ordered it)."""

    ranking: FusedRanking
    lifted: int


def prefer_codes(fused: FusedRanking, codes: np.ndarray, preferred: str | None, boost: float = BOOST,
                 documents: np.ndarray | None = None, leads: set[int] | None = None) -> FusedRanking:
    """``prefer_language`` on a ranking's arrays, with each item's language as a code (an index into
    ``search.forward.LANGUAGES``; -1: unknown), aligned: its items are made only if read. Given each item's document
    and the documents the query's own legs lead with (``LEAD``), the best on-point documents in ``preferred`` are
    lifted too (module docstring; ``lifted``)."""
    return prefer_and_lift(fused, codes, preferred, boost, documents, leads).ranking


def prefer_and_lift(fused: FusedRanking, codes: np.ndarray, preferred: str | None, boost: float = BOOST,
                    documents: np.ndarray | None = None, leads: set[int] | None = None,
                    live: np.ndarray | None = None) -> Preferred:
    """``prefer_codes``, saying how many documents the lift moved (what ``kb search`` says of its order); ``live``:
    whether each item's document is still in the store (aligned; None: all are), as ``lifted`` counts places."""
    if preferred is None or boost <= 0 or not len(fused):
        return Preferred(fused, 0)
    other = LANGUAGES.index(next(p for p in PREFERABLE if p != preferred))  # the one language not readable
    codes = np.asarray(codes)
    ok = codes != other
    scores, order = preferred_order(fused.scores, ok, boost)
    moved = 0
    if documents is not None and leads:
        candidates = on_point(scores, codes == LANGUAGES.index(preferred), documents, leads)
        order, moved = lifted(order, documents, candidates, ok, live=live)
    return Preferred(fused.reordered(scores, order), moved)


def lifted(order: np.ndarray, documents: np.ndarray, candidates: np.ndarray, readable: np.ndarray,
           places: Sequence[int] = PLACES, live: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """An order with the best on-point documents in the reader's language lifted: the first item of each of the first
    ``len(places)`` documents marked in ``candidates`` (in ``order``) moved, if it is lower, just before the document
    at its place (1-based, counted in documents), when one of those it passes is in the other language: in a
    collection of one language, or where only documents in the reader's language are ahead, nothing moves. The other
    items keep their order.

    Args:
        order: item positions, best first.
        documents: each item's document (aligned with the items, not with ``order``).
        candidates: whether each item's document is on point in the reader's language (aligned as ``documents``).
        readable: whether each item is in the reader's language, or mixed (aligned as ``documents``).
        live: whether each item's document is one a reader is shown (aligned as ``documents``; None: all are). A
            document removed since the index's last sync is dropped after this (``Assembler.collapse``), so it takes
            no place and is not passed: the places and the count are those the reader sees.

    Returns:
        The order (``order`` itself when nothing moved), and how many documents moved up.
    """
    shown = order if live is None else order[live[order]]
    firsts = np.sort(np.unique(documents[shown], return_index=True)[1])  # where each document's first item is
    heads = shown[firsts].tolist()  # each shown document's first item, best first
    picked = [item for item in heads if candidates[item]][:len(places)]
    ranked: list[int] | None = None  # the items, made only to move one
    moved = 0
    for item, place in zip(picked, places):
        passed = heads[place - 1:heads.index(item)]  # the documents it would pass (none: at its place or higher)
        if not all(readable[head] for head in passed):  # one in the other language, at least
            ranked = order.tolist() if ranked is None else ranked
            ranked.remove(item)
            ranked.insert(ranked.index(passed[0]), item)
            heads.remove(item)
            heads.insert(place - 1, item)
            moved += 1
    return (order, 0) if ranked is None else (np.array(ranked, dtype=order.dtype), moved)


def on_point(scores: np.ndarray, preferred: np.ndarray, documents: np.ndarray, leads: set[int],
             share: float = ON_POINT_SHARE) -> np.ndarray:
    """Which items are on point in the reader's language (aligned): in it, of a document in ``leads`` (the first
    documents of the query's own legs), and scoring at least ``share`` of the best score."""
    best = float(scores.max()) if len(scores) else 0.0
    in_lead = np.isin(documents, np.fromiter(leads, dtype=np.int64, count=len(leads)))
    return preferred & in_lead & (scores >= share * best)


def preferred_order(scores: np.ndarray, readable: np.ndarray, boost: float) -> tuple[np.ndarray, np.ndarray]:
    """The scores with the readable items' multiplied by ``1 + boost`` (aligned), and the order that sorts them,
    best first, ties in their order."""
    raised = np.where(readable, scores * (1.0 + boost), scores)
    return raised, np.argsort(-raised, kind="stable")


__all__ = ["ANY", "AUTO", "BOOST", "LEAD", "MIN_WORDS", "ON_POINT_SHARE", "PLACES", "PREFERABLE", "Preferred",
           "chosen_language", "content_words", "lifted", "on_point", "parse_preference", "prefer_and_lift",
           "prefer_codes", "prefer_language", "preferred_order", "readable", "reading_language", "spelled"]
