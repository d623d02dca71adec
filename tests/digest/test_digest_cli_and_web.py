"""The CLI (subscribers, preview, send) and the web pages (subscribe, confirm, manage, unsubscribe, preview)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.digest import current_week, periods
from kb.digest.links import make_token
from kb.digest.periods import period_dates
from tests.clock import DIGEST, local_day, stop_clock, utc_now
from tests.web.conftest import refused
from web import create_app


def kb(settings, *args, env=None, code=0):
    base = {"KB_DB": str(settings.db), "KB_SECRET_KEY": settings.secret_key, "KB_SMTP_PORT": str(settings.smtp_port),
            "KB_SMTP_HOST": "127.0.0.1", "KB_BASE_URL": settings.base_url, "KB_MAIL_BACKOFF": "0.01"}
    result = CliRunner().invoke(cli, list(args), env={**base, **(env or {})}, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_subscribers_cli(env, tmp_path):
    _store, settings, _, _ = env
    assert "subscribed li@example.org (weekly, zh)" in kb(settings, "subscribers", "add", "li@example.org", "--lang",
                                                          "zh", "--tag", "供应商管理", "--kind", "went_wrong")
    kb(settings, "subscribers", "add", "li@example.org", code=1)
    csv = tmp_path / "subs.csv"
    csv.write_text("email,name,language,tags,frequency\nwang@example.org,王芳,zh,培训;风险,daily\n"
                   "not-an-address,X,en,,weekly\nli@example.org,Li,en,,weekly\n", encoding="utf-8")
    out = kb(settings, "subscribers", "import", str(csv), code=1)
    assert "1 added, 1 updated, 1 rejected" in out and "subs.csv:3: 'not-an-address' is not an e-mail address" in out
    rows = {r["email"]: r for r in json.loads(kb(settings, "subscribers", "list", "--json"))}
    assert rows["wang@example.org"]["interests"]["tags"] == ["培训", "风险"] and rows["li@example.org"]["language"] == "en"
    assert "removed wang@example.org" in kb(settings, "subscribers", "remove", "wang@example.org")
    kb(settings, "subscribers", "remove", "wang@example.org", code=1)


def _stop_the_clock(monkeypatch) -> datetime:
    """Stop the clock of kb.digest.periods half-way through the current second; return that moment."""
    return stop_clock(monkeypatch, DIGEST, utc_now().replace(microsecond=500_000))


def test_adding_a_subscriber_warns_of_interests_nothing_has(env):
    """A tag or project nothing has (a typo, "Portals" for "Portal") made a subscriber who never heard a thing. A
    project in another case is no such typo: the digest matches "portal" to "Portal", as browse does (it was warned of)."""
    _store, settings, _, _ = env
    out = kb(settings, "subscribers", "add", "q@example.org", "--tag", "quantum-computing", "--tag", "VENDOR",
             "--tag", "供应商管理", "--project", "portal", "--project", "Portal", "--project", "Portals")
    assert "subscribed q@example.org (weekly, en)" in out
    warned = [line for line in out.splitlines() if line.startswith("warning: ")]
    assert [line.split(" yet,")[0] for line in warned] == [
        "warning: nothing in the knowledge base has the tag 'quantum-computing'",
        "warning: nothing in the knowledge base has the project 'Portals'"]
    assert "warning" not in kb(settings, "subscribers", "add", "v@example.org", "--tag", "vendor", "--project", "HR")


def test_preview_and_send_cli(env, smtp, tmp_path, monkeypatch):
    store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org", "--name", "Pat")
    # The new lessons stored earlier in the very second the preview runs (times are kept to the second), which
    # happened now and then, and a preview window ending "now" left them out: frozen, so it happens every time.
    second = _stop_the_clock(monkeypatch).isoformat(timespec="seconds")
    with store.conn:
        store.conn.execute("UPDATE lessons SET created_at = ? WHERE created_at > '2025'", [second])
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE first_ingested > '2025'",
                           [second, second])
    html = tmp_path / "digest.html"
    out = kb(settings, "digest", "preview", "--subscriber", "pat@example.org", "--html", str(html))
    assert out.startswith("Subject: Lessons KB digest") and "payment interface" in out
    assert "<html" in html.read_text(encoding="utf-8")
    assert html.stat().st_mode & 0o777 == 0o600  # its links are signed: for its owner only, as the data folder's files
    # The default reader is greeted in its own language: "Preview，您好：" read as a half-translated page. It is the
    # new subscriber /curate/digest shows, a reader: it was a curator called "Preview", with the curators' sections.
    store.log_search("量子纠缠", "hybrid", 0, None)  # a search that found nothing: for the curators' section
    chinese = kb(settings, "digest", "preview", "--lang", "zh")
    assert "\n读者，您好：\n" in chinese and "供管理员参考" not in chinese
    english = kb(settings, "digest", "preview")
    assert "\nHello Reader,\n" in english and "(for curators)" not in english
    week = current_week().label
    assert "1 would send" in kb(settings, "digest", "send", "--period", week, "--dry-run") and smtp.messages == []
    assert f"{week}: 1 sent" in kb(settings, "digest", "send", "--period", week)
    assert "0 sent, 0 with nothing new, 1 already done" in kb(settings, "digest", "send", "--period", week)
    kb(settings, "digest", "send", "--period", "next week", code=2)


def test_a_preview_of_a_period_with_nothing_new_says_no_digest_goes_out(env, smtp):
    """It printed a whole digest ("Nothing new matched your interests this time.") that 'send' never sends."""
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org", "--name", "Pat")
    note = "note: nothing new for pat@example.org in 2020-W01: 'kb digest send' sends no digest for it"
    assert note in kb(settings, "digest", "preview", "-s", "pat@example.org", "--period", "2020-W01")
    assert "note:" not in kb(settings, "digest", "preview", "-s", "pat@example.org", "--period", "2020-W01",
                             env={"KB_DIGEST_SEND_EMPTY": "1"})
    week = kb(settings, "digest", "preview", "-s", "pat@example.org")
    assert "payment interface" in week and "note:" not in week
    assert "1 with nothing new" in kb(settings, "digest", "send", "--period", "2020-W01") and smtp.messages == []


def test_send_exits_1_when_a_recipient_fails(env, smtp):
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "ok@example.org")
    kb(settings, "subscribers", "add", "bad@example.org")
    smtp.refuse.add("bad@example.org")
    out = kb(settings, "digest", "send", "--period", current_week().label, code=1)
    # the address once: it said "failed: bad@example.org: bad@example.org refused: 550" (c-cli)
    assert "\nfailed: bad@example.org: refused: 550 " in out and "1 sent" in out and out.count("bad@example.org") == 1


def _client(settings):
    app = create_app(settings)
    app.config["TESTING"] = True
    return app.test_client()


def _csrf(client, path="/"):
    return re.search(r'data-csrf="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def test_self_service_subscribe_confirm_manage_and_unsubscribe_once(env, smtp):
    store, settings, _, _ = env
    client = _client(settings)
    token = _csrf(client, "/subscribe")
    assert client.post("/subscribe", data={"email": "new@example.org", "language": "zh"}).status_code == 400  # CSRF
    response = client.post("/subscribe", data={"csrf_token": token, "email": "new@example.org", "name": "新同事",
                                               "language": "zh", "frequency": "weekly", "tags": ["vendor"]})
    assert response.status_code == 200 and store.subscriber("new@example.org")["confirmed"] is False
    mail = smtp.to("new@example.org")[0]
    # addressed with the name given, as the digests are (it was the bare address)
    assert [(a.display_name, a.addr_spec) for a in mail["To"].addresses] == [("新同事", "new@example.org")]
    # dated and identified, as the digests are: without them relays score the first mail a reader gets as spam
    assert mail["Date"].datetime and re.fullmatch(r"<[^@\s]+@example\.org>", mail["Message-ID"])
    assert mail["Content-Language"] == "zh-CN" and mail["Subject"] == "请确认订阅经验教训知识库周报"
    confirmation = mail.get_content()
    link = re.search(r"http://kb\.example\.org(/subscribe/confirm/\S+)", confirmation).group(1)
    # GET only asks (a mail scanner fetching the link confirms nothing); the page's button POSTs with the CSRF token
    for fetch in (client.get(link), client.head(link)):
        assert fetch.status_code == 200 and store.subscriber("new@example.org")["confirmed"] is False
    asked = client.get(link).get_data(as_text=True)
    assert "确认向 new@example.org 发送经验教训周报吗？" in asked  # in the language of the mail that linked here
    assert 'id="confirm-form"' in asked and 'name="csrf_token"' in asked
    assert client.post(link).status_code == 400  # no CSRF token: a page elsewhere cannot confirm
    assert _client(settings).post(link, data={"csrf_token": token}).status_code == 400  # nor another session
    assert store.subscriber("new@example.org")["confirmed"] is False
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', asked.split('id="confirm-form"')[1]).group(1)
    assert client.post(link, data={"csrf_token": form_token}).status_code == 200
    assert store.subscriber("new@example.org")["confirmed"] is True
    assert client.get(link).status_code == 400  # a confirmation link works once
    assert client.post(link, data={"csrf_token": form_token}).status_code == 400

    from kb.digest import send_digests

    send_digests(store, settings, current_week())
    digest = smtp.to("new@example.org")[-1]
    html = digest.get_body(preferencelist=("html",)).get_content()
    manage = re.search(r'href="http://kb\.example\.org(/subscription/[^"]+)"', html).group(1)
    page = client.get(manage)
    assert page.status_code == 200 and "new@example.org" in page.get_data(as_text=True)
    token = _csrf(client, manage)
    client.post(manage, data={"csrf_token": token, "language": "en", "frequency": "daily", "projects": ["Portal"]})
    changed = store.subscriber("new@example.org")
    assert changed["frequency"] == "daily" and changed["interests"]["projects"] == ["Portal"]

    unsubscribe = digest["List-Unsubscribe"].strip("<>").replace("http://kb.example.org", "")
    assert "Stop sending" in client.get(unsubscribe).get_data(as_text=True)
    assert client.head(unsubscribe).status_code == 200 and store.subscriber("new@example.org")["active"] is True
    # the one-click POST of mail clients: no CSRF token, no cookie
    one_click = _client(settings).post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and store.subscriber("new@example.org")["active"] is False
    # clicked again, it says so (it was "400 · Error: this link has already been used") and changes nothing
    for again in (_client(settings).post(unsubscribe), _client(settings).get(unsubscribe)):
        said = again.get_data(as_text=True)
        assert again.status_code == 200 and "new@example.org is unsubscribed already" in said, said
        assert 'href="/subscribe">Subscribe again</a>' in said
    assert store.subscriber("new@example.org")["active"] is False
    # the same digest's "Change your subscription", after unsubscribing: the same, where it was "400 · Error" too
    after = client.get(manage)
    assert after.status_code == 200 and "new@example.org is unsubscribed already" in after.get_data(as_text=True)
    refused = client.post(manage, data={"csrf_token": _csrf(client), "language": "zh", "frequency": "weekly"})
    assert refused.status_code == 200 and store.subscriber("new@example.org")["active"] is False
    zh = _client(settings)
    zh.set_cookie("kb_lang", "zh")
    assert "new@example.org 已经退订，不会再收到周报。" in zh.get(unsubscribe).get_data(as_text=True)
    # subscribed again since, the old link is spent: it does not unsubscribe them
    store.update_subscriber(store.subscriber("new@example.org")["id"], active=True)
    spent = _client(settings).post(unsubscribe)
    assert spent.status_code == 400 and "already been used" in spent.get_data(as_text=True)
    assert store.subscriber("new@example.org")["active"] is True
    tampered = _client(settings).post(unsubscribe[:-3] + "xyz")
    assert tampered.status_code == 400 and "not valid" in tampered.get_data(as_text=True)


def test_the_pages_a_digest_opens_speak_the_digest_s_language_unless_the_reader_chose_one(env, smtp):
    """A Chinese digest read where the browser asks for English (a company laptop, a mail app's browser): its
    unsubscribe and subscription pages were in English. The language picked on the site still wins."""
    store, settings, _, _ = env
    store.add_subscriber("wang@example.org", name="王芳", language="zh")
    store.add_subscriber("pat@example.org", name="Pat", language="en")
    sub, pat = store.subscriber("wang@example.org"), store.subscriber("pat@example.org")
    english, chinese = {"Accept-Language": "en-US,en;q=0.9"}, {"Accept-Language": "zh-CN,zh;q=0.9"}
    pages = {"unsubscribe": ("确定不再向 wang@example.org 发送周报吗？", "Stop sending the digest to wang@example.org?"),
             "subscription": ('<html lang="zh', '<html lang="en')}
    for purpose, (in_zh, in_en) in pages.items():
        path = f"/{purpose}/{make_token(settings.secret_key, 'manage' if purpose == 'subscription' else purpose, sub)}"
        assert in_zh in _client(settings).get(path, headers=english).get_data(as_text=True)
        chose = _client(settings)
        chose.set_cookie("kb_lang", "en")
        assert in_en in chose.get(path, headers=chinese).get_data(as_text=True)
    english_page = _client(settings).get(f"/unsubscribe/{make_token(settings.secret_key, 'unsubscribe', pat)}",
                                         headers=chinese).get_data(as_text=True)
    assert "Stop sending the digest to pat@example.org?" in english_page
    assert store.subscriber("wang@example.org")["active"] and store.subscriber("pat@example.org")["active"]


def test_changing_a_subscription_needs_the_csrf_token_and_a_refused_change_changes_nothing(env, smtp):
    # The link in a digest is a bearer credential: a page on another site must not be able to POST through it.
    store, settings, _, _ = env
    store.add_subscriber("pat@example.org", language="zh", frequency="weekly", interests={"tags": ["vendor"]})
    before = store.subscriber("pat@example.org")
    page = f"/subscription/{make_token(settings.secret_key, 'manage', before)}"
    change = {"language": "en", "frequency": "daily", "tags": ["培训"]}
    client = _client(settings)
    token = _csrf(client, page)
    for forged in (client.post(page, data=change), client.post(page, data={**change, "csrf_token": "forged"}),
                   _client(settings).post(page, data={**change, "csrf_token": token})):
        assert forged.status_code == 400 and "CSRF" in forged.get_data(as_text=True)
    assert store.subscriber("pat@example.org") == before
    assert client.post(page, data={**change, "csrf_token": token}).status_code == 302
    assert store.subscriber("pat@example.org")["frequency"] == "daily"


def test_subscribe_does_not_reveal_known_addresses(env, smtp):
    store, settings, _, _ = env
    store.add_subscriber("known@example.org")
    client = _client(settings)
    token = _csrf(client, "/subscribe")
    known = client.post("/subscribe", data={"csrf_token": token, "email": "known@example.org"})
    fresh = client.post("/subscribe", data={"csrf_token": token, "email": "fresh@example.org"})
    assert known.status_code == fresh.status_code == 200
    assert known.get_data(as_text=True) == fresh.get_data(as_text=True)
    assert smtp.to("known@example.org") == []  # already confirmed: nothing sent
    assert len(smtp.to("fresh@example.org")) == 1  # the confirmation link


def test_curators_manage_subscribers_and_preview_any_digest(env, smtp):
    store, settings, _, _ = env
    store.add_user("carl", "curator-pass-1", "curator")
    store.add_user("rita", "reader-pass-1", "reader")
    client = _client(settings)
    token = _csrf(client, "/login")
    client.post("/login", data={"username": "rita", "password": "reader-pass-1", "csrf_token": token})
    assert client.get("/curate/subscribers").status_code == 403
    client.post("/logout", data={"csrf_token": _csrf(client)})
    token = _csrf(client, "/login")
    client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": token})
    # nobody yet: both pages say so, in words (no empty table, no empty subscriber list, no "no sessions yet")
    assert 'id="no-subscribers"' in client.get("/curate/subscribers").get_data(as_text=True)
    empty = client.get("/curate/digest").get_data(as_text=True)
    assert "Nobody has subscribed yet: below is the digest a new subscriber would get." in empty
    assert '<option value="new-en" selected>A new subscriber (English)</option>' in empty  # the page's language
    token = _csrf(client, "/curate/subscribers")
    client.post("/curate/subscribers", data={"csrf_token": token, "action": "add", "email": "team@example.org",
                                             "language": "zh", "frequency": "weekly", "curator": "1"})
    assert store.subscriber("team@example.org")["role"] == "curator"
    assert 'id="no-subscribers"' not in client.get("/curate/subscribers").get_data(as_text=True)
    page = client.get("/curate/digest?email=team@example.org").get_data(as_text=True)
    assert "经验教训知识库周报" in page and "/curate/digest/raw" in page
    raw = client.get("/curate/digest/raw?email=team@example.org")
    assert raw.status_code == 200 and "default-src 'none'" in raw.headers["Content-Security-Policy"]
    body = raw.get_data(as_text=True)
    assert "payment interface" in body, body[body.find("<body"):][:3000]
    assert client.get("/curate/digest?period=someday").status_code == 400
    client.post("/curate/subscribers", data={"csrf_token": token, "action": "remove", "email": "team@example.org"})
    assert [s["email"] for s in store.subscribers()] == []


def test_a_daily_reader_s_preview_is_today_s_daily_digest(env, smtp):
    """`kb digest preview --subscriber` and /curate/digest showed a daily subscriber this week's digest, titled as
    the weekly one ("Lessons KB digest: … (Dec 7–13)", "经验教训知识库周报") they never get; now today's so far, as
    their next digest counts it. Weekly readers still see this week's."""
    store, settings, _, _ = env
    store.add_user("carl", "curator-pass-1", "curator")
    store.add_subscriber("day@example.org", language="zh", frequency="daily")
    store.add_subscriber("week@example.org", language="zh")
    today = periods.datetime.now(UTC).date()  # the digest's clock, stopped by env; the settings' time zone: UTC
    day, week = f"（{today.month}月{today.day}日）", f"（{period_dates(current_week().label, 'zh')}）"
    daily = kb(settings, "digest", "preview", "--subscriber", "day@example.org")
    assert daily.startswith("Subject: 经验教训知识库日报：") and day in daily.splitlines()[0]
    assert "payment interface" in daily
    weekly = kb(settings, "digest", "preview", "--subscriber", "week@example.org")
    assert weekly.startswith("Subject: 经验教训知识库周报：") and week in weekly.splitlines()[0]
    # and --help says so: its --period said "[default: the week so far]" for a daily subscriber's too
    shown = " ".join(kb(settings, "digest", "preview", "--help").split())
    assert "[default: the week so far; a daily subscriber's: today so far]" in shown
    client = _client(settings)
    token = _csrf(client, "/login")
    client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": token})
    page = client.get("/curate/digest?email=day@example.org").get_data(as_text=True)
    assert "经验教训知识库日报：" in page and day in page and "经验教训知识库周报：" not in page
    page = client.get("/curate/digest?email=week@example.org").get_data(as_text=True)
    assert "经验教训知识库周报：" in page and week in page


def test_every_link_in_a_digest_works(env, smtp):
    store, settings, past, _ = env
    store.add_subscriber("links@example.org", language="zh", role="curator")
    store.create_session({"title": "分享会", "scheduled_at": f"{local_day(30)}T10:00"})
    store.set_session_status(1, "scheduled")
    from kb.digest import send_digests

    send_digests(store, settings, current_week(), past_lessons=past)
    html = smtp.to("links@example.org")[0].get_body(preferencelist=("html",)).get_content()
    links = sorted(set(re.findall(r'href="http://kb\.example\.org([^"]+)"', html)))
    assert any(l.startswith("/lessons/") for l in links) and any(l.startswith("/documents/") for l in links)
    assert any(l.startswith("/sessions/") for l in links) and any(l.startswith("/unsubscribe/") for l in links)
    client = _client(settings)
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, (link, response.status_code)


def _tag_boxes(html):
    """(value, label, ticked) of each tag checkbox of the interest fields."""
    return [(value, label.strip(), bool(ticked)) for value, ticked, label in re.findall(
        r'<input type="checkbox" name="tags" value="([^"]*)" (checked)?\s*> ([^<]*)</label>', html)]


def test_the_interest_fields_offer_a_group_of_synonyms_as_one_tag_and_the_digest_reads_it_so(env, smtp):
    """/subscribe listed 'vendor' and '供应商管理' as two untied tags although a curator had made them synonyms, and
    a subscriber who ticked 供应商管理 got nothing tagged 'vendor'."""
    store, settings, _, _ = env
    client = _client(settings)
    # the most used, listed by name, Chinese by pinyin among Latin (gongyingshang, peixun, vendor)
    assert _tag_boxes(client.get("/subscribe").get_data(as_text=True)) == [
        ("供应商管理", "供应商管理", False), ("培训", "培训", False), ("vendor", "vendor", False)]
    store.add_synonyms(["供应商管理", "vendor"])
    assert _tag_boxes(client.get("/subscribe").get_data(as_text=True)) == [
        ("培训", "培训", False), ("vendor", "vendor / 供应商管理", False)]
    store.add_subscriber("pat@example.org", language="zh", interests={"tags": ["供应商管理"]})
    sub = store.subscriber("pat@example.org")
    manage = client.get(f"/subscription/{make_token(settings.secret_key, 'manage', sub)}").get_data(as_text=True)
    assert _tag_boxes(manage) == [("培训", "培训", False), ("vendor", "vendor / 供应商管理", True)]
    login = _csrf(client, "/subscribe")  # the form sent back with an error keeps the group ticked
    again = refused(client, client.post("/subscribe", data={"csrf_token": login, "email": "not an address",
                                                            "tags": ["vendor"]}))
    assert ("vendor", "vendor / 供应商管理", True) in _tag_boxes(again.get_data(as_text=True))
    preview = kb(settings, "digest", "preview", "--subscriber", "pat@example.org")
    assert "The agency delivered the payment interface" in preview  # tagged 'vendor'


def test_the_preview_page_leaves_recurring_problems_to_its_frame(env, smtp, monkeypatch):
    """The page composed the whole digest for its subject line and the frame composed it again: two similar-lesson
    searches per new lesson, 2-3 s each on a fresh store of the shipped corpus (1,099 new lessons)."""
    from search.similar import SimilarSearches

    store, settings, _, _ = env
    store.add_user("carl", "curator-pass-1", "curator")
    client = _client(settings)
    client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": _csrf(client, "/login")})
    calls = []
    earlier_similar = SimilarSearches.earlier_similar_many  # a week's lessons at once
    monkeypatch.setattr(SimilarSearches, "earlier_similar_many",
                        lambda self, *a, **kw: calls.append(a) or earlier_similar(self, *a, **kw))
    page = client.get("/curate/digest?email=new-zh").get_data(as_text=True)
    subject = re.search(r"<p><strong>([^<]*)</strong></p>", page).group(1)
    assert calls == [] and "：3 条新经验，2 篇新文档（" in subject, subject  # the subject, counts and all
    frame = client.get("/curate/digest/raw?email=new-zh").get_data(as_text=True)
    assert calls and "本周重复出现的问题" in frame and "payment interface" in frame


@pytest.mark.parametrize(("lang", "says"), [("en", "The mail server refused the address nobody@example.org"),
                                            ("zh", "邮件服务器拒收地址 nobody@example.org")])
def test_an_address_the_mail_server_refuses_is_said_so_not_that_mail_is_down(env, smtp, lang, says):
    """A relay that answers "550 mailbox unavailable" for a mistyped address got "This server cannot send e-mail at
    the moment (its mail server does not answer) … ask the administrator to set up mail"."""
    from kb.errors import NotFound

    store, settings, _, _ = env
    smtp.refuse.add("nobody@example.org")
    client = _client(settings)
    client.set_cookie("kb_lang", lang)
    response = refused(client, client.post("/subscribe", data={"csrf_token": _csrf(client, "/subscribe"),
                                                               "email": "nobody@example.org", "name": "Li"}))
    body = response.get_data(as_text=True)
    assert says in body and 'value="Li"' in body  # the form back, as it was sent, after its redirect
    assert "set up mail" not in body and "配置邮件服务器" not in body
    assert re.search(r'<input name="email"[^>]* autofocus aria-invalid="true" aria-describedby="email-error">', body)
    assert says in re.search(r'<p class="field-error" id="email-error">([^<]*)</p>', body).group(1)  # under it
    with pytest.raises(NotFound):
        store.subscriber("nobody@example.org")  # nothing left pending
    assert client.post("/subscribe", data={"csrf_token": _csrf(client, "/subscribe"),
                                           "email": "somebody@example.org"}).status_code == 200


@pytest.mark.parametrize(("lang", "heading"), [("en", "Week 47, Nov 16–22, 2026"), ("zh", "2026年第47周（11月16日–22日）")])
def test_the_preview_page_names_the_week_as_its_reader_does(env, smtp, lang, heading):
    """The preview's heading said "预览周报 2026-W47": the week as the period field takes it, not as a reader says it
    (the mail itself names it "2026年第47周（11月16日–22日）"). The field keeps 2026-W47."""
    store, settings, _, _ = env
    store.add_user("carl", "curator-pass-1", "curator")
    client = _client(settings)
    client.set_cookie("kb_lang", lang)
    token = _csrf(client, "/login")
    client.post("/login", data={"username": "carl", "password": "curator-pass-1", "csrf_token": token})
    page = client.get("/curate/digest?period=2026-W47").get_data(as_text=True)
    assert re.search(r"<h1>[^<]*<span class=\"count\">(.*?)</span></h1>", page).group(1) == heading
    assert 'name="period" value="2026-W47"' in page
