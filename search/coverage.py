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

A missing word that tells nothing of the query's subject is not counted (``tells_nothing``): a name (张伟, 德勤: a
Chinese word jieba's dictionary lacks, made up by its HMM; Acme, Zhang, Deloitte: an English word written with a
capital, the query's first word too, as in "Mike approved the change without review": a lower-case query says
nothing by its capitals; SAP in a Chinese query), a Chinese word that is no noun (做好 of 交接没做好, 多久: what is
asked of the subject, not the subject; jieba's parts of speech), and an English word no dictionary knows with a
collection term within its spelling edits, or a whole word the collection writes one slip from it ("requirments",
"deploymnet": search/suggestion.py), which counts as matched. Their weight was the most, so each of "vendor
delivered late Acme", "test environment Zhang San", 张伟负责的供应商延期, "Deloitte consultants left early" and
"the deploymnet broke production" listed nothing when they counted.

In a collection of fewer than ``SMALL`` chunks a missing word is the rule, not a sign: a handful of lessons on
late vendors says "vendor" and "late", not "supplier" and "delay", and the coverage is not asked (1.0).
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
_TYPED = re.compile(r"[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]")
TRANSLATED = 0.5  # what a word held only through a translation counts when the query's language is not known
SMALL = 1000  # chunks: in a smaller collection the coverage is not asked (the shipped corpus has 1,882)
NOUNS = ("n", "vn")  # jieba.posseg's nouns (n, nr, ns, nt, nz, ng, ...) and verbal nouns: what a subject is named by


@dataclass(frozen=True)
class Word:
    """A content word of a query: the chunks that hold it, whether a translation of it is in the collection, and
    whether it is a name or a misspelling (``NameOrSlip``)."""

    text: str
    chunks: int
    translated: bool = False
    tag: str = ""  # a Chinese word's part of speech (jieba.posseg: nr a person, ns a place, nt a body, nz other)
    in_dictionary: bool = True  # a Chinese word jieba's dictionary holds (else a word its HMM made up)
    capitalised: bool = False  # an English word written with a capital, wherever it stands
    beside_chinese: bool = False  # a Latin word in a query that has Chinese
    misspelt: bool = False  # no chunk holds it, no dictionary knows it, and a collection term is within its edits

    @property
    def matched(self) -> bool:
        return self.chunks > 0 or self.translated


def content_words(text: str) -> list[str]:
    """A query's content words: the dictionary words of its Chinese runs (two characters or more, no question word
    or final particle) and its English words (two letters or more, no stopword), each once."""
    return [w for w, _ in _content_words(normal(text))]


def _content_words(text: str) -> list[tuple[str, str]]:
    """Each content word with the words as typed (an English word's case)."""
    words = [(w, w) for run in _CJK.findall(text) for w in dictionary_words(run)
             if content_word(w) and w not in ZH_QUESTION_WORDS]
    words += [(m.group().lower(), m.group()) for m in _TYPED.finditer(_CJK.sub(" ", text))
              if m.group().lower() not in STOPWORDS and _ENGLISH.fullmatch(m.group().lower())]
    first: dict[str, str] = {}
    for word, typed in words:
        first.setdefault(word, typed)
    return list(first.items())


def query_words(text: str, chunks_with: Callable[[str], int], translations: Callable[[str], list[str]],
                misspelt: Callable[[str], bool] = lambda word: False) -> list[Word]:
    """Each content word of a query with the chunks holding it (``chunks_with``: a vocabulary's ``df``) and, for
    a word no chunk holds, whether ``translations`` finds it in the other language and, for an English one that
    is not found so either, whether it is ``misspelt``; with what tells a name (``Word``)."""
    text = normal(text)
    tags = _tags(text)
    has_chinese = bool(_CJK.search(text))
    found = []
    for word, typed in _content_words(text):
        chunks = chunks_with(word)
        translated = chunks == 0 and bool(translations(word))
        if _CJK.search(word):
            found.append(Word(word, chunks, translated, tag=_tag_of(word, tags),
                              in_dictionary=general_frequencies()[0].get(word, 0) > 0))
        else:
            found.append(Word(word, chunks, translated, capitalised=typed[0].isupper(), beside_chinese=has_chinese,
                              misspelt=chunks == 0 and not translated and misspelt(word)))
    return found


def _tags(text: str) -> list[tuple[str, str]]:
    """The words of a text's Chinese runs with their part of speech (jieba.posseg)."""
    import jieba.posseg

    dictionary_words("")  # jieba loaded and quiet
    return [(w.word, w.flag) for run in _CJK.findall(text) for w in jieba.posseg.cut(run)]


def _tag_of(word: str, tags: list[tuple[str, str]]) -> str:
    """A word's part of speech: that of the tagged word it is, or holds, or is part of."""
    for tagged, flag in tags:
        if tagged == word:
            return flag
    for tagged, flag in tags:
        if word in tagged or (len(tagged) > 1 and tagged in word):
            return flag
    return ""


def coverage(words: list[Word], collection: int, translated: float = TRANSLATED) -> float:
    """The matched share of a query's content words' weight (module docstring), in a collection of
    ``collection`` chunks, a word held only through a translation counting ``translated`` of its weight
    (``translation_credit``). 1.0 for a query without content words (nothing to miss), and in a collection of
    fewer than ``SMALL`` chunks."""
    if collection < SMALL:
        return 1.0
    total = matched = 0.0
    for word in words:
        if tells_nothing(word):
            continue
        weight = _specificity(word, collection)
        total += weight
        matched += weight if word.chunks or word.misspelt else weight * translated if word.translated else 0.0
    return matched / total if total else 1.0


def tells_nothing(word: Word) -> bool:
    """Whether a word the collection lacks says nothing of whether the query's subject is there (module docstring):
    a name, or a Chinese word that is no noun."""
    if word.chunks or word.translated:
        return False
    if _CJK.search(word.text):
        return not word.in_dictionary or not word.tag.startswith(NOUNS)
    return word.capitalised or word.beside_chinese


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


__all__ = ["NOUNS", "SMALL", "TRANSLATED", "Word", "content_words", "coverage", "query_words", "tells_nothing",
           "translation_credit"]
