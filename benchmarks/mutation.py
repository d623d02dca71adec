"""Mutation testing: how many small planted bugs the tests catch, per package (mutmut, pinned in the test extras).

    .venv/bin/python benchmarks/mutation.py                       # web/security.py kb/digest kb/store, every mutant
    .venv/bin/python benchmarks/mutation.py --sample 150          # 150 random mutants a target (same ones each run)
    .venv/bin/python benchmarks/mutation.py ingest search --sample 150
    .venv/bin/python benchmarks/mutation.py --retest              # after adding tests: the survivors again
    .venv/bin/python benchmarks/mutation.py --rescore             # after editing mutation_equivalents.json
    .venv/bin/python benchmarks/mutation.py --list                # the targets and the tests each runs against

On 2 shared cores a mutant takes 5-10 s: about 10 minutes per 150 mutants (web/security.py has 187, kb/store and
kb/store 2,646: use --sample there unless you have hours).

Each target is mutated in a scratch copy of the project (--work, default /tmp/kb-mutation/TARGET), never in this
checkout: mutmut rewrites every function of the target into a "trampoline" that runs the original or one mutant,
chosen by the MUTANT_UNDER_TEST environment variable, and runs, for each mutant, only the mapped tests that call
the mutated function (in a process forked from a warm server, with a CPU-time limit). Tests that spawn
`python -m kb.cli` with cwd set to the copy import the mutated code too (and inherit the variable).

A mutant counts as caught when a test fails or it times out. Survivors judged equivalent (no test could tell
them apart from the original: see benchmarks/mutation_equivalents.json, matched by function and changed line, so
the list survives renumbering) are left out of the second score. Results go to benchmarks/results/mutation.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "benchmarks" / "mutation_equivalents.json"
COPIED = ["kb", "ingest", "search", "web", "tests", "corpus", "pyproject.toml"]
# Left out of every mapping: slow and adding no kills beyond the mapped tests (real-model CLI runs, a browser,
# subprocess crash and concurrency runs, ruff, the shared data set).
NEVER = ["tests/web/test_browser.py", "tests/test_crash.py", "tests/test_concurrency.py", "tests/test_lint.py",
         "tests/ingest/test_shared_data.py", "tests/search/test_real_model.py", "tests/search/test_shipped_eval.py"]


@dataclass(frozen=True)
class Target:
    """What to mutate (globs for mutmut's only_mutate) and the tests that exercise it."""

    mutate: list[str]
    tests: list[str]
    real_model: bool = False  # the tests load the default model: load it once in the fork server


TARGETS: dict[str, Target] = {
    # tests/web/test_curation.py, test_api.py and test_pages.py exercise it too, but through the real model's
    # index (about 30 s a mutant here): tests/web/test_security.py covers the same ground over an empty store.
    "web/security.py": Target(["web/security.py"], ["tests/web/test_security.py"]),
    # The fast digest tests: a real store of ingested files, a real SMTP server, no model (1-3 s a mutant). The other
    # files of tests/digest (test_delivery.py, test_header_safety.py, test_digest_cli_and_web.py,
    # test_subscribe_throttle.py) build a real-model index for every test (about 30 s a mutant) and check, through
    # the CLI and the web pages, what these check directly; they still run in the suite.
    "kb/digest": Target(["kb/digest/*"], [f"tests/digest/test_{name}.py" for name in (
        "periods", "links", "render", "mailer", "content", "sending")]),
    # tests/kb/test_store_*.py call every public function of kb/store on a real SQLite file (no model, ~20 s in
    # all); tests/ingest/test_pipeline.py adds saves made by real ingest runs. Left out: tests/digest,
    # tests/test_backup.py and tests/search (they load the real model, 30-60 s a mutant, and reach the store only
    # through what the store tests call directly) and tests/web/test_security.py (a password hash per app).
    "kb/store": Target(["kb/store/*"], ["tests/kb", "tests/ingest/test_pipeline.py"]),
    "ingest": Target(["ingest/*"], ["tests/ingest", "tests/test_nasty_files.py", "tests/test_fuzz.py"]),
    "search": Target(["search/*"], ["tests/search"], real_model=True),
}
DEFAULT_TARGETS = ["web/security.py", "kb/digest", "kb/store"]

# Imported by pytest in the fork server before any mutant runs: the model then loads once, not once per mutant.
PRELOAD = '''"""Written by benchmarks/mutation.py into its scratch copy only."""
import os

if os.environ.get("KB_MUTATION_PRELOAD_MODEL"):
    from search.embedder import get_embedder

    get_embedder()
'''


@dataclass
class Outcome:
    """One target's counts, and the survivors with their changed lines."""

    target: str
    counts: dict[str, int] = field(default_factory=dict)
    survivors: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0
    unchecked: int = 0  # generated but left out of the sample

    def summary(self) -> dict[str, Any]:
        """Mutants, caught, survived, timeouts, equivalents and the two scores."""
        total = sum(self.counts.values())
        killed, timeouts = self.counts.get("killed", 0), self.counts.get("timeout", 0)
        equivalent = sum(1 for s in self.survivors if s["equivalent"])
        caught = killed + timeouts
        return {"target": self.target, "generated": total + self.unchecked, "mutants": total, "killed": killed, "timeouts": timeouts,
                "survived": self.counts.get("survived", 0), "no_tests": self.counts.get("no tests", 0),
                "other": {k: v for k, v in self.counts.items() if k not in ("killed", "timeout", "survived",
                                                                            "no tests")},
                "equivalent": equivalent, "score": round(caught / total, 4) if total else None,
                "score_non_equivalent": round(caught / (total - equivalent), 4) if total - equivalent else None,
                "seconds": round(self.seconds)}


def mutmut_config(target: Target, max_seconds: int) -> str:
    """The [tool.mutmut] section for one target."""
    tests = [t for t in target.tests if (ROOT / t).exists()]
    deselect = [arg for path in NEVER for arg in ("--ignore", path)]
    args = ["-p", "no:cacheprovider", "-o", f"timeout={max_seconds}", *deselect]
    lines = ["", "[tool.mutmut]", 'source_paths = ["kb", "ingest", "search", "web"]',
             f"only_mutate = {json.dumps(target.mutate)}", 'also_copy = ["corpus", "conftest.py"]',
             f"pytest_add_cli_args_test_selection = {json.dumps(tests)}", f"pytest_add_cli_args = {json.dumps(args)}",
             'process_isolation = "forkserver"', "timeout_multiplier = 3.0", "timeout_constant = 20.0",
             "use_git_change_detection = false", "use_setproctitle = false"]
    return "\n".join(lines) + "\n"


def prepare(work: Path, target: Target, max_seconds: int) -> None:
    """A fresh scratch copy of the project with the target's mutmut settings."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, work / name, ignore=ignore)
        else:
            shutil.copy2(source, work / name)
    with (work / "pyproject.toml").open("a", encoding="utf-8") as out:
        out.write(mutmut_config(target, max_seconds))
    (work / "conftest.py").write_text(PRELOAD, encoding="utf-8")


def mutmut_bin() -> str:
    """The mutmut of this interpreter's environment."""
    found = Path(sys.executable).parent / "mutmut"
    if not found.exists():
        sys.exit("mutmut is not installed: pip install -e '.[test]' (it is pinned in the test extras)")
    return str(found)


GENERATE = """
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, setup_source_paths
copy_src_dir(); copy_also_copy_files(); setup_source_paths(); create_mutants(1)
"""


def mutant_names(work: Path) -> list[str]:
    """Every mutant of the target, generated without running anything (mutmut's own generation step)."""
    subprocess.run([sys.executable, "-c", GENERATE], cwd=work, check=True, capture_output=True)
    return sorted(name for meta in (work / "mutants").rglob("*.py.meta")
                  for name in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])


def run_target(name: str, work: Path, children: int, max_seconds: int, cache: Path, sample: int | None) -> Outcome:
    """Run mutmut over one target (or a random sample of its mutants) and read its results."""
    target = TARGETS[name]
    prepare(work, target, max_seconds)
    chosen: list[str] = []
    if sample:
        everything = mutant_names(work)
        if sample < len(everything):
            chosen = sorted(random.Random(name).sample(everything, sample))
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    env.pop("MUTANT_UNDER_TEST", None)
    env["KB_TEST_BUILD_CACHE"] = str(cache)  # the real-model fixtures are built once (tests/conftest.py)
    if target.real_model:
        env["KB_MUTATION_PRELOAD_MODEL"] = "1"
    started = time.perf_counter()
    with (work / "mutmut.log").open("w", encoding="utf-8") as log:
        code = subprocess.run([mutmut_bin(), "run", "--max-children", str(children), *chosen], cwd=work, env=env,
                              stdout=log, stderr=subprocess.STDOUT, check=False).returncode
    outcome = Outcome(name, seconds=time.perf_counter() - started)
    if code != 0:
        print(f"{name}: mutmut exited {code}; see {work / 'mutmut.log'}", file=sys.stderr)
    read_results(work, outcome)
    return outcome


def retest_survivors(name: str, work: Path, children: int) -> Outcome:
    """Copy today's tests into an earlier run's scratch copy and run its survivors again (after adding tests)."""
    previous = Outcome(name)
    read_results(work, previous, show=False)
    names = [s["mutant"] for s in previous.survivors]
    for copy in (work / "tests", work / "mutants" / "tests"):
        shutil.rmtree(copy)
        shutil.copytree(ROOT / "tests", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (work / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)  # new tests: find again who calls what
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "KB_TEST_BUILD_CACHE": str(work.parent /
                                                                                                "build-cache")}
    if TARGETS[name].real_model:
        env["KB_MUTATION_PRELOAD_MODEL"] = "1"
    started = time.perf_counter()
    if names:
        with (work / "mutmut.log").open("a", encoding="utf-8") as log:
            subprocess.run([mutmut_bin(), "run", "--max-children", str(children), *names], cwd=work, env=env,
                           stdout=log, stderr=subprocess.STDOUT, check=False)
    outcome = Outcome(name, seconds=time.perf_counter() - started)
    read_results(work, outcome)
    return outcome


def read_results(work: Path, outcome: Outcome, *, show: bool = True) -> None:
    """Counts by status from mutmut's .meta files, and each survivor's diff (from `mutmut show`)."""
    from mutmut.stats import status_by_exit_code

    equivalents = json.loads(EQUIVALENTS.read_text(encoding="utf-8")) if EQUIVALENTS.exists() else []
    for meta in sorted((work / "mutants").rglob("*.py.meta")):
        for mutant, exit_code in json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"].items():
            if exit_code is None:  # not in the sample
                outcome.unchecked += 1
                continue
            status = status_by_exit_code[exit_code]
            outcome.counts[status] = outcome.counts.get(status, 0) + 1
            if status in ("survived", "no tests"):
                diff = subprocess.run([mutmut_bin(), "show", mutant], cwd=work, capture_output=True, text=True,
                                      check=False).stdout if show else ""
                changed = changed_lines(diff)
                why = equivalent_reason(mutant, changed, equivalents)
                outcome.survivors.append({"mutant": mutant, "status": status, "changed": changed,
                                          "equivalent": why is not None, "why": why})


def changed_lines(diff: str) -> dict[str, str]:
    """The one removed and one added line of a mutant's diff, stripped."""
    removed = [line[1:].strip() for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return {"from": "\n".join(removed), "to": "\n".join(added)}


def function_of(mutant: str) -> str:
    """web.security.x_check_csrf__mutmut_3 -> web.security.x_check_csrf."""
    return mutant.rsplit("__mutmut_", 1)[0]


def equivalent_reason(mutant: str, changed: dict[str, str], equivalents: list[dict[str, str]]) -> str | None:
    """Why a survivor is equivalent, if benchmarks/mutation_equivalents.json lists it."""
    for entry in equivalents:
        if (entry["function"] == function_of(mutant) and entry["from"] == changed["from"]
                and entry["to"] == changed["to"]):
            return entry["why"]
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", default=DEFAULT_TARGETS, metavar="TARGET", help=f"any of {', '.join(TARGETS)} [default: {' '.join(DEFAULT_TARGETS)}]")
    parser.add_argument("--children", type=int, default=2, help="mutants run at once [default: 2]")
    parser.add_argument("--max-seconds", type=int, default=120, help="wall-clock limit of one test [default: 120]")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kb-mutation"), help="scratch folder")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "mutation.json")
    parser.add_argument("--sample", type=int, help="check a random sample of this many mutants per target "
                        "(the same sample each run; counts and scores are then of the sample)")
    parser.add_argument("--rescore", action="store_true",
                        help="read the results of the last run again (after editing mutation_equivalents.json)")
    parser.add_argument("--retest", action="store_true",
                        help="run the last run's survivors again against today's tests (after adding tests)")
    parser.add_argument("--list", action="store_true", help="print the targets and their tests, run nothing")
    args = parser.parse_args()
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name}: {' '.join(target.tests)}{'  (real model, loaded once)' if target.real_model else ''}")
        print(f"never: {' '.join(NEVER)}")
        return
    results = []
    cache = args.work / "build-cache"
    if not (args.rescore or args.retest):
        shutil.rmtree(cache, ignore_errors=True)
    for name in args.targets:
        work = args.work / name.replace("/", "-")
        if args.rescore:
            outcome = Outcome(name)
            read_results(work, outcome)
        elif args.retest:
            outcome = retest_survivors(name, work, args.children)
        else:
            outcome = run_target(name, work, args.children, args.max_seconds, cache, args.sample)
        summary = outcome.summary()
        results.append({**summary, "survivors": outcome.survivors})
        print(f"{name:16} {summary['mutants']:5} mutants  {summary['killed']:5} killed  {summary['survived']:4} survived"
              f"  {summary['no_tests']:4} no tests  {summary['timeouts']:3} timeouts  {summary['equivalent']:3} equivalent"
              f"  score {summary['score']:.1%}  non-equivalent {summary['score_non_equivalent']:.1%}"
              f"  ({summary['seconds']} s)", flush=True)
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    merged = {**previous.get("targets", {}), **{r["target"]: r for r in results}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"tool": "mutmut " + mutmut_version(), "targets": merged}, ensure_ascii=False,
                                   indent=1) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


def mutmut_version() -> str:
    """The installed mutmut's version."""
    from importlib.metadata import version

    return version("mutmut")


if __name__ == "__main__":
    main()
