"""What an upload's page says about a file it read despite problems in it (a bad date, an unknown type, stray
control characters): each warning with its line, never the server's folders."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login
from tests.web.test_contribute import _upload, _wait, contributors  # noqa: F401 (the contributors fixture)

NOTES = "---\ntitle: 搬迁笔记\ndate: 2025-13-45\ntype: weird\n---\n# 搬迁笔记\n\n## 经验教训\n- 标签尺寸\b要提前确认。\n"


TABS = "---\ntitle: Move notes\ntags:\n\t- moving\n---\n# Move notes\n\n## Lessons learned\n- Label early.\n"


def _warnings(page: str, file_name: str) -> list[str]:
    """The warnings listed in the section of the upload's page about one file."""
    section = next(part for part in page.split('<section class="card upload"')[1:] if f"<h2>{file_name} " in part)
    found = section.split('<details><summary>', 1)
    assert len(found) == 2, "the page lists no warnings"
    return re.findall(r"<li>([^<]*)</li>", found[1].split("</details>", 1)[0])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_uploads_warnings_name_no_server_folder(client, contributors, lang):  # noqa: F811
    """They read "/srv/kb-data/uploads/.staging/<batch>/<id>/notes.md: date '2025-13-45' is not a date…"."""
    token = login(client, "pat")
    url, _ = _wait(client, _upload(client, token, [("notes.md", NOTES.encode()), ("tabs.md", TABS.encode())]))
    client.set_cookie("kb_lang", lang)
    page = client.get(url).get_data(as_text=True)
    warnings = _warnings(page, "notes.md")
    assert len(warnings) == 3 and not [w for w in warnings if "/" in w or "staging" in w or "notes.md" in w]
    assert str(contributors.db.parent) not in page
    assert _warnings(page, "tabs.md")[0].startswith("第 4 行：" if lang == "zh" else "line 4: ")  # its line, in the page's words
