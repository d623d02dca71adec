"""--json across the kb CLI: JSON on stdout alone, Chinese kept readable, yes/no as true/false."""

import json

import pytest

from tests.wms_retro import wms_retro

RETRO = wms_retro()


@pytest.fixture
def curated(kb, write):
    """A store as a curator leaves it: a document, a tag, a synonym, a session, a subscriber, an account."""
    write("wms/retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    kb("tag", "add", "wms/retro", "供应商管理")
    kb("tag", "synonym", "add", "供应商管理", "vendor management")
    kb("session", "create", "--title", "供应商管理经验分享会")
    kb("subscribers", "add", "li.lei@example.com", "--name", "李雷", "--lang", "zh")
    kb("user", "add", "王芳", "--role", "curator", "--password-stdin", input="a long enough password\n")
    kb("user", "token", "王芳", "--label", "周报脚本")


LISTINGS = [["docs"], ["lessons"], ["show", "wms/retro"], ["stats"], ["errors"], ["config"], ["tag", "list"],
            ["tag", "history"], ["tag", "synonym", "list"], ["session", "list"], ["session", "show", "1"],
            ["subscribers", "list"], ["user", "list"], ["user", "tokens", "王芳"]]


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_json_is_on_stdout_alone_with_chinese_unescaped(curated, kb, args):
    result = kb(*args, "--json")
    json.loads(result.stdout)
    assert "\\u" not in result.stdout and not result.stderr.lstrip().startswith(("{", "["))
    if args[0] not in ("stats", "errors", "config"):
        assert any(name in result.stdout for name in ("智慧仓储", "供应商管理", "李雷", "王芳", "周报脚本"))


def test_user_list_says_enabled_as_true_or_false(curated, kb):
    # "active": 1 / 0, where kb subscribers list --json says "active": true
    assert [u["active"] for u in json.loads(kb("user", "list", "--json").stdout)] == [True]
    assert '"active": true' in kb("user", "list", "--json").stdout  # 1 == True in Python, not in a script's jq
    kb("user", "disable", "王芳")
    assert '"active": false' in kb("user", "list", "--json").stdout


def test_search_json_pages_as_the_listings_do(kb, write):
    # total and offset without limit: a script paging by offset + limit had to know the --limit it gave
    write("wms/retro.md", RETRO)
    kb("ingest", str(write.base))
    data = json.loads(kb("search", "性能压测", "--limit", "5", "--page", "2", "--all", "--json").stdout)
    assert (data["offset"], data["limit"]) == (5, 5) and {"total", "results"} <= data.keys()
    listing = json.loads(kb("lessons", "--limit", "5", "--offset", "5", "--json").stdout)
    assert (listing["offset"], listing["limit"]) == (5, 5)


def test_an_agenda_item_says_whether_its_lesson_exists_as_true_or_false(curated, kb):
    # "lesson_exists": 1 beside "hidden": false in the same item
    kb("session", "add", "1", str(json.loads(kb("lessons", "--json").stdout)["lessons"][0]["id"]))
    shown = kb("session", "show", "1", "--json").stdout
    assert '"lesson_exists": true' in shown and '"hidden": false' in shown


def test_tag_list_json_lists_every_tag_unless_limited(kb, write):
    # the first 100 of 105 tags, as a bare list with nothing to say that 5 were left out
    write("wms/retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    names = [f"标签{i:03d}" for i in range(105)]
    for start in range(0, len(names), 20):  # a document is given 20 at most (kb.store.MAX_TAGS): taken off again
        kb("tag", "add", "wms/retro", *names[start:start + 20])
        kb("tag", "remove", "wms/retro", *names[start:start + 20])
    assert len(json.loads(kb("tag", "list", "--json").stdout)) == 105
    assert len(json.loads(kb("tag", "list", "--json", "-n", "7").stdout)) == 7
    assert kb("tag", "list").stderr == "1-100 of 105 tags (--limit 105 lists them all)\n"  # the table as it was


def test_no_subscriber_json_shows_the_nonce_signed_into_their_links(curated, kb, db_path):
    # "link_nonce" was in kb subscribers list --json and every change's JSON: with the secret key it makes a working
    # unsubscribe link, and no reader of the JSON needs it
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        nonce = conn.execute("SELECT link_nonce FROM subscribers").fetchone()[0]
    conn.close()
    outputs = [kb("subscribers", "list", "--json").stdout,
               kb("subscribers", "add", "han.meimei@example.com", "--json").stdout,
               kb("subscribers", "update", "li.lei@example.com", "--lang", "en", "--json").stdout,
               kb("user", "list", "--json").stdout]
    assert all(nonce not in out and "link_nonce" not in out for out in outputs)
    assert json.loads(outputs[0])[0]["email"] == "li.lei@example.com"  # the rest of the row is still there
