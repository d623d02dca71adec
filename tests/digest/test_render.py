"""Rendering a digest: the exact plain text in English and Chinese, the HTML's links and escaping, the subject, and
every header of the e-mail. The content is built by hand (no store, no model): rendering is tested on its own."""

from __future__ import annotations

import re
from email import message_from_bytes, policy

import pytest
from markupsafe import escape

from kb.digest.content import DigestContent, Section
from kb.digest.links import read_token
from kb.digest.messages import MESSAGES, message
from kb.digest.render import build_message, recipient, render, session_when
from kb.digest.text_lines import wrap

SECRET = "s3cret"
BASE = "http://kb.example.org/"
TOKEN = re.compile(r"/(unsubscribe|subscription)/([A-Za-z0-9_.-]+)")


def subscriber(**over):
    return {"id": 7, "link_nonce": "n0nce", "email": "li.na@example.org", "name": "Li <Na> & co", "language": "en",
            "interests": {"projects": ["ERP"], "tags": ["vendor"], "kinds": ["went_wrong", "root_cause"]},
            "role": "curator", **over}


LESSON = {"id": 11, "kind": "went_wrong", "text": "Vendor <b>late</b>", "document_key": "erp/retro 1",
          "document_title": "ERP & retro", "project": "ERP", "date": "2026-11-20"}


def full(sub=None, period="2026-W47", **over) -> DigestContent:
    """A digest with something in every section."""
    fields = {
        "subscriber": sub or subscriber(), "period": period, "window_start": "2026-11-16T00:00:00+00:00",
        "window_end": "2026-11-23T00:00:00+00:00",
        "new_documents": Section([{"key": "erp/retro 1", "title": "ERP & retro", "project": "ERP",
                                "date": "2026-11-20"}], 2),
        "updated_documents": Section([{"key": "hr/会议", "title": "HR 会议", "project": "HR", "date": None}]),
        "new_lessons": Section([LESSON, {**LESSON, "id": 12, "kind": "lesson", "text": "Plan buffers"}], 4),
        "recurring": Section([{**LESSON, "past": [{"lesson_id": 3, "project": "CRM", "document_title": "CRM retro",
                                                "text": "y" * 139 + "z" + "w" * 10}], "past_count": 5}]),
        "sessions": Section([{"id": 5, "title": "Vendor lessons", "scheduled_at": "2026-12-01T14:00",
                           "location": "Room 2", "presenters": ["Pat", "Li"],
                           "items": [{"lesson_text": "Vendor late"}, {"lesson_text": None}]}]),
        "failed_searches": Section([{"query": "risk & vendor/x", "times": 3}]),
        "untagged": Section([{"key": "misc/a b", "title": "Untagged one", "project": "P"}]),
        "projects": ["ERP", "HR"]}
    fields.update(over)
    return DigestContent(**fields)


def empty(sub=None, period="2026-W47") -> DigestContent:
    return DigestContent(sub or subscriber(), period, "2026-11-16T00:00:00+00:00", "2026-11-23T00:00:00+00:00",
                         *(Section() for _ in range(7)))


def tokens_checked(text: str, sub: dict) -> str:
    """The text with each signed token replaced by <token>, after checking it names the subscriber."""
    for purpose, token in TOKEN.findall(text):
        assert read_token(SECRET, "manage" if purpose == "subscription" else purpose, token) == (sub["id"],
                                                                                              sub["link_nonce"])
    return TOKEN.sub(lambda m: f"/{m.group(1)}/<token>", text)


EN_TEXT = """Hello Li <Na> & co,

Here is what the PMO's knowledge base learned between Nov 16 and Nov 22, 2026.
6 new lessons, 3 new documents, 1 updated, from 2 projects: ERP, HR.
Your interests: ERP, vendor, Went wrong, Root cause

== This week's recurring problems ==
New lessons about problems that earlier projects already met. Read what they
learned.

* Vendor <b>late</b>
  ERP · ERP & retro
  http://kb.example.org/lessons/11
  Seen before in:
  - CRM · CRM retro:
    {past}
    http://kb.example.org/lessons/3

== New lessons ==
ERP · ERP & retro
http://kb.example.org/documents/erp/retro%201
* [Went wrong] Vendor <b>late</b>
  http://kb.example.org/lessons/11
* [Lesson] Plan buffers
  http://kb.example.org/lessons/12
  (and 4 more in Lessons KB)
  http://kb.example.org/browse?lessons_added=2026-W47&tag=vendor&project=ERP&match=any&kind=went_wrong&kind=root_cause&sort=ingested

== New documents ==
* ERP & retro (ERP, 2026-11-20)
  http://kb.example.org/documents/erp/retro%201
  (and 2 more in Lessons KB)
  http://kb.example.org/browse?added=2026-W47&tag=vendor&project=ERP&match=any&sort=matched

== Updated documents ==
* HR 会议 (HR)
  http://kb.example.org/documents/hr/%E4%BC%9A%E8%AE%AE

== Upcoming share sessions ==
* Vendor lessons — Tue Dec 1, 14:00, Room 2, Pat, Li
  http://kb.example.org/sessions/5
  1. Vendor late
  2. (hidden by a curator)

== Searches that found nothing (for curators) ==
* risk & vendor/x (3×)

== New documents without tags (for curators) ==
* Untagged one
  http://kb.example.org/documents/misc/a%20b

--
You receive this because you subscribed to the Lessons KB digest.
Change your subscription:
http://kb.example.org/subscription/<token>
Unsubscribe:
http://kb.example.org/unsubscribe/<token>""".replace("{past}", "y" * 139 + "z…")

ZH_TEXT = """Li <Na> & co，您好：

以下是2026年11月16日至11月22日期间知识库新增的内容。
共 6 条新经验，3 篇新文档，1 篇文档有更新，来自 2 个项目：ERP、HR。
您关注的内容：ERP、vendor、需要改进、根本原因

== 本周重复出现的问题 ==
这些新经验涉及的问题，以前的项目已经遇到过。看看他们当时的经验。

* Vendor <b>late</b>
  ERP · ERP & retro
  http://kb.example.org/lessons/11
  以前出现在：
  - CRM · CRM retro：
    {past}
    http://kb.example.org/lessons/3

== 新经验 ==
ERP · ERP & retro
http://kb.example.org/documents/erp/retro%201
* 【需要改进】Vendor <b>late</b>
  http://kb.example.org/lessons/11
* 【经验教训】Plan buffers
  http://kb.example.org/lessons/12
  （以及另外 4 条，请在知识库中查看）
  http://kb.example.org/browse?lessons_added=2026-W47&tag=vendor&project=ERP&match=any&kind=went_wrong&kind=root_cause&sort=ingested

== 新文档 ==
* ERP & retro（ERP，2026-11-20）
  http://kb.example.org/documents/erp/retro%201
  （以及另外 2 篇，请在知识库中查看）
  http://kb.example.org/browse?added=2026-W47&tag=vendor&project=ERP&match=any&sort=matched

== 更新的文档 ==
* HR 会议（HR）
  http://kb.example.org/documents/hr/%E4%BC%9A%E8%AE%AE

== 即将举行的经验分享会 ==
* Vendor lessons — 12月1日（星期二）14:00，Room 2，Pat、Li
  http://kb.example.org/sessions/5
  1. Vendor late
  2. （已被知识管理员隐藏）

== 没有结果的搜索（供管理员参考） ==
* risk & vendor/x（3 次）

== 没有标签的新文档（供管理员参考） ==
* Untagged one
  http://kb.example.org/documents/misc/a%20b

--
您收到此邮件是因为订阅了经验教训知识库周报。
修改订阅：
http://kb.example.org/subscription/<token>
退订：
http://kb.example.org/unsubscribe/<token>""".replace("{past}", "y" * 139 + "z…")


@pytest.mark.parametrize(("language", "subject", "expected"), [
    ("en", "Lessons KB digest: 6 new lessons, 3 new documents, 1 updated (Nov 16–22)", EN_TEXT),
    ("zh", "经验教训知识库周报：6 条新经验，3 篇新文档，1 篇文档有更新（11月16日–22日）", ZH_TEXT),
])
def test_the_plain_text_part_in_each_language(language, subject, expected):
    sub = subscriber(language=language)
    got_subject, _html, text = render(full(sub), base_url=BASE, secret=SECRET)
    assert got_subject == subject
    assert tokens_checked(text, sub) == expected


def test_a_subscriber_without_a_language_reads_english():
    sub = subscriber()
    del sub["language"]
    subject, html, text = render(full(sub), base_url=BASE, secret=SECRET)
    assert subject.endswith("3 new documents, 1 updated (Nov 16–22)") and text.startswith("Hello Li <Na> & co,")
    assert '<html lang="en">' in html


def test_the_html_part_escapes_user_text_and_links_only_to_the_site():
    sub = subscriber()
    _subject, html, _text = render(full(sub), base_url=BASE, secret=SECRET)
    assert '<html lang="en">' in html and "<title>Week 47, Nov 16–22, 2026</title>" in html
    assert ">Lessons KB weekly digest</div>" in html
    assert "Hello Li &lt;Na&gt; &amp; co," in html and "Vendor &lt;b&gt;late&lt;/b&gt;" in html
    assert "<b>late" not in html and "Li <Na>" not in html
    assert '— <span lang="en">' + "y" * 139 + "z…</span></li>" in html  # past lessons cut at 140 characters, marked
    assert "Tue Dec 1, 14:00 · Room 2 · Pat, Li" in html
    assert '<li><span lang="en">Vendor late</span></li><li>(hidden by a curator)</li>' in html
    hrefs = [TOKEN.sub(lambda m: f"/{m.group(1)}/<token>", h) for h in re.findall(r'href="([^"]+)"', html)]
    assert hrefs == [
        "http://kb.example.org/documents/erp/retro%201", "http://kb.example.org/lessons/11",
        "http://kb.example.org/lessons/3",
        "http://kb.example.org/documents/erp/retro%201",  # the new lessons' document, once above both
        "http://kb.example.org/lessons/11", "http://kb.example.org/lessons/12",
        "http://kb.example.org/browse?lessons_added=2026-W47&amp;tag=vendor&amp;project=ERP&amp;match=any&amp;kind=went_wrong&amp;kind=root_cause&amp;sort=ingested",
        "http://kb.example.org/documents/erp/retro%201", "http://kb.example.org/browse?added=2026-W47&amp;tag=vendor&amp;project=ERP&amp;match=any&amp;sort=matched",
        "http://kb.example.org/documents/hr/%E4%BC%9A%E8%AE%AE",
        "http://kb.example.org/sessions/5", "http://kb.example.org/?q=risk%20%26%20vendor/x",
        "http://kb.example.org/documents/misc/a%20b",
        "http://kb.example.org/subscription/<token>", "http://kb.example.org/unsubscribe/<token>"]
    tokens_checked(html, sub)


def test_the_chinese_html_part():
    _subject, html, _text = render(full(subscriber(language="zh")), base_url=BASE, secret=SECRET)
    assert '<html lang="zh-CN">' in html and ">经验教训知识库周报</div>" in html
    assert "Li &lt;Na&gt; &amp; co，您好：" in html
    assert '<li><span lang="en">Vendor late</span></li><li>（已被知识管理员隐藏）</li>' in html
    assert ">退订</a>" in html and ">修改订阅</a>" in html


@pytest.mark.parametrize(("language", "announced"), [("en", "Agenda to be announced."), ("zh", "议程待定。")])
def test_a_session_without_an_agenda_yet(language, announced):
    session = {"id": 9, "title": "Kick-off", "scheduled_at": None, "location": None, "presenters": [], "items": []}
    _subject, html, text = render(full(subscriber(language=language), sessions=Section([session])), base_url=BASE,
                                  secret=SECRET)
    assert f'<div style="font-size:14px;">{announced}</div>' in html and "<ol" not in html
    assert "* Kick-off\n  http://kb.example.org/sessions/9\n\n" in text  # no dash before a time not set


@pytest.mark.parametrize(("language", "subject", "title", "recurring", "footer"), [
    ("en", "Lessons KB daily digest: 6 new lessons, 3 new documents, 1 updated (Nov 25)", "Lessons KB daily digest",
     "Recurring problems", "You receive this because you subscribed to the Lessons KB daily digest."),
    ("zh", "经验教训知识库日报：6 条新经验，3 篇新文档，1 篇文档有更新（11月25日）", "经验教训知识库日报",
     "重复出现的问题", "您收到此邮件是因为订阅了经验教训知识库日报。"),
])
def test_a_daily_digest_says_daily(language, subject, title, recurring, footer):
    """Its subject and title said daily (日报), but its recurring problems were "this week's" (本周) and its footer
    said the reader had subscribed to the weekly one (周报)."""
    got, html, text = render(full(subscriber(language=language), period="2026-11-25"), base_url=BASE,
                             secret=SECRET)
    assert got == subject and f">{title}</div>" in html
    assert f">{recurring}</h2>" in html and f"\n== {recurring} ==\n" in text
    assert f"\n  {footer}<br>" in html and f"\n--\n{footer}\n" in text
    assert "week" not in (text + html).lower() and "周" not in text + html


@pytest.mark.parametrize(("language", "greeting", "interests", "nothing"), [
    ("en", "Hello li.na,", "Your interests: everything", "Nothing new matched your interests this time."),
    ("zh", "li.na，您好：", "您关注的内容：全部", "本期没有与您关注内容相关的新内容。"),
])
def test_an_empty_digest_without_name_or_interests(language, greeting, interests, nothing):
    sub = subscriber(language=language, name=None, interests={})
    subject, html, text = render(empty(sub), base_url=BASE, secret=SECRET)
    assert subject == {"en": "Lessons KB digest: 0 new lessons, 0 new documents (Nov 16–22)",
                       "zh": "经验教训知识库周报：0 条新经验，0 篇新文档（11月16日–22日）"}[language]
    lines = text.splitlines()
    assert lines[0] == greeting and lines[3] == interests and lines[5] == nothing
    assert "==" not in text and nothing in html and "<h2" not in html


def test_only_the_sections_with_items_are_shown():
    content = empty()
    content.updated_documents = Section([{"key": "k", "title": "Only update", "project": "P", "date": "2026-01-02"}])
    _subject, html, text = render(content, base_url=BASE, secret=SECRET)
    assert re.findall(r"^== (.*) ==$", text, re.MULTILINE) == ["Updated documents"]
    assert re.findall(r"<h2[^>]*>(.*)</h2>", html) == ["Updated documents"]
    assert "* Only update (P, 2026-01-02)\n  http://kb.example.org/documents/k" in text
    assert "Nothing new matched" not in text


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["* Dated (2026-01-02)", "* Bare"]), ("zh", ["* Dated（2026-01-02）", "* Bare"])])
def test_a_document_without_project_or_date_has_no_empty_brackets(language, expected):
    content = empty(subscriber(language=language))
    content.new_documents = Section([{"key": "k", "title": "Dated", "project": None, "date": "2026-01-02"},
                                     {"key": "b", "title": "Bare", "project": None, "date": None}])
    _subject, _html, text = render(content, base_url=BASE, secret=SECRET)
    assert [line.split("://")[0] for line in text.splitlines() if line.startswith("* ")] == expected


def test_counts_for_the_subject_include_what_did_not_fit():
    content = full()
    assert content.counts() == {"lessons": 6, "documents": 3, "updated": 1}
    content.updated_documents = Section([{}, {}], 5)
    assert content.counts() == {"lessons": 6, "documents": 3, "updated": 7}
    assert not content.is_empty()


@pytest.mark.parametrize(("value", "en", "zh"), [
    ("2026-12-01T14:00", "Tue Dec 1, 14:00", "12月1日（星期二）14:00"),
    ("2027-01-08T09:30", "Fri Jan 8, 2027, 09:30", "2027年1月8日（星期五）09:30"),  # next year's: with the year
    ("2026-12-06", "Sun Dec 6", "12月6日（星期日）"),  # a day, no time set
    ("next Tuesday", "next Tuesday", "next Tuesday"),  # not a time: as typed
    (None, "", ""),
])
def test_a_share_session_s_time_reads_as_its_reader_says_it(value, en, zh):
    """It was the stored "2026-12-01 14:00": no weekday, and the same ISO text to a Chinese reader."""
    assert (session_when(value, "en", 2026), session_when(value, "zh", 2026)) == (en, zh)


def test_a_session_time_typed_as_text_is_escaped_in_the_html_part():
    # session_when gives text that is no time back as typed: the organiser's, so the HTML part escapes it (r-review)
    session = {"id": 9, "title": "Kick-off", "scheduled_at": "<b>after</b> the demo & lunch", "location": None,
               "presenters": [], "items": []}
    _subject, html, text = render(full(subscriber(), sessions=Section([session])), base_url=BASE, secret=SECRET)
    assert "&lt;b&gt;after&lt;/b&gt; the demo &amp; lunch" in html and "<b>after" not in html
    assert "* Kick-off — <b>after</b> the demo & lunch\n" in text


@pytest.mark.parametrize(("language", "documents_only", "lessons_only"), [
    ("en", "Lessons KB digest: 1 updated (Nov 16–22)", "Lessons KB digest: 6 new lessons (Nov 16–22)"),
    ("zh", "经验教训知识库周报：1 篇文档有更新（11月16日–22日）", "经验教训知识库周报：6 条新经验（11月16日–22日）"),
])
def test_a_count_of_none_is_left_out_of_the_subject_and_the_glance(language, documents_only, lessons_only):
    """A week with one document ingested again and no new lesson was mailed as "0 new lessons, 1 document": the
    subject a phone's list shows began with the zero, read as nothing new (and lessons recorded on the site, with no
    document, as "6 new lessons, 0 documents"). Both zero still says both (an empty digest, when one is sent)."""
    sub = subscriber(language=language, role="reader")
    only_documents = full(sub, new_documents=Section(), new_lessons=Section(), recurring=Section())
    only_lessons = full(sub, new_documents=Section(), updated_documents=Section())
    for content, subject in ((only_documents, documents_only), (only_lessons, lessons_only)):
        got, html, text = render(content, base_url=BASE, secret=SECRET)
        assert got == subject
        summary = re.search(r"[:：](.*)[（(]", subject).group(1).strip()
        glance = text.splitlines()[3]
        assert glance.startswith(("共 " if language == "zh" else "") + summary + ("，来自" if language == "zh" else ", from"))
        zero = message("summary_lessons" if content.new_lessons.items else "summary_documents", language, n=0)
        assert summary in html and zero not in html and zero not in text


@pytest.mark.parametrize("section", ["new_documents", "updated_documents", "new_lessons", "recurring",
                                     "failed_searches", "untagged"])
def test_any_one_section_makes_a_digest_worth_sending_but_sessions_alone_do_not(section):
    content = empty()
    assert content.is_empty()
    setattr(content, section, Section([{"x": 1}]))
    assert not content.is_empty()
    only_sessions = empty()
    only_sessions.sessions = Section([{"id": 1}])
    assert only_sessions.is_empty()


def _parsed(msg):
    return message_from_bytes(msg.as_bytes(), policy=policy.default)


def test_the_e_mail_has_both_parts_and_every_header():
    sub = subscriber(name="李娜", language="zh")
    content = full(sub)
    msg = _parsed(build_message(content, base_url=BASE, secret=SECRET, mail_from="PMO Office <pmo@example.org>"))
    subject, html, text = render(content, base_url=BASE, secret=SECRET)
    assert msg["Subject"] == subject
    assert msg["From"] == "PMO Office <pmo@example.org>"
    assert [(a.display_name, a.addr_spec) for a in msg["To"].addresses] == [("李娜", "li.na@example.org")]
    assert re.fullmatch(r"<[^@<>]+@example\.org>", msg["Message-ID"])
    unsubscribe = msg["List-Unsubscribe"]
    assert re.fullmatch(r"<http://kb\.example\.org/unsubscribe/[A-Za-z0-9_.-]+>", unsubscribe)
    assert read_token(SECRET, "unsubscribe", unsubscribe[1:-1].rsplit("/", 1)[1]) == (7, "n0nce")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["X-Lessons-KB-Period"] == "2026-W47"
    assert msg.get_content_type() == "multipart/alternative"
    plain, rich = msg.get_payload()
    assert (plain.get_content_type(), rich.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == rich.get_content_charset() == "utf-8"
    assert TOKEN.sub("", plain.get_content()) == TOKEN.sub("", text) + "\n"  # the email package ends it with one
    assert TOKEN.sub("", rich.get_content()) == TOKEN.sub("", html) + "\n"


def test_both_parts_declare_utf_8_even_when_the_text_is_plain_ascii():
    msg = _parsed(build_message(empty(subscriber(name="Pat", interests={})), base_url=BASE, secret=SECRET,
                                mail_from="pmo@example.org"))
    assert [part.get_content_charset() for part in msg.get_payload()] == ["utf-8", "utf-8"]


def test_two_messages_never_share_a_message_id():
    one = build_message(empty(), base_url=BASE, secret=SECRET, mail_from="pmo@example.org")
    two = build_message(empty(), base_url=BASE, secret=SECRET, mail_from="pmo@example.org")
    assert one["Message-ID"] != two["Message-ID"]


@pytest.mark.parametrize(("mail_from", "domain"), [
    ("pmo@example.org", "example.org"), ("PMO <pmo@mail.example.org>", "mail.example.org"),
    ("PMO <pmo@example.org >", "example.org"), ("lessons-kb", "lessons-kb"), ("", "localhost"),
])
def test_the_message_id_uses_the_sender_s_domain(mail_from, domain):
    msg = build_message(empty(), base_url=BASE, secret=SECRET, mail_from=mail_from)
    assert msg["Message-ID"].endswith(f"@{domain}>")


@pytest.mark.parametrize(("name", "display"), [
    ("李娜", "李娜"), ('Bob, "the boss"', 'Bob, "the boss"'), ("Bob\r\nBcc: evil@example.org", "Bob Bcc: evil@example.org"),
    ("  two\t\tspaces  ", "two spaces"), (None, ""), ("", ""),
])
def test_the_recipient_display_name_is_kept_on_one_line(name, display):
    address = recipient({"name": name, "email": "x@example.org"})
    assert (address.display_name, address.addr_spec) == (display, "x@example.org")


def test_a_subscriber_without_a_name_field_is_addressed_by_address_only():
    address = recipient({"email": "x@example.org"})
    assert str(address) == "x@example.org"


def test_messages_have_both_languages_and_fill_placeholders():
    assert all(len(pair) == 2 and all(pair) for pair in MESSAGES.values())
    assert message("more", "en", n=3) == "and 3 more in Lessons KB"
    assert message("more", "zh", n=3) == "以及另外 3 条，请在知识库中查看"
    assert message("more", "fr", n=3) == "and 3 more in Lessons KB"  # any other language reads English
    assert message("times", "en") == "{n}×"  # without values the text is left as it is
    assert message("kind_went_wrong", "zh") == "需要改进" and message("kind_action_item", "en") == "Action item"


def test_more_documents_are_counted_as_documents_in_chinese():
    """"以及另外 2 条" under the new documents: 条 counts lessons; documents are 篇 (text and HTML alike)."""
    _subject, html, text = render(full(subscriber(language="zh")), base_url=BASE, secret=SECRET)
    for part in (html, text):
        assert "以及另外 2 篇，请在知识库中查看" in part and "以及另外 4 条，请在知识库中查看" in part
        assert "以及另外 2 条" not in part


def test_each_text_says_its_language_as_the_pages_do():
    """An English digest set Chinese lessons and titles under lang="en": a screen reader read them in an English
    voice, and a mail client could pick Japanese glyphs for them. Each now carries its own lang (none when mixed)."""
    chinese = {**LESSON, "id": 21, "text": "供应商接口交付延期五周", "document_title": "ERP升级一期复盘"}
    past = [{"lesson_id": 3, "project": "CRM", "document_title": "CRM retro", "text": "测试环境直到上线前一周才准备好"}]
    content = full(new_lessons=Section([chinese, {**LESSON, "id": 22, "text": "SAP 接口 late again"}]),
                   recurring=Section([{**LESSON, "past": past, "past_count": 3}]))
    _subject, html, _text = render(content, base_url=BASE, secret=SECRET)
    assert re.search(r'/lessons/21" lang="zh"[^>]*>供应商接口交付延期五周</a>', html)
    assert re.search(r'<span lang="zh">测试环境直到上线前一周才准备好</span>', html)
    assert re.search(r'/lessons/11" lang="en"[^>]*>Vendor &lt;b&gt;late&lt;/b&gt;</a>', html)
    assert re.search(r'/lessons/22" class="tx" style', html)  # mixed: the page's language
    assert re.search(r'/documents/erp/retro%201" lang="en"[^>]*>ERP &amp; retro</a>', html)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_and_more_leads_somewhere_in_both_parts(language):
    """The plain text said "(and 1,085 more in Lessons KB)" with no address, and said nothing of the recurring
    problems left out; the HTML linked the lessons' "and N more" but not the documents'."""
    content = full(subscriber(language=language), recurring=Section(full().recurring.items, 5))
    _subject, html, text = render(content, base_url=BASE, secret=SECRET)
    more = {"en": ("(and {n} more in Lessons KB)", "(and {n} more in Lessons KB)", "({n} more of the new lessons recur too)"),
            "zh": ("（以及另外 {n} 条，请在知识库中查看）", "（以及另外 {n} 篇，请在知识库中查看）",
                   "（另有 {n} 条新经验也是重复出现的问题）")}[language]
    assert f"\n  {more[0].format(n=4)}\n  {LESSONS_ADDED}\n" in text  # the link alone on its line
    assert f"\n  {more[1].format(n=2)}\n  {ADDED}\n" in text
    assert f"\n\n  {more[2].format(n=5)}\n" in text  # the recurring problems left out: no page lists them
    assert f'<a href="{escape(ADDED)}" class="ln" style="color:#1d5fbf;display:inline-block;padding:12px 0;line-height:20px;">{more[1].format(n=2)[1:-1]}</a>' in html


ADDED = "http://kb.example.org/browse?added=2026-W47&tag=vendor&project=ERP&match=any&sort=matched"
# old documents' new lessons too, of the reader's kinds (the documents' are of any kind: the digest takes them so)
LESSONS_ADDED = "http://kb.example.org/browse?lessons_added=2026-W47&tag=vendor&project=ERP&match=any&kind=went_wrong&kind=root_cause&sort=ingested"


@pytest.mark.parametrize(("interests", "window_start", "query"), [
    ({"tags": ["vendor", "数据迁移"]}, "2026-11-16", "added=2026-W47&tag=vendor&tag=%E6%95%B0%E6%8D%AE%E8%BF%81%E7%A7%BB"),
    ({"projects": ["ERP & co"], "kinds": ["went_wrong"]}, "2026-11-16", "added=2026-W47&project=ERP+%26+co"),
    ({"projects": ["ERP"], "tags": ["vendor"]}, "2026-11-16", "added=2026-W47&tag=vendor&project=ERP&match=any"),  # either
    ({}, "2026-11-20", "added=2026-11-20..2026-11-22"),  # the window since the last digest, not the whole week
    ({}, "2026-11-22", "added=2026-11-22"),
])
def test_and_more_leads_to_the_documents_added_in_the_window_with_the_readers_interests(interests, window_start,
                                                                                          query):
    """The new documents' "and N more" opens the documents first added in the window; the new lessons' the documents
    that gained lessons in it (an older document given a lesson too), with the same interests and days."""
    content = full(subscriber(interests=interests), window_start=f"{window_start}T00:00:00+00:00")
    _subject, _html, text = render(content, base_url=BASE, secret=SECRET)
    assert f"(and 2 more in Lessons KB)\n  {BASE}browse?{query}&sort=matched\n" in text
    kinds = "".join(f"&kind={kind}" for kind in interests.get("kinds", []))
    assert f"(and 4 more in Lessons KB)\n  {BASE}browse?lessons_{query}{kinds}&sort=ingested\n" in text


def test_a_past_lesson_is_cut_at_a_word_and_marked_in_both_parts():
    """Recurring issues quote past lessons' starts: cut at a word with "…" in the HTML and the text part alike (the
    text part cut mid-word, unmarked, at 140 characters)."""
    text = ("The interface specification was agreed only verbally, so the vendor built against a draft and every "
            "change after the first integration test cost a week of rework on both sides.")
    content = full(recurring=Section([{**LESSON, "past": [{"lesson_id": 3, "project": "CRM",
                                                            "document_title": "CRM retro", "text": text}],
                                       "past_count": 1}]))
    _, html, plain = render(content, base_url="http://kb.example.org", secret="s")
    cut = "The interface specification was agreed only verbally, so the vendor built against a draft and every change after the first integration test…"
    assert wrap(f"CRM · CRM retro: {cut}", "  - ", "    ") + "\n" in plain and cut in html
    assert text[:140] not in plain


@pytest.mark.parametrize(("language", "period", "subject", "header"), [
    ("zh", "2026-W49", "经验教训知识库周报：1 条新经验，1 篇新文档（11月30日–12月6日）", "2026年第49周（11月30日–12月6日）"),
    ("en", "2026-W49", "Lessons KB digest: 1 new lesson, 1 new document (Nov 30–Dec 6)", "Week 49, Nov 30–Dec 6, 2026"),
    ("en", "2026-W53", "Lessons KB digest: 1 new lesson, 1 new document (Dec 28–Jan 3)", "Week 53, Dec 28, 2026–Jan 3, 2027"),
    ("zh", "2026-W01", "经验教训知识库周报：1 条新经验，1 篇新文档（12月29日–1月4日）",
     "2026年第1周（2025年12月29日–2026年1月4日）"),
    ("zh", "2026-11-25", "经验教训知识库日报：1 条新经验，1 篇新文档（11月25日）", "2026年11月25日"),
])
def test_the_subject_and_the_first_line_name_the_days(language, period, subject, header):
    """Readers met "2026-W48" in the subject and atop the mail: most cannot say which days a week number is. The
    first line then said "2026年11月30日–12月6日 · 2026-W49", the machine's form beside the reader's: the week is said
    as readers say it ("2026年第49周", "Week 49"); the ISO label stays in the X-Lessons-KB-Period header."""
    content = empty(subscriber(language=language), period=period)
    content.new_lessons = Section([LESSON])
    content.new_documents = Section([{"key": "k", "title": "T", "project": None, "date": None}])
    raw = build_message(content, base_url=BASE, secret=SECRET, mail_from="pmo@example.org").as_bytes()
    msg = message_from_bytes(raw, policy=policy.default)  # a real MIME parser: the dash and the spaces survive
    assert msg["Subject"] == subject
    html = msg.get_body(preferencelist=("html",)).get_content()
    assert f'<div class="mu" style="font-size:14px;color:#5f6b7a;">{header}</div>' in html
    assert f"<title>{header}</title>" in html and period not in html and msg["X-Lessons-KB-Period"] == period


@pytest.mark.parametrize("lessons", [119, 1, 12345])
def test_a_chinese_subject_keeps_its_spaces_in_the_mail(lessons):
    # "…周报 2026-W49：119 条新经验，10 篇文档" arrived as "…119条新经验…": folded into encoded words, the space
    # between two of them, which every mail reader drops (RFC 2047)
    content = empty(subscriber(language="zh"), period="2026-W49")
    content.new_lessons = Section([LESSON], lessons - 1)
    content.new_documents = Section([{"key": "k", "title": "T", "project": None, "date": None}], 9)
    subject, _html, _text = render(content, base_url=BASE, secret=SECRET)
    assert f"：{lessons:,} 条新经验，10 篇新文档" in subject
    for raw in (build_message(content, base_url=BASE, secret=SECRET, mail_from="pmo@example.org").as_bytes(),
                build_message(content, base_url=BASE, secret=SECRET, mail_from="pmo@example.org").as_string()
                .encode()):
        assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject


@pytest.mark.parametrize(("language", "projects", "line"), [
    ("en", ["R&D <x>"], "6 new lessons, 3 new documents, 1 updated, from 1 project: R&D <x>."),
    ("zh", [], "共 6 条新经验，3 篇新文档，1 篇文档有更新。"),
    ("en", list("ABCDEFG"), "6 new lessons, 3 new documents, 1 updated, from 7 projects: A, B, C, D, E and 2 more."),
    ("zh", list("ABCDEFG"), "共 6 条新经验，3 篇新文档，1 篇文档有更新，来自 7 个项目：A、B、C、D、E 等。"),
])
def test_the_first_lines_say_how_much_is_new_and_from_which_projects(language, projects, line):
    """The subject alone said how much the week brought: the mail opened with the greeting and then the first
    recurring problem, three phone screens long."""
    content = full(subscriber(language=language), projects=projects)
    _subject, html, text = render(content, base_url=BASE, secret=SECRET)
    assert text.split("\n", 3)[3].startswith(wrap(line) + "\n")  # 78 columns at most: over two lines if longer
    assert f'<p style="margin:0 0 8px;font-weight:bold;">{escape(line)}</p>' in html


def test_an_empty_digest_has_no_line_of_counts():
    content = empty(subscriber(language="zh"))
    content.projects = ["ERP"]
    _subject, html, text = render(content, base_url=BASE, secret=SECRET)
    assert "条新经验" not in text and "font-weight:bold;\">" not in html


def test_a_long_new_lesson_is_quoted_by_its_start_and_its_link_reads_the_rest():
    """New lessons and recurring problems were quoted whole: one of 573 characters filled a phone's screen. Cut at
    240 (an English lesson at a word, a Chinese one at a character) with "…" in both parts; the lesson's language is
    still read from all of it."""
    english = "The wave 3 cutover ran over its window because " + "the rollback rehearsal was skipped again " * 12
    chinese = "迁移演练使用七个月前的数据快照，" * 20
    lessons = [{**LESSON, "id": 31, "text": english}, {**LESSON, "id": 32, "text": chinese}]
    content = full(new_lessons=Section(lessons), recurring=Section([{**lessons[0], "past": [], "past_count": 3}]))
    _, html, plain = render(content, base_url=BASE, secret=SECRET)
    en_cut = english[:240].rsplit(" ", 1)[0] + "…"
    zh_cut = chinese[:239] + "…"  # the 240th character is a comma, trimmed before the "…"
    assert wrap(en_cut, "* ", "  ") + "\n" in plain and wrap(f"[Went wrong] {en_cut}", "* ", "  ") + "\n" in plain
    assert wrap(f"[Went wrong] {zh_cut}", "* ", "  ") + "\n" in plain
    assert html.count(f">{en_cut}</a>") == 2 and f'lang="zh" class="tx" style="color:#1f2933;text-decoration:none;">{zh_cut}</a>' in html
    assert english[:250] not in plain + html and chinese[:241] not in plain + html


def test_new_lessons_stand_under_their_document_named_once():
    """Each lesson had its project and document under it: ten lessons of one post-mortem, the same line ten times."""
    def lesson(i, key, title, project):
        return {**LESSON, "id": i, "text": f"lesson {i}", "document_key": key, "document_title": title,
                "project": project}

    lessons = [lesson(1, "wms/pm", "RF outage", "WMS"), lesson(2, "wms/pm", "RF outage", "WMS"),
               lesson(3, "pmo/reg", "Register row", None), lesson(4, "wms/pm", "RF outage", "WMS")]
    _, html, plain = render(full(new_lessons=Section(lessons)), base_url=BASE, secret=SECRET)
    section = plain.split("== New lessons ==\n", 1)[1].split("\n\n== ", 1)[0]
    assert section == """WMS · RF outage
http://kb.example.org/documents/wms/pm
* [Went wrong] lesson 1
  http://kb.example.org/lessons/1
* [Went wrong] lesson 2
  http://kb.example.org/lessons/2

Register row
http://kb.example.org/documents/pmo/reg
* [Went wrong] lesson 3
  http://kb.example.org/lessons/3

WMS · RF outage
http://kb.example.org/documents/wms/pm
* [Went wrong] lesson 4
  http://kb.example.org/lessons/4"""
    html = html.split(">New lessons</h2>", 1)[1].split("<h2", 1)[0]
    names = re.findall(r'>([^<>]*)<a href="http://kb\.example\.org/documents/([^"]+)"[^>]*>([^<]+)</a></div>', html)
    assert names == [("WMS · ", "wms/pm", "RF outage"), ("", "pmo/reg", "Register row"), ("WMS · ", "wms/pm", "RF outage")]


@pytest.mark.parametrize(("language", "said"), [
    ("en", "a pasted text of 6,000 characters: “供应商接口交付延期，测试环境没有准备好…”"),
    ("zh", "一段 6,000 个字符的粘贴文本：“供应商接口交付延期，测试环境没有准备好…”")])
def test_a_pasted_search_that_found_nothing_is_its_opening_and_length_without_a_link(language, said):
    # its first 500 characters were listed, and linked to a search of them as if typed (r-review)
    pasted = {"query": "供应商接口交付延期，测试环境没有准备好…", "times": 2, "pasted_chars": 6000}
    content = full(subscriber(language=language),
                   failed_searches=Section([pasted, {"query": "risk & vendor/x", "times": 3, "pasted_chars": None}]))
    _subject, html, text = render(content, base_url=BASE, secret=SECRET)
    assert f"<li>{said} <span" in html and "?q=%E4%BE%9B" not in html and "?q=risk%20%26%20vendor/x" in html
    assert f"* {said}" in text and text.split(said)[1].lstrip().startswith(("(2×)", "（2"))  # its count (wrapped)


@pytest.mark.parametrize(("language", "said"), [
    ("en", "a pasted text of 500 characters or more: “lesson text lesson text…”"),
    ("zh", "一段至少 500 个字符的粘贴文本：“lesson text lesson text…”")])
def test_a_pasted_search_the_log_cut_at_500_characters_is_not_said_to_be_500(language, said):
    # logged before migration 0028 (kb.store.curation.OLD_LOG_CUT), it read "a pasted text of 500 characters"
    cut = {"query": "lesson text lesson text…", "times": 1, "pasted_chars": 500, "pasted_cut": 1}
    _subject, html, text = render(full(subscriber(language=language), failed_searches=Section([cut])),
                                  base_url=BASE, secret=SECRET)
    assert f"<li>{said} <span" in html and f"* {said}" in text


def test_a_pasted_searchs_opening_is_escaped_in_the_html_digest():
    # the search log keeps what anyone typed or pasted; the pasted line is a message with the text inside (r-review)
    pasted = {"query": "<script>alert(1)</script> & <b>供应商</b>…", "times": 1, "pasted_chars": 700}
    _subject, html, text = render(full(subscriber(), failed_searches=Section([pasted])), base_url=BASE, secret=SECRET)
    assert "“&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;供应商&lt;/b&gt;…”" in html
    assert "<script>" not in html and "<b>供应商" not in html
    assert "“<script>alert(1)</script>" in text  # a plain-text e-mail: as it was written
