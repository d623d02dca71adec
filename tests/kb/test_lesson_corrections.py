"""An uploader's corrections of the lessons read from their document: checked, applied at every store, and kept
when the file is read again (kb/store/lesson_corrections.py)."""

from __future__ import annotations

import pytest

from ingest import ingest
from kb.errors import InvalidInput
from kb.models import LessonKind as K
from kb.models import ParsedLesson
from kb.store import Store
from kb.store.lesson_corrections import apply_lesson_corrections, check_lesson_corrections

RETRO = """# 酒店预订系统测试回顾

## 教训
- 没有按照功能分工，导致测试互相关联的部分不能顺利串起来。
- 测试环境直到最后一周才搭好，自动化测试很长时间无法运行。

## 经验
- 数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量。
"""
NEW = "打包要在截止前两天演练一次，否则提交的客户端 jar 包可能无法打开。"


def _lessons(store, key):
    return [(lesson["kind"], lesson["text"]) for lesson in store.document(key)["lessons"]]


@pytest.mark.parametrize("value, message", [
    ({"changed": [{"text": "a", "kind": "praise"}]}, "unknown lesson kind 'praise'"),
    ({"added": [{"kind": "lesson", "text": "   "}]}, "a lesson's text cannot be empty"),
    ({"changed": [{"text": "a", "new_text": ""}]}, "a lesson's text cannot be empty"),
    ({"changed": [{"kind": "lesson"}]}, "a changed lesson names the text it was read with"),
    ({"removed": []}, "lesson corrections must name 'changed' and 'added' lessons"),
    ({"added": [{"kind": "lesson", "text": "x" * 10_001}]}, "longer than 10,000 characters"),
])
def test_a_correction_the_store_cannot_keep_is_refused_saying_why(value, message):
    with pytest.raises(InvalidInput, match=message):
        check_lesson_corrections(value)


def test_corrections_apply_to_the_lessons_read_with_their_text_in_order_once():
    read = [ParsedLesson(K.WENT_WRONG, "同一句"), ParsedLesson(K.WENT_WRONG, "同一句"), ParsedLesson(K.LESSON, "其他")]
    out = apply_lesson_corrections(read, {
        "changed": [{"text": "同一句", "kind": "root_cause"}, {"text": "不再读到的句子", "drop": True}],
        "added": [{"kind": "action_item", "text": "补充的一条"}]})
    assert [(lesson.kind, lesson.text) for lesson in out] == [
        (K.ROOT_CAUSE, "同一句"), (K.WENT_WRONG, "同一句"), (K.LESSON, "其他"), (K.ACTION_ITEM, "补充的一条")]


def test_corrected_lessons_are_stored_and_kept_when_the_file_is_read_again(tmp_path):
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "retro.md").write_text(RETRO, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
        key = "retro.md"
        read = _lessons(store, key)
        store.set_overrides([key], {"lessons": {
            "changed": [{"text": read[0][1], "kind": "root_cause"}, {"text": read[1][1], "drop": True},
                        {"text": read[2][1], "new_text": "数据库操作多写泛型方法。"}],
            "added": [{"kind": "action_item", "text": "测试环境在第一周搭好。"}]}}, actor="pat")
        ingest(store, [folder])  # the file is read again (set_overrides marked it)
        corrected = [("root_cause", read[0][1]), ("lesson", "数据库操作多写泛型方法。"), ("action_item", "测试环境在第一周搭好。")]
        assert _lessons(store, key) == corrected
        (folder / "retro.md").write_text(RETRO + f"- {NEW}\n", encoding="utf-8")
        ingest(store, [folder])  # a new version of the file: corrected again, its new lesson kept
        assert _lessons(store, key) == [*corrected[:2], ("lesson", NEW), corrected[2]]
