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
and what it taught are most often one point there.)

Words that add to a list ("Another …", "Also, …", "其次", "另外", "此外", "最后") are not the signal: split at them, the
documents of benchmarks/extraction gave 2 points more and 4 junk lessons in Chinese (the second point is most often the
same point's detail there: "此外我还对…有了一定的了解"), and in English changed only the set they were seen on.
"""

from __future__ import annotations

import re

from ingest.cues import chinese, cue_kind
from kb.models import LessonKind

__all__ = ["points"]

# Where an English sentence ends: a full stop, question or exclamation mark after a word, then a capital ("e.g. The" is
# rejoined); where a Chinese one ends: 。！？ (a ；clause is part of its sentence).
_EN_END = re.compile(r"(?<=[a-z0-9)\"”’%][.!?])[\"”’)]?\s+(?=[A-Z\"“])")
_ABBREVIATION = re.compile(r"\b(e\.g|i\.e|etc|vs|mr|ms|mrs|dr|st|no|approx)\.$", re.IGNORECASE)
_ZH_END = re.compile(r"(?<=[。！？!?])(?![”」』）)。！？])")
# What an English sentence says went wrong, for telling one point from the next (not for finding lessons): a challenge,
# a difficulty or a bug met, something not done. Each word is in went-wrongs of several documents by different authors.
_EN_SETBACK = re.compile(r"\b(challenges?|difficult(y|ies)?|struggled?|bugs?|mistakes?|mishaps?|unable to|inconclusive"
                         r"|(did ?n[o']t|could ?n[o']t|was ?n[o']t able to|were ?n[o']t able to) (complete|finish|get|make|have"
                         r"|plan|manage)|not (completed|finished|implemented))\b", re.IGNORECASE)
_OPPOSITE = {LessonKind.WENT_WELL: LessonKind.WENT_WRONG, LessonKind.WENT_WRONG: LessonKind.WENT_WELL}
_ADVICE = (LessonKind.LESSON, LessonKind.RECOMMENDATION)


def _sentences(text: str) -> list[str]:
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


def points(text: str) -> list[tuple[str, LessonKind | None]]:
    """The points of a paragraph, each with the sentences that support it, and the outcome each states.

    Args:
        text: one paragraph.

    Returns:
        Its points in order with the kind each states (or None); the paragraph alone when it holds one point.
    """
    groups: list[list[str]] = [[]]
    kinds: list[LessonKind | None] = [None]
    for sentence in _sentences(text):
        kind = stated(sentence)
        if groups[-1] and _turns(kinds[-1], kind, sentence):
            groups.append([])
            kinds.append(None)
        groups[-1].append(sentence)
        kinds[-1] = kinds[-1] or kind
    if len(groups) < 2:
        return [(text, kinds[0])]
    joiner = "" if chinese(text) else " "
    return [(joiner.join(group), kind) for group, kind in zip(groups, kinds)]
