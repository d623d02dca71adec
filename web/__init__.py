"""The Flask web UI and JSON API."""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    """``create_app`` imported at first use, so a module of the package (``web.agenda_files`` for ``kb session
    show``) can be imported without the whole application."""
    if name == "create_app":
        from web.app import create_app

        return create_app
    raise AttributeError(f"module 'web' has no attribute {name!r}")
