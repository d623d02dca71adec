"""Domain types shared by ingestion, the store, search and the web UI."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class DocType(StrEnum):
    """What kind of project document this is."""

    RETROSPECTIVE = "retrospective"
    POST_MORTEM = "post_mortem"
    STATUS_REPORT = "status_report"
    CHARTER = "charter"
    RISK_REGISTER = "risk_register"
    LESSONS_REGISTER = "lessons_register"
    OTHER = "other"


class LessonKind(StrEnum):
    """The part of a retrospective a lesson came from."""

    WENT_WELL = "went_well"
    WENT_WRONG = "went_wrong"
    LESSON = "lesson"
    RECOMMENDATION = "recommendation"
    ACTION_ITEM = "action_item"
    ROOT_CAUSE = "root_cause"


# The lesson kinds that record a problem met (what went wrong, its root cause, a lesson learned from it): the earlier
# occurrences of a recurring problem, in similar past issues and the digest.
PROBLEM_KINDS = (LessonKind.WENT_WRONG.value, LessonKind.ROOT_CAUSE.value, LessonKind.LESSON.value)


class ReviewStatus(StrEnum):
    """A curator's verdict on a lesson; hidden lessons leave search for readers."""

    UNREVIEWED = "unreviewed"
    APPROVED = "approved"
    HIDDEN = "hidden"


class TagOrigin(StrEnum):
    """Where a tag link came from. Only front-matter links are replaced on re-ingestion."""

    FRONT_MATTER = "front_matter"
    CURATOR = "curator"
    SUGGESTION = "suggestion"


class Language(StrEnum):
    """Detected (or declared) language of a document."""

    ZH = "zh"
    EN = "en"
    MIXED = "mixed"


DOC_TYPE_LABELS: dict[DocType, tuple[str, str]] = {
    DocType.RETROSPECTIVE: ("Retrospective", "项目复盘"),
    DocType.POST_MORTEM: ("Post-mortem", "事后分析"),
    DocType.STATUS_REPORT: ("Status report", "状态报告"),
    DocType.CHARTER: ("Charter", "项目章程"),
    DocType.RISK_REGISTER: ("Risk register", "风险登记册"),
    DocType.LESSONS_REGISTER: ("Lessons register", "经验教训登记册"),
    DocType.OTHER: ("Other", "其他"),
}

LESSON_KIND_LABELS: dict[LessonKind, tuple[str, str]] = {
    LessonKind.WENT_WELL: ("Went well", "做得好的"),
    LessonKind.WENT_WRONG: ("Went wrong", "需要改进"),
    LessonKind.LESSON: ("Lesson", "经验教训"),
    LessonKind.RECOMMENDATION: ("Recommendation", "改进建议"),
    LessonKind.ACTION_ITEM: ("Action item", "行动项"),
    LessonKind.ROOT_CAUSE: ("Root cause", "根本原因"),
}


@dataclass
class ParsedSection:
    """A heading and the text under it, as found in a file."""

    heading: str
    level: int
    text: str
    kind: LessonKind | None = None


@dataclass
class ParsedLesson:
    """One lesson found in a file, linked to its section by index."""

    kind: LessonKind
    text: str
    section_index: int | None = None
    title: str | None = None
    driving_event: str | None = None
    lesson: str | None = None
    recommendation: str | None = None
    tags: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    """Everything ingestion learned from one document, ready for the store."""

    key: str
    title: str
    doc_type: DocType = DocType.OTHER
    project: str | None = None
    department: str | None = None
    date: date | None = None
    authors: list[str] = field(default_factory=list)
    language: Language = Language.EN
    tags: list[str] = field(default_factory=list)
    raw_text: str = ""
    html: str = ""
    format: str = "text"
    encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    sections: list[ParsedSection] = field(default_factory=list)
    lessons: list[ParsedLesson] = field(default_factory=list)
    line: int | None = None  # where the document starts, for registers with one row per document

    def replace(self, **changes: Any) -> ParsedDocument:
        """Return a copy with some fields changed."""
        return dataclasses.replace(self, **changes)


@dataclass
class ParseWarning:
    """A problem inside a file that did not stop it from being stored (e.g. one bad register row)."""

    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class ParseResult:
    """What a parser returns for one file."""

    documents: list[ParsedDocument]
    warnings: list[ParseWarning] = field(default_factory=list)
