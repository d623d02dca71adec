"""Authentication, roles, CSRF and security headers."""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, g, request, session

from kb.store import SCOPE_READ, Role

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SESSION_KEY = "sid"  # the cookie's random session id (the store keeps its hash)
# What the page's own script is told of a form it sent with an expired token, with a fresh one (web/app.py): the
# field keeps what was typed, where "reload the page and try again" lost it (the page is left as it was; a form
# from another site cannot send the header that asks for this, nor read the answer)
CSRF_RENEWED = ("the page's form had expired (the page was open a long time, or you logged in again); it is renewed "
                "and what you typed is kept: send it again")
LOG_IN_WITH_TOKEN = "log in first: send an API token as 'Authorization: Bearer TOKEN' (an admin makes one: kb user token NAME)"


def wants_json() -> bool:
    """API paths, a client that sends an API token (a script, on any path), or one that prefers JSON to HTML: their
    errors, and the login page's answer, are JSON."""
    if request.path.startswith("/api/") or request.headers.get("Authorization", "").lower().startswith("bearer "):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def csrf_token() -> str:
    """This session's CSRF token (created on first use)."""
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Refuse a state-changing request without the session's token (API calls with a bearer token are exempt)."""
    if request.method not in UNSAFE_METHODS or getattr(g, "token_auth", False):
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "csrf_exempt", False):
        return
    sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD, "")
    expected = session.get("csrf")
    if not expected or not sent or not hmac.compare_digest(str(sent), str(expected)):
        if g.user is None and request.path.startswith("/api/"):  # every API write needs a role: a client without a
            _log_in_first()  # token is told so, not that a form it never saw has expired
        if g.user is None and request.endpoint == "auth.login" and wants_json():  # a script's login with no form
            abort(401, description=LOG_IN_WITH_TOKEN)
        g.csrf_refused = True  # the error page offers the way back to the form (web/expired_forms.py)
        abort(400, description="the form has expired or did not come from this site (CSRF token missing or "
                               "invalid); reload the page and try again")


def _log_in_first() -> None:
    """401 for a request without a user; a script that sent its token in another scheme than Bearer ("token ...",
    as some APIs take it, or "Basic") is told how to send it (such a header is otherwise ignored: a proxy's Basic
    login may pass it on to every request)."""
    _log_in_first_if_other_scheme()
    abort(401, description="log in first")


def _log_in_first_if_other_scheme() -> None:
    """401 saying to send the token as Bearer, for an API request whose Authorization names another scheme; one that
    is a bare value (a token sent without a scheme) is not echoed: it is the credential itself."""
    words = request.headers.get("Authorization", "").split()
    if words and request.path.startswith("/api/"):
        if len(words) == 1:
            abort(401, description="log in first: send an API token as 'Authorization: Bearer TOKEN' (this request's "
                                   "Authorization is one word, not a scheme and a token)")
        abort(401, description=f"log in first: send an API token as 'Authorization: Bearer TOKEN' (this request's "
                               f"Authorization is '{words[0][:20]} …')")


def load_user() -> None:
    """Set g.user from an API bearer token or the web session the cookie names (a row in the store, so logging out,
    a password change or disabling the account ends it at once)."""
    g.user = None
    g.token_auth = False
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        g.user, g.token_auth = _token_user(header[7:].strip()), True
        return
    if "user_id" in session:  # a cookie from before server-side sessions: that login is over
        session.pop("user_id")
    session_id = session.get(SESSION_KEY)
    if session_id:
        g.user = g.store.session_user(str(session_id), current_app.permanent_session_lifetime)
        if g.user is None:
            session.pop(SESSION_KEY, None)


def _token_user(token: str) -> dict[str, Any]:
    """The user of a bearer token: 401 for a token that is not valid or has expired (saying so, and when), 403 for a
    read-only token's write (naming its scope: the role's own 403 would say what it lacks, not why)."""
    user = g.store.user_for_token(token)
    if user is None:
        abort(401, description="the API token is not valid")
    if user["expired"]:
        abort(401, description=f"the API token expired at {user['expires_at']}; ask for a new one "
                               "('kb user token NAME')")
    if user["scope"] == SCOPE_READ and request.method in UNSAFE_METHODS:
        abort(403, description=f"this API token's scope is 'read': it may read, not write "
                               f"({request.method} {request.path[:80]})")
    return user


def start_session(user: dict[str, Any]) -> None:
    """Log a user in: a new session id in a fresh cookie (no id chosen before the login survives it)."""
    end_session()
    session[SESSION_KEY] = g.store.start_session(user["id"], current_app.permanent_session_lifetime,
                                                 request.remote_addr)
    session.permanent = True


def end_session() -> None:
    """Log out: the session ends in the store, so a copy of the cookie is worth nothing after it."""
    session_id = session.get(SESSION_KEY)
    if session_id:
        g.store.end_session(str(session_id))
    session.clear()


def role() -> Role | None:
    """The current user's role (None when anonymous)."""
    return Role(g.user["role"]) if g.user else None


def can(needed: Role) -> bool:
    """Whether the current user has at least a role."""
    current = role()
    return current is not None and current.at_least(needed)


def require(needed: Role) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view decorator: 401 for anonymous visitors, 403 for users without the role."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if g.user is None:
                _log_in_first()
            if not can(needed):
                abort(403, description=f"this needs the {needed.value} role")
            return view(*args, **kwargs)

        wrapped.required_role = needed  # type: ignore[attr-defined]
        return wrapped

    return decorate


def require_reader_access() -> None:
    """When anonymous reading is off, everything but logging in needs an account."""
    if current_app.config["KB_SETTINGS"].allow_anonymous or g.user is not None:
        return
    if request.endpoint in ("auth.login", "auth.language", "static", "favicon", "digest.unsubscribe",
                            "digest.confirm", "digest.manage", "digest.subscribe") or request.endpoint is None:
        return
    if request.path.startswith("/api/"):  # a script's token sent as 'token …' or 'Basic …' was told only to log in
        _log_in_first_if_other_scheme()
    abort(401, description="log in to read the knowledge base")


def security_headers(response: Any) -> Any:
    """No inline scripts, no framing, no sniffing: document HTML can never run code here."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config["KB_SETTINGS"].secure_cookies:  # served over HTTPS (the setting says so): browsers keep to it
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if g.get("user") is not None and "Cache-Control" not in response.headers:  # a logged-in user's pages (a curator's
        # subscriber addresses, hidden lessons) are kept by no cache: not shown again by Back after logging out on a
        # shared computer, not stored by a proxy; anonymous pages and static files stay cacheable
        response.headers["Cache-Control"] = "no-store"
    return response
