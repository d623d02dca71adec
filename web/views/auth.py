"""Logging in and out, and the language switch."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from kb.text import has_line_breakers
from web import i18n, security, throttle
from web.security import wants_json
from web.views.common import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | str:
    """Log in; repeated failures for a name or from an address are throttled (web.throttle: not for a client that
    logged in as that user before); one message for every failure."""
    next_url = safe_next(request.values.get("next"), url_for("search.home"))
    if request.method != "POST":  # GET, and HEAD (which Flask routes here too): never a login attempt
        if wants_json():  # a script is told how it logs in, not given a form
            abort(401, description=security.LOG_IN_WITH_TOKEN)
        return render_template("login.html", next=next_url, error=None)
    name = request.form.get("username", "").strip()[:64]
    if (not name or not request.form.get("password")) and not wants_json():  # sent unchecked by the browser: no attempt
        return make_response(render_template("login.html", next=next_url, error=i18n.translate("login_fill_in", g.lang),
                                             username=name), 400)
    if has_line_breakers(name):  # no account has such a name; never store it in the login log
        name = ""
    password = request.form.get("password", "")[:1024]
    address = request.remote_addr
    if throttle.is_throttled(name, address):
        return _refused(429, "login_throttled", next_url, name)
    user = g.store.authenticate(name, password) if name and password else None
    g.store.record_login(name or "-", address, user is not None)
    if user is None:
        return _refused(401, "login_failed", next_url, name)
    security.start_session(user)
    if wants_json():  # a script that logs in with a form: who it is, and the token its writes send
        answer = jsonify({"ok": True, "user": {"name": user["name"], "role": user["role"]},
                          "csrf_token": security.csrf_token()})
        return throttle.remember_device(answer, name)
    return throttle.remember_device(redirect(next_url), name)


def _refused(status: int, key: str, next_url: str, name: str) -> Response:
    """A failed or throttled login: the form again with why, or to a JSON client the API's error (in English, as
    every API error; translated on the page's language as the others)."""
    minutes = throttle.WINDOW_MINUTES
    wait = {"retry_after": throttle.RETRY_AFTER} if status == 429 else {}  # seconds, a throttled client's Retry-After
    if wants_json():  # web/app.py's error handler sends abort's retry_after as the header
        abort(status, description="wrong user name or password" if status == 401 else
              f"too many failed attempts: try again in {minutes} minutes", **wait)
    error = i18n.translate(key, g.lang, minutes=minutes)
    headers = {"Retry-After": str(throttle.RETRY_AFTER)} if wait else {}
    return make_response(render_template("login.html", next=next_url, error=error, username=name), status, headers)


@bp.post("/logout")
def logout() -> Response:
    """Log out (the session ends on the server too)."""
    security.end_session()
    flash(i18n.translate("logged_out", g.lang))  # the page after it looks like any other: say it happened
    return redirect(url_for("search.home"))


@bp.get("/lang/<code>")
def language(code: str) -> Response:
    """Switch the UI language (remembered for a year)."""
    target = safe_next(request.args.get("next"), url_for("search.home"))
    response = make_response(redirect(target))
    if code in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=g.settings.secure_cookies)  # as the session cookie (behind TLS: never in clear)
    return response
