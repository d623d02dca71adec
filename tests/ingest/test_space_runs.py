"""A long run of spaces is read in one pass by the heading and table patterns (r-review).

Each pattern once began with ``\\s*`` (or a lazy part before one), so every space of a run was a new start that scanned
the rest of the run: at 16 KB of spaces ``_SUFFIX`` took 7.6 s, ``_PURPOSE`` 11.8 s, ``_BRACKETED`` and
``_CELL_BULLET`` 1.2 s, four times as long for each doubling. The calls run in a child process with a generous time
limit, so the quadratic form fails the test (100 KB: minutes) instead of hanging the suite. So are a long "what" line
and a long Chinese table, read by rules that took every cut of a line or every row for each row (r-review2).
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPACES = "' ' * 100_000"

CALLS = [
    ("from ingest.headings import _SUFFIX",
     f"_SUFFIX.sub('', 'Lessons' + {SPACES} + 'learned') == 'Lessons' + {SPACES} + 'learned'"),
    ("from ingest.headings import _PURPOSE",
     f"_PURPOSE.split('What could we do' + {SPACES} + 'better?')[0].strip() == 'What could we do' + {SPACES} + 'better?'"),
    ("from ingest.tables import column_kind", f"column_kind('成功点' + {SPACES} + '（What Went Well') is None"),
    ("from ingest.tables import _cell_points",
     f"_cell_points(['Write the tests' + {SPACES} + 'first']) == ['Write the tests first']"),
    ("from ingest.list_scans import _fix_field",
     f"not _fix_field('解决' + {SPACES} + '了') and _fix_field('**解决过程:** ') and _fix_field('3、解决方案')"),
]


@pytest.mark.parametrize(("imports", "check"), CALLS, ids=["suffix", "purpose", "bracketed", "cell_bullet", "fix_field"])
def test_a_long_run_of_spaces_is_read_in_one_pass(imports: str, check: str) -> None:
    done = subprocess.run([sys.executable, "-c", f"{imports}\nprint({check})"], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=20)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr


def test_a_long_what_line_is_read_in_one_pass() -> None:
    """A "what" line of more than seven words without a stop is no form's prompt; ``_WHAT_PROMPT`` once took a word as
    one or more pieces (``(\\S+\\s*){1,7}``), and tried every cut before it said no: "what", a 60-letter word and
    eight more took 14 s, a longer line hours (r-review2). Now each word is one piece."""
    line = "'What ' + 'x' * 60 + ' y' * 8 + ' and the team should talk with the client more often' * 20"
    check = f"not never_a_lesson({line}) and never_a_lesson('What I am unsure about')"
    done = subprocess.run([sys.executable, "-c", f"from ingest.non_lessons import never_a_lesson\nprint({check})"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=20)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr


def test_a_long_chinese_table_s_rows_are_read_once() -> None:
    """A Chinese document's lessons of foreign words alone are no lessons unless they are a table's cells
    (``ingest.document._worded``); each lesson's section was read line by line to ask, the foreign or not: a register
    of 4,000 rows in one section, 1.3 s, 30,000 rows over a minute (r-review2). Now only a lesson of foreign words
    alone asks, and a cell of them is kept."""
    check = ("len(_worded(lessons, Language.ZH, [section])) == 30_001 "
             "and _worded([ParsedLesson(LessonKind.LESSON, 'Testing & Deployment', 0)], Language.ZH, [section]) == []")
    setup = ("from ingest.document import _worded\n"
             "from kb.models import Language, LessonKind, ParsedLesson, ParsedSection\n"
             "rows = [f'{i} | 供应商交付延期第{i}次 | 合同应约定分批交付日期' for i in range(30_000)] + ['31 | Numpy float32 | x']\n"
             "section = ParsedSection(heading='问题登记', level=1, text='\\n'.join(rows))\n"
             "lessons = [ParsedLesson(LessonKind.WENT_WRONG, f'供应商交付延期第{i}次', 0) for i in range(30_000)]\n"
             "lessons.append(ParsedLesson(LessonKind.WENT_WRONG, 'Numpy float32', 0))")
    done = subprocess.run([sys.executable, "-c", f"{setup}\nprint({check})"], check=False, cwd=ROOT,
                          capture_output=True, text=True, timeout=20)
    assert (done.returncode, done.stdout.strip()) == (0, "True"), done.stderr
