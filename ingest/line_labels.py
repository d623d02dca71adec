"""What a label at the start of a line announces ("- What went well: good time management", "行动项：补充监控",
"Root Cause and Resolution: …", "遗留问题：…"): the kind of lesson it carries and the text after it; and the labels of a
problem met and of its fix ("问题：…" then "解决：…")."""

from __future__ import annotations

import re

from ingest.headings import _COMPILED, _HEADING_PATTERNS, as_kind, assessment_kind, classify_heading
from ingest.variants import fold_variants
from kb.models import LessonKind

# A line that starts with one of these labels carries a lesson of that kind whatever its section
# ("- What went well: good time management", "行动项：补充监控", "[Action Item] add alerts", "TODO: ...").
_INLINE = re.compile(
    r"^\s*(?:\*\*|__)?\[?(?P<label>what went well|went well|what went wrong|what didn'?t go (?:so )?well"
    r"|what did(?:n'?t| not) go (?:so )?well|what (?:have|did) (?:i|we) learn(?:ed|t)?|lessons? learn(?:ed|t)"
    r"|what worked(?: well)?|what did(?:n'?t| not) work|lessons?|key takeaways?|takeaways?|经验|心得|体会"
    r"|action items?|actions? (?:to (?:take|be taken)|taken)|todo|to-do|follow[- ]up|root cause|做得好的(?:地方|方面)?|做得不好的(?:地方|方面)?|不足|经验教训|教训|行动项|待办|改进措施"
    r"|整改措施|可能的?原因|原因|解决方案|解决办法|解决|优点|缺点|改进建议|建议|存在的?问题|踩?坑|问题\s*(?:\d{1,2}|[一二三四五六七八九十])"
    r"|(?:尚|仍|还)?未(?:能)?(?:实现|完成)(?:的)?(?:需求|功能|部分|任务)?|(?:优化|改进|整改|实施|处理|实践)?(?:效果|成效)|修改|重构|(?:改进|优化|修改)(?:方案|方法|思路|建议)|改进|优化|(?:原因)?分析)"
    # A qualifier in brackets names the kind where it says one: "教训（问题）：…" is what went wrong.
    r"(?:[（(](?P<qualifier>[^)）]{1,8})[)）])?\]?(?:\*\*|__)?\s*(?:[:：]|\])\s*(?:\*\*|__)?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL)
_INLINE_KIND = {"action item": LessonKind.ACTION_ITEM, "action items": LessonKind.ACTION_ITEM,
                # The action decided for an improvement, as a sprint form asks it ("Action to take: …", "Action Taken: …").
                **dict.fromkeys(["action to take", "actions to take", "action to be taken", "actions to be taken",
                                 "action taken", "actions taken"], LessonKind.ACTION_ITEM),
                "todo": LessonKind.ACTION_ITEM, "to-do": LessonKind.ACTION_ITEM, "follow-up": LessonKind.ACTION_ITEM,
                "follow up": LessonKind.ACTION_ITEM, "行动项": LessonKind.ACTION_ITEM, "待办": LessonKind.ACTION_ITEM,
                "改进措施": LessonKind.ACTION_ITEM, "整改措施": LessonKind.ACTION_ITEM,
                **dict.fromkeys(["what worked", "what worked well"], LessonKind.WENT_WELL),
                **dict.fromkeys(["what didn't work", "what didnt work", "what did not work"], LessonKind.WENT_WRONG),
                **dict.fromkeys(["lesson", "lessons", "takeaway", "takeaways", "key takeaway", "key takeaways", "经验", "心得",
                                 "体会"], LessonKind.LESSON),
                "root cause": LessonKind.ROOT_CAUSE, "原因": LessonKind.ROOT_CAUSE, "分析": LessonKind.ROOT_CAUSE,
                "原因分析": LessonKind.ROOT_CAUSE, "可能原因": LessonKind.ROOT_CAUSE,
                "可能的原因": LessonKind.ROOT_CAUSE, "解决": LessonKind.RECOMMENDATION,
                "解决方案": LessonKind.RECOMMENDATION, "解决办法": LessonKind.RECOMMENDATION,
                "优点": LessonKind.WENT_WELL, "缺点": LessonKind.WENT_WRONG,
                **dict.fromkeys(["存在问题", "存在的问题", "坑", "踩坑"], LessonKind.WENT_WRONG),
                "建议": LessonKind.RECOMMENDATION, "改进建议": LessonKind.RECOMMENDATION,
                # A proposed change beside a flaw ("缺点：…" then "修改：可以…", "重构：…").
                **dict.fromkeys(["修改", "重构", "改进", "优化", "改进方案", "改进方法", "改进思路", "优化方案", "优化方法",
                                 "优化思路", "修改方案", "修改方法", "修改思路", "修改建议", "优化建议"],
                                LessonKind.RECOMMENDATION)}


# A line labelled with the problem met, and one labelled with its fix ("问题：…" then "解决：…", "Problem: …" then
# "Solution: …"), as a troubleshooting note or a PDF report writes them.
PROBLEM_LABEL = re.compile(r"^\s*(?:\*\*|__)?(问题|问题描述|遇到的问题|难点|困难|故障|problem|issue|challenge|difficulty"
                           r"|obstacle)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*\S", re.IGNORECASE)
FIX_LABEL = re.compile(r"^\s*(?:\*\*|__)?(解决|解决方案|解决办法|解决方法|解决思路|解决措施|处理方法|处理办法|对策|solution|fix"
                       r"|resolution|workaround|remedy)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*\S", re.IGNORECASE)


def inline_label(text: str) -> tuple[LessonKind, str] | None:
    """A lesson kind set by a label at the start of a line, and the text after it ('' when nothing follows)."""
    m = _INLINE.match(fold_variants(text))  # one character for one: the rest is cut from the text as written
    if not m:
        return _titled_label(text) or _cjk_label(text)
    label = re.sub(r"\s+", " ", m.group("label").lower())
    rest = text[m.start("rest"):m.end("rest")].strip()
    qualified = as_kind(classify_heading(m.group("qualifier"))) if m.group("qualifier") else None
    if label.endswith(("效果", "成效")):  # "优化效果: 平均时延降低到10+ms": a result, judged by what it says
        return (assessment_kind(rest), rest) if rest else None
    kind = qualified or _INLINE_KIND.get(label) or as_kind(classify_heading(label))
    return (kind, rest) if kind else None


# A label set in title case as a heading is ("Root Cause and Resolution: The root cause was …", "Misleading
# Investigation/Debugging Paths: Initial focus on …"), a report's section run into its first paragraph.
_TITLED_LABEL = re.compile(r"^\s*(?P<label>[A-Z][\w'/-]*(?:\s+(?:[A-Z][\w'/-]*|and|or|of|the|to|for|&)){1,5})\s*:\s+"
                           r"(?P<rest>\S.*)$", re.DOTALL)


def _titled_label(text: str) -> tuple[LessonKind, str] | None:
    """A title-case label that the heading vocabulary names a kind of, and the text after it; else None."""
    m = _TITLED_LABEL.match(text)
    kind = as_kind(classify_heading(m.group("label"))) if m else None
    return (kind, m.group("rest").strip()) if kind else None


# A short Chinese label of a plan met or missed or of work left over ("遗留问题：域名校验尚不完善…", a 周报's line), named
# by _OTHER_WORDS alone: the whole heading vocabulary as labels ("问题：…如何提高…？", "亮点：…", "总结：…") added six
# junk lessons for two found over the tuned splits.
_CJK_LABEL = re.compile(r"^\s*(?P<label>[\u4e00-\u9fff]{2,6})\s*[:：]\s*(?P<rest>\S.*)$", re.DOTALL)
_OTHER_COMPILED = _COMPILED[len(_HEADING_PATTERNS):]  # the same compiled patterns, not a second copy


def _cjk_label(text: str) -> tuple[LessonKind, str] | None:
    """A short Chinese label of held 26's vocabulary (``_OTHER_WORDS``), and the text after it; else None."""
    m = _CJK_LABEL.match(text)
    kind = next((k for p, k in _OTHER_COMPILED if p.search(m.group("label"))), None) if m else None
    return (kind, m.group("rest").strip()) if kind else None
