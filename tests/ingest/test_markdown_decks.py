"""Markdown slide decks (Marp, Deckset, reveal.js): each slide a section titled by its first heading, speaker notes
kept with their slide and never lessons, a closing slide's text no lesson."""

from __future__ import annotations

import pytest

from ingest.markdown_deck import deck_kind, split_slides
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from kb.models import LessonKind

K = LessonKind


def parse(text: str, key: str = "deck.md"):
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[LessonKind, str]]:
    return [(lesson.kind, lesson.text) for lesson in doc.lessons]


MARP = """---
marp: true
theme: gaia
paginate: true
---

<!-- _class: lead -->

# 数据平台二期复盘

2025 年 6 月

---

## 经验教训

- 口径先签字再开发，指标卡要有业务负责人
- 数据迁移至少演练两次

<!-- 这里提一下财务组加班核对口径的事，感谢他们。 -->

---

## 下一步

<!--
讲到这里停一下，问问大家有没有补充。
-->

- 三期继续用同一套指标卡

---

# 谢谢

欢迎大家提出宝贵的意见和建议
"""


def test_a_marp_deck_reads_slide_by_slide_and_its_comments_are_notes_of_their_slide():
    doc = parse(MARP)
    assert [(s.level, s.heading) for s in doc.sections] == [
        (1, "数据平台二期复盘"), (2, "经验教训"), (2, "下一步"), (1, "谢谢")]
    assert lessons(doc) == [(K.LESSON, "口径先签字再开发，指标卡要有业务负责人"), (K.LESSON, "数据迁移至少演练两次"),
                            (K.ACTION_ITEM, "三期继续用同一套指标卡")]
    assert doc.sections[1].text.endswith("这里提一下财务组加班核对口径的事，感谢他们。")
    assert "讲到这里停一下" in doc.sections[2].text
    assert "_class" not in doc.sections[0].text  # a directive, not a note


DECKSET = """build-lists: true
theme: Plain Jane

# [fit] ProBuilder: the post-mortem

---

# [fit] Lessons learned

- Define the file format before the first release
- Mark things deprecated instead of deleting them

^ Spent far too long on this slide last time. We should keep it to two minutes.

---

# The installer

![inline](images/installer.png)

- Not in line with the Unity workflow
- Super fragile

---

# Questions?

- Which sale durations work best?
"""


def test_a_deckset_deck_drops_its_settings_and_fit_marks_and_keeps_notes_out_of_lessons():
    doc = parse(DECKSET)
    assert [s.heading for s in doc.sections] == [
        "ProBuilder: the post-mortem", "Lessons learned", "The installer", "Questions?"]
    assert lessons(doc) == [(K.LESSON, "Define the file format before the first release"),
                            (K.LESSON, "Mark things deprecated instead of deleting them")]
    assert doc.sections[1].text.endswith("Spent far too long on this slide last time. We should keep it to two minutes.")
    assert "build-lists" not in doc.sections[0].text


REVEAL = """# Cut-over retrospective

Field service app, March

---

## What went wrong

- The test environment arrived a week late
- Nobody owned the data migration

Note:
Keep this short. We should not blame the vendor here,
we should say what we will change.

--

## Went well

- Three dress rehearsals before the weekend

---

## Lessons learned

- Book the data centre engineers before the cut-over weekend

---

## Q&A

- Thank you, questions welcome
"""


def test_a_reveal_deck_keeps_each_slides_notes_with_it():
    doc = parse(REVEAL)
    assert [s.heading for s in doc.sections] == [
        "Cut-over retrospective", "What went wrong", "Went well", "Lessons learned", "Q&A"]
    assert lessons(doc) == [
        (K.WENT_WRONG, "The test environment arrived a week late"), (K.WENT_WRONG, "Nobody owned the data migration"),
        (K.WENT_WELL, "Three dress rehearsals before the weekend"),
        (K.LESSON, "Book the data centre engineers before the cut-over weekend")]
    assert doc.sections[1].text.endswith("we should say what we will change.")


REVEAL_ASIDES = """# 切换复盘

现场服务 App，三月

---

## 存在的问题

- 测试环境晚到了一周
- 数据迁移没有负责人

<aside class="notes">
这一页不要怪供应商，
要讲我们下次<b>怎么改</b>。
</aside>

---

## Went well

- Three dress rehearsals before the weekend

<aside class='notes fragment'>Thank the field team by name &amp; say they ran all three.</aside>

---

## Lessons learned

- Book the data centre engineers before the cut-over weekend

---

## Q&A

- Thank you, questions welcome
"""


def test_a_reveal_decks_aside_notes_are_kept_with_their_slide_as_notes():
    """reveal.js's <aside class="notes"> was dropped with its text (and the deck not seen as one): the notes are
    section text of their slide, as a PowerPoint slide's speaker notes are, and never lessons."""
    assert deck_kind({}, REVEAL_ASIDES) == "reveal"
    doc = parse(REVEAL_ASIDES)
    assert [s.heading for s in doc.sections] == ["切换复盘", "存在的问题", "Went well", "Lessons learned", "Q&A"]
    assert lessons(doc) == [
        (K.WENT_WRONG, "测试环境晚到了一周"), (K.WENT_WRONG, "数据迁移没有负责人"),
        (K.WENT_WELL, "Three dress rehearsals before the weekend"),
        (K.LESSON, "Book the data centre engineers before the cut-over weekend")]
    assert doc.sections[1].text.endswith("\n这一页不要怪供应商，要讲我们下次怎么改。")
    assert doc.sections[2].text.endswith("\nThank the field team by name & say they ran all three.")
    assert "aside" not in doc.sections[2].text


def test_a_closing_slide_nested_under_a_lessons_slide_holds_no_lessons():
    """A deck's title slides are "#" and its "Thanks" slide "##": the farewell sat under the lessons as a sub-section
    and its lines were lessons."""
    deck = ("---\nmarp: true\n---\n\n# 迭代三复盘\n\n---\n\n# 经验教训\n\n- 接口文档要在开发前定稿\n\n---\n\n"
            "## 谢谢观看\n\n- 欢迎大家提出宝贵的意见和建议\n")
    doc = parse(deck)
    assert lessons(doc) == [(K.LESSON, "接口文档要在开发前定稿")]
    assert doc.sections[-1].text == "欢迎大家提出宝贵的意见和建议"


def test_text_above_a_slides_heading_stays_on_its_slide():
    """A line above the slide's heading (a picture's caption, a source) ran into the previous slide's lessons."""
    deck = ("---\nmarp: true\n---\n\n# 复盘\n\n---\n\n## 经验教训\n\n- 接口文档要在开发前定稿\n\n---\n\n"
            "![bg left](survey.png)\n\n本页数据来自六月份的用户问卷调查结果\n\n## 用户反馈\n\n- 42 份问卷\n")
    doc = parse(deck)
    assert [s.heading for s in doc.sections] == ["复盘", "经验教训", "用户反馈"]
    assert lessons(doc) == [(K.LESSON, "接口文档要在开发前定稿")]
    assert doc.sections[2].text.startswith("本页数据来自六月份的用户问卷调查结果")


@pytest.mark.parametrize("text", [
    # An ordinary document with horizontal rules and a "Note:" line: not a deck.
    "# Retro\n\nSome text.\n\n---\n\n## Went well\n\n- Fast reviews\n\nNote: ask Ana.\n\n---\n\n## Went wrong\n\n- Late\n",
    # Sections between rules, each with a heading and a "Note:", but long as a document's are: not a talk.
    "\n\n---\n\n".join(f"## Part {n}\n\n" + "".join(f"- point {i} of part {n}\n" for i in range(20))
                       + "\nNote: ask Ana.\n\n- the last point\n" for n in range(4)),
    # Two rules only.
    "# Retro\n\n---\n\n## Went well\n\n- Fast reviews\n\n---\n\n^ not a note\n",
])
def test_ordinary_markdown_with_rules_is_not_a_deck(text):
    assert deck_kind({}, text) is None


def test_a_separator_needs_a_blank_line_before_it_and_fenced_code_is_not_split():
    assert split_slides("# A\n\ntext\n---\n\n```\n---\n\n---\n```\n\n---\n\n# B\n") == [
        "# A\n\ntext\n---\n\n```\n---\n\n---\n```", "# B"]


SLIDEV = """---
theme: default
highlighter: shiki
drawings:
  persist: false
---

# 2023 年终 Review

---
layout: section
---

## 项目遇到的痛点

- 没有产品经理，研发需要承担更多的角色
- 项目经理的职责变动，导致开发节奏很乱

<!-- 这一页讲快一点，不要点名，我们应该只说事实。 -->

---
layout: center
---

# 谢谢

- 欢迎大家提出宝贵的意见和建议
"""


def test_a_slidev_deck_drops_each_slides_settings_and_keeps_its_notes():
    doc = parse(SLIDEV)
    assert [s.heading for s in doc.sections] == ["2023 年终 Review", "项目遇到的痛点", "谢谢"]
    assert lessons(doc) == [(K.WENT_WRONG, "没有产品经理，研发需要承担更多的角色"),
                            (K.WENT_WRONG, "项目经理的职责变动，导致开发节奏很乱")]
    assert doc.sections[1].text.endswith("这一页讲快一点，不要点名，我们应该只说事实。")
    assert "layout" not in " ".join(s.text for s in doc.sections)
