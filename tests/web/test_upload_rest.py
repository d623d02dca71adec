"""Publishing one file of an upload that sent several leads back to the others, not to that file's document.

Before: a project manager who sent five retrospectives and published the first landed on its document page, where
nothing said four more waited; taken for done, they were discarded unread 14 days later."""

from __future__ import annotations

import html
import re

import pytest

from tests.web.conftest import login
from tests.web.test_contribute import RETRO_MD, _upload, _upload_ids, _wait, contributors  # noqa: F401 (a fixture)

SECOND = RETRO_MD.replace("Warehouse move retrospective", "Second warehouse retrospective").replace(
    "label printer fault", "scanner battery fault")
THIRD = RETRO_MD.replace("Warehouse move retrospective", "Third warehouse retrospective").replace(
    "label printer fault", "dock door sensor fault")


@pytest.mark.parametrize(("lang", "said"), [("en", "2 more files of this upload wait to be checked and published."),
                                            ("zh", "本次上传还有 2 个文件等待核对发布。")])
def test_publishing_one_file_of_several_leads_back_to_the_others(client, contributors, lang, said):  # noqa: F811
    token = login(client, "pat")
    client.set_cookie("kb_lang", lang)
    files = [("one.md", RETRO_MD.encode()), ("two.md", SECOND.encode()), ("three.md", THIRD.encode())]
    url, body = _wait(client, _upload(client, token, files))
    first, second, third = _upload_ids(body)
    response = client.post(f"/contribute/uploads/{first}/publish", data={"csrf_token": token, "project": "Warehouse Move"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{url}#upload-{second}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    flashes = [html.unescape(m) for m in re.findall(r"<p>([^<]*)</p>", page[page.index('class="flash"'):][:600])]
    assert said in flashes
    section = page[page.index(f'id="upload-{first}"'):page.index(f'id="upload-{second}"')]
    assert 'href="/documents/Warehouse%20Move/one.md">Warehouse move retrospective</a>' in section  # its document
    assert f'id="publish-{second}"' in page and f'id="publish-{third}"' in page
    client.post(f"/contribute/uploads/{third}/discard", data={"csrf_token": token})
    last = client.post(f"/contribute/uploads/{second}/publish", data={"csrf_token": token, "project": "Warehouse Move"})
    assert last.headers["Location"].endswith("/documents/Warehouse%20Move/two.md")  # none left: its document, as before
