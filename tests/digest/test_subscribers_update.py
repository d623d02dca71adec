"""`kb subscribers update`: change a subscriber's interests, language, name, frequency or role from the CLI (before,
only remove + add, which lost their delivery history); `add` of a known address says how."""

from __future__ import annotations

import json

from tests.digest.test_digest_cli_and_web import kb


def _row(settings, email):
    return {r["email"]: r for r in json.loads(kb(settings, "subscribers", "list", "--json"))}[email]


def test_adding_a_known_address_says_how_to_change_it(env):
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "li@example.org", "--tag", "vendor")
    out = kb(settings, "subscribers", "add", " li@example.org", "--tag", "培训", code=1)
    assert "li@example.org is already subscribed; change what they get with 'kb subscribers update li@example.org'" \
        in out and "Traceback" not in out
    assert _row(settings, "li@example.org")["interests"]["tags"] == ["vendor"]  # unchanged


def test_each_option_given_replaces_what_it_names_and_the_rest_stays(env):
    store, settings, _, _ = env
    kb(settings, "subscribers", "add", "li@example.org", "--name", "李娜", "--lang", "zh", "--tag", "vendor",
       "--kind", "went_wrong", "--project", "Portal")
    before = store.subscriber("li@example.org")
    out = kb(settings, "subscribers", "update", "li@example.org", "--tag", "培训", "--tag", "vendor")
    assert out.startswith("updated li@example.org: tags: vendor, 培训; projects: Portal; kinds: went_wrong (weekly, zh)")
    after = _row(settings, "li@example.org")
    assert after["interests"] == {"tags": ["vendor", "培训"], "projects": ["Portal"], "kinds": ["went_wrong"]}
    assert (after["name"], after["language"], after["id"]) == ("李娜", "zh", before["id"])  # the same subscriber
    kb(settings, "subscribers", "update", "li@example.org", "--lang", "en", "--frequency", "daily", "--curator")
    after = _row(settings, "li@example.org")
    assert (after["language"], after["frequency"], after["role"]) == ("en", "daily", "curator")
    assert after["interests"]["tags"] == ["vendor", "培训"]
    out = kb(settings, "subscribers", "update", "li@example.org", "--everything")
    assert "updated li@example.org: everything (daily, en)" in out
    assert _row(settings, "li@example.org")["interests"] == {"tags": [], "projects": [], "kinds": []}


def test_update_refuses_what_it_cannot_do_with_a_message(env):
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "li@example.org")
    assert "no subscriber nobody@example.org" in kb(settings, "subscribers", "update", "nobody@example.org", "--tag",
                                                    "x", code=1)
    assert "--everything leaves no tags" in kb(settings, "subscribers", "update", "li@example.org", "--everything",
                                               "--tag", "vendor", code=2)
    assert "warning: nothing in the knowledge base has the tag 'quantum'" in kb(
        settings, "subscribers", "update", "li@example.org", "--tag", "quantum")


def test_update_with_nothing_to_change_says_what_it_takes(env):
    # it said "updated li@example.org: everything (weekly, en)", exit 0, having changed nothing (c-left)
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "li@example.org")
    out = kb(settings, "subscribers", "update", "li@example.org", code=2)
    assert out.endswith("Error: say what to change: one or more of --name, --lang, --tag, --project, --kind, "
                        "--everything, --frequency, --curator, --reader\n") and "updated" not in out


def test_update_mends_interests_an_older_version_stored_broken(env):
    """The run's message for such a subscriber says to set them again with update (add refuses a known address)."""
    store, settings, _, _ = env
    kb(settings, "subscribers", "add", "li@example.org", "--kind", "went_wrong")
    store.conn.execute("UPDATE subscribers SET interests = '[1' WHERE email = 'li@example.org'")
    store.conn.commit()
    assert "(not valid: set them again)" in kb(settings, "subscribers", "list")
    kb(settings, "subscribers", "update", "li@example.org", "--tag", "vendor")
    assert _row(settings, "li@example.org")["interests"] == {"tags": ["vendor"], "projects": [], "kinds": []}
