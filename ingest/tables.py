"""Tables in Word and PowerPoint files: a table whose header reads like a lessons register becomes lessons.

A header such as 问题 | 原因分析 | 改进措施 | 责任人 | 状态 or Issue | Root cause | Action | Owner makes each data
row a set of lessons, one per kind column (问题 → went wrong, 原因 → root cause, 改进措施 → action item, ...),
each carrying the row's owner, status and due date; the column names are matched as lesson registers match
theirs (``ingest.register``). A table of problems met, each beside its cause or fix (坑 | 根因 | 修复方案, 现象 | 原因 | 解决, Symptom | Cause |
Resolution), is read row by row too: each row is one went-wrong lesson, the problem with its cause kept in it
("品类匹配子串污染 — 根因：keys 未排序") and its fix as the lesson's recommendation ("keys 按长度降序"), as a "问题：" line
and the "解决：" line after it are read (``ingest.structure``). Any other table stays text of its section (and under a
retrospective heading its rows are lessons of that heading's kind, as in Markdown).
"""

from __future__ import annotations

import html
import re

from ingest.blocks import Block, TableLesson
from ingest.kind_words import announced_kind
from ingest.kind_words import column_kind as named_kind
from ingest.line_split import without_bullet
from ingest.register import column_field, normalize_column
from kb.models import LessonKind
from kb.text import is_cjk, normalize_space, shorten

# Register fields (ingest.register.FIELDS) -> the lesson kind a table column of that field states.
_FIELD_KINDS = {"root_cause": LessonKind.ROOT_CAUSE, "action": LessonKind.ACTION_ITEM,
                "lesson": LessonKind.LESSON, "recommendation": LessonKind.RECOMMENDATION}
# The register's "driving event" column names that name a problem (not "description" or "background").
_ISSUE_COLUMNS = {"issue", "issues", "problem", "problems", "what went wrong", "问题", "问题描述", "存在问题",
                  "存在的问题", "主要问题", "不足", "不足之处", "改进点", "待改进", "需要改进", "what could be better",
                  "what could have gone better", "what didn't go well"}
# The difficulties a closing report met, beside how each was solved ("难点 | 解决方案", "Challenge | Solution"): a
# problem column only where a fix column (``_FIX_COLUMNS``) stands beside it.
_DIFFICULTY_COLUMNS = {"难点", "技术难点", "困难", "遇到的困难", "遇到的问题", "挑战", "challenge", "challenges",
                       "difficulty", "difficulties", "obstacle", "obstacles"}
# How a row's problem was solved: the recommendation of the problem's lesson ("新用户无测试链余额", its fix "注册时…").
_FIX_COLUMNS = {"解决方案", "解决办法", "解决方法", "解决思路", "解决", "解决措施", "处理方法", "处理方式", "应对措施",
                "solution", "solutions", "fix", "resolution", "workaround", "how we solved it", "how it was solved"}
# A problem table's names for the problem met: pitfalls, symptoms, bugs ("坑 | 根因 | 修复", "Symptom | Cause | Fix").
_SYMPTOM_COLUMNS = {"坑", "坑点", "踩坑", "踩坑点", "踩过的坑", "现象", "现象描述", "问题现象", "故障现象", "故障描述", "症状",
                    "错误", "报错", "问题点", "bug", "bugs", "symptom", "symptoms", "pitfall", "pitfalls", "gotcha",
                    "gotchas", "issue description", "problem description"}
# How a problem was repaired, besides ``_FIX_COLUMNS``: "修复方案", "对策", "Fixed by", "Remedy".
_REPAIR_COLUMNS = {"修复", "修复方案", "修复方法", "修复办法", "修复措施", "修复方式", "对策", "应对", "应对方案", "处理", "处理方案",
                   "处理办法", "解决方式", "fixed by", "how fixed", "remedy", "remediation", "mitigation", "fixes"}
_WELL_COLUMNS = {"what went well", "went well", "做得好的", "亮点", "做得好的地方", "成功点", "成功经验", "优点"}
# "成功点（What Went Well）": a column named in two languages, one in brackets. The first name ends on a non-space
# (a lazy one tried \s* from each space of a run: quadratic; r-review).
_BRACKETED = re.compile(r"^(?P<a>[^(（]*[^(（\s])\s*[(（](?P<b>[^)）]+)[)）]\s*$")
# A column that asks how to do better with its row's item: "How to improve next time", "How can we improve?".
_FOLLOW_UP = re.compile(r"^how (to|can (we|i)|could (we|i)|will (we|i)|do (we|i)) (improve|do (it )?better|fix|avoid)")
_WENT_SLIP = re.compile(r"\b(didn['’]?t|did not) went ", re.IGNORECASE)
# A cell that says there is nothing to add: "No improvement needed", "None", "N/A", "-", "无".
_NONE_NEEDED = re.compile(r"^\W*(no\b|none\b|n/?a\b|nil\b|nothing\b|无|不需要|\W*$)", re.IGNORECASE)
# A board's count of votes beside each item ("What Went Well | Votes"): no lesson, and no detail of one.
_TALLY_COLUMNS = {"votes", "vote", "# votes", "no. of votes", "number of votes", "dots", "+1", "+1s", "likes", "票数",
                  "投票", "得票", "票"}
# Columns that qualify the row's lessons.
_DETAIL_COLUMNS = {"owner", "responsible", "assignee", "assigned to", "负责人", "责任人", "责任部门", "status", "状态", "进展",
                   "due", "due date", "deadline", "target date", "截止日期", "完成时间", "计划完成时间", "完成日期"}


def table_blocks(rows: list[list[str]]) -> list[Block]:
    """Blocks for a table given as rows of cell texts, the first row its header.

    A register-like table's rows carry their lessons (``Block.lessons``); other rows are plain rows.
    """
    written = [row for row in rows if any(normalize_space(c) for c in row)]
    if not written:
        return []
    rows = [[normalize_space(c) for c in row] for row in written]
    if (board := labelled_cells(written)) is not None:
        return [Block("row", _row_text(row), cells=row, lessons=lessons, cell_lines=_cell_lines(cells))
                for row, cells, lessons in zip(rows, written, board, strict=True)]
    header, body = rows[0], rows[1:]
    # A retrospective's table is read cell by cell in ``structure``, a register here row by row.
    kinds = {} if retro_columns(header) else register_columns(header)
    blocks = [Block("row", _row_text(header), cells=header, header=True, cell_lines=_cell_lines(written[0]))]
    for row, cells in zip(body, written[1:], strict=True):
        lessons = _row_lessons(header, row, kinds) if kinds else []
        blocks.append(Block("row", _row_text(row), cells=row, lessons=lessons, cell_lines=_cell_lines(cells)))
    return blocks


# A cell that opens with its label: "Accomplishments: • All three components … • The UI is …".
_CELL_LABEL = re.compile(r"^\s*(?P<label>[^:：•·▪◦●\d][^:：•·▪◦●]{1,28}?)\s*[:：]\s*(?P<rest>.*)$", re.DOTALL)
_CELL_BULLET = re.compile(r"[•·▪◦●]\s*")  # no leading \s*: quadratic on spaces; the points are stripped
# The quadrants of a FLAT board (Future directions, Lessons learned, Accomplishments, Thanks) that no heading names.
_BOARD_LABELS = {"future directions": LessonKind.RECOMMENDATION, "accomplishments": LessonKind.WENT_WELL,
                 "achievements": LessonKind.WENT_WELL}
BOARD_KINDS = 2


def labelled_cells(rows: list[list[str]]) -> list[list[TableLesson]] | None:
    """A board of labelled cells, as a FLAT or 4L retrospective lays out its quadrants ("Future directions: • … • …" |
    "Lessons learned: • …" over "Accomplishments: • …" | "Thank you: • …"): every filled cell opens with a label and
    BOARD_KINDS labels or more name kinds. Each row's lessons, one per point of a cell whose label names a kind (a point
    a line of the cell, or a bullet run into it); else None (a table with a header row)."""
    cells = [[[line for line in map(normalize_space, cell.splitlines()) if line] for cell in row] for row in rows]
    labels = [[_CELL_LABEL.match(lines[0]) if lines else None for lines in row] for row in cells]
    if any(lines and match is None for row, found in zip(cells, labels, strict=True)
           for lines, match in zip(row, found, strict=True)):
        return None
    kinds = [[_label_kind(match.group("label")) if match else None for match in found] for found in labels]
    if sum(1 for found in kinds for kind in found if kind) < BOARD_KINDS:
        return None
    return [[TableLesson(kind.value, point) for lines, match, kind in zip(row, found, row_kinds, strict=True)
             if match and kind for point in _cell_points([match.group("rest"), *lines[1:]])]
            for row, found, row_kinds in zip(cells, labels, kinds, strict=True)]


def _cell_points(lines: list[str]) -> list[str]:
    """The points of a labelled cell's lines: each line, split at bullets run into it, markers off."""
    return [normalize_space(_MARKER.sub("", point)) for line in lines for point in _CELL_BULLET.split(line)
            if any(ch.isalnum() for ch in point)]


def _label_kind(label: str) -> LessonKind | None:
    norm = normalize_column(label)
    return _BOARD_LABELS.get(norm) or column_kind(label) or named_kind(label)


def _cell_lines(cells: list[str]) -> list[list[str]]:
    """The lines of each cell as written (line breaks kept, blank lines dropped), or [] when none has two."""
    lines = [[line for line in map(normalize_space, cell.splitlines()) if line] for cell in cells]
    return lines if any(len(cell) > 1 for cell in lines) else []


def register_row_lessons(header: list[str], row: list[str]) -> list[TableLesson]:
    """The lessons a row of a register-like table states ([] when the header does not read like a register)."""
    kinds = {} if retro_columns(header) else register_columns(header)
    return _row_lessons(header, row, kinds) if kinds else []


def register_columns(header: list[str]) -> dict[int, LessonKind]:
    """The columns of a header that state lessons, by index, if the header reads like a register; else {}.

    It does when two columns state lessons (Issue + Action), or one does beside an owner, status or due column.
    """
    if (tallied := _tallied_column(header)) is not None:
        return dict([tallied])
    if (followed := _followed_column(header)) is not None:
        return dict([followed[:2]])
    kinds: dict[int, LessonKind] = {}
    details = 0
    for index, name in enumerate(header):
        kind = column_kind(name)
        if kind is not None:
            kinds[index] = kind
        elif normalize_column(name) in _DETAIL_COLUMNS:
            details += 1
    if not details and (problem := problem_table(header)) is not None:
        return {problem[0]: LessonKind.WENT_WRONG}
    if len(kinds) >= 2 or (kinds and details):
        return kinds
    problem = _problem_column(header)
    return {problem: LessonKind.WENT_WRONG} if problem is not None and kinds in ({}, {problem: LessonKind.WENT_WRONG}) \
        else {}


def _tallied_column(header: list[str]) -> tuple[int, LessonKind] | None:
    """The column of a retrospective board's table of one kind beside its votes ("What Went Well :) | Votes", "New
    Learnings | Votes", "做得好的 | 票数"), and its kind; else None. Each row is one lesson of that kind, its votes no
    part of it."""
    named = [(i, name) for i, name in enumerate(header) if name]
    if len(named) != 2 or not any(normalize_column(name) in _TALLY_COLUMNS for _, name in named):
        return None
    index, name = next((i, name) for i, name in named if normalize_column(name) not in _TALLY_COLUMNS)
    kind = column_kind(name) or named_kind(name) or announced_kind(name)
    return (index, kind) if kind is not None else None


def _followed_column(header: list[str]) -> tuple[int, LessonKind, int] | None:
    """The column of a lessons form's table that says what went well or wrong, its kind, and the column beside it that
    asks how to do better with that row's item ("What went well? | How to improve next time | Assigned to"); else None.
    Each row is one lesson of the first column's kind, its improvement kept in it (``_with_remedies``)."""
    follow = next((i for i, name in enumerate(header) if _FOLLOW_UP.match(normalize_column(name))), None)
    if follow is None:
        return None
    event = next(((i, kind) for i, name in enumerate(header) if i < follow and (kind := _kind_named(name))
                  in (LessonKind.WENT_WELL, LessonKind.WENT_WRONG)), None)
    return (event[0], event[1], follow) if event else None


def _kind_named(name: str) -> LessonKind | None:
    """The kind a column's name states, as a register or a heading names it ("What didn’t went well?" is what went
    wrong, however it is spelled)."""
    name = _WENT_SLIP.sub(r"\1 go ", name)
    return column_kind(name) or named_kind(name)


def problem_table(header: list[str]) -> tuple[int, list[int]] | None:
    """The problem column of a table of problems met and the columns that give each one's cause or fix, if the header
    reads like one ("# | 坑 | 根因 | 修复方案", "现象 | 原因 | 解决", "Symptom | Cause | Resolution"); else None.

    A row of such a table is one problem, and its cause and fix belong with it, not in lessons of their own. Not a
    register of actions (an action, owner, status or due column: "问题 | 原因 | 改进措施" gives its action items apart)
    nor a retrospective's board (a went-well column).
    """
    names = [normalize_column(name) for name in header]
    if any(name in _DETAIL_COLUMNS or name in _WELL_COLUMNS or column_field(name) == "action" for name in names) \
            or any(column_kind(name) == LessonKind.WENT_WELL for name in header):
        return None
    problem = next((i for i, name in enumerate(header) if names[i] in _DIFFICULTY_COLUMNS
                    or column_kind(name) == LessonKind.WENT_WRONG or named_kind(name) == LessonKind.WENT_WRONG), None)
    if problem is None:
        return None
    remedies = [i for i, name in enumerate(header) if i != problem and _remedy(name)]
    return (problem, remedies) if remedies else None


def _remedy(name: str) -> bool:
    """Whether a column gives a problem's cause or how it was fixed (``_repair``)."""
    return _repair(name) or column_field(name) == "root_cause"


def _fix_column(header: list[str]) -> int | None:
    """The column that says how each row's problem was solved ("解决方案", "Solution"), or None."""
    return next((i for i, name in enumerate(header) if normalize_column(name) in _FIX_COLUMNS), None)


def _problem_column(header: list[str]) -> int | None:
    """The problem column of a header that pairs problems with their fixes ("难点 | 解决方案", "问题 | 解决办法"), or
    None when the header has no fix column."""
    if _fix_column(header) is None:
        return None
    return next((i for i, name in enumerate(header) if normalize_column(name) in _DIFFICULTY_COLUMNS
                 or column_kind(name) == LessonKind.WENT_WRONG), None)


def column_kind(name: str) -> LessonKind | None:
    """The lesson kind a column of that name states (or either of its names, "成功点（What Went Well）"), or None."""
    m = _BRACKETED.match(name.strip())
    if m:
        return _column_kind(m.group("a")) or _column_kind(m.group("b"))
    return _column_kind(name)


def _column_kind(name: str) -> LessonKind | None:
    norm = normalize_column(name)
    if norm in _ISSUE_COLUMNS or norm in _SYMPTOM_COLUMNS:
        return LessonKind.WENT_WRONG
    if norm in _WELL_COLUMNS:
        return LessonKind.WENT_WELL
    field = column_field(name)
    return _FIELD_KINDS.get(field) if field else None


# A schedule's columns of time ("Action | Task Duration (days.hour) | Start | End", held 34's lessons-learned report): its
# "Start" is a date and its "Action" a task of the plan, not a retrospective's columns.
_SCHEDULE = re.compile(r"^(end|finish|end date|finish date|end time|(task )?duration\b.*)$")


def retro_columns(header: list[str]) -> dict[int, LessonKind]:
    """The columns of a retrospective's table by index, where its header names two kinds or more ("Mad | Sad | Glad",
    "Start | Stop | Continue", "优点 | 不足 | 建议", "Liked | Learned | Lacked | Longed for"); else {}. Each filled cell
    below such a header is lessons of its column's kind: the cells of a row are separate points, not one record.

    A register (问题 | 原因 | 措施, or any header with an owner, status or due column) is not one: its row is one
    record (``register_columns``), unless a column says what went well, which no register of problems has.
    """
    if any(normalize_column(name) in _DETAIL_COLUMNS or _SCHEDULE.match(normalize_column(name)) for name in header) \
            or problem_table(header):
        return {}
    # A register's own column names first ("改进点（What Could Be Better）" is what went wrong there), then headings'.
    kinds = {index: kind for index, name in enumerate(header)
             if (kind := column_kind(name) or named_kind(name)) is not None}
    if len(kinds) < 2 or register_columns(header) and LessonKind.WENT_WELL not in kinds.values():
        return {}
    return kinds


LABEL_CHARS = 20  # a row label is a word or two ("做得好的", "Went well"), not a sentence


def row_label(cells: list[str]) -> LessonKind | None:
    """The kind a two-column table's row names in its first cell ("做得好的" | "…", "To improve" | "…"), or None.

    Not a header of two kinds ("Went well" | "To improve"), nor a label beside a column name ("优点" | "描述", "What Went
    Well" | "Votes")."""
    filled = list(cells)
    while filled and not filled[-1]:
        filled.pop()
    if len(filled) != 2 or not filled[1] or len(filled[0]) > LABEL_CHARS:
        return None
    kind = named_kind(filled[0].rstrip(":："))
    if kind is None or named_kind(filled[1]) is not None or column_field(filled[1]) is not None \
            or normalize_column(filled[1]) in _DETAIL_COLUMNS or normalize_column(filled[1]) in _TALLY_COLUMNS:
        return None
    return kind


# A list marker a cell's line starts with: "- ", "• ", "1. ", "2、", "(3)".
_MARKER = re.compile(r"^\s*([-*](?=\s)|[•·▪◦]|\d{1,2}\s*([、．)）]|\.(?!\d))|[(（]\d{1,2}[)）])\s*")


def cell_points(block: Block, index: int) -> list[str]:
    """The points a table cell holds: each line of it (a list in the cell, paragraphs of a Word cell), markers off."""
    lines = block.cell_lines[index] if index < len(block.cell_lines) else []
    if not lines:
        lines = [block.cells[index]] if index < len(block.cells) else []
    # A point says something in words: not "/" or "-" put in a cell for "nothing".
    return [point for point in (normalize_space(_MARKER.sub("", line)) for line in lines)
            if any(ch.isalnum() for ch in point)]


def join_details(details: list[str]) -> str:
    """A row's details as "Status: Blocked; Owner: Kevin": a detail's own closing full stop or semicolon is dropped
    before the separator (not "Blocked by the vendor.; Owner" or "等供应商回复。; 负责人")."""
    return "; ".join([_unclosed(d) for d in details[:-1]] + details[-1:])


def _unclosed(text: str) -> str:
    return text[:-1] if text.endswith((".", ";", "。", "；")) and not text.endswith("..") else text


# A lesson column that holds only a reference ("D1", "A-12", "#4"): the action it names is written elsewhere (a meeting
# agenda's "Action | Person | Target Date" table of D1 … D8, held 33), so the cell states no lesson.
_REFERENCE_ONLY = re.compile(r"\s*([A-Za-z]{1,3}[-_ .]?\d{1,4}|#\s?\d{1,5}|\d{1,4})\s*")


def reference_only(cell: str) -> bool:
    """Whether a table's lesson cell holds only a reference ("D1", "#4"), no lesson (``_REFERENCE_ONLY``)."""
    return bool(_REFERENCE_ONLY.fullmatch(cell))


def _row_lessons(header: list[str], row: list[str], kinds: dict[int, LessonKind]) -> list[TableLesson]:
    row = [without_bullet(cell) for cell in row]  # "• Backlog refinement": a cell's typed bullet is no part of it
    details = [f"{header[i]}: {cell}" for i, cell in enumerate(row)
               if cell and i < len(header) and i not in kinds and normalize_column(header[i]) in _DETAIL_COLUMNS]
    first = next((row[i] for i in sorted(kinds) if i < len(row) and row[i]), None)
    title = shorten(first) if first else None
    lessons = []
    for index, kind in kinds.items():
        text = row[index] if index < len(row) else ""
        if not text or reference_only(text):
            continue
        fix = None
        if kind == LessonKind.WENT_WRONG or kind == LessonKind.WENT_WELL and _followed_column(header):
            text, fix = _with_remedies(text, header, row, kinds)
        if details and kind in (LessonKind.ACTION_ITEM, LessonKind.RECOMMENDATION):
            text = f"{text} ({join_details(details)})"
        lessons.append(TableLesson(kind.value, text, title if text != first else None, fix))
    return lessons


def _with_remedies(text: str, header: list[str], row: list[str], kinds: dict[int, LessonKind]) -> tuple[str, str | None]:
    """A problem with the cause its row gives beside it, in columns that are no lessons of their own ("git push 超时 —
    根因：网络慢", "Replica lag — Cause: no alert"), and how it was fixed ("GitHub API 直传", "Alert on lag"): the lesson's
    recommendation, as a "解决：" line after a "问题：" line is (else a long fix made the problem a small part of its
    lesson). A lessons form's "How to improve next time" stays in its row's lesson."""
    problem = problem_table(header)
    followed = _followed_column(header)
    columns = problem[1] if problem else [followed[2]] if followed else [i for i in [_fix_column(header)] if i is not None]
    filled = [i for i in columns if i not in kinds and i < len(row) and row[i] and not _NONE_NEEDED.match(row[i])]
    fixes = [i for i in filled if _repair(header[i])] if problem or not followed else []
    parts = [f"{header[i]}{'：' if is_cjk(header[i][:1]) else ': '}{_unclosed(row[i])}" for i in filled if i not in fixes]
    fix = ("；" if is_cjk(row[fixes[0]][:1]) else "; ").join(row[i] for i in fixes) if fixes else None
    if not parts:
        return text, fix
    return f"{text} — {('；' if is_cjk(parts[0][:1]) else '; ').join(parts)}", fix


def _repair(name: str) -> bool:
    """Whether a column says how a problem was fixed ("解决方案", "修复方案", "Resolution"), not why it arose."""
    norm = normalize_column(name)
    return norm in _FIX_COLUMNS or norm in _REPAIR_COLUMNS


def _row_text(cells: list[str]) -> str:
    return " | ".join(c for c in cells if c)


def blocks_html(blocks: list[Block]) -> str:
    """Escaped HTML for blocks, table rows as tables (formats that have no HTML of their own)."""
    from ingest.text_doc import blocks_html as plain_html

    out: list[str] = []
    run: list[Block] = []
    index = 0
    while index < len(blocks):
        if blocks[index].kind != "row":
            run.append(blocks[index])
            index += 1
            continue
        if run:
            out.append(plain_html(run))
            run = []
        end = index
        while end < len(blocks) and blocks[end].kind == "row":
            end += 1
        out.append(_table_html(blocks[index:end]))
        index = end
    if run:
        out.append(plain_html(run))
    return "\n".join(out)


def _table_html(rows: list[Block]) -> str:
    """A run of rows as an HTML table. A table of one row (a form's fragment between its rows of one cell) heads
    nothing: its cells are data, not header cells, whatever the first row of a table is taken for."""
    out = []
    for row in rows:
        cell = "th" if row.header and len(rows) > 1 else "td"
        texts = [_lines_html(lines) for lines in row.cell_lines] or [html.escape(c) for c in row.cells]
        out.append("<tr>" + "".join(f"<{cell}>{text}</{cell}>" for text in texts) + "</tr>")
    return "<table>\n" + "\n".join(out) + "\n</table>"


def _lines_html(lines: list[str]) -> str:
    """Lines of text as escaped HTML, a line break between each."""
    return "<br>".join(html.escape(line) for line in lines)
