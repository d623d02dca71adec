"""Weekly digest e-mails: what each subscriber should hear about, rendered and sent exactly once."""

from __future__ import annotations

from kb.digest.content import DigestContent, compose, new_subscriber
from kb.digest.delivery import DeliveryReport, send_digests
from kb.digest.mailer import Mailer
from kb.digest.periods import (
           Period,
           current_period,
           current_week,
           last_complete_week,
           parse_period,
           refuse_unbegun,
           yesterday,
)
from kb.digest.render import build_message, render

__all__ = ["DeliveryReport", "DigestContent", "Mailer", "Period", "build_message", "compose", "current_period",
           "current_week",
           "last_complete_week", "new_subscriber", "parse_period", "refuse_unbegun", "render", "send_digests", "yesterday"]
