"""Score every CC-CEDICT English -> Chinese entry with a model: search/translation_scores.tsv.gz.

    .venv/bin/python scripts/translation_scores.py [--out search/translation_scores.tsv.gz]

Search drops an English query word's dictionary translations whose cosine with the word is under
`translation_min_similarity`. With this table (made with the default model) that needs no encoding at query
time; with another model the words are encoded live (search reads only the shipped file). Re-run it when the model or the CC-CEDICT package changes
(tests/search/test_real_model.py checks a sample against the live model). About 15 s on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.embedder import DEFAULT_MODEL, get_embedder
from search.translate import get_translator
from search.translation_scores import SCORES_FILE


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "search" / SCORES_FILE,
                        help="where to write it (search reads only search/translation_scores.tsv.gz)")
    args = parser.parse_args()
    started = time.perf_counter()
    entries = {word: sorted({zh for _, _, zh in found if len(zh) > 1})  # a character is never a translation
               for word, found in get_translator([]).dict_en_zh.items()}
    entries = {word: found for word, found in entries.items() if found}
    words = sorted(set(entries) | {zh for found in entries.values() for zh in found})
    embedder = get_embedder(DEFAULT_MODEL)
    vectors = dict(zip(words, embedder.encode(words, batch_size=256)))
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(f"# model={DEFAULT_MODEL}\n# cosine of each CC-CEDICT English word with its Chinese entries; "
                 f"made by scripts/translation_scores.py\n")
        for word in sorted(entries):
            scores = " ".join(f"{zh} {float(vectors[zh] @ vectors[word]):.3f}" for zh in entries[word])
            fh.write(f"{word}\t{scores}\n")
    print(f"{len(entries):,} English words, {sum(map(len, entries.values())):,} pairs, {len(words):,} texts "
          f"embedded in {time.perf_counter() - started:.0f} s -> {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
