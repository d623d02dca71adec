"""What a snippet marks of a Chinese query: its words, as a dictionary cuts it, never a bigram that straddles two of
them.

The keyword index matches a Chinese query by its overlapping bigrams (search/segment.py), so 代码评审 finds 码评 too,
and a snippet marked by the same bigrams lit "代码评" in "代码评估" and "进度延" in "进度延迟": a word and a stray
character. Marked by the query's words (the translator's dictionary and glossary, forward maximum matching), the
reader sees 代码 and 评审 wherever they stand, and the query's runs as typed where the text has them. A single
character or a question word of the query (前, 什么, 怎么办) is marked only beside its neighbour in the query (上线前,
如何估算), not wherever it stands; a query that is nothing else (的, 什么) is marked as typed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.text import HAN, fold_traditional
from search.segment import ZH_QUESTION_WORDS

MAX_WORD = 8  # the longest dictionary word tried (search/translate.py reads no longer ones)
MAX_CHINESE = 400  # characters of a query's Chinese cut into words; the rest is not marked
# Words a question or a request is made of ("上线前要检查什么", "部署失败怎么办"): not what the reader looks for.
QUESTION_WORDS = ZH_QUESTION_WORDS
PARTICLES = frozenset("的地得了着过吗呢吧啊呀是在和与及或也都就要会能把被让对从向给等还又很")
AFTER_WORD = frozenset("前后时中内外间")  # 上线前, 切换后, 测试时, 项目中
_RUN = re.compile(f"[{HAN}]+")


@dataclass(frozen=True)
class Marks:
    """A query as snippets mark it: its Chinese terms, matched whole, and the rest (English words, numbers), whose
    terms are read as a query's are (search/segment.py ``query_terms``). A long query's (search/telling.py,
    ``telling_marks``) also has its telling words, rarest first (``ranked``): a text is marked by the ``cap``
    rarest of them that it holds (``within``)."""

    chinese: tuple[str, ...]
    other: str
    ranked: tuple[str, ...] = ()
    cap: int = 0

    def within(self, text: str) -> Marks:
        """The marks of ``text``: for a long query, its ``cap`` rarest telling words that the text holds (an
        English word by its first four letters, so that its other forms count: delay, delayed); else these."""
        if not self.ranked:
            return self
        folded, lower = fold_traditional(text), text.lower()
        held = [t for t in self.ranked if (t in folded if _RUN.match(t) else t[:4] in lower)][:self.cap]
        return Marks(tuple(t for t in held if _RUN.match(t)), " ".join(t for t in held if not _RUN.match(t)))


def word_marks(query: str, is_word: Callable[[str], bool]) -> Marks:
    """The marks of ``query`` (in its Simplified form), its Chinese cut into the words ``is_word`` knows."""
    folded = fold_traditional(query)
    terms: list[str] = []
    budget = MAX_CHINESE
    for run in _RUN.findall(folded):
        run, budget = run[:max(budget, 0)], budget - len(run)  # (a negative budget would cut from the run's end)
        if run:
            terms.extend(t for t in run_terms(cut(run, is_word), is_word) if t not in terms)
    return Marks(tuple(terms), _RUN.sub(" ", folded))


def cut(run: str, is_word: Callable[[str], bool], longest: int = MAX_WORD) -> list[str]:
    """Forward maximum matching of a run against the dictionary: words of ``longest`` characters at most, a
    character where no word begins."""
    words, i = [], 0
    while i < len(run):
        length = next((n for n in range(min(longest, len(run) - i), 1, -1) if is_word(run[i:i + n])), 1)
        words.append(run[i:i + length])
        i += length
    return words


def run_terms(words: list[str], is_word: Callable[[str], bool]) -> list[str]:
    """The terms of a run cut into ``words``: each word of two characters or more, and the parts of a compound of
    four or more (测试环境: 测试, 环境); a weak stretch (single characters, question words) only joined to a word
    beside it (上线|前|要|检查: 上线前要, 前要检查, 上线前要检查, and 上线前), and alone where it is a word the
    dictionary lacks (联|调 of 联调延期); a run that is all weak, as it is."""
    if all(_weak(w) for w in words):
        return ["".join(words)]
    terms: list[str] = []
    i = 0
    while i < len(words):
        j = i + 1
        if _weak(words[i]):
            while j < len(words) and _weak(words[j]):
                j += 1
            terms.extend(_joined(words, i, j))
            if _unknown_word(words[i:j]):
                terms.append("".join(words[i:j]))
        else:
            terms.append(words[i])
            if len(words[i]) >= 4:
                terms.extend(part for part in cut(words[i], is_word, len(words[i]) - 1) if len(part) >= 2)
        i = j
    return sorted(set(terms), key=lambda t: (-len(t), t))


def _joined(words: list[str], i: int, j: int) -> list[str]:
    """The weak stretch ``words[i:j]`` joined whole to the word before it, to the word after it and to both; and a
    character of place or time right after a word to that word alone (上线前, of 上线前要检查: 前 belongs to 上线,
    where 不 of 沟通不畅 does not belong to 沟通)."""
    before, after = (words[i - 1] if i else ""), (words[j] if j < len(words) else "")
    weak = "".join(words[i:j])
    joined = [t for t in (before + weak, weak + after, before + weak + after) if t != weak]
    return joined + ([before + words[i]] if before and words[i] in AFTER_WORD and j > i + 1 else [])


def _unknown_word(stretch: list[str]) -> bool:
    """Whether a stretch of single characters is likely a word the dictionary lacks (联调, 提测: the jargon of a
    PMO), marked on its own as its bigram was: two characters or more, none a particle (前要 of 上线前要, 了吗)."""
    return len(stretch) >= 2 and all(len(w) == 1 and w not in PARTICLES for w in stretch)


def _weak(word: str) -> bool:
    return len(word) == 1 or word in QUESTION_WORDS
