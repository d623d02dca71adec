"""What the contribute pages' forms send, checked, and what their pages show of an upload: the fields of a
recorded lesson, an uploader's corrections, a refused file's name shortened, uploads of the same name told apart."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from flask import g, request

from kb.errors import InvalidFields, InvalidInput
from kb.fields import date_field, text_field
from kb.models import LessonKind
from kb.store import MAX_TAGS, tag_list
from kb.text import MAX_TAG_LENGTH, normalize_tag, shorten
from web.lesson_titles import derived_title

TEXT_LIMIT = 10_000
# The most characters of the contribute forms' one-line fields (record, upload, publish, metadata): checked here and
# given to their boxes' maxlength (web/app.py: form_limits), so that a box never cuts what the server keeps, nor takes
# what it refuses (the metadata form's project took 300 where its box and every other form took 200).
FORM_LIMITS = {"project": 200, "title": 300, "tags": 1000, "doc_type": 300, "date": 300, "language": 300}
REFUSED_NAME_CHARS = 40


def number_uploads(batches: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Uploads waiting (newest first), each with ``again``: for a file name uploaded more than once, ``(name, n,
    total)``, this upload being its n-th (by time) of ``total`` waiting; "retro.docx" three times, in the same minute,
    could not be told apart."""
    totals = Counter(name for batch in batches for name in set(batch["files"]))
    seen: Counter[str] = Counter()
    for batch in reversed(batches):
        batch["again"] = []
        for name in dict.fromkeys(batch["files"]):
            if totals[name] > 1:
                seen[name] += 1
                batch["again"].append((name, seen[name], totals[name]))
    return batches


def named_shortly(message: str, name: str) -> str:
    """A refusal naming its file in at most REFUSED_NAME_CHARS characters, the extension kept (``a long na….exe``)."""
    if len(name) <= REFUSED_NAME_CHARS or not message.startswith(name):
        return message
    stem, dot, suffix = name.rpartition(".")
    if dot and len(suffix) <= 10:
        short = stem[:REFUSED_NAME_CHARS - len(suffix) - 2].rstrip() + "…." + suffix
    else:
        short = name[:REFUSED_NAME_CHARS - 1].rstrip() + "…"
    return short + message[len(name):]


def stored_project(upload: dict[str, Any], document: dict[str, Any]) -> str | None:
    """The project a document read from an upload is stored under when it is published as the form stands: the
    project typed on the upload form (the publish form's project then, and a correction of every document of the
    file where the first one says otherwise), else the document's own."""
    first = upload["preview"]["documents"][0]
    if upload["project"] and upload["project"] != first["project"]:
        return str(upload["project"])
    return document["project"]


def corrections(preview: dict[str, Any], project: str | None) -> dict[str, str | None]:
    """The metadata fields the uploader changed from what was understood (only those are kept as corrections, so a
    later version of the file still brings its own)."""
    first = preview["documents"][0]
    sent = {"project": project}
    for name in ("title", "doc_type", "date", "language"):
        if name in request.form:
            sent[name] = text_field(request.form.get(name, ""), name, limit=FORM_LIMITS[name]) or None
    if sent.get("date"):  # 2025/03/01 for the file's 2025-03-01 is no correction (it would outlive the file's own)
        sent["date"] = date_field(sent["date"], "date")
    if preview["document_count"] > 1:
        sent.pop("title", None)  # a register: one title per row
    elif "title" in sent and not sent["title"]:  # the form is sent unchecked by the browser (novalidate)
        raise InvalidInput("title is required")
    return {k: v for k, v in sent.items() if (v or None) != (first.get(k) or None)}


def preview_lessons(preview: dict[str, Any]) -> list[dict[str, Any]]:
    """The lessons an upload's page lists, each with its kind (an upload read before lessons were numbered has
    plain texts: shown, not corrected)."""
    out = [{"kind": kind, **(item if isinstance(item, dict) else {"text": item})}
           for kind, items in preview.get("lessons", {}).items() for item in items]
    if preview["document_count"] == 1:  # read before lessons named their document: the file's one
        for lesson in out:
            if "i" in lesson:
                lesson.setdefault("doc", preview["documents"][0]["key"])
    return out


def lesson_corrections(preview: dict[str, Any]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The lessons the uploader corrected on the publish form — a kind changed, a text edited, a lesson removed —
    and, for a file that is one document, those they added (one a line), by the key each document was read with
    (a register's rows are documents of their own); {} when nothing changed. Each change says where its lesson stood
    (section, place), so that a later reading that words it a little differently still finds it.

    Raises:
        InvalidInput: an emptied text (naming the lesson by its start) or an unknown kind.
    """
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for lesson in preview_lessons(preview):
        change = _lesson_change(lesson, f"lesson-{lesson['i']}") if "doc" in lesson else {}
        if change:
            where = {k: lesson[k] for k in ("section", "at") if lesson.get(k) is not None}
            out.setdefault(lesson["doc"], {"changed": [], "added": []})["changed"].append(
                {"text": lesson["text"], **where, **change})
    added = added_lessons() if preview["document_count"] == 1 else []
    if added:
        out.setdefault(preview["documents"][0]["key"], {"changed": [], "added": []})["added"] = added
    return out


def stored_lesson_edits(lessons: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """What the edit form changed of a published document's lessons (its fields name each by id): by lesson id,
    ``kind``, ``new_text`` or ``drop``."""
    edits = {lesson["id"]: _lesson_change(lesson, f"lesson-{lesson['id']}") for lesson in lessons}
    return {lesson_id: edit for lesson_id, edit in edits.items() if edit}


def added_lessons() -> list[dict[str, str]]:
    """The lessons typed into the form's "add lessons" box, one a line, of the kind chosen beside it."""
    kind = request.form.get("added-kind", "lesson")
    typed = request.form.get("added-text", "")
    _check_length(typed)
    typed = text_field(typed, "added-text", limit=TEXT_LIMIT, multiline=True) or ""
    return [{"kind": _kind(kind), "text": line.strip()} for line in typed.splitlines() if line.strip()]


def _lesson_change(lesson: dict[str, Any], prefix: str) -> dict[str, Any]:
    change: dict[str, Any] = {}
    if request.form.get(f"{prefix}-drop"):
        return {"drop": True}
    kind = request.form.get(f"{prefix}-kind", lesson["kind"])
    if kind != lesson["kind"]:
        change["kind"] = _kind(kind)
    if f"{prefix}-text" in request.form:
        start = shorten(lesson["text"], 30)
        typed = request.form[f"{prefix}-text"].strip()
        _check_length(typed, start)
        text = text_field(typed, f"the lesson “{start}”", limit=TEXT_LIMIT, multiline=True)
        if not text:
            raise InvalidInput(f"the lesson “{start}”: its text cannot be empty (tick Remove to leave it out)")
        if text != lesson["text"]:
            change["new_text"] = text
    return change


def _check_length(typed: str, lesson: str | None = None) -> None:
    """Refuse a box's text longer than ``TEXT_LIMIT`` once stripped, saying it as the box's count says it, not as
    "'added-text' is …": ``lesson``, an edited lesson's start, which names it; None, the box of lessons to add."""
    length = len(typed.strip())
    if length <= TEXT_LIMIT:
        return
    if lesson is None:
        raise InvalidInput(f"the lessons to add are a text of {length:,} characters, longer than the {TEXT_LIMIT:,}"
                           " allowed")
    raise InvalidInput(f"the lesson “{lesson}” is a text of {length:,} characters, longer than the {TEXT_LIMIT:,}"
                       " allowed")


def _kind(value: str) -> str:
    if value not in {k.value for k in LessonKind}:
        raise InvalidInput(f"unknown lesson kind {value[:40]!r}")
    return value


def lesson_fields() -> dict[str, Any]:
    """The form's fields, checked, every one: a form sent without its lesson and its project, and with a wrong date,
    said the lesson only, then the project once that was typed, then the date.

    Raises:
        InvalidFields: one message a wrong field, in the form's order, each naming its field.
    """
    form = request.form
    fields: dict[str, Any] = {}
    wrong: list[tuple[str, str]] = []
    for name, check in _LESSON_CHECKS:
        try:
            fields[name] = check(form)
        except InvalidInput as exc:
            wrong.append((name, str(exc)))
    if wrong:
        raise InvalidFields(wrong)
    title = fields.pop("title") or derived_title(fields["lesson"] or "")
    return {"title": title, **fields}


def _text(name: str, required: bool = False, *, limit: int = TEXT_LIMIT,
          multiline: bool = True) -> Callable[[Any], str | None]:
    def check(form: Any) -> str | None:
        text = text_field(form.get(name, ""), name, limit=limit, multiline=multiline) or None
        if required and not text:
            raise InvalidInput(f"{name} is required")
        return text
    return check


def _tags(form: Any) -> list[str]:
    tags = tag_list(text_field(form.get("tags", ""), "tags", limit=FORM_LIMITS["tags"]) or "")
    # "ERP" and "erp" typed are one tag, and so are 数据迁移 and "data migration", as the store's cap counts them
    distinct = g.store.tags_counted(map(normalize_tag, tags))
    if distinct > MAX_TAGS:
        raise InvalidInput(f"'tags': at most {MAX_TAGS} tags on a lesson, not {distinct}")
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise InvalidInput(f"tag '{tag[:40]}' is longer than {MAX_TAG_LENGTH} characters")
    return tags


# the record form's fields in its order (web/templates/record.html), each with its check
_LESSON_CHECKS: list[tuple[str, Callable[[Any], Any]]] = [
    ("driving_event", _text("driving_event")), ("lesson", _text("lesson", required=True)),
    ("recommendation", _text("recommendation")), ("kind", lambda form: _kind(form.get("kind", "lesson"))),
    ("project", _text("project", required=True, limit=FORM_LIMITS["project"], multiline=False)),
    ("date", lambda form: date_field(form.get("date", ""), "date") or date.today().isoformat()),  # 2026/10/15 too
    ("tags", _tags),
    ("title", lambda form: text_field(form.get("title", ""), "title", limit=FORM_LIMITS["title"]) or None),
]
