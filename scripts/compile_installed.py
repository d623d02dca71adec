"""Byte-compile the installed packages after ``pip install --no-compile``: all of them, as pip would have, but only
the imported part of the largest.

pip compiled each of the ~15,000 ``.py`` files it installed, one after another on one core: 82 s of CPU, most of an
install that waits on nothing else. Three packages hold 6,800 of those files and 42 s of that compile, and Lessons KB
loads a small part of them: torch (2,285 files, 1,047 imported), transformers (2,951: its many models, one of them
used) and sympy (1,532, imported by torch). Here every package is compiled whole, except the largest (more than
``LARGE`` files), of which only what importing ``IMPORTS`` loads is compiled (BENCHMARKS.md, t-trim10c). A module
left out still works: a process that imports it compiles it then (and writes its ``.pyc`` where Python may).
Usage: ``.venv/bin/python scripts/compile_installed.py``.
"""

from __future__ import annotations

import compileall
import importlib
import os
import re
import sys
import sysconfig
from pathlib import Path

# A package with more files than this is compiled only where it is imported.
LARGE = 1000
# What Lessons KB imports of the largest: sentence-transformers (with torch and transformers) for every model but the
# default one, and the BERT models' code, as the bundled all-MiniLM is one.
IMPORTS = ("sentence_transformers", "transformers.models.bert.modeling_bert")


def large_packages(site: Path, limit: int = LARGE) -> list[str]:
    """The names of the packages in ``site`` holding more than ``limit`` Python files."""
    return sorted(folder.name for folder in site.iterdir()
                  if folder.is_dir() and sum(1 for _ in folder.rglob("*.py")) > limit)


def compile_installed(site: Path, imports: tuple[str, ...] = IMPORTS, limit: int = LARGE) -> None:
    """Compile every Python file in ``site``, of its largest packages only what importing ``imports`` loads."""
    large = large_packages(site, limit)
    sys.dont_write_bytecode = False  # each module the imports load writes its .pyc, as in a user's first run
    for name in imports:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 (a package missing or broken is no reason to stop compiling the rest)
            print(f"compile_installed: importing {name} failed ({exc!r}); the rest compiled all the same",
                  file=sys.stderr)
    skip = re.compile("^" + re.escape(str(site) + os.sep) + "(" + "|".join(map(re.escape, large)) + ")/") \
        if large else None
    compileall.compile_dir(site, quiet=2, rx=skip, workers=0)


def main() -> None:
    compile_installed(Path(sysconfig.get_path("purelib")))


if __name__ == "__main__":
    main()
