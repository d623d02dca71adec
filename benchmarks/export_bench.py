"""XLSX export of every lesson of a store (as /api/lessons?format=xlsx writes them): ``kb.export.to_xlsx``
(XlsxWriter) against the openpyxl writer it replaced, alternated in one process, CPU time (the machine's load does not
count), the files' sizes, and whether a reader gets the same cells (read back with openpyxl).

    KB_THREADS=1 .venv/bin/python benchmarks/export_bench.py --db /tmp/w-scale/kb.db --repeat 5 [--out FILE]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb import export
from kb.store import Filters, Store


def openpyxl_xlsx(head: list[str], rows: list[list[Any]]) -> bytes:
    """The writer before (kb/export.py until l-web2): openpyxl's workbook, kept whole in memory, then saved."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    for row in [list(head), *rows]:
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(export.FORMULA_STARTS):
                    cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cells(data: bytes) -> dict[str, Any]:
    """What a reader gets: the sheets, the frozen pane, custom widths, and each cell's value and quote prefix."""
    from openpyxl import load_workbook
    from openpyxl.utils.escape import unescape

    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    return {"sheets": book.sheetnames, "freeze": sheet.freeze_panes,
            "widths": {k: d.width for k, d in sheet.column_dimensions.items() if d.customWidth},
            "cells": {(c.row, c.column): (unescape(c.value) if isinstance(c.value, str) else c.value, c.quotePrefix)
                      for row in sheet.iter_rows() for c in row if c.value not in (None, "")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with Store(args.db, create=False) as store:
        lessons, _ = store.lessons(Filters(include_hidden=False), limit=10_000)
    rows = export.labelled(export.LESSON_COLUMNS, export.lesson_rows(lessons, "http://kb.example.org"), args.lang)
    head = export.header(export.LESSON_COLUMNS, args.lang)
    writers = {"openpyxl (before)": openpyxl_xlsx, "XlsxWriter (kb.export.to_xlsx)": export.to_xlsx}
    seconds: dict[str, list[float]] = {name: [] for name in writers}
    files: dict[str, bytes] = {}
    for _ in range(args.repeat):
        for name, write in writers.items():
            started = time.process_time()
            files[name] = write(head, rows)
            seconds[name].append(time.process_time() - started)
    before, after = (cells(data) for data in files.values())
    differ = [k for k in before["cells"].keys() | after["cells"].keys() if before["cells"].get(k) != after["cells"].get(k)]
    result = {"lessons": len(rows), **{name: {"cpu_seconds_median": round(statistics.median(s), 2),
                                              "cpu_seconds": [round(x, 2) for x in s], "kb": len(files[name]) // 1024}
                                       for name, s in seconds.items()},
              "same_sheets_freeze_widths": all(before[k] == after[k] for k in ("sheets", "freeze", "widths")),
              "cells": len(before["cells"]), "cells_differing": len(differ),
              "differing_are_cut_over_32767": all(after["cells"][k][0].endswith("…") for k in differ)}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
