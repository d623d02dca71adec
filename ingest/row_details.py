"""How a table row's other columns follow its lesson as details: "Add a milestone (Owner: Kevin; Status: Open)", in a
Chinese row with full-width punctuation, "增加交付里程碑（编号：I-031；负责人：王芳）"."""

from __future__ import annotations

from kb.models import Language
from kb.text import detect_language


def chinese_row(cells: list[str]) -> bool:
    """Whether a row is written in Chinese: not English by ``detect_language``, a mixed row being a Chinese writer's
    with English terms or names, as a register's row is (``ingest.register._sections``): "加强评审 | I-031 | Li Wei"."""
    return detect_language(" ".join(cells)) is not Language.EN


def detail(name: str, value: str, chinese: bool = False) -> str:
    """A column's value as a detail of its row's lesson: "Owner: Kevin", or "负责人：王芳" in a Chinese row."""
    return f"{name}{'：' if chinese else ': '}{value}" if name else value


def join_details(details: list[str], chinese: bool = False) -> str:
    """A row's details as "Status: Blocked; Owner: Kevin" ("状态：阻塞；负责人：王芳" in a Chinese row): a detail's own
    closing full stop or semicolon is dropped before the separator (not "Blocked by the vendor.; Owner")."""
    return ("；" if chinese else "; ").join([unclosed(d) for d in details[:-1]] + details[-1:])


def with_details(text: str, details: list[str], chinese: bool = False) -> str:
    """A lesson with its row's details after it: "Add a milestone (Owner: Kevin)", "增加里程碑（负责人：王芳）"."""
    joined = join_details(details, chinese)
    if not details or not text:
        return text or joined
    return f"{text}（{joined}）" if chinese else f"{text} ({joined})"


def unclosed(text: str) -> str:
    """A detail without its own closing full stop or semicolon ("Blocked by the vendor." -> "Blocked by the vendor")."""
    return text[:-1] if text.endswith((".", ";", "。", "；")) and not text.endswith("..") else text
