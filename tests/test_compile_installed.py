"""scripts/compile_installed.py, which byte-compiles .venv after bootstrap.sh's ``pip install --no-compile``: every
file as pip would have, but transformers' code of the models Lessons KB never loads; and that where Python may not
write bytecode (PYTHONDONTWRITEBYTECODE=1, as on the project's machines, where a module without its .pyc is compiled
again by every process that imports it)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _site(tmp_path: Path) -> Path:
    """A site-packages with transformers' code of three architectures, another package and a lone module."""
    site = tmp_path / "site-packages"
    for name in ("transformers/__init__.py", "transformers/models/__init__.py",
                 "transformers/models/auto/modeling_auto.py", "transformers/models/bert/modeling_bert.py",
                 "transformers/models/bert/configuration_bert.py", "transformers/models/t5/__init__.py",
                 "transformers/models/t5/configuration_t5.py", "transformers/models/t5/modeling_t5.py",
                 "transformers/models/t5/modular_t5.py", "transformers/modeling_utils.py",
                 "other/models/t5/modeling_t5.py", "alone.py"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("X = 1\n", encoding="utf-8")
    return site


def _compiled(site: Path) -> set[str]:
    return {str(path.relative_to(site)) for path in site.rglob("*.py")
            if Path(importlib.util.cache_from_source(str(path))).exists()}


def test_everything_is_compiled_but_the_code_of_models_not_used(tmp_path):
    """Run as bootstrap.sh runs it, where Python may not write bytecode (PYTHONDONTWRITEBYTECODE=1)."""
    site = _site(tmp_path)
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[2]); import compile_installed; "
            "compile_installed.compile_installed(Path(sys.argv[1]))")
    done = subprocess.run([sys.executable, "-c", code, str(site), str(ROOT / "scripts")], capture_output=True,
                          text=True, timeout=60, check=False, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert done.returncode == 0, done.stderr
    assert _compiled(site) == {str(path.relative_to(site)) for path in site.rglob("*.py")} - {
        "transformers/models/t5/modeling_t5.py", "transformers/models/t5/modular_t5.py"}


def test_bootstrap_installs_without_compiling_then_compiles():
    """pip's own compile of every file is off in each install, and the script runs after the last."""
    text = (ROOT / "scripts" / "bootstrap.sh").read_text()
    installs = re.findall(r"^install (.*)$", text, re.MULTILINE)
    assert installs and all("--no-compile" in line.split() for line in installs)
    assert text.rindex("scripts/compile_installed.py") > text.rindex("\ninstall ")
