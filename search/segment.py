"""Text for the keyword index: Chinese as overlapping character bigrams and dictionary words, everything else as
words.

SQLite's unicode61 tokenizer keeps a run of Chinese characters as one token, so ``风险`` would not match
``项目风险管理``. Indexing every CJK run as overlapping bigrams (项目 目风 风险 险管 管理) makes any two-character
word match inside longer text; English goes through FTS5's Porter stemmer. Beside the bigrams the index holds the
run's dictionary words (jieba, precise mode; two characters or more: 项目 风险 管理): a bigram that is a word counts
twice, one that straddles two words (目风) once, and a longer word (数据库) is a term of its own. Queries are not
segmented with the dictionary (loading it costs a cold start 1.6 s of CPU): a query's longer words are the parts of
it that the index holds as words (``Vocabulary.words_in``, search/keyword.py).

Traditional characters are indexed and searched as Simplified (``normal``: 測試環境 is 测试环境), so a query in either
form finds a document in either; the stored text is not changed, and snippets mark the original characters.

A query's Chinese question and request words (怎么办, 什么, 如何, 是否) and its sentence particles (吗, 呢) are no
terms, as English "how" and "what" are not: no bigram inside one or touching one (怎么 and 么办 of 怎么办, 败怎 of
部署失败怎么办) and no indexed word holding one (``content_word``). 的 and 了 are left out only where the query has
nothing else (的, 什么的, 好了吗): beside other characters they are often half of a word (目的, 了解, 为了).
"""

from __future__ import annotations

import marshal
import re
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Any

from kb.text import HAN, fold_traditional, is_cjk

# Han (rare characters beyond U+FFFF too: 𠮷 of Extension B), Hiragana/Katakana, Hangul: scripts written without
# spaces between words.
_CJK_RUN = re.compile(f"[{HAN}\u3040-\u30ff\uac00-\ud7af]+")
_WORD = re.compile(r"\w+", re.UNICODE)
MAX_QUERY_TERMS = 64
MIN_WORD = 2  # dictionary words shorter than this are not indexed (single characters)
_JIEBA: list[Any] = []
_JIEBA_LOCK = threading.Lock()
STOPWORDS = frozenset(
    "a an and are as at be but by for from had has have how i in is it its of on or our that the their them "
    "there these they this to was we were what when where which who why will with you your did do does not no "
    "can could should would after before about into than then so if also".split())

# The words a question or a request is made of ("上线前要检查什么", "部署失败怎么办"): what search/query_marks.py marks
# only beside a word of the query, and what no keyword leg searches for.
ZH_QUESTION_WORDS = frozenset(
    "什么 怎么 怎么办 怎样 怎么样 如何 为什么 为何 哪些 哪个 哪里 是否 有没有 有哪些 要不要 能否 可以 应该 需要".split())
# An English question's request verbs ("how to handle scope creep", "how do we avoid late vendors"): the remedy the
# reader asks for, not what the lessons are about, so few lessons hold them. Unlike the Chinese question words they
# stay keyword terms (a lesson may say "avoid"), but a query's whole words (search/keyword.py, ``whole_words``: the
# relevance floor's "holds every word") leave them out. The verbs of the frame "how to ... <a problem>" (handle, deal
# with, cope with, avoid, prevent, fix, solve, tackle, overcome), in the form the frame uses; "manage", "improve",
# "reduce" are not among them: lessons are about them (change management, improving estimates).
EN_REQUEST_WORDS = frozenset("handle deal cope avoid prevent fix solve tackle overcome".split())
_ZH_FINAL_PARTICLES = "吗呢吧啊呀"  # at the end of a run they end a sentence (吗 of 好了吗, not of 吗啡)
_ZH_PARTICLES = _ZH_FINAL_PARTICLES + "的了"
_QUESTION_LENGTHS = sorted({len(w) for w in ZH_QUESTION_WORDS}, reverse=True)


def cjk_bigrams(run: str) -> list[str]:
    """Overlapping bigrams of a run of CJK characters; a single character stands alone."""
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def dictionary_words(run: str) -> list[str]:
    """The dictionary words of a run of CJK characters, in order, those of ``MIN_WORD`` characters or more (jieba,
    precise mode; its dictionary is loaded on first use, once per process)."""
    if len(run) < MIN_WORD:
        return []
    return [w for w in _segmenter().lcut(run) if len(w) >= MIN_WORD]


def _segmenter() -> Any:
    with _JIEBA_LOCK:
        if not _JIEBA:
            import jieba

            jieba.setLogLevel(60)  # its dictionary-loading chatter would go to stderr
            read_cached_dictionary(jieba.dt)
            jieba.initialize()  # nothing left to do if the cache was read; else jieba reads or makes it
            _JIEBA.append(jieba)
        return _JIEBA[0]


def read_cached_dictionary(tokenizer: Any) -> bool:
    """Load a jieba tokenizer's default dictionary from the cache file jieba wrote (``jieba.cache`` in its temporary
    folder), read whole and then unmarshalled; True if it was. jieba's own ``initialize`` unmarshals it from the open
    file, which reads each of its million objects through a call of the file's own (1.5 s of CPU against 0.5 s, in
    every process that segments Chinese; BENCHMARKS.md, t-trim10b). The same file and the same tables; whatever
    this does not read (no cache yet, another dictionary, a file that does not unmarshal) is left to ``initialize``."""
    import jieba

    if tokenizer.initialized or tokenizer.dictionary != jieba.DEFAULT_DICT or tokenizer.cache_file:
        return False
    try:
        freq, total = marshal.loads((Path(tokenizer.tmp_dir or tempfile.gettempdir()) / "jieba.cache").read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return False
    if not isinstance(freq, dict) or not isinstance(total, int):
        return False
    with tokenizer.lock:
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True
    return True


def normal(text: str) -> str:
    """A text as the keyword index reads it: NFKC-normalised (full-width Ｌａｔｉｎ and ２０２４, as Chinese input methods
    type them, become ASCII) and its Traditional characters written Simplified (kb.text.fold_traditional)."""
    return fold_traditional(unicodedata.normalize("NFKC", text))


def index_text(text: str) -> str:
    """The form of a text stored in the FTS5 table: ``normal``, each CJK run replaced by its bigrams and its
    dictionary words."""
    text = normal(text)
    return _CJK_RUN.sub(lambda m: " " + " ".join(cjk_bigrams(m.group(0)) + dictionary_words(m.group(0))) + " ", text)


def query_terms(query: str, limit: int = MAX_QUERY_TERMS) -> list[str]:
    """The distinct search terms of a user query: CJK bigrams and words, without English stopwords.

    Everything else (quotes, operators, punctuation) is dropped, so no query can be FTS5 syntax; so are single
    letters, which are fragments (the "s" of "PM's", the "t" of "won't", the letters of "U.S."). The query is
    Read in its ``normal`` form first, as the index is.
    """
    query = normal(query)
    terms: list[str] = []
    seen: set[str] = set()
    position = 0
    for m in _CJK_RUN.finditer(query):
        _add_words(query[position:m.start()], terms, seen)
        for gram in content_bigrams(m.group(0)):
            if gram not in seen:
                seen.add(gram)
                terms.append(gram)
        position = m.end()
    _add_words(query[position:], terms, seen)
    return terms[:limit]


def content_bigrams(run: str) -> list[str]:
    """A query's CJK run as its terms: its bigrams (``cjk_bigrams``) but those inside or touching a question word
    or a final particle; none when it is all question words and particles (module docstring)."""
    weak = _function_characters(run)
    if all(w or c in _ZH_PARTICLES for w, c in zip(weak, run, strict=True)):
        return []
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1) if not weak[i] and not weak[i + 1]]


def content_word(word: str) -> bool:
    """Whether a Chinese word of the index (怎么办, 为什么) is a query's term: one holding a question word or ending
    in a final particle is not."""
    return not any(_function_characters(word))


def _function_characters(run: str) -> list[bool]:
    """For each character of a run, whether it is part of a question word or is a particle that ends it."""
    weak = [False] * (len(run) - 1) + [run[-1:] in _ZH_FINAL_PARTICLES] if run else []
    for length in _QUESTION_LENGTHS:
        for start in range(len(run) - length + 1):
            if run[start:start + length] in ZH_QUESTION_WORDS:
                weak[start:start + length] = [True] * length
    return weak


def distinct_terms(text: str, limit: int = 10_000) -> frozenset[str]:
    """``set(query_terms(text, limit))``, at a fraction of its cost for a long text (a result's, for feedback): each
    distinct word is checked once, and the order, which a set does not keep, is not tracked. A result's Chinese keeps
    every bigram (its 怎么 is what it says, not a question of the reader's), except in a text of more than ``limit``
    terms, read as a query."""
    text = normal(text)
    terms: set[str] = set()
    for run in _CJK_RUN.findall(text):
        terms.update(cjk_bigrams(run))
    for word in set(_WORD.findall(_CJK_RUN.sub(" ", text))):
        lowered = word.lower()
        if lowered in STOPWORDS or lowered.replace("_", "") == "" or _fragment(lowered):
            continue
        terms.add(lowered)
    return frozenset(terms) if len(terms) <= limit else frozenset(query_terms(text, limit))


def _add_words(text: str, terms: list[str], seen: set[str]) -> None:
    for word in _WORD.findall(text):
        lowered = word.lower()
        if lowered in STOPWORDS or lowered in seen or lowered.replace("_", "") == "" or _fragment(lowered):
            continue
        seen.add(lowered)
        terms.append(lowered)


def _fragment(word: str) -> bool:
    """A single letter: the "s" of "PM's", the "t" of "won't". Never a Chinese character (its bigrams hold it)."""
    return len(word) == 1 and word.isalpha() and not is_cjk(word)


def fts_query(terms: list[str]) -> str:
    """An FTS5 MATCH expression: each term quoted (so it is only ever a term) and OR-ed, for BM25 to rank."""
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
