"""Spelling variants folded before heading vocabulary is matched: typographic quotes and Traditional Chinese.

"What didn’t go so well" (a typographic apostrophe, as word processors and many Markdown editors type it) is the
heading "What didn't go so well"; "💬 結語", "問題", "經驗教訓", "結論", "結案報告" are the Traditional spellings of 结语,
问题, 经验教训, 结论, 结案报告. Every Traditional character that search folds (``kb.text.fold_traditional``, from
CC-CEDICT) is folded here too, so a rule's word reads the same in either script; the text stored is never changed.
"""

from __future__ import annotations

from kb.text import fold_traditional

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"'})
# 於 is written in Simplified names too, so search leaves it; in a rule's words ("對於", "由於") it is 于.
_YU = str.maketrans({"於": "于"})


def fold_variants(text: str) -> str:
    """The text with typographic quotes made plain and Traditional Chinese made Simplified, one character for one."""
    return fold_traditional(text.translate(_QUOTES)).translate(_YU)
