"""The e-mail policy of the messages the project sends: the email package's own, but with a Chinese subject folded
so that its spaces survive, and the List-Unsubscribe header written as the URIs it holds.

The package folds a long non-ASCII header into encoded words and may put a space of the text between two of them,
where RFC 2047 tells every reader to drop it: "…周报 2026-W49：119 条新经验，10 篇文档" arrived as "…119条新经验…".
``email.header.Header`` keeps each space inside an encoded word.

A header longer than a line with no space to fold at is encoded words too, even in ASCII: the unsubscribe link with
its signed token went out as ``List-Unsubscribe: =?utf-8?q?=3Chttp=3A//…?=``, which mail clients do not decode
(RFC 2369: the header is a list of ``<URI>``), so they offered no one-click unsubscribe. RFC 5322 allows a line of
998 characters: the URIs are written as they are, one a line.
"""

from __future__ import annotations

import re
from email.header import Header
from email.policy import EmailPolicy
from typing import Any

_URI_LISTS = {"list-unsubscribe", "list-unsubscribe-post"}  # RFC 2369 / 8058: read as written, never decoded
_URI = re.compile(r"<[\x21-\x3d\x3f-\x7e]+>")  # <URI>, printable ASCII
_URI_LIST = re.compile(rf"{_URI.pattern}(?:, ?{_URI.pattern})*")
_PLAIN = re.compile(r"[\x21-\x7e][\x20-\x7e]*")  # List-Unsubscribe-Post's value: printable ASCII
_MAX_LINE = 998  # RFC 5322's limit, without the CRLF


class _MailPolicy(EmailPolicy):
    """``email.policy.default`` with spaces kept in a non-ASCII subject and List-Unsubscribe never encoded."""

    def fold(self, name: str, value: Any) -> str:
        """The header as it is written to a message (the str generator)."""
        return _verbatim(self, name, value) or _encoded(self, name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        """The header as it is written to a message (the bytes generator, which smtplib uses)."""
        folded = _verbatim(self, name, value) or _encoded(self, name, value)
        return folded.encode("ascii") if folded else super().fold_binary(name, value)


def _verbatim(policy: EmailPolicy, name: str, value: Any) -> str | None:
    """A List-Unsubscribe header as its URIs, one a line, or None for any other header (or a value that is not
    printable ASCII, or a URI too long for a line, which the package's folding then handles)."""
    text = str(value)
    if name.lower() not in _URI_LISTS:
        return None
    uris = _URI.findall(text) if _URI_LIST.fullmatch(text) else [text] if _PLAIN.fullmatch(text) else []
    if not uris or len(name) + 2 + max(len(uri) + 1 for uri in uris) > _MAX_LINE:
        return None
    return f"{name}: {(',' + policy.linesep + ' ').join(uris)}{policy.linesep}"


def _encoded(policy: EmailPolicy, name: str, value: Any) -> str | None:
    """A non-ASCII subject as encoded words that keep its spaces, or None for any other header."""
    text = str(value)
    if name.lower() != "subject" or text.isascii() or policy.utf8:
        return None
    words = Header(text, "utf-8", maxlinelen=policy.max_line_length, header_name=name)
    return f"{name}: {words.encode(linesep=policy.linesep)}{policy.linesep}"


MAIL_POLICY = _MailPolicy()  # the default policy's; smtplib writes CRLF itself
