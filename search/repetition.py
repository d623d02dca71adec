"""A text that says one short thing over and over: what it means is no evidence that anything is relevant to it.

A run of one letter or syllable ("x" × 2,000, "ab " × 666) embeds near every chunk alike: over the shipped corpus its
best cosine (0.243, 0.238) cleared the relevance floor's gate (0.22) and the first 40 chunks lay within the floor's
margin of it, so the floor counted the semantic leg's whole list, 30 documents, as relevant (BENCHMARKS.md,
"Degenerate long queries", "s-item2"). What such a text carries is its unit, said once: it holds few distinct
character trigrams (``UNIT`` or fewer: those of a word of a dozen letters), and each of them many times (``REPEATS``
on average or more). Real queries are far from both: among the 1,300 queries and probes measured (corpus/eval,
corpus/eval-dev, llis-known-dev, lcqmc-dev, the off-topic and on-topic probes) the most repetitive repeats its
trigrams 2.3 times on average, with 641 distinct; a 10,000-character English document 6.1 times, with 1,642 distinct;
"test test failure" 1.25 times, 测试环境测试数据测试报告 once.
"""

from __future__ import annotations

import re

UNIT = 12  # at most this many distinct character trigrams: a short unit (a word of a dozen letters and its space)
REPEATS = 8  # ... each occurring this many times or more on average: said over and over
_SPACE = re.compile(r"\s+")


def is_repetition(text: str) -> bool:
    """Whether ``text`` repeats one short unit over and over (module docstring): its character trigrams, its case
    folded and its spaces as one, are ``UNIT`` or fewer distinct, each ``REPEATS`` times or more on average."""
    folded = _SPACE.sub(" ", text.casefold()).strip()
    trigrams = len(folded) - 2
    # a trigram ends at each character after the first two: more distinct characters than UNIT + 2, more trigrams
    if trigrams < REPEATS or len(set(folded)) > UNIT + 2:
        return False
    distinct = len({folded[i:i + 3] for i in range(trigrams)})
    return distinct <= UNIT and trigrams >= REPEATS * distinct


__all__ = ["REPEATS", "UNIT", "is_repetition"]
