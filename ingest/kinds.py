"""The kind of each lesson the rules found, read again by a learned model from its words and its place.

The rules (``ingest.structure``, ``ingest.cues``, ``ingest.tables``) decide *that* a block is a lesson and give it a
kind: the kind its heading or label announces, else what a cue reads in it, else ``lesson``. Where no heading names
the kind, Chinese lessons are mostly left ``lesson`` though they tell a fault, a gain or what to do. The kind model
is a multinomial logistic regression over the features ``ingest.classify`` builds for a candidate (words and Chinese
character pairs of the text and its heading, cue phrases, the cue kind, the section's kind, shape) and a few more:
the rules' kind, whether a heading announced it, and cue phrases of each kind in both languages. It never adds or
drops a lesson: it may only change a kind, and only where the model file lets it (its ``scope``: every lesson, or
only those whose section announces no kind; a least confidence; languages switched off with a threshold above 1).
``benchmarks/kind_model.py`` fits it on the matched lessons of the annotated splits and measures it leaving one
split out; ``with use(model):`` reads kinds with a model. Ingestion uses none: measured so, no variant read kinds
better than the rules in both languages (BENCHMARKS.md, "A kind model (e-kind)").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ingest.classify import Candidate, Model, features, language
from kb.models import LessonKind, ParsedLesson, ParsedSection

__all__ = ["KindCandidate", "KindModel", "active_model", "kind_features", "predict", "rekind", "use"]

SCOPES = ("all", "unannounced")

# Phrases that say which kind a lesson is, in both languages (words of the languages, not of any document).
_KIND_CUES: dict[str, re.Pattern[str]] = {
    "recommendation": re.compile(r"建议|应该|应当|需要|要(?!求)|最好|尽量|务必|不要|别|\b(should|recommend|suggest|"
                                 r"consider|make sure|need to|ought to|better to|try to)\b", re.IGNORECASE),
    "action_item": re.compile(r"下次|下一步|下阶段|计划|将(会|要)?|后续|接下来|待办|负责人|截止|\b(next time|we will|"
                              r"we'll|will|plan to|going to|action items?|todo|owner|by (monday|friday|next))\b",
                              re.IGNORECASE),
    "went_wrong": re.compile(r"问题|不足|没有|没能|未能|失败|导致|缺乏|缺少|不够|困难|错误|延期|拖延|遗憾|踩坑|\b(problems?|"
                             r"issues?|failed|didn't|did not|couldn't|wasn't|lack(ed)?|struggled|difficult|late|"
                             r"went wrong|mistakes?)\b", re.IGNORECASE),
    "went_well": re.compile(r"顺利|成功|收获|做得好|不错|满意|按时|高效|良好|优点|亮点|\b(went well|worked well|"
                            r"success(ful(ly)?)?|proud|good|great|smooth(ly)?|on time|helped|enjoyed)\b", re.IGNORECASE),
    "lesson": re.compile(r"学到|学会|认识到|意识到|明白|体会|教训|经验|启发|\b(learn(ed|t)?|lessons?|realiz(ed|e)|"
                         r"takeaways?|understood)\b", re.IGNORECASE),
    "root_cause": re.compile(r"原因|根因|由于|因为|造成|根源|\b(because|due to|root cause|caused by|the cause)\b",
                             re.IGNORECASE),
}
_OPENS_DO = re.compile(r"^\s*(\d{1,2}[.、．)）]\s*)?(加强|增加|提高|提升|多|尽早|提前|及时|明确|建立|完善|做好|注意|保持|避免|"
                       r"use|add|keep|avoid|start|stop|make|write|plan|communicate|set)", re.IGNORECASE)


@dataclass(frozen=True)
class KindCandidate:
    """A lesson the rules found, with what the kind model may know of it."""

    text: str
    rule: str  # the rules' kind
    heading: str  # its section's heading ("" before the first)
    announced: str | None  # the kind its section's heading announced, if any
    heading_level: int
    title: str  # the document's title
    reflective: bool
    position: float  # its place among the document's lessons, 0 to 1


@dataclass(frozen=True)
class KindModel:
    """A kind model and where it applies: ``scope`` (every lesson, or only where no heading announced a kind) and the
    least probability of its best kind; ``model.thresholds`` above 1 switch a language off."""

    model: Model
    scope: str = "all"
    confidence: float = 0.0

    @classmethod
    def from_json(cls, data: dict) -> KindModel:
        if data.get("scope", "all") not in SCOPES:
            raise ValueError(f"scope {data.get('scope')!r}: one of {', '.join(SCOPES)}")
        return cls(Model.from_json(data), data.get("scope", "all"), float(data.get("confidence", 0.0)))

    def to_json(self) -> dict:
        return {"scope": self.scope, "confidence": self.confidence, **self.model.to_json()}


def kind_features(c: KindCandidate) -> list[str]:
    """The named features of a lesson for the kind model: ``ingest.classify.features`` of it, and its kind cues."""
    placed = Candidate(text=c.text, block="lesson", depth=0, heading=c.heading, section_kind=c.announced,
                       heading_level=c.heading_level, title=c.title, reflective=c.reflective, position=c.position,
                       doc_lessons=0, section_lessons=0)
    lang = language(c.text.strip())
    out = [f for f in features(placed) if not f.startswith(("doc_lessons:", "section_lessons:", "block:", "depth:"))]
    out += [f"rule:{c.rule}", f"rule:{c.rule}:{lang}", f"announced:{c.announced is not None}",
            f"rule_announced:{c.rule}:{c.announced is not None}:{lang}", f"opens_do:{bool(_OPENS_DO.match(c.text))}"]
    for kind, pattern in _KIND_CUES.items():
        if pattern.search(c.text):
            out += [f"kcue:{kind}", f"kcue:{kind}:{lang}"]
        if c.heading and pattern.search(c.heading):
            out.append(f"hcue:{kind}")
    return out


def predict(candidate: KindCandidate, kind_model: KindModel) -> LessonKind:
    """The kind of a lesson: the model's best, where the model applies and is sure enough; else the rules'."""
    rule = LessonKind(candidate.rule)
    if kind_model.scope == "unannounced" and candidate.announced is not None:
        return rule
    if kind_model.model.threshold_for(candidate.text) > 1.0:
        return rule
    probs = kind_model.model.probabilities(kind_features(candidate))
    best = max(kind_model.model.classes, key=probs.__getitem__)
    return LessonKind(best) if probs[best] >= kind_model.confidence else rule


def rekind(lessons: list[ParsedLesson], sections: list[ParsedSection], title: str, reflective: bool) -> None:
    """Give each lesson the kind the model in use reads in it (in place); with none in use, leave the rules' kinds.

    It runs in the builder (``ingest.builder``), not on the parsed document, because only there is all a candidate
    holds: whether the document looks back (``reflective``, read from its blocks by ``ingest.structure``), and the
    kinds as the later passes read them (a driving event's fields, a meeting's tasks). With no model in use it
    returns at once; ``benchmarks/kind_model.py`` records the candidates through it."""
    kind_model = active_model()
    if kind_model is None:
        return
    for i, lesson in enumerate(lessons):
        section = sections[lesson.section_index] if lesson.section_index is not None else None
        lesson.kind = predict(KindCandidate(
            text=lesson.text, rule=lesson.kind.value, heading=section.heading if section and section.level else "",
            announced=section.kind.value if section and section.kind else None,
            heading_level=section.level if section else 0, title=title, reflective=reflective,
            position=i / max(len(lessons), 1)), kind_model)


_active: list[KindModel | None] = []


@contextmanager
def use(kind_model: KindModel | None) -> Iterator[None]:
    """Read kinds with ``kind_model`` while the block runs; None: the rules' kinds. The benchmark's way in."""
    _active.append(kind_model)
    try:
        yield
    finally:
        _active.pop()


def active_model() -> KindModel | None:
    """The kind model in use, or None (the rules' kinds): none ships, as none read kinds better than the rules leaving
    one split out (BENCHMARKS.md, "A kind model (e-kind)")."""
    return _active[-1] if _active else None
