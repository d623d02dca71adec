"""Times as people read them: ``<time datetime=...>`` with a readable text made on the server, which a few lines of
JavaScript (web/static/js/app.js) turn into the reader's own time zone and language."""

from __future__ import annotations

from datetime import UTC, datetime

from markupsafe import Markup, escape


def when(value: str | None) -> Markup:
    """A stored time as ``<time>``: a UTC instant (``2026-12-02T20:34:05+00:00``) reads "2026-12-02 20:34 UTC" and
    is marked for localising in the browser; a wall-clock time without a zone (a share session's, as its organiser
    typed it) reads "2026-12-10 14:00" and is left as it is. Text that is not a time is shown escaped."""
    if not value:
        return Markup("")
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return escape(value)
    if moment.tzinfo is None:
        text = moment.strftime("%Y-%m-%d %H:%M") if "T" in value or " " in value else moment.strftime("%Y-%m-%d")
        return Markup('<time datetime="{}">{}</time>').format(value, text)
    moment = moment.astimezone(UTC)
    return Markup('<time class="js-local" datetime="{}">{}</time>').format(
        moment.isoformat(timespec="seconds"), moment.strftime("%Y-%m-%d %H:%M UTC"))
