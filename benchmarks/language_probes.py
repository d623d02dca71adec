"""What a short English term gets first on the Chinese page (s-pref): the reader's language for the probe terms.

    .venv/bin/python benchmarks/language_probes.py --db STORE [--terms benchmarks/reader_terms.txt] [--page zh]
        [--top 5]

For each term (one a line; # starts a comment): how many of the store's documents contain it (case-insensitive,
as a word), the language the page gives a reader who has not chosen one (search/preference.py,
``reading_language``), and the first documents' languages with that preference and with English preferred (what a
rule taking every English query's language would give the English terms). A term's documents in Chinese first is what a
Chinese PM typing it wants.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.settings import load_settings
from kb.store import Store
from search import Searcher, SearchQuery
from search.index import SearchIndex
from search.preference import PREFERABLE, reading_language

TERMS = Path(__file__).resolve().parent / "reader_terms.txt"


def terms(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def documents_with(store: Store, term: str) -> dict[str, int]:
    """The documents whose chunks contain ``term`` as a word, counted per language."""
    pattern = re.compile(rf"(?<![A-Za-z0-9]){re.escape(term)}(?![A-Za-z0-9])", re.IGNORECASE)
    rows = store.conn.execute("SELECT d.key, d.language, c.text FROM chunks c JOIN documents d ON d.id = c.document_id")
    found = {key: language for key, language, text in rows if pattern.search(text)}
    return {language: sum(v == language for v in found.values()) for language in sorted(set(found.values()))}


def first(searcher: Searcher, term: str, preferred: str | None, top: int) -> str:
    groups = searcher.search(SearchQuery(term, prefer_lang=preferred, limit=top)).groups
    return " ".join(g.language or "?" for g in groups)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store holding the documents (corpus/)")
    parser.add_argument("--terms", type=Path, default=TERMS)
    parser.add_argument("--page", choices=PREFERABLE, default="zh")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    settings = load_settings(env=os.environ, db=args.db)
    store = Store(settings.db, create=False)
    searcher = Searcher(SearchIndex(store, settings))
    print(f"| term | documents containing it | page ({args.page}) prefers | first {args.top}, so | "
          f"first {args.top}, English preferred |")
    print("| --- | --- | --- | --- | --- |")
    for term in terms(args.terms):
        page = reading_language(args.page, term)
        counts = ", ".join(f"{n} {lang}" for lang, n in documents_with(store, term).items()) or "none"
        print(f"| {term} | {counts} | {page} | {first(searcher, term, page, args.top)} | "
              f"{first(searcher, term, 'en', args.top)} |")
    store.close()


if __name__ == "__main__":
    main()
