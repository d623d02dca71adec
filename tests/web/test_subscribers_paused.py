"""A subscriber the digest paused (the mail server refused the address on three runs in a row) is shown so on the
curators' subscriber page, with the server's answer, and a curator resumes them there (`kb subscribers resume` was
the only way, and the page said "Active")."""

from __future__ import annotations

from kb.store import Store
from tests.web.conftest import login

GONE = "gone@example.org"


def _paused(settings) -> None:
    with Store(settings.db) as store:
        store.add_subscriber(GONE, name="离职同事")
        sub = store.subscriber(GONE)
        for _ in range(3):
            store.record_refusals({sub["id"]: "550 5.1.1 <gone@example.org>: no such user"})
        assert store.subscriber(GONE)["paused_at"]


def _row(body: str) -> str:
    return body.split(f"<td>{GONE}</td>", 1)[1].split("</tr>", 1)[0]


def test_a_paused_subscriber_is_shown_paused_and_a_curator_resumes_them(settings, as_curator):
    _paused(settings)
    client, token = as_curator
    row = _row(client.get("/curate/subscribers", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True))
    assert "已暂停：邮件服务器已 3 次拒收该地址" in row and "550 5.1.1" in row and "订阅中" not in row
    # when it was last refused, as a time the browser reads in its zone (the tag was shown as text: "&lt;time …")
    assert '，最近一次 <time class="js-local" datetime="' in row and "&lt;time" not in row
    assert 'value="resume"' in row
    response = client.post("/curate/subscribers", data={"csrf_token": token, "action": "resume", "email": GONE})
    assert response.status_code == 302
    with Store(settings.db) as store:
        sub = store.subscriber(GONE)
    assert sub["paused_at"] is None and sub["refusals"] == 0
    row = _row(client.get("/curate/subscribers").get_data(as_text=True))
    assert 'value="resume"' not in row and "refused" not in row


def test_resuming_needs_a_curator_and_the_csrf_token(settings, client):
    _paused(settings)
    token = login(client, "rita")  # a reader
    assert client.post("/curate/subscribers", data={"csrf_token": token, "action": "resume", "email": GONE}
                       ).status_code in (302, 403)
    client.get("/logout")
    token = login(client, "carl")
    assert client.post("/curate/subscribers", data={"action": "resume", "email": GONE}).status_code == 400
    with Store(settings.db) as store:
        assert store.subscriber(GONE)["paused_at"]
