"""pytest's assertion rewriting of the test modules, done once on every core before a parallel run starts.

Each pytest-xdist worker collects the whole suite and rewrites the asserts of every test module it imports (an AST
walk and a compile a module, 25 s of CPU a worker for this suite); pytest keeps the result in
``__pycache__/*.cpython-311-pytest-<version>.pyc`` so that later runs read it, but it writes that cache only where
Python may write bytecode, and these machines set PYTHONDONTWRITEBYTECODE=1: every worker of every run rewrote
everything again. pytest reads the cache whatever that setting is, so writing it here, the modules shared out over
the cores, leaves each worker only the reading (BENCHMARKS.md, "Test-suite time (session 41)").

The files are what pytest rewrites: the test modules (``test_*.py``) and every ``conftest.py``; each cache file is
pytest's own (its functions, its name, checked against the source's hash when read), so a stale or foreign one is
rewritten by pytest as before. This uses pytest's private functions: where they differ (another pytest), it writes
nothing and says so, and the run rewrites as it always did. Usage: ``python scripts/rewrite_tests.py [tests]``.
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


class _Quiet:
    """The ``state`` pytest's pyc writer reports its failures to (a cache not written is only rewritten later)."""

    def trace(self, *args: object) -> None:
        pass


def rewrite(paths: list[str]) -> int:
    """Write pytest's rewritten-module cache for each file that lacks an up-to-date one; how many were written."""
    from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, _rewrite_test, _write_pyc, get_cache_dir

    written = 0
    for name in paths:
        source = Path(name)
        cache = get_cache_dir(source)
        cache.mkdir(exist_ok=True)
        pyc = cache / (source.name[:-3] + PYC_TAIL)
        if _read_pyc(source, pyc, _Quiet().trace) is not None:
            continue
        try:
            source_hash, code = _rewrite_test(source, None)  # type: ignore[arg-type]  # no config: pytest's defaults
        except (SyntaxError, ValueError):
            continue  # pytest reports it when it imports the module
        written += _write_pyc(_Quiet(), code, source_hash, pyc)  # type: ignore[arg-type]
    return written


def main(root: str = "tests") -> int:
    # Absolute, as pytest imports them: the name is compiled into the code (tracebacks, fixtures' locations).
    files = [os.path.abspath(p) for p in Path(root).rglob("*.py") if p.name.startswith("test_") or p.name == "conftest.py"]
    cores = max(1, min(os.cpu_count() or 1, 8))
    files.sort(key=lambda name: -os.path.getsize(name))  # the largest dealt first, round the cores
    shares = [files[core::cores] for core in range(cores)]
    try:
        with ProcessPoolExecutor(cores) as pool:
            written = sum(pool.map(rewrite, shares))
    except (ImportError, AttributeError, TypeError, OSError, RuntimeError) as error:  # pytest's functions moved, no
        # processes to be had: the run rewrites as before
        print(f"rewrite_tests: pytest's rewrite cache not written ({type(error).__name__}: {error})", file=sys.stderr)
        return 0
    print(f"rewrite_tests: {written} of {len(files)} test modules rewritten for pytest", file=sys.stderr)
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write pytest's cache of the test modules' rewritten asserts, on every"
                                     " core, before a parallel run (scripts/test.sh runs it).")
    parser.add_argument("root", nargs="?", default="tests", help="the folder of the test modules (default: tests)")
    sys.exit(main(parser.parse_args().root))
