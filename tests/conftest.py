"""Shared fixtures: a real SQLite store in a temporary folder, a CLI runner, file factories."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import threading
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kb.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"
# The one secret key the tests sign with: long and varied enough for kb serve, kb digest and the web app (a short
# key is refused: kb/secret_key.py). Not a key anything real uses.
TEST_SECRET_KEY = "lessons-kb-tests-only-3f9c2a7e51d84b06"

# The CLI cuts its tables to $COLUMNS when it is set (kb/display.py); the suite reads the CLI's output whole, as a
# file's. So no width from outside: one exported by the shell, or the 80 that GNU readline puts in the environment of
# the process that imports it, pytest-xdist's controller, whose workers inherited it (15 tests of a parallel run
# failed on cut tables).
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

# The app each running ``serving`` serves, by its base URL: a browser test's login made without the form reads the
# app's store and cookie signing from here (tests/web/browsing.py ``logged_in_page``)
SERVED: dict[str, Any] = {}

# The modules holding the suite's longest tests, longest first (the durations of a whole run, BENCHMARKS.md t-trim8,
# "Longest first"). On two workers a run ended with one worker still in a long test (a Ctrl-C or kill -9 test, a walk
# of every route) while the other had nothing left: pytest-xdist hands each worker a run of tests in collection order,
# alphabetical, and these sat late in it. Run first, they share the run's start with everything else, and its end is
# short tests, which the idle worker takes over (``--dist worksteal``). Each module's own order is kept.
LONGEST_FIRST = (
    "tests/test_interrupt.py",
    "tests/search/test_champion.py",
    "tests/test_crash.py",
    "tests/web/test_bad_values_walk.py",
    "tests/test_nasty_files.py",
    "tests/search/test_use_engine.py",
    "tests/test_context_model.py",
    "tests/test_concurrency.py",
    "tests/test_cli_json.py",
    "tests/ingest/test_mhtml.py",
    "tests/test_lint.py",
    "tests/digest/test_delivery.py",
    "tests/web/test_hidden_walk.py",
    "tests/search/test_fast_start.py",
)


def longest_first(items: list[Any]) -> list[Any]:
    """The tests of LONGEST_FIRST's modules first, in its order; the rest after them, as collected."""
    rank = {path: place for place, path in enumerate(LONGEST_FIRST)}
    return sorted(items, key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items[:] = longest_first(items)


def cheap_password_hash(password: str, **options: Any) -> str:
    """werkzeug's password hash with few iterations, for the tests' users: the default, scrypt, costs 0.16-0.25 s of
    CPU a hash and as much a check here, and a third of tests/web/test_contribute.py's CPU was hashing (BENCHMARKS.md,
    t-trim4). Checking reads the method from the hash, so nothing else changes."""
    import werkzeug.security

    return werkzeug.security.generate_password_hash(password, **{"method": "pbkdf2:sha256:1000", **options})


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A read-only folder that a session fixture builds (a store indexed with the real model).

    Built afresh for each pytest run, unless KB_TEST_BUILD_CACHE names a folder: then it is built there once and
    reused by later runs (benchmarks/mutation.py sets it, so each of its many short pytest runs skips the build).
    The workers of a parallel run (pytest-xdist, as scripts/test.sh runs the suite) share one build in the run's
    folder: the first to need it builds it while the others wait on a lock, then read it (each building its own
    took a core each for the shipped corpus's build).

    The build, and the wait for another worker's, do not count against the timeout of the test that asked first
    (``timeout_paused``): the shipped corpus's build took 187 s in a loaded run, and a worker that waited on it had
    spent most of its test's 300 s before the test began.
    """
    cache = os.environ.get("KB_TEST_BUILD_CACHE")
    if cache:
        root = Path(cache)
    elif os.environ.get("PYTEST_XDIST_WORKER"):
        root = tmp_path_factory.getbasetemp().parent  # this run's folder; each worker's own is under it
    else:
        base = tmp_path_factory.mktemp(name)
        with timeout_paused():
            build(base)
        return base
    base, done = root / name, root / f".{name}.built"
    with timeout_paused(), lock_beside(base):  # the wait for another worker's build paused too
        if not done.exists():
            # Built where it stays: a store remembers its files' paths (a build renamed into place afterwards had
            # its documents read again as new by every test's ingest, 5 digest and upload tests failing).
            shutil.rmtree(base, ignore_errors=True)  # a build stopped halfway
            base.mkdir()
            build(base)
            done.touch()
    return base


@contextmanager
def timeout_paused() -> Iterator[None]:
    """pytest-timeout's alarm for the running test stopped for the block, then set again to the time it had left: the
    run's shared builds are no one test's work. The alarm is the one its signal method sets (SIGALRM by ITIMER_REAL,
    the method on Linux, where the tests run in each process's main thread); a thread other than the main one, or no
    alarm set (no timeout, or the thread method), leaves everything as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    left, interval = signal.getitimer(signal.ITIMER_REAL)
    if not left:
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, left, interval)


@contextmanager
def serving(app, *, warm: bool = False) -> Iterator[str]:
    """The WSGI app served by waitress in a thread on a port of 127.0.0.1 the system picks; yields its base URL.

    With ``warm``, the app is first warmed as ``kb serve`` warms each worker (web/server.py ``warm_up``): else the
    first search page of a process reads CC-CEDICT and loads the model inside the request (22 s on a loaded 2-core
    machine, the first page view of a worker in test_accessibility.py, whose Chromium gives up on a page at 30 s).

    On exit the event loop is stopped and joined before any socket is closed: closing the server while its loop
    waits in select() makes that thread fail with EBADF, which pytest reports as an error in a later test."""
    import waitress
    from waitress import wasyncore

    if warm:
        from web.server import warm_up

        warm_up(app)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    port = server.effective_port
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=loop, name=f"waitress:{port}", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    SERVED[url] = app
    try:
        yield url
    finally:
        SERVED.pop(url, None)
        stop.set()
        thread.join(timeout=10)
        server.task_dispatcher.shutdown(timeout=5)  # before the trigger its tasks pull is closed
        with warnings.catch_warnings():
            # A static file a browser was still fetching as the test ended (the favicon) is dropped with its
            # connection here, its response never finished: the harness's stop, not a leak of the app (a fresh-clone
            # run failed one test's teardown on it, "unclosed file .../favicon.svg").
            warnings.simplefilter("ignore", ResourceWarning)
            wasyncore.close_all(server._map)
        # The dropped response's file is often in a reference cycle with its task and channel, and warns when the
        # collector frees it, in a later test: pyproject.toml's filter for static files covers that (no gc.collect()
        # here: the fresh-clone run of 359a1b6, which collected at each server's stop, took 703 s against cad48ab's
        # 583 s; tests/test_warning_filters.py).


@pytest.fixture(scope="session", autouse=True)
def shared_search_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One fast-start cache (search/fast_start.py: 100 MB, seconds to write, the same for every store) for the
    stores the CLI ingests in this session, instead of one each."""
    if "KB_CACHE_DIR" in os.environ:
        yield
        return
    os.environ["KB_CACHE_DIR"] = str(search_cache_folder(tmp_path_factory))
    yield
    os.environ.pop("KB_CACHE_DIR", None)


def search_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's fast-start cache folder: in a parallel run one for the run, in its folder (as ``built_once``
    shares builds), so the run's first default-model ingest writes it and every worker's later ones find it (each
    worker wrote its own: CC-CEDICT parsed and 187,216 rows written, about 13 s of CPU a worker; BENCHMARKS.md,
    t-trim9a). Its writes are safe side by side: each goes to a file of its own, renamed into place."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return tmp_path_factory.getbasetemp().parent / "search-cache" / "kb.cache"
    return tmp_path_factory.mktemp("search-cache") / "kb.cache"


@contextmanager
def lock_beside(path: Path) -> Iterator[None]:
    """A parallel run's workers' lock on making ``path`` (``built_once``'s builds, the fast-start cache, the tests'
    small CJK font): a file ``.{name}.lock`` beside it, held for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, or the process ends
        yield


def one_writer_at_a_time(write: Callable[..., bool], session_folder: Path) -> Callable[..., bool]:
    """``write_cache`` (search/fast_start.py) that writes the session's cache under ``lock_beside``: a second
    writer waits for the first's write, then finds the cache current and writes nothing. Other folders as before."""
    def one_at_a_time(folder: Path, **options: Any) -> bool:
        if Path(folder) != session_folder:  # a test's own folder
            return write(folder, **options)
        with lock_beside(session_folder):
            return write(folder, **options)

    return one_at_a_time


@pytest.fixture(scope="session", autouse=True)
def search_cache_written_once(shared_search_cache: None) -> Iterator[None]:
    """In a parallel run the workers write the run's fast-start cache one at a time (``one_writer_at_a_time``): when
    both workers' first ingests met, both wrote it; now the second waits, no longer than its own write would have
    taken, and writes nothing. kb processes the tests start write as before; a serial run has one writer (and does not
    import search.fast_start here)."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    from search import fast_start

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fast_start, "write_cache",
                      one_writer_at_a_time(fast_start.write_cache, Path(os.environ["KB_CACHE_DIR"])))
        yield


@pytest.fixture(scope="module")
def fast_start_cache_written(search_cache_written_once: None) -> None:
    """The session's fast-start cache written before the module's tests (once a run): for modules whose tests start
    many kb processes, each of which, before the cache, parsed CC-CEDICT and unpacked the model (14 of a first
    4-document ingest's 18 s of CPU; BENCHMARKS.md, t-trim9a), as no user's second ingest does. The path without
    the cache is tests/search/test_fast_start.py's."""
    from search.fast_start import write_cache

    with timeout_paused():  # the run's, not one test's work, as built_once's builds
        write_cache(Path(os.environ["KB_CACHE_DIR"]))  # nothing if it is there already


RUN_KB_THREADS = os.environ.get("KB_THREADS")  # as the run was given it (a worker's share is set below otherwise)


def worker_threads() -> int | None:
    """The compute threads of a pytest-xdist worker: its share of the cores, as ``kb serve`` gives each of its
    processes (web/server.py ``compute_threads``); None outside a parallel run."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 0)
    if workers < 2:
        return None
    from web.server import compute_threads

    return compute_threads(workers)


def sharing_cores(get_embedder: Callable[..., Any], share: int) -> Callable[..., Any]:
    """``get_embedder`` whose model takes ``share`` threads unless the caller names its own."""
    def shared(name: str, *, threads: int | None = None, cache: Path | None = None) -> Any:
        return get_embedder(name, threads=threads or share, cache=cache)

    return shared


@pytest.fixture(scope="session", autouse=True)
def compute_threads_shared_by_workers() -> Iterator[None]:
    """In a parallel run each worker takes its share of the cores for the model and FAISS, as each process of
    ``kb serve`` does (web/server.py), not one thread a core: with every core held by a worker, a query's encode on
    two BLAS threads waited for the second one's core, 60-170 ms of wall against 5-15 ms on one (BENCHMARKS.md,
    t-trim5). ``KB_THREADS`` is set to the share for the kb processes the tests start (their kill -9 and Ctrl-C
    trials: 58 -> 50 s of CPU for test_crash.py) unless the run was given one. Settings and tests that name their
    threads keep them; a serial run keeps the defaults."""
    share = worker_threads()
    if share is None:
        yield
        return
    import faiss

    import search.index
    from web.server import limit_compute_threads

    before = faiss.omp_get_max_threads()
    limit_compute_threads(share)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search.index, "get_embedder", sharing_cores(search.index.get_embedder, share))
        if RUN_KB_THREADS is None:  # the kb processes tests start, and the CLI's settings read from the environment
            patch.setenv("KB_THREADS", str(share))
        yield
    limit_compute_threads(before)


def builder_key(rule: Any, append_unknown: bool) -> tuple[Any, ...]:
    """What the URL builder werkzeug compiles for a routing rule is made of (``Rule._compile_builder``): the rule as
    written (its converters and their arguments), its parts as parsed (domain and path), its defaults, and whether
    unknown values are appended as a query; the converters' classes, which turn a default into its part."""
    defaults = tuple((name, repr(value)) for name, value in (rule.defaults or {}).items())
    converters = tuple((name, type(converter)) for name, converter in rule._converters.items())
    return rule.rule, tuple(rule._trace), defaults, converters, append_unknown


@pytest.fixture(scope="session", autouse=True)
def url_builders_compiled_once() -> Iterator[None]:
    """Every Flask app the session makes shares werkzeug's compiled URL builders: each rule's two builders (Python
    code generated and compiled for it) were 50 of create_app's 60 ms, paid by every web test (BENCHMARKS.md,
    t-trim5). A builder is a function of ``builder_key``'s parts, bound to its rule when used, so each app's rules
    build the URLs their own compilation would."""
    from werkzeug.routing.rules import Rule

    original = getattr(Rule, "_compile_builder", None)
    if original is None:  # a werkzeug whose private names moved: each app compiles its own, as without this fixture
        yield
        return
    compiled: dict[tuple[Any, ...], Any] = {}

    def compile_builder(self: Rule, append_unknown: bool = True) -> Any:
        try:
            key = builder_key(self, append_unknown)
        except AttributeError:  # a rule without the parts builder_key reads (another werkzeug): not shared
            return original(self, append_unknown)
        if key not in compiled:
            compiled[key] = original(self, append_unknown)
        return compiled[key]

    compile_builder.original = original  # type: ignore[attr-defined]  # tests/web/test_url_builders.py
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Rule, "_compile_builder", compile_builder)
        yield


@pytest.fixture(scope="session", autouse=True)
def templates_compiled_once() -> Iterator[None]:
    """Every Flask app the session makes (one a web test) shares one in-memory cache of compiled Jinja templates:
    compiling them again for each app took a third of a typical web test. Jinja checks each cached template against
    its source, so what is rendered is the same."""
    from flask import Flask
    from jinja2 import BytecodeCache
    from jinja2.bccache import Bucket

    class SessionCache(BytecodeCache):
        def __init__(self) -> None:
            self.compiled: dict[str, bytes] = {}

        def load_bytecode(self, bucket: Bucket) -> None:
            if bucket.key in self.compiled:
                bucket.bytecode_from_string(self.compiled[bucket.key])

        def dump_bytecode(self, bucket: Bucket) -> None:
            self.compiled[bucket.key] = bucket.bytecode_to_string()

    options = Flask.jinja_options
    Flask.jinja_options = {**options, "bytecode_cache": SessionCache()}
    yield
    Flask.jinja_options = options


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session, started only when a test asks for it (a start costs seconds)
    and shared by every test that does: the browser tests (tests/web/test_browser.py's ``browser``, which skips them
    when Chromium is missing) and a digest read on a phone (tests/digest/test_phone_reading.py). Each test opens a
    context of its own in it. Here rather than in tests/web/conftest.py: a module that imported it from there got
    a fixture of its own, a second Chromium, whose Playwright then failed inside the first one's loop."""
    from playwright.sync_api import sync_playwright

    from tests.web.test_browser import ARGS, CHROMIUM

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kb.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    s = Store(db_path)
    yield s
    s.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kb(runner: CliRunner, db_path: Path) -> Callable[..., Any]:
    """Run the CLI on the test's database: kb("tag", "list"); ok=False leaves the exit code to the test."""
    from kb.cli import cli

    def invoke(*args: str, ok: bool = True, input: str | None = None) -> Any:
        result = runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False, input=input)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file under tmp_path/docs: write("a/b.md", "text") or write("x.txt", b"bytes")."""
    base = tmp_path / "docs"

    def _write(rel: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode(encoding))
        return path

    _write.base = base  # type: ignore[attr-defined]
    return _write
