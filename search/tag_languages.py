"""A suggested tag in the document's language: what a document of the other language lends ("vendor-management" to a
Chinese 事故报告) becomes the tag the store already has for it in the document's language (供应商管理), where there is one;
otherwise it stays as lent, and says from which language (``Searcher.suggest_tags``).

A tag is in a language when it is written in it (Chinese characters: Chinese; Latin letters and no Chinese: English)
or used on a document written in it ("CRM" on Chinese documents). Two tags are the same when a curator made them
synonyms, or when the translation tables of search (the glossary, then CC-CEDICT) read each word of one as a word of
the other, both ways: "vendor management" is 供应商 + 管理, and 供应商管理 is vendor + management.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from kb.text import normalize_tag
from search.past_forms import forms_read
from search.translate import STOPWORDS, Translator

if TYPE_CHECKING:
    from kb.store import Store

LANGUAGES = ("zh", "en")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_ACRONYM = re.compile(r"[A-Z0-9][A-Z0-9/&.-]*[A-Z][A-Z0-9/&.-]*")


@dataclass(frozen=True)
class SuggestedTag:
    """A tag suggestion: its name, its score (the ranks of the documents that lend it), and the language it was lent
    from when the document's language has no such tag (``lent_from``: zh or en; None: in the document's language)."""

    tag: str
    score: float
    lent_from: str | None = None


@lru_cache(maxsize=65536)
def written_in(label: str) -> str | None:
    """The language a tag is written in: zh with a Chinese character, en with Latin letters and no capital-letter
    acronym (GDPR, PMP, S/4HANA are written so in Chinese too), else None (digits)."""
    if _CJK.search(label):
        return "zh"
    return "en" if re.search(r"[A-Za-z]", label) and not _ACRONYM.fullmatch(label) else None


@dataclass(frozen=True)
class _Chinese:
    """A Chinese tag as the tables read it: the glossary's English for the whole of it; its words, each with its
    English readings (each the words of one: 数据迁移 "data migration" is data and migration together; none for a tag
    of one character); its Latin words ("RF" of RF终端)."""

    glossary: frozenset[str]
    parts: dict[str, tuple[frozenset[str], ...]]
    latin: frozenset[str]
    english: frozenset[str] = field(init=False)  # every English word of its readings: a quick first test

    def __post_init__(self) -> None:
        object.__setattr__(self, "english", frozenset().union(*(r for rs in self.parts.values() for r in rs)))


@dataclass(frozen=True)
class _English:
    """An English tag as the tables read it: the whole of it, and each content word's forms and Chinese words."""

    phrases: frozenset[str]
    words: dict[str, tuple[frozenset[str], frozenset[str]]]


class _Readings:
    """Tags as one translator reads them, each read once a process (a suggestion reads the store's tags again)."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self._chinese: dict[str, _Chinese] = {}
        self._english: dict[str, _English] = {}

    def chinese(self, label: str) -> _Chinese:
        if label not in self._chinese:
            parts = [p for run in _CJK_RUN.findall(label) for p in self.translator.segment(run)]
            readable = len("".join(parts)) > 1  # one character alone (月: month, moon) is no tag's reading
            self._chinese[label] = _Chinese(
                frozenset(" ".join(_LATIN_WORD.findall(e)) for e in self.translator.zh_en.get(label, [])),
                {p: self._chinese_word(p) for p in parts} if readable else {},
                frozenset(_LATIN_WORD.findall(normalize_tag(_CJK_RUN.sub(" ", label)))))
        return self._chinese[label]

    def _chinese_word(self, word: str) -> tuple[frozenset[str], ...]:
        """A Chinese word's English readings: the glossary's, each the content words of a phrase, then CC-CEDICT's."""
        glossary = [frozenset(w for w in _LATIN_WORD.findall(e) if w not in STOPWORDS)
                    for e in self.translator.zh_en.get(word, [])]
        return (*(g for g in glossary if g), *(frozenset({w}) for w in self.translator.dict_zh_en.get(word, [])))

    def english(self, label: str) -> _English:
        if label not in self._english:
            words = _LATIN_WORD.findall(normalize_tag(label))
            phrase = " ".join(words)
            self._english[label] = _English(frozenset({phrase, phrase.removesuffix("s")}),
                                            {w: self._english_word(w) for w in words if w not in STOPWORDS})
        return self._english[label]

    def _english_word(self, word: str) -> tuple[frozenset[str], frozenset[str]]:
        """A word's forms ("testing" is "test") and the Chinese words whose sense it is alone, in the glossary and
        CC-CEDICT ("data" is 数据, not 数据处理 "data processing")."""
        forms = frozenset(form for form, _ in forms_read(word))
        glossary, dictionary = self.translator.en_zh, self.translator.dict_en_zh
        return forms, frozenset(z for f in forms for z in (
            *glossary.get(f, []), *(zh for alone, _, zh in dictionary.get(f, []) if alone)))


_READINGS: weakref.WeakKeyDictionary[Translator, _Readings] = weakref.WeakKeyDictionary()


class TagLanguages:
    """The store's tags by language, its synonyms and the translator: which tag of a language is another's."""

    def __init__(self, store: Store, translator: Translator) -> None:
        if translator not in _READINGS:
            _READINGS[translator] = _Readings(translator)
        self.readings = _READINGS[translator]
        self.sides: dict[str, set[str]] = {}  # a tag's label -> the languages it is in
        self.used: dict[str, int] = {}  # a tag's label -> how many documents carry it
        for label, language, count in store.conn.execute(
                "SELECT t.label, d.language, count(*) FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
                " JOIN documents d ON d.id = dt.document_id GROUP BY t.id, d.language"):
            self.sides.setdefault(label, {written_in(label)} - {None}).add(language)
            self.used[label] = self.used.get(label, 0) + count
        self.synonyms = store.synonyms()
        self._by_name = {normalize_tag(label): label for label in self.sides} if self.synonyms else {}
        self._written: dict[str | None, list[str]] = {}
        self._index: dict[str, set[str]] | None = None  # a word of either language -> the tags that have it
        for label in self.sides:
            self._written.setdefault(written_in(label), []).append(label)

    def in_language(self, label: str, language: str | None) -> bool:
        """Whether a tag is in a language (any tag is, for a document of no one language: mixed, unknown)."""
        if language not in LANGUAGES:
            return True
        return language in self.sides.get(label, {written_in(label)} - {None}) or written_in(label) is None

    def rendering(self, label: str, language: str | None, allowed: Callable[[str], bool] = lambda tag: True
                  ) -> tuple[str, str | None]:
        """A suggested tag in a document's language: (itself, None) when it is in it; else the store's tag of that
        language that is the same tag and ``allowed`` (not one that names another document type: "status
        reporting" is no 状态报告 to a retrospective), most used first, and None; else (itself, the language it is
        lent from)."""
        if self.in_language(label, language):
            return label, None
        same = [t for t in self._same_tags(label) if t != label and self.in_language(t, language)
                and written_in(t) == language and allowed(t)]
        if same:
            return max(same, key=lambda t: (self.used.get(t, 0), -len(t), t)), None
        return label, "en" if language == "zh" else "zh"

    def _same_tags(self, label: str) -> list[str]:
        named = [self._by_name[n] for n in self.synonyms.get(normalize_tag(label), []) if n in self._by_name]
        return named + [t for t in self._candidates(label) if self.same(label, t)]

    def _candidates(self, label: str) -> set[str]:
        """The store's tags of the other language that share a word with a tag through the tables, the only ones
        that can be the same: looked up in an index of every tag's words, made at a suggestion's first lent tag."""
        if self._index is None:
            self._index = {}
            for tag in (*self._written.get("zh", []), *self._written.get("en", [])):
                for word in self._words(tag):
                    self._index.setdefault(word, set()).add(tag)
        other = "en" if written_in(label) == "zh" else "zh"
        return {t for word in self._words(label) for t in self._index.get(word, ()) if written_in(t) == other}

    def _words(self, label: str) -> frozenset[str]:
        """A tag's words in both languages: a Chinese tag's words and their English, an English tag's word forms
        and their Chinese."""
        if written_in(label) == "zh":
            chinese = self.readings.chinese(label)
            return chinese.english | frozenset(chinese.parts) | frozenset(
                w for phrase in chinese.glossary for w in phrase.split())
        english = self.readings.english(label).words.values()
        return frozenset().union(*(forms | zh for forms, zh in english))

    def same(self, one: str, other: str) -> bool:
        """Whether a Chinese and an English tag name the same thing by the translation tables (see the module)."""
        zh, en = (one, other) if written_in(one) == "zh" else (other, one)
        chinese, english = self.readings.chinese(zh), self.readings.english(en)
        if english.phrases & chinese.glossary:
            return True
        if not english.words or not chinese.parts or not chinese.latin <= set(english.words):
            return False
        words = {w: english.words[w] for w in english.words if w not in chinese.latin}
        if not all(forms & chinese.english or not zh.isdisjoint(chinese.parts) for forms, zh in words.values()):
            return False  # a word with no counterpart in the tag at all
        every_form = frozenset().union(*(forms for forms, _ in words.values()))
        matched: set[str] = set(chinese.latin)
        for part, readings in chinese.parts.items():
            whole = [r for r in readings if r <= every_form]  # a reading all of whose words the tag has
            found = {w for w, (forms, zh) in words.items() if part in zh or any(forms & r for r in whole)}
            if not found:
                return False
            matched |= found
        return matched == set(english.words)
