"""Users, roles, API tokens and login attempts."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from werkzeug.security import check_password_hash, generate_password_hash

from kb.errors import InvalidInput, NotFound
from kb.store.core import StoreCore, now

MIN_PASSWORD = 8


class Role(StrEnum):
    """What a user may do: read; also tag, review and curate sessions; also manage users."""

    READER = "reader"
    CURATOR = "curator"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        """True if this role includes the rights of ``other``."""
        order = [Role.READER, Role.CURATOR, Role.ADMIN]
        return order.index(self) >= order.index(other)


class PeopleOps(StoreCore):
    """Accounts and authentication records."""

    def add_user(self, name: str, password: str, role: Role | str = Role.READER,
                 display_name: str | None = None) -> int:
        """Create a user; the password is stored only as a salted hash."""
        name = name.strip()
        if not name or len(name) > 64 or any(ch.isspace() for ch in name):
            raise InvalidInput("a user name is 1-64 characters without spaces")
        role = _role(role)
        _check_password(password)
        if self.scalar("SELECT 1 FROM users WHERE name = ?", [name]):
            raise InvalidInput(f"user '{name}' already exists")
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO users (name, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                [name, display_name or name, role.value, generate_password_hash(password), now()])
        return int(cur.lastrowid)

    def set_password(self, name: str, password: str) -> None:
        """Change a user's password."""
        _check_password(password)
        with self.transaction():
            if not self.conn.execute("UPDATE users SET password_hash = ? WHERE name = ?",
                                     [generate_password_hash(password), name]).rowcount:
                raise NotFound(f"no user '{name}'")

    def set_role(self, name: str, role: Role | str) -> None:
        """Change a user's role."""
        with self.transaction():
            if not self.conn.execute("UPDATE users SET role = ? WHERE name = ?", [_role(role).value, name]).rowcount:
                raise NotFound(f"no user '{name}'")

    def set_active(self, name: str, active: bool) -> None:
        """Disable or re-enable an account."""
        with self.transaction():
            if not self.conn.execute("UPDATE users SET active = ? WHERE name = ?", [int(active), name]).rowcount:
                raise NotFound(f"no user '{name}'")

    def users(self) -> list[dict[str, Any]]:
        """Every user (without password hashes)."""
        return self.rows("SELECT id, name, display_name, role, active, created_at, last_login FROM users ORDER BY name")

    def user(self, user_id: int) -> dict[str, Any] | None:
        """An active user by id, or None."""
        return self.row("SELECT id, name, display_name, role FROM users WHERE id = ? AND active = 1", [user_id])

    def authenticate(self, name: str, password: str) -> dict[str, Any] | None:
        """The user if the name and password match an active account, else None (same cost either way)."""
        row = self.row("SELECT id, name, display_name, role, password_hash FROM users WHERE name = ? AND active = 1",
                       [name])
        stored = row["password_hash"] if row else _DUMMY_HASH
        ok = check_password_hash(stored, password)
        if not (row and ok):
            return None
        with self.transaction():
            self.conn.execute("UPDATE users SET last_login = ? WHERE id = ?", [now(), row["id"]])
        return {k: row[k] for k in ("id", "name", "display_name", "role")}

    def record_login(self, name: str, address: str | None, success: bool) -> None:
        """Remember a login attempt (for throttling)."""
        with self.transaction():
            self.conn.execute("INSERT INTO login_attempts (name, address, success, at) VALUES (?, ?, ?, ?)",
                              [name.strip().lower()[:64], address, int(success), now()])
            self.conn.execute("DELETE FROM login_attempts WHERE at < ?",
                              [(datetime.now(UTC) - timedelta(days=7)).isoformat(timespec="seconds")])

    def recent_failures(self, *, name: str | None = None, address: str | None = None, minutes: int = 15) -> int:
        """Failed logins for a name or from an address in the last minutes, since the last success."""
        since = (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="seconds")
        column, value = ("name", name.strip().lower()) if name is not None else ("address", address)
        last_ok = self.scalar(f"SELECT max(at) FROM login_attempts WHERE {column} = ? AND success = 1", [value])
        return int(self.scalar(f"SELECT count(*) FROM login_attempts WHERE {column} = ? AND success = 0 AND at >= ?",
                               [value, max(since, last_ok or "")]))

    def create_token(self, name: str, label: str | None = None) -> str:
        """A new API token for a user; only its hash is stored, so it is shown once."""
        user_id = self.scalar("SELECT id FROM users WHERE name = ?", [name])
        if user_id is None:
            raise NotFound(f"no user '{name}'")
        token = "kb_" + secrets.token_urlsafe(32)
        with self.transaction():
            self.conn.execute("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
                              [user_id, _token_hash(token), label, now()])
        return token

    def user_for_token(self, token: str) -> dict[str, Any] | None:
        """The active user an API token belongs to."""
        row = self.row("SELECT u.id, u.name, u.display_name, u.role, t.id AS token_id FROM api_tokens t"
                       " JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.active = 1", [_token_hash(token)])
        if row:
            with self.transaction():
                self.conn.execute("UPDATE api_tokens SET last_used = ? WHERE id = ?", [now(), row["token_id"]])
        return row


def _role(value: Role | str) -> Role:
    try:
        return Role(str(value).lower())
    except ValueError:
        raise InvalidInput(f"unknown role '{value}'; use reader, curator or admin") from None


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))
