"""Rendering a digest: HTML (inline CSS, no external images) and plain text, as multipart/alternative."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from kb.digest.content import DigestContent
from kb.digest.links import links
from kb.digest.mail_policy import MAIL_POLICY
from kb.digest.messages import message
from kb.digest.periods import days_named, parse_days, period_dates, period_named, whole_days
from kb.digest.text_lines import wrap
from kb.export import document_url
from kb.store import MATCHED
from kb.text import detect_language, one_line, shorten, title_repeats

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html"]), undefined=StrictUndefined, trim_blocks=True,
                   lstrip_blocks=True)


def lang_of(text: str | None) -> Markup:
    """A ` lang` attribute for a text wholly in Chinese or English (a screen reader reads it in that language's
    voice, a mail client picks Chinese glyphs for it), as the web pages mark theirs; nothing for mixed text."""
    language = detect_language(text or "").value
    return Markup(f' lang="{language}"') if language in ("zh", "en") else Markup("")


_ENV.filters["lang_of"] = lang_of
_ENV.filters["shorten"] = shorten  # a lesson's start, cut at a word with "…" (kb/text.py), as titles are
_ENV.tests["repeated_in"] = title_repeats  # a recorded lesson's title: its own text, said once
_ENV.filters["wrapped"] = wrap  # the plain text's lines, 78 columns at most where the words allow


def render(content: DigestContent, *, base_url: str, secret: str) -> tuple[str, str, str]:
    """(subject, HTML, text) of a digest in the subscriber's language."""
    sub = content.subscriber
    lang = sub.get("language", "en")
    urls = links(base_url, secret, sub)
    daily = "W" not in content.period  # a day (2026-11-25), not a week (2026-W47)
    subject = message("subject_daily" if daily else "subject", lang, period=period_dates(content.period, lang),
                      summary=_summary(content, lang))
    context = {"c": content, "lang": lang, "daily": daily, "m": lambda key, **v: message(key, lang, **v), "urls": urls,
               "doc_url": lambda key: document_url(urls["base"], key),
               "lesson_url": lambda lesson_id: f"{urls['base']}/lessons/{lesson_id}",
               "session_url": lambda session_id: f"{urls['base']}/sessions/{session_id}",
               "search_url": lambda q: f"{urls['base']}/?q={quote(q)}", "interests": _interests(sub, lang),
               "item_slot": lambda item: agenda_slot(item, lang),
               "session_when": lambda value: session_when(value, lang, date.fromisoformat(content.days[1]).year),
               "name": sub.get("name") or sub["email"].split("@")[0], "glance": glance(content, lang),
               "intro": intro(content, lang), "preheader": glance(content, lang) or message("nothing_new", lang),
               "period_named": period_named(content.period, lang),
               "added_url": browse_url(urls["base"], content, "added"),
               "lessons_url": browse_url(urls["base"], content, "lessons_added"),
               "updated_url": browse_url(urls["base"], content, "updated")}
    return subject, _ENV.get_template("digest.html").render(**context), _ENV.get_template("digest.txt").render(**context)


def intro(content: DigestContent, lang: str) -> str:
    """The line below the greeting: the days the digest covers named as the header names them ("以下是2026年11月30日至
    12月5日期间…", "…between Nov 30 and Dec 5, 2026."), not ISO dates in a sentence; the year once, where it ends (in
    Chinese where it starts), and on both days across a year's end."""
    start, end = map(date.fromisoformat, content.days)
    if start == end:
        return message("intro_day", lang, day=days_named(start, start, lang, year=True))
    zh, both = lang == "zh", start.year != end.year
    first, last = days_named(start, start, lang, year=zh or both), days_named(end, end, lang, year=both or not zh)
    return message("intro", lang, start=first, end=last)


def browse_url(base: str, content: DigestContent, when: str) -> str:
    """Where "and N more" leads: browse, the documents first added (``when`` "added": the new documents), ingested
    again (``when`` "updated": the updated documents) or given lessons (``when`` "lessons_added": the new lessons'
    documents, old ones too) in the digest's window (its ISO week or day when the window is the whole period), with
    the reader's tags or projects of interest, and for new lessons the kinds of interest (browse then counts the
    lessons of those kinds, as the digest did). With both tags and projects, ``match=any``: the digest takes a
    document matching either, browse by default one matching both."""
    params = [(when, _window_value(content))]
    interests = content.subscriber.get("interests") or {}
    tags, projects = interests.get("tags", []), interests.get("projects", [])
    params += [*(("tag", tag) for tag in tags), *(("project", project) for project in projects)]
    if tags and projects:
        params.append(("match", "any"))  # the digest takes a document of either, browse by default one of both
    if when == "lessons_added":
        params += [("kind", kind) for kind in interests.get("kinds", [])]
    # the documents in the digest's order (the reader's interests matched, then newest), so that its first few come
    # first; a document listing cannot hold the new lessons' order: their documents as they came
    sort = "ingested" if when == "lessons_added" else MATCHED
    return f"{base}/browse?{urlencode([*params, ('sort', sort)])}"


def _window_value(content: DigestContent) -> str:
    """The digest's window as browse's ``added=`` (or ``updated=``, ``lessons_added=``) reads it: its ISO week or day
    when it is the whole period, else its days, else (starting or ending within a day: where a reader's last digest,
    sent in another time zone, ended; a preview's "now") its two moments."""
    start, end = (datetime.fromisoformat(w) for w in (content.window_start, content.window_end))
    if not whole_days(start, end):
        return f"{content.window_start}..{content.window_end}"
    first, last = content.days
    if (first, last) == tuple(d.isoformat() for d in parse_days(content.period)):
        return content.period
    return first if first == last else f"{first}..{last}"


def glance(content: DigestContent, lang: str, names: int = 5) -> str:
    """The digest in one line, below the intro (the subject alone said how much): how many new lessons and documents,
    from which projects (the first ``names``, most new lessons first). Empty when there are none."""
    if not any(content.counts().values()):
        return ""
    summary = _summary(content, lang)
    if not content.projects:
        return message("glance_no_project", lang, summary=summary)
    shown = message("list_comma", lang).join(content.projects[:names])
    if len(content.projects) > names:
        shown = message("names_more", lang, names=shown, n=len(content.projects) - names)
    return message("glance", lang, summary=summary, projects=message("projects_n", lang, n=len(content.projects)),
                   names=shown)


def build_message(content: DigestContent, *, base_url: str, secret: str, mail_from: str) -> EmailMessage:
    """The e-mail: both MIME parts (plain text first, so that a client shows the HTML it prefers), Date,
    Content-Language and List-Unsubscribe headers for one-click unsubscribing."""
    subject, html, text = render(content, base_url=base_url, secret=secret)
    sub = content.subscriber
    urls = links(base_url, secret, sub)
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["Subject"] = subject
    msg["From"] = mail_from
    msg["To"] = recipient(sub)
    msg["Date"] = format_datetime(datetime.now(UTC))  # smtplib adds none; relays flag a mail without
    msg["Message-ID"] = make_msgid(domain=_domain(mail_from))
    msg["List-Unsubscribe"] = f"<{urls['unsubscribe']}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["X-Lessons-KB-Period"] = content.period
    msg.set_content(text, charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    # RFC 3282, read by Outlook and screen readers; after the parts, as set_content drops a message's Content-*
    msg["Content-Language"] = "zh-CN" if sub.get("language") == "zh" else "en"
    return msg


def _summary(content: DigestContent, lang: str) -> str:
    """How much is new ("6 new lessons, 2 new documents, 1 updated"), a count of none left out unless all are: "0 new
    lessons, 1 document" began the subject with a zero that read as nothing new. New and updated documents are said
    apart: "49 new lessons, 8 documents" counted both, and read as eight new ones."""
    counts = content.counts()
    parts = [message(key, lang, n=counts[name]) for name, key in
             (("lessons", "summary_lessons"), ("documents", "summary_documents"), ("updated", "summary_updated"))
             if counts[name]]
    if not parts:
        parts = [message("summary_lessons", lang, n=0), message("summary_documents", lang, n=0)]
    return message("comma", lang).join(parts)


def recipient(sub: dict[str, Any]) -> Address:
    """The To: address of a subscriber: the display name quoted or encoded by the email package whatever it holds
    (commas, quotes, Chinese), on one line even if an older version stored it with line breaks.

    Raises:
        ValueError: the stored address itself cannot be a header (only a database written around the checks).
    """
    return Address(display_name=one_line(sub.get("name") or ""), addr_spec=sub["email"])


def agenda_slot(item: dict[str, Any], lang: str) -> str:
    """When an agenda item is on and who presents it, as set (``14:00–14:20 (20 min) · Presenter: Pat``,
    ``14:00–14:20（20 分钟） · 分享人：王芳``); empty when neither is."""
    when = ""
    if item.get("slot_start"):
        when = item["slot_start"] + (f"–{item['slot_end']}" if item.get("slot_end") else "")
    if item.get("duration_minutes"):
        length = message("minutes_long", lang, n=item["duration_minutes"])
        when = when + message("after_parens", lang, text=length) if when else length
    presenter = one_line(item.get("presenter") or "")
    parts = [when] if when else []
    if presenter:
        parts.append(message("presenter", lang, name=presenter))
    return " · ".join(parts)


def session_when(value: str | None, lang: str, this_year: int) -> str:
    """A share session's day and time as its reader says them, with the weekday: "Tue Dec 1, 14:00",
    "12月1日（星期二）14:00" (it was the stored "2026-12-01 14:00"); the year only when it is not ``this_year`` (the
    digest's). The organiser's wall-clock time, as typed: it has no zone to convert. Text that is not a time as is."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    day = days_named(moment.date(), moment.date(), lang, year=moment.year != this_year)
    weekday = message("weekdays", lang).split()[moment.weekday()]
    if "T" not in value and " " not in value:
        return message("session_day", lang, weekday=weekday, day=day)
    return message("session_when", lang, weekday=weekday, day=day, time=f"{moment:%H:%M}")


def _interests(sub: dict[str, Any], lang: str) -> str:
    interests = sub.get("interests") or {}
    parts = [*interests.get("projects", []), *interests.get("tags", []),
             *(message(f"kind_{k}", lang) for k in interests.get("kinds", []))]
    return message("list_comma", lang).join(parts) if parts else message("everything", lang)


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"
