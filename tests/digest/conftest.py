"""A real SMTP server (aiosmtpd) on 127.0.0.1, and a small store with old and new lessons (real model)."""

from __future__ import annotations

import shutil
import threading
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex
from tests.clock import DIGEST, STORE, stop_clock, utc_now
from tests.conftest import TEST_SECRET_KEY, built_once
from tests.servers import SmtpController

OLD = {
    "old/erp.md": ("ERP系统升级", "2023-05-01", "供应商管理", "- 外包供应商的接口开发交付延期五周，集成测试被迫压缩。"),
    "old/crm.md": ("CRM", "2023-09-01", "vendor", "- The vendor delivered the integration interfaces five weeks late, squeezing testing."),
    "old/mes.md": ("MES", "2024-02-01", "vendor", "- Our software vendor shipped the interface module weeks late, so system testing was cut short."),
    "old/wms.md": ("WMS", "2024-06-01", "供应商管理", "- 供应商晚了一个多月才交付接口程序，测试时间被大幅压缩。"),
}
NEW = {
    "new/portal.md": ("Portal", "2026-11-20", "vendor",
                      ("- The agency delivered the payment interface four weeks late and integration testing was squeezed.\n"
                       "- The team enjoyed the new coffee machine in the project room.")),
    "new/hr.md": ("HR", "2026-11-21", "培训", "- 新员工培训材料没有及时更新。"),
}


def write_docs(folder: Path, docs: dict) -> None:
    for rel, (project, date, tag, items) in docs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\nid: {rel[:-3]}\ntitle: {project} retrospective\nproject: {project}\ndate: {date}\n"
                        f"tags: [{tag}]\n---\n# {project} retrospective\n\n## What went wrong\n{items}\n",
                        encoding="utf-8")


class Inbox:
    """Collects what the SMTP server accepted; can refuse or delay chosen recipients."""

    def __init__(self) -> None:
        self.messages: list = []
        self.raw: list = []  # (recipients, the bytes as they arrived): headers as a mail client reads them
        self.refuse: set[str] = set()
        self.temporary: dict[str, int] = {}  # address -> how many times to answer 451 first
        self.quits = 0  # connections the client closed politely
        self.lock = threading.Lock()

    async def handle_QUIT(self, server, session, envelope):
        self.quits += 1
        return "221 Bye"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        if self.temporary.get(address, 0) > 0:
            self.temporary[address] -= 1
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
            self.raw.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"

    def to(self, address: str) -> list:
        return [m for rcpts, m in self.messages if address in rcpts]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = SmtpController(inbox)
    controller.start()
    inbox.port = controller.port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


@pytest.fixture(scope="session")
def digest_built(tmp_path_factory) -> Path:
    return built_once(tmp_path_factory, "digest-built", _build)


def _build(base: Path) -> None:
    write_docs(base / "docs", OLD)
    settings = Settings(db=base / "kb.db", secret_key=TEST_SECRET_KEY)
    store = Store(settings.db)
    ingest(store, [base / "docs"])
    SearchIndex(store, settings).sync()
    # as if these had been ingested long ago
    old = "2024-07-01T09:00:00+00:00"
    store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ?", [old, old])
    store.conn.execute("UPDATE lessons SET created_at = ?, updated_at = ?", [old, old])
    store.close()


@pytest.fixture
def env(digest_built, tmp_path, smtp, monkeypatch):
    """(store, settings, past_lessons, docs folder) with the old lessons, then the new ones ingested now.

    "Now" is one moment for the whole test: the new files are stored at it, and the digest's "this week" is its
    week, so that a test that sends "this week's" digest finds them in it even when it runs across Sunday midnight
    UTC (they were stored on Sunday, the digest asked for the new week and had nothing)."""
    moment = stop_clock(monkeypatch, DIGEST, utc_now())
    for name in ("kb.db", "kb.faiss", "kb.faiss.json"):
        shutil.copy(digest_built / name, tmp_path / name)
    docs = tmp_path / "docs"
    shutil.copytree(digest_built / "docs", docs)
    write_docs(docs, NEW)
    settings = Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY, smtp_host="127.0.0.1", smtp_port=smtp.port,
                        mail_backoff=0.01, base_url="http://kb.example.org", mail_from="PMO <pmo@example.org>")
    store = Store(settings.db)
    with monkeypatch.context() as ingesting:  # the store's clock runs again after: later stamps are the real time
        stop_clock(ingesting, STORE, moment)
        ingest(store, [docs])
    index = SearchIndex(store, settings)
    index.sync()
    searcher = Searcher(index)
    one_at_a_time = threading.Lock()

    def past(lesson_id: int, before: str) -> list[dict]:
        # The searcher reads through this fixture's one connection; a test that sends from two threads at once
        # (overlapping runs) shared it and deadlocked in the sqlite3 module, GIL held, so no timeout fired (a
        # parallel fresh-clone run hung on it). Each real run has its own store and searcher; here they take turns.
        with one_at_a_time:
            return searcher.earlier_similar(lesson_id, before=before)

    yield store, settings, past, docs
    store.close()
