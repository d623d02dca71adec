"""How long ``kb search`` takes from the shell: a new Python process each time, as a user's terminal starts it.

    .venv/bin/python benchmarks/cold_start.py --db kb-data/kb.db --runs 10
    .venv/bin/python benchmarks/cold_start.py --runs 10 --system before=/tmp/old-checkout:/tmp/old/kb.db \\
        --system after=.:kb-data/kb.db --out benchmarks/results/cold-start.json

Each run is ``python -m kb.cli --db DB search QUERY --mode MODE`` in the checkout named (its working directory
shadows the installed package, so that checkout's code runs). Systems and modes take turns run by run, so a
change in the machine's load hits them alike. The files stay in the page cache between runs (a warm cache, as
for a user who searches twice), and Python's bytecode is cached (written by a first, unmeasured run); what is
measured is Python starting, importing, loading and searching. Printed per system
and mode: the median, lowest and highest wall time and CPU time (user + system) of the process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["测试环境没有准备好", "vendor delivered the interface late"]
MODES = ("hybrid", "keyword")
# Bytecode is cached, as after 'pip install' (an environment that turns the cache off would time compiling too).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(code: Path, db: Path, query: str, mode: str) -> tuple[float, float]:
    """One cold search: (wall seconds, CPU seconds) of the whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db), "search", query, "--mode", mode],
                          cwd=code, capture_output=True, text=True, check=False, env=ENV)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"kb search failed in {code}: {done.stderr.strip()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3),
            "max": round(max(values), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--system", action="append", default=[], metavar="NAME=CHECKOUT:DB",
                        help="a checkout and the database it searches (repeatable; default: this checkout and --db)")
    parser.add_argument("--db", type=Path, default=Path("kb-data/kb.db"))
    parser.add_argument("--runs", type=int, default=10, help="runs per system, mode and query")
    parser.add_argument("--query", action="append", default=[], help=f"query (repeatable; default: {QUERIES})")
    parser.add_argument("--modes", nargs="*", default=list(MODES))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    systems = {}
    for item in args.system or [f"this={ROOT}:{args.db}"]:
        name, _, rest = item.partition("=")
        code, _, db = rest.partition(":")
        systems[name] = (Path(code).resolve(), Path(db).resolve())
    queries = args.query or QUERIES
    times: dict[tuple[str, str], list[tuple[float, float]]] = {(s, m): [] for s in systems for m in args.modes}
    load = [os.getloadavg()[0]]
    for name, (code, db) in systems.items():  # one run each first, unmeasured: the files enter the page cache
        for mode in args.modes:
            run_once(code, db, queries[0], mode)
    for number in range(args.runs):
        for query in queries:
            order = list(systems.items())
            order = order[number % len(order):] + order[:number % len(order)]
            for mode in args.modes:
                for name, (code, db) in order:
                    times[(name, mode)].append(run_once(code, db, query, mode))
        load.append(os.getloadavg()[0])
    result = {"cores": os.cpu_count(), "runs": args.runs, "queries": queries,
              "load_average": summary(load), "systems": {}}
    for (name, mode), found in times.items():
        result["systems"].setdefault(name, {})[mode] = {"wall_s": summary([w for w, _ in found]),
                                                        "cpu_s": summary([c for _, c in found]), "n": len(found)}
    for name, modes in result["systems"].items():
        for mode, figures in modes.items():
            wall, cpu = figures["wall_s"], figures["cpu_s"]
            print(f"{name:>10} {mode:>8}: wall median {wall['median']:.2f} s ({wall['min']:.2f}-{wall['max']:.2f}),"
                  f" CPU median {cpu['median']:.2f} s ({cpu['min']:.2f}-{cpu['max']:.2f}), {figures['n']} runs")
    print(f"load average (1 min) during the runs: {result['load_average']}")
    if args.out:
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
