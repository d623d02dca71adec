"""kb/text.py: the columns a string takes in a terminal, and cutting it between what a reader sees as characters."""

import pytest

from kb.display import table
from kb.text import display_width, graphemes, truncate

# Each one character to a reader, two columns in a terminal (as xterm, GNOME Terminal, iTerm2 and Windows Terminal
# draw them); a cut inside one leaves a lone woman before the "…", an unflagged letter, a yellow hand or a text heart.
EMOJI = {
    "ZWJ sequence": "👩\u200d💻",
    "family": "👨\u200d👩\u200d👧\u200d👦",
    "flag": "🇨🇳",
    "skin tone": "👍🏽",
    "skin tone in a ZWJ sequence": "👩🏽\u200d💻",
    "VS16": "❤\ufe0f",
    "keycap": "1\ufe0f\u20e3",
    "subdivision flag": "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
}


@pytest.mark.parametrize("name", EMOJI)
def test_an_emoji_is_one_grapheme_of_two_columns(name):
    emoji = EMOJI[name]
    assert graphemes(f"团队{emoji}ok") == ["团", "队", emoji, "o", "k"]
    assert display_width(emoji) == 2 and display_width(f"团队{emoji}ok") == 8


@pytest.mark.parametrize("name", EMOJI)
def test_a_cut_never_falls_inside_an_emoji(name):
    emoji = EMOJI[name]
    text = f"上线{emoji}{emoji}顺利"  # 12 columns
    assert [truncate(text, w) for w in range(5, 12)] == [
        "上线…", "上线…", f"上线{emoji}…", f"上线{emoji}…", f"上线{emoji}{emoji}…", f"上线{emoji}{emoji}…",
        f"上线{emoji}{emoji}顺…"]
    assert all(display_width(truncate(text, w)) <= w for w in range(1, 14))


def test_flags_pair_their_regional_indicators_two_by_two():
    assert graphemes("🇨🇳🇯🇵🇺") == ["🇨🇳", "🇯🇵", "🇺"]  # a third indicator starts a new (unpaired) one
    assert display_width("🇨🇳🇯🇵") == 4


def test_text_presentation_and_accents_keep_their_width():
    assert display_width("❤\ufe0e") == 1  # VS15 asks for the one-column text heart
    assert graphemes("Cafe\u0301") == ["C", "a", "f", "e\u0301"] and display_width("Cafe\u0301") == 4
    assert graphemes("\u1112\u1161\u11ab") == ["\u1112\u1161\u11ab"] and display_width("\u1112\u1161\u11ab") == 2
    assert display_width("a\u200bb") == 2 and display_width("plain ASCII") == 11


def test_a_table_with_emoji_in_a_cell_stays_aligned():
    rows = [["1", "👩\u200d💻 交付团队 🇨🇳", "went_wrong"], ["2", "Data platform", "lesson"]]
    lines = table(rows, ["id", "project", "kind"]).splitlines()
    assert lines[2] == "1   👩\u200d💻 交付团队 🇨🇳  went_wrong"  # 14 columns: "Data platform" (13) padded by 1
    assert lines[3] == "2   Data platform   lesson"
    assert table([["1", "x", "👍🏽👍🏽 fine"]], ["id", "k", "text"], max_widths=[2, 2, 4]).splitlines()[2] == "1   x  👍🏽…"
