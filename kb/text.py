"""Small text utilities used across packages: language detection, normalisation, hashing."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from kb.models import Language
from kb.traditional_table import SIMPLIFIED, TRADITIONAL

# What Chinese text is made of: the CJK Unified Ideographs with Extension A, the compatibility ideographs, and the
# Supplementary and Tertiary Ideographic Planes (Extensions B to H and the compatibility supplement, U+2F800-2FA1F:
# rare characters of names and places, 𠮷, 𩸽).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_HAN = re.compile(f"[{HAN}]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
# Invisible format characters that ride along with pasted text: the zero-width space, non-joiner and joiner, the word
# joiner and its invisible operators, the byte-order mark, the soft hyphen, the Mongolian vowel separator and the
# bidirectional marks, embeddings, overrides and isolates. They show nothing, yet split or reorder what the reader sees.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# What no one-line field (a name, an address) may hold: C0 (tabs and line breaks too), DEL, C1, and the Unicode line
# and paragraph separators. Any of them in an e-mail header either breaks it or lets a value add headers of its own.
_LINE_BREAKERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_FOLD = str.maketrans(TRADITIONAL, SIMPLIFIED)
_FOLDED = re.compile("[" + "".join(map(re.escape, sorted(set(TRADITIONAL)))) + "]")  # a character _FOLD writes otherwise
MAX_TAG_LENGTH = 60  # characters of a tag's canonical form


def detect_language(text: str) -> Language:
    """Classify text as Chinese, English or mixed from its script.

    A Chinese character carries roughly as much meaning as two Latin letters, so letters are weighed
    by one half. Below 20% Chinese weight a text is English, above 80% Chinese, in between mixed.
    """
    sample = text[:200_000]
    han = len(_HAN.findall(sample))
    return _by_chinese_share(han, han + len(_LATIN_LETTER.findall(sample)) / 2)


def _by_chinese_share(chinese: float, total: float) -> Language:
    """Chinese at 80% Chinese weight or more, English at 20% or less (or nothing to weigh), mixed in between."""
    share = chinese / total if total else 0.0
    if share >= 0.8:
        return Language.ZH
    if share <= 0.2:
        return Language.EN
    return Language.MIXED


def detect_prose_language(text: str) -> Language:
    """Classify a document's prose as Chinese, English or mixed, each line weighed whole.

    A line is Chinese when it has two Chinese characters or more and they weigh at least 20% of it (as
    ``detect_language`` weighs them): a Chinese sentence naming English terms ("Swiper轮播图冲突问题",
    "使用者ID (型態: string)") is Chinese prose, not half English. A line of Latin letters weighs as English when it
    reads as English words (a sentence, a heading, a term); one of code, a command or a log pasted as text
    weighs nothing (see ``_reads_as_words``). The document's share of Chinese lines, by weight, then decides
    as in ``detect_language``: 80% or more Chinese, 20% or less English, mixed in between (a document with
    Chinese and English paragraphs side by side). A short query is better read by ``detect_language``.
    """
    chinese = other = 0.0
    for line in text[:200_000].splitlines():
        han = len(_HAN.findall(line))
        weight = han + len(_LATIN_LETTER.findall(line)) / 2
        if han >= 2 and han >= 0.2 * weight:
            chinese += weight
        elif _reads_as_words(line):
            other += weight
    return _by_chinese_share(chinese, chinese + other)


# A word of prose: letters, perhaps capitalised, hyphened or with an apostrophe, in quotes or brackets, before a
# stop. "OnClickListener", "this.initSize", "voucher_id", "--save", "8'hb3" and "@vue/cli" are not.
_PLAIN_WORD = re.compile(r"^[(\"'“‘]?[A-Za-z][a-z]*(?:['’-][A-Za-z]+)*[)\"'”’,.!?:;]{0,2}$")
# Marks of code in a line whatever its words: a line ending in "{", "}" or ";" or opening with a brace, an assignment
# or a comparison, a comment ("public boolean onOptionsItemSelected(MenuItem item) {" is mostly words).
_CODE_LINE = re.compile(r"[{};]\s*$|^\s*[{}]|=|//|/\*|\*/")
PLAIN_SHARE = 0.6  # of a line's words, below which it is code, a command or a log line, not prose


def _reads_as_words(line: str) -> bool:
    """Whether a line without Chinese enough is English to a reader, not code, a command or a log: the
    code a Chinese developer pastes into a Word report as paragraphs ("private lateinit var iFragment:
    Array<Fragment?>"), SQL ("INSERT INTO aud_rejected (source_system, voucher_id, reject_reason)"), the error a
    pitfall note quotes ("Error getting access token from facebook.com, OAuth2 redirect uri is: ...")."""
    if _CODE_LINE.search(line):
        return False
    words = line.split()
    return bool(words) and sum(bool(_PLAIN_WORD.match(w)) for w in words) >= PLAIN_SHARE * len(words)


# What carries no words and can run to megabytes: a data: URI (an image pasted into a page), base64 on one line or
# wrapped in lines (MIME), and one character repeated (a rule, padding, 2,000,000 "&amp;" entities). All but the
# wrapped lines hide in an unbroken run of 100 characters or more, which ordinary text does not have: only those
# runs are examined, so ordinary text costs one quick scan.
_LONG_RUN = re.compile(r"(?<!\S)\S{100,}")
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+(?:=[\w.+-]*)?)*,[^\s\"'()<>]{64,}", re.IGNORECASE)
_BASE64_RUN = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{200,}={0,2}")
_BASE64_LINES = re.compile(r"(?:^[ \t]*(?=[^\n]*[A-Z])(?=[^\n]*[0-9])[A-Za-z0-9+/]{60,}={0,2}[ \t]*(?:\n|\Z)){3,}",
                           re.MULTILINE)
_REPEATED = re.compile(r"(\S)\1{99,}")


def drop_blobs(text: str) -> str:
    """The text without data: URIs and base64 blobs (each replaced by a space), and with any character repeated 100
    times or more cut to three: what no reader reads and no search finds, and what makes one unbroken "word" of
    megabytes. Ordinary text comes back unchanged."""
    if "\n" in text:
        text = _BASE64_LINES.sub(" ", text)
    return _LONG_RUN.sub(_clean_run, text)


def _clean_run(match: re.Match[str]) -> str:
    run = _DATA_URI.sub(" ", match.group(0))
    run = _BASE64_RUN.sub(_drop_if_base64, run)
    return _REPEATED.sub(lambda m: m.group(1) * 3, run)


def _drop_if_base64(match: re.Match[str]) -> str:
    """Base64 of binary data mixes capitals, small letters and digits throughout (about 40 %, 40 % and 16 %); a URL
    path such as ``com/segment/segment/...`` does not."""
    run = match.group(0)
    sample = run[:4096]
    upper = sum(c.isupper() for c in sample)
    digits = sum(c.isdigit() for c in sample)
    lower = len(sample) - upper - digits
    if min(upper, lower) >= len(sample) * 0.1 and digits >= len(sample) * 0.05:
        return " "
    return run


def has_words(text: str) -> bool:
    """True if the text holds a letter, digit or Chinese character: something to search for, not punctuation and
    symbols alone ("！？", "……", "---")."""
    return any(ch.isalnum() for ch in text)


def has_han(text: str) -> bool:
    """True if the text contains at least one Chinese character."""
    return _HAN.search(text) is not None


def fold_traditional(text: str) -> str:
    """The text with its Traditional Chinese characters written Simplified (測試環境 -> 测试环境), character for
    character, so a position in one is the same in the other. Only characters that are never Simplified themselves and
    have one Simplified form are folded (kb/traditional_table.py): no Simplified text changes (乾坤, 著名 stay).

    A text without such a character is returned as it is: found by one pattern, several times faster than
    ``translate``, which looks every character up in the table (a search folds each snippet's text, and an ingest
    each chunk's; BENCHMARKS.md, "The keyword leg at 100k (p-100k)")."""
    return text.translate(_FOLD) if not text.isascii() and _FOLDED.search(text) else text


def is_cjk(char: str) -> bool:
    """Whether a character belongs to the scripts written without spaces between words: CJK radicals and
    ideographs (the compatibility ones and those beyond U+FFFF too), kana, CJK punctuation and full-width forms
    ("经", "𠮷", "（", "，"). Two lines of such text, or a line and its continuation, join with no space between them.
    The empty string is not CJK."""
    return bool(char) and ("\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"
                           or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0003ffff")


def nocase(text: str) -> str:
    """Text folded as SQLite's ``COLLATE NOCASE`` compares it (ASCII letters only), so a comparison made in Python
    (the digest's projects of interest) agrees with one made in SQL (browse's project filter)."""
    return "".join(c.lower() if c.isascii() else c for c in text)


def strip_controls(text: str) -> str:
    """The text without control characters (NUL and the like, but not tabs or line breaks): no query means them,
    and HTML cannot carry them."""
    return _CONTROLS.sub("", text)


def clean_query(text: str) -> str:
    """A query as typed, without control characters or invisible format characters (a zero-width space pasted in,
    a byte-order mark) and without surrounding whitespace: what the reader sees is what is searched and echoed."""
    return _INVISIBLE.sub("", strip_controls(text)).strip()


def has_line_breakers(text: str) -> bool:
    """True if the text holds a control character (tab and line breaks included) or a Unicode line or paragraph
    separator: nothing a one-line field such as a name or an e-mail address may contain."""
    return _LINE_BREAKERS.search(text) is not None


def one_line(text: str) -> str:
    """The text with every control character and line separator replaced by a space, runs of spaces collapsed."""
    return normalize_space(_LINE_BREAKERS.sub(" ", text))


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def normalize_tag(name: str) -> str:
    """The canonical form of a tag name: NFKC, case-folded, single spaces, no surrounding '#'."""
    text = unicodedata.normalize("NFKC", name)
    text = normalize_space(text).strip("#").strip()
    return text.casefold()


def tag_label(label: str) -> str:
    """A tag as shown: NFKC (the full-width ＳＡＰ and ２０２４ of Chinese input methods become SAP and 2024), single
    spaces, no surrounding '#', case kept. The '…' that marks a shortened label (``fit_tag``) stays one character."""
    text = "…".join(unicodedata.normalize("NFKC", part) for part in label.split("…"))
    return normalize_space(text).strip("#").strip()


_TOPIC_QUOTES = "\"'“”‘’「」 "
MAX_TOPIC_LENGTH = 100  # characters: a longer query is pasted text rather than a topic, and is not counted


def search_topic(query: str) -> str:
    """A search as the popular-topics count keeps it: NFKC, case-folded, one line, single spaces, without
    surrounding quotes; "" for a query longer than ``MAX_TOPIC_LENGTH`` (or empty)."""
    text = one_line(unicodedata.normalize("NFKC", query)).strip(_TOPIC_QUOTES).casefold()
    return text if len(text) <= MAX_TOPIC_LENGTH else ""


PASTED_EXCERPT = 60  # characters of a pasted text's opening that the search log keeps


def logged_query(query: str) -> tuple[str, int | None]:
    """A search as the search log keeps it, and the length of a pasted text (None for a typed query). A query longer
    than ``MAX_TOPIC_LENGTH`` is pasted text (a lesson, a section of a report, perhaps a confidential one): its first
    ``PASTED_EXCERPT`` characters, "…" marking the cut, are enough for a curator reading the digest's searches that
    found nothing to tell what it was about (its first 500 were kept, shown whole there and searched again from its
    link as if typed)."""
    if len(query) <= MAX_TOPIC_LENGTH:
        return query, None
    return shorten(query, PASTED_EXCERPT), len(query)


def typed_topic(query: str) -> str:
    """A search as the popular topics show it: as typed (its case, its full-width letters), on one line with single
    spaces and without surrounding quotes; its ``search_topic`` is what it is counted under."""
    return one_line(query).strip(_TOPIC_QUOTES)


def fit_tag(label: str, limit: int = MAX_TAG_LENGTH) -> str:
    """A tag label shortened (``shorten``) so that its canonical form (``normalize_tag``) is at most ``limit``
    characters; a label that fits is returned as it is."""
    if len(normalize_tag(label)) <= limit:
        return label
    text = normalize_space(unicodedata.normalize("NFKC", label)).strip("#").strip()
    short = shorten(text, limit - 3)  # the canonical form spells '…' as '...'
    while len(normalize_tag(short)) > limit:  # case folding can lengthen text (ß -> ss)
        short = short[:-2].rstrip() + "…"
    return short


TITLE_CHARS = 80  # characters of a title made from the start of a text (a register row's, a recorded lesson's)
_TRAILING = re.compile(r"[\s,;:，、；：。.!?！？\-–—(\[{（【「『《“‘]+$")  # and brackets opened before the cut


def shorten(text: str, limit: int = TITLE_CHARS) -> str:
    """Text on one line, and when it is longer than ``limit`` characters its start with "…".

    The cut falls at the last space when it would split a word and that space is in the second half (Chinese,
    written without spaces, and a word longer than half the limit are cut at a character); spaces and punctuation
    before the "…" are trimmed. At most ``limit`` characters come before the "…".
    """
    text = normalize_space(text)
    if len(text) <= limit:
        return text
    kept, size = [], 0  # whole characters (graphemes: 👩‍💻, a decomposed é) of at most ``limit`` code points
    # Clusters of the start alone (where one ends depends only on what comes before it): the cluster holding the
    # code point after the limit is never kept, cut short or not. Reading a 2,000-character lesson whole to shorten
    # it to a line made text.py the most of a digest run's time (70 lessons a digest, 160 digests).
    clusters = graphemes(text[:limit + 1])
    while size + len(clusters[len(kept)]) <= limit:
        size += len(clusters[len(kept)])
        kept.append(clusters[len(kept)])
    cut = "".join(kept)
    space = cut.rfind(" ")
    if kept and in_word(kept[-1][0]) and in_word(clusters[len(kept)][0]) and space >= limit // 2:
        cut = cut[:space]
    return trim_cut(cut) + "…"


VALUE_CHARS = 80  # characters of a user-given value an error message quotes
VALUE_TAIL = 10  # of which its last ones, kept after the "…" (keys and names often differ at the end: …-2025, …-2026)


def shown_value(value: object, limit: int = VALUE_CHARS) -> str:
    """A value the user gave (a key, a tag, a user name, an address) as an error message quotes it: whole when it is
    at most ``limit`` characters, else its start, "…" and its last ``VALUE_TAIL`` characters; the web's messages
    cut theirs with it (web.error_text.shorten_values). The cuts keep whole characters (graphemes: a letter with its
    combining marks, an emoji sequence, a surrogate pair). A 5,000-character key was echoed whole in "no document
    with key '…'"."""
    text = str(value)
    if len(text) <= limit:
        return text
    room = limit - 1 - VALUE_TAIL
    clusters = graphemes(text[:room + 1])  # where a cluster ends depends only on what comes before it
    kept, size = [], 0
    while size + len(clusters[len(kept)]) <= room:
        size += len(clusters[len(kept)])
        kept.append(clusters[len(kept)])
    tail = text[-VALUE_TAIL:]
    while tail and (_joins("a", tail[0]) or 0xDC00 <= ord(tail[0]) <= 0xDFFF):  # no mark without its letter
        tail = tail[1:]
    return "".join(kept) + "…" + tail


def trim_cut(text: str) -> str:
    """The start of a text cut short, without the spaces, punctuation and opened brackets at its end (what goes
    before a "…"); the text itself when it is nothing else."""
    return _TRAILING.sub("", text) or text


def title_repeats(title: str | None, text: str | None) -> bool:
    """Whether a title says nothing but the start of a text: a lesson recorded without a title of its own, titled
    with its text (cut short with "…"), which a list would show twice in a row, once as its document's title."""
    if not title or not text:
        return False
    title, text = normalize_space(title), normalize_space(text)
    return title == text or (title.endswith("…") and text.startswith(title[:-1]))


def in_word(ch: str) -> bool:
    """Whether a character belongs to a word written between spaces (a letter, a digit or an apostrophe that is not
    a wide, CJK, character): a text may be cut before or after a wide character, not between two such."""
    return (ch.isalnum() or ch in "'’") and unicodedata.east_asian_width(ch) not in "WF"


def text_hash(text: str) -> str:
    """A stable hash of normalised text (whitespace and case differences do not count)."""
    return hashlib.sha1(normalize_space(text).casefold().encode("utf-8")).hexdigest()


def display_width(text: str) -> int:
    """Columns a string takes in a terminal, a grapheme cluster (``graphemes``) at a time: wide (CJK) characters
    count two, and so does an emoji however it is composed (👩‍💻, 👍🏽, 🇨🇳, ❤️); combining marks (the accent of a
    decomposed é) and format characters (a zero-width space) count none."""
    if text.isascii():
        return len(text)
    return sum(map(_cluster_width, graphemes(text)))


def graphemes(text: str) -> list[str]:
    """The text's grapheme clusters, what a reader takes for one character each (Unicode's extended clusters,
    UAX #29, for what tables hold): a letter with its combining marks, an emoji with its skin tone, variation
    selector and zero-width-joined parts (👩‍💻), a flag's two regional indicators (🇨🇳) or its tag characters."""
    clusters: list[str] = []
    for ch in text:
        if clusters and _joins(clusters[-1], ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


_REGIONAL = ("🇦", "🇿")  # the regional indicators, 🇦 to 🇿: two of them make a flag


def _joins(cluster: str, ch: str) -> bool:
    """Whether ch continues the cluster before it, rather than starting one."""
    code = ord(ch)
    if (unicodedata.category(ch) in ("Mn", "Me", "Mc") or ch in "\u200c\u200d"
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F  # tags: the flags of England, Scotland, Wales
            or 0x1160 <= code <= 0x11FF):  # conjoining Hangul vowels and finals
        return True  # (the variation selectors, U+FE0E and U+FE0F, are Mn)
    if 0xDC00 <= code <= 0xDFFF and 0xD800 <= ord(cluster[-1]) <= 0xDBFF:
        return True  # a low surrogate after a high one: the two halves of one character (as UTF-16 writes it)
    if cluster[-1] == "\u200d":  # a joiner joins the next emoji to the one before
        return unicodedata.category(ch) == "So" and unicodedata.category(cluster[0]) == "So"
    if _REGIONAL[0] <= ch <= _REGIONAL[1]:  # the second of a pair, not a third
        return sum(_REGIONAL[0] <= c <= _REGIONAL[1] for c in cluster) % 2 == 1
    return False


def _cluster_width(cluster: str) -> int:
    """A wide first character, a flag or emoji presentation (VS16, U+FE0F: ❤️, 1️⃣) takes two columns, whatever
    joins it; otherwise each character's own width (a spacing mark takes its column)."""
    if _char_width(cluster[0]) == 2 or "\ufe0f" in cluster or _is_flag(cluster):
        return 2
    return sum(map(_char_width, cluster))


def _is_flag(cluster: str) -> bool:
    return len(cluster) == 2 and all(_REGIONAL[0] <= c <= _REGIONAL[1] for c in cluster)


def _char_width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def truncate(text: str, width: int) -> str:
    """Cut text to at most ``width`` terminal columns, marking the cut with an ellipsis; the cut falls between
    grapheme clusters, never inside one (a letter keeps its accents, an emoji sequence or a flag stays whole or
    goes)."""
    if display_width(text) <= width:
        return text
    out, used = [], 0
    for cluster in graphemes(text):
        w = _cluster_width(cluster)
        if used + w > width - 1:
            break
        out.append(cluster)
        used += w
    return "".join(out) + "…"


@functools.lru_cache(maxsize=50_000)
def sort_key(text: str) -> str:
    """A key that sorts Chinese by pinyin (as Chinese readers expect) among Latin text, case-insensitively."""
    if not has_han(text):
        return text.casefold()
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, errors="default")).casefold()
