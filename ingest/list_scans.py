"""Scans of the lists among a document's blocks, before any is read: each list's run of items, label items that give the
items after them a kind, speakers' topic lines, lists a lead-in quotes or offers as options, lists assessed by ticks
and warning signs, checklists of delivered or planned work, the steps listed under a fix's name; and the headings above
each block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ingest.blocks import Block
from ingest.headings import classify_heading
from ingest.line_shapes import _item_label, _topic_line
from kb.models import LessonKind

# A lead-in that says the list after it is someone else's advice: quoted material, not the team's lessons.
# The source must be what speaks ("Dubbo 官方对此的建议是："): "介绍了文档重构计划的背景" names documents as a topic.
_QUOTED_LEAD = re.compile(r"(官方|官网|文档|常见问题|FAQ|documentation|the docs|(as|the) manual)[^，,。:：]{0,8}"
                          r"(建议|推荐|说|写道|写着|提到|指出|给出|提供|要求|says?|recommends?|suggests?)|according to"
                          # What an AI assistant wrote, pasted ("在这里粘贴一下 ai 的总结:", "Here is ChatGPT's answer:").
                          r"|\b(ai|chatgpt|gpt(-?\d)?|llm|copilot|deepseek|claude|gemini|kimi)\b[^，,。:：]{0,4}(的|'s)?\s*"
                          r"(总结|回答|回复|答案|建议|输出|summary|answer|response|suggestions?)"
                          r"|(豆包|大模型|文心一言|通义千问)[^，,。:：]{0,4}的?(总结|回答|回复|答案|建议|输出)",
                          re.IGNORECASE)


def _item_runs(blocks: list[Block]) -> Iterator[tuple[int, int, int]]:
    """Each list among the blocks as (start, end, level): blocks[start:end] are its items, the first at ``level`` and
    the others at it or nested under it."""
    i = 0
    while i < len(blocks):
        if blocks[i].kind != "item":
            i += 1
            continue
        j, top = i, blocks[i].level
        while j < len(blocks) and blocks[j].kind == "item" and blocks[j].level >= top:
            j += 1
        yield i, j, top
        i = j


def _label_runs(blocks: list[Block]) -> tuple[set[int], dict[int, LessonKind]]:
    """A list that opens with a label item ending in a colon ("- **找出问题：**", its findings, then "- **问题优化**" and the
    fixes): each label names the kind of the items after it, down to the next label; the labels are no lessons."""
    labels: set[int] = set()
    kinds: dict[int, LessonKind] = {}
    for i, j, top in _item_runs(blocks):
        # The label's points are its siblings ("- 优点：" with sub-items under it is ``_Builder.label``'s).
        if _item_label(blocks[i].text) and blocks[i].text.rstrip().endswith((":", "：")) \
                and i + 1 < j and blocks[i + 1].level == top:
            kind: LessonKind | None = None
            for k in range(i, j):
                own = _item_label(blocks[k].text) if blocks[k].level == top else None
                if own:
                    labels.add(k)
                    kind = own
                elif kind and blocks[k].level == top:
                    kinds[k] = kind
    return labels, kinds


def _topics(blocks: list[Block]) -> set[int]:
    """The top items of a list where two or more topic lines (``_topic_line``) carry sub-items: minutes that list each
    speaker's topic with their points under it. Each topic line there is a title, its sub-items the points."""
    out: set[int] = set()
    for i, j, top in _item_runs(blocks):
        tops = [k for k in range(i, j) if blocks[k].level == top and _topic_line(blocks[k].text)]
        if sum(1 for k in tops if k + 1 < j and blocks[k + 1].level > top) >= 2:
            out.update(tops)
    return out


# A lead-in that lists the options weighed ("…综合考虑了多种方案：", "调研了以下几种技术："): candidates, not lessons.
_OPTIONS_LEAD = re.compile(r"((多|几|以下几|下列|这几|[两三四五六七八九十\d]+)种|以下|下列)[^。，,；;]{0,6}(方案|选择|选项|选型|做法|方式|思路|技术|工具)"
                           r"[:：]\s*$|(候选|备选)(方案)?[:：]\s*$|(调研|对比|比较|评估)了[^。；;]{0,30}[:：]\s*$")


def _quoted_lists(blocks: list[Block], lead_ins: set[int], lead: re.Pattern[str] = _QUOTED_LEAD) -> set[int]:
    """The items of a list that its lead-in attributes to someone else ("Dubbo 官方对此的建议是："), or with
    ``_OPTIONS_LEAD`` offers as the options weighed ("综合考虑了多种方案：")."""
    out: set[int] = set()
    for i in lead_ins:
        # The lead-in, or a line just above it that leads in to it ("在这里粘贴一下 ai 的总结:" / "技术选型时应重点考虑以下要素：").
        above = blocks[i - 1] if i > 0 else None
        if lead.search(blocks[i].text) or above is not None and above.kind == "para" \
                and above.text.rstrip().endswith((":", "：")) and lead.search(above.text):
            j = i + 1
            while j < len(blocks) and blocks[j].kind in ("item", "row"):
                out.add(j)
                j += 1
    return out


_TICK = re.compile(r"^\s*(✅|✔️?|☑️?)")
_WARN = re.compile(r"^\s*(⚠️?|❌|✗|✘|❎)")


def _assessed(blocks: list[Block]) -> dict[int, LessonKind]:
    """Items of a list whose every item starts with a tick or a warning sign ("✅ 代码质量显著提升", "⚠️ 单元测试覆盖率
    仍需提升"): an assessment, went well or went wrong by its sign, under any heading. A list with unmarked items (a
    progress list with some done) is not one."""
    out: dict[int, LessonKind] = {}
    for i, j, top in _item_runs(blocks):
        tops = [k for k in range(i, j) if blocks[k].level == top]
        signs = {k: LessonKind.WENT_WELL if _TICK.match(blocks[k].text) else LessonKind.WENT_WRONG
                 for k in tops if _TICK.match(blocks[k].text) or _WARN.match(blocks[k].text)}
        if len(tops) >= 2 and len(signs) == len(tops) and not all(_PROHIBITION.match(blocks[k].text) for k in tops):
            out.update(signs)
    return out


# A rule marked with a cross ("❌ 禁止在 EDT 上执行耗时操作", "❌ Do not push to main"): a list of them is a project's
# constraints (a "红线" section), not an assessment of what went wrong.
_PROHIBITION = re.compile(r"^\s*(?:⚠️?|❌|✗|✘|❎)\s*(?:禁止|严禁|不得|不准|不允许|切勿|请勿|(?:do not|don'?t|never|must not)\b)",
                          re.IGNORECASE)


# A line checked off a list of work ("✅ 用户登录（JWT认证）", "[x] Export to PDF", "已完成：…").
_CHECKED = re.compile(r"^\s*(✅|✔️?|☑️?|\[[xX✓]\]|已完成)")
# What a checklist of delivered work is about: the features or functions made, not how the work went.
_FEATURES = re.compile(r"功能|特性|特点|\b(features?|functionality|functions|capabilities|deliverables)\b", re.IGNORECASE)
# Work still to do ("六、未来优化方向 🚀" over "短期优化"; "Roadmap", "Next steps"): ticks there mark planned items.
_PLANNED = re.compile(r"未来|后续|下一步|将来|今后|展望|规划|路线图|待优化|待办|(优化|改进)方向|\b(future|roadmap|next steps?"
                      r"|to ?do|backlog|planned)\b", re.IGNORECASE)


def _checklists(blocks: list[Block]) -> set[int]:
    """Items of a list whose every item is checked off (``_CHECKED``), under a heading or after a lead-in that names
    features or functions ("9.1 用户功能", "1.2 核心特性", "…具有以下特点："): a closing report's checklist of what
    was delivered, not lessons, under any heading; so is one under a heading of plans ("六、未来优化方向" > "短期优化"),
    whose ticks mark to-dos, and a list of boxes under a heading that names a checklist (``_CHECKLIST_NAME``). (A ticked
    list under other headings, "2.2 软件工程方面的改进", is an assessment: ``_assessed``.)"""
    out: set[int] = set()
    chains: list[tuple[str, ...]] = []
    for i, j, top in _item_runs(blocks):
        tops = [k for k in range(i, j) if blocks[k].level == top]
        checked = all(_CHECKED.match(blocks[k].text) for k in tops)
        if len(tops) < 2 or not (checked or all(_BOX.match(blocks[k].text) for k in tops)):
            continue
        chains = chains or _headings_above(blocks)
        heading = chains[i][-1] if chains[i] else ""
        lead = blocks[i - 1].text if i and blocks[i - 1].kind == "para" else ""
        if checked and (_FEATURES.search(heading) or _FEATURES.search(lead[-80:]) or any(_PLANNED.search(h) for h in chains[i])) \
                or any(_CHECKLIST_NAME.search(h) for h in chains[i]):
            out.update(range(i, j))
    return out


# A list of boxes to tick ("- [ ] 确认目标、技术栈", "☐ …") under a heading that names a checklist ("七、未来项目启动清单（套用
# 检查项）", "Release checklist"): a template to fill next time, not lessons (boxes under "Action items" are action items).
_BOX = re.compile(r"^\s*(\[[ xX✓]\]|☐|□|☑️?|✅)")
_CHECKLIST_NAME = re.compile(r"清单|检查项|检查表|核对表|\bcheck ?list\b", re.IGNORECASE)


def _headings_above(blocks: list[Block]) -> list[tuple[str, ...]]:
    """For each block, the headings whose sections hold it ("六、未来优化方向", then "短期优化"; a heading's: those above
    its level): one pass."""
    out: list[tuple[str, ...]] = []
    stack: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            while stack and stack[-1].level >= block.level:
                stack.pop()
        out.append(tuple(b.text for b in stack))
        if block.kind == "heading":
            stack.append(block)
    return out


# A fix's name alone, as a heading or a label line ("#### 修复方法", "**解决过程:**", "修复：", "3、解决方案"): the field of
# one problem's write-up that holds the steps taken to solve it. Matched once its emphasis and spaces are taken out: a
# pattern with a space run on each side of an optional part took every cut of a long run ("解决", 2,000 spaces, a letter:
# 20 s; r-review3).
_FIX_FIELD = re.compile(r"(?:\d+(?:\.\d+)*[、.．)）]?|[一二三四五六七八九十]+[、.．])?"
                        r"(?:解决|修复|处理|排查)(?:过程|方法|方案|办法|步骤|思路|措施)?[:：]?")
_MARKS = re.compile(r"[\s*_]+")
# Headings of what was learned or is to be done: a fix's name right in one's section is a part of them.
_LEARNED = {kind.value for kind in (LessonKind.LESSON, LessonKind.RECOMMENDATION, LessonKind.ACTION_ITEM,
                                    LessonKind.WENT_WELL)}


def _fix_field(text: str) -> bool:
    """Whether a line is a fix's name alone (``_FIX_FIELD``), bold or not."""
    return bool(_FIX_FIELD.fullmatch(_MARKS.sub("", text)))


def _fix_steps(blocks: list[Block]) -> set[int]:
    """The items of a list of two or more steps right under a Chinese fix's name ("**解决过程:**" over "1. 实现渐进式延迟
    轮询", "2. 设置15秒超时机制"; "#### 修复方法" over "- 取消全局 pHash 距离的硬门槛；", …): the steps of one fix, told as
    the work done, not lessons of their own. One item alone there is the fix itself, as "解决：…" on one line is ("## 解决"
    over "* 查看该node节点的状态"); so is a list whose fix's name sits right in a section of lessons or of what to do
    ("## 经验教训" > "### 解决措施" over what to do next, "### 解决措施" > "问题：…" > "解决方案：" over two; r-review3).
    Counted over every seen Chinese document (e-gen18zh): 28 such items in 6 documents by 6 authors, none annotated."""
    found = [(i, j) for i, j, top in _item_runs(blocks) if i and blocks[i - 1].kind in ("para", "heading")
             and _fix_field(blocks[i - 1].text) and sum(b.level == top for b in blocks[i:j]) >= 2]
    held = _headings_above(blocks) if found else []
    return {k for i, j in found if not (held[i - 1] and classify_heading(held[i - 1][-1]) in _LEARNED)
            for k in range(i, j)}
