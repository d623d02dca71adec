"""Contributing from the browser: upload documents, record lessons, change or withdraw one's own until a curator
approves them (``web.contributions`` does the work)."""

from __future__ import annotations

import queue
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, session, url_for
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from kb.errors import InvalidFields, InvalidInput
from kb.fields import date_field, text_field
from kb.models import DocType, Language, LessonKind
from kb.store import Role
from web import i18n, kept_forms
from web.contributions import folder, lesson_edits, publishing, registers, staging
from web.error_text import file_error_text
from web.i18n import translate
from web.lesson_titles import typed_title
from web.security import can, require
from web.views import contribute_forms
from web.views.contribute_forms import FORM_LIMITS

RETRY_AFTER_SECONDS = 120  # "upload again in a few minutes": when a refused upload may be tried again
bp = Blueprint("contribute", __name__, url_prefix="/contribute")
MB = 1024 * 1024
REFUSED_KEY = "upload_refused"  # in the visitor's session: the files of their last upload not kept, and why
# The session is a cookie, which browsers drop past 4 KB (Werkzeug warns at 4,093 bytes): 19 files refused with
# 120-character Chinese names made it 7.2 KB. So the upload's page names the first ten, each name shortened
# (``contribute_forms.named_shortly``), and counts the rest (1.7 KB).
REFUSED_SHOWN = 10


@bp.before_app_request
def _upload_limit() -> None:
    """The upload page takes larger requests than the rest of the site; one over its limit is refused when its form
    is first read (by the CSRF check), with a message naming the limit (``g.too_large``)."""
    if request.endpoint != "contribute.upload" or request.method != "POST":
        return
    limit_mb = _settings().max_upload_mb
    request.max_content_length = int(limit_mb * MB)
    if request.content_length is not None and request.content_length > limit_mb * MB:
        g.too_large = (f"the upload is {request.content_length / MB:.1f} MB, larger than the {limit_mb:g} MB "
                       "allowed at once")


def _settings() -> Any:
    from flask import current_app

    return current_app.config["KB_SETTINGS"]


def _me() -> str:
    return str(g.user["name"])


def _lang() -> str:
    return str(g.get("lang", "en"))


def may_change(info: dict[str, Any]) -> bool:
    """Curators change anything; a contributor changes their own until a curator approves one of its lessons."""
    if can(Role.CURATOR):
        return True
    return info["contributed_by"] == _me() and not info["approved"]


def is_recorded(key: str) -> bool:
    """Whether a document key names a lesson recorded from the browser (a row of a project's
    ``recorded-lessons.jsonl``), not a document of an uploaded file (``old-recorded-lessons.jsonl#7`` is one)."""
    register, hash_sign, _row = key.rpartition("#")
    return bool(hash_sign) and register.rsplit("/", 1)[-1] == folder.REGISTER_NAME


def change_actions(key: str) -> dict[str, Any] | None:
    """What a document or lesson page offers to change it: Edit and Withdraw for a document added from the browser,
    to its contributor until a curator approves it, and to curators; None for everyone else."""
    if not can(Role.CONTRIBUTOR):
        return None
    info = g.store.contribution(key)
    if info["contributed_by"] is None or not may_change(info):
        return None
    recorded = is_recorded(key)
    edit = url_for("contribute.record", key=key) if recorded else url_for("contribute.metadata", key=key)
    # withdrawing an uploaded file takes out every document stored from it (a register's rows): say so
    siblings = 0 if recorded or not info["path"] else len(g.store.source_documents(info["path"]))
    return {"key": key, "edit_url": edit, "mine": info["contributed_by"] == _me(),
            "file": Path(info["path"]).name if siblings > 1 else None, "documents": siblings}


def _check_may_change(key: str) -> dict[str, Any]:
    info = g.store.contribution(key)
    if not may_change(info):
        if info["contributed_by"] == _me():
            abort(403, description="a curator has approved this; ask a curator to change it")
        abort(403, description="only its contributor or a curator may change this")
    return info


def _check_contribution(key: str) -> dict[str, Any]:
    """``_check_may_change``, for a document added from the browser: one ingested from elsewhere (a shared drive)
    is neither withdrawn (its file deleted) nor edited from here, even by a curator."""
    info = _check_may_change(key)
    if info["contributed_by"] is None or not folder.in_managed_folder(g.settings, info["path"]):
        abort(403, description=folder.not_contributed(key))
    return info


# ---- my contributions ------------------------------------------------------------------------------------------
@bp.get("")
@require(Role.CONTRIBUTOR)
def mine() -> str:
    """What I added, with what curators made of it."""
    everyone = can(Role.CURATOR) and bool(request.args.get("all"))
    rows = g.store.contributions(None if everyone else _me())
    for row in rows:
        row["may_change"] = can(Role.CURATOR) or (row["contributed_by"] == _me() and not row["approved"])
        row["recorded"] = is_recorded(row["key"])
        # its page is a 404 but to curators ("no document …"): the row says why (hidden, the reasons) unlinked
        row["linked"] = can(Role.CURATOR) or not row["gone"]
    unpublished = contribute_forms.number_uploads(g.store.unpublished_uploads(_me()))
    # every correction that matches no lesson, however old its document (the table shows the newest 200)
    misses = g.store.unmatched_corrections() if everyone else []
    return render_template("contribute.html", rows=rows, unpublished=unpublished, misses=misses,
                           abandoned_days=staging.ABANDONED_AFTER.days, everyone=everyone)


@bp.post("/withdraw")
@require(Role.CONTRIBUTOR)
def withdraw() -> Response:
    """Take one's own document or recorded lesson out of the knowledge base."""
    key = request.form.get("key", "")
    _check_contribution(key)
    publishing.withdraw(g.store, g.settings, key)
    flash(translate("withdrawn", _lang()))
    return redirect(url_for("contribute.mine"))


# ---- uploads ---------------------------------------------------------------------------------------------------
@bp.route("/upload", methods=["GET", "POST"])
@require(Role.CONTRIBUTOR)
def upload() -> Response | str:
    """Choose or drop files; they are kept and read in the background, then shown for checking."""
    if request.method == "GET":
        return _upload_page()
    try:
        files = [f for f in request.files.getlist("files") if f and f.filename]
    except RequestEntityTooLarge:
        abort(413, description=f"the upload is larger than the {g.settings.max_upload_mb:g} MB allowed at once")
    project = text_field(request.form.get("project", ""), "project", limit=FORM_LIMITS["project"]) or None
    if not files:
        return _upload_page(error="choose one or more files to upload", project=project), 400  # type: ignore[return-value]
    if len(files) > folder.MAX_FILES:
        return _upload_page(error=f"at most {folder.MAX_FILES} files at once", project=project), 400  # type: ignore[return-value]
    received, refused = [], []
    for item in files:
        name = folder.upload_name(item.filename or "")
        with item.stream:
            data = item.read()
        try:
            staging.check_file(name, len(data), g.settings)
        except InvalidInput as exc:  # an empty or too large file: the others are kept, and the next page says why
            refused.append(contribute_forms.named_shortly(str(exc), name))
        else:
            received.append((name, data))
    if not received:
        return _upload_page(error=refused[0], project=project), 400  # type: ignore[return-value]
    staging.drop_abandoned(g.store)
    batch = secrets.token_urlsafe(12)
    ids = [staging.stage(g.store, g.settings, batch, _me(), name, data, project) for name, data in received]
    try:
        staging.parse_in_background(g.settings, ids)
    except queue.Full:
        for upload_id in ids:
            staging.discard(g.store, g.store.upload(upload_id))
        error = "the server is reading many other uploads just now; nothing was kept: upload again in a few minutes"
        # Retry-After: the queue drains as files are read; clients and proxies wait rather than hammer
        return _upload_page(error=error, project=project), 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}  # type: ignore[return-value]
    # said on the upload's page until the files are read (the page reloads itself then, and says it once more)
    session[REFUSED_KEY] = {"batch": batch, "messages": refused[:REFUSED_SHOWN],
                            "more": max(0, len(refused) - REFUSED_SHOWN)}
    return redirect(url_for("contribute.batch", batch=batch))


def _upload_page(error: str | None = None, project: str | None = None) -> str:
    return render_template("upload.html", error=error, project=project, projects=_projects(),
                           extensions=folder.accepted_extensions(),
                           readable=folder.readable_extensions(), old_office=folder.old_office_extensions(), max_file_mb=g.settings.max_file_mb,
                           max_upload_mb=g.settings.max_upload_mb, max_files=folder.MAX_FILES)


def _projects() -> list[str]:
    return [r["value"] for r in g.store.facet_values("project")]


def _batch(batch: str) -> list[dict[str, Any]]:
    uploads = g.store.batch_uploads(batch)
    if not uploads:
        abort(404, description=f"no upload {batch[:40]}")
    if not can(Role.CURATOR) and uploads[0]["user_name"] != _me():
        abort(404, description=f"no upload {batch[:40]}")
    return staging.expire_stale(g.store, uploads)


@bp.get("/uploads/<batch>")
@require(Role.CONTRIBUTOR)
def batch(batch: str) -> str:
    """The files of an upload: reading, read (with what was understood, to check and correct), or failed; a publish
    form refused, redirected here (post/redirect/get), shown again as it was sent."""
    return _batch_page(batch, kept_forms.take(f"upload:{batch}"))


def _batch_page(batch: str, refused_form: dict[str, Any] | None = None) -> str:
    """An upload's page; ``refused_form`` (upload, error, fields): a publish form refused, said at its file and shown
    again as it was sent, the lessons corrected in it included."""
    uploads = _batch(batch)
    root = folder.uploads_root(g.settings)
    for item in uploads:
        if item["status"] == "failed":
            item["detail"] = file_error_text(item["message"] or "", _lang())
        if item["status"] == "published" and item.get("source_path"):  # its page, from the upload's
            item["documents"] = g.store.source_documents(item["source_path"])
        if item["status"] == "ready":
            project = item["project"] or item["preview"]["documents"][0]["project"]
            item["replaces"] = (root / folder.project_folder(project) / item["file_name"]).exists()
            for doc in item["preview"]["documents"]:
                doc["stored_project"] = contribute_forms.stored_project(item, doc)
    waiting = sum(1 for u in uploads if u["status"] in ("queued", "parsing"))
    left_out = session.get(REFUSED_KEY) or {}
    refused, more = [], 0
    if left_out.get("batch") == batch:
        refused, more = left_out.get("messages", []), left_out.get("more", 0)
        if not waiting:  # the last showing: the page no longer reloads itself, and the cookie need not carry it
            session.pop(REFUSED_KEY)
    return render_template("upload_batch.html", uploads=uploads, batch_id=batch, waiting=waiting, refused=refused,
                           refused_more=more, refused_form=refused_form,
                           done=len(uploads) - waiting, projects=_projects(), doc_types=[t.value for t in DocType],
                           languages=[lang.value for lang in Language], kinds=[k.value for k in LessonKind])


@bp.get("/uploads/<batch>/status")
@require(Role.CONTRIBUTOR)
def batch_status(batch: str) -> Response:
    """How far reading has got (polled by the page)."""
    uploads = _batch(batch)
    return jsonify({"files": len(uploads), "done": sum(1 for u in uploads if u["status"] not in ("queued", "parsing")),
                    "statuses": {str(u["id"]): u["status"] for u in uploads}})


def _own_upload(upload_id: int) -> dict[str, Any]:
    item = g.store.upload(upload_id)
    if not can(Role.CURATOR) and item["user_name"] != _me():
        abort(404, description=f"no upload {upload_id}")
    return item


@bp.post("/uploads/<id:upload_id>/publish")
@require(Role.CONTRIBUTOR)
def publish(upload_id: int) -> Response | tuple[str, int]:
    """Store a checked upload, with the metadata as corrected."""
    item = _own_upload(upload_id)
    if item["status"] != "ready":
        abort(409, description="this upload is not waiting to be published")
    try:
        project = text_field(request.form.get("project", ""), "project", limit=FORM_LIMITS["project"]) or None
        if not project:  # required on the form (a file's own project fills it): no-project/retro.docx shown nowhere
            raise InvalidInput(translate("publish_needs_project", _lang()))
        corrections: dict[str, Any] = dict(contribute_forms.corrections(item["preview"], project))
        lessons = contribute_forms.lesson_corrections(item["preview"])
    except InvalidInput as exc:  # a date that is none, say: a bare error page lost the lessons corrected in the form
        refused = {"upload": upload_id, "error": str(exc), "fields": kept_forms.sent()}
        return kept_forms.again(f"upload:{item['batch']}", refused, url_for("contribute.batch", batch=item["batch"]),
                                lambda: (_batch_page(item["batch"], refused), 400))
    replaced = g.store.source_documents(str(folder.uploads_root(g.settings) /
                                            folder.project_folder(project) / item["file_name"]))
    if replaced:
        _check_may_change(replaced[0]["key"])
    stored = publishing.publish(g.store, g.settings, item, project, corrections, _me(), lessons=lessons)
    flash(translate("published", _lang(), n=len(stored.keys)))
    _index_note(stored.indexed)
    keys = stored.keys
    # files of the same upload still to check: back to them, not to this one's document (from which nothing led
    # back: a project manager who sent five files and published one took it for done, and the four were discarded
    # unread 14 days later)
    waiting = [u for u in g.store.batch_uploads(item["batch"]) if u["status"] in ("queued", "parsing", "ready")]
    if waiting:
        flash(translate("uploads_still_waiting", _lang(), n=len(waiting)))
        return redirect(url_for("contribute.batch", batch=item["batch"]) + f"#upload-{waiting[0]['id']}")
    return redirect(url_for("documents.document", key=keys[0]) if len(keys) == 1 else url_for("contribute.mine"))


def _index_note(indexed: bool | None) -> None:
    if indexed is None:
        flash(translate("index_running", _lang()))
    elif not indexed:
        flash(translate("index_pending", _lang()))


@bp.post("/uploads/<id:upload_id>/discard")
@require(Role.CONTRIBUTOR)
def discard(upload_id: int) -> Response:
    """Drop an upload that was not published."""
    item = _own_upload(upload_id)
    if item["status"] in ("queued", "parsing", "published"):
        abort(409, description="this upload cannot be discarded now")
    staging.discard(g.store, item)
    return redirect(url_for("contribute.batch", batch=item["batch"]))


@bp.route("/metadata", methods=["GET", "POST"])
@require(Role.CONTRIBUTOR)
def metadata() -> Response | str | tuple[str, int]:
    """Correct the title, project, type, date or language of one's own document (one added from the browser: a
    correction is kept by key and applied at every re-ingest, so a shared drive's document is not corrected here),
    and its lessons (and forget corrections that no longer match a lesson of its file)."""
    key = request.values.get("key", "")
    info = _check_contribution(key)
    doc = g.store.document(key)
    lessons = doc["lessons"] if _lessons_editable(key, info) else None
    existing = g.store.overrides(key).get("lessons")
    misses = lesson_edits.unmatched(existing) if lessons is not None else []
    error, sent = None, None
    if request.method == "GET":
        kept = kept_forms.take(f"metadata:{key}")  # refused and redirected here (post/redirect/get)
        error, sent = (kept["error"], kept["sent"]) if kept else (None, None)
    if request.method == "POST":
        try:
            fields = {name: text_field(request.form.get(name, ""), name, limit=FORM_LIMITS[name]) for name in
                      ("title", "project", "doc_type", "date", "language") if name in request.form}
            if "date" in fields:  # 2026/10/15 is the 2026-10-15 it already has, not a change
                fields["date"] = date_field(fields["date"], "date")
            if "title" in fields and not fields["title"]:  # the form is sent unchecked by the browser (novalidate)
                raise InvalidInput("title is required")
            if "project" in fields and not fields["project"]:  # required on the form, as when publishing
                raise InvalidInput(translate("publish_needs_project", _lang()))
            edits = contribute_forms.stored_lesson_edits(lessons) if lessons is not None else {}
            added = contribute_forms.added_lessons() if lessons is not None else []
        except InvalidInput as exc:  # the form comes back as typed, lessons corrected in it included
            error, sent = str(exc), kept_forms.sent()
    hidden = _hidden(key) if lessons is not None else []
    notes = {i: g.store.review_note_of(i) for i in hidden}  # read before a save replaces a rewritten lesson
    if request.method == "POST" and error is None:
        changed: dict[str, Any] = {k: v for k, v in fields.items() if (v or None) != (doc.get(k) or None)}
        forget = {i for i, _ in misses if request.form.get(f"forget-{i}")}
        if edits or added or forget:
            changed["lessons"] = lesson_edits.merged_corrections(existing, lessons or [], edits, added, forget)
        if changed:
            _save_corrections(key, changed)
        # a hidden lesson its contributor corrected goes back to the queue, as a recorded one does (record())
        corrected = [] if can(Role.CURATOR) else [i for i in hidden if i in edits and not edits[i].get("drop")]
        still = sorted(set(corrected) & set(_hidden(key))) if corrected else []
        if still:
            g.store.set_reviews(still, "unreviewed", actor=_me())
        if can(Role.CURATOR):  # the form says a curator's save leaves it hidden: a rewritten text too
            _hide_again(key, {edits[i]["new_text"]: notes[i] for i in hidden if edits.get(i, {}).get("new_text")})
        flash(translate("resubmitted" if corrected else "saved", _lang()))
        return redirect(url_for("documents.document", key=key))
    # each hidden lesson marked, with the curator's reason: the form listed them as any other
    hidden_notes = {i: notes[i] or "" for i in hidden}
    def page() -> str:
        return render_template("metadata.html", doc=doc, projects=_projects(), doc_types=[t.value for t in DocType],
                               languages=[lang.value for lang in Language], lessons=lessons, misses=misses,
                               kinds=[k.value for k in LessonKind], error=error, sent=sent, hidden_notes=hidden_notes,
                               others=info["contributed_by"] != _me())

    if request.method == "POST":  # refused: the form again, after a redirect
        return kept_forms.again(f"metadata:{key}", {"error": error, "sent": sent},
                                url_for("contribute.metadata", key=key), lambda: (page(), 400))
    return page()


def _lessons_editable(key: str, info: dict[str, Any]) -> bool:
    """Whether a document's lessons are corrected on its edit form: an uploaded file's document, or a row of an
    uploaded register (each row its own document and form); a recorded lesson is changed on its own form."""
    return not is_recorded(key) and bool(info["path"])


def _save_corrections(key: str, changed: dict[str, Any]) -> None:
    _index_note(publishing.save_corrections(g.store, g.settings, key, changed, _me()))


# ---- recording a lesson ----------------------------------------------------------------------------------------
@bp.route("/record", methods=["GET", "POST"])
@require(Role.CONTRIBUTOR)
def record() -> Response | str | tuple[str, int]:
    """A lesson without a document: what happened, the lesson, what to do next time, kind, project, tags, date."""
    key = request.values.get("key") or None
    values: dict[str, Any] = {"kind": "lesson", "date": date.today().isoformat()}
    if key is not None:
        info = _check_contribution(key)
        if not is_recorded(key) or Path(info["path"] or "").name != folder.REGISTER_NAME:
            abort(404, description=f"{key} is not a recorded lesson; correct its details instead")
        row = registers.register_row(info["path"] or "", key)
        if row is None:
            abort(404, description=f"no document with key '{key}'")
        values = {**row, "title": typed_title(row), "tags": ", ".join(row.get("tags") or [])}
    if request.method == "GET":
        kept = kept_forms.take(f"record:{key or ''}")  # refused and redirected here (post/redirect/get)
        return _record_page(kept["values"], key, kept.get("wrong")) if kept else _record_page(values, key)
    try:
        fields = contribute_forms.lesson_fields()
    except InvalidFields as exc:  # the form comes back with what was typed (a fault is no mistake of the form)
        form = {"values": kept_forms.sent(), "wrong": exc.wrong}
        return kept_forms.again(f"record:{key or ''}", form, url_for("contribute.record", key=key),
                                lambda: (_record_page(form["values"], key, form["wrong"]), 400))
    # an edit keeps the row's authors: a curator correcting a contributor's lesson does not become its author
    authors = values.get("authors") if key is not None else None
    was_hidden = key is not None and not can(Role.CURATOR) and _hidden(key)
    hidden_by_curator = _hidden(key) if key is not None and can(Role.CURATOR) else []
    note = g.store.review_note_of(hidden_by_curator[0]) if hidden_by_curator else None  # before the save replaces it
    stored = registers.record(g.store, g.settings, {**fields, "authors": authors or [g.user["display_name"] or _me()]},
                                  _me(), key)
    if hidden_by_curator:  # the form says a curator's save leaves it hidden: a rewritten lesson is a new one, so hide it
        _hide_again(stored.keys[0], {None: note})
    still = _hidden(stored.keys[0]) if was_hidden else []
    if still:  # corrected as a curator's reason asked: back in the queue, not hidden for good and never seen again
        g.store.set_reviews(still, "unreviewed", actor=_me())
    # an edit is no new lesson to review, unless a curator had hidden it (an edit much changed is a new lesson)
    flash(translate("lesson_recorded" if key is None else "resubmitted" if was_hidden else "saved", _lang()))
    _index_note(stored.indexed)
    return redirect(url_for("documents.document", key=stored.keys[0]))


def _hide_again(key: str, was_hidden: dict[str | None, str | None]) -> None:
    """Hide again, with its reason, the lesson that a curator's save made of a hidden one: a text much changed is
    stored as a new lesson, unreviewed and searchable at once. ``was_hidden`` maps each rewritten text to the reason
    the lesson it replaced was hidden for (the key ``None``: every lesson of the document, a recorded lesson's one)."""
    for lesson in g.store.document(key)["lessons"]:
        text = None if None in was_hidden else lesson["text"]
        if lesson["review_status"] != "hidden" and text in was_hidden:
            g.store.set_review(lesson["id"], "hidden", actor=_me(), note=was_hidden[text])


def _hidden(key: str) -> list[int]:
    """The lessons of a document a curator has hidden."""
    return [lesson["id"] for lesson in g.store.document(key)["lessons"] if lesson["review_status"] == "hidden"]


def _record_page(values: dict[str, Any], key: str | None, wrong: list[tuple[str, str]] | None = None) -> str:
    """The record form; ``wrong``, each wrong field with its message (every one marked, the first focused)."""
    said = {field: i18n.field_error(message, _lang()) for field, message in wrong or []}
    hidden = _hidden(key) if key is not None else []
    # the form itself said nothing of it: a contributor correcting as a curator's reason asked had to remember the
    # reason from My contributions, and a curator was not told that saving leaves the lesson hidden
    reasons = sorted({note for i in hidden if (note := g.store.review_note_of(i))})
    others = key is not None and g.store.contribution(key)["contributed_by"] != _me()
    return render_template("record.html", values=values, key=key, said=said, projects=_projects(),
                           kinds=[k.value for k in LessonKind], hidden=bool(hidden), hidden_reasons=reasons,
                           others=others)
