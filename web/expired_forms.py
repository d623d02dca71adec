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

from web.security import CSRF_FIELD
from web.views.common import safe_next

MAX_RESENT_FIELDS = 200  # a form with more fields than any of ours gets the way back only


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
            "fields": fields if resend else [], "typed": [f for f in fields if f[1].strip()] if resend else [],
            "files": bool(request.files)}


def _sending_page() -> str | None:
    """The page of this site that sent the form (its path and query), or None when the Referer is missing or names
    another site."""
    parts = urlsplit(request.referrer or "")
    if not parts.path or parts.netloc != request.host or parts.scheme not in ("http", "https"):
        return None
    return safe_next(urlunsplit(("", "", parts.path, parts.query, "")), "") or None
