"""The tests' PDF maker: the small CJK font new_pdf draws with, and the characters it does not have."""

from __future__ import annotations

import pytest

from tests.ingest.office_files import new_pdf, pdf_characters, pdf_line, small_font


def test_a_character_only_the_full_face_has_fails_named_rather_than_vanishing():
    """fpdf2 drops a character its font has no glyph for: one the small font lacks and Noto CJK has must not
    vanish from a test's PDF. (Made here, not written: a character in a test file is in the small font.)"""
    full_only = small_font("B")[1]
    missing = chr(min(code for code in full_only if code > 0x4E00))
    pdf = new_pdf()
    pdf_line(pdf, "项目复盘")
    with pytest.raises(AssertionError, match=f"U\\+{ord(missing):04X}.*not in the tests' small CJK font"):
        pdf_line(pdf, f"复盘{missing}结论", bold=True)


def test_the_small_font_has_the_tests_characters_and_the_common_hanzi():
    full_only = small_font()[1]
    assert not {ord(char) for char in pdf_characters()} & full_only
    assert {"经", "验", "教", "训", "，", "。", "é", "Ａ"} <= set(pdf_characters())
    assert len(pdf_characters()) > 3755
