"""When a word in a text is a form of a query's word: what the keyword index matches (the same Porter stem, as FTS5's
``porter unicode61 remove_diacritics 2`` tokenizer stores it) and, of that, only the inflections ("deliver":
delivered, delivering, delivers), not the other words the stemmer folds together ("delivery" is not "deliver";
"management" is not "managed"; "planet" never was "plan")."""

from __future__ import annotations

import functools
import unicodedata

from search.keyword import Vocabulary

# (ending, what replaces it) of English inflections: plurals, third person, past tense, participles
_INFLECTIONS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))
MIN_BASE = 2  # letters an inflection's base keeps ("going" -> "go"; "us" is not a form of "u")


@functools.lru_cache(maxsize=20_000)
def word_key(word: str) -> str:
    """A word as the index reads it: NFKC, lower case, without diacritics ("Café" -> "cafe")."""
    lowered = unicodedata.normalize("NFKC", word).lower()
    if lowered.isascii():
        return lowered
    return "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))


@functools.lru_cache(maxsize=20_000)
def bases(word: str) -> frozenset[str]:
    """The word and what it would be without an inflection's ending ("planned": planned, plann, planne, plan;
    "deliveries": delivery, deliveri)."""
    found = {word}
    for ending, replacement in _INFLECTIONS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_BASE:
            base = word[:-len(ending)] + replacement
            found.add(base)
            if not replacement and len(base) > MIN_BASE + 1 and base[-1] == base[-2]:
                found.add(base[:-1])  # a doubled consonant: planned, stopping
    return frozenset(found)


class QueryForms:
    """A query's words, each as the index stems it, to tell which words of a text are their forms."""

    def __init__(self, words: list[str]) -> None:
        self.by_stem: dict[str, list[frozenset[str]]] = {}
        for word in words:
            key = word_key(word)
            self.by_stem.setdefault(Vocabulary.stem(key), []).append(bases(key))

    def __bool__(self) -> bool:
        return bool(self.by_stem)

    def prefixes(self) -> set[str]:
        """What the ``word_key`` of every word that ``matches`` begins with: one of the query words' bases, less the
        replacement of an inflection's ending it ends with ("y", "e"). A word matched shares a base with one of the
        query's, and each base of a word is the word itself, or the word less an ending (a prefix of it) and a
        replacement, or that less a doubled consonant: less its replacement, a base begins the word. A text's words
        that begin with none of these need no look at their stems (search/snippets.py finds the others with one
        pattern)."""
        return {_less_replacement(base) for groups in self.by_stem.values() for group in groups for base in group}

    def matches(self, word: str) -> bool:
        """Whether a text's word is an inflection of one of the query's (or the word itself), and so one the
        index matched: same stem, and a common base."""
        key = word_key(word)
        found = self.by_stem.get(Vocabulary.stem(key))
        return found is not None and any(not bases(key).isdisjoint(other) for other in found)


_REPLACEMENTS = sorted({replacement for _, replacement in _INFLECTIONS if replacement}, key=len, reverse=True)


def _less_replacement(base: str) -> str:
    """A base without the longest replacement of an inflection's ending it ends with (``QueryForms.prefixes``)."""
    for replacement in _REPLACEMENTS:
        if base.endswith(replacement) and len(base) > len(replacement):
            return base[:-len(replacement)]
    return base
