"""How much of a query's specific content the collection holds at all (the relevance floor's coverage).

A query's content words (its Chinese dictionary words, as the keyword index cuts them, and its English words but
stopwords) each weigh by how specific they are. A Chinese word weighs its inverse frequency in Chinese at large
(jieba's dictionary, which the keyword index cuts words with; a word it lacks weighs the most): in a small
collection a common word (做好, 沟通) is often missing, and its absence says little. An English word weighs its
inverse document frequency in the collection's chunks (a word the collection lacks weighs the most): no general
English frequencies ship here. A word is matched when a chunk holds it; one the collection holds only through a
dictionary translation (饮食 -> food) counts the share of the collection's chunks written in another language than
the query: in a collection all in the other language the translation is the only way a word can be there, and
counts whole; in one mostly in the query's language, a word missing there and found only as a common translation
(food) is weak evidence. The coverage is
the matched share of the weight: a query about marathon training (马拉松训练计划和饮食) matches 训练 and 计划, but its
specific words, 马拉松 and 饮食, are nowhere, and most of its weight is theirs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.text import HAN
from search.segment import (
    STOPWORDS,
    ZH_QUESTION_WORDS,
    content_word,
    dictionary_words,
    general_frequencies,
    normal,
)

_CJK = re.compile(f"[{HAN}]+")
_ENGLISH = re.compile(r"[a-z][a-z0-9-]*[a-z0-9]")
TRANSLATED = 0.5  # what a word held only through a translation counts when the query's language is not known


@dataclass(frozen=True)
class Word:
    """A content word of a query: the chunks that hold it, and whether a translation of it is in the collection."""

    text: str
    chunks: int
    translated: bool = False

    @property
    def matched(self) -> bool:
        return self.chunks > 0 or self.translated


def content_words(text: str) -> list[str]:
    """A query's content words: the dictionary words of its Chinese runs (two characters or more, no question word
    or final particle) and its English words (two letters or more, no stopword), each once."""
    text = normal(text)
    words = [w for run in _CJK.findall(text) for w in dictionary_words(run)
             if content_word(w) and w not in ZH_QUESTION_WORDS]
    words += [w for w in _ENGLISH.findall(_CJK.sub(" ", text).lower()) if w not in STOPWORDS]
    return list(dict.fromkeys(words))


def query_words(text: str, chunks_with: Callable[[str], int], translations: Callable[[str], list[str]]
                ) -> list[Word]:
    """Each content word of a query with the chunks holding it (``chunks_with``: a vocabulary's ``df``) and, for
    a word no chunk holds, whether ``translations`` finds it in the other language."""
    found = []
    for word in content_words(text):
        chunks = chunks_with(word)
        found.append(Word(word, chunks, chunks == 0 and bool(translations(word))))
    return found


def coverage(words: list[Word], collection: int, translated: float = TRANSLATED) -> float:
    """The matched share of a query's content words' weight (module docstring), in a collection of
    ``collection`` chunks, a word held only through a translation counting ``translated`` of its weight
    (``translation_credit``). 1.0 for a query without content words (nothing to miss)."""
    total = matched = 0.0
    for word in words:
        weight = _specificity(word, collection)
        total += weight
        matched += weight if word.chunks else weight * translated if word.translated else 0.0
    return matched / total if total else 1.0


def translation_credit(language: str, chunks: dict[str, int]) -> float:
    """What a word held only through a translation counts: the share of the chunks (``chunks``: language -> how
    many) not in the query's language; ``TRANSLATED`` for a query in neither language alone."""
    total = sum(chunks.values())
    if language not in ("en", "zh") or not total:
        return TRANSLATED
    return 1 - chunks.get(language, 0) / total


def _specificity(word: Word, collection: int) -> float:
    """A Chinese word's inverse frequency in jieba's dictionary; an English word's in the collection's chunks."""
    if _CJK.search(word.text):
        frequencies, total = general_frequencies()
        return math.log(total / (frequencies.get(word.text, 0) + 1))
    return math.log((collection + 1) / (word.chunks + 0.5))


__all__ = ["TRANSLATED", "Word", "content_words", "coverage", "query_words", "translation_credit"]
