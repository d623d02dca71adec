"""A paragraph that holds several points: where it turns from one to the next.

Most paragraphs are one point with the sentences that support it: a problem and how it showed, a lesson and why. Some
writers tell their points in prose instead, one after another ("The largest challenge I had … was … It was easy to
multi-thread, but the results are inconclusive. Another challenge … I am overall very pleased with how the pathfinding
turned out."). What tells the two apart is what each sentence states: a paragraph turns to a new point where a sentence
states the opposite outcome to the point before it — what went well after what went wrong, or the other way — each of
the two stated in its own words (``ingest.cues``, and for English setbacks ``_EN_SETBACK``) — and, in English, where a
sentence states what was learned or what to do next time after an outcome ("Next time we won't …"). A sentence that
states nothing, or the same outcome again, supports the point before it. (In Chinese, the turn from an outcome to what
was learned gave 7 lessons more and 2 matched over the documents of benchmarks/extraction, and held 8 lost one: a fault
and what it taught are most often one point there.) A Chinese paragraph of over LONG_PARAGRAPH characters is different:
a member's reflection in a course report tells a lesson, a fault, another lesson, each in a sentence of its own words,
and there every such sentence starts a point (BENCHMARKS.md, "Chinese misses of all seen splits (e-zhmiss)").

Words that add to a list ("Another …", "Also, …", "其次", "另外", "此外", "最后") are not the signal: split at them, the
documents of benchmarks/extraction gave 2 points more and 4 junk lessons in Chinese (the second point is most often the
same point's detail there: "此外我还对…有了一定的了解"), and in English changed only the set they were seen on.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.cue_gates import chinese
from ingest.cues import MIN_CJK, cue_kind
from kb.models import LessonKind

__all__ = ["enumerated_point", "points", "sentences", "stated"]

# Where an English sentence ends: a full stop, question or exclamation mark after a word, then a capital ("e.g. The" is
# rejoined); where a Chinese one ends: 。！？ (a ；clause is part of its sentence).
_EN_END = re.compile(r"(?<=[a-z0-9)\"”’%][.!?])[\"”’)]?\s+(?=[A-Z\"“])")
_ABBREVIATION = re.compile(r"\b(e\.g|i\.e|etc|vs|mr|ms|mrs|dr|st|no|approx)\.$", re.IGNORECASE)
_ZH_END = re.compile(r"(?<=[。！？!?])(?![”」』）)。！？])")
_CJK = re.compile(r"[\u4e00-\u9fff]")  # counts the Chinese characters of an opening sentence
# What an English sentence says went wrong, for telling one point from the next (not for finding lessons): a challenge,
# a difficulty or a bug met, something not done. Each word is in went-wrongs of several documents by different authors.
_EN_SETBACK = re.compile(r"\b(challenges?|difficult(y|ies)?|struggled?|bugs?|mistakes?|mishaps?|unable to|inconclusive"
                         r"|(did ?n[o']t|could ?n[o']t|was ?n[o']t able to|were ?n[o']t able to) (complete|finish|get|make|have"
                         r"|plan|manage)|not (completed|finished|implemented))\b", re.IGNORECASE)
# A Chinese paragraph this long tells its points one after another (a member's reflection in a course report: what
# went wrong, what it taught, what went well, each in its own sentence): there every sentence that states a point in its
# own words after one that did starts a new point, when each point keeps MIN_POINT_CHARS characters or more.
LONG_PARAGRAPH = 300
MIN_POINT_CHARS = 20
# An English paragraph of this many words or more tells its points one after another too (a student team's project
# reflection: a mistake in the design, what it cost, what they should have done; a hackathon's account: what did not
# work, what they would do with more time, what they learned): there a sentence that states a lesson, a cause or an
# outcome in the writer's own words (``ingest.cues.cue_kind``; the setback words of ``_EN_SETBACK`` only as ``_turns``
# reads them) starts a new point, whatever the point before it stated. Over the seen English documents, with the rules
# of e-gen24en before it, 200 words split 15 documents of 15 repositories into 29 lessons more, 23 of them annotated; 150
# words 43 more, 26 annotated, the precision below what the rules allow (BENCHMARKS.md, "e-gen24en").
LONG_EN_WORDS = 200
_OPPOSITE = {LessonKind.WENT_WELL: LessonKind.WENT_WRONG, LessonKind.WENT_WRONG: LessonKind.WENT_WELL}
_ADVICE = (LessonKind.LESSON, LessonKind.RECOMMENDATION)


def sentences(text: str) -> list[str]:
    """A paragraph's sentences, cut as its language ends them (``_EN_END``, ``_ZH_END``)."""
    out: list[str] = []
    for part in (_ZH_END if chinese(text) else _EN_END).split(text.strip()):
        if out and _ABBREVIATION.search(out[-1]):
            out[-1] += " " + part  # "e.g. The …": one sentence
        elif part.strip():
            out.append(part.strip())
    return out


def stated(sentence: str) -> LessonKind | None:
    """What a sentence states by its own words (``cue_kind``), an English setback (``_EN_SETBACK``) what went wrong."""
    kind = cue_kind(sentence)
    if kind or chinese(sentence):
        return kind
    return LessonKind.WENT_WRONG if _EN_SETBACK.search(sentence) else None


def _turns(running: LessonKind | None, kind: LessonKind | None, sentence: str) -> bool:
    """Whether a sentence that states ``kind`` starts a new point after a point that stated ``running``: the opposite
    outcome, or (in English) what to do or what was learned after an outcome ("… we disregarded all of those … This was
    our first mistake." then "Next time we won't treat the criteria as if they're the M in MoSCoW.")."""
    if running is None or kind is None:
        return False
    return _OPPOSITE.get(running) == kind or running in _OPPOSITE and kind in _ADVICE and not chinese(sentence)


def _restated(running: LessonKind | None, kind: LessonKind | None, sentence: str) -> bool:
    """Whether a sentence that states a point in its own words starts a new one after a point that stated one already,
    of whatever kind (``LONG_PARAGRAPH``)."""
    return running is not None and kind is not None


def _cued(running: LessonKind | None, kind: LessonKind | None, sentence: str) -> bool:
    """Whether a sentence starts a new point in a long English paragraph (``LONG_EN_WORDS``): where ``_turns`` says so,
    or where it states a point in its own words (``cue_kind``)."""
    return _turns(running, kind, sentence) or cue_kind(sentence) is not None


def _grouped(text: str, turns: Callable[[LessonKind | None, LessonKind | None, str], bool]) \
        -> tuple[list[list[str]], list[LessonKind | None]]:
    """A paragraph's sentences grouped into points where ``turns`` says a sentence starts a new one."""
    groups: list[list[str]] = [[]]
    kinds: list[LessonKind | None] = [None]
    for sentence in sentences(text):
        kind = stated(sentence)
        if groups[-1] and turns(kinds[-1], kind, sentence):
            groups.append([])
            kinds.append(None)
        groups[-1].append(sentence)
        kinds[-1] = kinds[-1] or kind
    return groups, kinds


def points(text: str) -> list[tuple[str, LessonKind | None]]:
    """The points of a paragraph, each with the sentences that support it, and the outcome each states.

    Args:
        text: one paragraph.

    Returns:
        Its points in order with the kind each states (or None); the paragraph alone when it holds one point.
    """
    long_english = not chinese(text) and len(text.split()) >= LONG_EN_WORDS
    groups, kinds = _grouped(text, _cued if long_english else _turns)
    if chinese(text) and len(text) > LONG_PARAGRAPH:
        finer, finer_kinds = _grouped(text, _restated)
        if all(sum(map(len, group)) >= MIN_POINT_CHARS for group in finer):
            groups, kinds = finer, finer_kinds
    if len(groups) < 2:
        return [(text, kinds[0])]
    joiner = "" if chinese(text) else " "
    return [(joiner.join(group), kind) for group, kind in zip(groups, kinds)]


# An ordinal that numbers a point in prose ("1、", "(2)", "三、", "首先，", "其次，", "最后，", "第一，"); not the words that
# only add to a list ("此外", "另外": see above).
_ORDINAL = re.compile(r"^\s*([0-9一二三四五六七八九十]{1,2}\s*[、.．)）]|[(（][0-9一二三四五六七八九十]{1,2}[)）]|首先|其次|再次|最后"
                      # Not a period ("第一周主要是基础环境的搭建…", "第二天"): a week's story, its points told in it.
                      r"|第[一二三四五六七八九十](?![一二三四五六七八九十]|个|周|天|日|月|年|季|期|学期|阶段|次|轮|届|章|节|部分))")
TOLD_CHARS = 150  # a numbered paragraph this long tells the story behind its point
POINT_SHARE = 1 / 3  # and its opening sentence, the point, is at most this share of it


def enumerated_point(text: str) -> str:
    """The point of a numbered Chinese paragraph that states it in its opening sentence (a sentence, not a topic's name)
    and then tells the story behind it ("1、了解了整个设计生产的工艺流程。这门课设立的初衷就是…", "首先，熟练掌握了基本的Java语言。Java是一门…"): that
    sentence. Any other text is returned whole.

    Args:
        text: one paragraph.

    Returns:
        Its opening sentence, or the text.
    """
    text = text.strip()
    if len(text) < TOLD_CHARS or not chinese(text) or not _ORDINAL.match(text):
        return text
    opening = sentences(text)[0]
    # "2、 身体原因。" names the point's topic, it states none: the paragraph is the point.
    stated = len(_CJK.findall(opening)) >= MIN_CJK
    return opening if stated and len(opening) <= POINT_SHARE * len(text) else text
