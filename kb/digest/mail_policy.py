"""The e-mail policy of the messages the project sends: the email package's own, but with a Chinese subject folded
so that its spaces survive.

The package folds a long non-ASCII header into encoded words and may put a space of the text between two of them,
where RFC 2047 tells every reader to drop it: "…周报 2026-W49：119 条新经验，10 篇文档" arrived as "…119条新经验…".
``email.header.Header`` keeps each space inside an encoded word.
"""

from __future__ import annotations

from email.header import Header
from email.policy import EmailPolicy
from typing import Any


class _MailPolicy(EmailPolicy):
    """``email.policy.default`` with spaces kept in a non-ASCII subject."""

    def fold(self, name: str, value: Any) -> str:
        """The header as it is written to a message (the str generator)."""
        return _encoded(self, name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        """The header as it is written to a message (the bytes generator, which smtplib uses)."""
        folded = _encoded(self, name, value)
        return folded.encode("ascii") if folded else super().fold_binary(name, value)


def _encoded(policy: EmailPolicy, name: str, value: Any) -> str | None:
    """A non-ASCII subject as encoded words that keep its spaces, or None for any other header."""
    text = str(value)
    if name.lower() != "subject" or text.isascii() or policy.utf8:
        return None
    words = Header(text, "utf-8", maxlinelen=policy.max_line_length, header_name=name)
    return f"{name}: {words.encode(linesep=policy.linesep)}{policy.linesep}"


MAIL_POLICY = _MailPolicy()  # the default policy's; smtplib writes CRLF itself
