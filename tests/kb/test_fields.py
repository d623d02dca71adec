"""Text fields people type (kb.fields), and the CLI refusing what no tag means (issue 15, item 12)."""

from __future__ import annotations

import json

import pytest

from ingest import ingest
from kb.cli import cli
from kb.errors import InvalidInput
from kb.fields import text_field
from kb.store import Store


@pytest.mark.parametrize("value, multiline, words", [
    ({"x": 1}, False, "'f' must be text, not an object"),
    (3, True, "must be text, not a number"),
    (False, False, "must be text, not true/false"),
    ("a\ud800", False, "lone UTF-16 surrogate"),
    ("a\x00", True, "control character (U+0000)"),
    ("a\nb", False, "control character (U+000A)"),
    ("a\x85", True, "control character (U+0085)"),
    ("x" * 11, False, "a text of 11 characters, longer than the 10 allowed"),
])
def test_text_field_refuses_naming_the_field(value, multiline, words):
    with pytest.raises(InvalidInput, match="'f'") as caught:
        text_field(value, "f", limit=10, multiline=multiline)
    assert words in str(caught.value)


@pytest.mark.parametrize("value, multiline, expected", [
    (None, False, None), ("  tag\tname ", False, "tag\tname"), ("line 1\r\nline 2", True, "line 1\r\nline 2"),
    ("供应商 🙂", False, "供应商 🙂"),
])
def test_text_field_accepts_plain_text(value, multiline, expected):
    assert text_field(value, "f", limit=20, multiline=multiline) == expected


# A trailing line break is space around a name, taken off as the web's tag field takes it off (tag_list); one inside a name is
# a control character
@pytest.mark.parametrize("name, words", [("a\x00b", "control character"), ("\udcff", "is not UTF-8 text (bytes ff)"),
                                         ("x\ny", "control character")])
def test_cli_tag_add_refuses_nul_and_undecodable_names(runner, tmp_path, name, words):
    db = tmp_path / "kb.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\nid: a\n---\n# A\n\n## Lessons learned\n- One.\n", encoding="utf-8")
    with Store(db) as store:
        ingest(store, [docs])
    result = runner.invoke(cli, ["--db", str(db), "tag", "add", "a", name])
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert json.loads(runner.invoke(cli, ["--db", str(db), "tag", "list", "--json"]).output) == []


# ---- dates as people type them (kb.fields.date_field / datetime_field) ------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("2026-10-15", "2026-10-15"),
    ("2026/10/15", "2026-10-15"),
    ("2026.10.15", "2026-10-15"),
    ("2026-3-1", "2026-03-01"),
    ("2026/3/1", "2026-03-01"),
    ("2026年10月15日", "2026-10-15"),
    ("2026年3月1号", "2026-03-01"),
    ("2026 年 3 月 1 日", "2026-03-01"),
    ("２０２６／１０／１５", "2026-10-15"),  # full-width, as a Chinese input method types it
    ("  2024/2/29 ", "2024-02-29"),
    ("", None),
    (None, None),
])
def test_a_date_typed_any_common_way_is_stored_iso(typed, stored):
    from kb.fields import date_field

    assert date_field(typed, "date") == stored


@pytest.mark.parametrize("typed", ["2026/10-15", "15/10/2026", "10/15/2026", "26-10-15", "2026年10月", "2026-10-15 14:30",
                                   "tomorrow", "2026101"])
def test_a_date_that_is_not_one_is_refused_naming_the_field(typed):
    from kb.fields import date_field

    with pytest.raises(InvalidInput) as caught:
        date_field(typed, "date")
    assert str(caught.value) == f"'date' is invalid: '{typed}' is not a date; use YYYY-MM-DD (like 2025-01-31)"


@pytest.mark.parametrize("typed", ["2026-02-30", "2026/13/01", "2025-02-29", "2026-00-10", "２０２６年２月３０日"])
def test_a_day_that_does_not_exist_is_refused_saying_so(typed):
    """Before: "'date' must be a date like 2025-01-31", and in Chinese 日期必须是日期, for a day that is well formed."""
    from kb.fields import date_field

    with pytest.raises(InvalidInput) as caught:
        date_field(typed, "date")
    assert str(caught.value) == f"'date' is invalid: '{typed}' does not exist; use YYYY-MM-DD"


@pytest.mark.parametrize("typed, since, until", [
    ("2025-01", "2025-01-01", "2025-01-31"),
    ("2025/1", "2025-01-01", "2025-01-31"),
    ("2025.12", "2025-12-01", "2025-12-31"),
    ("2025年1月", "2025-01-01", "2025-01-31"),
    ("2024年2月份", "2024-02-01", "2024-02-29"),  # a leap year's February
    ("２０２５年２月", "2025-02-01", "2025-02-28"),
    ("2025-04", "2025-04-01", "2025-04-30"),
    ("2025年1月31日", "2025-01-31", "2025-01-31"),  # a day is that day, either way
    ("", None, None),
])
def test_a_month_bounds_a_period_from_its_first_day_to_its_last(typed, since, until):
    # --since 2025-01 and --since 2025年1月 were refused: "is not a date" (c-left2)
    from kb.fields import bound_field

    assert (bound_field(typed, "since"), bound_field(typed, "until", last=True)) == (since, until)


@pytest.mark.parametrize("typed, said", [("2025-13", "does not exist; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or 2025-01)"),
                                         ("2025年0月", "does not exist; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or 2025-01)"),
                                         ("2026-02-30", "does not exist; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or 2025-01)"),
                                         ("2025-1-", "is not a date or a month; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or 2025-01)")])
def test_a_month_that_is_not_one_is_refused_as_a_day_is(typed, said):
    """Said with the month it takes too: "use YYYY-MM-DD" alone hid that 2025-01 is taken (u-left2)."""
    from kb.fields import bound_field

    with pytest.raises(InvalidInput) as caught:
        bound_field(typed, "until", last=True)
    assert str(caught.value) == f"'until' is invalid: '{typed}' {said}"


@pytest.mark.parametrize("typed, stored", [
    ("2026-12-15 14:30", "2026-12-15T14:30"),
    ("2026-12-15T14:30", "2026-12-15T14:30"),
    ("2026-12-15 14:30:59", "2026-12-15T14:30"),
    ("2026/12/15 14:30", "2026-12-15T14:30"),
    ("2026.12.15 9:05", "2026-12-15T09:05"),
    ("2026年12月15日 14:30", "2026-12-15T14:30"),
    ("2026年12月15日14时30分", "2026-12-15T14:30"),
    ("2026年12月15日 14点30分", "2026-12-15T14:30"),
    ("2026年12月15日 14时", "2026-12-15T14:00"),
    ("２０２６－１２－１５　１４：３０", "2026-12-15T14:30"),
    ("2026/12/15", "2026-12-15"),  # a day without a time stays a day
    ("", None),
])
def test_a_date_and_time_typed_any_common_way_is_stored_iso(typed, stored):
    from kb.fields import datetime_field

    assert datetime_field(typed, "scheduled_at") == stored


@pytest.mark.parametrize("typed", ["2026-12-1514:30", "2026-12-15 2pm", "14:30", "next Tuesday"])
def test_a_date_and_time_that_is_not_one_is_refused_quoting_it(typed):
    from kb.fields import datetime_field

    with pytest.raises(InvalidInput) as caught:
        datetime_field(typed, "scheduled_at")
    assert str(caught.value) == (f"'scheduled_at': '{typed}' is not a date and time (use YYYY-MM-DD HH:MM, or YYYY-MM-DD "
                                 "for the day alone)")  # a date alone is taken too (u-left2)


@pytest.mark.parametrize("typed", ["2026-02-30 14:30", "2026/13/01 10:00", "2026-12-15 24:00", "2026-12-15 14:60",
                                   "2026/12/15 14时61分", "2026-02-30"])
def test_a_date_and_time_that_does_not_exist_is_refused_saying_so(typed):
    from kb.fields import datetime_field

    with pytest.raises(InvalidInput) as caught:
        datetime_field(typed, "scheduled_at")
    assert str(caught.value) == f"'scheduled_at' is invalid: '{typed}' does not exist; use YYYY-MM-DD HH:MM"
