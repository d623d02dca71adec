"""The pages of benchmarks/pages_bench.py in Chromium, as a curator: time to the load event, the DOM's size.

    .venv/bin/python benchmarks/pages_browser.py --db STORE [--repeat 3] [--only NAME]

The app is served by waitress on 127.0.0.1 in this process; a curator's web session is set as a cookie (the store's
first curator or admin, as pages_bench.py). Figures are medians of ``--repeat`` loads after one to warm up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import BENCH_SECRET_KEY
from benchmarks.pages_bench import curator_session, pages
from kb.settings import Settings
from kb.store import Store
from web import create_app

CHROMIUM = "/usr/bin/chromium"
BROWSER_PAGES = ("home", "browse first page", "document", "lesson of it", "tags", "review queue", "subscribers",
                 "digest preview", "session builder")
TIMING = """() => { const n = performance.getEntriesByType('navigation')[0];
  return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd, document.getElementsByTagName('*').length]; }"""


def serve(app):
    """waitress on a free port, in a thread; returns the base URL and a function that stops it."""
    import waitress
    from waitress import wasyncore

    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            wasyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()

    def close() -> None:
        stop.set()
        thread.join(timeout=10)
        server.task_dispatcher.shutdown(timeout=5)
        wasyncore.close_all(server._map)

    return f"http://127.0.0.1:{server.effective_port}", close


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", action="append", help="only the pages whose name holds this text (repeatable)")
    args = parser.parse_args()
    app = create_app(Settings(db=args.db, secret_key=BENCH_SECRET_KEY))
    client = app.test_client()
    url, close = serve(app)
    with Store(args.db, create=False) as store, curator_session(store, client), sync_playwright() as p:
        chosen = {n: path for n, path in pages(store).items() if n.startswith(BROWSER_PAGES)
                  and (not args.only or any(o in n for o in args.only))}
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies([{"name": "kb_session", "value": client.get_cookie("kb_session").value, "url": url}])
        page = context.new_page()
        print("| page | server done | DOM ready | loaded | elements |")
        for name, path in chosen.items():
            runs = []
            for _ in range(args.repeat + 1):
                page.goto(url + path, wait_until="load", timeout=120_000)
                runs.append(page.evaluate(TIMING))
            ready = [statistics.median(r[i] for r in runs[1:]) for i in range(3)]
            print(f"| {name} | {ready[0]:.0f} ms | {ready[1]:.0f} ms | {ready[2]:.0f} ms | {runs[-1][3]:,} |", flush=True)
        browser.close()
    close()


if __name__ == "__main__":
    main()
