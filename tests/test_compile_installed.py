"""scripts/compile_installed.py, which byte-compiles .venv after bootstrap.sh's ``pip install --no-compile``: every
package whole, of the largest only what is imported, and that even where Python may not write bytecode
(PYTHONDONTWRITEBYTECODE=1, as on the project's machines, where a module without its .pyc is compiled again by every
process that imports it)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _site(tmp_path: Path) -> Path:
    """A site-packages of a large package (four modules, one imported by another), a small one and a lone module."""
    site = tmp_path / "site-packages"
    for name, text in {"big/__init__.py": "", "big/used.py": "from big import helper\n", "big/helper.py": "X = 1\n",
                       "big/unused.py": "Y = 2\n", "small/__init__.py": "", "small/part.py": "Z = 3\n",
                       "alone.py": "W = 4\n"}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    return site


def _compiled(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.py")
            if Path(importlib.util.cache_from_source(str(path))).exists()}


def test_every_package_is_compiled_and_of_a_large_one_what_is_imported(tmp_path):
    site = _site(tmp_path)
    code = ("import sys; from pathlib import Path; sys.path[:0] = [sys.argv[1], sys.argv[2]]; "
            "import compile_installed; compile_installed.compile_installed(Path(sys.argv[1]), ('big.used',), limit=3)")
    done = subprocess.run([sys.executable, "-c", code, str(site), str(ROOT / "scripts")], capture_output=True,
                          text=True, timeout=60, check=False, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
    assert _compiled(site) == {"big/__init__.py", "big/used.py", "big/helper.py", "small/__init__.py",
                               "small/part.py", "alone.py"}


def test_a_package_is_large_above_the_limit(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import compile_installed
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    site = _site(tmp_path)
    assert compile_installed.large_packages(site, limit=3) == ["big"]
    assert compile_installed.large_packages(site, limit=4) == []


def test_bootstrap_installs_without_compiling_then_compiles():
    """pip's own compile of every file is off in each install, and the script runs after the last."""
    text = (ROOT / "scripts" / "bootstrap.sh").read_text()
    installs = re.findall(r"^install (.*)$", text, re.MULTILINE)
    assert installs and all("--no-compile" in line.split() for line in installs)
    assert text.rindex("scripts/compile_installed.py") > text.rindex("\ninstall ")
