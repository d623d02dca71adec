"""A small real collection (real model, real FAISS, real SQLite) built once, copied for each test."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from tests.conftest import TEST_SECRET_KEY, built_once, cheap_password_hash
from web import create_app

DOCS = {
    "erp/retro.md": """---
id: erp/retro
title: ERP升级一期复盘
project: ERP系统升级
date: 2024-06-28
tags: [供应商管理]
---
# ERP升级一期复盘

## 需要改进
- 外包供应商的接口交付延期五周，压缩了集成测试时间。
- 测试环境直到上线前一周才准备好。

## 经验教训
- 关键接口只有一个人懂，她休假时联调停滞。
""",
    "mes/pm.md": """---
id: mes/pm
title: MES go-live post-mortem
project: Factory MES Rollout
date: 2025-09-01
type: post-mortem
tags: [environments]
---
# MES go-live post-mortem

## Root cause
- The test environment was not ready until one week before go-live.

## Lessons learned
- The vendor delivered the label module late; order long-lead items at approval.
""",
    "crm/retro.md": """---
id: crm/retro
title: CRM migration retrospective
project: CRM
date: 2025-05-01
---
# CRM migration retrospective

## What went well
- Daily stand-ups with sales made blockers visible.

## What didn't go well
- Duplicate customer records were found only in the third rehearsal.
""",
    "evil/xss.html": """<html><head><title>Evil</title><meta name="kb-id" content="evil/xss">
<meta name="project" content="Red Team"></head><body>
<h1 onclick="window.__xss=1">Evil retrospective</h1>
<script>window.__xss = 1; alert('xss')</script>
<p>Normal text <img src="x" onerror="window.__xss=1;alert(1)"> and
<a href="javascript:window.__xss=1;alert(1)">a javascript link</a>
<svg><script>window.__xss=1</script><circle onload="window.__xss=1"/></svg>
<iframe src="javascript:alert(1)"></iframe><style>body{display:none}</style></p>
<h2>Lessons learned</h2><ul><li>Never trust <b onmouseover="alert(1)">input</b>; sanitise it.</li></ul>
</body></html>""",
}
PAYLOAD = '<img src=x onerror="window.__xss=1;alert(1)"><script>window.__xss=1</script>'
DOCS["evil/payload.txt"] = f"""Payload report {PAYLOAD}

Project: Red Team <svg onload="window.__xss=1">
Tags: <b onmouseover=alert(1)>hover</b>

Lessons learned:
- Escape everything {PAYLOAD} in every page.
"""
USERS = {"rita": ("reader", "reader-pass-1"), "carl": ("curator", "curator-pass-1"), "ada": ("admin", "admin-pass-1")}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "web-built", _build)


def _build(base: Path) -> None:
    docs = base / "docs"
    for rel, text in DOCS.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = Settings(db=base / "kb.db", secret_key=TEST_SECRET_KEY)
    store = Store(settings.db)
    ingest(store, [docs])
    SearchIndex(store, settings).sync()
    with pytest.MonkeyPatch.context() as patch:  # built before any test's cheap_hashes: its users' logins check cheaply
        patch.setattr("kb.store.people.generate_password_hash", cheap_password_hash)
        for name, (role, password) in USERS.items():
            store.add_user(name, password, role)
    store.close()


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """New password hashes with few iterations, as in tests/kb (tests/conftest.py ``cheap_password_hash``)."""
    monkeypatch.setattr("kb.store.people.generate_password_hash", cheap_password_hash)


@pytest.fixture(scope="session")
def warm_process(built, tmp_path_factory) -> None:
    """What this process loads once for every collection (the model, CC-CEDICT's translator) loaded before a
    browser test's server answers its first search: ``warm_process_once``."""
    warm_process_once(built, tmp_path_factory.mktemp("warm"))


def warm_process_once(built: Path, folder: Path) -> dict[str, float]:
    """Production's warm-up (web/server.py ``warm_up``, as ``kb serve`` runs in each worker) on a copy of the test
    collection in ``folder``: the first search page of a process read CC-CEDICT and loaded the model inside its
    request otherwise (22 s on a loaded 2-core machine; Chromium gives up on a page at 30 s). A server of its own per
    test (tests/web/test_browser.py ``server``) is not warmed whole: the parts of each collection cost seconds, and a
    warm process answers a collection's first search in about one. Returns the seconds each part took."""
    from web.server import warm_up

    for name in ("kb.db", "kb.faiss", "kb.faiss.json"):
        shutil.copy(built / name, folder / name)
    return warm_up(create_app(Settings(db=folder / "kb.db", secret_key=TEST_SECRET_KEY)))


@pytest.fixture
def settings(built, tmp_path) -> Settings:
    for name in ("kb.db", "kb.faiss", "kb.faiss.json"):
        shutil.copy(built / name, tmp_path / name)
    return Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY)


@pytest.fixture
def app(settings):
    app = create_app(settings)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_of(client, path: str = "/") -> str:
    body = client.get(path).get_data(as_text=True)
    return re.search(r'data-csrf="([^"]+)"', body).group(1)


def refused(client, response):
    """The page a refused form comes back on: after its redirect (303, post/redirect/get: web/kept_forms.py), the
    GET of the page it names, which shows the form as it was sent, with its error."""
    assert response.status_code == 303, (response.status_code, response.get_data(as_text=True)[:300])
    return client.get(response.headers["Location"])


def login(client, name: str) -> str:
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"username": name, "password": USERS[name][1], "csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return csrf_of(client)


@pytest.fixture
def contributor(settings) -> tuple[str, str]:
    """A contributor's name and password ("pat", added to the test's copy of the collection)."""
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
    return "pat", "contrib-pass-1"


@pytest.fixture
def as_curator(client):
    token = login(client, "carl")
    return client, token


@pytest.fixture
def as_reader(client):
    token = login(client, "rita")
    return client, token
