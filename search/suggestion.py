"""Did you mean …? A weak query's misspelt English words replaced by the collection's nearest terms.

A suggestion is looked for only when a query finds fewer than ``WEAK`` relevant documents and some of its Latin words
are not in the keyword vocabulary (compared as the index stores them: Porter stems) nor English words the dictionary
knows (CC-CEDICT's and the glossary's: ``known_words``; "unbalanced", absent from a collection that says "balanced",
was "corrected" to it, two edits away, by the un-). Each such word is replaced by
its best candidate (search/spelling.py), written as the collection writes it (the form of the stem in its chunks
nearest the typed word); Chinese and the query's other words are kept as they were. The corrected query is searched
once, and suggested only if it finds more relevant documents than the query did. The time it all takes is in the
search's ``took_ms`` (search/searcher.py).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Container, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from search.bm25 import KEYWORD_TABLES
from search.keyword import Vocabulary
from search.spelling import (
    SpellingIndex,
    allowed_edits,
    best_candidate,
    edit_distance,
    lacks_a_letter_of,
    one_edit_away,
    with_a_letter_more,
)

if TYPE_CHECKING:
    from search.query import SearchQuery
    from search.results import SearchResults
    from search.searcher import Searcher

WEAK = 3  # fewer relevant documents than this: weak results, worth a spelling suggestion
SAMPLE_CHUNKS = 20  # chunks read for the written forms of a suggested stem
# unknown words a suggestion looks for candidates of; the rest of a longer text is kept as typed (each word's
# candidates are about 75 variants a letter, stemmed: a pasted page of names and codes was seconds of them)
MAX_CORRECTED_WORDS = 32
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])")
_LOWER = re.compile(r"[a-z]+")
_SAMPLE = (f"SELECT text FROM chunks WHERE id IN (SELECT DISTINCT doc FROM temp.{KEYWORD_TABLES.instance}"
           " WHERE term = ? LIMIT ?)")
_indexes: WeakKeyDictionary[Vocabulary, SpellingIndex] = WeakKeyDictionary()
_lock = threading.Lock()


def suggestion(searcher: Searcher, query: SearchQuery, results: SearchResults) -> str | None:
    """The query with its misspelt words corrected, if its results are weak and the corrected query finds more
    relevant documents (one extra search, in that case only); else None."""
    if not weak(results) or not _WORD.search(results.query):
        return None
    fixed = corrected(results.query, searcher.index.refresh_vocabulary(), searcher.store.conn, known_words(searcher))
    if fixed is None:
        return None
    found = searcher.search(replace(query, text=fixed, offset=0, limit=1, suggest=False))
    return fixed if found.relevant_count > results.relevant_count else None


def weak(results: SearchResults) -> bool:
    """Whether results need help: fewer than ``WEAK`` documents above the relevance floor."""
    return results.relevant_count < WEAK


def known_words(searcher: Searcher) -> Container[str]:
    """The English words the translator's dictionaries hold (CC-CEDICT's single-word senses, about 32,000 words,
    and the glossary's), in lower case: spelt right wherever a collection lacks them."""
    from search.translated_index import translation_tools

    translator = translation_tools(searcher.index, searcher.settings, scored=False)[0]
    return _Either(translator.en_zh, translator.dict_en_zh)


class _Either:
    """Words in either of two mappings (the dictionary's is read from the lookup cache a key at a time)."""

    def __init__(self, *mappings: Mapping[str, object]) -> None:
        self.mappings = mappings

    def __contains__(self, word: object) -> bool:
        return any(word in mapping for mapping in self.mappings)


def corrected(text: str, vocabulary: Vocabulary, conn: sqlite3.Connection,
              words: Container[str] = ()) -> str | None:
    """The text with each Latin word the vocabulary lacks, and ``words`` (a dictionary's, lower case) too, replaced
    by its best candidate, of the first ``MAX_CORRECTED_WORDS`` such words; None when none is."""
    index = spelling_index(vocabulary)
    known = index.frequencies
    parts: list[str] = []
    last = 0
    sampled: dict[str, Counter[str]] = {}  # a term's written forms, read once for the candidates and the choice
    looked: dict[str, str | None] = {}  # an unknown word's best term, looked for once however often it comes
    for match in _WORD.finditer(text):
        word = match.group().lower()
        if word not in looked:
            if len(looked) >= MAX_CORRECTED_WORDS or vocabulary.stem(word) in known or word in words:
                continue
            looked[word] = _candidate(conn, vocabulary, index, word, sampled)
        term = looked[word]
        if term is not None:
            parts += [text[last:match.start()], written_form(conn, vocabulary, term, word, sampled)]
            last = match.end()
    return "".join([*parts, text[last:]]) if parts else None


def _candidate(conn: sqlite3.Connection, vocabulary: Vocabulary, index: SpellingIndex, word: str,
               sampled: dict[str, Counter[str]]) -> str | None:
    """A word's best term: within its edits as the stems go, or one slip from a whole word the collection writes."""
    return best_candidate(index, {word, vocabulary.stem(word)}, allowed_edits(word),
                          left_out(conn, vocabulary, word, index.frequencies, sampled),
                          one_slip_from(conn, vocabulary, word, index.frequencies, sampled))


def left_out(conn: sqlite3.Connection, vocabulary: Vocabulary, word: str, known: Mapping[str, int],
             sampled: dict[str, Counter[str]] | None = None) -> set[str]:
    """The collection's terms the word may be with a letter its typist left out, where the collection writes the
    word so ("deliverd": deliv, of "delivered"; not deliv of "delively"; search/spelling.py); none for a word too
    short to correct."""
    return _written(conn, vocabulary, with_a_letter_more(word) if allowed_edits(word) else set(), known, sampled)


def one_slip_from(conn: sqlite3.Connection, vocabulary: Vocabulary, word: str, known: Mapping[str, int],
                  sampled: dict[str, Counter[str]] | None = None) -> set[str]:
    """The collection's terms of the whole words it writes one edit from the word (a letter added, left out, changed
    or swapped: search/spelling.py): "deploymnet" is one swap from "deployment", four edits from its stem deploy;
    none for a word too short to correct."""
    return _written(conn, vocabulary, one_edit_away(word) if allowed_edits(word) else set(), known, sampled)


def _written(conn: sqlite3.Connection, vocabulary: Vocabulary, variants: set[str], known: Mapping[str, int],
             sampled: dict[str, Counter[str]] | None) -> set[str]:
    """The terms of those variants the collection writes as they are."""
    by_term: dict[str, set[str]] = {}
    for variant in variants:
        term = vocabulary.stem(variant)
        if term in known:
            by_term.setdefault(term, set()).add(variant)
    return {term for term, words in by_term.items()
            if words & written_forms(conn, vocabulary, term, sampled).keys()}


def spelling_index(vocabulary: Vocabulary) -> SpellingIndex:
    """The spelling index of a vocabulary's current terms, made once per version (48 ms at 100k chunks)."""
    terms = vocabulary.terms()
    with _lock:
        index = _indexes.get(vocabulary)
        if index is None or index.frequencies is not terms:
            index = _indexes[vocabulary] = SpellingIndex(terms)
    return index


def written_form(conn: sqlite3.Connection, vocabulary: Vocabulary, term: str, typed: str,
                 sampled: dict[str, Counter[str]] | None = None) -> str:
    """How the collection writes a stem: of the words in some of its chunks that stem to it, the nearest the typed
    word (then one it lacks a letter of, then the commonest); the stem itself if none is found."""
    counts = written_forms(conn, vocabulary, term, sampled)
    if not counts:
        return term
    return min(counts, key=lambda w: (edit_distance(typed, w, len(w) + len(typed)), not lacks_a_letter_of(typed, w),
                                      -counts[w], w))


def written_forms(conn: sqlite3.Connection, vocabulary: Vocabulary, term: str,
                  sampled: dict[str, Counter[str]] | None = None) -> Counter[str]:
    """The words that stem to a term in some of the chunks that hold it (``SAMPLE_CHUNKS``), with their counts;
    kept in ``sampled`` for the next ask (stemming every word of the sample is most of a suggestion's time)."""
    if sampled is not None and term in sampled:
        return sampled[term]
    rows = _sample(conn, term)
    counts = Counter(w for (text,) in rows for w in _LOWER.findall(text.lower()) if vocabulary.stem(w) == term)
    if sampled is not None:
        sampled[term] = counts
    return counts


def _sample(conn: sqlite3.Connection, term: str) -> list[tuple[str]]:
    """Some chunks holding a term, through the keyword index's fts5vocab instance table: the BM25 scorer's
    (search/bm25.py), made once on a connection, when first needed (a second table of its own was made, or asked
    for, at every suggestion)."""
    try:
        return conn.execute(_SAMPLE, [term, SAMPLE_CHUNKS]).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
    KEYWORD_TABLES.create_instance(conn)
    return conn.execute(_SAMPLE, [term, SAMPLE_CHUNKS]).fetchall()


__all__ = ["MAX_CORRECTED_WORDS", "WEAK", "corrected", "known_words", "one_slip_from", "suggestion", "weak"]
