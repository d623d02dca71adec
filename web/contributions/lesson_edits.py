"""A contributor's corrections of a published document's lessons, merged into those it already has.

Corrections name each lesson by the text it was read with (``kb.store.lesson_corrections``); the document's page
shows the lessons as corrected. So a lesson edited here is traced back: to a lesson added earlier (its entry is
changed, or dropped), to one corrected earlier (its correction is changed), or else to a lesson as it was read
(a new correction, which names the lesson's section too). A correction that matched no lesson when the file was last
read (``unmatched``) is listed apart on the edit form, to be forgotten there.
"""

from __future__ import annotations

from typing import Any


def unmatched(existing: dict[str, Any] | None) -> list[tuple[int, dict[str, Any]]]:
    """The corrections that matched no lesson when the file was last read, each with its place among them all (what
    the edit form's ``forget`` names)."""
    return [(i, c) for i, c in enumerate((existing or {}).get("changed", [])) if c.get("unmatched")]


def merged_corrections(existing: dict[str, Any] | None, stored: list[dict[str, Any]], edits: dict[int, dict[str, Any]],
                       added: list[dict[str, str]], forget: set[int] | None = None) -> dict[str, list[dict[str, Any]]]:
    """The document's lesson corrections with these edits made.

    Args:
        existing: its corrections so far (``{"changed": [...], "added": [...]}``), or None.
        stored: its lessons as stored (``id``, ``kind``, ``text``, ``section``), in their order.
        edits: by lesson id, what changed of it: ``kind``, ``new_text``, ``drop``.
        added: lessons to add (``kind``, ``text``).
        forget: unmatched corrections to forget, by their place (``unmatched``).
    """
    changed = [{"forget": True} if i in (forget or set()) and c.get("unmatched") else dict(c)
               for i, c in enumerate((existing or {}).get("changed", []))]
    adds: list[dict[str, Any] | None] = [dict(a) for a in (existing or {}).get("added", [])]
    for lesson, origin in zip(stored, _origins(stored, changed, adds), strict=True):
        edit = edits.get(lesson["id"])
        if not edit:
            continue
        where, index = origin
        if where == "added":
            adds[index] = None if edit.get("drop") else {"kind": edit.get("kind") or adds[index]["kind"],  # type: ignore[index]
                                                         "text": edit.get("new_text") or lesson["text"]}
        elif where == "changed":
            changed[index] = _rechanged(changed[index], edit)
        else:
            where = {"section": lesson["section"]} if lesson.get("section") else {}
            changed.append({"text": lesson["text"], **where, **edit})
    return {"changed": [c for c in changed if "forget" not in c and set(c) - {"text", "section", "at", "unmatched"}],
            "added": [a for a in adds if a is not None] + list(added)}


def _origins(stored: list[dict[str, Any]], changed: list[dict[str, Any]],
             adds: list[dict[str, Any] | None]) -> list[tuple[str | None, int]]:
    """Where each stored lesson came from: ("added", i), ("changed", i) or (None, -1) for a lesson as read."""
    used: set[tuple[str, int]] = set()
    out: list[tuple[str | None, int]] = []
    for lesson in stored:
        found = next((("added", i) for i, a in enumerate(adds) if a and a["text"] == lesson["text"]
                      and ("added", i) not in used), None) or \
            next((("changed", i) for i, c in enumerate(changed) if "text" in c and not c.get("drop")
                  and not c.get("unmatched")
                  and c.get("new_text", c["text"]) == lesson["text"] and ("changed", i) not in used), None)
        if found:
            used.add(found)
        out.append(found or (None, -1))
    return out


def _rechanged(change: dict[str, Any], edit: dict[str, Any]) -> dict[str, Any]:
    if edit.get("drop"):
        return {"text": change["text"], "drop": True}
    out = {**change, **edit}
    if out.get("new_text") == out["text"]:
        out.pop("new_text")
    return out
