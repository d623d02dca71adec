"""A date stated in words with more after it — a time, a span, a place — is the document's date (a real sprint
retrospective's PDF says "Date: Dec 13, 2022 5:50 PM to 6:50 PM", and was uploaded with no date at all)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.metadata import parse_date
from ingest.source import RawFile
from ingest.text_doc import parse_text


@pytest.mark.parametrize(("value", "expected"), [
    ("Dec 13, 2022 5:50 PM to 6:50 PM", date(2022, 12, 13)),
    ("Dec. 13, 2022 (online)", date(2022, 12, 13)),
    ("December 18, 2024 ## Team Reflections", date(2024, 12, 18)),
    ("13 December 2022, 17:50", date(2022, 12, 13)),
    ("December 18, 2024", date(2024, 12, 18)),
    ("May 2023 plan", None),  # no day: not a date
    ("Decided 13, 2022", None),  # not a month
])
def test_a_date_in_words_is_read_from_the_start_of_a_value(value, expected):
    assert parse_date(value) == expected


def test_a_text_files_stated_date_with_its_time_is_its_date():
    text = ("Sprint Retrospective\nDate: Dec 13, 2022 5:50 PM to 6:50 PM\nPlace: Discord Call\n\n"
            "Things that went well:\n- Standups let the team see how far each task had got.\n")
    doc = parse_text(RawFile(data=text.encode(), default_key="sprint-retro.txt")).documents[0]
    assert doc.date == date(2022, 12, 13)
