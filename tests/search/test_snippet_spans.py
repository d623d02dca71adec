"""Match spans: a query's Chinese terms found at the places a term can begin are those of a lookahead tried at every
character; its other words mark their inflections, words the keyword index matches too, and no other words."""

import random
import re
import sqlite3

from search.segment import index_text, query_terms
from search.snippets import (
    _CJK,
    _LATIN_WORD,
    _candidate_words,
    _merge,
    _query_pattern,
    _without_stray_characters,
    make_snippet,
    match_spans,
)

WORDS = ["schedule", "schedules", "scheduled", "vendor", "vendors", "delivery", "delivered", "late", "test",
         "testing", "environment", "phase", "1", "10", "2024", "Q3", "risk", "risks", "KPI", "api", "c++", "x86",
         "Kelvin", "\u212aelvin", "\u017ftatus", "status", "İstanbul", "istanbul", "ıdle", "STRASSE", "straße",
         "测试环境", "没有准备好", "供应商", "交付延迟", "进度", "风险", "环境", "测试", "a中", "中a", "项目经理", "PM",
         "plan", "planet", "planned", "planning", "deliverables", "deliveries", "managed", "management", "Café"]
GLUE = [" ", "  ", ", ", ". ", "-", "/", "(", ")", "", "\n", "的", "和", "'", "_"]


def chinese_lookahead_spans(text: str, query: str) -> list[tuple[int, int]]:
    """The spans of the query's Chinese terms as found before: one lookahead pattern tried at every character."""
    terms = sorted({t for t in query_terms(query) if _CJK.search(t)}, key=len, reverse=True)
    if not terms:
        return []
    pattern = re.compile("(?=(" + "|".join(map(re.escape, terms)) + "))")
    return _without_stray_characters(text, _merge([m.span(1) for m in pattern.finditer(text)]))


def random_text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GLUE) for _ in range(words))


def _chinese(text: str, spans: list[tuple[int, int]]) -> list[int]:
    """The Chinese characters marked (a Chinese span and an inflection next to it merge into one span)."""
    return [i for start, end in spans for i in range(start, end) if _CJK.match(text[i])]


def test_chinese_spans_equal_the_lookahead_ones_on_random_texts_and_queries():
    rng = random.Random(16)
    for _ in range(1500):
        text = random_text(rng, rng.randint(0, 60))
        query = random_text(rng, rng.randint(1, 6))
        assert _chinese(text, match_spans(text, query)) == _chinese(text, chinese_lookahead_spans(text, query)), (
            text, query)


def fts5_matches(words: list[str], query_word: str) -> set[str]:
    """The words a real FTS5 table with the index's tokenizer finds for a query's word."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2')")
    conn.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", [(i, index_text(w)) for i, w in enumerate(words)])
    rows = conn.execute("SELECT rowid FROM t WHERE t MATCH ?", ['"' + query_word.replace('"', '""') + '"'])
    return {words[row[0]] for row in rows}


def test_every_marked_word_is_one_the_index_matches_on_random_texts_and_queries():
    rng = random.Random(19)
    latin = [w for w in WORDS if not _CJK.search(w) and query_terms(w)]
    for _ in range(300):
        text = random_text(rng, rng.randint(1, 30))
        query = rng.choice(latin)
        marked = {text[s:e] for s, e in match_spans(text, query) if not _CJK.match(text[s])}
        words = re.findall(r"[^\W_]+", re.sub(_CJK.pattern, " ", text))
        assert marked <= fts5_matches(words, query_terms(query)[0]), (text, query)


def test_spans_on_the_shipped_corpus_are_the_chinese_lookahead_ones_and_inflections():
    from pathlib import Path

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus").rglob("*.md"))[:40]]
    queries = ["vendor delivered late", "测试环境没有准备好", "schedule risk phase 1", "KPI 2024 Q3",
               "供应商交付延迟 risk", "requirements changed late in the project", "会议 workshop 预算"]
    assert texts
    for text in texts:
        flat = " ".join(text.split())
        for query in queries:
            spans = match_spans(flat, query)
            assert _chinese(flat, spans) == _chinese(flat, chinese_lookahead_spans(flat, query)), query
            stems = {t[:4] for t in query_terms(query) if not _CJK.search(t)}
            assert all(flat[s:e].lower()[:4] in stems or flat[s:e].isdigit() for s, e in spans
                       if not _CJK.match(flat[s])), query
            snippet, spans = make_snippet(text, query)
            assert all(snippet[s:e] for s, e in spans)


def _marked(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in match_spans(text, query)]


def test_a_short_word_marks_its_inflections_not_every_word_it_begins():
    # "pm" marked "PMP" and "key" marked "keyboard" in the PM walk's results (a term of one to three letters)
    assert _marked("PMP certified PMs and the PM", "pm") == ["PMs", "PM"]
    assert _marked("keyboard shortcuts, keyed in, key users, keys", "key") == ["keyed", "key", "keys"]
    assert _marked("the go-live, going, gone", "go") == ["go", "going"]


def test_a_longer_word_marks_its_inflections_not_the_longer_words_it_begins():
    # "deliver" marked "delivery" and "deliverables", "plan" "planet": every word the stem began
    assert _marked("delivered late; delivery dates; deliveries; deliverables; delivers", "deliver") == [
        "delivered", "delivers"]
    assert _marked("delivered late; delivery dates; deliveries; deliverables", "delivery") == [
        "delivery", "deliveries"]
    assert _marked("the planet; plans planned and planning", "plan") == ["plans", "planned", "planning"]
    assert _marked("managed by management; the manager", "managed") == ["managed"]  # one stem, "manag"
    # a word that looks like an inflection but that the index does not match (another stem) is not one
    assert _marked("feed the fees", "fee") == ["fees"]
    assert _marked("roles rolled back", "roles") == ["roles"]
    assert _marked("UAT测试环境 and UATs, 测试UAT", "UAT") == ["UAT", "UATs", "UAT"]  # it marked "UAT测试环境" whole
    assert _marked("vendor供应商 and vendors", "vendor") == ["vendor", "vendors"]
    assert _marked("Café and cafes", "cafe") == ["Café", "cafes"]  # the index drops diacritics


def test_chinese_marks_the_query_bigrams_wherever_they_stand():
    # the index holds Chinese as bigrams: 离职 is in 离职率, and 项目经理 marks its bigrams 项目 and 经理 apart
    assert _marked("核心员工离职率高，关键人员离职", "关键人员离职") == ["离职", "关键人员离职"]
    assert _marked("项目由经理审批，项目经理离职", "项目经理") == ["项目", "经理", "项目经理"]


FORMS = ["ＵＡＴ", "uat", "Ｄｅｌｉｖｅｒｅｄ", "deliver", "naïve", "NAIVE", "Über", "uber", "copies", "copy", "COPIED", "tries",
         "tried", "try", "ye", "eye", "eyes", "e", "STOPPED", "stopping", "stop", "Go", "goes", "İSTANBUL'S", "1", "12"]


def every_word_spans(text: str, query: str) -> list[tuple[int, int]]:
    """The words of a text that are forms of the query's other words, each word of the text looked at (as before the
    candidates were found by their prefixes)."""
    forms = _query_pattern(query)[1]
    return [m.span() for m in _LATIN_WORD.finditer(text) if forms.matches(m.group(0))]


def test_the_words_looked_at_are_every_form_the_whole_text_holds():
    # Only the words that begin with a query word's base (less a "y" or "e" an ending replaced) or hold a letter
    # beyond ASCII are looked up by stem (2,200 words a page at 100k chunks, 164 so): the same spans as every word.
    rng = random.Random(23)
    words = WORDS + FORMS
    compared = 0
    for _ in range(2500):
        text = "".join(rng.choice(words) + rng.choice(GLUE) for _ in range(rng.randint(0, 40)))
        query = "".join(rng.choice(words) + rng.choice(GLUE) for _ in range(rng.randint(1, 4)))
        patterns = _query_pattern(query)
        if patterns is None or not patterns[1]:
            continue
        forms, prefixes = patterns[1], patterns[2]
        found = [span for span in _candidate_words(text, prefixes) if forms.matches(text[span[0]:span[1]])]
        assert found == every_word_spans(text, query), (text, query)
        compared += 1
    assert compared > 2000


def test_forms_beyond_ascii_and_of_replaced_endings_are_marked():
    assert _marked("ＵＡＴ passed; UATs too", "uat") == ["ＵＡＴ", "UATs"]  # full-width: its key is "uat"
    assert _marked("copies were COPIED", "copy") == ["copies", "COPIED"]  # the base "copy" less its "y" begins them
    assert _marked("it was naïve, NAIVE", "naive") == ["naïve", "NAIVE"]
    assert _marked("İstanbul's copies were copied", "copy") == ["copies", "copied"]  # its lower case is longer
