"""Build a benchmark collection of real text: the shipped corpus, NASA LLIS lessons and Apache Hadoop bug
reports from ../shared/data, repeated with sentence-rotated variants until it holds the wanted number of chunks."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
LLIS = SHARED / "llis" / "llis.jsonl"
HADOOP = SHARED / "hadoop-bugs" / "hadoop_bugs.csv"
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+")


def rotate(text: str, shift: int) -> str:
    """The same sentences in another order: real text, a different chunk (and embedding cache key)."""
    parts = [p for p in _SENTENCE.split(text) if p]
    if len(parts) < 2 or shift % len(parts) == 0:
        return f"{text} ({shift})" if shift else text
    k = shift % len(parts)
    return " ".join(parts[k:] + parts[:k])


def write_replica(folder: Path, replica: int) -> None:
    """One copy of LLIS (JSON lines) and Hadoop (CSV), varied by ``replica``."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(LLIS, encoding="utf-8") as src, open(folder / f"llis-{replica}.jsonl", "w", encoding="utf-8") as out:
        for line in src:
            row = json.loads(line)
            row["Lesson ID"] = f"{row['Lesson ID']}-{replica}"
            for field in ("Abstract", "Driving Event", "Lesson(s) Learned", "Recommendation(s)"):
                if isinstance(row.get(field), str):
                    row[field] = rotate(row[field], replica)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    with open(HADOOP, encoding="utf-8", newline="") as src, \
            open(folder / f"hadoop-{replica}.csv", "w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        for row in reader:
            row["Issue id"] = f"{row['Issue id']}-{replica}"
            row["Description"] = rotate(row.get("Description") or "", replica)
            writer.writerow(row)


def available() -> bool:
    """Whether the shared data is beside the project."""
    return LLIS.exists() and HADOOP.exists()
