"""An upload published with no project (its file naming none, none typed, or the field cleared): publishing asks for
one, as the record form does (it was published as no-project/retro.docx, shown under no project: u-fresh2 #12)."""

from __future__ import annotations

import pytest

from kb.store import Store
from tests.web.conftest import login, refused
from tests.web.test_contribute import RETRO_MD, _upload, _upload_ids, _wait, contributors  # noqa: F401 (a fixture)

NO_PROJECT = RETRO_MD.replace("project: Warehouse Move\n", "")


@pytest.mark.parametrize(("lang", "asked"), [("en", "Which project is this from?"),
                                             ("zh", "这份文档属于哪个项目？")])
def test_a_document_is_not_published_without_a_project(client, contributors, lang, asked):  # noqa: F811
    token = login(client, "pat")
    client.set_cookie("kb_lang", lang)
    url, body = _wait(client, _upload(client, token, [("retro.md", NO_PROJECT.encode())], project=""))
    upload_id = _upload_ids(body)[0]
    form = body[body.index(f'id="publish-{upload_id}"'):]
    field = form[form.index('<input name="project"'):]
    assert field[:field.index(">")].endswith(" required")  # the browser asks before sending
    response = client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": ""})
    page = refused(client, response).get_data(as_text=True)  # the upload's page, the form as sent (after a redirect)
    assert asked in page and f'id="publish-{upload_id}"' in page
    assert f'id="publish-{upload_id}"' in client.get(url).get_data(as_text=True)  # still there to publish
    with Store(contributors.db) as store:
        assert store.scalar("SELECT count(*) FROM documents WHERE key LIKE 'no-project/%'") == 0
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "仓库搬迁"})
    with Store(contributors.db) as store:
        assert store.document("仓库搬迁/retro.md")["project"] == "仓库搬迁"


def test_a_file_that_names_its_project_has_it_in_the_field(client, contributors):  # noqa: F811
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())], project=""))[1]
    upload_id = _upload_ids(body)[0]
    form = body[body.index(f'id="publish-{upload_id}"'):]
    assert '<input name="project"' in form and 'value="Warehouse Move" maxlength="200" required>' in form
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "Warehouse Move"})
    with Store(contributors.db) as store:
        assert store.scalar("SELECT project FROM documents WHERE key LIKE '%retro.md'") == "Warehouse Move"


def test_a_correction_keeps_the_project(client, contributors):  # noqa: F811
    """The metadata form (Edit on one's own document) could clear it, as publishing did."""
    token = login(client, "pat")
    body = _wait(client, _upload(client, token, [("retro.md", RETRO_MD.encode())], project=""))[1]
    client.post(f"/contribute/uploads/{_upload_ids(body)[0]}/publish",
                data={"csrf_token": token, "project": "Warehouse Move"})
    with Store(contributors.db) as store:
        key = store.scalar("SELECT key FROM documents WHERE key LIKE '%retro.md'")
    form = client.get("/contribute/metadata", query_string={"key": key}).get_data(as_text=True)
    field = form[form.index('<input name="project"'):]
    assert field[:field.index(">")].endswith(" required")
    response = client.post("/contribute/metadata", data={"csrf_token": token, "key": key, "project": "",
                                                         "title": "Cleared"})
    page = refused(client, response).get_data(as_text=True)  # the form again, as sent (post/redirect/get)
    assert "Which project is this from?" in page and 'value="Cleared"' in page
    with Store(contributors.db) as store:
        doc = store.document(key)
        assert doc["project"] == "Warehouse Move" and doc["title"] != "Cleared"  # nothing saved
