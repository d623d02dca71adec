"""What the API shows of a lesson row to the caller: ``contributed_by`` (who added it from the browser) to curators
only, as the contributions page and the review queue show it; ``null`` to everyone else."""

from __future__ import annotations

from typing import Any

from kb.store import Role
from web.security import can


def lessons_shown(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows as the caller may see them (the same dicts, changed in place)."""
    if not can(Role.CURATOR):
        for row in rows:
            row["contributed_by"] = None
    return rows
