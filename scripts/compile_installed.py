"""Byte-compile the installed packages after ``pip install --no-compile``, as pip would have, but not the model code
of transformers that Lessons KB never loads.

pip compiled each of the ~15,000 ``.py`` files it installed: 82 s of CPU, 14.6 s of it transformers (2,951 files),
whose ``models/`` folder holds the code of some 450 architectures (25 MB of ``modeling_*.py``, and 9 MB of
``modular_*.py``, the sources those are generated from, which nothing imports). Lessons KB loads one architecture, BERT
(the bundled all-MiniLM; the default model runs without transformers), so those files of the others are left out
(BENCHMARKS.md, t-trim10c). A module left out still works: a process that loads another model compiles that model's
file then (and keeps its ``.pyc`` where Python may write bytecode). Usage: ``.venv/bin/python
scripts/compile_installed.py``.
"""

from __future__ import annotations

import argparse
import compileall
import re
import sysconfig
from pathlib import Path

# The model code compiled: the architectures Lessons KB loads, and the auto classes that find them.
MODELS_USED = ("auto", "bert")


def skipped(site: Path, used: tuple[str, ...] = MODELS_USED) -> re.Pattern[str]:
    """What is not compiled under ``site``: transformers' modeling and modular files of architectures not ``used``."""
    models = re.escape(str(site / "transformers" / "models"))
    return re.compile(rf"^{models}/(?!(?:{'|'.join(map(re.escape, used))})/)[^/]+/(modeling|modular)_[^/]*\.py$")


def compile_installed(site: Path, used: tuple[str, ...] = MODELS_USED) -> bool:
    """Compile every Python file in ``site`` but transformers' code of models not ``used``; False if one failed."""
    # In this process, one file after another, as pip compiled: a pool of processes costs more CPU (t-trim6).
    return bool(compileall.compile_dir(site, quiet=2, rx=skipped(site, used)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path(sysconfig.get_path("purelib")),
                        help="the folder of installed packages (default: this Python's site-packages)")
    args = parser.parse_args()
    # A file that does not compile is left as pip leaves it, for the process that imports it to report.
    compile_installed(args.site)


if __name__ == "__main__":
    main()
