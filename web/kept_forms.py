"""A form refused (a wrong date, a required field left empty, a change made elsewhere meanwhile) shown again after a
redirect: post/redirect/get. The page answering the POST itself was sent again by a reload, after the browser's
"Confirm Form Resubmission", and answered with the same 400 page.

The refused form (what was typed, the error, the field it is about) is kept in the cookie session for the next GET
of its page (its ``place``), which takes it once: a reload after that shows the page as stored. A browser drops a
cookie past 4,096 bytes, and the login with it, so a form that would not fit (``COOKIE_BYTES``: a lesson or minutes of
a few thousand characters) is answered on the POST's page as before, with its status: the typed text is never lost,
and a reload of that page asks to send the form again (refused again, it comes back the same).

Two tabs refused on one page (session 40's note) share the place: a form kept for one tab is shown in the first of
them to load the page. Not fixed, by choice: it takes the second tab's POST landing between the first tab's POST and
the GET its browser sends at once (milliseconds); a per-redirect id in the address (``?kept=ID``) would part those two,
but not two POSTs that overlap, whose answers each write the whole cookie (the last wins, and a tab's form is lost
either way). Only a server-side store of kept forms, keyed by that id, parts every case; it would need a table (the
server runs several processes) for a case no reader has met, and every refused form's address would change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, redirect, request, session
from werkzeug.wrappers import Response

from web.security import CSRF_FIELD

KEY = "kept_forms"  # the cookie session's key: the refused forms by place, each waiting for its page
# bytes of the signed session cookie's value with the form kept in it: the cookie's name and attributes take the rest
COOKIE_BYTES = 3800


def again(place: str, form: dict[str, Any], url: str,
          answer: Callable[[], tuple[str, int]]) -> Response | tuple[str, int]:
    """Redirect (303) to ``url`` with ``form`` kept for its next GET (``take(place)``); a form too long for the
    cookie session is answered on the POST's page, by ``answer``.

    Args:
        place: the page that shows the form, as its view names it to ``take`` (``"record:KEY"``).
        form: what the page needs to show the form as it was sent (JSON-serialisable).
        url: the page's address.
        answer: the page with the form, and the status, for a form that does not fit in the cookie.
    """
    kept = session.get(KEY) or {}
    # what else the place waits with (an agenda item's form beside its session's) is kept with it; other places'
    # forms, never shown (their redirect not followed), are dropped when the cookie has no room for them
    for places in ({**kept, place: {**kept.get(place, {}), **form}}, {place: form}):
        if fits({**session, KEY: places}):
            session[KEY] = places
            return redirect(url, 303)
    return answer()


def take(place: str) -> dict[str, Any] | None:
    """The form kept for ``place`` (taken: a reload shows the page as stored), on a GET only; None otherwise. A form
    kept for another page waits for it: a POST's error page or another page on the way does not throw it away."""
    kept = session.get(KEY) or {}
    if request.method != "GET" or place not in kept:
        return None
    form = kept.pop(place)
    if kept:
        session[KEY] = kept
    else:
        session.pop(KEY)
    return dict(form)


def sent() -> dict[str, str]:
    """The request's form as a dict of its fields' first values, the CSRF token left out (the page gets a new one)."""
    return {name: value for name, value in request.form.items() if name != CSRF_FIELD}


def sent_lists() -> dict[str, list[str]]:
    """The request's form as a dict of every value of each field (boxes ticked under one name: a digest's tags), the
    CSRF token left out; ``MultiDict(kept)`` reads it as the request's form was read."""
    return {name: values for name, values in request.form.lists() if name != CSRF_FIELD}


def fits(values: dict[str, Any]) -> bool:
    """Whether the cookie session holding ``values`` is within ``COOKIE_BYTES`` (signed, as Flask writes it)."""
    serializer = current_app.session_interface.get_signing_serializer(current_app)  # type: ignore[attr-defined]
    return serializer is not None and len(serializer.dumps(values)) <= COOKIE_BYTES


__all__ = ["COOKIE_BYTES", "again", "fits", "sent", "sent_lists", "take"]
