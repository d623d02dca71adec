"""An uploader's corrections of the lessons read from their document, kept with its corrected metadata.

They are kept as the ``lessons`` field of a document's corrections (``document_overrides``) and applied whenever the
document is stored again, as its corrected title is: a lesson is named by the text it was read with, so a re-read
that finds the same lesson (the same file, the same rules) corrects it again, and one the rules no longer find is left
alone. The shape::

    {"changed": [{"text": "as read", "section": "its heading", "at": 3,
                  "kind": "root_cause", "new_text": "as corrected", "drop": true}, ...],
     "added": [{"kind": "lesson", "text": "a lesson the reading missed"}, ...]}

where a change carries any of ``kind``, ``new_text`` and ``drop`` (a lesson that is no lesson: left out), and may say
where the lesson stood when it was corrected (its section's heading, its place among the document's lessons as read).
A re-read that gives the lesson's text a little differently (a new parser version) still finds it
(``kb.store.lesson_matching``), and the change then names it by its new text; a change that finds no lesson is kept,
marked ``"unmatched": true`` (the document's Edit page and ``kb errors`` list it), and applies again if the lesson
comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from kb.errors import InvalidInput
from kb.models import LessonKind, ParsedLesson
from kb.store.lesson_matching import match_changes

MAX_LESSON_CHARS = 10_000
MAX_CORRECTIONS = 1_000
MAX_HEADING_CHARS = 300
_KINDS = {k.value for k in LessonKind}


def check_lesson_corrections(value: Any) -> dict[str, list[dict[str, Any]]]:
    """Lesson corrections, validated.

    Raises:
        InvalidInput: a correction the store cannot keep, saying which and why.
    """
    if not isinstance(value, dict) or set(value) - {"changed", "added"}:
        raise InvalidInput("lesson corrections must name 'changed' and 'added' lessons")
    changed = [_checked_change(c) for c in _listed(value.get("changed"), "changed")]
    added = [_checked_addition(a) for a in _listed(value.get("added"), "added")]
    return {"changed": changed, "added": added}


def _listed(value: Any, name: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_CORRECTIONS:
        raise InvalidInput(f"'{name}' lessons must be a list of at most {MAX_CORRECTIONS}")
    return value


def _checked_change(change: Any) -> dict[str, Any]:
    if not isinstance(change, dict) or not isinstance(change.get("text"), str) or not change["text"].strip():
        raise InvalidInput("a changed lesson names the text it was read with")
    out: dict[str, Any] = {"text": change["text"]}
    if isinstance(change.get("section"), str) and change["section"].strip():
        out["section"] = change["section"].strip()[:MAX_HEADING_CHARS]
    if isinstance(change.get("at"), int) and not isinstance(change["at"], bool) and change["at"] >= 0:
        out["at"] = change["at"]
    if change.get("kind") is not None:
        out["kind"] = _kind(change["kind"])
    if change.get("new_text") is not None:
        out["new_text"] = _text(change["new_text"])
    if change.get("drop"):
        out["drop"] = True
    if change.get("unmatched"):
        out["unmatched"] = True
    return out


def _checked_addition(addition: Any) -> dict[str, Any]:
    if not isinstance(addition, dict):
        raise InvalidInput("an added lesson has a kind and a text")
    return {"kind": _kind(addition.get("kind")), "text": _text(addition.get("text"))}


def _kind(value: Any) -> str:
    if value not in _KINDS:
        raise InvalidInput(f"unknown lesson kind {str(value)[:40]!r}")
    return str(value)


def _text(value: Any) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidInput("a lesson's text cannot be empty")
    if len(text) > MAX_LESSON_CHARS:
        raise InvalidInput(f"a lesson is longer than {MAX_LESSON_CHARS:,} characters")
    return text


@dataclass(frozen=True)
class Corrected:
    """A document's lessons as corrected, and its changes as they now stand: each naming its lesson by the text it
    was read with this time, or marked ``unmatched``."""

    lessons: list[ParsedLesson]
    changes: list[dict[str, Any]]

    @property
    def unmatched(self) -> list[dict[str, Any]]:
        """The changes that found no lesson."""
        return [c for c in self.changes if c.get("unmatched")]


def correct_lessons(lessons: list[ParsedLesson], corrections: dict[str, Any],
                    headings: Sequence[str | None] | None = None) -> Corrected:
    """The lessons as corrected: each change applied to its lesson (``kb.store.lesson_matching``: the one read with
    its text, else the one most like it), the dropped ones left out, the added ones after the rest.

    Args:
        lessons: the lessons as read.
        corrections: the document's lesson corrections (``check_lesson_corrections``).
        headings: each lesson's section heading as read (None where it has none), to tell alike lessons apart.
    """
    changes = list(corrections.get("changed") or [])
    found = match_changes(changes, lessons, headings or [None] * len(lessons))
    by_lesson = {i: changes[c] for c, i in found.items()}
    out = []
    for i, lesson in enumerate(lessons):
        change = by_lesson.get(i)
        if change is None:
            out.append(lesson)
        elif not change.get("drop"):
            out.append(_changed(lesson, change))
    out += [ParsedLesson(kind=LessonKind(a["kind"]), text=a["text"]) for a in corrections.get("added") or []]
    return Corrected(out, [_restated(change, lessons[found[c]] if c in found else None)
                           for c, change in enumerate(changes)])


def _restated(change: dict[str, Any], lesson: ParsedLesson | None) -> dict[str, Any]:
    """A change naming the lesson it was matched to by that lesson's text now; unmatched when there is none."""
    out = {k: v for k, v in change.items() if k != "unmatched"}
    if lesson is None:
        return {**out, "unmatched": True}
    out["text"] = lesson.text
    if out.get("new_text") == lesson.text:  # the re-read says it as the uploader did
        out.pop("new_text")
    return out


def unmatched_message(key: str, change: dict[str, Any]) -> str:
    """The warning for a correction that found no lesson when its document was read again."""
    what = "remove it" if change.get("drop") else "; ".join(
        part for part in (f"kind {change['kind']}" if change.get("kind") else "",
                          f"text “{_start(change['new_text'])}”" if change.get("new_text") else "") if part)
    return (f"{key}: a correction of the lesson “{_start(change['text'])}” ({what or 'no change'}) matches no lesson "
            "read from the file now; it is kept: correct the lesson again on the document's Edit page, or forget it "
            "there")


def _start(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def apply_lesson_corrections(lessons: list[ParsedLesson], corrections: dict[str, Any]) -> list[ParsedLesson]:
    """The lessons as corrected (``correct_lessons``, without the headings)."""
    return correct_lessons(lessons, corrections).lessons


def _changed(lesson: ParsedLesson, change: dict[str, Any]) -> ParsedLesson:
    kind = LessonKind(change["kind"]) if change.get("kind") else lesson.kind
    text = change.get("new_text") or lesson.text
    # the lesson part that was the whole text follows it (a register row's parts are its own)
    part = text if lesson.lesson == lesson.text else lesson.lesson
    return replace(lesson, kind=kind, text=text, lesson=part)
