"""The mail policy's List-Unsubscribe: written as its URIs (mail clients never decode encoded words in it), within
RFC 5322's 998-character lines, and left to the email package's folding where it cannot be."""

from __future__ import annotations

from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest

from kb.digest.mail_policy import MAIL_POLICY

TOKEN = "eyJzIjoxLCJuIjoiMWM2N2I4ZTNmM2IxOTBiZiJ9.axOo3w.cmJ9xbdHD6WvPlQpMQlyq1YzgtU"


def _written(value: str) -> tuple[list[str], str]:
    """(the message's header lines as bytes on the wire, the header read back by a MIME parser)."""
    msg = EmailMessage(policy=MAIL_POLICY)
    msg["List-Unsubscribe"] = value
    msg.set_content("x")
    raw = msg.as_bytes()
    head = raw.split(b"\n\n", 1)[0].decode("ascii").split("\n")
    return head, str(message_from_bytes(raw, policy=policy.default)["List-Unsubscribe"])


def test_two_uris_are_written_one_a_line_with_a_comma_inside_one_kept():
    value = f"<mailto:leave@example.org?subject=a,b>, <https://lessons.example.com/unsubscribe/{TOKEN}>"
    head, read = _written(value)
    assert head[:2] == ["List-Unsubscribe: <mailto:leave@example.org?subject=a,b>,",
                        f" <https://lessons.example.com/unsubscribe/{TOKEN}>"]
    assert read == value


@pytest.mark.parametrize("value", [f"<https://lessons.example.com/{'u' * 990}>",  # longer than a line may be
                                   f"<https://经验.example.com/unsubscribe/{TOKEN}>"])  # not ASCII
def test_what_cannot_be_written_as_it_is_is_left_to_the_email_package(value):
    head, read = _written(value)
    assert all(len(line) <= 998 for line in head)
    assert read == value
    assert head[0].startswith("List-Unsubscribe: =?utf-8?")
