"""The terms of a lesson worth marking in the lessons found like it ("similar lessons"): what the two share that
tells, not the words every text has.

A search marks what the user typed, every word of it. A lesson used as the query has hundreds of terms, and marked
whole it lights up function words and the furniture of every action item: 的指 (the 的 of 的指标), 没有, 每个, 在上
(在上线前), "rather", "off", "Owner", "Due", 2025. Left out here: English function words beyond the search's
stopwords, Chinese function words with the bigrams that touch them (为什 and 么好 of 为什么好看) or straddle a
preposition, single Chinese characters (a unit after a number, 3 月, would be marked wherever 月 stands in the other
text), numbers, and (in a collection large enough for frequencies to say so) English words found in more than
``COMMON_SHARE`` of the chunks. Chinese bigrams are not left out for being common: taken from inside a longer phrase
the two texts share, one would leave half a word marked (截止日 of 截止日期, with 日期 common).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kb.text import HAN
from search.query_marks import QUESTION_WORDS, Marks
from search.segment import STOPWORDS, normal, query_terms

if TYPE_CHECKING:
    from search.keyword import Vocabulary

COMMON_SHARE = 0.05  # a term in more of the chunks than this says little about what two lessons share
MIN_CHUNKS = 200  # below this many chunks, frequencies say nothing of which terms are common
MAX_TERMS = 1000
# A query holding more telling words than LONG_QUERY that the collection has is a pasted paragraph: a snippet marks
# the MARKED_TERMS rarest of them that it holds (``telling_marks``), not every word (a 60-character Chinese paragraph lit 上线项目的,
# 项目的, 系统 … : most of each snippet). Chosen on the shipped corpus (BENCHMARKS.md, "A project manager's search
# (u-pm2)").
LONG_QUERY = 12
MARKED_TERMS = 4  # in a snippet
LONG_COMMON_SHARE = 0.15  # 项目, 系统, 数据, 上线 in the shipped corpus's chunks; 迁移, 培训, 销售 are under it

ENGLISH_FUNCTION_WORDS = STOPWORDS | frozenset(
    "about above across again against all almost along already although always am among amongst another any "
    "anyone anything anyway around away back because been being below beside besides between beyond both "
    "came come comes cannot done down during each either else enough etc even ever every everyone everything "
    "few first further get gets getting give given go goes going got had hence her here hers herself him "
    "himself his however itself just least less let like made make makes many may me meant might mine "
    "more most much must my myself near need needed needs neither never next nobody none nor nothing now "
    "off often once one only onto other others otherwise ours ourselves out over own per perhaps put quite "
    "rather really same see seen several she since some something still such take taken than themselves "
    "thing things those though through thus till together too took toward towards under until up upon us "
    "use used using very via want way ways well went whatever whether while whom whose within without yet "
    "yours yourself".split())

ZH_FUNCTION_WORDS = frozenset(
    "我们 他们 你们 她们 它们 咱们 大家 自己 这是 那是 这个 那个 这些 那些 这样 那样 这种 那种 这里 那里 这次 那次 一个 一些 一下 "
    "一次 一直 一定 一起 一般 每个 每次 各个 各种 所有 其他 其它 其中 没有 不是 就是 也是 都是 还是 只是 而是 或是 可以 "
    "可能 应该 需要 能够 不能 不会 不要 已经 正在 曾经 进行 如果 因为 所以 但是 然而 而且 并且 或者 以及 还有 只有 由于 "
    "对于 关于 通过 根据 为了 之后 之前 以后 以前 之间 之中 时候 什么 怎么 怎样 哪里 哪个 哪些 多少 如何 为何 非常 比较 "
    "特别 十分 更加 然后 最后 同时 开始 其实 当时 目前 现在 还要 就会 就要 都会 也会 也要 都要 请问".split())
_ZH_PARTICLES = "的了着们吗呢吧啊呀"  # no bigram holding one is a word worth marking (目的 and 了解 are lost with them)
# Characters that (almost) never open a word, and those that never close one: a bigram opening or closing with one
# straddles two words (在上 of 在上线前, 前没 of 上线前没有). 在线 and 是否 are lost with them.
_ZH_LEADS = "在是和与把被"
_ZH_TAILS = "没把被"
# A unit after a number (3 月, 两个, 5 天) ends there: 月高 of "3 月高峰期" is no term
_UNIT_AFTER_NUMBER = re.compile(r"([0-9一二三四五六七八九十百千两几]\s*[年月日周天个次名张条家位台套份项])")
_HAN = re.compile(f"[{HAN}]")
_HAN_RUN = re.compile(f"[{HAN}]+")
_FUNCTION_LENGTHS = sorted({len(w) for w in ZH_FUNCTION_WORDS}, reverse=True)


def telling_terms(text: str, vocabulary: Vocabulary | None = None) -> str:
    """The terms of ``text`` worth marking in the lessons found like it, as a query for ``make_snippet`` (terms
    separated by spaces); "" when none is."""
    text = _UNIT_AFTER_NUMBER.sub(r"\1 ", normal(text))  # as the index reads it: 繁体 as 简体
    bigrams = {gram for run in _HAN_RUN.findall(text) for gram in _telling_bigrams(run)}
    terms = [t for t in query_terms(text, MAX_TERMS) if (t in bigrams if _HAN.search(t) else _tells(t))]
    words = [t for t in terms if not _HAN.search(t)]
    if vocabulary is not None and vocabulary.size >= MIN_CHUNKS and words:
        limit = COMMON_SHARE * vocabulary.size
        common = {t for t, df in zip(words, vocabulary.dfs(words), strict=True) if df > limit}
        terms = [t for t in terms if t not in common]
    return " ".join(terms)


def telling_marks(marks: Marks, vocabulary: Vocabulary, is_word: Callable[[str], bool], *,
                  own: Marks | None = None) -> Marks:
    """A query's marks (search/query_marks.py) as its snippets show them: as they are for a query of ``LONG_QUERY``
    telling words or fewer that the collection holds (``own``: the marks of the query's own words, without its
    translations, which say how long it is; None: ``marks``); for a longer one, its telling words, of the query and
    of its translations, a snippet marking the ``MARKED_TERMS`` rarest of those its text holds (the keyword leg's
    weights choosing: a rarer term has a higher idf). A telling word is a dictionary word (``is_word``) or an
    English word, not a function word, particle, question word, single character or number, in at most
    ``LONG_COMMON_SHARE`` of the chunks."""
    own_words = _words(own if own is not None else marks, is_word)
    if sum(df > 0 for df in vocabulary.dfs(own_words)) <= LONG_QUERY:
        return marks
    words = _words(marks, is_word)
    limit = LONG_COMMON_SHARE * vocabulary.size if vocabulary.size >= MIN_CHUNKS else float("inf")
    ranked = tuple(t for df, t in sorted((df, t) for t, df in zip(words, vocabulary.dfs(words), strict=True)
                                         if 0 < df <= limit))
    english = " ".join(t for t in query_terms(marks.other, MAX_TERMS) if t in ranked)
    return Marks(tuple(t for t in marks.chinese if t in ranked), english, ranked, MARKED_TERMS)


def _words(marks: Marks, is_word: Callable[[str], bool]) -> list[str]:
    """The telling words of a query's marks (``telling_marks``)."""
    chinese = [t for t in marks.chinese if len(t) > 1 and is_word(t) and t not in ZH_FUNCTION_WORDS
               and t not in QUESTION_WORDS and not any(c in _ZH_PARTICLES for c in t)]
    return chinese + [t for t in query_terms(marks.other, MAX_TERMS) if not _HAN.search(t) and len(t) > 1
                      and _tells(t)]


def _telling_bigrams(run: str) -> list[str]:
    """The bigrams of a run of Chinese that touch no function word or particle, and straddle no preposition: 怎么办
    gives none (not 么办), 为什么好看 gives 好看 (not 为什 or 么好)."""
    function = [c in _ZH_PARTICLES for c in run]
    for length in _FUNCTION_LENGTHS:
        for start in range(len(run) - length + 1):
            if run[start:start + length] in ZH_FUNCTION_WORDS:
                function[start:start + length] = [True] * length
    return [run[i:i + 2] for i in range(len(run) - 1)
            if not function[i] and not function[i + 1] and run[i] not in _ZH_LEADS and run[i + 1] not in _ZH_TAILS]


def _tells(word: str) -> bool:
    return not word.isdigit() and word not in ENGLISH_FUNCTION_WORDS
