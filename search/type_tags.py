"""Tags that name a document type (章程, status report, 周报 …): a tag suggestion does not lend one to a document of
another type (``Searcher.suggest_tags``): a charter of the same project is no status report."""

from __future__ import annotations

import re

from kb.models import DOC_TYPE_LABELS, DocType
from kb.text import normalize_tag

# Whole tag names, normalised (``normalize_tag``, then hyphens and underscores as spaces and an English plural's "s"
# dropped), besides each type's own labels (kb.models.DOC_TYPE_LABELS).
_NAMES: dict[DocType, tuple[str, ...]] = {
    DocType.RETROSPECTIVE: ("retro", "project retrospective", "sprint retrospective", "lessons learned report",
                            "复盘", "回顾", "项目回顾", "回顾会", "复盘会", "项目总结", "总结复盘", "项目复盘报告"),
    DocType.POST_MORTEM: ("postmortem", "post mortem", "incident report", "incident review", "事故报告", "故障报告",
                          "故障复盘", "事故复盘", "事故通报", "故障通报", "事故分析报告"),
    DocType.STATUS_REPORT: ("weekly status", "weekly report", "monthly status", "monthly report",
                            "progress report", "status update", "周报", "月报", "项目周报", "项目月报", "进度报告",
                            "状态报告", "周报告"),
    DocType.CHARTER: ("project charter", "章程", "立项", "立项报告", "立项书"),
    DocType.RISK_REGISTER: ("risk log", "风险登记", "风险清单", "风险登记表"),
    DocType.LESSONS_REGISTER: ("lessons log", "lessons learned register", "lesson register", "经验教训登记",
                               "经验教训登记表"),
}
_SEPARATORS = re.compile(r"[-_\s]+")


def _folded(name: str) -> str:
    text = _SEPARATORS.sub(" ", normalize_tag(name)).strip()
    return text[:-1] if text.isascii() and text.endswith("s") and not text.endswith("ss") else text


_TYPE_OF: dict[str, DocType] = {
    _folded(name): doc_type
    for doc_type, labels in DOC_TYPE_LABELS.items() if doc_type != DocType.OTHER
    for name in (*labels, *_NAMES.get(doc_type, ()))
}


def named_type(tag: str) -> DocType | None:
    """The document type a tag names as a whole ("status report", "Status Reports", "项目章程"), or None: "status
    reporting" and "charter scope" name a topic, not a type."""
    return _TYPE_OF.get(_folded(tag))


def lendable(tag: str, doc_type: str | None) -> bool:
    """Whether a tag may be suggested to a document of this type: any tag but one that names another type."""
    named = named_type(tag)
    return named is None or named.value == doc_type
