"""Terminal output: aligned tables that respect wide (Chinese) characters, and JSON."""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import click

from kb.text import display_width, graphemes, truncate
from kb.wording import number

READABLE = 30  # columns a table's last column (a title, a lesson) is given before the first is made narrower
KEY_MIN = 24  # the first column is never made narrower than this (nor its header)


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], *, max_widths: Sequence[int] | None = None,
          width: int | None = None) -> str:
    """Format rows as a left-aligned text table; cells but the first of a row are cut to ``max_widths`` columns, and
    then, widest first, to fit lines of ``width`` columns (default: the terminal's, ``terminal_width``; 0 or no
    terminal: not cut to fit). The first column is what a row is known by (a key, an id, an address, a tag): what the
    next command takes, so it is never cut."""
    cells = [[_cell(v) for v in row] for row in rows]
    if max_widths:
        cells = [[row[0], *(truncate(c, w) for c, w in zip(row[1:], max_widths[1:]))] for row in cells]
    widths = [max([display_width(h), *(display_width(r[i]) for r in cells)]) for i, h in enumerate(headers)]
    limit = terminal_width() if width is None else width
    if limit:
        firsts = [display_width(row[0]) for row in cells]
        widths = _shared(_fitted(widths, _floors(widths, headers, cells), limit), widths, firsts, headers, limit)
        cells = [[row[0], *(truncate(c, w) for c, w in zip(row[1:], widths[1:]))] for row in cells]
    lines = [_line(headers, widths), "  ".join("-" * w for w in widths)]
    for row in cells:
        if display_width(row[0]) > widths[0]:  # a key longer than its column: whole, on a line of its own
            lines.extend([row[0], _line(["", *row[1:]], widths)])
        else:
            lines.append(_line(row, widths))
    return "\n".join(lines)


def squeezed(text: str, width: int) -> str:
    """Text for one line of at most ``width`` columns: control characters shown escaped (a file named with a line
    break broke a progress bar in two), and the middle cut out with an ellipsis where it is too wide, its end kept
    ("reading 大型经验教训登记表…完整记录.jsonl (1.8 MB)": a name's extension and the size after it)."""
    text = "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text)
    if display_width(text) <= width:
        return text
    clusters = graphemes(text)
    head_room = max(width - 1, 0) // 2
    head, used = 0, 0
    while head < len(clusters) and used + display_width(clusters[head]) <= head_room:
        used += display_width(clusters[head])
        head += 1
    tail, room = len(clusters), max(width - 1, 0) - used
    while tail > head and display_width(clusters[tail - 1]) <= room:
        room -= display_width(clusters[tail - 1])
        tail -= 1
    return "".join(clusters[:head]) + "…" + "".join(clusters[tail:])


def terminal_width() -> int | None:
    """The width tables fit: $COLUMNS when set (COLUMNS=60 kb docs), else the terminal's when standard output is
    one; None when it is a file or a pipe (their lines are not cut)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?")  # a date, or a date and time to the minute


def _floors(widths: list[int], headers: Sequence[str], cells: list[list[str]]) -> list[int]:
    """How narrow each column may be cut: to its header or 10 columns, and never below its dates and times (a date,
    "2026-12-15 14:30": "2026-12-0…" in kb tag history, kb user tokens and kb session list at COLUMNS=60); the last,
    the free text of every table here, to 16; the first, what a row is known by in every table here (a key, an id,
    an address, a tag), not at all: it is what is copied into the next command."""
    floors = [min(w, max(display_width(h), 10)) for w, h in zip(widths, headers)]
    floors[-1] = min(widths[-1], max(display_width(headers[-1]), 16))
    for i in range(1, len(widths)):
        floors[i] = max([floors[i], *(len(row[i]) for row in cells if _STAMP.fullmatch(row[i]))])
    floors[0] = widths[0]
    return floors


def _shared(fitted: list[int], natural: list[int], firsts: list[int], headers: Sequence[str], limit: int) -> list[int]:
    """The first column gives the last (a title, a lesson) room to read when, kept as wide as its widest cell, it
    left the last under ``READABLE`` columns and the line has room for both (one 84-column key gave every title of
    'kb docs' 16 columns at COLUMNS=160, "数据中台建设三…"): the first keeps what nine in ten of its cells
    (``firsts``) need, and no more than the widest that fits beside a readable last, which has the rest. A cell
    longer than its column then has a line of its own. On a terminal too narrow for a readable last column beside
    ``KEY_MIN``, nothing changes."""
    room = min(fitted[0] + fitted[-1], limit - sum(fitted[1:-1]) - 2 * (len(fitted) - 1))
    wanted = min(natural[-1], READABLE)
    first_min = max(display_width(headers[0]), KEY_MIN)
    if not firsts or len(fitted) < 2 or room - fitted[0] >= wanted or room - first_min < wanted:
        return fitted
    most = sorted(firsts)[math.ceil(len(firsts) * 0.9) - 1]
    fitting = max((w for w in firsts if w <= room - wanted), default=first_min)
    first = max(min(most, fitting), first_min)
    return [first, *fitted[1:-1], min(room - first, natural[-1])]


def _fitted(widths: list[int], floors: list[int], limit: int) -> list[int]:
    """Column widths narrowed, the widest first and none below its floor, until a line fits ``limit`` columns."""
    widths = list(widths)
    excess = sum(widths) + 2 * (len(widths) - 1) - limit
    while excess > 0:
        room = [w - f for w, f in zip(widths, floors)]
        widest = max(range(len(widths)), key=lambda i: (widths[i] if room[i] > 0 else -1, i))
        if room[widest] <= 0:
            break
        widths[widest] -= 1
        excess -= 1
    return widths


def _line(values: Sequence[str], widths: Sequence[int]) -> str:
    padded = [v + " " * (w - display_width(v)) for v, w in zip(values, widths)]
    return "  ".join(padded).rstrip()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return " ".join(str(value).split())


def echo_json(data: Any) -> None:
    """Print data as indented JSON (UTF-8, Chinese unescaped)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def local_time(stamp: str | None) -> str:
    """A stored UTC time as a person reads it, in this machine's time zone (``TZ`` too), to the minute:
    '2026-12-05T08:19:22+00:00' -> '2026-12-05 16:19' in Shanghai; '' for none. JSON keeps the stored ISO form."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is None:  # stored without an offset: UTC, as every time kb stores
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def human_duration(seconds: float) -> str:
    """How long something took, as a person reads it: '4.87 s' under a minute, then '20 min 35 s', '2 h 05 min'
    (a long reindex said '1234.56 s')."""
    if seconds < 60:
        return f"{seconds:.2f} s"
    whole = round(seconds)
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole % 3600 // 60:02d} min"


def human_bytes(n: float) -> str:
    """1536 -> '1.5 KB'."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def listed(offset: int, shown: int, total: int, noun: str) -> str:
    """Which of how many a page of a listing shows: "1-50 of 1,099 lessons", "1-1 of 1 document", "0 lessons", or
    "none past the 132 documents (--offset 200)" for an offset beyond the last (it read "0-200 of 132 documents")."""
    nouns = noun if total != 1 else noun.removesuffix("s")
    if shown:
        return f"{number(offset + 1)}-{number(offset + shown)} of {number(total)} {nouns}"
    if total:
        return f"none past the {number(total)} {nouns} (--offset {number(offset)})"
    return f"0 {noun}"
