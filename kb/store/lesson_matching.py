"""Which lesson read from a file an uploader's correction is about, when the file is read again.

A correction names its lesson by the text it was read with, and where it can, by its section's heading and its place
among the document's lessons (``at``). A later reading may give that text a little differently: a rule of a new parser
version trims a marker ("问题：", "1."), joins a line to the next, changes spaces or punctuation. So a correction goes
to the lesson read with its very text first; else to the lesson most like it, compared without spaces, punctuation or
case (equal, one containing the other, or alike by ``difflib``'s ratio), its section and place breaking ties. A
correction like no lesson is unmatched: kept, and said (``kb.store.lesson_corrections``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

from kb.models import ParsedLesson

ALIKE = 0.8  # difflib ratio of the two texts' letters and digits from which a lesson is the corrected one
CONTAINED_CHARS = 6  # a text shorter than this (letters and digits) is matched only whole: "沟通" is in many lessons
CONTAINED_SHARE = 0.3  # ... and one that holds it must not be more than about three times longer
PAIRS_SHARED = 0.6  # Dice of the character pairs below which two texts are not compared further
_SAME_SECTION = 0.05
_PLACE_WEIGHT = 0.001


def letters(text: str) -> str:
    """A text's letters and digits, case-folded (NFKC: full-width ``１`` is ``1``): what a re-read keeps of it."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def pairs(text: str) -> set[str]:
    """A text's character pairs (bigrams): alike texts share most of theirs, which is cheap to tell."""
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def likeness(was: str, now: str, was_pairs: set[str] | None = None, now_pairs: set[str] | None = None) -> float:
    """How alike two texts' ``letters`` are, 0 to 1; 0 below what counts as the same lesson. ``difflib`` runs only
    where the texts share enough character pairs (``PAIRS_SHARED``): its ratio is quadratic."""
    if was == now:
        return 1.0
    short, long = sorted((was, now), key=len)
    if len(short) >= CONTAINED_CHARS and short in long and len(short) >= CONTAINED_SHARE * len(long):
        return 0.9 + 0.09 * len(short) / len(long)
    if len(short) < ALIKE / (2 - ALIKE) * len(long):  # difflib's ratio could not reach ALIKE
        return 0.0
    was_pairs, now_pairs = was_pairs or pairs(was), now_pairs or pairs(now)
    if 2 * len(was_pairs & now_pairs) < PAIRS_SHARED * (len(was_pairs) + len(now_pairs)):
        return 0.0
    matcher = SequenceMatcher(None, was, now, autojunk=False)
    if matcher.real_quick_ratio() < ALIKE or matcher.quick_ratio() < ALIKE:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= ALIKE else 0.0


def match_changes(changes: Sequence[dict[str, Any]], lessons: Sequence[ParsedLesson],
                  headings: Sequence[str | None]) -> dict[int, int]:
    """Each change's lesson: {index in ``changes``: index in ``lessons``}; a change like no lesson is left out.

    Args:
        changes: the corrections (``text``, and maybe ``section`` and ``at``), in the order they were made.
        lessons: the lessons as read now.
        headings: the heading of each lesson's section (None for none), as read now.
    """
    taken: dict[int, int] = {}
    used: set[int] = set()
    for c, change in enumerate(changes):  # the very text: the first lesson read with it not yet taken, in order
        found = next((i for i, lesson in enumerate(lessons) if i not in used and lesson.text == change["text"]), None)
        if found is not None:
            taken[c] = found
            used.add(found)
    read = [(text, pairs(text)) for text in (letters(lesson.text) for lesson in lessons)] \
        if len(taken) < len(changes) else []
    scored = sorted((-score, c, i) for c, change in enumerate(changes) if c not in taken
                    for i, score in _candidates(change, read, headings, used))
    for _, c, i in scored:  # the most alike pairs first; of equals, the earlier change, the earlier lesson
        if c not in taken and i not in used:
            taken[c] = i
            used.add(i)
    return taken


def _candidates(change: dict[str, Any], read: Sequence[tuple[str, set[str]]], headings: Sequence[str | None],
                used: set[int]) -> list[tuple[int, float]]:
    """The lessons (by their ``letters`` and character pairs) like a change's, each with its score."""
    was = letters(change["text"])
    was_pairs = pairs(was)
    section = letters(change["section"]) if change.get("section") else None
    out = []
    for i, (now, now_pairs) in enumerate(read):
        score = likeness(was, now, was_pairs, now_pairs) if i not in used else 0.0
        if not score:
            continue
        if section is not None and headings[i] is not None and letters(headings[i] or "") == section:
            score += _SAME_SECTION
        if isinstance(change.get("at"), int):
            score -= _PLACE_WEIGHT * min(abs(change["at"] - i), 40)
        out.append((i, score))
    return out
