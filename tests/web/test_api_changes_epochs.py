"""The change feed's epoch (``/api/changes``): a store put back from a backup numbers its next changes again from
where the backup stood, so a script's cursor from before the restore may name a number the restored store reaches
again with other changes. Every cursor carries the feed's epoch, which ``kb backup`` (in its copy) and ``kb restore``
make anew: a cursor of another epoch is a 409 saying to copy again, even once the restored store has made more
changes than it lost (a number alone cannot tell, and did not: the script skipped the restored store's own changes)."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from kb.cli import cli
from kb.store import Store, Target
from tests.web.test_api_changes import _follow, _kinds, _listing


def _kb(settings, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(settings.db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _tag(settings, lessons: list[int], label: str) -> None:
    """A curator's tag on each lesson: one change of the feed each."""
    with Store(settings.db) as store:
        for lesson in lessons:
            store.add_tag(Target("lesson", str(lesson)), label)


def _refused(client, cursor: str) -> str:
    """The 409's message for a cursor of an earlier epoch."""
    response = client.get("/api/changes", query_string={"after": cursor})
    assert response.status_code == 409 and response.is_json, response.get_data(as_text=True)
    return response.get_json()["error"]["message"]


def test_a_cursor_from_before_kb_restore_is_refused_though_the_store_made_more_changes_than_it_lost(
        client, settings, tmp_path):
    copy: dict[int, dict] = {}
    start, _ = _follow(client, 0, copy)
    lessons = sorted(copy)[:5]
    _kb(settings, "backup", str(tmp_path / "backup"))
    _tag(settings, lessons[:2], "复盘")  # two changes after the backup, read by the script, then lost
    cursor, read = _follow(client, start, copy)
    assert _kinds(read) == dict.fromkeys(lessons[:2], "changed")
    _kb(settings, "restore", str(tmp_path / "backup"), "--force")
    _tag(settings, lessons[2:], "供应商")  # three changes of the restored store: past the cursor's number
    page = client.get("/api/changes", query_string={"limit": 1}).get_json()
    assert page["last"] > int(cursor.rpartition(".")[2]) and page["epoch"] != cursor.partition(".")[0]
    message = _refused(client, cursor)
    assert f"epoch {cursor.partition('.')[0]}" in message and f"now of epoch {page['epoch']}" in message
    assert "/api/lessons" in message and message.endswith(page["last_after"])
    chinese = client.get("/api/changes", query_string={"after": cursor}, headers={"Accept-Language": "zh-CN"})
    assert f"本变更流现在的纪元是 {page['epoch']}" in chinese.get_json()["error"]["message"]
    fresh: dict[int, dict] = {}
    assert _follow(client, 0, fresh)[0] == page["last_after"] and fresh == _listing(client)  # copied again: in step


def test_a_second_restore_of_the_same_backup_and_a_backup_put_back_by_hand_are_told_too(client, settings, tmp_path):
    lessons = sorted(_listing(client))[:4]
    _kb(settings, "backup", str(tmp_path / "backup"))
    _kb(settings, "restore", str(tmp_path / "backup"), "--force")
    _tag(settings, lessons[:1], "复盘")
    cursor = _follow(client, 0, {})[0]
    _kb(settings, "restore", str(tmp_path / "backup"), "--force")  # the same backup again: the same numbers again
    _tag(settings, lessons[1:3], "供应商")
    assert "the store was put back from a backup since" in _refused(client, cursor)
    _kb(settings, "backup", str(tmp_path / "later"))  # of the store the cursor below is of
    _tag(settings, lessons[:1], "仓储")
    cursor = _follow(client, 0, {})[0]
    shutil.copyfile(tmp_path / "later" / "kb.db", settings.db)  # its kb.db copied back with the server stopped
    _tag(settings, lessons[1:], "仓储")
    assert "the store was put back from a backup since" in _refused(client, cursor)


def test_a_cursor_of_this_epoch_or_a_bare_number_reads_on_and_a_malformed_one_is_a_400(client, settings):
    cursor, _ = _follow(client, 0, {})
    lesson = min(_listing(client))
    _tag(settings, [lesson], "复盘")
    number = int(cursor.rpartition(".")[2])
    assert _kinds(_follow(client, cursor, {})[1]) == {lesson: "changed"}
    assert _kinds(_follow(client, number, {})[1]) == {lesson: "changed"}  # a cursor kept before epochs
    for bad in ("abc.5", f"{cursor.partition('.')[0]}.x", f"{cursor.partition('.')[0]}.-1", "ABCDEF012345.1", ".3"):
        response = client.get("/api/changes", query_string={"after": bad})
        assert response.status_code == 400, bad
        assert response.get_json()["error"]["message"].startswith("'after' must be a cursor this feed gave")
