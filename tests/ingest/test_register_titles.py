"""A register row without a title, and a table lesson titled by its row's first cell, are titled with the start of
their text cut at a word with "…" (``kb.text.shorten``), as a lesson recorded in the web UI is. It was the first 80
characters: "… before the build starts, and review ev", a word split and no sign that it goes on."""

from __future__ import annotations

import pytest

from ingest.markdown_doc import parse_markdown
from ingest.register import parse_csv
from ingest.source import RawFile

VENDOR = ("Agree the vendor's interface specification in writing before the build starts, and review every change to "
          "the interface with both teams.")
ZH = "接口规范要在开发开始前与供应商书面确认，" * 6


@pytest.mark.parametrize(("lesson", "title"), [
    (VENDOR, "Agree the vendor's interface specification in writing before the build starts…"),
    (ZH, ZH[:79] + "…"),  # at a character, the comma before the cut trimmed
    ("Short lessons are their own title.", "Short lessons are their own title."),
])
def test_a_register_row_without_a_title_is_titled_with_its_text_cut_at_a_word(lesson, title):
    text = f'id,lesson\n1,"{lesson}"\n'
    doc = parse_csv(RawFile(data=text.encode("utf-8"), default_key="pmo/register.csv")).documents[0]
    assert doc.title == title
    assert doc.raw_text.startswith(f"{title}\n\n")  # what the chunks' context reads (search/chunks.py)


def test_a_register_rows_own_title_is_kept_whole():
    text = f'id,title,lesson\n1,"{VENDOR}","{VENDOR}"\n'
    doc = parse_csv(RawFile(data=text.encode("utf-8"), default_key="pmo/register.csv")).documents[0]
    assert doc.title == VENDOR


def test_a_table_lesson_titled_by_a_long_first_cell_is_cut_at_a_word():
    md = ("# Release retro\n\n## Issues\n\n| Symptom | Cause | Resolution |\n|---|---|---|\n"
          "| The staging database was wiped twice during the release week, and the testers lost their data "
          "| Cleanup job pointed at the wrong host | Give the cleanup job its own host |\n")
    doc = parse_markdown(RawFile(data=md.encode("utf-8"), default_key="retro.md")).documents[0]
    assert [lesson.title for lesson in doc.lessons] == [
        "The staging database was wiped twice during the release week, and the testers…"]
