"""Digests through a real SMTP server: content, headers, both MIME parts, exactly-once, failures, unsubscribe."""

from __future__ import annotations

import re
import threading

import pytest

from kb.digest import current_week, send_digests
from kb.digest.links import make_token, read_token
from kb.digest.periods import period_dates
from kb.errors import InvalidInput
from kb.store import Store


def add(store, email, **kw):
    return store.add_subscriber(email, **kw)


def parts(msg):
    text = msg.get_body(preferencelist=("plain",)).get_content()
    html = msg.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_digests_reach_the_server_with_both_parts_headers_links_and_chinese_intact(env, smtp):
    store, settings, past, _ = env
    add(store, "li.na@example.org", name="李娜", language="zh", interests={"tags": ["vendor"]})
    add(store, "pat@example.org", name="Pat", language="en")
    period = current_week()
    report = send_digests(store, settings, period, past_lessons=past)
    assert sorted(report.sent) == ["li.na@example.org", "pat@example.org"] and report.ok
    zh = smtp.to("li.na@example.org")[0]
    assert zh["Subject"].startswith("经验教训知识库周报：") and zh["Subject"].endswith(f"（{period_dates(period.label, 'zh')}）")
    assert zh["From"] == "PMO <pmo@example.org>" and "李娜" in zh["To"]
    assert zh["Content-Language"] == "zh-CN" and zh["Date"].datetime.tzinfo is not None  # as the server got them
    assert zh.get_content_type() == "multipart/alternative"
    text, html = parts(zh)
    assert "李娜，您好" in text and "本周重复出现的问题" in text
    assert "The agency delivered the payment interface" in text
    unsubscribe = zh["List-Unsubscribe"].strip("<>")
    assert unsubscribe.startswith("http://kb.example.org/unsubscribe/")
    assert zh["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("http://kb.example.org/") for link in links)
    assert not re.search(r"<img|<script|<link", html)


def test_list_unsubscribe_arrives_as_a_uri_that_mail_clients_read(env, smtp):
    """Mail clients read List-Unsubscribe as written (RFC 2369: ``<URI>``), never decoding encoded words: the header,
    longer than a line with its signed token, went out as ``=?utf-8?q?=3Chttp=3A//…?=`` and no client offered its
    one-click unsubscribe."""
    store, settings, past, _ = env
    add(store, "li.na@example.org", name="李娜", language="zh")
    add(store, "pat@example.org", name="Pat", language="en")
    send_digests(store, settings, current_week(), past_lessons=past)
    assert len(smtp.raw) == 2
    for _, raw in smtp.raw:
        lines = raw.split(b"\r\n\r\n", 1)[0].decode("ascii").split("\r\n")
        line = next(line for line in lines if line.startswith("List-Unsubscribe: "))
        assert re.fullmatch(r"List-Unsubscribe: <http://kb\.example\.org/unsubscribe/[A-Za-z0-9_.-]{40,}>", line)
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in lines


def test_interests_are_honoured(env, smtp):
    store, settings, past, _ = env
    add(store, "vendor@example.org", interests={"tags": ["vendor"]})
    add(store, "hr@example.org", language="zh", interests={"projects": ["HR"]})
    send_digests(store, settings, current_week(), past_lessons=past)
    vendor_text, _ = parts(smtp.to("vendor@example.org")[0])
    hr_text, _ = parts(smtp.to("hr@example.org")[0])
    assert "payment interface" in vendor_text and "新员工培训材料" not in vendor_text
    assert "新员工培训材料" in hr_text and "payment interface" not in hr_text


def test_recurring_problems_link_to_the_earlier_lessons(env, smtp):
    store, settings, past, _ = env
    add(store, "pat@example.org")
    send_digests(store, settings, current_week(), past_lessons=past)
    text, _html = parts(smtp.to("pat@example.org")[0])
    recurring = text.split("== This week's recurring problems ==", 1)[1].split("==", 1)[0]
    assert "payment interface" in recurring and "coffee machine" not in recurring
    assert "CRM" in recurring and "http://kb.example.org/lessons/" in recurring


def test_an_empty_week_sends_nothing(env, smtp):
    store, settings, past, _ = env
    add(store, "quiet@example.org", interests={"projects": ["Nobody"]})
    report = send_digests(store, settings, current_week(), past_lessons=past)
    assert report.empty == ["quiet@example.org"] and smtp.messages == []
    again = send_digests(store, settings, current_week(), past_lessons=past)
    assert again.already == ["quiet@example.org"]


def test_rerunning_the_same_period_sends_nothing_new(env, smtp):
    store, settings, past, _ = env
    add(store, "pat@example.org")
    send_digests(store, settings, current_week(), past_lessons=past)
    again = send_digests(store, settings, current_week(), past_lessons=past)
    assert again.sent == [] and again.already == ["pat@example.org"] and len(smtp.messages) == 1


class Crash(Exception):
    pass


def test_a_crash_after_the_third_of_five_then_a_rerun_delivers_each_exactly_once(env, smtp):
    store, settings, past, _ = env
    addresses = [f"user{i}@example.org" for i in range(5)]
    for address in addresses:
        add(store, address)
    sent = []

    def crash_after_third(address, outcome):
        sent.append(address)
        if len(sent) == 3:
            raise Crash("killed")

    with pytest.raises(Crash):
        send_digests(store, settings, current_week(), past_lessons=past, after_each=crash_after_third)
    assert len(smtp.messages) == 3
    report = send_digests(store, settings, current_week(), past_lessons=past)
    assert len(report.sent) == 2 and len(report.already) == 3
    received = sorted(r for rcpts, _ in smtp.messages for r in rcpts)
    assert received == sorted(addresses)


def test_overlapping_runs_never_send_twice(env, smtp):
    store, settings, past, _ = env
    for i in range(8):
        add(store, f"o{i}@example.org")
    reports = []

    def run():
        with Store(settings.db) as own:
            reports.append(send_digests(own, settings, current_week(), past_lessons=past))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    received = sorted(r for rcpts, _ in smtp.messages for r in rcpts)
    assert received == sorted(f"o{i}@example.org" for i in range(8))
    assert sum(len(r.sent) for r in reports) == 8


def test_a_refused_recipient_is_reported_and_the_others_are_delivered(env, smtp):
    store, settings, past, _ = env
    for address in ("a@example.org", "bad@example.org", "c@example.org"):
        add(store, address)
    smtp.refuse.add("bad@example.org")
    report = send_digests(store, settings, current_week(), past_lessons=past)
    assert sorted(report.sent) == ["a@example.org", "c@example.org"]
    assert report.failed[0][0] == "bad@example.org" and "550" in report.failed[0][1] and not report.ok
    assert store.deliveries()[1]["status"] == "failed"
    smtp.refuse.clear()
    retry = send_digests(store, settings, current_week(), past_lessons=past)
    assert retry.sent == ["bad@example.org"]


def test_temporary_failures_are_retried_with_backoff(env, smtp):
    store, settings, past, _ = env
    add(store, "slow@example.org")
    smtp.temporary["slow@example.org"] = 2
    report = send_digests(store, settings, current_week(), past_lessons=past)
    assert report.sent == ["slow@example.org"]
    assert store.deliveries()[0]["attempts"] == 3 and len(smtp.messages) == 1


def test_temporary_failures_give_up_after_the_configured_attempts(env, smtp):
    store, settings, past, _ = env
    add(store, "down@example.org")
    smtp.temporary["down@example.org"] = 10
    report = send_digests(store, settings.replace(mail_retries=2), current_week(), past_lessons=past)
    assert "gave up after 2 attempts" in report.failed[0][1]


def test_an_interrupted_send_is_in_doubt_not_resent(env, smtp):
    store, settings, past, _ = env
    sub = add(store, "doubt@example.org")
    store.claim_delivery(sub, current_week().label, "some-host-that-is-gone:1:x", is_alive=lambda claim: True)
    store.conn.execute("UPDATE digest_deliveries SET run_id = ?", [f"{__import__('socket').gethostname()}:999999:dead"])
    report = send_digests(store, settings, current_week(), past_lessons=past)
    assert report.unknown == ["doubt@example.org"] and smtp.messages == [] and not report.ok
    again = send_digests(store, settings, current_week(), past_lessons=past, retry_unknown=True)
    assert again.sent == ["doubt@example.org"]


def test_dry_run_sends_and_records_nothing(env, smtp):
    store, settings, past, _ = env
    add(store, "pat@example.org")
    report = send_digests(store, settings, current_week(), past_lessons=past, dry_run=True)
    assert report.would_send == ["pat@example.org"] and smtp.messages == [] and store.deliveries() == []


def test_unreachable_server_is_reported_per_recipient(env):
    store, settings, past, _ = env
    add(store, "pat@example.org")
    report = send_digests(store, settings.replace(smtp_port=1, mail_retries=2), current_week(), past_lessons=past)
    assert "cannot reach the SMTP server" in report.failed[0][1]


def test_signed_links_refuse_tampering_and_expire_by_purpose(env):
    store, settings, _, _ = env
    sub = store.subscriber(subscriber_id=add(store, "x@example.org"))
    token = make_token(settings.secret_key, "unsubscribe", sub)
    assert read_token(settings.secret_key, "unsubscribe", token) == (sub["id"], sub["link_nonce"])
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "garbage"):
        with pytest.raises(InvalidInput, match="not valid"):
            read_token(settings.secret_key, "unsubscribe", bad)
    with pytest.raises(InvalidInput):
        read_token(settings.secret_key, "manage", token)
    with pytest.raises(InvalidInput):
        read_token("another-secret", "unsubscribe", token)
