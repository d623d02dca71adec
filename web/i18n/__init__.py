"""The UI in Chinese and English: a switch remembered in a cookie, default from Accept-Language.

The catalogue is assembled from one module an area of the UI (``pages``, ``curation``, ``sessions``, ``digest``,
``contributing``), the lesson kinds and document types of ``kb.models`` and the errors of ``web.error_text``; a key
defined in two of them stops the import, naming the key.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import Request
from markupsafe import Markup

from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS
from kb.wording import say
from web.error_text import ERRORS, error_text
from web.i18n import contributing, curation, digest, pages, sessions

LANGUAGES = ("zh", "en")
COOKIE = "kb_lang"


def assembled(*parts: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    """One catalogue of several, in order. A key in two of them is a mistake (the later one would silently win).

    Raises:
        ValueError: naming the keys defined more than once.
    """
    whole: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = whole.keys() & part.keys()
        if twice:
            raise ValueError(f"message keys defined twice: {', '.join(sorted(twice))}")
        whole.update(part)
    return whole


# key -> (English, Chinese). Lesson kinds and document types are named once, in kb.models; errors are shown through
# web.error_text, which matches the code's English to them.
MESSAGES: dict[str, tuple[str, str]] = assembled(
    pages.MESSAGES, curation.MESSAGES, sessions.MESSAGES, digest.MESSAGES, contributing.MESSAGES,
    {f"kind_{kind.value}": labels for kind, labels in LESSON_KIND_LABELS.items()},
    {f"type_{doc_type.value}": labels for doc_type, labels in DOC_TYPE_LABELS.items()},
    ERRORS,
)


# A form's fields by the name the store's messages give them ('scheduled_at': ...), and the message key of the label
# the form shows beside each.
FORM_FIELDS = {"title": "title", "theme": "theme", "scheduled_at": "when", "location": "location",
               "presenters": "presenters", "audience": "audience", "description": "description",
               "presenter": "item_presenter", "starts_at": "item_starts", "duration_minutes": "item_length",
               "note": "note", "minutes": "minutes", "driving_event": "field_driving_event", "lesson": "field_lesson",
               "recommendation": "field_recommendation", "project": "project", "date": "date",
               # the digest's sign-up, subscription and subscribers' forms
               "email": "email", "name": "name", "more_tags": "more_tags_field", "tags": "interests_tags",
               "projects": "interests_projects", "kinds": "interests_kinds",
               # the tag forms (a document's or a lesson's, and /tags: rename, merge)
               "tag": "tag_name", "new": "new_tag_name", "into": "kept_tag"}


def field_error(message: str, lang: str) -> str:
    """An error about a field of a form, in a language, the field called as the form calls it ("Date and time:
    '下周二下午' is not a date and time ..."), not by its name in the code ('scheduled_at')."""
    required = re.fullmatch(r"(\w+) is required", message)  # "project is required": the form's word, not the code's
    if required and required.group(1) in FORM_FIELDS:
        return error_text(f"{translate(FORM_FIELDS[required.group(1)], lang)} is required", lang)
    named = re.match(r"'(\w+)'", message)  # a form field: called by its label below, not as an address parameter
    text = error_text(message, lang, param_names=not (named and named.group(1) in FORM_FIELDS))
    found = re.match(r"['“](\w+)['”]", text)  # “scheduled_at” in Chinese (error_text quotes values so)
    if found is None or found.group(1) not in FORM_FIELDS:
        return text
    rest = text[found.end():]
    if lang == "zh":  # a Chinese label runs on into the sentence: 日期无效, not 日期 无效
        rest = rest.lstrip(" ")
    return translate(FORM_FIELDS[found.group(1)], lang) + rest


# Whole messages of the store that are about one field without naming it as a form does: a share session sent
# without a title came back with the focus on the message above the form, not in the field to type it in.
FIELD_OF_MESSAGE = {"a share session needs a title": "title", "the title cannot be empty": "title"}


def error_field(message: str | None) -> str | None:
    """The form field an error is about, by its name in the form ("project is required", "'date' is invalid: ..."),
    or None: the page puts the focus there, where the reader has to type (a form sent without its project came back
    with the focus nowhere, the field below three others on a phone)."""
    if message in FIELD_OF_MESSAGE:
        return FIELD_OF_MESSAGE[message]
    found = re.fullmatch(r"(\w+) is required", message or "") or re.match(r"'(\w+)'", message or "")
    return found.group(1) if found and found.group(1) in FORM_FIELDS else None


def translate(key: str, lang: str, **values: object) -> str:
    """The message in a language, with {placeholders} filled; an unknown key shows itself. Where a count is 1 and
    the message has a ``KEY_one`` form, that form ("1 relevant document", not "1 relevant documents")."""
    return say(MESSAGES, key, lang, **values)


def lang_attr(code: str | None) -> Markup:
    """A ` lang` attribute for text in a known language (a screen reader then reads it in that language's voice);
    nothing for mixed or unknown text, which takes the page's language."""
    return Markup(f' lang="{code}"') if code in LANGUAGES else Markup("")


def pick_language(request: Request) -> str:
    """The cookie if set, else the best match of Accept-Language, else English."""
    chosen = request.cookies.get(COOKIE)
    if chosen in LANGUAGES:
        return chosen
    best = request.accept_languages.best_match(["zh", "zh-CN", "zh-TW", "en"], default="en")
    return "zh" if best and best.startswith("zh") else "en"
