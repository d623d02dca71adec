"""How often 'Did you mean …?' fires (search/suggestion.py), and what it gives back on misspelt queries.

    KB_THREADS=1 .venv/bin/python benchmarks/spelling_bench.py SET_DIR [--db PATH] [--misspell SEED | --words SEED]
        [--json]

Without ``--misspell``: each judged query is searched as the search page searches it, and the suggestions counted
(the goal: about none, for queries spelt right that find things). A query with no word the spelling index would
change cannot get one, so only those with a correction are searched.

With ``--misspell SEED``: each English query gets one random edit (a letter deleted, inserted, replaced, or two
neighbours swapped; seeded) in every word of four letters or more (shorter words are never corrected). Printed: how
many misspelt queries get a suggestion, how many suggestions restore the whole query, how many of the misspelt
words in those suggestions are given back as they were, and nDCG@10 of the page's
list (documents above the relevance floor) for the original, the misspelt and the suggested query (the misspelt one
where there is no suggestion).

With ``--words SEED``: every distinct word of five letters or more in the English queries, misspelt once by each kind
of edit (seeded), corrected alone (``corrected``, no search): how many come back as they were, and how many as a word
of the same stem, by kind.

Without ``--words`` (which searches nothing), the run prints the time of the searches asked for a suggestion, those that got one apart: their mean wall time and
mean ``took_ms`` (the time the search reports: the page's "… ms", the API's and ``kb search --json``'s took_ms).
"""

from __future__ import annotations

import random
import re
import statistics
import string
import sys
import time
from collections.abc import Container
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from kb.text import detect_language
from search import Searcher, SearchQuery
from search.evaluate import key_resolver, ndcg
from search.results import SearchResults
from search.suggestion import corrected, known_words

_WORD = re.compile(r"[A-Za-z]{4,}")


def misspelt(text: str, rng: random.Random) -> str:
    """The text with one random edit in each word of four letters or more."""
    return _WORD.sub(lambda m: _edited(m.group(), rng), text)


KINDS = ("delete", "insert", "replace", "swap")


def _edited(word: str, rng: random.Random, kinds: tuple[str, ...] = KINDS) -> str:
    while True:
        at, letter = rng.randrange(len(word)), rng.choice(string.ascii_lowercase)
        kind = rng.choice(kinds)
        if kind == "delete":
            out = word[:at] + word[at + 1:]
        elif kind == "insert":
            out = word[:at] + letter + word[at:]
        elif kind == "replace":
            out = word[:at] + letter + word[at + 1:]
        else:
            at = min(at, len(word) - 2)
            out = word[:at] + word[at + 1] + word[at] + word[at + 2:]
        if out.lower() != word.lower():
            return out


class Clock:
    """The wall time and reported ``took_ms`` of searches asked for a suggestion, those that got one apart."""

    def __init__(self) -> None:
        self.times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}

    def search(self, searcher: Searcher, text: str) -> SearchResults:
        started = time.perf_counter()
        results = searcher.search(SearchQuery(text, limit=1, suggest=True))
        self.times[results.suggestion is not None].append(((time.perf_counter() - started) * 1000, results.took_ms))
        return results

    def report(self) -> dict:
        return {("suggested" if got else "not_suggested"): {
            "searches": len(pairs), "wall_ms": round(statistics.fmean(w for w, _ in pairs), 1) if pairs else None,
            "took_ms": round(statistics.fmean(t for _, t in pairs), 1) if pairs else None}
            for got, pairs in self.times.items()}


def fired(searcher: Searcher, beir, words: Container[str]) -> dict:  # type: ignore[no-untyped-def]
    """Suggestions on the set's own queries."""
    vocabulary = searcher.index.refresh_vocabulary()
    found, changed, clock = [], 0, Clock()
    for query in beir.queries:
        if corrected(query.text, vocabulary, searcher.store.conn, words) is None:
            continue
        changed += 1
        results = clock.search(searcher, query.text)
        if results.suggestion:
            found.append({"query": query.text, "suggestion": results.suggestion, "relevant": results.relevant_count})
    return {"set": beir.name, "queries": len(beir.queries), "with_a_correction": changed,
            "suggested": len(found), "examples": found[:10], "time": clock.report()}


def restored(searcher: Searcher, beir, seed: int) -> dict:  # type: ignore[no-untyped-def]
    """Suggestions on misspelt versions of the set's English queries, and nDCG@10 before and after."""
    rng = random.Random(seed)
    key_of = dict(searcher.store.conn.execute("SELECT id, key FROM documents").fetchall())
    resolve = key_resolver(list(key_of.values()), beir.qrels)
    english = [q for q in beir.queries if detect_language(q.text).value == "en" and _WORD.search(q.text)]
    sums = {"original": 0.0, "misspelt": 0.0, "suggested": 0.0}
    suggested = back = 0
    clock = Clock()
    words = [0, 0]  # in the suggested queries: misspelt words given back as they were, and misspelt words
    for query in english:
        typo = misspelt(query.text, rng)
        results = clock.search(searcher, typo)
        suggested += results.suggestion is not None
        back += (results.suggestion or "").lower() == query.text.lower()
        if results.suggestion:
            words[0] += _restored_words(query.text, typo, results.suggestion)
            words[1] += sum(a != b for a, b in zip(query.text.split(), typo.split()))
        judged = beir.qrels[query.id]
        for name, text in (("original", query.text), ("misspelt", typo), ("suggested", results.suggestion or typo)):
            groups, kept = searcher.ranked_documents(SearchQuery(text), text)
            listed = [resolve(key_of[g[0].document_id]) for g, ok in zip(groups, kept) if ok]
            sums[name] += ndcg([d for d in listed if d != query.origin], judged, 10)
    count = max(len(english), 1)
    return {"set": beir.name, "seed": seed, "english_queries": len(english), "suggested": suggested,
            "restored": back, "words_restored": words, "ndcg10": {k: round(v / count, 4) for k, v in sums.items()},
            "time": clock.report()}


def words_back(searcher: Searcher, beir, seed: int, known: Container[str]) -> dict:  # type: ignore[no-untyped-def]
    """Each distinct word of the English queries misspelt once by each kind of edit, corrected alone."""
    rng = random.Random(seed)
    vocabulary, conn = searcher.index.refresh_vocabulary(), searcher.store.conn
    words = sorted({w.lower() for q in beir.queries if detect_language(q.text).value == "en"
                    for w in re.findall(r"[A-Za-z]{5,}", q.text)})
    found = {kind: {"words": 0, "as_they_were": 0, "same_stem": 0} for kind in KINDS}
    for word in words:
        for kind in KINDS:
            fixed = (corrected(_edited(word, rng, (kind,)), vocabulary, conn, known) or "").lower()
            row = found[kind]
            row["words"] += 1
            row["as_they_were"] += fixed == word
            row["same_stem"] += bool(fixed) and vocabulary.stem(fixed) == vocabulary.stem(word)
    return {"set": beir.name, "seed": seed, "words": len(words), "by_kind": found}


def _restored_words(original: str, typo: str, suggestion: str) -> int:
    """Of the words the misspelling changed, how many the suggestion gives back (by position; a query's words keep
    their places)."""
    triples = zip(original.lower().split(), typo.lower().split(), suggestion.lower().split())
    return sum(a != b and a == c for a, b, c in triples)


def main() -> None:
    args = arguments(__doc__, _options)
    beir, prepared = open_store(args)
    searcher = Searcher(prepared.index())
    words = () if args.no_dictionary else known_words(searcher)
    if args.words is not None:
        report = words_back(searcher, beir, args.words, words)
    else:
        report = fired(searcher, beir, words) if args.misspell is None else restored(searcher, beir, args.misspell)
    log("done")
    if not emit(report, args):
        for key, value in report.items():
            print(f"{key}: {value}")


def _options(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--misspell", type=int, metavar="SEED", help="misspell the English queries with this seed")
    parser.add_argument("--words", type=int, metavar="SEED", help="misspell each word by each kind of edit")
    parser.add_argument("--no-dictionary", action="store_true",
                        help="correct the dictionary's English words too, as before s19 (--words and the set's own "
                             "queries: a baseline; --misspell searches as the searcher does)")


if __name__ == "__main__":
    main()
