"""Small text utilities used across packages: language detection, normalisation, hashing."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from kb.models import Language

# CJK Unified Ideographs (+ Extension A) and the compatibility block: what Chinese text is made of.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
MAX_TAG_LENGTH = 60  # characters of a tag's canonical form


def detect_language(text: str) -> Language:
    """Classify text as Chinese, English or mixed from its script.

    A Chinese character carries roughly as much meaning as two Latin letters, so letters are weighed
    by one half. Below 20% Chinese weight a text is English, above 80% Chinese, in between mixed.
    """
    sample = text[:200_000]
    han = len(_HAN.findall(sample))
    latin = len(_LATIN_LETTER.findall(sample)) / 2
    if han + latin == 0:
        return Language.EN
    share = han / (han + latin)
    if share >= 0.8:
        return Language.ZH
    if share <= 0.2:
        return Language.EN
    return Language.MIXED


def has_han(text: str) -> bool:
    """True if the text contains at least one Chinese character."""
    return _HAN.search(text) is not None


def strip_controls(text: str) -> str:
    """The text without control characters (NUL and the like, but not tabs or line breaks): no query means them,
    and HTML cannot carry them."""
    return _CONTROLS.sub("", text)


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def normalize_tag(name: str) -> str:
    """The canonical form of a tag name: NFKC, case-folded, single spaces, no surrounding '#'."""
    text = unicodedata.normalize("NFKC", name)
    text = normalize_space(text).strip("#").strip()
    return text.casefold()


def fit_tag(label: str, limit: int = MAX_TAG_LENGTH) -> str:
    """A tag label shortened, at a word boundary where there is one and marked with '…', so that its canonical
    form (``normalize_tag``) is at most ``limit`` characters; a label that fits is returned as it is."""
    if len(normalize_tag(label)) <= limit:
        return label
    text = normalize_space(unicodedata.normalize("NFKC", label)).strip("#").strip()
    cut = text[:limit - 3]  # the canonical form spells '…' as '...'
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    short = cut.rstrip(" ,;:-") + "…"
    while len(normalize_tag(short)) > limit:  # case folding can lengthen text (ß -> ss)
        short = short[:-2].rstrip() + "…"
    return short


def text_hash(text: str) -> str:
    """A stable hash of normalised text (whitespace and case differences do not count)."""
    return hashlib.sha1(normalize_space(text).casefold().encode("utf-8")).hexdigest()


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def truncate(text: str, width: int) -> str:
    """Cut text to at most ``width`` terminal columns, marking the cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


@functools.lru_cache(maxsize=50_000)
def sort_key(text: str) -> str:
    """A key that sorts Chinese by pinyin (as Chinese readers expect) among Latin text, case-insensitively."""
    if not has_han(text):
        return text.casefold()
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, errors="default")).casefold()
