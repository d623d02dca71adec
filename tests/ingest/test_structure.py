import pytest

from ingest.blocks import Block, html_blocks
from ingest.structure import DRIVING_EVENT, build_structure, classify_heading
from kb.models import LessonKind as K


@pytest.mark.parametrize("heading, kind", [
    ("What went well", K.WENT_WELL), ("What didn't go well", K.WENT_WRONG), ("What went wrong", K.WENT_WRONG),
    ("What could be improved", K.WENT_WRONG), ("Lessons Learned", K.LESSON), ("Lesson(s) Learned", K.LESSON),
    ("Key takeaways", K.LESSON), ("Recommendations", K.RECOMMENDATION), ("Recommendation(s)", K.RECOMMENDATION),
    ("Action items", K.ACTION_ITEM), ("Next steps", K.ACTION_ITEM), ("Root cause", K.ROOT_CAUSE),
    ("Root Cause Analysis", K.ROOT_CAUSE), ("Driving Event", DRIVING_EVENT),
    ("做得好的", K.WENT_WELL), ("一、做得好的地方", K.WENT_WELL), ("亮点", K.WENT_WELL), ("不足", K.WENT_WRONG),
    ("问题", K.WENT_WRONG), ("存在的问题", K.WENT_WRONG), ("需要改进", K.WENT_WRONG), ("3. 经验教训", K.LESSON),
    ("改进建议", K.RECOMMENDATION), ("行动项", K.ACTION_ITEM), ("后续行动项", K.ACTION_ITEM),
    ("根本原因", K.ROOT_CAUSE), ("根因分析", K.ROOT_CAUSE), ("驱动事件 (Driving Event)", DRIVING_EVENT),
    ("经验教训 (Lessons Learned)", K.LESSON), ("(二) 问题", K.WENT_WRONG), ("**What went well** 👍", K.WENT_WELL),
    ("Lessons learned and recommendations", K.LESSON),
    ("Project overview", None), ("项目背景", None), ("Risks", None), ("2.1 Schedule", None), ("", None),
])
def test_classify_heading(heading, kind):
    assert classify_heading(heading) == kind


def test_sub_headings_inherit_the_kind_and_ordinary_headings_reset_it():
    blocks = [Block("heading", "需要改进", level=2), Block("heading", "需求管理", level=3),
              Block("item", "需求变更没有走评审。", level=1), Block("heading", "附录", level=2),
              Block("item", "不是经验。", level=1)]
    s = build_structure(blocks, "T")
    assert [(l.kind, l.text) for l in s.lessons] == [(K.WENT_WRONG, "需求变更没有走评审。")]
    assert [sec.kind for sec in s.sections] == [K.WENT_WRONG, K.WENT_WRONG, None]


def test_paragraphs_are_lessons_but_lead_ins_ending_in_a_colon_are_not():
    blocks = [Block("heading", "Lessons learned", level=2), Block("para", "We learned the following:"),
              Block("item", "Freeze scope at gate 2.", level=1), Block("para", "Also, staff the test team early.")]
    s = build_structure(blocks, "T")
    assert [l.text for l in s.lessons] == ["Freeze scope at gate 2.", "Also, staff the test team early."]


def test_lesson_title_from_a_lead_in():
    s = build_structure([Block("heading", "Lessons", level=2),
                         Block("item", "Vendor delay: the interfaces arrived five weeks late.", level=1)], "T")
    assert s.lessons[0].title == "Vendor delay"


def test_document_without_retrospective_headings_gets_sections_only():
    s = build_structure(html_blocks("<h1>Charter</h1><p>Goal.</p><h2>Scope</h2><ul><li>Forty apps.</li></ul>"), "T")
    assert [(x.heading, x.text) for x in s.sections] == [("Charter", "Goal."), ("Scope", "- Forty apps.")]
    assert s.lessons == []


def test_deeply_nested_html_does_not_overflow():
    html = "<div>" * 5000 + "<h2>Lessons learned</h2><ul><li>Deep lesson.</li></ul>" + "</div>" * 5000
    s = build_structure(html_blocks(html), "T")
    assert [l.text for l in s.lessons] == ["Deep lesson."]
