"""An uploader's corrections of the lessons read from their document, kept with its corrected metadata.

They are kept as the ``lessons`` field of a document's corrections (``document_overrides``) and applied whenever the
document is stored again, as its corrected title is: a lesson is named by the text it was read with, so a re-read
that finds the same lesson (the same file, the same rules) corrects it again, and one the rules no longer find is left
alone. The shape::

    {"changed": [{"text": "as read", "kind": "root_cause", "new_text": "as corrected", "drop": true}, ...],
     "added": [{"kind": "lesson", "text": "a lesson the reading missed"}, ...]}

where a change carries any of ``kind``, ``new_text`` and ``drop`` (a lesson that is no lesson: left out).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kb.errors import InvalidInput
from kb.models import LessonKind, ParsedLesson

MAX_LESSON_CHARS = 10_000
MAX_CORRECTIONS = 1_000
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
    if change.get("kind") is not None:
        out["kind"] = _kind(change["kind"])
    if change.get("new_text") is not None:
        out["new_text"] = _text(change["new_text"])
    if change.get("drop"):
        out["drop"] = True
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


def apply_lesson_corrections(lessons: list[ParsedLesson], corrections: dict[str, Any]) -> list[ParsedLesson]:
    """The lessons as corrected: each change applied to the first lesson read with its text (in order, once), the
    dropped ones left out, the added ones after the rest."""
    pending = list(corrections.get("changed") or [])
    out = []
    for lesson in lessons:
        change = next((c for c in pending if c["text"] == lesson.text), None)
        if change is None:
            out.append(lesson)
            continue
        pending.remove(change)
        if not change.get("drop"):
            out.append(_changed(lesson, change))
    out += [ParsedLesson(kind=LessonKind(a["kind"]), text=a["text"]) for a in corrections.get("added") or []]
    return out


def _changed(lesson: ParsedLesson, change: dict[str, Any]) -> ParsedLesson:
    kind = LessonKind(change["kind"]) if change.get("kind") else lesson.kind
    text = change.get("new_text") or lesson.text
    # the lesson part that was the whole text follows it (a register row's parts are its own)
    part = text if lesson.lesson == lesson.text else lesson.lesson
    return replace(lesson, kind=kind, text=text, lesson=part)
