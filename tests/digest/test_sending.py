"""Sending a period's digests, fast: a real SQLite store of ingested retrospectives (no model) and a real SMTP server
(aiosmtpd). What each run reports and records per subscriber, the window each digest covers, claims of other runs,
failures that stop one recipient only, dry runs, and the mailer's lifetime."""

from __future__ import annotations

import os
import re
import socket

import pytest

from kb.digest import parse_period, send_digests
from kb.digest.delivery import DeliveryReport, run_id, run_is_alive
from kb.digest.mailer import Mailer
from kb.settings import Settings
from tests.clock import local_day
from tests.conftest import TEST_SECRET_KEY
from tests.digest.corpus import build, lesson_id

W47 = parse_period("2026-W47")


@pytest.fixture
def kb(tmp_path, smtp):
    store = build(tmp_path)
    settings = Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY, smtp_host="127.0.0.1",
                        smtp_port=smtp.port, mail_backoff=0.01, base_url="http://kb.example.org",
                        mail_from="PMO <pmo@example.org>")
    yield store, settings
    store.close()


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def delivery(store, email, period="2026-W47"):
    return next(d for d in store.deliveries(period) if d["email"] == email)


def test_each_due_subscriber_gets_one_digest_and_the_run_is_recorded(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org", name="Pat")
    store.add_subscriber("li@example.org", name="李娜", language="zh", interests={"projects": ["CRM"]})
    store.add_subscriber("daily@example.org", frequency="daily")
    store.add_subscriber("paused@example.org", frequency="off")
    report = send_digests(store, settings, W47)
    assert report.period == "2026-W47" and report.sent == ["li@example.org", "pat@example.org"]
    assert report.ok and report.failed == report.empty == report.already == report.unknown == [] and report.seconds > 0
    assert sorted(r for rcpts, _ in smtp.messages for r in rcpts) == ["li@example.org", "pat@example.org"]
    [pat] = smtp.to("pat@example.org")
    assert pat["Subject"] == "Lessons KB digest: 5 new lessons, 3 new documents, 1 updated (Nov 16–22)"
    assert pat["X-Lessons-KB-Period"] == "2026-W47"
    assert "between Nov 16 and Nov 22, 2026." in text_of(pat)  # the week's last day, not the next Monday
    [li] = smtp.to("li@example.org")
    assert li["Subject"] == "经验教训知识库周报：2 条新经验，1 篇新文档（11月16日–22日）"
    record = delivery(store, "pat@example.org")
    assert {k: record[k] for k in ("status", "attempts", "error", "window_start", "window_end")} == {
        "status": "sent", "attempts": 1, "error": None, "window_start": "2026-11-16T00:00:00+00:00",
        "window_end": "2026-11-23T00:00:00+00:00"}
    assert record["message_id"] == pat["Message-ID"] and record["finished_at"]
    assert store.subscriber("pat@example.org")["last_period_end"] == "2026-11-23T00:00:00+00:00"
    assert smtp.quits == 1  # the run's own connection, reused for both and closed at the end


def test_a_daily_period_reaches_daily_subscribers_only(kb, smtp):
    store, settings = kb
    store.add_subscriber("weekly@example.org")
    store.add_subscriber("daily@example.org", frequency="daily")
    report = send_digests(store, settings, parse_period("2026-11-22"))
    assert report.sent == ["daily@example.org"]
    [msg] = smtp.to("daily@example.org")
    # it was "1 new lessons, 1 documents"
    assert msg["Subject"] == "Lessons KB daily digest: 1 new lesson, 1 new document (Nov 22)"
    assert "learned on Nov 22, 2026." in text_of(msg)  # one day, not "between the 22nd and the 23rd"
    assert delivery(store, "daily@example.org", "2026-11-22")["window_start"] == "2026-11-22T00:00:00+00:00"


def test_the_next_digest_starts_where_the_last_one_ended(kb, smtp):
    store, settings = kb
    sub = store.add_subscriber("pat@example.org")
    store.conn.execute("UPDATE subscribers SET last_period_end = '2026-11-20T00:00:00+00:00' WHERE id = ?", [sub])
    assert send_digests(store, settings, W47).sent == ["pat@example.org"]
    assert "between Nov 20 and Nov 22, 2026." in text_of(smtp.to("pat@example.org")[0])
    assert smtp.to("pat@example.org")[0]["Subject"] == "Lessons KB digest: 1 new lesson, 1 new document (Nov 16–22)"
    assert delivery(store, "pat@example.org")["window_start"] == "2026-11-20T00:00:00+00:00"


@pytest.mark.parametrize("last_end", ["2026-11-23T00:00:00+00:00", "2026-12-07T00:00:00+00:00"])
def test_a_period_at_or_before_the_last_one_covers_its_own_week(kb, smtp, last_end):
    store, settings = kb
    sub = store.add_subscriber("pat@example.org")
    store.conn.execute("UPDATE subscribers SET last_period_end = ? WHERE id = ?", [last_end, sub])
    assert send_digests(store, settings, W47).sent == ["pat@example.org"]
    assert delivery(store, "pat@example.org")["window_start"] == "2026-11-16T00:00:00+00:00"
    assert store.subscriber("pat@example.org")["last_period_end"] == last_end  # never moved back


def test_nothing_new_sends_nothing_unless_asked_and_still_moves_the_window(kb, smtp):
    store, settings = kb
    store.add_subscriber("quiet@example.org", interests={"projects": ["Nobody"]})
    outcomes = []
    report = send_digests(store, settings, W47, after_each=lambda email, outcome: outcomes.append((email, outcome)))
    assert report.empty == ["quiet@example.org"] and report.sent == [] and report.ok and smtp.messages == []
    assert outcomes == [("quiet@example.org", "empty")]
    record = delivery(store, "quiet@example.org")
    assert (record["status"], record["window_end"]) == ("skipped", "2026-11-23T00:00:00+00:00")
    assert store.subscriber("quiet@example.org")["last_period_end"] == "2026-11-23T00:00:00+00:00"
    again = send_digests(store, settings, W47)
    assert again.already == ["quiet@example.org"] and again.empty == []


def test_an_empty_digest_is_sent_when_the_settings_say_so(kb, smtp):
    store, settings = kb
    store.add_subscriber("quiet@example.org", interests={"projects": ["Nobody"]})
    report = send_digests(store, settings.replace(digest_send_empty=True), W47)
    assert report.sent == ["quiet@example.org"]
    assert "Nothing new matched your interests this time." in text_of(smtp.to("quiet@example.org")[0])


def test_a_rerun_reports_what_earlier_runs_did(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")
    store.add_subscriber("quiet@example.org", interests={"projects": ["Nobody"]})
    send_digests(store, settings, W47)
    outcomes = []
    again = send_digests(store, settings, W47, after_each=lambda email, outcome: outcomes.append((email, outcome)))
    assert again.already == ["pat@example.org", "quiet@example.org"] and again.sent == [] and again.ok
    assert outcomes == [("pat@example.org", "sent"), ("quiet@example.org", "skipped")]
    assert len(smtp.messages) == 1


def test_a_subscriber_claimed_by_a_live_run_is_left_to_it(kb, smtp):
    store, settings = kb
    sub = store.add_subscriber("pat@example.org")
    store.add_subscriber("zed@example.org")
    live = f"{socket.gethostname()}:{os.getpid()}:other"
    assert store.claim_delivery(sub, "2026-W47", live, is_alive=lambda claim: True) == (True, "new")
    report = send_digests(store, settings, W47)
    assert report.busy == ["pat@example.org"] and report.sent == ["zed@example.org"] and report.ok
    assert smtp.to("pat@example.org") == []


def test_a_claim_of_a_dead_run_is_in_doubt_until_retried(kb, smtp):
    store, settings = kb
    sub = store.add_subscriber("pat@example.org")
    store.claim_delivery(sub, "2026-W47", f"{socket.gethostname()}:999999:dead", is_alive=lambda claim: True)
    report = send_digests(store, settings, W47)
    assert report.unknown == ["pat@example.org"] and not report.ok and smtp.messages == []
    assert send_digests(store, settings, W47).unknown == ["pat@example.org"]
    retried = send_digests(store, settings, W47, retry_unknown=True)
    assert retried.sent == ["pat@example.org"] and retried.ok and len(smtp.messages) == 1


def test_only_one_subscriber_whatever_the_case(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")
    store.add_subscriber("li@example.org")
    report = send_digests(store, settings, W47, only="PAT@Example.org")
    assert report.sent == ["pat@example.org"] and [r for rcpts, _ in smtp.messages for r in rcpts] == [
        "pat@example.org"]
    assert send_digests(store, settings, W47, only="nobody@example.org").sent == []


def test_a_refused_recipient_fails_alone_and_is_tried_again_next_run(kb, smtp):
    store, settings = kb
    for email in ("a@example.org", "bad@example.org", "c@example.org"):
        store.add_subscriber(email)
    smtp.refuse.add("bad@example.org")
    outcomes = []
    report = send_digests(store, settings, W47, after_each=lambda email, outcome: outcomes.append(outcome))
    assert report.sent == ["a@example.org", "c@example.org"] and not report.ok
    assert report.failed == [("bad@example.org", "bad@example.org refused: 550 5.1.1 mailbox unavailable")]
    assert outcomes == ["sent", "failed", "sent"]
    record = delivery(store, "bad@example.org")
    assert (record["status"], record["attempts"], record["error"]) == (
        "failed", 1, "bad@example.org refused: 550 5.1.1 mailbox unavailable")
    assert store.subscriber("bad@example.org")["last_period_end"] is None
    assert report.as_dict()["failed"] == [{"email": "bad@example.org",
                                           "error": "bad@example.org refused: 550 5.1.1 mailbox unavailable"}]
    smtp.refuse.clear()
    retry = send_digests(store, settings, W47)
    assert retry.sent == ["bad@example.org"] and retry.already == ["a@example.org", "c@example.org"]
    assert delivery(store, "bad@example.org")["attempts"] == 2  # attempts add up across runs


def test_retried_attempts_are_counted(kb, smtp):
    store, settings = kb
    store.add_subscriber("slow@example.org")
    smtp.temporary["slow@example.org"] = 2
    assert send_digests(store, settings, W47).sent == ["slow@example.org"]
    assert delivery(store, "slow@example.org")["attempts"] == 3


def test_a_digest_that_cannot_be_built_fails_its_recipient_and_is_recorded(kb, smtp):
    store, settings = kb
    store.add_subscriber("a.damaged@example.org", interests={"tags": ["vendor"]})
    store.conn.execute("UPDATE subscribers SET interests = '[1' WHERE email = 'a.damaged@example.org'")
    store.add_subscriber("z@example.org")
    report = send_digests(store, settings, W47)
    why = ("cannot build the message: InvalidInput: the stored interests are not valid JSON; set them again on the"
           " subscription page or with 'kb subscribers update EMAIL --tag ...' (or --everything)")
    assert report.failed == [("a.damaged@example.org", why)] and report.sent == ["z@example.org"]
    record = delivery(store, "a.damaged@example.org")
    assert (record["status"], record["error"]) == ("failed", why)
    dry = send_digests(store, settings, W47, dry_run=True)
    assert dry.failed == [("a.damaged@example.org", why)]


def test_without_a_secret_key_every_recipient_fails_with_the_reason(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")
    report = send_digests(store, settings.replace(secret_key=""), W47)
    assert report.failed == [("pat@example.org", ("cannot build the message: InvalidInput: signed links need a "
                                                 "secret key (set KB_SECRET_KEY)"))]
    assert smtp.messages == []


def test_a_dry_run_composes_everything_and_records_nothing(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")
    store.add_subscriber("quiet@example.org", interests={"projects": ["Nobody"]})
    outcomes = []
    report = send_digests(store, settings, W47, dry_run=True, after_each=lambda e, o: outcomes.append(o))
    assert report.would_send == ["pat@example.org"] and report.empty == ["quiet@example.org"]
    assert report.sent == [] and outcomes == ["would_send", "empty"]
    assert smtp.messages == [] and store.deliveries() == []
    assert store.subscriber("quiet@example.org")["last_period_end"] is None
    assert send_digests(store, settings, W47).sent == ["pat@example.org"]  # nothing was claimed


def test_a_dry_run_after_a_send_says_who_has_theirs_already(kb, smtp):
    """A dry run after the morning's cron run said "3 would send, 0 already done" of the week everyone had been sent
    (it never read what was recorded), as if the run had failed; a real run then sent nothing. It now says what a
    run would do: those sent or with nothing new are done, a refused one would be tried again, an interrupted one is
    in doubt (and would be sent with --retry-unknown)."""
    store, settings = kb
    for address in ("pat@example.org", "gone@example.org", "cut@example.org"):
        store.add_subscriber(address)
    store.add_subscriber("quiet@example.org", interests={"projects": ["Nobody"]})
    smtp.refuse.add("gone@example.org")
    first = send_digests(store, settings, W47)
    assert first.sent == ["cut@example.org", "pat@example.org"] and first.empty == ["quiet@example.org"]
    cut = store.subscriber("cut@example.org")["id"]  # as if a run died after handing this one to the server
    store.conn.execute("UPDATE digest_deliveries SET status = 'sending', run_id = ? WHERE subscriber_id = ?",
                       [f"{socket.gethostname()}:999999:dead", cut])
    recorded = store.deliveries()
    dry = send_digests(store, settings, W47, dry_run=True)
    assert dry.would_send == ["gone@example.org"] and dry.failed == []
    assert sorted(dry.already) == ["pat@example.org", "quiet@example.org"] and dry.unknown == ["cut@example.org"]
    retry = send_digests(store, settings, W47, dry_run=True, retry_unknown=True)
    assert retry.would_send == ["cut@example.org", "gone@example.org"] and retry.unknown == []
    assert store.deliveries() == recorded and len(smtp.messages) == 2  # a dry run still records and sends nothing
    real = send_digests(store, settings, W47)
    assert (real.sent, sorted(real.already), real.unknown) == ([], dry.already, dry.unknown)
    assert [address for address, _ in real.failed] == dry.would_send


def test_a_dry_run_names_one_subscribed_since_and_not_one_paused_since(kb, smtp):
    """After a week partly sent: an address subscribed since has no record and would get one; a refused address
    paused since is no due subscriber, left out of the dry run as of a real run (r-review)."""
    store, settings = kb
    for address in ("pat@example.org", "gone@example.org"):
        store.add_subscriber(address)
    smtp.refuse.add("gone@example.org")
    assert send_digests(store, settings, W47).sent == ["pat@example.org"]
    store.add_subscriber("late@example.org")
    store.conn.execute("UPDATE subscribers SET refusals = 3, paused_at = refused_at WHERE email = 'gone@example.org'")
    dry = send_digests(store, settings, W47, dry_run=True)
    assert (dry.would_send, dry.already, dry.failed, dry.addresses) == (["late@example.org"], ["pat@example.org"], [], 2)
    real = send_digests(store, settings, W47)
    assert (real.sent, real.already, real.failed) == (dry.would_send, dry.already, [])


def test_recurring_problems_use_the_configured_threshold(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")
    vendor = lesson_id(store, "The vendor delivered")
    asked = []

    def past(lesson, before):
        asked.append((lesson, before))
        return [{"lesson_id": 999, "project": "CRM", "document_title": "CRM retro", "text": "Late interfaces."}] \
            if lesson == vendor else []

    send_digests(store, settings.replace(recurring_min_similar=1), W47, past_lessons=past)
    text = text_of(smtp.to("pat@example.org")[0])
    recurring = text.split("== This week's recurring problems ==", 1)[1].split("\n== ", 1)[0]
    assert "The vendor delivered the interfaces five weeks late." in recurring and "Late interfaces." in recurring
    assert {before for _, before in asked} == {"2026-11-16T00:00:00+00:00"}
    store.add_subscriber("li@example.org")
    send_digests(store, settings, W47, past_lessons=past)  # the default threshold (3) is not met
    assert "recurring problems" not in text_of(smtp.to("li@example.org")[0])


def test_one_run_asks_about_each_new_lesson_once_for_all_subscribers(kb, smtp):
    store, settings = kb
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        store.add_subscriber(email)
    asked = []

    def past(lesson, before):
        asked.append(lesson)
        return []

    assert len(send_digests(store, settings, W47, past_lessons=past).sent) == 3
    assert sorted(asked) == sorted(set(asked)) and len(asked) == 4  # four problem lessons, asked once each


def test_a_mailer_given_by_the_caller_is_left_open(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")
    with Mailer(settings) as mailer:
        assert send_digests(store, settings, W47, mailer=mailer).sent == ["pat@example.org"]
        assert smtp.quits == 0 and mailer._smtp is not None
    assert smtp.quits == 1


def test_the_run_s_own_mailer_is_closed_even_when_a_callback_fails(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org")

    def boom(email, outcome):
        raise RuntimeError("progress bar broke")

    with pytest.raises(RuntimeError):
        send_digests(store, settings, W47, after_each=boom)
    assert smtp.quits == 1 and delivery(store, "pat@example.org")["status"] == "sent"


def test_report_ok_and_json():
    report = DeliveryReport("2026-W47", sent=["a@example.org"], seconds=1.23456)
    assert report.ok
    assert report.as_dict() == {"period": "2026-W47", "sent": ["a@example.org"], "empty": [], "already": [],
                                "busy": [], "failed": [], "unknown": [], "would_send": [], "paused": [],
                                "relay_suspect": None, "left": [], "seconds": 1.235, "addresses": 0}
    assert not DeliveryReport("p", failed=[("a", "b")]).ok and not DeliveryReport("p", unknown=["a"]).ok
    assert DeliveryReport("p", busy=["a"], empty=["b"], already=["c"]).ok


def test_a_run_names_its_host_and_process():
    rid = run_id()
    assert re.fullmatch(rf"{re.escape(socket.gethostname())}:{os.getpid()}:[0-9a-f]{{8}}", rid)
    assert rid != run_id()


def test_whether_the_run_behind_a_claim_is_alive():
    host = socket.gethostname()
    assert run_is_alive(run_id()) is True
    assert run_is_alive(f"{host}:{os.getpid()}:x") is True
    assert run_is_alive(f"{host}:999999:x") is False
    assert run_is_alive(f"another-{host}:999999:x") is True  # another host: cannot tell, so not taken over
    assert run_is_alive(f"{host}:not-a-pid:x") is True
    assert run_is_alive(f"{host}") is True


def test_a_process_of_another_user_counts_as_alive(monkeypatch):
    host = socket.gethostname()
    if os.geteuid() == 0:  # root may signal anyone: stand in for a process owned by another user
        def kill(pid, signal):
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(os, "kill", kill)
    assert run_is_alive(f"{host}:1:x") is True


def test_the_digest_gives_each_agenda_item_s_time_slot_and_presenter(kb, smtp):
    store, settings = kb
    store.add_subscriber("pat@example.org", name="Pat")
    store.add_subscriber("li@example.org", name="李娜", language="zh")
    sid = store.create_session({"title": "Vendor lessons", "scheduled_at": f"{local_day(30)}T14:00",
                                "location": "Room 2", "presenters": "王芳, Pat"})
    store.set_session_status(sid, "scheduled")
    timed = store.add_session_item(sid, lesson_id(store, "The vendor delivered"))
    store.update_session_item(sid, timed, presenter="王芳", duration_minutes=20)
    length_only = store.add_session_item(sid, lesson_id(store, "新员工培训材料"))
    store.update_session_item(sid, length_only, duration_minutes=15, starts_at="14:30")
    store.add_session_item(sid, lesson_id(store, "Daily stand-ups"))  # nothing set: its start follows
    assert send_digests(store, settings, W47).sent == ["li@example.org", "pat@example.org"]
    [pat] = smtp.to("pat@example.org")
    text = text_of(pat)
    assert "1. 14:00–14:20 (20 min) · Presenter: 王芳 — The vendor delivered the interfaces" in " ".join(text.split())
    assert "2. 14:30–14:45 (15 min) — 新员工培训材料" in text
    assert "3. 14:45 — Daily stand-ups kept the team aligned." in text  # starts when the one before ends
    html = pat.get_body(preferencelist=("html",)).get_content()
    assert '14:00–14:20 (20 min) · Presenter: 王芳</span> — <span lang="en">The vendor delivered' in html
    assert " · Room 2 · 王芳, Pat</div>" in html
    [li] = smtp.to("li@example.org")  # full-width brackets and the list's 、 in Chinese, no space before them
    assert "1. 14:00–14:20（20 分钟） · 分享人：王芳 — The vendor delivered" in text_of(li)
    li_html = li.get_body(preferencelist=("html",)).get_content()
    assert "14:00–14:20（20 分钟） · 分享人：王芳</span>" in li_html
    assert " · Room 2 · 王芳、Pat</div>" in li_html
