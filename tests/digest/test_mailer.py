"""The SMTP mailer against a real SMTP server (aiosmtpd on 127.0.0.1): one connection reused, temporary failures
retried with doubling delays and a fresh connection, permanent ones not, login, and no socket left open."""

from __future__ import annotations

import gc
import socket
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

import pytest
from aiosmtpd.smtp import SMTP, AuthResult

from kb.digest.mailer import Mailer, SendResult
from kb.settings import Settings
from tests.servers import SmtpController, refusing_port


class Server:
    """What the SMTP server saw, and how it should answer."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []
        self.ehlo = 0  # one per connection
        self.quit = 0
        self.open = 0  # connections open right now
        self.logins: list[tuple[bytes, bytes]] = []
        self.rcpt: dict[str, list[str]] = {}  # address -> answers to give, in order, before 250
        self.mail: list[str] = []  # answers to MAIL FROM, in order, before 250
        self.data: list[str] = []  # answers to DATA, in order, before 250
        self.password = b"right"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.ehlo += 1
        session.host_name = hostname
        return responses

    async def handle_QUIT(self, server, session, envelope):
        self.quit += 1
        return "221 Bye"

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.mail:
            return self.mail.pop(0)
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answers = self.rcpt.get(address)
        if answers:
            return answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data:
            return self.data.pop(0)
        from email import message_from_bytes, policy

        self.received.append((envelope.mail_from, list(envelope.rcpt_tos),
                              message_from_bytes(envelope.content, policy=policy.default)))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == self.password, handled=False)


class Counting(SmtpController):
    def factory(self):
        state = self.handler

        class Smtp(SMTP):
            def connection_made(self, transport):
                state.open += 1
                super().connection_made(transport)

            def connection_lost(self, error):
                state.open -= 1
                super().connection_lost(error)

        return Smtp(self.handler, **self.SMTP_kwargs)


@pytest.fixture
def server():
    state = Server()
    controller = Counting(state, authenticator=state.authenticate, auth_require_tls=False,
                          auth_exclude_mechanism=["LOGIN"])
    controller.start()
    state.controller, state.port = controller, controller.port
    yield state
    state.controller.stop()


def settings(server, **over) -> Settings:
    return Settings(**{"smtp_host": "127.0.0.1", "smtp_port": server.port, "mail_backoff": 0.5, "mail_retries": 3,
                       "smtp_timeout": 5.0, **over})


def message(to="li@example.org", subject="Digest") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "PMO <pmo@example.org>"
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content("体 body")
    return msg


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@contextmanager
def made_here_collected() -> Iterator[None]:
    """The collector run at the block's end over what the block made (a socket left in a cycle warns then), not over
    all the worker held before it (gc.freeze): a full collection in a worker that has loaded the model, CC-CEDICT and
    jieba took 0.5-2 s of CPU (BENCHMARKS.md, t-trim9b)."""
    gc.freeze()
    try:
        yield
        gc.collect()
    finally:
        gc.unfreeze()


def wait_closed(server, timeout=5.0):
    import time

    deadline = time.monotonic() + timeout
    while server.open and time.monotonic() < deadline:
        time.sleep(0.01)
    return server.open


def test_messages_go_over_one_connection_until_closed(server):
    sleeps = Sleeps()
    with Mailer(settings(server), sleep=sleeps) as mailer:
        results = [mailer.send(message(subject=f"n{i}")) for i in range(3)]
        assert server.open == 1
    assert results == [SendResult(True, 1)] * 3 and sleeps == []
    assert [m["Subject"] for _, _, m in server.received] == ["n0", "n1", "n2"]
    assert [(frm, to) for frm, to, _ in server.received] == [("pmo@example.org", ["li@example.org"])] * 3
    assert server.received[0][2].get_content().rstrip() == "体 body"
    assert server.ehlo == 1 and server.quit == 1 and wait_closed(server) == 0


def test_closing_twice_or_before_any_message_is_harmless(server):
    mailer = Mailer(settings(server))
    mailer.close()
    assert mailer.send(message()).ok
    mailer.close()
    mailer.close()
    assert server.quit == 1
    assert mailer.send(message()).ok  # a closed mailer connects again
    mailer.close()
    assert server.ehlo == 2 and server.quit == 2


def test_temporary_failures_are_retried_on_a_new_connection_with_doubling_delays(server):
    server.rcpt["li@example.org"] = ["451 4.3.0 try again later", "451 4.3.0 try again later"]
    sleeps = Sleeps()
    with Mailer(settings(server), sleep=sleeps) as mailer:
        assert mailer.send(message()) == SendResult(True, 3)
    assert sleeps == [0.5, 1.0]
    assert len(server.received) == 1 and server.ehlo == 3  # a fresh connection for each attempt


def test_giving_up_after_the_configured_attempts(server):
    server.rcpt["li@example.org"] = ["451 4.3.0 try again later"] * 5
    sleeps = Sleeps()
    with Mailer(settings(server, mail_retries=4, mail_backoff=0.25), sleep=sleeps) as mailer:
        result = mailer.send(message())
    assert result == SendResult(False, 4, "li@example.org refused: 451 4.3.0 try again later (gave up after 4 "
                                          "attempts)")
    assert sleeps == [0.25, 0.5, 1.0] and server.received == []


@pytest.mark.parametrize("retries", [0, 1, -3])
def test_at_least_one_attempt_is_made(server, retries):
    server.rcpt["li@example.org"] = ["451 4.3.0 busy"] * 2
    sleeps = Sleeps()
    with Mailer(settings(server, mail_retries=retries), sleep=sleeps) as mailer:
        result = mailer.send(message())
    assert result == SendResult(False, 1, "li@example.org refused: 451 4.3.0 busy (gave up after 1 attempts)")
    assert sleeps == []


def test_a_permanent_refusal_is_not_retried_and_the_connection_is_kept(server):
    server.rcpt["gone@example.org"] = ["550 5.1.1 mailbox unavailable"] * 2
    sleeps = Sleeps()
    with Mailer(settings(server), sleep=sleeps) as mailer:
        assert mailer.send(message("gone@example.org")) == SendResult(
            False, 1, "gone@example.org refused: 550 5.1.1 mailbox unavailable", refused=True)
        assert mailer.send(message("next@example.org")) == SendResult(True, 1)
    assert sleeps == [] and server.ehlo == 1
    assert [to for _, to, _ in server.received] == [["next@example.org"]]


def test_one_refused_recipient_of_several_is_reported(server):
    server.rcpt["b@example.org"] = ["550 5.1.1 no such user"]
    with Mailer(settings(server)) as mailer:
        result = mailer.send(message("a@example.org, b@example.org"))
    assert result == SendResult(False, 1, "b@example.org refused: 550 5.1.1 no such user", refused=True)
    assert [to for _, to, _ in server.received] == [["a@example.org"]]


@pytest.mark.parametrize(("answer", "ok", "attempts", "error"), [
    ("553 5.7.1 sender not allowed", False, 1, "sender refused: 553 5.7.1 sender not allowed"),
    ("451 4.7.1 greylisted", True, 2, None),
])
def test_a_refused_sender(server, answer, ok, attempts, error):
    server.mail = [answer]
    sleeps = Sleeps()
    with Mailer(settings(server), sleep=sleeps) as mailer:
        assert mailer.send(message()) == SendResult(ok, attempts, error)
    assert sleeps == ([] if ok is False else [0.5])


@pytest.mark.parametrize(("answer", "ok", "attempts", "error"), [
    ("554 5.6.0 message rejected", False, 1, "554 5.6.0 message rejected"),
    ("452 4.3.1 insufficient storage", True, 2, None),
])
def test_a_refused_message_body(server, answer, ok, attempts, error):
    server.data = [answer]
    with Mailer(settings(server), sleep=Sleeps()) as mailer:
        assert mailer.send(message()) == SendResult(ok, attempts, error)
    assert len(server.received) == int(ok)


def test_the_connection_is_made_again_after_the_server_went_away(server):
    sleeps = Sleeps()
    mailer = Mailer(settings(server), sleep=sleeps)
    assert mailer.send(message(subject="one")).ok
    server.controller.stop()  # the server restarts: the mailer's connection is dead
    restarted = Counting(server, port=server.port, authenticator=server.authenticate, auth_require_tls=False,
                         auth_exclude_mechanism=["LOGIN"])
    restarted.start()
    server.controller = restarted
    try:
        assert mailer.send(message(subject="two")) == SendResult(True, 2)
        assert sleeps == [0.5]
    finally:
        mailer.close()
    assert [m["Subject"] for _, _, m in server.received] == ["one", "two"]


def test_closing_after_the_server_went_away_does_not_raise(server):
    mailer = Mailer(settings(server))
    assert mailer.send(message()).ok
    server.controller.stop()
    server.controller = Counting(server)  # for the fixture to stop
    server.controller.start()
    mailer.close()
    assert mailer._smtp is None


def test_an_unreachable_server_is_a_temporary_failure_naming_the_address(server):
    sleeps = Sleeps()
    with (refusing_port() as port,
          Mailer(settings(server, mail_retries=2).replace(smtp_port=port), sleep=sleeps) as mailer):
        result = mailer.send(message())
    assert not result.ok and result.attempts == 2 and sleeps == [0.5]
    assert result.error.startswith(f"cannot reach the SMTP server 127.0.0.1:{port}: ")
    assert result.error.endswith("(gave up after 2 attempts)")


def test_a_message_that_cannot_be_written_out_fails_at_once(server):
    msg = message()
    msg["Resent-Date"] = "Mon, 23 Nov 2026 09:00:00 +0000"
    msg["Resent-Date"] = "Mon, 23 Nov 2026 09:00:01 +0000"
    sleeps = Sleeps()
    with Mailer(settings(server), sleep=sleeps) as mailer:
        result = mailer.send(msg)
        assert mailer.send(message()).ok  # the connection is still good
    assert result == SendResult(False, 1, "the message cannot be sent: message has more than one 'Resent-' header "
                                          "block")
    assert sleeps == [] and len(server.received) == 1


def test_a_message_without_recipients_is_a_permanent_failure(server):
    msg = message()
    del msg["To"]
    with Mailer(settings(server), sleep=Sleeps()) as mailer:
        assert mailer.send(msg) == SendResult(False, 1, "the message has no recipients")
    assert server.received == []


def test_login_with_the_configured_user(server):
    with Mailer(settings(server, smtp_user="bob", smtp_password="right")) as mailer:
        assert mailer.send(message()).ok
        assert mailer.send(message()).ok
    assert server.logins == [(b"bob", b"right")] and len(server.received) == 2


def test_no_login_without_a_user(server):
    with Mailer(settings(server, smtp_password="right")) as mailer:
        assert mailer.send(message()).ok
    assert server.logins == []


def test_a_refused_login_is_permanent_and_leaves_no_socket_open(server):
    sleeps = Sleeps()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with made_here_collected():
            mailer = Mailer(settings(server, smtp_user="bob", smtp_password="wrong"), sleep=sleeps)
            result = mailer.send(message())
    assert result == SendResult(False, 1, "SMTP login refused for bob: 5.7.8 Authentication credentials invalid")
    assert sleeps == [] and server.received == [] and server.logins == [(b"bob", b"wrong")]
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert wait_closed(server) == 0


def test_starttls_against_a_server_without_it_fails_and_leaves_no_socket_open(server):
    sleeps = Sleeps()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with made_here_collected():
            mailer = Mailer(settings(server, smtp_tls="starttls", mail_retries=1), sleep=sleeps)
            result = mailer.send(message())
    assert result == SendResult(False, 1, "SMTP error: STARTTLS extension not supported by server. (gave up after 1 "
                                          "attempts)")
    assert server.received == []
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert wait_closed(server) == 0


def test_ssl_against_a_plain_server_never_sends_in_clear(server):
    with Mailer(settings(server, smtp_tls="ssl", mail_retries=1), sleep=Sleeps()) as mailer:
        result = mailer.send(message())
    assert result.ok is False and result.error.startswith(f"cannot reach the SMTP server 127.0.0.1:{server.port}: ")
    assert server.received == [] and server.ehlo == 0


@pytest.mark.parametrize(("answer", "attempts"), [("500 5.5.2 syntax error", 1), ("499 4.0.0 odd but temporary", 3),
                                                  ("400 4.0.0 temporary", 3)])
def test_only_4xx_answers_are_retried(server, answer, attempts):
    server.rcpt["li@example.org"] = [answer] * 3
    with Mailer(settings(server), sleep=Sleeps()) as mailer:
        result = mailer.send(message())
    assert result.attempts == attempts and result.error.startswith(f"li@example.org refused: {answer}")


def test_a_server_answer_that_is_not_utf_8_is_still_reported(server):
    server.rcpt["li@example.org"] = [b"550 5.1.1 bo\xeete pleine"]
    with Mailer(settings(server), sleep=Sleeps()) as mailer:
        assert mailer.send(message()) == SendResult(False, 1, "li@example.org refused: 550 5.1.1 bo\ufffdte pleine",
                                                     refused=True)


@pytest.fixture
def tls(tmp_path, monkeypatch):
    """A certificate for 127.0.0.1 made here, trusted by this process's default TLS context (SSL_CERT_FILE), and
    the server side's context."""
    import datetime
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    # valid from 2000 with no expiry (RFC 5280's 9999-12-31), not from this process's "now": OpenSSL checks it by the
    # machine's clock, so a run with the process's clock moved (a sweep planting another day) found it expired
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(datetime.datetime(2000, 1, 1))
            .not_valid_after(datetime.datetime(9999, 12, 31, 23, 59, 59))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    return context


def tls_server(tls, **kw):
    state = Server()
    state.controller = Counting(state, authenticator=state.authenticate, auth_exclude_mechanism=["LOGIN"], **kw)
    state.controller.start()
    state.port = state.controller.port
    return state


def test_starttls_then_login(tls):
    server = tls_server(tls, tls_context=tls, require_starttls=True)  # AUTH only after STARTTLS (the default)
    try:
        with Mailer(settings(server, smtp_tls="starttls", smtp_user="bob", smtp_password="right")) as mailer:
            assert mailer.send(message()) == SendResult(True, 1)
        assert server.logins == [(b"bob", b"right")] and len(server.received) == 1
    finally:
        server.controller.stop()


def test_implicit_tls_on_the_configured_port(tls):
    server = tls_server(tls, ssl_context=tls)
    try:
        with Mailer(settings(server, smtp_tls="ssl")) as mailer:
            assert mailer.send(message()) == SendResult(True, 1)
        assert len(server.received) == 1
    finally:
        server.controller.stop()


@pytest.mark.parametrize(("mode", "context"), [("ssl", "ssl_context"), ("starttls", "tls_context")])
def test_a_certificate_nobody_vouches_for_is_refused(tls, monkeypatch, mode, context):
    monkeypatch.delenv("SSL_CERT_FILE")
    server = tls_server(tls, **{context: tls})
    try:
        with Mailer(settings(server, smtp_tls=mode), sleep=Sleeps()) as mailer:
            result = mailer.send(message())
        assert result == SendResult(False, 1, f"the SMTP server 127.0.0.1:{server.port} is not trusted: "
                                              "self-signed certificate")  # not retried: it will not change
        assert server.received == []
    finally:
        server.controller.stop()


def test_a_server_that_went_away_for_good_is_reported_with_the_reason(server):
    mailer = Mailer(settings(server, mail_retries=1), sleep=Sleeps())
    assert mailer.send(message()).ok
    server.controller.stop()
    server.controller = Counting(server)  # for the fixture to stop
    server.controller.start()
    result = mailer.send(message())
    mailer.close()
    assert result == SendResult(False, 1, f"cannot reach the SMTP server 127.0.0.1:{server.port}: Connection "
                                          "unexpectedly closed (gave up after 1 attempts)", unreachable=True)


def test_a_refused_connection_names_the_reason(server):
    with (refusing_port() as port,
          Mailer(settings(server, mail_retries=1).replace(smtp_port=port), sleep=Sleeps()) as mailer):
        result = mailer.send(message())
    assert result.error == (f"cannot reach the SMTP server 127.0.0.1:{port}: [Errno 111] Connection refused (gave up "
                            "after 1 attempts)")


@pytest.mark.parametrize("mode", ["none", "ssl"])
def test_a_server_that_accepts_and_says_nothing_is_given_up_on_after_the_timeout(server, mode):
    import time

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        started = time.monotonic()
        with Mailer(settings(server, mail_retries=1, smtp_tls=mode, smtp_timeout=0.3).replace(smtp_port=port),
                    sleep=Sleeps()) as mailer:
            result = mailer.send(message())
        assert time.monotonic() - started < 5
    assert result.ok is False and result.error.startswith(f"cannot reach the SMTP server 127.0.0.1:{port}: ")
    assert "timed out" in result.error
