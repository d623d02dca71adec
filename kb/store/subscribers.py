"""Digest subscribers and the record of every (subscriber, period) delivery."""

from __future__ import annotations

import json
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from kb.errors import InvalidInput, NotFound
from kb.models import LessonKind
from kb.store.core import StoreCore, now
from kb.text import has_line_breakers, normalize_tag, shown_value, tag_label

EMAIL = re.compile(r"^[^@\s<>,;\"']{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$")
FREQUENCIES = ("weekly", "daily", "off")
SUBSCRIBER_FIELDS = ("name", "language", "interests", "frequency", "active", "confirmed", "role")


def normalize_email(email: str) -> str:
    """A trimmed e-mail address, or InvalidInput naming what is wrong."""
    text = (email or "").strip()
    if not text:
        raise InvalidInput("an e-mail address is required")
    if has_line_breakers(text):
        raise InvalidInput(f"{text[:80]!r} is not an e-mail address: it holds a line break or control character")
    if not EMAIL.match(text):
        raise InvalidInput(f"'{text[:80]}' is not an e-mail address")
    return text


def clean_interests(interests: dict[str, Any] | None) -> dict[str, list[str]]:
    """{"tags": [...], "projects": [...], "kinds": [...]} with empties removed and kinds checked."""
    out: dict[str, list[str]] = {"tags": [], "projects": [], "kinds": []}
    typed: dict[str, list[str]] = {}
    for key in out:
        values = (interests or {}).get(key) or []
        if isinstance(values, str):
            values = re.split(r"[,;，；]", values)
        typed[key] = [str(v).strip() for v in values if str(v).strip()]
        out[key] = sorted(set(typed[key]))[:50]
    # every value typed, not only the first 50: tags are kept by label ('Ｂ\x07' sorts last as typed, first as 'B\x07')
    broken = next(((k, v) for k, vs in typed.items() for v in vs if has_line_breakers(v)), None)
    if broken is not None:
        raise InvalidInput(f"{broken[0]} cannot hold line breaks or control characters: {broken[1][:80]!r}")
    out["tags"] = interest_tags(typed["tags"])[:50]  # labelled as first typed
    kinds = {k.value for k in LessonKind}
    bad = [k for k in out["kinds"] if k not in kinds]
    if bad:
        raise InvalidInput(f"unknown lesson kind {bad[0]!r}; use {', '.join(sorted(kinds))}")
    return out


def interest_tags(tags: list[str]) -> list[str]:
    """Tags of interest as tags are labelled (NFKC: ＳＡＰ is SAP), one for each tag name (SAP and sap are one)."""
    labels: dict[str, str] = {}
    for tag in tags:
        labels.setdefault(normalize_tag(tag), tag_label(tag))
    return sorted(label for name, label in labels.items() if name)


class SubscriberOps(StoreCore):
    """Subscribers and deliveries."""

    def add_subscriber(self, email: str, *, name: str | None = None, language: str = "en",
                       interests: dict[str, Any] | None = None, frequency: str = "weekly", role: str = "reader",
                       confirmed: bool = True) -> int:
        """Add a subscriber (or refuse a duplicate address)."""
        email = normalize_email(email)
        values = _values({"name": name, "language": language, "interests": interests or {}, "frequency": frequency,
                          "role": role, "confirmed": confirmed, "active": True})
        if self.is_subscribed(email):
            raise InvalidInput(f"{email} is already subscribed")
        stamp = now()
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO subscribers (email, name, language, interests, frequency, active, confirmed, role,"
                " link_nonce, created_at, updated_at) VALUES (:email, :name, :language, :interests, :frequency,"
                " :active, :confirmed, :role, :nonce, :stamp, :stamp)",
                {"email": email, **values, "nonce": secrets.token_hex(8), "stamp": stamp})
        return int(cur.lastrowid)

    def is_subscribed(self, email: str) -> bool:
        """Whether an address is a subscriber's, as ``add_subscriber`` would store it (InvalidInput if it is none)."""
        return bool(self.scalar("SELECT 1 FROM subscribers WHERE email = ?", [normalize_email(email)]))

    def update_subscriber(self, subscriber_id: int, **changes: Any) -> None:
        """Change some fields (name, language, interests, frequency, active, confirmed, role)."""
        unknown = set(changes) - set(SUBSCRIBER_FIELDS)
        if unknown:
            raise InvalidInput(f"unknown subscriber field {min(unknown)!r}")
        values = _values(changes)
        if not values:
            return
        assignments = ", ".join(f"{k} = :{k}" for k in values)
        with self.transaction():
            if not self.conn.execute(f"UPDATE subscribers SET {assignments}, updated_at = :stamp WHERE id = :id",
                                     {**values, "stamp": now(), "id": subscriber_id}).rowcount:
                raise NotFound(f"no subscriber {subscriber_id}")

    def remove_subscriber(self, email: str) -> None:
        """Delete a subscriber and their delivery records."""
        self.remove_subscribers([email])

    def remove_subscribers(self, emails: list[str]) -> list[str]:
        """Delete subscribers and their delivery records, all or none (in one transaction).

        Returns:
            The addresses removed as they were stored (``" ANN@example.com "`` removes and gives ``ann@example.com``),
            each once.

        Raises:
            NotFound: naming every address given that is no subscriber's (nothing is removed).
        """
        with self.transaction():
            rows = [(email.strip(), self.row("SELECT id, email FROM subscribers WHERE email = ?", [email.strip()]))
                    for email in emails]
            missing = list(dict.fromkeys(typed for typed, row in rows if row is None))
            if missing:
                raise NotFound(f"no subscriber {', '.join(map(shown_value, missing))}")
            removed = {row["id"]: row["email"] for _, row in rows if row is not None}
            self.conn.executemany("DELETE FROM subscribers WHERE id = ?", [(i,) for i in removed])
        return list(removed.values())

    def subscriber(self, email: str | None = None, *, subscriber_id: int | None = None) -> dict[str, Any]:
        """One subscriber, by address or id."""
        row = self.row("SELECT * FROM subscribers WHERE email = ?", [email.strip()]) if email is not None else \
            self.row("SELECT * FROM subscribers WHERE id = ?", [subscriber_id])
        if row is None:
            raise NotFound(f"no subscriber {shown_value(email) if email is not None else subscriber_id}")
        return _decoded(row)

    def subscribers(self, *, frequency: str | None = None, due_only: bool = False) -> list[dict[str, Any]]:
        """Subscribers, by address; ``due_only``: active, confirmed and not paused (kb.store.refusals)."""
        clauses, params = [], []
        if frequency:
            clauses.append("frequency = ?")
            params.append(frequency)
        if due_only:
            clauses.append("active = 1 AND confirmed = 1 AND frequency != 'off' AND paused_at IS NULL")
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return [_decoded(r) for r in self.rows(f"SELECT * FROM subscribers {where} ORDER BY email", params)]

    def subscriber_page(self, contains: str | None = None, *, limit: int = 50,
                        offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        """One page of the subscribers by address, those whose address or name holds ``contains`` (ASCII case
        ignored), and how many there are: the curators' list, which listed every subscriber on one page."""
        where, params = "", []
        if contains and contains.strip():
            pattern = "%" + contains.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where, params = "WHERE email LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\'", [pattern, pattern]
        total = int(self.scalar(f"SELECT count(*) FROM subscribers {where}", params))
        rows = self.rows(f"SELECT * FROM subscribers {where} ORDER BY email LIMIT ? OFFSET ?", [*params, limit, offset])
        return [_decoded(r) for r in rows], total

    def rotate_link_nonce(self, subscriber_id: int) -> None:
        """Invalidate the signed links already sent to a subscriber."""
        with self.transaction():
            self.conn.execute("UPDATE subscribers SET link_nonce = ? WHERE id = ?", [secrets.token_hex(8), subscriber_id])

    # ---- sign-up confirmation mails ----------------------------------------------------------------
    def confirmations_from(self, client: str | None, *, minutes: int) -> int:
        """Confirmation mails sent for sign-ups from a client address in the last minutes."""
        return int(self.scalar("SELECT count(*) FROM confirmation_mails WHERE client IS ? AND at >= ?",
                               [client, _ago(minutes)]))

    def claim_confirmation(self, email: str, client: str | None, *, minutes: int) -> int | None:
        """Record a confirmation mail to an address about to be sent, unless one was sent in the last minutes.

        Returns:
            The claim's id (to release it if the mail cannot be sent), or None when the address had one recently.
        """
        with self.transaction():
            self.conn.execute("DELETE FROM confirmation_mails WHERE at < ?", [_ago(24 * 60)])
            if self.scalar("SELECT 1 FROM confirmation_mails WHERE email = ? AND at >= ?", [email, _ago(minutes)]):
                return None
            cur = self.conn.execute("INSERT INTO confirmation_mails (email, client, at) VALUES (?, ?, ?)",
                                    [email, client, now()])
        return int(cur.lastrowid)

    def release_confirmation(self, claim_id: int) -> None:
        """Forget a claimed confirmation mail that could not be sent (so the visitor may try again at once)."""
        with self.transaction():
            self.conn.execute("DELETE FROM confirmation_mails WHERE id = ?", [claim_id])

    # ---- deliveries -----------------------------------------------------------------------------
    def claim_delivery(self, subscriber_id: int, period: str, run_id: str, *, is_alive: Any,
                       retry_unknown: bool = False) -> tuple[bool, str]:
        """Claim (subscriber, period) for this run, recorded *before* sending.

        Returns (claimed, status). A failed delivery is claimed again. A 'sending' claim of a run that is
        gone was interrupted mid-send: it becomes 'unknown' (maybe delivered) and is not sent again unless
        ``retry_unknown``; a live run's claim is left alone. Sent and skipped ones stay done.
        """
        with self.transaction():
            row = self.row("SELECT status, run_id FROM digest_deliveries WHERE subscriber_id = ? AND period = ?",
                           [subscriber_id, period])
            if row is None:
                self.conn.execute("INSERT INTO digest_deliveries (subscriber_id, period, status, run_id, claimed_at)"
                                  " VALUES (?, ?, 'sending', ?, ?)", [subscriber_id, period, run_id, now()])
                return True, "new"
            status = _recorded_status(row, run_id, is_alive)
            if status != row["status"]:
                self.conn.execute("UPDATE digest_deliveries SET status = 'unknown', error = 'the sending run was"
                                  " interrupted; the message may or may not have been delivered' WHERE"
                                  " subscriber_id = ? AND period = ?", [subscriber_id, period])
            if _claimable(status, retry_unknown):
                self.conn.execute("UPDATE digest_deliveries SET status = 'sending', run_id = ?, claimed_at = ?,"
                                  " error = NULL WHERE subscriber_id = ? AND period = ?",
                                  [run_id, now(), subscriber_id, period])
                return True, status
            return False, status

    def delivery_due(self, subscriber_id: int, period: str, *, is_alive: Any,
                     retry_unknown: bool = False) -> tuple[bool, str]:
        """What :meth:`claim_delivery` would answer, claiming and changing nothing (a dry run's question): whether
        (subscriber, period) would be sent, and its status ("new" when none is recorded; a dead run's "sending" as
        the "unknown" a claim makes it)."""
        row = self.row("SELECT status, run_id FROM digest_deliveries WHERE subscriber_id = ? AND period = ?",
                       [subscriber_id, period])
        if row is None:
            return True, "new"
        status = _recorded_status(row, None, is_alive)
        return _claimable(status, retry_unknown), status

    def finish_delivery(self, subscriber_id: int, period: str, status: str, *, attempts: int = 0,
                        message_id: str | None = None, error: str | None = None, window: tuple[str, str] | None = None,
                        ) -> None:
        """Record the outcome (*after* sending); a sent or skipped digest moves the subscriber's window on."""
        with self.transaction():
            self.conn.execute(
                "UPDATE digest_deliveries SET status = ?, attempts = attempts + ?, message_id = ?, error = ?,"
                " window_start = ?, window_end = ?, finished_at = ? WHERE subscriber_id = ? AND period = ?",
                [status, attempts, message_id, error, window[0] if window else None, window[1] if window else None,
                 now(), subscriber_id, period])
            if status == "sent":  # the address works: refusals before this are not in a row with any after
                self.conn.execute("UPDATE subscribers SET refusals = 0 WHERE id = ? AND refusals > 0", [subscriber_id])
            if status in ("sent", "skipped") and window:
                self.conn.execute("UPDATE subscribers SET last_period_end = max(coalesce(last_period_end, ''), ?)"
                                  " WHERE id = ?", [window[1], subscriber_id])

    def release_delivery(self, subscriber_id: int, period: str, run_id: str) -> None:
        """Drop a claim that was never used (dry runs)."""
        with self.transaction():
            self.conn.execute("DELETE FROM digest_deliveries WHERE subscriber_id = ? AND period = ? AND run_id = ?"
                              " AND status = 'sending'", [subscriber_id, period, run_id])

    def deliveries(self, period: str | None = None) -> list[dict[str, Any]]:
        """Delivery records (of one period), with the subscriber's address."""
        sql = ("SELECT d.*, s.email FROM digest_deliveries d JOIN subscribers s ON s.id = d.subscriber_id")
        params: list[Any] = []
        if period:
            sql += " WHERE d.period = ?"
            params.append(period)
        return self.rows(sql + " ORDER BY d.id", params)


def _recorded_status(row: dict[str, Any], run_id: str | None, is_alive: Any) -> str:
    """A recorded delivery's status as a claim reads it: another run's 'sending' claim whose run is gone was
    interrupted mid-send, 'unknown' (maybe delivered)."""
    if row["status"] == "sending" and row["run_id"] != run_id and not is_alive(row["run_id"]):
        return "unknown"
    return str(row["status"])


def _claimable(status: str, retry_unknown: bool) -> bool:
    """Whether a delivery of that status is sent (again) by a run: a failed one, an interrupted one if asked."""
    return status == "failed" or (status == "unknown" and retry_unknown)


def _ago(minutes: int) -> str:
    return (datetime.now(UTC) - timedelta(minutes=minutes)).isoformat(timespec="seconds")


def subscriber_problems(email: str, fields: dict[str, Any]) -> list[str]:
    """Every reason an address and its fields would be refused, each worded as ``add_subscriber`` words it: a CSV
    row is told all of them at once, where ``add_subscriber`` stops at the first (a fix, an import, the next one)."""
    problems = []
    for check, value in [(lambda v: normalize_email(v), email),
                         *[(lambda v, k=key: _values({k: v}), value) for key, value in fields.items()]]:
        try:
            check(value)
        except InvalidInput as exc:
            problems.append(str(exc))
    return problems


def _values(changes: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if value is None and key != "name":
            continue
        if key == "language":
            if value not in ("zh", "en"):
                raise InvalidInput(f"language must be zh or en, not {str(value)[:40]!r}")
        elif key == "frequency":
            if value not in FREQUENCIES:
                raise InvalidInput(f"frequency must be one of {', '.join(FREQUENCIES)}, not {str(value)[:40]!r}")
        elif key == "role":
            if value not in ("reader", "curator", "admin"):
                raise InvalidInput(f"role must be reader, curator or admin, not {str(value)[:40]!r}")
        elif key == "interests":
            value = json.dumps(clean_interests(value), ensure_ascii=False)
        elif key in ("active", "confirmed"):
            value = int(bool(value))
        elif key == "name":
            value = (str(value).strip()[:100] or None) if value is not None else None
            if value is not None and has_line_breakers(value):
                raise InvalidInput(f"a name cannot hold line breaks or control characters: {value[:80]!r}")
        values[key] = value
    return values


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    try:  # a row damaged outside the app must not stop every reader of the table: it is flagged instead
        interests = json.loads(row["interests"] or "{}")
    except json.JSONDecodeError:
        interests = None
    row["interests_invalid"] = not isinstance(interests, dict)
    row["interests"] = interests if isinstance(interests, dict) else {}
    row["active"], row["confirmed"] = bool(row["active"]), bool(row["confirmed"])
    return row
