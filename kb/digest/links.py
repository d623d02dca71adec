"""Signed links in e-mails: unsubscribe (expiring, works once) and manage-your-subscription."""

from __future__ import annotations

from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from kb.errors import InvalidInput

UNSUBSCRIBE_DAYS = 90
MANAGE_DAYS = 180


def _serializer(secret: str, purpose: str) -> URLSafeTimedSerializer:
    if not secret:
        raise InvalidInput("signed links need a secret key (set KB_SECRET_KEY)")
    return URLSafeTimedSerializer(secret, salt=f"lessons-kb-{purpose}")


def make_token(secret: str, purpose: str, subscriber: dict[str, Any]) -> str:
    """A signed token naming the subscriber and their current link nonce."""
    return _serializer(secret, purpose).dumps({"s": subscriber["id"], "n": subscriber["link_nonce"]})


def read_token(secret: str, purpose: str, token: str) -> tuple[int, str]:
    """(subscriber id, nonce) from a token, or InvalidInput if it is forged, damaged or expired."""
    days = UNSUBSCRIBE_DAYS if purpose == "unsubscribe" else MANAGE_DAYS
    try:
        data = _serializer(secret, purpose).loads(token, max_age=days * 24 * 3600)
    except SignatureExpired:
        raise InvalidInput("this link has expired; use the link in a more recent digest") from None
    except BadSignature:
        raise InvalidInput("this link is not valid (it was changed or is incomplete)") from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), int) or not isinstance(data.get("n"), str):
        raise InvalidInput("this link is not valid")
    return data["s"], data["n"]


def links(base_url: str, secret: str, subscriber: dict[str, Any]) -> dict[str, str]:
    """Absolute URLs for the web UI and this subscriber's signed links."""
    base = base_url.rstrip("/")
    return {
        "base": base,
        "unsubscribe": f"{base}/unsubscribe/{make_token(secret, 'unsubscribe', subscriber)}",
        "manage": f"{base}/subscription/{make_token(secret, 'manage', subscriber)}",
    }
