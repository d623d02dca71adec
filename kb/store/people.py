"""Users, roles, web sessions, API tokens and login attempts."""

from __future__ import annotations

import functools
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.store.core import StoreCore, now
from kb.text import shown_value

MIN_PASSWORD = 8
KNOWN_DAYS = 90  # a successful login is remembered this long: its address is known for that name
SCOPE_ALL, SCOPE_READ = "all", "read"  # an API token may do all its user's role may, or only read
TOKEN_SCOPES = (SCOPE_ALL, SCOPE_READ)
TOUCH_EVERY = timedelta(minutes=5)  # a session's last_seen and a token's last_used are written at most this often


@dataclass(frozen=True)
class Revoked:
    """What a password change or a disabled account ended."""

    sessions: int
    tokens: int


class Role(StrEnum):
    """What a user may do: read; also add documents and lessons and change their own until a curator approves them;
    also tag, review and curate sessions; also manage users."""

    READER = "reader"
    CONTRIBUTOR = "contributor"
    CURATOR = "curator"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        """True if this role includes the rights of ``other``."""
        order = [Role.READER, Role.CONTRIBUTOR, Role.CURATOR, Role.ADMIN]
        return order.index(self) >= order.index(other)


class PeopleOps(StoreCore):
    """Accounts and authentication records."""

    def add_user(self, name: str, password: str, role: Role | str = Role.READER,
                 display_name: str | None = None) -> int:
        """Create a user; the password is stored only as a salted hash."""
        name = user_name(name)
        role = _role(role)
        check_password(password)
        if self.scalar("SELECT 1 FROM users WHERE name = ?", [name]):
            raise InvalidInput(f"user '{shown_value(name)}' already exists")
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                [name, display_name or name, role.value, _password_hash(password), now()])
        return int(cur.lastrowid)

    def set_password(self, name: str, password: str, *, keep_tokens: bool = False) -> Revoked:
        """Change a user's password: every web session of the user ends, and (unless ``keep_tokens``) every API
        token is revoked, since a password is changed most often because it may be known to someone else."""
        check_password(password)
        with self.transaction():
            user_id = self._user_id(name)
            self.conn.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                              [_password_hash(password), user_id])
            sessions = self.conn.execute("DELETE FROM web_sessions WHERE user_id = ?", [user_id]).rowcount
            tokens = 0 if keep_tokens else \
                self.conn.execute("DELETE FROM api_tokens WHERE user_id = ?", [user_id]).rowcount
        return Revoked(sessions, tokens)

    def set_role(self, name: str, role: Role | str) -> None:
        """Change a user's role."""
        with self.transaction():
            if not self.conn.execute("UPDATE users SET role = ? WHERE name = ?", [_role(role).value, name]).rowcount:
                raise NotFound(f"no user '{shown_value(name)}'")

    def set_active(self, name: str, active: bool) -> Revoked:
        """Disable or re-enable an account. Disabling ends its web sessions; its API tokens stop working while it
        is disabled (they are kept: enabling the account brings them back; revoke them to drop them)."""
        with self.transaction():
            user_id = self._user_id(name)
            self.conn.execute("UPDATE users SET active = ? WHERE id = ?", [int(active), user_id])
            sessions = 0 if active else \
                self.conn.execute("DELETE FROM web_sessions WHERE user_id = ?", [user_id]).rowcount
            tokens = self.scalar("SELECT count(*) FROM api_tokens WHERE user_id = ?", [user_id])
        return Revoked(sessions, 0 if active else int(tokens))

    def users(self) -> list[dict[str, Any]]:
        """Every user (without password hashes), with how many web sessions and API tokens each has."""
        rows = self.rows(
            "SELECT id, name, display_name, role, active, created_at, last_login,"
            " (SELECT count(*) FROM web_sessions s WHERE s.user_id = users.id AND s.expires_at > :now) AS sessions,"
            " (SELECT count(*) FROM api_tokens t WHERE t.user_id = users.id) AS tokens FROM users ORDER BY name",
            {"now": now()})
        return [{**row, "active": bool(row["active"])} for row in rows]  # true/false in JSON, as subscribers' are

    def display_names(self) -> dict[str, str]:
        """The name pages show for each user, by login name: the display name, or the login where none was given."""
        return {row["name"]: row["display_name"] or row["name"]
                for row in self.rows("SELECT name, display_name FROM users")}

    def _user_id(self, name: str) -> int:
        user_id = self.scalar("SELECT id FROM users WHERE name = ?", [name.strip()])
        if user_id is None:
            raise NotFound(f"no user '{shown_value(name)}'")
        return int(user_id)

    # ---- web sessions: the cookie carries a random id; only its hash is kept ------------------------------
    def start_session(self, user_id: int, lifetime: timedelta, address: str | None = None) -> str:
        """A new web session for a user who has just logged in; returns the id the cookie carries."""
        session_id = secrets.token_urlsafe(32)
        stamp = datetime.now(UTC)
        with self.transaction():
            self.conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?", [_iso(stamp)])
            self.conn.execute("INSERT INTO web_sessions (user_id, token_hash, created_at, last_seen, expires_at,"
                              " address) VALUES (?, ?, ?, ?, ?, ?)",
                              [user_id, _token_hash(session_id), _iso(stamp), _iso(stamp), _iso(stamp + lifetime),
                               address])
        return session_id

    def session_user(self, session_id: str, lifetime: timedelta) -> dict[str, Any] | None:
        """The active user of a live web session, or None (ended, expired, or the account disabled).

        A session in use is extended by ``lifetime`` (as the cookie is), writing at most every few minutes.
        """
        stamp = datetime.now(UTC)
        row = self.row("SELECT u.id, u.name, u.display_name, u.role, s.id AS session_row, s.last_seen"
                       " FROM web_sessions s JOIN users u ON u.id = s.user_id"
                       " WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1",
                       [_token_hash(session_id), _iso(stamp)])
        if row is None:
            return None
        if row.pop("last_seen") < _iso(stamp - TOUCH_EVERY):
            with self.transaction():
                self.conn.execute("UPDATE web_sessions SET last_seen = ?, expires_at = ? WHERE id = ?",
                                  [_iso(stamp), _iso(stamp + lifetime), row["session_row"]])
        del row["session_row"]
        return row

    def end_session(self, session_id: str) -> None:
        """Log one web session out."""
        with self.transaction():
            self.conn.execute("DELETE FROM web_sessions WHERE token_hash = ?", [_token_hash(session_id)])

    def end_sessions(self, name: str) -> int:
        """Log a user out everywhere; returns how many sessions ended."""
        with self.transaction():
            return int(self.conn.execute("DELETE FROM web_sessions WHERE user_id = ?", [self._user_id(name)]).rowcount)

    def user(self, user_id: int) -> dict[str, Any] | None:
        """An active user by id, or None."""
        return self.row("SELECT id, name, display_name, role FROM users WHERE id = ? AND active = 1", [user_id])

    def authenticate(self, name: str, password: str) -> dict[str, Any] | None:
        """The user if the name and password match an active account, else None (same cost either way)."""
        row = self.row("SELECT id, name, display_name, role, password_hash FROM users WHERE name = ? AND active = 1",
                       [name])
        dummy = _dummy_hash()  # made at the first attempt whether the name is known or not: both cost the same
        stored = row["password_hash"] if row else dummy
        ok = check_password_hash(stored, password)
        if not (row and ok):
            return None
        with self.transaction():
            self.conn.execute("UPDATE users SET last_login = ? WHERE id = ?", [now(), row["id"]])
        return {k: row[k] for k in ("id", "name", "display_name", "role")}

    def record_login(self, name: str, address: str | None, success: bool) -> None:
        """Remember a login attempt (for throttling): failures for a week, successes for KNOWN_DAYS."""
        stamp = datetime.now(UTC)
        with self.transaction():
            self.conn.execute("INSERT INTO login_attempts (name, address, success, at) VALUES (?, ?, ?, ?)",
                              [_login_name(name), address, int(success), _iso(stamp)])
            self.conn.execute("DELETE FROM login_attempts WHERE at < ? AND (success = 0 OR at < ?)",
                              [_iso(stamp - timedelta(days=7)), _iso(stamp - timedelta(days=KNOWN_DAYS))])

    def recent_failures(self, *, name: str | None = None, address: str | None = None, minutes: int = 15) -> int:
        """Failed logins in the last minutes for a name, from an address, or for a name from an address.

        A failure stops counting once the same address logs in (as the same name, when a name is given): the user
        got in after a typo. "After" is the order the attempts were recorded in, not their times, which are kept to
        the second: a success and the failures that follow it within one second forgave those failures. A success from elsewhere forgives nothing, so the real user logging in does not reset
        the count of someone guessing their password.
        """
        clauses, params = ["f.success = 0", "f.at >= :since"], {"since": _iso(datetime.now(UTC) -
                                                                             timedelta(minutes=minutes))}
        forgiven = "s.address IS f.address"
        if name is not None:
            clauses.append("f.name = :name")
            params["name"] = _login_name(name)
            forgiven += " AND s.name = f.name"
        if address is not None:
            clauses.append("f.address IS :address")
            params["address"] = address
        return int(self.scalar(
            f"SELECT count(*) FROM login_attempts f WHERE {' AND '.join(clauses)} AND NOT EXISTS"
            f" (SELECT 1 FROM login_attempts s WHERE s.success = 1 AND s.id > f.id AND {forgiven})", params))

    def logged_in_from(self, name: str, address: str | None, *, days: int = KNOWN_DAYS) -> bool:
        """Whether a name logged in successfully from an address in the last days."""
        return bool(self.scalar(
            "SELECT 1 FROM login_attempts WHERE name = ? AND address IS ? AND success = 1 AND at >= ?",
            [_login_name(name), address, _iso(datetime.now(UTC) - timedelta(days=days))]))

    def create_token(self, name: str, label: str | None = None, *, lifetime: timedelta | None = None,
                     scope: str = SCOPE_ALL) -> str:
        """A new API token for a user; only its hash is stored, so it is shown once. With a ``lifetime`` it stops
        working that long from now; with the ``read`` scope it may only read (its user's role otherwise)."""
        if scope not in TOKEN_SCOPES:
            raise InvalidInput(f"unknown token scope '{shown_value(scope)}'; use {' or '.join(TOKEN_SCOPES)}")
        user_id = self._user_id(name)
        token = "kb_" + secrets.token_urlsafe(32)
        expires = _iso(datetime.now(UTC) + lifetime) if lifetime is not None else None
        with self.transaction():
            self.conn.execute("INSERT INTO api_tokens (user_id, token_hash, label, created_at, expires_at, scope)"
                              " VALUES (?, ?, ?, ?, ?, ?)", [user_id, _token_hash(token), label, now(), expires, scope])
        return token

    def user_for_token(self, token: str) -> dict[str, Any] | None:
        """The active user an API token belongs to, with the token's ``scope`` and ``expires_at``; an expired token's
        row has ``expired`` true (its last use is written at most every few minutes, an expired one's never)."""
        row = self.row("SELECT u.id, u.name, u.display_name, u.role, t.id AS token_id, t.last_used, t.scope,"
                       " t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id"
                       " WHERE t.token_hash = ? AND u.active = 1", [_token_hash(token)])
        if row is None:
            return None
        stamp = datetime.now(UTC)
        row["expired"] = row["expires_at"] is not None and row["expires_at"] <= _iso(stamp)
        if (row.pop("last_used") or "") < _iso(stamp - TOUCH_EVERY) and not row["expired"]:
            with self.transaction():
                self.conn.execute("UPDATE api_tokens SET last_used = ? WHERE id = ?", [_iso(stamp), row["token_id"]])
        return row

    def tokens(self, name: str) -> list[dict[str, Any]]:
        """A user's API tokens: id, label, created, last used, scope, when it expires (None: never) and whether it
        has (never the token itself, which is not kept)."""
        rows = self.rows("SELECT id, label, created_at, last_used, scope, expires_at FROM api_tokens"
                         " WHERE user_id = ? ORDER BY id", [self._user_id(name)])
        stamp = _iso(datetime.now(UTC))
        return [{**r, "expired": r["expires_at"] is not None and r["expires_at"] <= stamp} for r in rows]

    def revoke_token(self, name: str, token_id: int) -> None:
        """Revoke one of a user's API tokens (by the id ``tokens`` lists)."""
        with self.transaction():
            if not self.conn.execute("DELETE FROM api_tokens WHERE id = ? AND user_id = ?",
                                     [token_id, self._user_id(name)]).rowcount:
                raise NotFound(f"user '{shown_value(name)}' has no API token {token_id}")

    def revoke_tokens(self, name: str) -> int:
        """Revoke every API token of a user; returns how many."""
        with self.transaction():
            return int(self.conn.execute("DELETE FROM api_tokens WHERE user_id = ?", [self._user_id(name)]).rowcount)


def user_name(name: str) -> str:
    """A new user's name, stripped: checked before ``kb user add`` asks for a password.

    Raises:
        InvalidInput: empty, longer than 64 characters, or with a space inside.
    """
    name = name.strip()
    if not name or len(name) > 64 or any(ch.isspace() for ch in name):
        raise InvalidInput("a user name is 1-64 characters without spaces")
    return name


def _role(value: Role | str) -> Role:
    try:
        return Role(str(value).lower())
    except ValueError:
        raise InvalidInput(f"unknown role '{shown_value(value)}'; use reader, contributor, curator or admin") from None


def check_password(password: str) -> None:
    """Checked before ``kb user add`` opens the store, and by every store call that sets one.

    Raises:
        InvalidInput: shorter than ``MIN_PASSWORD``.
    """
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")


def _login_name(name: str) -> str:
    return name.strip().lower()[:64]


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def generate_password_hash(password: str, **options: Any) -> str:
    """werkzeug's password hash; werkzeug is imported only where passwords are handled, not at every start."""
    from werkzeug.security import generate_password_hash as werkzeug_hash

    return werkzeug_hash(password, **options)


def check_password_hash(stored: str, password: str) -> bool:
    """werkzeug's check of a password against its hash (imported when first needed)."""
    from werkzeug.security import check_password_hash as werkzeug_check

    return werkzeug_check(stored, password)


def _password_hash(password: str) -> str:
    return generate_password_hash(password)


@functools.cache
def _dummy_hash() -> str:
    """A hash an unknown user name is checked against, so that it costs what a known one does (made once, when
    first needed: scrypt takes a third of a second, which every command paid at start-up)."""
    return _password_hash(secrets.token_hex(16))
