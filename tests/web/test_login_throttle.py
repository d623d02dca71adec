"""Someone guessing the admin's password stays throttled, and cannot lock the admin out of her own browser or
address."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import USERS, csrf_of

ATTACKER, OFFICE, HOME, STRANGER = "203.0.113.66", "192.0.2.10", "198.51.100.20", "203.0.113.99"


def _browser(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login(client, password, name="ada"):
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": csrf_of(client, "/login")}).status_code


def _attack(app, times=5, address=ATTACKER):
    attacker = _browser(app, address)
    for _ in range(times):
        assert _login(attacker, "guess-guess") == 401
    return attacker


def test_the_attacker_stays_throttled_and_the_admin_still_gets_in_from_her_address(app):
    assert _login(_browser(app, OFFICE), USERS["ada"][1]) == 302  # an earlier day at the office
    attacker = _attack(app)
    assert _login(attacker, "guess-guess") == 429
    assert _login(attacker, USERS["ada"][1]) == 429  # even the right password waits, from there
    admin = _browser(app, OFFICE)  # another browser, same address
    assert _login(admin, USERS["ada"][1]) == 302
    assert _login(attacker, "guess-guess") == 429  # her login did not reset the attacker's count
    assert _login(_browser(app, STRANGER), USERS["ada"][1]) == 429  # an address that never logged in as her waits


def test_the_admins_own_browser_gets_in_from_a_new_address(app):
    laptop = _browser(app, OFFICE)
    assert _login(laptop, USERS["ada"][1]) == 302
    laptop.post("/logout", data={"csrf_token": csrf_of(laptop)})
    _attack(app)
    laptop.environ_base["REMOTE_ADDR"] = HOME  # the same browser, at home
    assert _login(laptop, USERS["ada"][1]) == 302
    forged = _browser(app, STRANGER)
    forged.set_cookie("kb_device", "WyJhZGEiXQ.forged.signature")
    assert _login(forged, USERS["ada"][1]) == 429


def test_a_known_client_that_keeps_failing_is_throttled_too(app):
    assert _login(_browser(app, OFFICE), USERS["ada"][1]) == 302
    _attack(app)
    office = _browser(app, OFFICE)
    for _ in range(5):
        assert _login(office, "typo-typo") == 401
    assert _login(office, USERS["ada"][1]) == 429


def test_other_names_are_not_throttled_by_an_attack_on_one(app):
    _attack(app)
    assert _login(_browser(app, STRANGER), USERS["carl"][1], name="carl") == 302


def test_thirty_failures_from_one_address_throttle_it_for_every_name(app, settings):
    with Store(settings.db) as store:  # as thirty wrong logins would leave them, without hashing thirty passwords
        for i in range(30):
            store.record_login(f"user{i}", ATTACKER, False)
    assert _login(_browser(app, ATTACKER), USERS["carl"][1], name="carl") == 429
    assert _login(_browser(app, STRANGER), USERS["carl"][1], name="carl") == 302


def test_head_requests_to_the_login_page_are_not_failed_logins(app, settings):
    client = _browser(app, ATTACKER)
    for _ in range(6):
        assert client.head("/login?username=ada").status_code == 200
    with Store(settings.db, create=False) as store:
        assert store.recent_failures(name="ada", minutes=15) == 0
    assert _login(_browser(app, STRANGER), USERS["ada"][1]) == 302


def test_a_user_name_with_control_characters_is_a_plain_failure_and_is_not_logged(app, settings):
    assert _login(_browser(app, ATTACKER), "guess-guess", name="ada\x00\r\nX") == 401
    with Store(settings.db, create=False) as store:
        assert [r["name"] for r in store.rows("SELECT name FROM login_attempts")] == ["-"]


def test_a_throttled_browser_is_told_on_the_page_and_in_retry_after_how_long_to_wait(app):
    attacker = _attack(app)
    page = attacker.post("/login", data={"username": "ada", "password": "guess-guess",
                                         "csrf_token": csrf_of(attacker, "/login")})
    assert page.status_code == 429 and page.headers["Retry-After"] == "900"  # 15 minutes, in seconds
    assert "Try again in 15 minutes" in page.get_data(as_text=True) and page.mimetype == "text/html"
