"""Snippets with the matched terms highlighted: Chinese bigrams and words, and the forms of other words that the
index matched (search/word_forms.py)."""

from __future__ import annotations

import functools
import html
import re
from typing import NamedTuple

from kb.text import HAN, fold_traditional
from search.query_marks import Marks
from search.segment import query_terms
from search.word_forms import QueryForms

_CJK = re.compile(f"[{HAN}]")


def match_spans(text: str, query: str | Marks) -> list[tuple[int, int]]:
    """Character spans of ``text`` that match the query's terms, merged and sorted: its Chinese bigrams and words
    wherever they occur, and the words that are forms of its other words (search/word_forms.py: an inflection
    with the index's stem; a number itself). Chinese is matched in its Simplified form, as the index holds it, and the
    span is the original's (a fold keeps every character's place): 測試 is marked for the query 测试, and 测试 for
    測試. A query given as ``Marks`` (search/query_marks.py) is marked by its Chinese words, not its bigrams."""
    patterns = _query_pattern(query)
    if patterns is None:
        return []
    chinese, forms, words = patterns
    spans = [span for span in _candidate_words(text, words) if forms.matches(text[span[0]:span[1]])] if forms else []
    if chinese is not None:
        # Each term is tried only where one can begin (a character a term begins with), in the pattern's order, so
        # the spans are those of a lookahead tried at every character (overlapping bigrams), at a fraction of the cost.
        starts, terms = chinese
        at, folded = terms.match, fold_traditional(text)
        for start in starts.finditer(folded):
            found = at(folded, start.start())
            if found is not None:
                spans.append(found.span())
    return _without_stray_characters(text, _merge(spans))


def _without_stray_characters(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans without a lone digit or letter (the "1" of "phase 1"), unless it stands next to another match ("Phase
    1" itself): marked everywhere, every stray "1" of a snippet would light up. A Chinese character may stand
    alone."""
    def near(a: tuple[int, int], b: tuple[int, int]) -> bool:
        gap = text[min(a[1], b[1]):max(a[0], b[0])]
        return len(gap) <= 1 and not gap.strip()

    kept = []
    for i, span in enumerate(spans):
        start, end = span
        if end - start == 1 and not _CJK.match(text[start]) and not any(
                near(span, other) for other in spans[max(0, i - 1):i + 2] if other != span):
            continue
        kept.append(span)
    return kept


@functools.lru_cache(maxsize=1024)
def _query_pattern(query: str | Marks) -> tuple[tuple[re.Pattern[str], re.Pattern[str]] | None, QueryForms,
                                                 _Prefixes | None] | None:
    """Where a Chinese term may begin and one pattern for all of them, longest first (matches are tried at every
    such place, so they may overlap, as bigrams do); the query's other words; and where a word that may be one of
    their forms begins (``_prefixes``)."""
    if isinstance(query, Marks):
        terms = set(query.chinese) | {term for term in query_terms(query.other) if term and not _CJK.search(term)}
    else:
        terms = {term for term in query_terms(query) if term}
    if not terms:
        return None
    chinese = sorted({term for term in terms if _CJK.search(term)}, key=len, reverse=True)
    forms = QueryForms(sorted(term for term in terms if not _CJK.search(term)))
    words = _prefixes(forms)
    if not chinese:
        return None, forms, words
    starts = re.compile("[" + "".join(sorted({re.escape(term[0]) for term in chinese})) + "]")
    return (starts, re.compile("|".join(re.escape(term) for term in chinese))), forms, words


# A letter or digit as the index's tokenizer (unicode61) reads words: up to a Chinese, Japanese or Korean character,
# which the index holds apart ("UAT测试环境": "UAT"). A word is a run of them.
_LETTER = re.compile(f"[^\\W_{HAN}\u3040-\u30ff\uac00-\ud7af]")
_LATIN_WORD = re.compile(_LETTER.pattern + "+")
_BEYOND_ASCII = re.compile(f"[^\\W_{HAN}\u3040-\u30ff\uac00-\ud7af\x00-\x7f]")  # such a letter, not ASCII
_ASCII_PREFIX = re.compile("[a-z0-9]+")


class _Prefixes(NamedTuple):
    """What a word that may be a form of the query's other words begins with (``QueryForms.prefixes``, those in ASCII
    letters and digits), in lower case, and as one pattern of any case."""

    lower: tuple[str, ...]
    pattern: re.Pattern[str]


def _prefixes(forms: QueryForms) -> _Prefixes | None:
    """``_Prefixes`` of the query's other words; None when there is none."""
    prefixes = sorted((p for p in forms.prefixes() if _ASCII_PREFIX.fullmatch(p)), key=len, reverse=True)
    return _Prefixes(tuple(prefixes), re.compile("|".join(prefixes), re.IGNORECASE)) if prefixes else None


def _candidate_words(text: str, prefixes: _Prefixes | None) -> list[tuple[int, int]]:
    """The spans of the words of ``text`` (``_LATIN_WORD``'s matches) that may be forms of the query's other words,
    in order: those that begin with one of their prefixes, and those with a letter beyond ASCII (whose ``word_key``
    is not their lower case: "Café", "ＵＡＴ"). Every other word's key is its lower case and begins with no prefix, so it
    is no form: a text's spans are those of looking at every word, where the words were each looked up by stem
    (2,200 a keyword search's page at 100k chunks: BENCHMARKS.md, "The keyword leg at 100k (p-100k)")."""
    starts = set(_word_starts(text, prefixes)) if prefixes is not None else set()
    if not text.isascii():
        for m in _BEYOND_ASCII.finditer(text):
            start = m.start()
            while start and _LETTER.match(text, start - 1):
                start -= 1
            starts.add(start)
    return [_LATIN_WORD.match(text, start).span() for start in sorted(starts)]  # type: ignore[union-attr]


def _word_starts(text: str, prefixes: _Prefixes) -> list[int]:
    """Where a word of ``text`` begins with one of the prefixes, in any case: found in the text's lower case, which
    keeps every character's place when it is as long (a few times faster than the pattern), else by the pattern."""
    lower = text.lower()
    if len(lower) == len(text):
        found = []
        for prefix in prefixes.lower:
            at = lower.find(prefix)
            while at >= 0:
                found.append(at)
                at = lower.find(prefix, at + 1)
    else:
        found = [m.start() for m in prefixes.pattern.finditer(text)]
    letter = _LETTER.match
    return [at for at in found if not at or not letter(text, at - 1)]


def make_snippet(text: str, query: str | Marks, width: int = 180) -> tuple[str, list[tuple[int, int]]]:
    """The window of ``text`` (about ``width`` characters) with the most matches, and the match spans in it."""
    text = as_prose(_rows_marked(text))
    if isinstance(query, Marks):
        query = query.within(text)  # a long query: the rarest of its telling words this text holds
    spans = match_spans(text, query)
    if len(text) <= width:
        return text, spans
    if not spans:
        cut = text[:_end(text, width, 0)].rstrip()
        return cut + "…", []
    best_start, best_count = 0, -1
    first = 0  # spans before this one start before the window (spans are sorted and do not overlap)
    last = 0  # spans before this one end inside the window
    for start, _ in spans:
        begin = max(0, start - width // 4)
        while first < len(spans) and spans[first][0] < begin:
            first += 1
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= begin + width:
            last += 1
        if last - first > best_count:
            best_start, best_count = begin, last - first
    begin = best_start
    end = min(len(text), begin + width)
    if end == len(text):
        begin = max(0, end - width)
    inside = [span for span in spans if span[0] >= begin and span[1] <= end]
    if inside:
        begin = _start(text, begin, inside[0][0])
        end = _end(text, end, inside[-1][1])
        begin += next((len(mark) for mark in ITEM_MARKS if begin and text.startswith(mark, begin)), 0)
        end = len(text[:end].rstrip())
    window = text[begin:end]
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    shifted = [(s - begin + len(prefix), e - begin + len(prefix)) for s, e in spans if s >= begin and e <= end]
    return prefix + window + suffix, shifted


def _rows_marked(text: str) -> str:
    """``text`` with each table row after the first (cells joined by " | ", one row a line) begun with "• ", so that
    rows do not run together once the snippet's lines are joined ("… | 周建国 | 已完成 • 审批流反复修改 | …")."""
    lines = text.split("\n")
    for i in range(1, len(lines)):
        if ROW_CELLS in lines[i] and ROW_CELLS in lines[i - 1]:
            lines[i] = ROW_MARK + lines[i].lstrip()
    return "\n".join(lines)


# Markdown a snippet reads as text without ("…周会。 - 9家供应商…", "**Root cause**"): a list item's mark, a heading's
# hashes, a rule; emphasis and code marks around words (not the "_" of a snake_case name, nor "5 * 3", nor an escaped
# "\*"), a link's address
_LINE_MARK = re.compile(r"^\s*(?:[-*+](?=\s)|#{1,6}(?=\s|$))\s*")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_EMPHASIS = re.compile(r"(?<![*\\])(\*\*|\*)(?![\s*])(.+?)(?<![\s*\\])\1(?!\*)"  # **依赖关系**没有: beside Chinese
                       r"|(?<![A-Za-z0-9_\\])(__|_)(?![\s_])(.+?)(?<![\s_\\])\3(?![A-Za-z0-9_]|\.\w)"  # not __init__.py
                       r"|`([^`\n]+)`|!?\[([^\]\n]+)\]\([^)\s]+\)")
_STRAY = re.compile(r"(?<!\\)\*\*")
_MARKED = re.compile(r"[*_`\[]")  # a line without these has no emphasis, code or link to leave out
_LINE_STARTS = frozenset("-*+#_")  # what a list item's mark, a heading's hashes or a rule begins with
_CLOSES_CJK = frozenset("。！？；：，、）」』”")
_ENDS_SENTENCE = _CLOSES_CJK | frozenset(".!?;:,…)")


def as_prose(text: str) -> str:
    """``text`` as one line of prose: Markdown's marks left out (``_LINE_MARK``, ``_EMPHASIS``, and a "**" left
    unpaired), the lines joined by a space (none between Chinese ones), and a list item or heading, or the line after
    a heading, that follows a line without a closing mark set apart by ``ROW_MARK`` ("In scope • Assessment of …"), as
    a table's row is, where its dash showed."""
    if "\n" not in text and text.lstrip()[:1] not in _LINE_STARTS:  # most lessons: one line, no mark before it
        return " ".join((_STRAY.sub("", _EMPHASIS.sub(_unmarked, text)) if _MARKED.search(text) else text).split())
    parts: list[str] = []
    last, after_heading = "", False  # the last character said so far
    for line in text.split("\n"):
        mark = None
        if line.lstrip()[:1] in _LINE_STARTS:
            if _RULE.match(line):
                continue
            mark = _LINE_MARK.match(line)
            line = line[mark.end():] if mark else line
        if _MARKED.search(line):
            line = _STRAY.sub("", _EMPHASIS.sub(_unmarked, line))
        line = " ".join(line.split())
        if not line:
            continue
        if last and (mark is not None or after_heading) and not line.startswith(ROW_MARK) \
                and last not in _ENDS_SENTENCE:
            line = ROW_MARK + line
        after_heading = mark is not None and mark.group().lstrip().startswith("#")
        if last and last not in _CLOSES_CJK and not (_CJK.match(last) and _CJK.match(line)):
            parts.append(" ")
        parts.append(line)
        last = line[-1]
    return "".join(parts)


def _unmarked(found: re.Match[str]) -> str:
    return next(group for group in found.group(2, 4, 5, 6) if group is not None)


ROW_CELLS, ROW_MARK = " | ", "• "
# what begins a table row or a list item: a snippet cut before one begins after it ("…技术方案亮点", not "…- 技术方案亮点")
ITEM_MARKS = (ROW_MARK, "- ", "* ")
_REACH = 30  # how far a snippet's ends move to a break, in characters
_SENTENCE = re.compile(r"[。！？；!?;](?=\s*\S)|[.:](?=\s)|(?<=\S) (?=• )")  # a table row's mark: before it
_CLAUSE = re.compile(r"[，、：,|)）](?=\s*\S)")
_WORD_GAP = re.compile(r"\s(?=\S)")
_LATIN = re.compile(r"[A-Za-z0-9]")


def _start(text: str, begin: int, first: int) -> int:
    """Where a snippet cut at ``begin`` starts: after the sentence or clause break nearest to it, else after a space
    when it would begin inside a word, never after ``first``, its first match."""
    if begin == 0:
        return 0
    low, high = max(0, begin - _REACH), min(first, begin + _REACH)
    for breaks in (_SENTENCE, _CLAUSE) + ((_WORD_GAP,) if _inside_word(text, begin) else ()):
        found = [m.end() for m in breaks.finditer(text, low, high)]
        if found:
            at = min(found, key=lambda end: abs(end - begin))
            return at + len(text[at:]) - len(text[at:].lstrip())
    return begin


def _end(text: str, end: int, last: int) -> int:
    """Where a snippet cut at ``end`` stops: after the sentence or clause break nearest to it, else before the word
    it would cut, never before ``last``, the end of its last match."""
    if end >= len(text):
        return len(text)
    low, high = max(last, end - _REACH), min(len(text), end + _REACH)
    for breaks in (_SENTENCE, _CLAUSE) + ((_WORD_GAP,) if _inside_word(text, end) else ()):
        found = [m.end() if breaks is not _WORD_GAP else m.start() for m in breaks.finditer(text, low, high)]
        if found:
            return min(found, key=lambda at: abs(at - end))
    return end


def _inside_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and bool(_LATIN.match(text[at - 1])) and bool(_LATIN.match(text[at]))


def highlight_html(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML-escaped text with each span in <mark>."""
    out, last = [], 0
    for start, end in spans:
        out.append(html.escape(text[last:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def highlight_terminal(text: str, spans: list[tuple[int, int]], style: object) -> str:
    """Text with each span passed through ``style`` (e.g. click.style with bold)."""
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(style(text[start:end]))  # type: ignore[operator]
        last = end
    out.append(text[last:])
    return "".join(out)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
