"""Every route of the app in one table: its methods and the role it needs. A route added without a line here fails
the first test, so whoever adds one decides who may use it; the others check each role gets what the table says
(GETs included: a curator's page leaking subscribers' addresses is as bad as a write anyone may make)."""

from __future__ import annotations

import pytest

from kb.store import Store
from tests.web.conftest import USERS, csrf_of, login

ROLES = ("reader", "contributor", "curator", "admin")  # lowest first
# endpoint -> (methods, the role it needs: None for everyone, by design; see PUBLIC_WRITES in test_curation.py)
ROUTES = {
    "api.add_document_tag": ("POST", "curator"),
    "api.add_item": ("POST", "curator"),
    "api.add_lesson_tag": ("POST", "curator"),
    "api.create_session": ("POST", "curator"),
    "api.delete_session": ("DELETE", "curator"),
    "api.document": ("GET", None),
    "api.documents": ("GET", None),
    "api.lesson": ("GET", None),
    "api.lessons": ("GET", None),
    "api.order": ("PUT", "curator"),
    "api.remove_document_tag": ("DELETE", "curator"),
    "api.remove_item": ("DELETE", "curator"),
    "api.remove_lesson_tag": ("DELETE", "curator"),
    "api.review": ("POST", "curator"),
    "api.search": ("GET,POST", None),
    "api.session_detail": ("GET", None),
    "api.sessions": ("GET", None),
    "api.similar": ("GET", None),
    "api.similar_to_text": ("GET,POST", None),
    "api.tags": ("GET", None),
    "api.update_item": ("PATCH", "curator"),
    "api.update_session": ("PATCH", "curator"),
    "auth.language": ("GET", None),
    "auth.login": ("GET,POST", None),
    "auth.logout": ("POST", None),
    "changes_api.changes": ("GET", None),
    "contribute.batch": ("GET", "contributor"),
    "contribute.batch_status": ("GET", "contributor"),
    "contribute.discard": ("POST", "contributor"),
    "contribute.metadata": ("GET,POST", "contributor"),
    "contribute.mine": ("GET", "contributor"),
    "contribute.publish": ("POST", "contributor"),
    "contribute.record": ("GET,POST", "contributor"),
    "contribute.upload": ("GET,POST", "contributor"),
    "contribute.withdraw": ("POST", "contributor"),
    "curation.add_synonyms": ("POST", "curator"),
    "curation.add_tag": ("POST", "curator"),
    "curation.merge_tags": ("POST", "curator"),
    "curation.remove_synonym": ("POST", "curator"),
    "curation.remove_tag": ("POST", "curator"),
    "curation.rename_tag": ("POST", "curator"),
    "curation.review": ("POST", "curator"),
    "curation.suggest": ("GET", "curator"),
    "curation.undo_tag_change": ("POST", "curator"),
    "digest.confirm": ("GET,POST", None),
    "digest.manage": ("GET,POST", None),
    "digest.preview": ("GET", "curator"),
    "digest.preview_raw": ("GET", "curator"),
    "digest.subscribe": ("GET,POST", None),
    "digest.subscribers": ("GET,POST", "curator"),
    "digest.unsubscribe": ("GET,POST", None),
    "documents.browse": ("GET", None),
    "documents.document": ("GET", None),
    "documents.lesson": ("GET", None),
    "documents.tags": ("GET", None),
    "favicon": ("GET", None),
    "queue.act": ("POST", "curator"),
    "queue.index": ("GET", "curator"),
    "queue_api.api_act": ("POST", "curator"),
    "queue_api.api_index": ("GET", "curator"),
    "search.home": ("GET,POST", None),
    "search.search_address": ("GET", None),
    "session_files.invitation": ("GET", None),
    "session_files.markdown": ("GET", None),
    "session_files.printable": ("GET", None),
    "session_files.spreadsheet": ("GET", None),
    "sessions.add": ("POST", "curator"),
    "sessions.add_from_anywhere": ("POST", "curator"),
    "sessions.create": ("POST", "curator"),
    "sessions.delete": ("POST", "curator"),
    "sessions.edit": ("POST", "curator"),
    "sessions.index": ("GET", None),
    "sessions.move_item": ("POST", "curator"),
    "sessions.remove_item": ("POST", "curator"),
    "sessions.reorder": ("POST", "curator"),
    "sessions.show": ("GET", None),
    "sessions.status": ("POST", "curator"),
    "sessions.update_item": ("POST", "curator"),
    "static": ("GET", None),
}
VALUES = {"key": "erp/retro", "lesson_id": 1, "session_id": 1, "item_id": 1, "tag": "vendor", "batch": "b1",
          "upload_id": 1, "token": "t", "code": "en", "fmt": "csv", "filename": "css/app.css"}


def _routes(app):
    for rule in app.url_map.iter_rules():
        path = rule.build({a: VALUES[a] for a in rule.arguments}, append_unknown=False)[1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            yield method, path, rule.endpoint


def test_every_route_is_in_the_table_with_its_methods_and_role(app):
    found = {}
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        needed = getattr(view, "required_role", None)
        found[rule.endpoint] = (",".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})),
                                needed.value if needed else None)
    assert found == ROUTES


@pytest.fixture
def clients(app, settings):
    """A logged-in client per role, and an anonymous one; each with its CSRF token."""
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
    USERS.setdefault("pat", ("contributor", "contrib-pass-1"))
    names = {"reader": "rita", "contributor": "pat", "curator": "carl", "admin": "ada"}
    out = {}
    for role in ROLES:
        client = app.test_client()
        out[role] = (client, login(client, names[role]))
    anonymous = app.test_client()
    out[None] = (anonymous, csrf_of(anonymous))
    return out


def _send(client, token, method, path):
    return client.open(path, method=method, data={"csrf_token": token}, headers={"X-CSRF-Token": token})


def test_each_role_gets_what_the_table_says(app, clients):
    """Anonymous: 401 (a page's GET: to the login form); a role below the one needed: 403 naming it; the role needed
    and those above it: never refused for their role."""
    wrong = []
    for method, path, endpoint in _routes(app):
        needed = ROUTES[endpoint][1]
        if needed is None or endpoint == "auth.logout":
            continue
        response = _send(*clients[None], method, path)
        login_page = response.status_code == 302 and "/login" in response.headers["Location"]
        if response.status_code != 401 and not login_page:
            wrong.append((endpoint, method, None, response.status_code))
        for role in ROLES:
            response = _send(*clients[role], method, path)
            refused = response.status_code == 403 and f"needs the {needed}" in response.get_data(as_text=True)
            below = ROLES.index(role) < ROLES.index(needed)
            if refused != below or response.status_code == 401:
                wrong.append((endpoint, method, role, response.status_code))
    assert not wrong, wrong
