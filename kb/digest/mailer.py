"""SMTP delivery with the standard library: one connection reused, temporary failures retried with backoff."""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any, Self

from kb.settings import Settings


class PermanentFailure(Exception):
    """The server refused this message for good (a 5xx answer): retrying will not help."""


class RecipientRefused(PermanentFailure):
    """The server refused the recipient's address for good ("550 no such user")."""


class TemporaryFailure(Exception):
    """The server or network failed in a way that may pass (4xx, timeouts, dropped connections)."""


class Unreachable(TemporaryFailure):
    """The server could not be reached at all (refused, timed out, dropped): every message would fail alike."""


@dataclass
class SendResult:
    """How one message went."""

    ok: bool
    attempts: int
    error: str | None = None
    refused: bool = False  # the recipient's address was refused for good: the address, not the mail, is wrong
    unreachable: bool = False  # gave up because the server could not be reached: not this message's fault


class Mailer:
    """Sends messages over one SMTP connection, reconnecting as needed."""

    def __init__(self, settings: Settings, *, sleep: Callable[[float], Any] = time.sleep) -> None:
        self.settings = settings
        self.sleep = sleep
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Say goodbye to the server."""
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._smtp = None

    def send(self, message: EmailMessage) -> SendResult:
        """Send one message: temporary failures are retried with exponential backoff, permanent ones are not."""
        attempts = 0
        delay = self.settings.mail_backoff
        while True:
            attempts += 1
            try:
                self._send_once(message)
                return SendResult(True, attempts)
            except PermanentFailure as exc:
                return SendResult(False, attempts, str(exc), refused=isinstance(exc, RecipientRefused))
            except TemporaryFailure as exc:
                self.close()
                if attempts >= max(1, self.settings.mail_retries):
                    return SendResult(False, attempts, f"{exc} (gave up after {attempts} attempts)",
                                      unreachable=isinstance(exc, Unreachable))
                self.sleep(delay)
                delay *= 2

    def _send_once(self, message: EmailMessage) -> None:
        try:
            smtp = self._connection()
            refused = smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _classify(exc.recipients) from None
        except ssl.SSLCertVerificationError as exc:  # (a ValueError too) the server's certificate is not trusted
            raise PermanentFailure(f"the SMTP server {self.settings.smtp_host}:{self.settings.smtp_port} is not "
                                   f"trusted: {exc.verify_message}") from None
        except ValueError as exc:  # the message cannot be written out (a header): no retry will change that
            raise PermanentFailure(f"the message cannot be sent: {exc}") from None
        except smtplib.SMTPSenderRefused as exc:
            raise _by_code(exc.smtp_code, f"sender refused: {exc.smtp_code} {_text(exc.smtp_error)}") from None
        except smtplib.SMTPResponseException as exc:
            raise _by_code(exc.smtp_code, f"{exc.smtp_code} {_text(exc.smtp_error)}") from None
        except smtplib.SMTPServerDisconnected as exc:  # (SMTPConnectError is an SMTPResponseException)
            raise self._unreachable(exc) from None
        except smtplib.SMTPException as exc:  # before OSError, its base class
            raise TemporaryFailure(f"SMTP error: {exc}") from None
        except OSError as exc:  # refused, timed out, TLS handshake failed
            raise self._unreachable(exc) from None
        if refused:
            raise _classify(refused)

    def _unreachable(self, exc: Exception) -> Unreachable:
        return Unreachable(f"cannot reach the SMTP server {self.settings.smtp_host}:{self.settings.smtp_port}:"
                                f" {exc}")

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            return self._smtp
        s = self.settings
        if s.smtp_tls == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout,
                                                  context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout)
        try:  # a connection that fails to start TLS or to log in is closed here: nothing else holds it
            if s.smtp_tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user:
                smtp.login(s.smtp_user, s.smtp_password)
        except BaseException as exc:
            smtp.close()
            if isinstance(exc, smtplib.SMTPAuthenticationError):
                raise PermanentFailure(f"SMTP login refused for {s.smtp_user}: {_text(exc.smtp_error)}") from None
            raise
        self._smtp = smtp
        return smtp


def _classify(refused: dict[str, tuple[int, bytes]]) -> Exception:
    if not refused:  # smtplib's answer to a message that names no recipient at all
        return PermanentFailure("the message has no recipients")
    address, (code, text) = next(iter(refused.items()))
    message = f"{address} refused: {code} {_text(text)}"
    return TemporaryFailure(message) if 400 <= code < 500 else RecipientRefused(message)


def _by_code(code: int, text: str) -> Exception:
    return TemporaryFailure(text) if 400 <= code < 500 else PermanentFailure(text)


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
