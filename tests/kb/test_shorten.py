"""One way to cut a title or a tag short (``kb.text.shorten``): at a word, Chinese at a character, trimmed of trailing
punctuation, with "…". A register row's title was its text's first 80 characters, cut mid-word and unmarked."""

from __future__ import annotations

import pytest

from kb.text import fit_tag, shorten

VENDOR = ("Agree the vendor's interface specification in writing before the build starts, and review every change to "
          "the interface with both teams.")


@pytest.mark.parametrize(("text", "limit", "short"), [
    (VENDOR, 80, "Agree the vendor's interface specification in writing before the build starts…"),
    ("Short lessons are their own title.", 80, "Short lessons are their own title."),
    ("  Spaces\n and  lines   are one line.  ", 80, "Spaces and lines are one line."),
    ("接口规范要在开发开始前与供应商书面确认，" * 6, 80, ("接口规范要在开发开始前与供应商书面确认，" * 4)[:-1] + "…"),
    # Chinese with English terms: cut at a character, not back at the space before "hooks"
    ("我们发现团队成员对于 hooks 的理解程度参差不齐导致代码质量不稳定", 20, "我们发现团队成员对于 hooks 的理解…"),
    ("one two three four five six", 12, "one two…"),  # "three" would be split
    ("one two three four five six", 13, "one two three…"),  # the cut falls before a space: nothing split
    ("one, two three", 4, "one…"),  # the comma before the cut trimmed
    ("as the Phase 3 estimating baseline (Owner: PMO)", 36, "as the Phase 3 estimating baseline…"),  # a bracket
    ("测评延期 4 周（原因：等保测评排期）", 8, "测评延期 4 周…"),  # opened before the cut, with nothing in it
    ("reviewers' comments came late", 10, "reviewers'…"),  # an apostrophe is part of the word it ends
    ("Supercalifragilisticexpialidocious words", 10, "Supercalif…"),  # no space in the second half: a character
])
def test_text_is_cut_at_a_word_trimmed_and_marked(text, limit, short):
    assert shorten(text, limit) == short


def test_a_shortened_tag_keeps_its_canonical_length_loop():
    # "ß" folds to "ss": the shortened label is cut again until its canonical form fits
    label = fit_tag("ß" * 70, 60)
    assert label.endswith("…") and len(label.casefold().replace("…", "...")) <= 60
    assert fit_tag("Role of civil service technical staff versus contractor staff") == \
        "Role of civil service technical staff versus contractor…"
    assert fit_tag("staffing") == "staffing"


@pytest.mark.parametrize(("text", "limit", "short"), [
    ("Retro 👩‍💻👩‍💻 and more", 8, "Retro…"),  # 👩 and its joiner without 💻 were left before the "…"
    ("Retro 👩‍💻👩‍💻 and more", 9, "Retro 👩‍💻…"),
    ("Hello 🇨🇳🇨🇳 team", 7, "Hello…"),  # half a flag is another letter
    ("Mot cle\u0301s importants", 7, "Mot…"),  # a decomposed é is a letter of the word: not cut off its e
    ("Die Re\u0301sume\u0301s sind gut", 9, "Die Re\u0301su…"),  # no space in the second half: at a letter, whole
])
def test_a_character_of_several_code_points_is_never_cut(text, limit, short):
    assert shorten(text, limit) == short


def test_a_long_text_is_shortened_from_its_start_alone(monkeypatch):
    """Shortening a 2,000-character lesson to a line read every character of it for whole characters (70 a digest,
    160 digests a run); the same cut comes from the start alone, emoji, flags and accents at the cut included."""
    import kb.text

    calls = []
    real = kb.text._joins
    monkeypatch.setattr(kb.text, "_joins", lambda cluster, ch: calls.append(ch) or real(cluster, ch))
    assert shorten(VENDOR * 15, 80) == "Agree the vendor's interface specification in writing before the build starts…"
    assert len(calls) < 200
    monkeypatch.setattr(kb.text, "_joins", real)
    for tail in ("👩\u200d💻 and more", "🇨🇳🇨🇳 more", "e\u0301te\u0301 more", "x" * 70, "\u0301" * 100 + " more"):
        for start in range(70, 84):
            text = "a" * start + tail + " padding" * 30
            assert shorten(text, 80) == _shorten_reading_everything(text, 80), (start, tail)



def _shorten_reading_everything(text: str, limit: int) -> str:
    """``shorten`` as it was: the whole text read into clusters first."""
    import kb.text as module

    clusters = module.graphemes(module.normalize_space(text))
    kept, size = [], 0
    while size + len(clusters[len(kept)]) <= limit:
        size += len(clusters[len(kept)])
        kept.append(clusters[len(kept)])
    cut = "".join(kept)
    space = cut.rfind(" ")
    if kept and module.in_word(kept[-1][0]) and module.in_word(clusters[len(kept)][0]) and space >= limit // 2:
        cut = cut[:space]
    return (module._TRAILING.sub("", cut) or cut) + "…"
