"""Paragraphs and headings of PDFs set without space between paragraphs and with every heading in one bold face
(issue 17, e-cues): a paragraph ends where the next line's first word would have fitted on the line before it, and a
heading that names a kind with nothing under it holds the headings of its level that follow. Excerpts of
flutter/flutter's flutter.dev outage post-mortem (dev; BSD-3-Clause, benchmarks/extraction/docs) and the CS 314
term-project retrospective PDF (held 22)."""

from __future__ import annotations

import pytest

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from kb.models import LessonKind as K
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

FOLLOW_UP = [
    "The monitoring system should notify more people. Ideally, it would ping Discord directly. Ideally it",
    "would not be limited to Googlers. (filed https://github.com/flutter/flutter/issues/133509)",
    "The monitoring system for docs.flutter.dev is incorrectly configured to check docs.flutter.io, which",
    "redirects to flutter.dev. (fixed by adding a separate monitoring entry for docs.flutter.dev and",
    "api.flutter.dev)",
    "It would be useful to have a channel for getting hold of team members in a hurry. (added an",
    "@emergency role on Discord which has notifications enabled)",
]


@pytest.fixture(scope="module")
def outage():
    pdf = new_pdf()
    pdf_line(pdf, "Postmortem: flutter.dev outage on August 26, 2023", size=18, bold=True)
    pdf_line(pdf, "Follow-up", size=14, bold=True, gap=4)
    for line in FOLLOW_UP:
        pdf_line(pdf, line)
    pdf_line(pdf, "Lessons learned", size=14, bold=True, gap=4)
    pdf_line(pdf, "The DNS changes took hours to take effect, and nobody was awake to watch them land on a")
    pdf_line(pdf, "Friday evening. Reorgani-")
    pdf_line(pdf, "zation of the on-call rota is planned.")
    return parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="docs/postmortems/outage.pdf")).documents[0]


def test_a_paragraph_ends_where_the_next_word_would_have_fitted(outage):
    actions = [lesson.text for lesson in outage.lessons if lesson.kind == K.ACTION_ITEM]
    assert [text[:40] for text in actions] == ["The monitoring system should notify more",
                                              "The monitoring system for docs.flutter.d",
                                              "It would be useful to have a channel for"]
    assert actions[0].endswith("(filed https://github.com/flutter/flutter/issues/133509)")


def test_a_short_line_that_ends_mid_sentence_or_hyphenated_goes_on(outage):
    assert [lesson.text for lesson in outage.lessons if lesson.kind == K.LESSON] == [
        ("The DNS changes took hours to take effect, and nobody was awake to watch them land on a Friday evening. "
         "Reorganization of the on-call rota is planned.")]


@pytest.fixture(scope="module")
def retrospective():
    pdf = new_pdf()
    pdf_line(pdf, "Retrospective", size=18, bold=True)
    pdf_line(pdf, "What Didn't Go Well", bold=True, gap=4)
    pdf_line(pdf, "Team Structure", bold=True, gap=4)
    pdf_line(pdf, "It may have been beneficial to have more clearly defined roles, including a leader in charge of")
    pdf_line(pdf, "distributing tasks.")
    pdf_line(pdf, "Software Development Process", bold=True, gap=4)
    pdf_line(pdf, "Although the plan-driven development process was followed properly, it may not have been the")
    pdf_line(pdf, "best strategy.")
    return parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="Retrospective.pdf")).documents[0]


def test_headings_of_the_level_of_an_empty_kind_heading_are_its_parts(retrospective):
    lessons = [(lesson.kind, lesson.text) for lesson in retrospective.lessons]
    assert [kind for kind, _ in lessons] == [K.WENT_WRONG, K.WENT_WRONG]
    assert lessons[0][1].startswith("It may have been beneficial") and "Although the plan-driven" in lessons[1][1]


def md(text: str, key: str):
    from ingest.markdown_doc import parse_markdown
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


# imoments 项目总结报告 (held 11, Word) and naivetag 个人总结 (held 11): the next question of a form, and the sections after
# a sentence set as a heading, are not parts of the empty heading before them.
FORM = ("# 项目总结报告\n\n## 技术方案有哪些亮点？\n\n## 是否做了单元测试？\n\n只对登录模块做了单元测试。\n")
NUMBERED = ("# 项目总结报告\n\n## 3.技术方案亮点\n\n## 4.测试情况\n\n只对登录模块做了单元测试。\n")
SENTENCE = ("# 总结\n\n## 以下是小组成员的经验教训。\n\n## 版本信息\n\n修改者 | 时间\n--- | ---\n訾源 | 2018-4-26\n")


@pytest.mark.parametrize(("text", "key"), [(FORM, "项目总结报告.md"), (NUMBERED, "项目总结报告.md"),
                                         (SENTENCE, "个人总结.md")])
def test_a_question_or_a_sentence_heading_holds_no_parts(text, key):
    assert md(text, key).lessons == []


def test_one_heading_after_an_empty_kind_heading_is_the_next_section():
    # A filled-in form where nothing went well: the notes after it are not what went well.
    doc = md("# Sprint 4 retrospective\n\n## What went well\n\n## Notes\n\nThe demo moved to Friday because of the "
             "holiday.\n", key="retrospective.md")
    assert doc.lessons == []
