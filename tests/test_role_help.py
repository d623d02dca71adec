"""`kb user add --help` says what each role may do: an admin may do what a curator does and no more, as the route
table says (it claimed admins "also manage accounts", which nothing in the app lets them do: accounts are `kb user`'s,
on the server)."""

from __future__ import annotations

from click.testing import CliRunner

from kb.cli import cli
from tests.web.test_route_roles import ROUTES


def test_the_admin_role_is_said_to_be_what_the_routes_make_it():
    shown = " ".join(CliRunner().invoke(cli, ["user", "add", "--help"]).output.split())
    needs_admin = sorted(endpoint for endpoint, (_, role) in ROUTES.items() if role == "admin")
    assert needs_admin == [], "a route only admins may use: say what it is in kb user add --help, then change this"
    assert "admin: as a curator" in shown and "admin: also" not in shown
