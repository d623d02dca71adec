"""benchmarks/spelling_bench.py's misspellings: one edit in each word of four letters or more, seeded."""

from __future__ import annotations

import random

from benchmarks.spelling_bench import misspelt
from search.spelling import edit_distance

TEXT = "The vendor delivered the interface late, 供应商 five weeks"


def test_each_long_word_gets_exactly_one_edit_and_short_words_none():
    for seed in range(30):
        typo = misspelt(TEXT, random.Random(seed))
        before, after = TEXT.split(), typo.split()
        assert len(before) == len(after)
        for word, changed in zip(before, after):
            letters = word.rstrip(",")
            if len(letters) >= 4 and letters.isascii():
                assert edit_distance(letters.lower(), changed.rstrip(",").lower(), 5) == 1, (seed, word, changed)
            else:
                assert changed == word


def test_the_same_seed_misspells_the_same_way():
    assert misspelt(TEXT, random.Random(16)) == misspelt(TEXT, random.Random(16))
    assert len({misspelt(TEXT, random.Random(seed)) for seed in range(10)}) > 1
