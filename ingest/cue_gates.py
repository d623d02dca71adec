"""What the content cues of both languages ask first: whether a text is Chinese prose (``chinese``: the Chinese cues of
``ingest.cues`` read it, else the English ones of ``ingest.english_cues``), and whether it says that its cause is not
known (``cause_unknown``: then the cause it names is no root cause)."""

from __future__ import annotations

import re

# A cause not found: "The root cause was not found yet", "Root cause unknown.", a label's "not yet determined",
# "目前根本原因尚不明确", "根因：待定". An English phrase must end its clause ("Unknown users could log in" is a cause); a Chinese one must
# name the cause (a cause is often "需求不明确") unless it is all the text.
_EN_UNKNOWN = (r"(still\s+|yet\s+|currently\s+|as\s+yet\s+|so\s+far\s+)?(not\s+(yet\s+)?(been\s+)?(found|known|identified|"
               r"determined|clear|understood|confirmed|established|clarified)|unknown|unclear|undetermined|under\s+investigation"
               r"|being\s+investigated|to\s+be\s+(determined|confirmed|investigated)|tbd)(\s+yet)?(?=\s*([.;,:!)—–-]|$))")
_NO_CAUSE = re.compile(r"^\W*((the\s+)?((root|underlying|exact|real|actual)\s+)?(cause|reason)s?\b(\s+of\s+[^.;:,]{1,60}?)?"
                       r"\s*(is|was|are|were|remains?|remained|has|have)?\s*[:：—–-]?\s*)?" + _EN_UNKNOWN
                       + r"|^[^。，,；;]{0,6}?(根本|真正|具体|故障|问题)?(原因|根因)[^。，,；;]{0,6}?(目前|暂时)?(暂|尚|仍|还|仍然)?"
                       r"(不明确?|未知|不清楚|未查明|未找到|没有?找到|待查|待定|待确认|待排查|(在|正在)(调查|排查|定位|分析))"
                       r"|^(未知|不明|待定|待查|待确认|暂无|不清楚|尚不明确|(仍|还)?在(调查|排查)中?)[。.]?$", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def cause_unknown(text: str) -> bool:
    """Whether a text says that the cause is not known ("Root cause unknown.", "目前根本原因尚不明确"): no root cause."""
    return bool(_NO_CAUSE.search(text.strip()))


def holds_chinese(text: str) -> bool:
    """Whether a text holds a Chinese character at all (a shape that is Chinese-only; ``chinese`` asks for prose)."""
    return bool(_CJK.search(text))


def chinese(text: str, least: int = 0) -> bool:
    """Chinese prose: at least ``least`` Chinese characters, and more of them than Latin letters (not an English line
    that names Chinese headings)."""
    cjk = len(_CJK.findall(text))
    return cjk >= least and cjk >= sum(ch.isalpha() for ch in text) / 2
