"""A Markdown retrospective's "Date:" / "项目：" lines under its title give its metadata, as they do in Word, text and
PDF files: uploaded without front matter, "# HR Portal Retrospective / Project: HR Portal / Date: 2026-11-25" was
shown as "Date (not set)" on the check-and-publish page."""

from __future__ import annotations

from datetime import date

from tests.ingest.markdown_docs import lessons, md

HR = """# HR Portal Retrospective

Project: HR Portal
Date: 2026-11-25

## What went well
- The HR business partners joined every sprint review, so feedback came early.

## What didn't go well
- The identity provider team delivered single sign-on three weeks late, and UAT was squeezed.
"""
OA = """# OA系统升级项目复盘

**项目**：OA系统升级　**日期**：2026年11月20日
- **整理人：** 王小明

## 需要改进
- 电子签章供应商延期三周交付接口，压缩了集成测试时间。
"""
# benchmarks/extraction/docs/en-flutter-2.8-retrospective.md, a real retrospective's opening
FLUTTER = "# Flutter 2.8 Stable Retrospective\nDate: 16 December 2021\n\nFacilitator: Kevin Chisholm\n## Attendees\n1. Nuritzi Sanchez\n"


def test_header_lines_give_a_markdown_documents_project_and_date():
    doc = md(HR, "hr-portal-retro.md")
    assert (doc.project, doc.date) == ("HR Portal", date(2026, 11, 25))
    late = "The identity provider team delivered single sign-on three weeks late, and UAT was squeezed."
    assert ("went_wrong", late) in lessons(doc)


def test_markup_around_the_field_names_is_read_through():
    doc = md(OA, "oa.md")
    assert (doc.project, doc.date, doc.authors) == ("OA系统升级", date(2026, 11, 20), ["王小明"])
    assert md(FLUTTER, "flutter.md").date == date(2021, 12, 16)


def test_front_matter_wins_over_a_header_line():
    doc = md("---\nproject: HR\ndate: 2026-01-02\n---\n" + HR, "hr.md")
    assert (doc.project, doc.date) == ("HR", date(2026, 1, 2))
    assert md("---\ntitle: HR retro\n---\n" + HR, "hr.md").date == date(2026, 11, 25)  # a field it lacks is read
