"""What Word shows of a paragraph's XML: its text with tracked insertions in and deletions, moved-away text, text
boxes (read apart, by ``ingest.docx_body``) and field codes out; its soft line breaks; whether it is bold throughout or a table of contents' line; and the
``w:val`` switches the other docx modules read."""

from __future__ import annotations

from typing import Any

from kb.text import normalize_space

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Not content: tracked deletions and moves' sources, text boxes (drawn beside the text, doubled in Fallback).
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}txbxContent", f"{MC}Fallback", f"{W}instrText", f"{W}delText"}


# A copy of a drawing's text boxes (``mc:Fallback`` draws the Choice again), tracked deletions and moved-away text.
NOT_SHOWN = (f"{MC}Fallback", f"{W}del", f"{W}moveFrom")


def ancestors(node: Any, top: Any) -> list[Any]:
    """A node's ancestors up to ``top`` (not included)."""
    out = []
    for ancestor in node.iterancestors():
        if ancestor is top:
            break
        out.append(ancestor)
    return out


def _soft_lines(written: str) -> list[str]:
    """A paragraph's lines where Shift+Enter broke it ("做得好的：⏎1. …⏎2. …"), for ``structure``; [] for one."""
    lines = [line for line in (normalize_space(part) for part in written.split("\n")) if line]
    return lines if len(lines) > 1 else []


def paragraph_text(p: Any) -> str:
    """The text Word shows for a paragraph: insertions in, deletions, moved-away text and field codes out."""
    out: list[str] = []
    stack = list(reversed(list(p)))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in _SKIP or not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            out.append(node.text or "")
        elif tag == f"{W}tab":
            out.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            out.append("\n")
        elif tag == f"{W}noBreakHyphen":
            out.append("-")
        elif tag == f"{W}p":
            continue  # a paragraph inside a paragraph (drawings): not this paragraph's text
        else:
            stack.extend(reversed(list(node)))
    return "".join(out)


def _toc_entry(p: Any) -> bool:
    """Whether a paragraph is a line of a table of contents by its link to a heading's "_Toc…" bookmark, whatever its
    style."""
    return any((link.get(f"{W}anchor") or "").startswith("_Toc") for link in p.iter(f"{W}hyperlink"))


def _all_bold(p: Any, style_bold: bool) -> bool:
    runs = [r for r in p.iter(f"{W}r") if normalize_space("".join(t.text or "" for t in r.iter(f"{W}t")))
            and not any(a.tag in _SKIP for a in r.iterancestors())]
    if not runs:
        return False
    for run in runs:
        b = run.find(f"{W}rPr/{W}b")
        if not (_on(b) if b is not None else style_bold):
            return False
    return True


def _val(element: Any) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def _on(element: Any) -> bool:
    return element is not None and _val(element) not in ("0", "false", "off")
