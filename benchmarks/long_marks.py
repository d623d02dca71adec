"""What a long query's snippets mark: every term of it, or its rarest telling ones (search/telling.py,
``telling_marks``), on the shipped corpus.

    KB_THREADS=1 .venv/bin/python benchmarks/long_marks.py --db /tmp/corpus/kb.db

Run it on a store of the shipped corpus (``kb ingest corpus/``). Queries: corpus/eval and eval-dev (95), and
paragraphs pasted from the corpus's lessons (every ``--step``-th Chinese and English lesson of 60-300 characters).
Each is searched (hybrid, the first page of 10 documents); each hit's snippet is made from its text with the query's
marks as search made them before (every term: ``word_marks``) and now (``telling_marks``). Printed: for the long
queries (more than ``LONG_QUERY`` terms the collection holds), the share of snippet characters marked, and marks per
snippet, before and after; for the short ones, how many snippets' marks are unchanged.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.settings import Settings
from kb.store import Store
from search import Searcher, SearchIndex, SearchQuery
from search.evaluate import load_queries
from search.query_marks import word_marks
from search.snippets import make_snippet
from search.telling import telling_marks
from search.translated_index import translation_tools

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def pasted(store: Store, step: int) -> list[tuple[str, str]]:
    """(set name, text): every ``step``-th lesson of 60-300 characters, in Chinese and in English."""
    out = []
    for language in ("zh", "en"):
        rows = store.conn.execute("SELECT l.text FROM lessons l JOIN documents d ON d.id = l.document_id WHERE "
                                  "d.language = ? AND length(l.text) BETWEEN 60 AND 300 ORDER BY l.id",
                                  [language]).fetchall()
        out += [(f"pasted-{language}", r[0]) for r in rows[::step]]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--step", type=int, default=25, help="every N-th lesson of 60-300 characters is pasted")
    parser.add_argument("--show", type=int, default=2, help="long queries whose first snippet is printed both ways")
    args = parser.parse_args()
    settings = Settings(db=args.db)
    store = Store(settings.db, create=False)
    searcher = Searcher(SearchIndex(store, settings))
    is_word = translation_tools(searcher.index, settings, scored=False)[0].is_word
    vocabulary = searcher.index.refresh_vocabulary()
    queries = [(name, q.text) for name in ("eval", "eval-dev") for q in load_queries(CORPUS / name / "queries.jsonl")]
    queries += pasted(store, args.step)
    asked: list[tuple[str, list[str] | None]] = []
    marks_of = searcher.marks
    searcher.marks = lambda text, translated=None: asked.append((text, translated)) or marks_of(text, translated)  # type: ignore[method-assign]
    counts: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    shown = 0
    for name, text in queries:
        results = searcher.search(SearchQuery(text))
        own, translated = asked[-1]
        before = word_marks(f"{own} {' '.join(translated)}" if translated else own, is_word)
        after = telling_marks(before, vocabulary, is_word, own=word_marks(own, is_word))
        long = after is not before
        c = counts[f"{name} {'long' if long else 'short'}"]
        c["queries"] += 1
        for hit in (h for g in results.groups for h in g.hits):
            for rule, marks in (("before", before), ("after", after)):
                snippet, spans = make_snippet(hit.text, marks)
                c[f"{rule} characters"] += len(snippet)
                c[f"{rule} marked"] += sum(e - s for s, e in spans)
                c[f"{rule} marks"] += len(spans)
            c["snippets"] += 1
            c["unchanged"] += make_snippet(hit.text, before) == make_snippet(hit.text, after)
        if long and shown < args.show and name.startswith("pasted-zh") and results.groups:
            shown += 1
            hit = results.groups[0].hits[0]
            print(f"query: {text}\n  terms before: {' '.join(before.chinese)} {before.other.strip()}\n"
                  f"  terms after: {' '.join(after.chinese)} {after.other.strip()}")
            for rule, marks in (("before", before), ("after", after)):
                snippet, spans = make_snippet(hit.text, marks)
                print(f"  {rule}: " + _bracketed(snippet, spans))
    for key in sorted(counts):
        c = counts[key]
        line = f"{key}: {c['queries']} queries, {c['snippets']} snippets"
        if key.endswith("long"):
            line += "".join(f"; {rule} {c[f'{rule} marked'] / max(c[f'{rule} characters'], 1):.1%} of characters "
                            f"marked, {c[f'{rule} marks'] / max(c['snippets'], 1):.1f} marks a snippet"
                            for rule in ("before", "after"))
        line += f"; snippets marked as before {c['unchanged']} of {c['snippets']}"
        print(line)


def _bracketed(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], "[", text[start:end], "]"]
        last = end
    return "".join(out + [text[last:]])


if __name__ == "__main__":
    main()
