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
