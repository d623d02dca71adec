"""The real `kb serve` given an address with raw bytes in it, as `curl "http://…/api/lessons?project=数据中台"` sends
it (curl does not percent-encode): UTF-8 is read as if it were percent-encoded, as nginx reads it, where the server
answered a plain-text "400 Bad URI" before the app saw it; bytes that are not UTF-8 (a GBK console) get the API's
JSON 400 naming the parameter."""

from __future__ import annotations

import json
import os
import socket
import urllib.request

import pytest

from ingest import ingest
from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from tests.servers import kb_serve

RETRO = """---
id: 数据中台/三期复盘
title: 数据中台三期复盘
project: 数据中台
---
# 数据中台三期复盘

## 需要改进
- 指标口径直到验收前一周才统一，报表返工两轮。
"""


def raw_get(port: int, target: bytes) -> tuple[int, str, dict]:
    """Status, Content-Type and JSON body of ``GET target`` sent byte for byte."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get("Content-Type", ""), json.loads(body)


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    base = tmp_path_factory.mktemp("raw")
    (base / "docs").mkdir()
    (base / "docs" / "retro.md").write_text(RETRO, encoding="utf-8")
    with Store(base / "kb.db") as store:
        ingest(store, [base / "docs"])  # no search index: nothing here needs the model
    env = {**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY}
    process, port = kb_serve(base / "kb.db", "--workers", "1", "--threads", "2", env=env, log=base / "server.log",
                             ready=lambda port, pid: urllib.request.urlopen(
                                 f"http://127.0.0.1:{port}/api/tags", timeout=5).status == 200)
    yield port
    process.terminate()
    process.wait(timeout=30)


def test_raw_utf8_in_a_path_and_a_query_is_read(port):
    status, _, document = raw_get(port, "/api/documents/数据中台/三期复盘".encode())
    assert status == 200 and document["title"] == "数据中台三期复盘"
    status, _, lessons = raw_get(port, "/api/lessons?project=数据中台".encode())
    assert status == 200 and lessons["total"] == 1 and lessons["items"][0]["project"] == "数据中台"


def test_raw_gbk_is_the_apis_json_400_naming_the_parameter(port):
    status, content_type, answer = raw_get(port, b"/api/lessons?project=" + "数据中台".encode("gbk"))
    assert status == 400 and content_type == "application/json"
    assert answer["error"]["message"] == ("'project' is not UTF-8: percent-encode the UTF-8 bytes of its text (read "
                                          "as GBK, it would be '数据中台')")


def test_percent_encoded_addresses_are_read_as_before(port):
    status, _, lessons = raw_get(port, b"/api/lessons?project=%E6%95%B0%E6%8D%AE%E4%B8%AD%E5%8F%B0&limit=1")
    assert status == 200 and lessons["total"] == 1
