"""Lessons by content: whether a paragraph, list item or table cell that no heading rule claimed is a lesson, and of
which kind, from what it says and where it stands.

The heading and label rules (``ingest.structure``) find lessons that a retrospective's layout announces. Many real
write-ups announce nothing: lessons told in prose, listed under headings that are the lessons themselves ("## 2. Just
pick a damn track"), or under a title that names no kind. For those, each block the rules left is scored by a small
multinomial logistic regression over transparent features — words and Chinese character pairs of the text and of its
section heading, cue phrases in both languages ("next time", "in hindsight", "应该", "吸取", "导致"), the block's shape
(list item or paragraph, length, numbering) and its context (section kind, position, whether the document looks back,
how many lessons the rules found there). ``benchmarks/lesson_classifier.py`` fits it on the annotated benchmark
documents and measures it leaving one split out at a time.

Switched on in ingestion for English only (``SHIPPED``, PARSER_VERSION 18). Measured leaving one split out, at
P(lesson) >= 0.7 it adds 26 English lessons over the 26 splits, 20 of them right (precision 0.923 -> 0.917, recall
0.711 -> 0.734), and on held 23 to 25, the splits most like documents nobody here has read, 14 with 12 right; in
Chinese it adds junk more often than lessons at every threshold tried, so its Chinese threshold is above 1 and its
Chinese weights are not shipped (BENCHMARKS.md, "A learned model on unseen documents (e-ml2)"). Re-measured at
PARSER_VERSION 32 on 31 splits (e-ml3): a model refitted on today's candidates is no better out of sample than this one
(held 26 to 29, which neither saw: +11 English lessons and +9 matched, against this one's +12 and +10) and still adds more
Chinese junk than lessons, so this file was kept. ``with use(model):`` scores the candidates that ``ingest.structure``
collects with another model, ``with use(None):`` with none (the rules alone).
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ingest.cues import cue_kind, judges
from kb.errors import ConfigError
from kb.models import LessonKind

__all__ = ["Candidate", "Model", "active_model", "features", "language", "score", "shipped", "use"]

NONE = "none"
# The model ingestion uses, fitted by ``benchmarks/lesson_classifier.py --model`` on every annotated split but the
# frozen ones.
SHIPPED = Path(__file__).with_name("lesson_model.json")


@dataclass(frozen=True)
class Candidate:
    """A block the heading rules did not make a lesson, with what the classifier may know of its place."""

    text: str
    block: str  # "para", "item" or "cell"
    depth: int  # list depth (0 for paragraphs)
    heading: str  # the heading of its section ("" before the first)
    section_kind: str | None  # what the rules read the section as (None: a heading that announces nothing)
    heading_level: int
    title: str  # the document's title
    reflective: bool  # the document looks back on work (``ingest.cues.reflective`` or its own prose)
    position: float  # where in the document, 0 to 1
    doc_lessons: int  # lessons the rules found in the whole document
    section_lessons: int  # ... and in this section
    column: str = ""  # a table cell's column header


# Cue phrases, by what they say. Lists of words of the languages, not of any document.
_CUES: dict[str, re.Pattern[str]] = {
    "should": re.compile(r"\b(should|shouldn't|ought to|must|need to|needs to|have to|has to)\b|应该|应当|需要|必须|务必|要注意",
                         re.IGNORECASE),
    "should_have": re.compile(r"\b(should|could|would) have\b|\bshould've\b|本应|本该|早该|早应该|当初(应该|要是)", re.IGNORECASE),
    "next_time": re.compile(r"\bnext time\b|\bin the future\b|\bgoing forward\b|\bfrom now on\b|下次|以后|今后|将来|下一次",
                            re.IGNORECASE),
    "hindsight": re.compile(r"\bin hindsight\b|\blooking back\b|\bin retrospect\b|\bif i (had|could)\b|\bif we (had|could)\b"
                            r"|回头看|回想|现在看来|如果当时|如果能|要是", re.IGNORECASE),
    "learned": re.compile(r"\blearn(ed|t|ing)?\b|\blessons?\b|\btakeaways?\b|\brealiz|\bdiscover|\bunderstood\b"
                          r"|学到|学会|收获|体会|认识到|意识到|明白|懂得|吸取|教训|经验|启发|感悟", re.IGNORECASE),
    "cause": re.compile(r"\broot cause|\bbecause\b|\bdue to\b|\bcaused\b|\bled to\b|\bresult(ed)? in\b|\bsince\b"
                        r"|原因|导致|由于|因为|造成|引起|根源|所以|以至于", re.IGNORECASE),
    "problem": re.compile(r"\b(problems?|issues?|mistakes?|fail(ed|ure|s)?|bugs?|wrong|struggl|difficult|hard|broke|lost"
                          r"|delay(ed)?|late|missed|lack(ed|ing)?|poor(ly)?|couldn't|didn't|wasn't|weren't)\b"
                          r"|问题|失败|错误|困难|不足|缺乏|缺少|没有|没能|未能|不够|遗憾|踩坑|坑|失误|混乱|拖延|延期|来不及|浪费", re.IGNORECASE),
    "good": re.compile(r"\b(well|good|great|success(ful(ly)?)?|worked|helped|happy|proud|glad|enjoy(ed)?|smooth(ly)?"
                       r"|effective(ly)?|improved|best)\b|做得好|不错|顺利|成功|有效|满意|高兴|开心|收获|提高|提升|优点|亮点", re.IGNORECASE),
    "we_modal": re.compile(r"\b(we|i|you|teams?)\s+(should|must|need|will|would|could|can|have to)\b"
                           r"|(我们|我|大家|团队)(应该|应当|需要|必须|要|会|可以|得)", re.IGNORECASE),
    "advice": re.compile(r"^\s*(always|never|don't|do not|avoid|make sure|try to|keep|start|stop|pick|use|plan|ask|be)\b"
                         r"|一定要|千万|切勿|不要|别|尽量|建议|最好", re.IGNORECASE),
    "action": re.compile(r"\b(will|plan to|going to|todo|action|owner|deadline)\b|计划|将会|下一步|后续|待办|负责人|截止",
                         re.IGNORECASE),
    "important": re.compile(r"\b(important|key|crucial|essential|critical|matters?)\b|重要|关键|核心|必要", re.IGNORECASE),
    "narrative": re.compile(r"\b(then|after that|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
                            r"|然后|接着|之后|首先|随后|当天|第二天|上午|下午|晚上", re.IGNORECASE),
    "thanks": re.compile(r"\b(thank|thanks|grateful|shout ?outs?|kudos)\b|感谢|谢谢|致谢", re.IGNORECASE),
    "first_person": re.compile(r"\b(we|our|us|i|my|me)\b|我们|我|咱们", re.IGNORECASE),
    "time": re.compile(r"\d{1,2}[:：]\d{2}|\d{4}[-/年]\d{1,2}|\b(am|pm|utc)\b", re.IGNORECASE),
    "code": re.compile(r"[{}<>=;$`]|\b(def|return|import|sudo|npm|pip|git)\b|https?://", re.IGNORECASE),
    "question": re.compile(r"[?？]\s*$"),
}
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z][a-z']+")
_NUMBERED = re.compile(r"^\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.、．)）:：]|^\s*[(（]\d{1,2}[)）]")
_SENTENCE_END = re.compile(r"[。！？.!?]")
_RETRO_TITLE = re.compile(r"lesson|retro|post-?mortem|takeaway|review|reflect|learn|what (went|we)|incident"
                          r"|总结|复盘|回顾|反思|教训|经验|心得|感想|体会|收获|小结|报告", re.IGNORECASE)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _lexical(text: str, prefix: str, limit: int = 400) -> list[str]:
    """English words and pairs of consecutive Chinese characters, each once, prefixed by where they come from."""
    text = _norm(text)[:limit]
    grams = set(_WORD.findall(text))
    cjk = "".join(ch if _CJK.match(ch) else " " for ch in text)
    for run in cjk.split():
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return [prefix + g for g in grams]


def _bucket(value: float, edges: tuple[float, ...]) -> int:
    return sum(value >= edge for edge in edges)


def language(text: str) -> str:
    """"zh" when a text has more Chinese characters than English words, else "en"."""
    return "zh" if len(_CJK.findall(text)) > len(_WORD.findall(text.lower())) else "en"


def features(c: Candidate) -> list[str]:
    """The named features of a candidate (each present feature counts 1)."""
    text = c.text.strip()
    cjk = language(text) == "zh"
    out = [f"block:{c.block}", f"lang:{'zh' if cjk else 'en'}", f"depth:{min(c.depth, 3)}",
           f"len:{_bucket(len(text), (15, 30, 60, 120, 250, 500))}",
           f"sentences:{min(len(_SENTENCE_END.findall(text)), 4)}",
           f"section:{c.section_kind or 'plain'}", f"hlevel:{min(c.heading_level, 4)}",
           f"pos:{_bucket(c.position, (0.1, 0.3, 0.6, 0.9))}", f"reflective:{c.reflective}",
           f"title_retro:{bool(_RETRO_TITLE.search(c.title))}", f"heading_retro:{bool(_RETRO_TITLE.search(c.heading))}",
           f"doc_lessons:{_bucket(c.doc_lessons, (1, 4, 12))}", f"section_lessons:{min(c.section_lessons, 2)}",
           f"numbered:{bool(_NUMBERED.match(text))}", f"colon_end:{text.endswith((':', '：'))}",
           f"heading_empty:{not c.heading}", f"heading_question:{c.heading.rstrip().endswith(('?', '？'))}"]
    for name, pattern in _CUES.items():
        if pattern.search(text):
            out.append(f"cue:{name}")
            out.append(f"cue:{name}:{'zh' if cjk else 'en'}")
    kind = cue_kind(text)
    out.append(f"cue_kind:{kind.value if kind else 'none'}")
    out.append(f"judges:{judges(text)}")
    out += _lexical(text, "w:")
    out += _lexical(c.heading, "h:", 80)
    if c.column:
        out += _lexical(c.column, "col:", 60)
    return out


@dataclass(frozen=True)
class Model:
    """Weights of a multinomial logistic regression: one row per class, by feature name."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # least probability that a candidate is some lesson (1 - P(none))
    # ... per language ("en", "zh", by ``language``), where it differs; above 1: that language's candidates are not read
    thresholds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(tuple(data["classes"]), tuple(data["bias"]),
                   {k: tuple(v) for k, v in data["weights"].items()}, float(data["threshold"]),
                   {k: float(v) for k, v in data.get("thresholds", {}).items()})

    def to_json(self) -> dict[str, Any]:
        return {"classes": list(self.classes), "bias": list(self.bias), "threshold": self.threshold,
                "thresholds": dict(sorted(self.thresholds.items())),
                "weights": {k: list(v) for k, v in sorted(self.weights.items())}}

    def threshold_for(self, text: str) -> float:
        """The least P(some lesson) at which a candidate of this text is one."""
        return self.thresholds.get(language(text.strip()), self.threshold)

    def probabilities(self, names: list[str]) -> dict[str, float]:
        logits = list(self.bias)
        for name in set(names):
            row = self.weights.get(name)
            if row:
                logits = [a + b for a, b in zip(logits, row)]
        top = max(logits)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp)
        return {k: e / total for k, e in zip(self.classes, exp)}


_active: list[Model | None] = []


@cache
def shipped() -> Model:
    """The model ingestion uses (``SHIPPED``), read once per process.

    Raises:
        ConfigError: the model's file is missing or not a model (else every file ingested would fail as unparsable).
    """
    try:
        return Model.from_json(json.loads(SHIPPED.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"the lesson model {SHIPPED} cannot be read ({type(exc).__name__}: {exc}); reinstall Lessons "
                          "KB, or write it again with benchmarks/lesson_classifier.py --model") from None


@contextmanager
def use(model: Model | None) -> Iterator[None]:
    """Score candidates with ``model`` instead of the shipped one while the block runs; None: with none (the rules
    alone). The benchmark's way in."""
    _active.append(model)
    try:
        yield
    finally:
        _active.pop()


def active_model() -> Model | None:
    """The model in use (the shipped one unless ``use`` says otherwise), or None: then ``ingest.structure`` hands no
    candidate to ``score``."""
    return _active[-1] if _active else shipped()


def score(candidate: Candidate, model: Model, floor: float | None = None) -> LessonKind | None:
    """The kind of lesson a candidate is, or None when it is none; ``floor``: a lower least probability than the
    model's, in a language whose candidates it reads."""
    threshold = model.threshold_for(candidate.text)
    if threshold > 1.0:
        return None
    if floor is not None:
        threshold = min(threshold, floor)
    probs = model.probabilities(features(candidate))
    if 1.0 - probs.get(NONE, 0.0) < threshold:
        return None
    best = max((k for k in model.classes if k != NONE), key=lambda k: probs[k])
    return LessonKind(best)
