"""--json on the writes of kb tag, kb user and kb subscribers, as on every kb session write: the changed object(s)
as the listings print them, and on an error nothing on stdout, one line on stderr, exit 1."""

import json

import pytest

from tests.wms_retro import wms_retro


@pytest.fixture
def tagged(kb, write):
    """A document with two tags, and the id of its first lesson."""
    write("wms/retro.md", wms_retro())
    kb("ingest", "--no-index", str(write.base))
    kb("tag", "add", "wms/retro", "供应商管理", "Vendor")
    return json.loads(kb("lessons", "--json").stdout)["lessons"][0]["id"]


def _json(kb, *args):
    result = kb(*args, "--json")
    assert result.exit_code == 0 and not result.stderr.lstrip().startswith(("{", "["))
    return json.loads(result.stdout)


def test_tag_add_and_remove_print_the_target_with_its_tags(kb, tagged):
    assert _json(kb, "tag", "add", "wms/retro", "测试") == {"target": "wms/retro", "tags": ["测试", "供应商管理", "Vendor"]}
    assert _json(kb, "tag", "add", f"lesson:{tagged}", "接口") == {"target": f"lesson:{tagged}", "tags": ["接口"]}
    assert _json(kb, "tag", "remove", "wms/retro", "测试", "vendor") == {"target": "wms/retro", "tags": ["供应商管理"]}


def test_a_tag_remove_that_fails_prints_nothing_and_removes_none(kb, tagged):
    result = kb("tag", "remove", "wms/retro", "Vendor", "没有的标签", "--json", ok=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: wms/retro has no tag '没有的标签'\n"
    assert [t["label"] for t in _json(kb, "show", "wms/retro")["tags"]] == ["供应商管理", "Vendor"]  # it removed Vendor


def test_rename_and_merge_print_the_tag_kept_as_tag_list_does(kb, tagged):
    kb("tag", "add", f"lesson:{tagged}", "zz")  # listed last: the tag printed is the one kept, not the last
    renamed = _json(kb, "tag", "rename", "vendor", "Vendor Mgmt")
    assert renamed["label"] == "Vendor Mgmt" and renamed in _json(kb, "tag", "list")
    merged = _json(kb, "tag", "merge", "vendor mgmt", "--into", "供应商管理")
    assert merged == _json(kb, "tag", "list")[0] and (merged["label"], merged["documents"]) == ("供应商管理", 1)
    undone = _json(kb, "tag", "undo", "5")  # 1-4: the adds and the rename; 5: the merge
    assert (undone["id"], undone["action"], undone["undone_at"] is not None) == (5, "merge", True)
    assert undone == next(e for e in _json(kb, "tag", "history") if e["id"] == 5)


def test_synonym_add_and_remove_print_the_names_group(kb, tagged):
    group = _json(kb, "tag", "synonym", "add", "供应商管理 = supplier management")
    assert group == _json(kb, "tag", "synonym", "list")[0]
    assert [(n["label"], n["uses"]) for n in group] == [("supplier management", 0), ("供应商管理", 1)]
    assert _json(kb, "tag", "synonym", "remove", "供应商管理") == [{"name": "供应商管理", "label": "供应商管理", "uses": 1}]
    assert _json(kb, "tag", "synonym", "list") == []


PASSWORD = "a long enough password\n"


def test_user_writes_print_the_account_as_user_list_does(kb):
    made = json.loads(kb("user", "add", "王芳", "--role", "curator", "--password-stdin", "--json", input=PASSWORD).stdout)
    assert made == _json(kb, "user", "list")[0] and (made["name"], made["role"], made["active"]) == ("王芳", "curator", True)
    assert _json(kb, "user", "role", "王芳", "admin")["role"] == "admin"
    token = _json(kb, "user", "token", "王芳", "--label", "周报脚本")
    assert token == {**_json(kb, "user", "tokens", "王芳")[0], "token": token["token"]}
    assert token["label"] == "周报脚本" and token["token"].startswith("kb_")
    disabled = _json(kb, "user", "disable", "王芳")
    assert (disabled["active"], disabled["tokens"]) == (False, 1) and disabled == _json(kb, "user", "list")[0]
    assert _json(kb, "user", "enable", "王芳")["active"] is True
    again = json.loads(kb("user", "passwd", "王芳", "--password-stdin", "--json", input=PASSWORD).stdout)
    assert (again["name"], again["tokens"]) == ("王芳", 0)  # its tokens revoked with the old password


def test_token_revokes_print_the_tokens_revoked(kb):
    kb("user", "add", "alice", "--password-stdin", input=PASSWORD)
    first, second, third = (_json(kb, "user", "token", "alice", "--label", label) for label in ("a", "b", "c"))
    assert _json(kb, "user", "token", "alice", "--revoke", str(second["id"])) == {
        k: v for k, v in second.items() if k != "token"}
    assert [t["label"] for t in _json(kb, "user", "token", "alice", "--revoke-all")] == ["a", "c"]
    assert _json(kb, "user", "tokens", "alice") == [] and first["id"] != third["id"]


def test_subscriber_writes_print_the_subscriber_as_subscribers_list_does(kb):
    made = _json(kb, "subscribers", "add", "li.lei@example.com", "--name", "李雷", "--lang", "zh")
    assert made == _json(kb, "subscribers", "list")[0] and (made["name"], made["frequency"]) == ("李雷", "weekly")
    changed = _json(kb, "subscribers", "update", "li.lei@example.com", "--frequency", "daily", "--tag", "数据迁移")
    assert (changed["frequency"], changed["interests"]["tags"]) == ("daily", ["数据迁移"])
    assert changed == _json(kb, "subscribers", "list")[0]
    listed = _json(kb, "subscribers", "list")
    assert _json(kb, "subscribers", "remove", "li.lei@example.com") == listed  # a list of rows, as 'list' prints
    assert _json(kb, "subscribers", "list") == []


def test_subscribers_resume_prints_the_subscriber_no_longer_paused(kb, db_path):
    kb("subscribers", "add", "li.lei@example.com")
    from kb.store import Store

    with Store(db_path) as store:
        store.conn.execute("UPDATE subscribers SET paused_at = '2026-12-01T00:00:00+00:00', refusals = 3")
    resumed = _json(kb, "subscribers", "resume", "li.lei@example.com")
    assert resumed["email"] == "li.lei@example.com" and resumed["paused_at"] is None
    assert resumed == _json(kb, "subscribers", "list")[0]


REFUSED = [
    (["tag", "add", "no/such-doc", "x"], "Error: no document with key 'no/such-doc'"),
    (["tag", "rename", "没有", "x"], "Error: "),
    (["tag", "merge", "没有", "--into", "x"], "Error: "),
    (["tag", "undo", "99"], "Error: "),
    (["tag", "synonym", "remove", "没有"], "Error: "),
    (["user", "role", "nobody", "admin"], "Error: "),
    (["user", "disable", "nobody"], "Error: "),
    (["user", "token", "nobody"], "Error: "),
    (["user", "token", "王芳", "--revoke", "99"], "Error: user '王芳' has no API token 99"),
    (["subscribers", "add", "li.lei@example.com"], "Error: li.lei@example.com is already subscribed"),
    (["subscribers", "update", "nobody@example.com", "--frequency", "off"], "Error: "),
    (["subscribers", "resume", "li.lei@example.com"], "Error: li.lei@example.com is not paused"),
    (["subscribers", "remove", "nobody@example.com"], "Error: no subscriber nobody@example.com"),
]


@pytest.mark.parametrize(("args", "said"), REFUSED, ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_refused_write_with_json_prints_nothing_on_stdout_and_exits_1(kb, tagged, args, said):
    kb("user", "add", "王芳", "--password-stdin", input=PASSWORD)
    kb("subscribers", "add", "li.lei@example.com")
    result = kb(*args, "--json", ok=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(said) and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
