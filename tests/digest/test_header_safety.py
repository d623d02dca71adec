"""Names and addresses never break an e-mail header: refused at every entry point, quoted in To:, and one bad
stored row fails only its own recipient (through the real SMTP server)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.digest import current_week, send_digests
from kb.errors import InvalidInput
from kb.store import Store
from tests.web.conftest import refused
from web import create_app

INJECTION = "Bob\r\nBcc: evil@example.org"
BREAKERS = ["Bob\r\nBcc: evil@example.org", "Bob\nX: y", "Bob\rX", "Bob\x00", "Bob\x1bX", "Bob\x85X", "Bob\u2028X",
            "Bob\u2029X", "Bob\tX"]


def _insert_unchecked(store, email, name):
    """A row as an older version (or a hand-edited database) could have stored it, past today's checks."""
    store.conn.execute("INSERT INTO subscribers (email, name, link_nonce, created_at, updated_at)"
                       " VALUES (?, ?, 'n0nce', '2024-01-01T00:00:00+00:00', '2024-01-01T00:00:00+00:00')",
                       [email, name])


def _envelopes(smtp):
    return sorted(r for rcpts, _ in smtp.messages for r in rcpts)


def test_a_stored_name_with_a_line_break_neither_stops_the_run_nor_adds_a_header(env, smtp):
    store, settings, _, _ = env
    _insert_unchecked(store, "a.bob@example.org", INJECTION)
    store.add_subscriber("z.later@example.org", name="Later")
    report = send_digests(store, settings, current_week())
    assert sorted(report.sent) == ["a.bob@example.org", "z.later@example.org"] and report.ok
    assert _envelopes(smtp) == ["a.bob@example.org", "z.later@example.org"]
    bob = smtp.to("a.bob@example.org")[0]
    assert bob["Bcc"] is None and "evil" not in str(bob["To"]).replace("Bcc: evil", "")
    assert [(a.display_name, a.addr_spec) for a in bob["To"].addresses] == [("Bob Bcc: evil@example.org",
                                                                            "a.bob@example.org")]


def test_a_message_that_cannot_be_built_fails_that_recipient_only_and_is_retried(env, smtp):
    store, settings, _, _ = env
    _insert_unchecked(store, "a.broken\r\nBcc: evil@example.org", "Broken")
    store.add_subscriber("z.later@example.org")
    period = current_week()
    report = send_digests(store, settings, period)
    assert report.sent == ["z.later@example.org"] and not report.ok
    [(address, why)] = report.failed
    assert address.startswith("a.broken") and why.startswith("cannot build the message: ValueError")
    assert _envelopes(smtp) == ["z.later@example.org"]
    record = next(d for d in store.deliveries(period.label) if d["email"].startswith("a.broken"))
    assert record["status"] == "failed" and "cannot build" in record["error"]
    again = send_digests(store, settings, period)  # tried again, like an SMTP failure, and fails the same way
    assert len(again.failed) == 1 and again.already == ["z.later@example.org"]


def test_the_to_display_name_is_quoted_whatever_it_holds(env, smtp):
    store, settings, _, _ = env
    names = {"a@example.org": '李娜, "王" <evil@example.org>', "b@example.org": 'Bob, "the boss" (PMO); x',
             "c@example.org": "back\\slash \"quote\"", "d@example.org": "x@evil.example.org",
             "e@example.org": "Ünïcode <zoë@evil.example.org>, 王芳"}
    for email, name in names.items():
        store.add_subscriber(email, name=name)
    assert send_digests(store, settings, current_week()).ok
    assert _envelopes(smtp) == sorted(names)
    for email, name in names.items():
        [message] = smtp.to(email)
        assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [(name, email)]


@pytest.mark.parametrize("name", BREAKERS)
def test_the_store_refuses_line_breaks_in_names(tmp_path, name):
    with Store(tmp_path / "kb.db") as store:
        with pytest.raises(InvalidInput, match="line breaks or control characters"):
            store.add_subscriber("x@example.org", name=name)
        sub = store.add_subscriber("y@example.org", name="  Fine \n")  # surrounding whitespace is only trimmed
        assert store.subscriber(subscriber_id=sub)["name"] == "Fine"
        with pytest.raises(InvalidInput, match="line breaks or control characters"):
            store.update_subscriber(sub, name=name)


@pytest.mark.parametrize(("email", "interests"), [
    ("x\x00y@example.org", {}), ("x\u2028y@example.org", {}), ("xy@example.org", {"tags": ["a\r\nBcc: b"]}),
    ("xy@example.org", {"projects": ["P\x1b[31m"]}),
])
def test_the_store_refuses_line_breaks_in_addresses_and_interests(tmp_path, email, interests):
    with Store(tmp_path / "kb.db") as store, pytest.raises(InvalidInput, match="line break or control character|"
                                                                               "line breaks or control characters"):
        store.add_subscriber(email, interests=interests)


def _kb(settings, *args, code=0):
    result = CliRunner().invoke(cli, list(args), env={"KB_DB": str(settings.db)}, catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_cli_add_refuses_a_name_with_a_line_break_in_one_line(env):
    store, settings, _, _ = env
    out = _kb(settings, "subscribers", "add", "bob@example.org", "--name", INJECTION, code=1)
    assert out.count("\n") == 1 and "a name cannot hold line breaks or control characters" in out
    assert store.subscribers() == []


def test_csv_import_reports_bad_rows_by_line_and_imports_the_rest(env, tmp_path):
    _store, settings, _, _ = env
    csv = tmp_path / "subs.csv"
    csv.write_bytes(("email,name,language,tags\r\n"
                     'bob@example.org,"Bob\r\nBcc: evil@example.org",en,\r\n'
                     "sep@example.org,Li\u2028Na,zh,\r\n"
                     "tag@example.org,Tag,en,\"ok;bad\x07bell\"\r\n"
                     "wang@example.org,王芳,zh,培训\r\n").encode("utf-8"))
    out = _kb(settings, "subscribers", "import", str(csv), code=1)
    assert "1 added, 0 updated, 3 rejected" in out
    assert re.search(r"subs\.csv:3: a name cannot hold", out) and re.search(r"subs\.csv:4: a name cannot hold", out)
    assert re.search(r"subs\.csv:5: tags cannot hold", out)
    rows = json.loads(_kb(settings, "subscribers", "list", "--json"))
    assert [(r["email"], r["name"]) for r in rows] == [("wang@example.org", "王芳")]


def _client(settings, lang="en"):
    app = create_app(settings)
    app.config["TESTING"] = True
    client = app.test_client()
    client.set_cookie("kb_lang", lang)
    return client


def _csrf(client, path):
    return re.search(r'data-csrf="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "contains a control character (U+000"), ("zh", "含有控制字符（U+000")])  # the field named: tests/web/test_form_fields_marked.py
@pytest.mark.parametrize("field", ["name", "email", "tags"])
def test_the_subscribe_form_refuses_line_breaks_in_both_languages(env, smtp, lang, message, field):
    store, settings, _, _ = env
    client = _client(settings, lang)
    form = {"csrf_token": _csrf(client, "/subscribe"), "email": "bob@example.org", "name": "Bob", "language": "en"}
    form[field] = {"name": INJECTION, "email": "bob\r\nBcc: evil@example.org", "tags": "vendor\nBcc: x"}[field]
    response = refused(client, client.post("/subscribe", data=form))  # the form back after its redirect
    assert message in response.get_data(as_text=True)
    assert store.subscribers() == [] and smtp.messages == []


def test_the_manage_page_refuses_line_breaks(env, smtp):
    store, settings, _, _ = env
    from kb.digest.links import make_token

    sub = store.subscriber(subscriber_id=store.add_subscriber("bob@example.org", name="Bob"))
    path = f"/subscription/{make_token(settings.secret_key, 'manage', sub)}"
    client = _client(settings)
    response = refused(client, client.post(path, data={"csrf_token": _csrf(client, path), "name": INJECTION,
                                                       "language": "en", "frequency": "weekly"}))
    assert "Name contains a control character" in response.get_data(as_text=True)
    assert store.subscriber("bob@example.org")["name"] == "Bob"


def test_a_stored_row_whose_interests_are_not_json_fails_only_its_recipient(env, smtp):
    store, settings, _, _ = env
    store.add_subscriber("a.damaged@example.org", name="Damaged", interests={"tags": ["ERP"]})
    store.conn.execute("UPDATE subscribers SET interests = '{\"tags\": [' WHERE email = 'a.damaged@example.org'")
    store.add_subscriber("z.later@example.org", name="Later")
    report = send_digests(store, settings, current_week())
    assert report.sent == ["z.later@example.org"]
    [(address, why)] = report.failed
    assert address == "a.damaged@example.org" and "interests are not valid JSON" in why
    listed = CliRunner().invoke(cli, ["--db", str(settings.db), "subscribers", "list"])
    assert listed.exit_code == 0 and "not valid: set them again" in listed.output
