"""The code base stays lint-clean: ruff (pinned in the test extras) under pyproject.toml's settings; the documents
hold no stray control characters."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, f"ruff check . found problems:\n{result.stdout}{result.stderr}"


def test_the_documents_hold_no_stray_control_characters():
    # A backspace pasted with a terminal's output shows as nothing, or as a box, on GitHub and in editors.
    stray = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    found = []
    for path in sorted(ROOT.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()!r}" for m in stray.finditer(text)]
    assert not found, found


def test_no_merge_conflict_markers_are_left():
    # A docstring kept "<<<<<<< HEAD … >>>>>>> e-cues" after a merge (benchmarks/extraction.py): ruff reads it as text.
    marker = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
    tracked = subprocess.run(["git", "ls-files", "*.py", "*.md", "*.html", "*.toml", "*.sh"], cwd=ROOT,
                             capture_output=True, text=True, check=False).stdout.split()
    assert "tests/test_lint.py" in tracked, "git ls-files listed nothing: no file was looked at"
    found = [name for name in tracked
             if (ROOT / name).is_file() and marker.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))]
    assert not found, found


PACKAGES = ("kb", "ingest", "search", "web")


@functools.cache
def _tree(path: Path) -> ast.Module:
    """A file's syntax tree, parsed once a run: the import checks below look a module up once for every import of it
    (they parsed the same files 2,700 times, 130 s of a loaded run's 143 s in this module)."""
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(tree: ast.Module) -> list[tuple[str, str]]:
    """(module, name) of each ``from our_module import name`` (absolute, to one of the packages)."""
    return [(node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and node.module and node.level == 0 and node.module.split(".")[0] in PACKAGES for alias in node.names]


def _module_file(module: str) -> Path | None:
    path = ROOT / (module.replace(".", "/") + ".py")
    return path if path.is_file() else None


@functools.cache
def _names_taken_in(path: Path) -> frozenset[str]:
    """The names a module imports, walked once a run: the checks below ask once for every import of the module
    (2,800 walks of whole trees, 6-7 s of CPU a test, where the parses took under 1 s)."""
    return frozenset(alias.asname or alias.name for node in ast.walk(_tree(path))
                     if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names)


def test_a_name_is_imported_from_the_module_that_defines_it():
    # ingest/text_doc.py took classify_heading through ingest.structure, which only imports it from ingest.headings.
    found = []
    for path in sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py")):
        for module, name in _imports(_tree(path)):
            source = _module_file(module)
            if source is not None and name in _names_taken_in(source):
                found.append(f"{path.relative_to(ROOT)}: {name} from {module}")
    assert not found, found


def test_a_modules_all_re_exports_only_what_is_imported_through_it():
    # ingest/structure.py's __all__ listed as_kind and normalize_heading, which nothing took from it.
    everywhere = {pair for path in ROOT.glob("[!.]*/**/*.py") if ".venv" not in path.parts
                  for pair in _imports(_tree(path))}
    found = []
    for path in sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py") if p.name != "__init__.py"):
        tree = _tree(path)
        exported = next((ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                         and any(getattr(t, "id", None) == "__all__" for t in node.targets)), [])
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        found += [f"{module}: {name}" for name in exported
                  if name in _names_taken_in(path) and (module, name) not in everywhere]
    assert not found, found


SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|PRAGMA)\s")


def test_the_web_layer_runs_no_sql_of_its_own():
    # web/views/home.py's store_is_empty ran "SELECT 1 FROM documents" in a view, and web/contributions/ read uploads'
    # previews, abandoned uploads and a register row's document with SQL of its own; the store answers (kb/store).
    found = [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}"
             for path in sorted((ROOT / "web").rglob("*.py")) for node in ast.walk(_tree(path))
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL.match(node.value)]
    assert not found, found


def test_browser_tests_never_wait_by_a_function_the_pages_csp_refuses():
    # page.wait_for_function polls its predicate by eval inside the page, which our Content-Security-Policy
    # (script-src 'self') refuses: it passes only when the predicate is already true at its first check, and fails
    # as "EvalError" on a loaded run (fresh-clone CI of 8073372). Wait for a selector (":focus") or use expect().
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "tests" / "web").glob("*.py"))
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if ".wait_for_function(" in line]
    assert not found, found
