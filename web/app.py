"""The Flask app factory: settings, one SQLite connection per request, blueprints, errors, security."""

from __future__ import annotations

import re
import secrets
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from flask import Flask, abort, current_app, g, jsonify, make_response, render_template, request, url_for
from markupsafe import Markup, escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed, TooManyRequests
from werkzeug.exceptions import NotFound as NotFound404

from kb.agenda import MAX_ITEM_MINUTES
from kb.errors import ConfigError, InvalidInput, KBError, NotFound
from kb.secret_key import secret_key_path, with_secret_key
from kb.settings import Settings, load_settings
from kb.store import CURATION_LIMITS, SESSION_LIMITS, Store
from kb.text import title_repeats
from kb.wording import number
from web import agenda_files, expired_forms, i18n, markdown_text, security, times
from web.error_text import ERRORS, error_text, match, shorten_values, warning_text
from web.forms import LineEndRequest
from web.row_ids import RowId, missing_record
from web.security import wants_json
from web.session_choices import option_label, sessions_holding
from web.views import (
    api,
    api_changes,
    auth,
    contribute,
    curation,
    digest,
    documents,
    queue,
    search,
    session_files,
    sessions,
)
from web.views.common import document_title, export_url, filter_values, person, safe_next
from web.views.contribute_forms import FORM_LIMITS, TEXT_LIMIT

RETURN_PATH_MAX = 8192  # characters of a page's address kept in its "come back here" links


def check_settings(settings: Settings) -> Settings:
    """The settings with the secret key read from its file where none is set (``kb serve`` asks before starting
    workers).

    Raises:
        ConfigError: settings the web app cannot run with (no secret key outside debug mode).
    """
    settings = with_secret_key(settings)
    if not settings.secret_key and not settings.debug:
        raise ConfigError(f"the web app needs a secret key: run 'kb init' to make {secret_key_path(settings)}, or "
                          "set KB_SECRET_KEY (or secret_key in kb.toml)")
    return settings


def create_app(settings: Settings | None = None) -> Flask:
    """Build the web app.

    Raises:
        ConfigError: no secret key outside debug mode.
        StoreError: the database does not exist yet (``kb init`` or ``kb ingest`` makes it).
    """
    settings = check_settings(settings or load_settings())
    # run pending migrations once, not per request; a missing database is an error, as in the CLI's read commands
    # (a mistyped --db or a run from another folder must not serve, and leave behind, a new empty database)
    Store(settings.db, create=False).close()
    app = Flask(__name__)
    app.url_map.converters["id"] = RowId  # a record's row id, or what the address has there instead
    app.url_map.strict_slashes = False  # /sessions/ typed or pasted is /sessions, not a 404
    app.config.update(
        SECRET_KEY=settings.secret_key or secrets.token_hex(32),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        SESSION_COOKIE_NAME="kb_session",
        MAX_CONTENT_LENGTH=settings.max_request_kb * 1024,
        JSON_AS_ASCII=False,
        KB_SETTINGS=settings,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.request_class = LineEndRequest  # a textarea's CR LF read as LF (web/forms.py)
    for blueprint in (search.bp, documents.bp, curation.bp, sessions.bp, session_files.bp, auth.bp, api.bp, digest.bp, queue.bp, contribute.bp,
                      queue.api_bp, api_changes.bp):
        app.register_blueprint(blueprint)
    # where a browser looks for an icon on what names none (the print view, JSON and files opened in a tab)
    app.add_url_rule("/favicon.ico", "favicon", lambda: app.send_static_file("img/favicon.svg"))
    app.before_request(_before)
    app.teardown_appcontext(_close_store)
    app.after_request(security.security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(KBError, _domain_error)
    app.context_processor(_template_globals)
    app.jinja_env.filters["kind_label"] = lambda kind: _t(f"kind_{kind}") if kind else ""
    app.jinja_env.filters["type_label"] = lambda t: _t(f"type_{t}") if t else ""
    app.jinja_env.filters["lang_label"] = lambda code: _t(f"lang_{code}") if code else ""
    app.jinja_env.filters["lang_attr"] = i18n.lang_attr
    app.jinja_env.filters["error_text"] = lambda message: error_text(str(message), g.get("lang", "en"))
    app.jinja_env.filters["warning_text"] = lambda warning: warning_text(warning, g.get("lang", "en"))
    app.jinja_env.filters["field_error"] = lambda message: i18n.field_error(str(message), g.get("lang", "en"))
    app.jinja_env.filters["error_field"] = i18n.error_field  # the field a form's error names: focused, marked invalid
    app.jinja_env.filters["when"] = times.when
    app.jinja_env.tests["repeated_in"] = title_repeats  # a recorded lesson's title, its own text: said once
    app.jinja_env.tests["recorded"] = contribute.is_recorded  # a document key: a lesson recorded on the site
    app.jinja_env.filters["doc_title"] = document_title
    app.jinja_env.globals["lesson_text_limit"] = TEXT_LIMIT  # a lesson's text boxes, counted
    app.jinja_env.globals["form_limits"] = FORM_LIMITS  # the contribute forms' one-line fields
    app.jinja_env.globals["session_limits"] = SESSION_LIMITS  # a share session's and its items' fields
    app.jinja_env.globals["curation_limits"] = CURATION_LIMITS  # a tag typed, a hidden lesson's reason
    app.jinja_env.globals["max_item_minutes"] = MAX_ITEM_MINUTES
    app.jinja_env.filters["person"] = person  # a login name as the header shows its user: the display name
    app.jinja_env.filters["option_label"] = option_label  # a share session in the "add to session" list
    app.jinja_env.globals["sessions_holding"] = sessions_holding  # which of them already have a lesson
    app.jinja_env.globals["filter_values"] = filter_values  # a filter's values as applied (the chips)
    app.jinja_env.filters["number"] = number  # an amount with thousands separators, as the digest and CLI write it
    app.jinja_env.filters["names"] = lambda items: _t("list_comma").join(items)  # 张伟、李娜 in Chinese
    # a curator's "items 3 and 4 without a length" (agenda.md says it too)
    app.jinja_env.filters["untimed_note"] = lambda session: agenda_files.untimed_note(session, _t)
    app.jinja_env.filters["colon"] = lambda label: f"{label}{_t('colon')}"
    # the brackets are ours, the text is escaped once (already-safe Markup is kept as it is)
    app.jinja_env.filters["parens"] = lambda text: Markup(_t("parens", text=escape(text)))
    app.jinja_env.globals["t_html"] = _t_html  # a message around markup: a <time> the browser localises
    app.jinja_env.filters["aside"] = lambda text: Markup(_t("after_parens", text=escape(text)))  # after a word
    app.jinja_env.filters["md"] = markdown_text.escape
    app.jinja_env.filters["md_line"] = markdown_text.escape_line
    app.jinja_env.filters["md_code"] = markdown_text.code
    return app


def _before() -> None:
    settings: Settings = g.settings if "settings" in g else _settings()
    g.settings = settings
    g.store = Store(settings.db, create=False, migrate=False)
    g.lang = i18n.pick_language(request)
    security.load_user()
    if request.environ.get("kb.body_refused"):  # kb serve refused the body unread (web/worker.py, _RefusedBody)
        abort(413)
    _check_url_length(settings)
    security.require_reader_access()
    if isinstance(request.routing_exception, (NotFound404, MethodNotAllowed)):  # before CSRF: PUT / said "the form
        raise request.routing_exception  # has expired", a POST to no page too; 405 and 404 say what is wrong
    missing = missing_record(request.view_args)  # /lessons/abc: "no lesson 'abc'", before CSRF as a 404 was
    if missing:
        abort(404, description=missing)
    security.check_csrf()


def _check_url_length(settings: Settings) -> None:
    """414 for an address (path and query) longer than ``max_url_kb``; ``kb serve`` refuses much longer request
    lines itself, before reading them whole."""
    environ = request.environ
    if len(environ.get("PATH_INFO", "")) + len(environ.get("QUERY_STRING", "")) > settings.max_url_kb * 1024:
        abort(414, description=_t("url_too_long", kb=settings.max_url_kb))


def _settings() -> Settings:
    return current_app.config["KB_SETTINGS"]


def _close_store(exc: BaseException | None) -> None:
    store = g.pop("store", None)
    if store is not None:
        store.close()


def _t(key: str, **values: Any) -> str:
    return i18n.translate(key, g.get("lang", "en"), **values)


def _t_html(key: str, **values: Any) -> Markup:
    """A message holding markup (a ``<time>``): its texts escaped once, its Markup kept (``t`` would show the tag)."""
    return Markup(_t(key, **{name: escape(value) if isinstance(value, str) else value
                             for name, value in values.items()}))


def _template_globals() -> dict[str, Any]:
    from kb.store import Role

    return {"t": _t, "lang": g.get("lang", "en"), "user": g.get("user"), "csrf_token": security.csrf_token,
            "export_url": export_url,
            "can_curate": security.can(Role.CURATOR), "is_admin": security.can(Role.ADMIN), "here": _here(),
            "can_contribute": security.can(Role.CONTRIBUTOR)}


def _here() -> str:
    """This page's path and query, for "come back here" links (language switch, login); a long query string is left
    out rather than repeated in every such link (a 414 page would otherwise carry its 24 KB address twice). A form
    sent back with what is wrong (a share session's details at /sessions/3/edit) has an address only a POST answers:
    there, the nearest page above it that a link can open (/sessions/3; the language switch led to a 405 page)."""
    if request.method in ("GET", "HEAD"):
        return request.full_path if len(request.full_path) <= RETURN_PATH_MAX else request.path
    return _page_above(request.path)


def _page_above(path: str) -> str:
    """The longest start of ``path``, cut at a "/", that answers GET (the home page at least)."""
    adapter = current_app.url_map.bind("localhost")
    while path.strip("/"):
        try:
            adapter.match(path, method="GET")
            return path
        except HTTPException:  # 405: a form's address; 404: none; a redirect (a trailing slash): taken as none
            path = path.rstrip("/").rsplit("/", 1)[0] or "/"
    return url_for("search.home")


def error_response(status: int, message: str, code: str) -> Any:
    """One error shape for the API, an HTML page otherwise."""
    message = message.encode("utf-8", "backslashreplace").decode("utf-8")  # a lone surrogate echoed from input
    field = _field_named(message) if status == 400 else None
    if wants_json():  # the API's English as the code words it (clients may match it); a page's as a sentence, also
        # when the page's own script asks (app.js says it with X-Requested-With) and shows the message beside a form
        shown = request.headers.get("X-Requested-With") == "fetch"
        renewed = shown and g.get("csrf_refused") and g.user is not None
        if renewed:  # a tag typed into a page left open: "reload the page" lost it; the script takes a fresh token
            message = security.CSRF_RENEWED
        message = shorten_values(error_text(message, g.get("lang", "en"), as_sentence=shown))
        error = {"status": status, "code": code, "message": message}
        return jsonify({"error": error, **({"csrf_token": security.csrf_token()} if renewed else {})}), status
    role_refused = status == 403 and (match(message) or ("",))[0] == "err_role_needed"  # not "not yours to edit"
    message = shorten_values(error_text(message, g.get("lang", "en")))
    expired = expired_forms.expired_form(url_for("search.home"))
    if expired and expired["resend_url"]:  # not "reload the page and try again": that loses what the page keeps
        message = i18n.translate("expired_kept", g.get("lang", "en"))
    return render_template("error.html", status=status, message=message, field=field, role_refused=role_refused,
                           retry_url=_without(field) if field else None, expired=expired,
                           area=_area_list() if status == 404 else None,
                           login_url=url_for("auth.login", next=_page_before()) if status == 401 else None), status


_AREA_LISTS = {"sessions": ("sessions.index", "back_sessions"), "session_files": ("sessions.index", "back_sessions"),
               "documents": ("documents.browse", "back_browse"),
               "contribute": ("contribute.mine", "contribute_title")}  # an upload: my contributions, its uploads listed


def _area_list() -> tuple[str, str] | None:
    """The list of the area a missing page was asked in (a share session: the sessions; a document or lesson: browse;
    an upload: my contributions, which list the uploads waiting), as (address, label), or None; the error page
    offered only "Back to search"."""
    endpoint, label = _AREA_LISTS.get(request.blueprint or "", (None, None))
    return (url_for(endpoint), _t(label)) if endpoint else None


def _page_before() -> str:
    """Where a 401 page's login link comes back to: for a form's POST the page on this site that sent it (the POST's
    own address may answer no GET), else this page."""
    if request.method == "GET":
        return _here()
    parts = urlsplit(request.referrer or "")
    if parts.netloc != request.host:
        return url_for("search.home")
    return safe_next(urlunsplit(("", "", parts.path, parts.query, "")), url_for("search.home"))


def _field_named(message: str) -> str | None:
    """The address parameter a 400 message names first ("'since' is invalid: ..."), if the address has it."""
    found = re.match(r"'(\w+)'", message)
    name = g.get("bad_arg") or (found.group(1) if found else None)  # named by the view (views/common.bad_arg)
    return name if name and request.method == "GET" and name in request.args else None


def _without(field: str) -> str:
    """This page's address without the bad parameter (and back on page 1): the query and other filters kept."""
    params = [(k, v) for k, v in request.args.items(multi=True) if k not in (field, "page")]
    return f"{request.path}?{urlencode(params)}" if params else request.path


def _http_error(exc: HTTPException) -> Any:
    status = exc.code or 500
    message = exc.description or exc.name
    if exc.description == type(exc).description and f"http_{status}" in ERRORS:
        message = ERRORS[f"http_{status}"][0]  # Werkzeug's own words, which the catalogue translates
    if status == 413 and exc.description == type(exc).description:
        message = g.pop("too_large", None) or (  # the upload form names its own limit; a script is told this one
            f"the request is larger than the {_settings().max_request_kb:,} KB this server takes")
    if status == 401 and not wants_json() and request.method == "GET":
        from flask import flash, redirect

        flash(i18n.translate("login_needed", g.lang))  # the login form alone did not say why it was there
        return redirect(url_for("auth.login", next=request.full_path if request.query_string else request.path))
    response = make_response(error_response(status, str(message), (exc.name or "error").lower().replace(" ", "_")))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:  # a 405 must say which methods there are (RFC 9110)
        response.headers["Allow"] = ", ".join(exc.valid_methods)
    if isinstance(exc, TooManyRequests) and exc.retry_after:  # how many seconds a throttled client waits (RFC 9110)
        response.headers["Retry-After"] = dict(exc.get_headers())["Retry-After"]
    if status == 401:  # how to log in, which RFC 9110 requires of every 401; a token refused is "invalid_token"
        response.headers["WWW-Authenticate"] = _challenge()
    return response


def _challenge() -> str:
    """The WWW-Authenticate of a 401 (RFC 6750): a bearer token, and, when one was sent, that it was refused (not
    valid, or expired). Browsers ask for no password for it, as they would for Basic."""
    sent = request.headers.get("Authorization", "").lower().startswith("bearer ")
    return 'Bearer realm="Lessons KB"' + (', error="invalid_token"' if sent else "")


def _domain_error(exc: KBError) -> Any:
    if isinstance(exc, NotFound):
        return error_response(404, str(exc), "not_found")
    if isinstance(exc, InvalidInput):
        return error_response(400, str(exc), "bad_request")
    return error_response(500 if not isinstance(exc, ConfigError) else 503, str(exc), "server_error")
