"""A form refused for its CSRF token (left open overnight, or the session renewed under it): the page says where to
go back to, and, for a form sent from a page of this site, offers what was typed again with a fresh token.

Nothing is written here: sending again is a new POST, checked like any other. The offer is made only when the
Referer is a page of this site, so a forged cross-site POST never comes back as a ready-to-send form of ours; never
for a form with a password (it is not echoed into a page) or a file (a browser cannot re-attach it).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import g, request

from web import i18n
from web.security import CSRF_FIELD
from web.views.common import safe_next

MAX_RESENT_FIELDS = 200  # a form with more fields than any of ours gets the way back only
# The fields a person fills in or chooses, by the label their forms give them (i18n keys); the rest (next, base,
# event, key, …) is the form's own business: sent again, not listed (the page listed "next /review", "ids 1080").
LABELS = {**i18n.FORM_FIELDS, "tag": "tag_name", "email": "email", "name": "name", "old": "rename",
          "new": "rename_to", "sources": "merge", "into": "merge_into", "names": "synonym_names", "ids": "expired_lessons",
          "action": "queue_action", "kind": "facet_kind", "kinds": "interests_kinds", "doc_type": "type",
          "language": "digest_language", "frequency": "frequency", "projects": "interests_projects",
          "tags": "interests_tags"}
# values that are codes, by the words the forms show for them
ACTIONS = {"approve": "approve", "hide": "hide", "tag": "queue_tag_selected", "untag": "queue_untag_selected"}
CODED = {"ids": lambda v: f"#{v}", "action": lambda v: ACTIONS.get(v), "kind": lambda v: f"kind_{v}",
         "kinds": lambda v: f"kind_{v}", "doc_type": lambda v: f"type_{v}", "language": lambda v: f"lang_{v}",
         "frequency": lambda v: f"frequency_{v}"}


def expired_form(home: str) -> dict[str, Any] | None:
    """What the error page offers for a refused form: ``back_url`` (the page that sent it), ``resend_url`` and
    ``fields`` (name, value) to send again, and ``files`` (whether a chosen file is lost); None for any other 400."""
    if not g.get("csrf_refused"):
        return None
    back = _sending_page()
    fields = [(name, value) for name, value in request.form.items(multi=True) if name != CSRF_FIELD]
    resend = back is not None and not request.files and len(fields) <= MAX_RESENT_FIELDS \
        and not any("password" in name.lower() for name, _ in fields)
    return {"back_url": back or home, "resend_url": request.full_path.rstrip("?") if resend else None,
            "fields": fields if resend else [], "typed": _typed(fields) if resend else [],
            "files": bool(request.files)}


def _typed(fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What was sent, as a person reads it: (label, value) for each field a person fills in, in the page's
    language, a field sent several times (lessons ticked) said once, its values joined."""
    lang = g.get("lang", "en")
    shown: dict[str, list[str]] = {}
    for name, value in fields:
        if name not in LABELS or not value.strip():
            continue
        word = value
        if name in CODED:
            key = CODED[name](value)
            if key is None:  # an action of another form (add, remove): the form's business
                continue
            word = key if key.startswith("#") else i18n.translate(key, lang)
        shown.setdefault(name, []).append(word)
    comma = i18n.translate("list_comma", lang)
    return [(i18n.translate(LABELS[name], lang), comma.join(words)) for name, words in shown.items()]


def _sending_page() -> str | None:
    """The page of this site that sent the form (its path and query), or None when the Referer is missing or names
    another site."""
    parts = urlsplit(request.referrer or "")
    if not parts.path or parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return None
    return safe_next(urlunsplit(("", "", parts.path, parts.query, "")), "") or None
