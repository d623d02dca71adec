"""Digest subscriptions: self-service subscribe (confirmed by e-mail), change, unsubscribe; curators manage the
list and preview anyone's digest."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from ingest.metadata import tag_names
from kb.digest import compose, current_period, new_subscriber, parse_period, refuse_unbegun, render
from kb.digest.content import ManyPastLessons
from kb.digest.links import make_token, read_token
from kb.digest.mailer import Mailer, SendResult
from kb.digest.periods import period_named
from kb.errors import InvalidInput, NotFound
from kb.fields import check_one_line
from kb.models import LessonKind
from kb.store import Role
from kb.store.subscribers import normalize_email
from kb.text import normalize_tag, sort_key
from web import i18n, kept_forms
from web.error_text import error_text
from web.security import require
from web.views.common import Page, page_arg, searcher

bp = Blueprint("digest", __name__)
SUBSCRIBERS_A_PAGE = 50  # the curators' list listed every subscriber (200: 220 KB; thousands made megabytes)
CONFIRM_EVERY_MINUTES = 15  # one confirmation mail per address in this time, however often it is submitted
CLIENT_CONFIRMATIONS_PER_HOUR = 20  # confirmation mails for sign-ups from one client address
WAIT_FOR_MAIL = 10.0  # seconds a visitor waits for the mail server at most (smtp_timeout, if shorter)


def _refuse_line_breaks() -> None:
    """Refuse a one-line field of the form that holds a line break or control character (they would end up in
    e-mail headers), naming the field; whitespace around a name or an address is only trimmed.

    Raises:
        InvalidInput: the first such field, by its name in the form ('name'): the form comes back with it marked.
    """
    for key in ("email", "name"):
        check_one_line(request.form.get(key, "").strip(), key)
    for key in ("more_tags", "tags", "projects", "kinds"):
        for value in request.form.getlist(key):
            check_one_line(value, key)


class UnknownTags(InvalidInput):
    """Tags typed in the "more tags" field that no tag has (the message already in the page's language)."""


def _said(exc: InvalidInput) -> tuple[str, str | None]:
    """(the message in the page's language, the form field it is about or None): a field is called as the form
    calls it ("Name contains a control character …", "姓名含有控制字符…") and marked on the form; tags that no tag
    has mark the "more tags" field they were typed in."""
    if isinstance(exc, UnknownTags):
        return str(exc), "more_tags"
    return i18n.field_error(str(exc), g.lang), i18n.error_field(str(exc))


def _interests_from_form() -> dict:
    return {"tags": [*request.form.getlist("tags"), *_more_tags()], "projects": request.form.getlist("projects"),
            "kinds": request.form.getlist("kinds")}


def _more_tags() -> list[str]:
    """The tags typed in the "more tags" field (the form ticks only the most used), split as ingest splits a tags
    field (commas, semicolons, 、, full-width ones too; spaces in Chinese without them, ``tag_names``): each one a
    tag readers see, or one of a tag's curated synonyms,
    as the digest reads them. InvalidInput naming every other one (a typing error subscribed to nothing would be
    silent); the form, typed back, keeps them all."""
    typed = [name for value in request.form.getlist("more_tags") for name in tag_names(value)]
    synonyms = g.store.synonyms(for_readers=True)
    unknown = [name for name in typed if not (g.store.tags(exact=normalize_tag(name), for_readers=True)
                                              or normalize_tag(name) in synonyms)]
    if len(unknown) == 1:
        raise UnknownTags(i18n.translate("no_such_tag", g.lang, name=unknown[0]))
    if unknown:
        names = i18n.translate("tag_names_joined", g.lang).join(unknown)
        raise UnknownTags(i18n.translate("no_such_tags", g.lang, names=names))
    return typed


TAG_CHOICES = 60  # tags offered on the forms as boxes to tick: the most used, by name
MAX_TAG_OPTIONS = 5000  # tags offered as you type in the form's "more tags" field (a datalist), most used first


def _choices(sub: dict | None = None, form: MultiDict | None = None) -> dict:
    """What the interest fields offer; the tags ticked are the subscriber's, else those of ``form`` as it was sent
    (the request's form by default)."""
    chosen = (sub.get("interests") or {}).get("tags", []) if sub else (request.form if form is None else form).getlist("tags")
    # every project, by name (Chinese by pinyin): listed by count without the counts, the order looked random
    projects = sorted((r["value"] for r in g.store.facet_values("project", for_readers=True)), key=sort_key)
    # a project of interest no document readers see (any longer) is still offered, ticked: saving dropped it unsaid
    projects += [p for p in dict.fromkeys((sub.get("interests") or {}).get("projects", []) if sub else [])
                 if p not in projects]
    every_tag = [t["label"] for t in g.store.tags(limit=MAX_TAG_OPTIONS, for_readers=True)]
    return {"tags": _tag_choices(chosen), "every_tag": every_tag, "projects": projects,
            "kinds": [k.value for k in LessonKind]}


def _tag_choices(chosen: list[str]) -> list[dict]:
    """The tags to pick from, the most used by name: a group of curated synonyms (数据迁移 = data migration) is one choice,
    labelled with its names in use ("数据迁移 / data migration"), as the search facets show it, and ticked when any
    of its names was chosen (the digest reads a tag with its synonyms); then the chosen tags not among them."""
    tags = {t["name"]: t["label"] for t in g.store.tags(limit=200, for_readers=True)}  # the digest's readers
    synonyms = g.store.synonyms()
    picked = {normalize_tag(t) for t in chosen}
    out: list[dict] = []
    seen: set[str] = set()
    for name, label in tags.items():
        if name in seen:
            continue
        group = {name, *synonyms.get(name, [])}
        seen |= group
        out.append({"value": label, "label": " / ".join(tags[n] for n in tags if n in group),
                    "checked": bool(picked & group)})
    # the most used, listed by name (Chinese by pinyin among Latin), as the projects above them: in order of use,
    # without the counts, "数据迁移, testing, 资源冲突, 供应商管理, retrospective, …" read as random
    shown = sorted(out[:TAG_CHOICES], key=lambda choice: sort_key(choice["label"]))
    offered = {normalize_tag(c["value"]) for c in shown}
    offered |= {same for name in offered for same in synonyms.get(name, [])}
    for typed in chosen:  # a tag of interest past the most used (or on nothing yet) is still offered, ticked: left
        if normalize_tag(typed) not in offered:  # out, saving the form dropped it without a word
            offered |= {normalize_tag(typed), *synonyms.get(normalize_tag(typed), [])}
            shown.append({"value": typed, "label": typed, "checked": True})
    return shown


def _subscriber_from(token: str, purpose: str) -> dict:
    """The subscriber a signed link names; 400 for a link forged, expired, or used (replaced by a newer one)."""
    sub, spent = _link(token, purpose)
    if spent:
        abort(400, description=i18n.translate("link_used", g.lang))
    return sub


def _link(token: str, purpose: str) -> tuple[dict, bool]:
    """(subscriber, spent) of a signed link: spent when used (replaced by a newer one) by someone unsubscribed since,
    an unsubscribe or manage link of the same mail clicked after unsubscribing; 400 for a link forged or expired,
    or used by someone subscribed (again): it changes nothing of theirs."""
    try:
        subscriber_id, nonce = read_token(g.settings.secret_key, purpose, token)
        sub = g.store.subscriber(subscriber_id=subscriber_id)
    except (InvalidInput, NotFound) as exc:
        abort(400, description=str(exc))
    _speak_as_mailed(sub)
    spent = sub["link_nonce"] != nonce
    if spent and sub["active"]:
        abort(400, description=i18n.translate("link_used", g.lang))
    return sub, spent


def _speak_as_mailed(sub: dict) -> None:
    """The page a mail's link opens speaks the mail's language: the subscriber's, unless the reader chose one on the
    site (the language cookie). Accept-Language is not asked: 王芳 reads the Chinese digest on a company laptop or in
    a mail app's browser that asks for English, and got the unsubscribe and subscription pages in English."""
    if request.cookies.get(i18n.COOKIE) not in i18n.LANGUAGES and sub.get("language") in i18n.LANGUAGES:
        g.lang = sub["language"]


@bp.route("/subscribe", methods=["GET", "POST"])
def subscribe() -> Response | str | tuple[str, int]:
    """Sign up: the address gets a confirmation link; nothing is sent before it is clicked. When the mail cannot
    be sent, the visitor is told at once, keeps the form, and nothing is left stored."""
    if request.method == "GET":
        kept = kept_forms.take("subscribe")  # refused and redirected here (post/redirect/get, _form_again)
        if kept:
            form = MultiDict(kept["form"])
            return render_template("subscribe.html", choices=_choices(form=form), sub=None, token=None,
                                   error=kept["error"], wrong=kept["wrong"], form=form)
        return render_template("subscribe.html", choices=_choices(), sub=None, token=None)
    try:
        _refuse_line_breaks()
    except InvalidInput as exc:  # the form again, the field marked (it was a bare "400 · Error" page)
        error, wrong = _said(exc)
        return _form_again(error, 400, wrong=wrong)
    if g.store.confirmations_from(request.remote_addr, minutes=60) >= CLIENT_CONFIRMATIONS_PER_HOUR:
        abort(429, description=i18n.translate("subscribe_throttled", g.lang), retry_after=3600)  # the hour counted
    email = request.form.get("email", "")
    try:
        normalize_email(email)
    except InvalidInput as exc:  # said under the address, where the focus is put back
        return _form_again(error_text(str(exc), g.lang), 400, wrong="email")
    try:
        existing = g.store.subscriber(email.strip())
    except NotFound:
        existing = None
    created = existing is None
    if created:
        try:
            subscriber_id = g.store.add_subscriber(
                email, name=request.form.get("name"), language=request.form.get("language", g.lang),
                interests=_interests_from_form(), frequency=request.form.get("frequency", "weekly"), confirmed=False)
        except InvalidInput as exc:
            error, wrong = _said(exc)
            return _form_again(error, 400, wrong=wrong)
        existing = g.store.subscriber(subscriber_id=subscriber_id)
    sent = _send_confirmation(existing) if not existing["confirmed"] or not existing["active"] else None
    if sent is not None and not sent.ok:
        if created:
            g.store.remove_subscriber(existing["email"])  # nothing left pending that no mail can ever confirm
        if sent.refused:  # the mail server works; it has no such mailbox (a typing error, most often)
            return _form_again(i18n.translate("address_refused", g.lang, email=existing["email"]), 400, wrong="email")
        return _form_again(i18n.translate("mail_unavailable", g.lang), 503)
    # The same answer whether or not the address was already subscribed (no address enumeration).
    return render_template("message.html", title=i18n.translate("subscribe_title", g.lang),
                           text=i18n.translate("confirm_sent", g.lang, minutes=CONFIRM_EVERY_MINUTES))


def _form_again(error: str, status: int, wrong: str | None = None) -> Response | tuple[str, int]:
    """The sign-up form again, filled in as it was sent, with what went wrong above it; ``wrong``: the field it is
    about (the address), focused and marked invalid, the message also under it. After a redirect (post/redirect/get,
    web/kept_forms.py): the page answering the POST was sent again by a reload; a form too long for the cookie
    session is answered on the POST's page, with ``status``."""
    kept = {"form": kept_forms.sent_lists(), "error": error, "wrong": wrong}
    return kept_forms.again("subscribe", kept, url_for("digest.subscribe"), lambda: (render_template(
        "subscribe.html", choices=_choices(), sub=None, token=None, error=error, wrong=wrong, form=request.form), status))


def _send_confirmation(sub: dict) -> SendResult | None:
    """Mail the confirmation link, unless the address had one in the last minutes (then the visitor sees the same
    page, so whether the address is known stays hidden). One attempt, no retries: a visitor is waiting, and a
    mail server that refuses the connection (none configured) is reported at once.

    Returns:
        How the mail went; None when none was due.
    """
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid, parseaddr

    from kb.digest.mail_policy import MAIL_POLICY
    from kb.digest.render import recipient

    claim = g.store.claim_confirmation(sub["email"], request.remote_addr, minutes=CONFIRM_EVERY_MINUTES)
    if claim is None:
        return None
    link = f"{g.settings.base_url.rstrip('/')}{url_for('digest.confirm', token=make_token(g.settings.secret_key, 'confirm', sub))}"
    msg = EmailMessage(policy=MAIL_POLICY)  # a Chinese subject keeps its spaces, as the digest's does
    msg["Subject"] = i18n.translate("confirm_subject", sub["language"])
    msg["From"] = g.settings.mail_from
    msg["To"] = recipient(sub)  # with the name given on the form, as the digests are addressed
    # smtplib adds neither: a mail without them is scored as spam by relays (MISSING_DATE, MISSING_MID), and this one
    # is the first a new reader gets from the PMO; the digests have both
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=parseaddr(g.settings.mail_from)[1].rpartition("@")[2] or "localhost")
    msg.set_content(i18n.translate("confirm_body", sub["language"], link=link))
    msg["Content-Language"] = "zh-CN" if sub["language"] == "zh" else "en"  # after set_content, which drops it
    once = dataclasses.replace(g.settings, mail_retries=1, smtp_timeout=min(g.settings.smtp_timeout, WAIT_FOR_MAIL))
    with Mailer(once) as mailer:
        result = mailer.send(msg)
    if not result.ok:
        g.store.release_confirmation(claim)
    return result


@bp.route("/subscribe/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> str:
    """The confirmation link: GET asks (a mail scanner that fetches the link confirms nothing), the page's button
    POSTs, with the form's CSRF token."""
    sub = _subscriber_from(token, "confirm")
    if request.method != "POST":  # GET, and HEAD (Flask answers it with this view too)
        return render_template("confirm.html", sub=sub, token=token)
    g.store.update_subscriber(sub["id"], confirmed=True, active=True)
    g.store.rotate_link_nonce(sub["id"])
    return render_template("message.html", title=i18n.translate("subscribe_title", g.lang),
                           text=i18n.translate("confirmed", g.lang))


@bp.route("/subscription/<token>", methods=["GET", "POST"])
def manage(token: str) -> Response | str | tuple[str, int]:
    """Change language, interests and frequency from the link in any digest."""
    sub, spent = _link(token, "manage")
    if spent:  # "Change your subscription" in a digest whose "Unsubscribe" was used: a way back, not "400 · Error"
        return _unsubscribed(sub, "unsubscribed_already")
    place = f"manage:{sub['id']}"
    if request.method == "POST":
        try:
            _refuse_line_breaks()
            g.store.update_subscriber(sub["id"], name=request.form.get("name"), language=request.form.get("language"),
                                      interests=_interests_from_form(), frequency=request.form.get("frequency"),
                                      active=True)
        except InvalidInput as exc:  # the form again, as it was filled in (not as stored: a box or a field changed
            # beside the tag typed wrong showed as before, and was lost on saving again), after a redirect
            error, wrong = _said(exc)
            kept = {"form": kept_forms.sent_lists(), "error": error, "wrong": wrong}
            return kept_forms.again(place, kept, url_for("digest.manage", token=token),
                                    lambda: (_manage_page(sub, token, request.form, error, wrong), 400))
        flash(i18n.translate("saved", g.lang))
        return redirect(url_for("digest.manage", token=token))
    kept = kept_forms.take(place)
    if kept:
        return _manage_page(sub, token, MultiDict(kept["form"]), kept["error"], kept["wrong"])
    return render_template("subscribe.html", choices=_choices(sub), sub=sub, token=token)


def _manage_page(sub: dict, token: str, form: MultiDict, error: str, wrong: str | None) -> str:
    """The subscription's form as ``form`` was sent (not as stored), saying what is wrong (``wrong``: the field)."""
    typed = {**sub, "name": form.get("name"), "language": form.get("language"), "frequency": form.get("frequency"),
             "interests": {key: form.getlist(key) for key in ("tags", "projects", "kinds")}}
    return render_template("subscribe.html", choices=_choices(typed), sub=typed, token=token, error=error,
                           wrong=wrong, form=form)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> str:
    """Unsubscribe: GET asks, POST does it (also the one-click POST of mail clients). The link works once."""
    sub, spent = _link(token, "unsubscribe")
    if spent or not sub["active"]:  # clicked again (or unsubscribed otherwise): said so, not "400 · Error"
        return _unsubscribed(sub, "unsubscribed_already")
    if request.method != "POST":  # GET, and HEAD (Flask answers it with this view too)
        return render_template("unsubscribe.html", sub=sub, token=token)
    g.store.update_subscriber(sub["id"], active=False)
    g.store.rotate_link_nonce(sub["id"])
    return _unsubscribed(sub, "unsubscribed")


def _unsubscribed(sub: dict, text_key: str) -> str:
    """The page that says an address gets no digest, with the way back (a new, confirmed subscription)."""
    return render_template("message.html", title=i18n.translate("unsubscribed_title", g.lang),
                           text=i18n.translate(text_key, g.lang, email=sub["email"]),
                           link=(url_for("digest.subscribe"), i18n.translate("subscribe_again", g.lang)))


unsubscribe.csrf_exempt = True  # type: ignore[attr-defined]  # authenticated by its signed, single-use token


@bp.route("/curate/subscribers", methods=["GET", "POST"])
@require(Role.CURATOR)
def subscribers() -> Response | str | tuple[str, int]:
    """The subscriber list; curators add, change (``?edit=EMAIL``: the form filled in with theirs), resume and
    remove addresses."""
    if request.method == "POST":
        action = request.form.get("action")
        if action in ("add", "update"):
            try:
                _refuse_line_breaks()
                email = _add() if action == "add" else _update()
            except InvalidInput as exc:  # the form again, as it was filled in, the field marked
                return _subscriber_form_again(action, exc)
            except NotFound:  # removed in another tab while this form was open
                flash(i18n.translate("subscriber_gone", g.lang, email=request.form.get("email", "")), "error")
                return redirect(url_for("digest.subscribers"))
            flash(i18n.translate("subscriber_added" if action == "add" else "subscriber_updated", g.lang, email=email))
        elif action in ("remove", "resume"):
            _remove_or_resume(action, request.form.get("email", "").strip())
        else:
            abort(400, description="'action' must be add, update, remove or resume")
        return redirect(url_for("digest.subscribers"))
    kept = kept_forms.take("subscribers")  # refused and redirected here (_subscriber_form_again)
    if kept:
        return _subscribers_page(error=kept["error"], wrong=kept["wrong"], form=MultiDict(kept["form"]),
                                 editing=kept["editing"], existing=kept["existing"])
    edit = request.args.get("edit")
    if edit:
        try:
            return _subscribers_page(editing=edit, sub=g.store.subscriber(edit.strip()))
        except NotFound:
            flash(i18n.translate("subscriber_gone", g.lang, email=edit), "error")
    return _subscribers_page()


def _subscriber_form_again(action: str, exc: InvalidInput) -> Response | tuple[str, int]:
    """The add or change form again, as it was filled in, the field it is about marked, after a redirect
    (post/redirect/get, web/kept_forms.py: the 400 page answering the POST was sent again by a reload)."""
    error, wrong = _said(exc)
    if wrong is None and action == "add" and _not_an_address(request.form.get("email", "")):
        wrong = "email"  # "'bad@' is not a valid e-mail address": the focus was left at the page's top
    editing = request.form.get("email") if action == "update" else None
    kept = {"form": kept_forms.sent_lists(), "error": error, "wrong": wrong, "editing": editing,
            "existing": _existing() if action == "add" else None}
    # no #add-subscriber: an address with a fragment stops the browser's autofocus (the field marked is focused, and
    # scrolled to, without it)
    return kept_forms.again("subscribers", kept, url_for("digest.subscribers", edit=editing), lambda: (
        _subscribers_page(error=error, wrong=wrong, form=request.form, editing=editing, existing=kept["existing"]), 400))


def _not_an_address(text: str) -> bool:
    try:
        normalize_email(text)
    except InvalidInput:
        return True
    return False


def _existing() -> str | None:
    """The address of the subscriber an add named again (in another case, say): the error then links to changing
    theirs, which "已经订阅 / is already subscribed" alone left to be found in the list."""
    try:
        return g.store.subscriber(request.form.get("email", "").strip())["email"]
    except (InvalidInput, NotFound):
        return None


def _subscribers_page(*, error: str | None = None, form: Any = None, editing: str | None = None,
                      sub: dict | None = None, existing: str | None = None, wrong: str | None = None) -> str:
    """The list, a page of it (``?q=`` keeps the addresses and names that hold the text), and the form: adding, or
    changing ``editing`` (filled in from ``sub``, or as ``form`` was sent)."""
    query = request.args.get("q", "")[:100].strip()
    number = page_arg(100_000)
    rows, total = g.store.subscriber_page(query, limit=SUBSCRIBERS_A_PAGE, offset=(number - 1) * SUBSCRIBERS_A_PAGE)
    if not rows and total:  # past the last page: the last page
        number = Page(number, SUBSCRIBERS_A_PAGE, total).pages
        rows, total = g.store.subscriber_page(query, limit=SUBSCRIBERS_A_PAGE, offset=(number - 1) * SUBSCRIBERS_A_PAGE)
    return render_template("subscribers.html", rows=rows, page=Page(number, SUBSCRIBERS_A_PAGE, total), query=query,
                           choices=_choices(sub, form), error=error, deliveries=g.store.deliveries()[-20:], form=form,
                           editing=editing, sub=sub, existing=existing, wrong=wrong)


def _role(current: str | None = None) -> str:
    """The role the form's "curators' sections" box says; an admin ticked stays an admin."""
    if not request.form.get("curator"):
        return "reader"
    return current if current in ("curator", "admin") else "curator"


def _add() -> str:
    added = g.store.add_subscriber(request.form.get("email", ""), name=request.form.get("name"),
                                   language=request.form.get("language", g.lang), interests=_interests_from_form(),
                                   frequency=request.form.get("frequency", "weekly"), role=_role())
    return g.store.subscriber(subscriber_id=added)["email"]


def _update() -> str:
    sub = g.store.subscriber(request.form.get("email", "").strip())
    g.store.update_subscriber(sub["id"], name=request.form.get("name"), language=request.form.get("language"),
                              interests=_interests_from_form(), frequency=request.form.get("frequency"),
                              role=_role(sub["role"]))
    return sub["email"]


def _remove_or_resume(action: str, email: str) -> None:
    """Remove a subscriber, or send to a paused one again (refused by the mail server on three runs, fixed since),
    saying so; one removed already (in another tab) is said so, not a 404 page."""
    try:
        if action == "remove":
            g.store.remove_subscriber(email)
        else:
            g.store.resume_subscriber(g.store.subscriber(email)["id"])
    except NotFound:
        flash(i18n.translate("subscriber_gone", g.lang, email=email), "error")
    else:
        flash(i18n.translate(f"subscriber_{action}d", g.lang, email=email))


# Whose digest a preview may show besides the subscribers': a new subscriber's, interested in everything, in either
# language (as `kb digest preview --lang` shows it). Not e-mail addresses, so no subscriber has these.
NEW_SUBSCRIBERS = {"new-zh": "zh", "new-en": "en"}
PREVIEW_CHOICES = 100  # subscribers in the preview's menu: it offered every one (a <select> of thousands)


def _whose(email: str | None, rows: list[dict]) -> tuple[str, dict]:
    """The preview's choice (an address, or a new subscriber's key) and the subscriber: the one asked for, else the
    first subscriber, else a new subscriber in the page's language (a new installation had nothing to preview)."""
    if email in NEW_SUBSCRIBERS:
        return email, new_subscriber(NEW_SUBSCRIBERS[email])
    if email:
        return email, g.store.subscriber(email)
    if rows:
        return rows[0]["email"], rows[0]
    return f"new-{g.lang}", new_subscriber(g.lang)


def _rendered(email: str | None, period_label: str | None, *,
              recurring: bool = True) -> tuple[list[dict], str, str, str, str]:
    """(subscribers, whose, period, subject, HTML) of a preview. ``recurring``: look for each new lesson's earlier
    similar ones (a search per lesson: seconds in a week of a thousand new lessons); the subject does not need them."""
    zone = g.settings.zone
    rows = g.store.subscribers()
    chosen, sub = _whose(email, rows)
    # a daily reader's digest of today so far, anyone else's of this week so far
    period = parse_period(period_label, zone) if period_label else current_period(sub.get("frequency"), zone)
    if period_label:  # as kb digest send --period refuses it: a digest that can never be sent
        refuse_unbegun(period)
    finder = searcher()
    past = ManyPastLessons(lambda ids, before: finder.earlier_similar_many(ids, before=before))  # a week at once
    content = compose(g.store, sub, period.label, period.preview_window(), past if recurring else None,
                      min_similar=g.settings.recurring_min_similar)
    subject, html, _ = render(content, base_url=g.settings.base_url, secret=g.settings.secret_key)
    return rows, chosen, period.label, subject, html


@bp.get("/curate/digest")
@require(Role.CURATOR)
def preview() -> str:
    """Preview any subscriber's digest (nothing is sent or recorded). A period that is none ('last week') comes back
    as this page, as typed, saying why: it was an error page whose one link led to search."""
    typed = request.args.get("period")
    try:
        # The subject only: the digest itself is composed once, by the frame (/curate/digest/raw), not twice.
        rows, chosen, period, subject, _ = _rendered(request.args.get("email"), typed, recurring=False)
    except InvalidInput as exc:
        rows = g.store.subscribers()
        return render_template("digest_preview.html", rows=rows, subject=None, period=typed, new=NEW_SUBSCRIBERS,
                               chosen=request.args.get("email"), form_error=str(exc)), 400  # type: ignore[return-value]
    # the heading names the period as the page's reader says it (2026年第49周（11月30日–12月6日）); the field keeps the
    # ISO label (2026-W49) it is typed as
    return render_template("digest_preview.html", rows=_preview_choices(rows, chosen), subject=subject, period=period,
                           period_named=period_named(period, g.lang), chosen=chosen, new=NEW_SUBSCRIBERS,
                           more=max(0, len(rows) - PREVIEW_CHOICES))


def _preview_choices(rows: list[dict], chosen: str) -> list[dict]:
    """The subscribers the preview's menu offers: the first ``PREVIEW_CHOICES`` by address, and the one chosen (the
    subscribers page finds any other, and links to its preview)."""
    offered = rows[:PREVIEW_CHOICES]
    return offered + [r for r in rows[PREVIEW_CHOICES:] if r["email"] == chosen]


@bp.get("/curate/digest/raw")
@require(Role.CURATOR)
def preview_raw() -> Response:
    """The digest's HTML exactly as mailed (shown in the preview's frame; inline styles, no scripts)."""
    _, _chosen, _, _, html = _rendered(request.args.get("email"), request.args.get("period"))
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                                   "frame-ancestors 'self'")
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
