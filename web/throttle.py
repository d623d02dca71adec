"""Login throttling that someone guessing a password cannot turn against the real user.

Failures are counted per user name and per address. ``login_max_failures`` for one name within the window throttle
that name, except for a client that has logged in as that user before (from its address within 90 days, or in this
browser, which keeps a signed cookie naming the users it logged in as) and has not failed that often itself. So
an attacker's failures keep the attacker out without locking the user out of their own machine. Thirty failures
from one address throttle it for every name. An address that has never logged in as the name waits like the
attacker: letting any fresh address try would give one guess per address to whoever has many (IPv6 gives anyone
millions).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

WINDOW_MINUTES = 15
RETRY_AFTER = WINDOW_MINUTES * 60  # a throttled login's Retry-After, in seconds: the window, by when it has lifted
ADDRESS_MAX_FAILURES = 30
DEVICE_COOKIE = "kb_device"
DEVICE_DAYS = 180
DEVICE_NAMES = 5  # users remembered per browser


def is_throttled(name: str, address: str | None) -> bool:
    """Whether a login attempt for a name from an address must wait."""
    store, limit = g.store, g.settings.login_max_failures
    if store.recent_failures(address=address, minutes=WINDOW_MINUTES) >= ADDRESS_MAX_FAILURES:
        return True
    if store.recent_failures(name=name, minutes=WINDOW_MINUTES) < limit:
        return False
    if store.recent_failures(name=name, address=address, minutes=WINDOW_MINUTES) >= limit:
        return True
    return not (store.logged_in_from(name, address) or _login_name(name) in _device_names())


def remember_device(response: Any, name: str) -> Any:
    """Add a user to the browser's signed list of users it has logged in as (the response's cookie)."""
    names = [n for n in _device_names() if n != _login_name(name)][-(DEVICE_NAMES - 1):] + [_login_name(name)]
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(names), max_age=DEVICE_DAYS * 24 * 3600, httponly=True,
                        samesite="Lax", secure=g.settings.secure_cookies)
    return response


def _device_names() -> list[str]:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return []
    try:
        names = _serializer().loads(raw, max_age=DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return []
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="lessons-kb-device")  # type: ignore[arg-type]


def _login_name(name: str) -> str:
    return name.strip().lower()[:64]
