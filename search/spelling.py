"""Spelling candidates: the collection's terms nearest a misspelt word (Damerau–Levenshtein, by document frequency).

Pure and small: ``SpellingIndex`` holds the keyword vocabulary's Latin terms as arrays of lengths and letter counts,
so a word's edit distance is computed only to the few terms that could be near it (a deletion index, measured on the
100k-chunk vocabulary, held 1.3 million keys in 240 MB; these arrays are 0.6 MB). ``best_candidate`` ranks the
candidates by edits, then by document frequency. Terms are the keyword index's (Porter stems); callers compare a
word in that normal form (search/suggestion.py).

A stem can hide a slip: "deliverd" is one edit from "delivery" (stem deliveri) as the stems go, three from deliv
("delivered"); "deploymnet" is four from deploy ("deployment"), whose stem drops the very letters it swapped. So the
stems of the word one edit away (``one_edit_away``: a letter left out, added, changed or swapped with its neighbour)
are candidates at one edit too, where the collection writes that whole word (search/suggestion.py); a letter left
out is the commonest slip, and of candidates at equal edits those come first.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection, Iterable, Mapping

import numpy as np

MAX_EDITS = 2
# longest word corrected: a typed English word is seldom over 30 letters, and a word's variants one edit away are
# about 54 a letter, each as long as the word, stemmed one by one (a pasted 10,500-letter "xxxx…" made 750,000
# strings of 10,000 letters: minutes of CPU and gigabytes before any answer)
MAX_CORRECTED_LETTERS = 40
_LATIN = re.compile(r"[a-z]+")


def allowed_edits(word: str) -> int:
    """Edits a word may be corrected by: none up to 3 letters, one up to 5, else two; none over
    ``MAX_CORRECTED_LETTERS`` (no word, but a run of letters pasted or held down)."""
    if len(word) <= 3 or len(word) > MAX_CORRECTED_LETTERS:
        return 0
    return 1 if len(word) <= 5 else MAX_EDITS


def edit_distance(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Damerau–Levenshtein distance (optimal string alignment: a swap of neighbours is one edit); any value above
    ``limit`` is returned as ``limit + 1``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, start=1):
        row = [i] + [0] * len(b)
        for j, y in enumerate(b, start=1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if before is not None and i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        before, previous = previous, row
    return min(previous[-1], limit + 1)


class SpellingIndex:
    """A vocabulary's Latin terms (lower-case letters only, at least ``shortest`` long) as arrays of their lengths
    and letter counts, so that a word's candidates are the few terms that pass two cheap bounds (the difference of
    lengths, and of letter counts: an edit changes at most two counts by one) before the edit distance is computed."""

    def __init__(self, frequencies: Mapping[str, int], shortest: int = 3) -> None:
        self.frequencies = frequencies
        self.terms = [t for t in frequencies if len(t) >= shortest and _LATIN.fullmatch(t)]
        self._lengths = np.fromiter((len(t) for t in self.terms), dtype=np.int16, count=len(self.terms))
        self._letters = np.zeros((len(self.terms), 26), dtype=np.int8)
        for row, term in enumerate(self.terms):
            self._letters[row] = _letter_counts(term)

    def candidates(self, word: str, edits: int) -> dict[str, int]:
        """The terms within ``edits`` of a word, with their distance (the word itself excluded)."""
        if not self.terms or not _LATIN.fullmatch(word):
            return {}
        near = np.abs(self._lengths - len(word)) <= edits
        rows = np.flatnonzero(near)
        bag = np.abs(self._letters[rows].astype(np.int16) - _letter_counts(word)).sum(axis=1)
        found = {}
        for row in rows[bag <= 2 * edits].tolist():
            term = self.terms[row]
            distance = edit_distance(word, term, edits)
            if term != word and distance <= edits:
                found[term] = distance
        return found

    def __len__(self) -> int:
        return len(self.terms)


def _letter_counts(word: str) -> np.ndarray:
    counts = np.zeros(26, dtype=np.int16)
    for letter in word:
        counts[ord(letter) - 97] += 1
    return counts


def best_candidate(index: SpellingIndex, forms: Iterable[str], edits: int,
                   left_out: Collection[str] = (), near: Collection[str] = ()) -> str | None:
    """The term nearest any of a word's forms (as typed, as stemmed): fewest edits, then one the word may have left
    a letter out of, then the most documents; None when no term is within ``edits`` or ``edits`` is 0.

    Args:
        left_out: the terms of the word with a letter added (``with_a_letter_more``, stemmed): one edit away.
        near: the terms of the word with any other edit (``one_edit_away``, stemmed): one edit away too, after
            ``left_out``'s.
    """
    if edits <= 0:
        return None
    best: dict[str, int] = {term: 1 for term in [*left_out, *near] if term in index.frequencies}
    for form in forms:
        for term, distance in index.candidates(form, edits).items():
            best[term] = min(distance, best.get(term, distance))
    if not best:
        return None
    return min(best, key=lambda t: (best[t], t not in left_out, -index.frequencies.get(t, 0), t))


def one_edit_away(word: str) -> set[str]:
    """The words one edit from a word (Damerau–Levenshtein, a-z): a letter added, left out, changed, or swapped with
    its neighbour; the word itself not among them."""
    letters = string.ascii_lowercase
    splits = [(word[:at], word[at:]) for at in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    found |= {a + c + b[1:] for a, b in splits if b for c in letters}
    found |= {a + c + b for a, b in splits for c in letters}
    found.discard(word)
    return found


def with_a_letter_more(word: str) -> set[str]:
    """The word with one letter (a-z) added anywhere: what it may be with the letter its typist left out."""
    return {word[:at] + letter + word[at:] for at in range(len(word) + 1) for letter in string.ascii_lowercase}


def lacks_a_letter_of(typed: str, word: str) -> bool:
    """Whether ``typed`` is ``word`` with one letter left out."""
    return len(word) == len(typed) + 1 and any(word[:at] + word[at + 1:] == typed for at in range(len(word)))


__all__ = ["MAX_CORRECTED_LETTERS", "SpellingIndex", "allowed_edits", "best_candidate", "edit_distance",
           "lacks_a_letter_of", "one_edit_away", "with_a_letter_more"]
