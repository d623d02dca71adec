"""Causes found by looking: a Chinese line that opens with what a check, a debugging session or an experiment found, or
with the word 原因 set off by a comma ("经查发现，在写入buffer时，i,j对应的位置写错了", "检查发现稳压芯片焊点相连，导致短路",
"原因，高版本配置发生了变化", "经过实验，PS的arm核bootloader只作用一次，…"), is a root cause, in whatever document and
section it stands, when no other rule made anything of it (e-gen25zh: 5 such lines in the seen Chinese documents, all 5
annotated, in 4 repositories: a ray tracer's bug log, a line-following car's dated log, a React developer's setup record
and an FPGA debug record). Not what a test showed ("经过测试发现，不论哪种写法，都在1毫秒内完成了文件处理": a result),
nor "原因很简单：" (a lead-in)."""

from __future__ import annotations

import re

_HAN = re.compile(r"[\u3400-\u9fff]")
# The opening of a finding: checked, investigated or debugged, then found; the cause named with a comma after it; an
# experiment, a debugging or an investigation gone through.
_FOUND = re.compile(r"^\s*(?:\d{1,2}\s*[、.．]\s*)?(?:"
                    r"(?:经过?|经)(?:检)?查|经过?排查|(?:检查|调试|排查|debug)(?:之后|以后|后)?)[，,]?\s*(?:才|最终|终于|最后)?发现"
                    r"|^\s*(?:遇到这个问题[，,]\s*)?原因[，,]\s*\S"
                    r"|^\s*经过(?:实验|调试|排查)[，,]", re.IGNORECASE)
MIN_HAN = 8  # a finding says what was found: "经查发现，" alone is a lead-in


def found_cause(text: str) -> bool:
    """Whether a line opens with a cause found by looking (a check, a debugging session, an experiment), in Chinese."""
    return bool(_FOUND.match(text)) and len(_HAN.findall(text)) >= MIN_HAN
