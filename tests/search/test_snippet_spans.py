"""Match spans found at the places a term can begin are those of a lookahead tried at every character."""

import random
import re

from search.segment import query_terms
from search.snippets import _merge, _source, _without_stray_characters, make_snippet, match_spans

WORDS = ["schedule", "schedules", "scheduled", "vendor", "vendors", "delivery", "delivered", "late", "test",
         "testing", "environment", "phase", "1", "10", "2024", "Q3", "risk", "risks", "KPI", "api", "c++", "x86",
         "Kelvin", "\u212aelvin", "\u017ftatus", "status", "İstanbul", "istanbul", "ıdle", "STRASSE", "straße",
         "测试环境", "没有准备好", "供应商", "交付延迟", "进度", "风险", "环境", "测试", "a中", "中a", "项目经理", "PM"]
GLUE = [" ", "  ", ", ", ". ", "-", "/", "(", ")", "", "\n", "的", "和", "'", "_"]


def lookahead_spans(text: str, query: str) -> list[tuple[int, int]]:
    """The spans as found before: one lookahead pattern tried at every character."""
    sources = sorted({_source(term) for term in query_terms(query)}, key=len, reverse=True)
    if not sources:
        return []
    pattern = re.compile("(?=(" + "|".join(sources) + "))", re.IGNORECASE)
    return _without_stray_characters(text, _merge([m.span(1) for m in pattern.finditer(text)]))


def random_text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(WORDS) + rng.choice(GLUE) for _ in range(words))


def test_spans_equal_the_lookahead_ones_on_random_texts_and_queries():
    rng = random.Random(16)
    for _ in range(1500):
        text = random_text(rng, rng.randint(0, 60))
        query = random_text(rng, rng.randint(1, 6))
        assert match_spans(text, query) == lookahead_spans(text, query), (text, query)


def test_spans_equal_the_lookahead_ones_on_the_shipped_corpus():
    from pathlib import Path

    texts = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus").rglob("*.md"))[:40]]
    queries = ["vendor delivered late", "测试环境没有准备好", "schedule risk phase 1", "KPI 2024 Q3",
               "供应商交付延迟 risk", "requirements changed late in the project", "会议 workshop 预算"]
    assert texts
    for text in texts:
        flat = " ".join(text.split())
        for query in queries:
            assert match_spans(flat, query) == lookahead_spans(flat, query), query
            snippet, spans = make_snippet(text, query)
            assert all(snippet[s:e] for s, e in spans)


def _marked(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in match_spans(text, query)]


def test_a_short_word_marks_its_inflections_not_every_word_it_begins():
    # "pm" marked "PMP" and "key" marked "keyboard" in the PM walk's results (a term of one to three letters)
    assert _marked("PMP certified PMs and the PM", "pm") == ["PMs", "PM"]
    assert _marked("keyboard shortcuts, keyed in, key users, keys", "key") == ["keyed", "key", "keys"]
    assert _marked("the go-live, going, gone", "go") == ["go", "going"]


def test_a_longer_stem_still_marks_the_words_it_begins_and_never_the_chinese_after_it():
    assert _marked("delivered late; delivery dates; deliveries; deliverables", "deliver") == [
        "delivered", "delivery", "deliveries", "deliverables"]
    assert _marked("UAT测试环境 and UATs", "UAT") == ["UAT", "UATs"]  # it marked "UAT测试环境" whole
    assert _marked("vendor供应商 and vendors", "vendor") == ["vendor", "vendors"]
