"""A share session's agenda to take away: Markdown, a spreadsheet, a calendar invitation and a print view. Read-only
pages for whoever may see the session, under its address (/sessions/3/agenda.md); editing it is web/views/sessions.py."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, Response, g, render_template, request, url_for

from kb import export
from web import agenda_files
from web.views.common import visible_session

_MOBILE = re.compile(r"Mobile|Android|iPhone|iPad|iPod|HarmonyOS|Windows Phone")  # (an iPad asking as a Mac: ⌘P)

bp = Blueprint("session_files", __name__, url_prefix="/sessions")


@bp.get("/<id:session_id>/agenda.md")
def markdown(session_id: int) -> Response:
    """The agenda as Markdown (every user string escaped: see web/markdown_text.py)."""
    text = agenda_files.markdown(visible_session(session_id, export=True), g.lang)
    filename = f"share-session-{session_id}.md"
    return Response(text, content_type="text/markdown; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/<id:session_id>/agenda.<any(csv, xlsx):fmt>")
def spreadsheet(session_id: int, fmt: str) -> Response:
    """The agenda as a spreadsheet, one row an item (as ``kb session show --format xlsx``, which alone made it: a
    curator without the shell had Markdown, a print view and a calendar invitation, and no spreadsheet)."""
    session = visible_session(session_id, export=True)
    rows = export.agenda_rows(session, g.settings.base_url)
    body = export.spreadsheet(fmt, export.AGENDA_COLUMNS, rows, g.lang)
    return Response(body, content_type=export.MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="share-session-{session_id}.{fmt}"'})


@bp.get("/<id:session_id>/invitation.ics")
def invitation(session_id: int) -> Response:
    """The session as a calendar invitation (RFC 5545)."""
    session = visible_session(session_id, export=True)
    # the link and the UID name the configured site (base_url), as the e-mails' links do, not whichever host name
    # this download came through: behind a proxy that is its upstream (127.0.0.1:5000), which no attendee can open;
    # and a calendar that imports the invitation again updates its event instead of adding a second one
    url = f"{g.settings.base_url.rstrip('/')}{url_for('sessions.show', session_id=session_id)}"
    host = urlsplit(g.settings.base_url).hostname or request.host.split(":")[0] or "localhost"
    text = agenda_files.invitation(session, g.lang, url=url, host=host, zone=g.settings.time_zone)
    return Response(text.encode("utf-8"), content_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="share-session-{session_id}.ics"'})


@bp.get("/<id:session_id>/print")
def printable(session_id: int) -> str:
    """A print-friendly agenda, with a Print button (print.js) and how to print said for the device: "Ctrl+P" was
    said on a phone too, which has no keyboard to press it on."""
    return render_template("agenda_print.html", session=visible_session(session_id, export=True),
                           print_hint=print_hint_key(request.user_agent.string))


def print_hint_key(user_agent: str) -> str:
    """The words for how to print on the visitor's device: a phone's or tablet's browser menu, ⌘P on a Mac,
    Ctrl+P elsewhere (Windows, Linux, ChromeOS)."""
    if _MOBILE.search(user_agent):
        return "print_hint_phone"
    return "print_hint_mac" if "Macintosh" in user_agent else "print_hint"
