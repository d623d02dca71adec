"""The names of each document type, in English and Chinese, besides its labels (``kb.models.DOC_TYPE_LABELS``) and
its value: read where a field asks for a type (front matter's ``type:``, a folder's defaults, a register's document
type column, a Word file's category: ``ingest.metadata.doc_type``) and where a tag names one (``search.type_tags``:
such a tag is not lent to a document of another type).

Names are compared folded (``fold``): case, width, hyphens and underscores, Traditional characters and an English
plural's "s" do not matter ("Status-Reports", "週報").
"""

from __future__ import annotations

import re

from kb.models import DOC_TYPE_LABELS, DocType
from kb.text import fold_traditional, normalize_tag

# A name here names its type both in a type field and as a whole tag.
TYPE_NAMES: dict[DocType, tuple[str, ...]] = {
    DocType.RETROSPECTIVE: ("retro", "project retrospective", "sprint retrospective", "lessons learned review",
                            "lessons learned report", "复盘", "回顾", "项目回顾", "回顾会", "复盘会", "项目总结", "总结复盘",
                            "项目复盘报告"),
    DocType.POST_MORTEM: ("postmortem", "incident report", "incident review", "事故报告", "故障报告", "故障复盘",
                          "事故复盘", "事件复盘", "问题复盘", "事故通报", "故障通报", "事故分析报告"),
    DocType.STATUS_REPORT: ("weekly status", "weekly report", "monthly status", "monthly report", "progress report",
                            "status update", "周报", "月报", "项目周报", "项目月报", "进度报告", "周报告"),
    DocType.CHARTER: ("project charter", "章程", "立项报告", "立项书"),
    DocType.RISK_REGISTER: ("risk log", "风险登记", "风险登记表", "风险清单", "风险台账"),
    DocType.LESSONS_REGISTER: ("lessons log", "lesson register", "lessons learned register", "经验教训登记",
                               "经验教训登记表", "经验教训清单"),
}
# Words that name a type only in a field that asks for one: as a tag each names a topic or more than one type (a
# retrospective tagged "risks" is about its risks, one tagged 立项 about the project's initiation; 总结 is a
# retrospective, a weekly report or a year's work summary).
FIELD_ONLY: dict[DocType, tuple[str, ...]] = {
    DocType.RETROSPECTIVE: ("总结",),
    DocType.STATUS_REPORT: ("status",),
    DocType.CHARTER: ("立项",),
    DocType.RISK_REGISTER: ("risks",),
    DocType.LESSONS_REGISTER: ("经验库",),
}
_SEPARATORS = re.compile(r"[-_\s]+")


def fold(name: str) -> str:
    """A name as names are compared: ``normalize_tag``, Traditional characters written Simplified, hyphens and
    underscores as spaces, an English plural's "s" dropped (not a word's own: "status", "analysis", "process")."""
    text = _SEPARATORS.sub(" ", fold_traditional(normalize_tag(name))).strip()
    plural = text.isascii() and text.endswith("s") and not text.endswith(("ss", "us", "is"))
    return text[:-1] if plural else text


def _table(*parts: dict[DocType, tuple[str, ...]], other: bool) -> dict[str, DocType]:
    return {fold(name): doc_type for doc_type, labels in DOC_TYPE_LABELS.items() if other or doc_type != DocType.OTHER
            for name in (doc_type.value, *labels, *(n for part in parts for n in part.get(doc_type, ())))}


_IN_FIELDS = _table(TYPE_NAMES, FIELD_ONLY, other=True)
_AS_TAGS = _table(TYPE_NAMES, other=False)


def field_type(value: str) -> DocType | None:
    """The type a field that asks for one names ("Status", "周报", "post-mortem", "其他"), or None."""
    return _IN_FIELDS.get(fold(value))


def tag_type(tag: str) -> DocType | None:
    """The type a tag names as a whole ("status report", "Status Reports", "项目章程"), or None: "status reporting",
    "charter scope" and "risks" name a topic, "other" no type."""
    return _AS_TAGS.get(fold(tag))
