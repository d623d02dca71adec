"""An uploader's corrections of the lessons read from their document: checked, applied at every store, and kept
when the file is read again (kb/store/lesson_corrections.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingest import ingest
from kb.errors import InvalidInput
from kb.models import LessonKind as K
from kb.models import ParsedLesson
from kb.store import Store
from kb.store.lesson_corrections import apply_lesson_corrections, check_lesson_corrections
from kb.store.lesson_matching import match_changes

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


# ---- a re-read that gives a lesson a little differently (kb/store/lesson_matching.py) ---------------------------
REREAD = """# 酒店预订系统测试回顾

## 问题
- 问题：测试环境直到最后一周才搭好，自动化测试很长时间无法运行。
- 没有按照功能分工 , 导致测试互相关联的部分不能顺利串起来
- 打包只在截止当天做了一次。
- 客户端 jar 包在评审机上无法打开。

## 经验
- 数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量。
"""


def _planted(monkeypatch, rewrite):
    """A new parser version whose lessons' texts ``rewrite`` changes: every document is read again."""
    from ingest import pipeline

    real = pipeline.parse

    def parse(suffix, raw):
        result = real(suffix, raw)
        for doc in result.documents:
            doc.lessons = rewrite(doc.lessons)
        return result

    monkeypatch.setattr(pipeline, "parse", parse)
    monkeypatch.setattr(pipeline, "PARSER_VERSION", pipeline.PARSER_VERSION + "-planted")


def _new_rules(lessons):
    """What a later parser might do: trim the "问题：" marker, tidy spaces and punctuation, join a line to the next."""
    out = []
    for lesson in lessons:
        text = lesson.text.removeprefix("问题：").replace(" , ", "，")
        if text.startswith("客户端"):
            out[-1] = replace(out[-1], text=out[-1].text + text)
            continue
        out.append(replace(lesson, text=text if text.endswith("。") else text + "。"))
    return out


def test_corrections_follow_their_lessons_through_a_parser_change(tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "retro.md").write_text(REREAD, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
        read = [text for _, text in _lessons(store, "retro.md")]
        store.set_overrides(["retro.md"], {"lessons": {"changed": [
            {"text": read[0], "kind": "root_cause", "section": "问题", "at": 0},
            {"text": read[1], "new_text": "没有按功能分工，测试串不起来。", "at": 1},
            {"text": read[2], "kind": "action_item", "at": 2},
            {"text": read[4], "drop": True, "at": 4}]}}, actor="pat")
        ingest(store, [folder])
        before = _lessons(store, "retro.md")
        _planted(monkeypatch, _new_rules)
        report = ingest(store, [folder])
        assert report.updated == 1
        assert _lessons(store, "retro.md") == [
            ("root_cause", "测试环境直到最后一周才搭好，自动化测试很长时间无法运行。"),
            ("went_wrong", "没有按功能分工，测试串不起来。"),
            ("action_item", "打包只在截止当天做了一次。客户端 jar 包在评审机上无法打开。")]
        assert before[0] == ("root_cause", read[0]) and len(before) == 4
        changed = store.overrides("retro.md")["lessons"]["changed"]
        assert changed[0]["text"] == "测试环境直到最后一周才搭好，自动化测试很长时间无法运行。"  # named as read now
        assert not any(c.get("unmatched") for c in changed)
        assert not store.run_errors(report.run_id)


def test_a_correction_whose_lesson_is_gone_is_kept_and_said_then_applies_when_it_comes_back(tmp_path, monkeypatch):
    folder = tmp_path / "uploads"
    folder.mkdir()
    (folder / "retro.md").write_text(REREAD, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [folder])
        read = [text for _, text in _lessons(store, "retro.md")]
        store.set_overrides(["retro.md"], {"lessons": {"changed": [{"text": read[4], "kind": "lesson"}]}},
                            actor="pat")
        ingest(store, [folder])
        _planted(monkeypatch, lambda lessons: [x for x in lessons if not x.text.startswith("数据库")])
        report = ingest(store, [folder])
        changed = store.overrides("retro.md")["lessons"]["changed"]
        assert changed == [{"text": read[4], "kind": "lesson", "unmatched": True}]
        [warning] = store.run_errors(report.run_id)  # kb errors lists it; kb ingest says it (its report's warnings)
        assert warning["level"] == "warning" and warning["path"] == str(folder / "retro.md")
        assert [w.message for w in report.warnings] == [warning["message"]]
        assert "retro.md: a correction of the lesson “数据库操作等代码" in warning["message"]
        assert "(kind lesson) matches no lesson read from the file now; it is kept" in warning["message"]
        monkeypatch.undo()
        report = ingest(store, [folder])  # the rules that read it come back: so does the correction
        assert ("lesson", read[4]) in _lessons(store, "retro.md")
        assert store.overrides("retro.md")["lessons"]["changed"] == [{"text": read[4], "kind": "lesson"}]
        assert not store.run_errors(report.run_id)


@pytest.mark.parametrize("was, now, alike", [
    ("沟通要及时。", "沟通要及时", True),  # punctuation
    ("Deploys  were late, again.", "deploys were late again", True),  # spaces, case
    ("1. 需求评审要有测试参加", "需求评审要有测试参加", True),  # a marker trimmed
    ("需求评审要有测试参加", "需求评审要有测试参加。测试用例也要评审。", True),  # a line joined
    ("沟通", "前后端沟通不足，接口改了没人通知", False),  # too short to be found inside another
    ("需求评审要有测试参加", "发布前要冻结代码", False),
])
def test_a_lesson_read_a_little_differently_is_still_the_corrected_one(was, now, alike):
    found = match_changes([{"text": was}], [ParsedLesson(K.LESSON, "无关的一条经验教训，和别的都不像"),
                                             ParsedLesson(K.LESSON, now)], [None, None])
    assert found == ({0: 1} if alike else {})


def test_alike_lessons_are_told_apart_by_their_section_then_their_place():
    lessons = [ParsedLesson(K.WENT_WELL, "按时交付。"), ParsedLesson(K.WENT_WRONG, "按时交付"),
               ParsedLesson(K.WENT_WRONG, "按时交付")]
    headings = ["做得好的", "待改进", "待改进"]
    assert match_changes([{"text": "按时交付!", "section": "待改进"}], lessons, headings) == {0: 1}
    assert match_changes([{"text": "按时交付!", "at": 2}], lessons, headings) == {0: 2}
