"""What a script gets wrong in a request, said so that it can be fixed: an address that is not UTF-8 (a Chinese
Windows tool percent-encodes GBK) is a 400 naming the parameter and showing what the bytes say in GBK, never a
search for the mojibake left of it; a write body that is not a JSON object says why (not valid JSON, and where;
JSON sent as a form, as ``curl -d`` sends it without ``-H 'Content-Type: application/json'``; another type)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from kb.store import Store

GBK_QUERY = quote("测试环境".encode("gbk"))  # %B2%E2%CA%D4%BB%B7%BE%B3


@pytest.fixture
def auth(settings) -> dict[str, str]:
    with Store(settings.db) as store:
        return {"Authorization": f"Bearer {store.create_token('carl', 'tests')}"}


@pytest.mark.parametrize("address, named", [
    (f"/api/search?q={GBK_QUERY}", "'q'"),
    (f"/api/lessons?project={quote('仓储'.encode('gbk'))}", "'project'"),
    (f"/api/search?q=test&{quote('项目'.encode('gbk'))}=x", None),  # a parameter's name
    ("/api/search?q=%ED%A0%80", "'q'"),  # a lone surrogate, encoded: no text has it
    ("/api/review?limit=1&" + "project=" + quote("仓储".encode("gbk")), "'project'"),  # the queue's API too
])
def test_an_address_that_is_not_utf8_is_a_400_naming_its_parameter(client, auth, address, named):
    response = client.get(address, headers=auth)
    assert response.status_code == 400
    message = response.get_json()["error"]["message"]
    assert "is not UTF-8: percent-encode the UTF-8 bytes" in message
    if named:
        assert message.startswith(f"{named} is not UTF-8")
    if "q=%B2" in address:
        assert message.endswith("(read as GBK, it would be '测试环境')")


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_a_path_that_is_not_utf8_is_a_400(client, auth, method):
    """What ``kb serve`` (waitress) hands over for /api/documents/%B8%B4%C5%CC: the path's bytes, unquoted, as
    latin-1 (the test client would have decoded them as UTF-8 first)."""
    path = "/api/documents/erp/retro/tags/" + "复盘".encode("gbk").decode("latin-1")
    response = client.open(path, method=method, headers=auth, environ_overrides={"PATH_INFO": path})
    assert response.status_code == 400
    assert response.get_json()["error"]["message"] == (
        "the address is not UTF-8: percent-encode the UTF-8 bytes of its text (read as GBK, it would be "
        "'/api/documents/erp/retro/tags/复盘')")


def test_utf8_chinese_in_the_address_is_read(client):
    data = client.get(f"/api/search?q={quote('测试环境')}&limit=1").get_json()
    assert data["query"] == "测试环境" and data["relevant"] >= 1
    assert client.get(f"/api/documents/{quote('erp/retro')}").status_code == 200


def test_a_chinese_page_says_it_in_chinese(client):
    response = client.get(f"/api/search?q={GBK_QUERY}", headers={"Accept-Language": "zh", "X-Requested-With": "fetch"})
    assert response.get_json()["error"]["message"] == (
        "“q”不是 UTF-8 编码：请对其文字的 UTF-8 字节做百分号编码（按 GBK 读作“测试环境”）")


@pytest.mark.parametrize("body, content_type, message", [
    ('{"tag": "供应商"', "application/json",
     "the body is not valid JSON: Expecting ',' delimiter (line 1, column 14)"),
    ('{"tag":\n  供应商}', "application/json", "the body is not valid JSON: Expecting value (line 2, column 3)"),
    ('{"tag": "供应商"}', "application/x-www-form-urlencoded",
     ("the body looks like JSON but came as application/x-www-form-urlencoded: send it with "
     "'Content-Type: application/json'")),
    ('{"tag": "供应商"}', "text/plain", ("the body is not JSON but text/plain: send it with "
                                       "'Content-Type: application/json'")),
    ('["供应商"]', "application/json", "the body is a JSON array, not an object"),
    ('"供应商"', "application/json", "the body is a JSON string, not an object"),
    ("", "application/json", "send a JSON object in the request body"),
    (b'{"tag": "\xb9\xa9\xd3\xa6"}', "application/json", "the JSON body is not UTF-8"),
])
def test_a_body_that_is_no_json_object_says_why(client, auth, body, content_type, message):
    response = client.post("/api/documents/erp/retro/tags", data=body, headers={**auth, "Content-Type": content_type})
    assert response.status_code == 400 and response.get_json()["error"]["message"] == message


@pytest.mark.parametrize("lang, message", [
    ("en", "the body came with no Content-Type: send it with 'Content-Type: application/json'"),
    ("zh", "请求正文没有“Content-Type”：请用“Content-Type: application/json”发送")])
def test_a_body_with_no_content_type_says_so(client, auth, lang, message):
    # It read "the body is not JSON but no Content-Type": this one is JSON, sent without its type (s-left6)
    response = client.post("/api/documents/erp/retro/tags", data=b'{"tag": "\xe6\x8e\xa5\xe5\x8f\xa3"}',
                           headers={**auth, "Accept-Language": lang})
    assert response.request.headers.get("Content-Type") is None
    assert response.status_code == 400 and response.get_json()["error"]["message"] == message


def test_a_form_and_a_json_body_still_write(client, auth):
    assert client.post("/api/documents/erp/retro/tags", json={"tag": "接口"}, headers=auth).status_code == 201
    assert client.post("/api/documents/erp/retro/tags", data={"tag": "排期"}, headers=auth).status_code == 201
    tags = client.get("/api/documents/erp/retro").get_json()["tags"]
    assert {"接口", "排期"} <= {tag["label"] for tag in tags}


@pytest.mark.parametrize("path, allowed", [("/api/lessons", {"GET", "HEAD", "OPTIONS"}),
                                           ("/api/review", {"GET", "HEAD", "OPTIONS", "POST"}),
                                           ("/api/lessons/1/tags", {"POST", "OPTIONS"})])
def test_options_says_the_methods_with_no_body(client, path, allowed):
    response = client.options(path)
    assert response.status_code == 204 and "Content-Type" not in response.headers and response.get_data() == b""
    assert set(response.headers["Allow"].split(", ")) == allowed


def test_head_answers_as_get_without_a_body(client):
    head, get = client.head("/api/lessons?limit=1"), client.get("/api/lessons?limit=1")
    assert head.status_code == 200 and head.get_data() == b"" and head.content_type == get.content_type


def test_an_unexpected_failure_is_the_json_500_without_a_traceback(app, client, auth, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as served: the app answers, the test client does not re-raise
    for method in ("lessons", "set_reviews"):  # a bug in a read and in a write
        monkeypatch.setattr(Store, method, lambda *args, **kwargs: 1 / 0)
    for response in (client.get("/api/lessons"), client.post("/api/review", json={"action": "approve", "ids": [1]},
                                                              headers=auth)):
        error = response.get_json()["error"]
        assert response.status_code == 500 and error["status"] == 500 and error["code"] == "internal_server_error"
        assert "Traceback" not in response.get_data(True) and "ZeroDivision" not in response.get_data(True)
