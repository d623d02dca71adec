"""A value typed on the command line is quoted in an error cut to about 80 characters, never echoed whole."""

import pytest

from kb.text import VALUE_CHARS, shown_value

LONG = "k" * 5000
LONG_ZH = "中" * 3000


@pytest.mark.parametrize("args", [
    ("show", LONG), ("tag", "add", LONG, "x"), ("tag", "remove", LONG, "x"), ("tag", "rename", LONG_ZH, "y"),
    ("user", "disable", LONG), ("user", "enable", LONG), ("user", "role", LONG, "reader"), ("user", "tokens", LONG),
    ("user", "token", LONG), ("subscribers", "resume", LONG + "@example.com"),
    ("subscribers", "remove", LONG + "@example.com", "ann@example.com"), ("digest", "preview", "--period", LONG),
    ("lessons", "--since", LONG), ("lessons", "--tag", LONG_ZH), ("lessons", "--project", LONG),
])
def test_a_long_argument_is_cut_in_what_kb_says(kb, args):
    # kb show with a 5,000-character key said "no document with key '…'" in 5,062 characters
    kb("init")
    result = kb(*args, ok=False)
    said = result.output
    value = max(args, key=len)
    assert shown_value(value) in said and value[:VALUE_CHARS] not in said, said[:300]
    assert len(said) < 400, said[:300]


@pytest.mark.parametrize("text, shown", [
    ("abc", "abc"),
    ("x" * 80, "x" * 80),
    ("x" * 80 + "-the-end", "x" * 69 + "…" + "xx-the-end"),  # its start and its end
    ("中" * 100, "中" * 69 + "…" + "中" * 10),  # whole Chinese characters
    ("a" * 68 + "e\u0301\u0301" + "b" * 20, "a" * 68 + "…" + "b" * 10),  # an e is not split from its accents
    ("a" * 68 + "\ud83d\ude00" + "b" * 20, "a" * 68 + "…" + "b" * 10),  # nor the halves of a surrogate pair
    ("a" * 67 + "👩\u200d💻" + "b" * 20, "a" * 67 + "…" + "b" * 10),  # nor an emoji sequence
    ("a" * 60 + "👩\u200d💻" + "b" * 30, "a" * 60 + "👩\u200d💻" + "b" * 6 + "…" + "b" * 10),
    ("b" * 90 + "e\u0301\u0301" + "c" * 8, "b" * 69 + "…" + "c" * 8),  # the end starts at a whole character too
    ("b" * 90 + "\ud83d\ude00" + "c" * 9, "b" * 69 + "…" + "c" * 9),
])
def test_shown_value_keeps_whole_characters(text, shown):
    assert shown_value(text) == shown
    assert len(shown_value(text)) <= VALUE_CHARS


def test_shown_value_quotes_what_it_is_given_exactly():
    assert shown_value("  two  spaces ") == "  two  spaces "  # short values are not tidied: the message quotes them
    assert shown_value(12) == "12"
