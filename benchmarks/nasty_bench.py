"""Nasty-files benchmark: peak memory and time of `kb ingest` (with the search index and the real model) over a
folder of every nasty file: tests/data/nasty, the big ones of tests/test_nasty_files.py, the bad files of
tests/ingest/bad_files.py, and long unbroken strings at the sizes of issue 15 (2,000,000 HTML entities, base64
images in Markdown and HTML, a minified script, a long URL list, a 400 MB-unpacking workbook).

    .venv/bin/python benchmarks/nasty_bench.py [--out benchmarks/results/nasty.json]
    .venv/bin/python benchmarks/nasty_bench.py --checkout /tmp/old-checkout --limit-gb 6   # an older version,
        # under an address-space limit so that it fails with MemoryError instead of taking the machine down

`kb ingest` runs in a child process; its peak resident memory comes from getrusage(RUSAGE_CHILDREN). The goal is
under 1.5 GB.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ingest.bad_files import Expected, workbook_with_cell, write_bad_files, write_good_files
from tests.test_nasty_files import NASTY, make_big_files

GOAL_MB = 1536


def write_long_strings(folder: Path, *, entities: int = 2_000_000, bomb: bool = True) -> dict[str, int]:
    """The long unbroken strings of issue 15; returns each file's size."""
    rng = random.Random(15)
    image = base64.b64encode(rng.randbytes(3 * 1024 * 1024)).decode()  # a 4 MB base64 screenshot
    files = {
        "entities-2m.html": "<html><body><p>" + "&amp;" * entities + "</p><h2>Lessons learned</h2><ul><li>After "
                            "two million entities, a lesson.</li></ul></body></html>",
        "image.md": f"# Export\n\n## Lessons learned\n\n- Screenshots belong in the tracker.\n\n"
                    f"![screenshot](data:image/png;base64,{image})\n\nAnd pasted bare:\n\n{image}\n",
        "image.html": f'<html><body><h2>Lessons learned</h2><ul><li>Inline images bloat pages.</li></ul><p><img '
                      f'src="data:image/png;base64,{image}"></p><pre>{image}</pre></body></html>',
        "mime.txt": "Lessons learned\n- Mail exports carry attachments.\n\n"
                    + "\n".join(image[i:i + 76] for i in range(0, len(image), 76)) + "\n",
        "minified.md": "# Build\n\n## Lessons learned\n- Do not commit bundles.\n\n```js\n"
                       + ";".join(f"function f{i}(a,b){{return a*{i}+b}}" for i in range(30_000)) + "\n```\n",
        "urls.txt": "Links\n" + ",".join(f"https://example.com/p/{i}/{rng.randrange(10**9)}" for i in range(25_000)),
        "one-line-4mb.txt": "x" * (4 * 1024 * 1024),
    }
    sizes = {}
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        sizes[name] = (folder / name).stat().st_size
    if bomb:
        (folder / "bomb-400mb.xlsx").write_bytes(workbook_with_cell(400))  # as in the issue: 590 KB unpacking to 400 MB
        sizes["bomb-400mb.xlsx"] = (folder / "bomb-400mb.xlsx").stat().st_size
    return sizes


def build(folder: Path, only_long: bool = False, bomb: bool = True) -> dict[str, int]:
    if only_long:
        folder.mkdir()
        return write_long_strings(folder, bomb=bomb)
    shutil.copytree(NASTY, folder)
    (folder / "README.txt").unlink()
    make_big_files(folder)
    expected = Expected()
    write_good_files(folder / "good", expected)
    write_bad_files(folder / "bad", folder.parent / "outside", expected)
    return write_long_strings(folder, bomb=bomb)


def run(checkout: Path, db: Path, folder: Path, limit_gb: float | None) -> dict[str, object]:
    command = [sys.executable, "-m", "kb.cli", "--db", str(db), "ingest", "--json", "--quiet", str(folder)]
    if limit_gb:
        command = ["prlimit", f"--as={int(limit_gb * 1024 ** 3)}", *command]
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    env.pop("KB_SECRET_KEY", None)
    started = time.perf_counter()
    done = subprocess.run(command, check=False, cwd=checkout, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    return {"exit": done.returncode, "seconds": round(seconds, 1), "peak_rss_mb": round(peak_mb),
            "report": report, "stderr_tail": done.stderr.strip().splitlines()[-3:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--checkout", type=Path, default=ROOT, help="The code to run (default: this checkout).")
    parser.add_argument("--limit-gb", type=float, help="Address-space limit for the child (prlimit --as).")
    parser.add_argument("--keep", type=Path, help="Build the folder here and keep it.")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only-long", action="store_true", help="Only the long unbroken strings.")
    parser.add_argument("--no-bomb", action="store_true", help="Leave out the 400 MB-unpacking workbook.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-nasty-bench-"))
    folder = work / "nasty"
    if folder.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    sizes = build(folder, args.only_long, not args.no_bomb)
    files = sum(1 for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    total_mb = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1024 ** 2
    print(f"{files} files, {total_mb:.0f} MB on disk; long strings: "
          + ", ".join(f"{name} {size / 1024 ** 2:.1f} MB" for name, size in sizes.items()), flush=True)
    result = run(args.checkout.resolve(), work / "kb.db", folder, args.limit_gb)
    report = result["report"] or {}
    index = report.get("index") or {}
    print(f"kb ingest: exit {result['exit']}, {result['seconds']} s, peak RSS {result['peak_rss_mb']} MB "
          f"(goal < {GOAL_MB} MB: {'met' if result['peak_rss_mb'] < GOAL_MB and report else 'NOT met'})")
    if report:
        print(f"  {report['files']} files: {report['added']} added, {report['failed']} failed; "
              f"{index.get('chunks', 0):,} chunks, {index.get('embedded', 0):,} embedded in {index.get('seconds', 0)} s")
    else:
        print("  no report: " + " | ".join(result["stderr_tail"]))
    if args.out:
        args.out.write_text(json.dumps({"checkout": str(args.checkout), "limit_gb": args.limit_gb,
                                        "only_long": args.only_long, "bomb": not args.no_bomb, "files": files,
                                        "sizes": sizes, **result}, indent=2, ensure_ascii=False))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
