"""`kb subscribers remove`: the addresses removed as they are stored, several at once, all or none, and those that
are no subscriber's named with the nearest stored address."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def two(kb):
    kb("subscribers", "add", "Li.Lei@Example.com", "--name", "李雷")
    kb("subscribers", "add", "wang@example.org")
    return kb


def _stored(kb):
    return [r["email"] for r in json.loads(kb("subscribers", "list", "--json").stdout)]


def test_remove_says_the_address_as_stored_not_as_typed(two):
    # it echoed "removed   LI.LEI@example.COM " (c-walk): what was typed, spaces and case, not who was removed
    result = two("subscribers", "remove", "  LI.LEI@example.COM ")
    assert (result.exit_code, result.stdout) == (0, "removed Li.Lei@Example.com\n")
    assert _stored(two) == ["wang@example.org"]


def test_remove_takes_several_addresses_each_said_once(two):
    result = two("subscribers", "remove", "wang@example.org", "li.lei@example.com", "LI.LEI@EXAMPLE.COM")
    assert result.stdout == "removed wang@example.org, Li.Lei@Example.com\n"
    assert _stored(two) == []


@pytest.mark.parametrize("args, said", [
    (["nobody@example.com"], "no subscriber nobody@example.com (nothing removed)"),
    (["li.lei@exmaple.com"], "no subscriber li.lei@exmaple.com (nothing removed); did you mean 'Li.Lei@Example.com'?"),
    (["wang@example.org", " nobody@example.com", "wang@exampel.org"],
     "no subscriber nobody@example.com, wang@exampel.org (nothing removed); did you mean 'wang@example.org'?"),
])
def test_remove_names_every_address_not_found_and_removes_none(two, args, said):
    result = two("subscribers", "remove", *args, ok=False)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {said}\n")
    assert _stored(two) == ["Li.Lei@Example.com", "wang@example.org"]


@pytest.mark.parametrize("args, removed", [
    (["li.lei@EXAMPLE.com"], ["Li.Lei@Example.com"]),
    (["li.lei@example.com", "wang@example.org"], ["Li.Lei@Example.com", "wang@example.org"]),
])
def test_remove_json_lists_the_rows_removed_whatever_their_count(two, args, removed):
    # one address printed {"ok": true, "deleted": ...} and several a list of them (c-left3): a script read two shapes,
    # and neither the shape 'add', 'update' and 'list' print
    rows = {r["email"]: r for r in json.loads(two("subscribers", "list", "--json").stdout)}
    printed = json.loads(two("subscribers", "remove", *args, "--json").stdout)
    assert printed == [rows[email] for email in removed]
    assert all("link_nonce" not in row for row in printed) and printed[0]["name"] == "李雷"
