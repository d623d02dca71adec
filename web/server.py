"""Serving the app: gunicorn manages one process per core (Python code holds the GIL, so threads alone use one
core), each loading the model and index once, after the fork; inside each, waitress (web/worker.py) reads whole
requests in an event loop and runs them on a few threads."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication

from kb.settings import Settings

if TYPE_CHECKING:
    from flask import Flask


class _Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from web import create_app

        limit_compute_threads(self.settings.threads)  # in the worker, after the fork
        app = create_app(self.settings)
        warm_up(app)
        return app


def compute_threads(workers: int) -> int:
    """Threads each process may give to numpy, torch and FAISS, so the processes do not fight over the cores."""
    return max(1, (os.cpu_count() or 1) // workers)


def limit_compute_threads(threads: int) -> None:
    """Cap FAISS's OpenMP threads (torch and the model get theirs from the 'threads' setting)."""
    import faiss

    faiss.omp_set_num_threads(threads)


def warm_up(app: Flask) -> dict[str, float]:
    """Load, before the first request, what the app's first searches would otherwise load themselves (the model,
    the indexes, every keyword term's postings, the feedback terms: search/warm.py), into the very index the views
    use (web/views/common.py: one per request, sharing these parts process-wide by index file), and the pinyin
    tables that sort the facets. Returns the seconds each part took."""
    from flask import g

    from kb.store import Store
    from kb.text import sort_key
    from search.warm import warm_up as warm_index
    from web.views.common import index

    settings: Settings = app.config["KB_SETTINGS"]
    with app.app_context():
        g.settings = settings
        g.store = Store(settings.db, create=False, migrate=False)  # closed with the context, as a request's
        took = warm_index(index())
    sort_key("供应商")  # imports pypinyin (about a second)
    return took


def serve(settings: Settings, *, host: str, port: int, workers: int, threads: int) -> None:
    """Run until stopped."""
    if not settings.threads:
        settings = settings.replace(threads=compute_threads(workers))
    limit_compute_threads(settings.threads)
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "web.worker.WaitressWorker",  # requests are read whole before a thread sees them
        "threads": threads,
        "timeout": 120,  # a worker whose event loop stops beating for this long is replaced
        "graceful_timeout": 30,
        "loglevel": "warning",
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "lessons-kb",
        "control_socket_disable": True,  # gunicorn 27's control socket is one path per user: servers would share it
    }
    _Server(settings, options).run()
