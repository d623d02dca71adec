"""README, Reliability, Security: what the row says of who may write is what the route table holds. It said "no route
writes without a curator and a token" while contributors upload, record and withdraw (their routes need a contributor)
and the public writes (login, sign-up, the paste box) need no account."""

from __future__ import annotations

from pathlib import Path

from tests.web.test_curation import PUBLIC_WRITES, WRITE_METHODS
from tests.web.test_route_roles import ROUTES

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_the_security_row_names_every_role_a_write_needs():
    [row] = [line for line in README.splitlines() if line.startswith("| **Security** ")]
    result = row.rstrip(" |").rsplit(" | ", 1)[1]
    roles = {role for methods, role in ROUTES.values() if role and WRITE_METHODS & set(methods.split(","))}
    assert roles and sorted(role for role in roles if role not in result) == []
    writes = {endpoint for endpoint, (methods, role) in ROUTES.items() if WRITE_METHODS & set(methods.split(",")) and not role}
    assert writes == PUBLIC_WRITES and "but the public ones" in result
