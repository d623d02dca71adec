"""What a heading announces: a kind of lesson, a narrative section, or nothing (the heading vocabulary).

Headings are matched after normalisation (lower case; numbering, emoji, markup, a question mark and a trailing
"in 1.3" / "（第二阶段）" removed), so "## What could have gone better ⚠️", "# What could have gone better in 1.3",
"### 遇到过哪些问题？" and "一、做得好的地方" are recognised like their plain forms.

A label at the start of a line ("What went well: …", "行动项：…") is read in ``ingest.line_labels``; the nouns that name
a kind in a longer label or lead-in, and the words that name one only as a retrospective table's column, in
``ingest.kind_words``.
"""

from __future__ import annotations

import re
import unicodedata

from ingest.cue_gates import holds_chinese
from ingest.variants import fold_variants
from kb.models import LessonKind

DRIVING_EVENT = "driving_event"
NARRATIVE = "narrative"  # a timeline or impact section: text, never lessons, and it stops inheritance
# The results of a review or a test ("评审/测试的结果", "Review results"): each line is what went well, or what went
# wrong when it names a shortfall ("需求分析合理但在功能设计上缺乏创新").
ASSESSMENT = "assessment"
# What a project achieved ("二、项目成果", "整体收益"): its paragraphs are what went well; its list items are what was
# delivered ("完成了 7 个 API 的修复"), section text.
OUTCOME = "outcome"

# Who did what ("负责内容", "分工", "个人贡献"): the work, not what was learned from it (but see names_work_split).
_WORK_SPLIT = r"^(个人|成员|小组|团队)?(负责(的)?(内容|部分|工作|模块)?|分工(情况|安排)?|(工作|任务)(内容|分工|分配)|贡献(度|情况)?)$"

# A closing section ("结语", "Conclusions"): its list items are lessons, its prose a farewell unless its words judge.
_CLOSING = r"^(结语|结束语|写在最后|后记|conclusions?|closing thoughts|final thoughts)$"

# A team's or a member's reflections: "Group Reflection", "Team Reflections", "Reflections on the Project" (English only).
_REFLECTIONS = (r"^((group|team|personal|individual|final|project|self|my|our)[- ])?reflections?"
                r"( on (the|this|our|my) (project|work|course|sprint|team))?")
# A deck's closing slide: "Thanks", "Thank you for listening", "Q&A", "谢谢", "感谢聆听", "答疑" (``farewell``).
_FAREWELL = re.compile(r"^((many )?thanks?( you)?( (all|everyone))?( for (listening|watching|your (attention|time)))?|q ?& ?a|q and a"
             r"|(any )?questions( and answers)?|the end|谢谢(大家|观看|聆听|收看)?|(感谢|谢谢)(您|你们|大家)?的?(聆听|观看|收看|关注)"
             r"|问答|答疑|(问答|答疑|提问)环节|敬请批评指正|欢迎(批评)?指正)$")

# A plan's risks and the measures against them ("八、项目风险分析与应对措施", "（一）技术风险及应对措施", "4.1 风险评估及对策";
# held 22's plan, held 31's 结项报告): what might happen, not what did; its labels ("（2）应对措施") are the plan's too.
_RISK_PLAN = (r"^[^，,。；;：:]{0,8}风险(分析|评估|识别)?(及|与|和|以及)(其)?(应对|防范|规避|控制|管理|处理)?(措施|对策|方案|策略|计划)$"
              r"|^[^，,。；;：:]{0,8}风险(分析|评估|识别)$")
# (pattern, kind) on a normalised heading. Where several patterns match, the one that matches earliest in the
# heading wins ("lessons learned and recommendations" is a lessons section); ties go to the earlier entry.
_HEADING_PATTERNS: list[tuple[str, str]] = [
    (r"driving events?|驱动事件|^(事件经过|事件描述|背景与经过|事件背景|事故经过|事故发生|故障经过|事件发生|经过|过程|事故过程)$",
     DRIVING_EVENT),
    ((r"^(timeline|incident timeline|timeline of events|detailed timeline|impact|user impact|customer impact"
     r"|impact assessment|business impact|debugging process|investigation|data|symptoms?|attendees|participants"
     r"|时间线|时间轴|影响|影响范围|影响评估|业务影响|排查过程|处理过程|处置过程|现象|故障现象|参会人员|与会人员"
     r"|puzzles|what (still )?puzzles (me|us)|open questions|疑问|困惑)$"
     # How a problem was tracked down, and how the retrospective meeting itself was run: narrative, not lessons.
     r"|^(问题)?(排查|定位|复现)(过程|步骤|思路)?$|^场景复现|^问题定位|^定位过程|^分析过程"
     r"|^(回顾|会议)(组织|流程|议程|辅助|形式|方式|安排)"
     # A record of how a contest or a training went ("比赛记录", "赛况"): the events, judged elsewhere ("赛后反思").
     r"|^(比赛|竞赛|训练|赛场|现场|参赛)(记录|日志|实况|过程|经过)$|^赛况"
     # Who did what ("负责内容", "分工", "个人贡献"): the work, not what was learned from it.
     r"|" + _WORK_SPLIT +
     # Time sheets, commit statistics and burndown charts: figures, not lessons, even under a summary heading.
     r"|\bpsp|统计(表|报告|数据|图|截图)|^(git|github) ?(统计|stats|statistics)|燃尽图|burn[- ]?down"
     # What to write, not what was learned: "个人小结指南", "填写说明", "Retro guidelines" (whole heading, so it wins).
     r"|^.*(指南|须知|填写说明|写作要求|评分标准)$|^.*\b(guidelines?|instructions)$"
     # The plan for the next week or stage in a status report ("下周进度展望", "下周计划", "Plans for next week"): what
     # will be done, not what was learned.
     r"|^(下周|下一周|下个?星期|下阶段|下一阶段|下个?月)(的)?(工作|学习)?(进度)?(计划|安排|展望|目标)$"
     r"|^(plans? for (the )?next (week|sprint|month)|next week'?s? (plans?|goals?)|goals for next week)$"
     # A record of versions ("CHANGELOG", "版本记录", "修订历史"): dates and changes, even under a look back.
     r"|^(change ?log|revision history|version history|(更新|修订|版本|变更)(日志|记录|历史))$"
     # How the bugs of others were hunted (a course blog's "发现别人程序bug所采用的策略"): method, not lessons.
     r"|^.*(发现|寻找|查找|找)别人(程序)?的?bug|^hack策略"
     r"|" + _RISK_PLAN +
     # A design report's features or innovation points named alone ("1.2 项目特色", "（一）创新点"; held 22, 30 and 31, three
     # authors, 23 extracted, none annotated): what the product offers. A deck's "特色与创新点" judges the team's work.
     # So do its technical highlights ("14.2 技术亮点", "6 关键技术亮点与创新": held 28 and 33, two more authors; 8
     # extracted, none annotated), where a form's question ("3.技术方案有哪些亮点？", "技术方案亮点") asks what went well.
     r"|^(项目|产品|系统|作品)?(特色|创新点)$|^(关键|核心)?(技术|功能|设计|架构)亮点([与和及]创新点?)?$"), NARRATIVE),
    ((r"^(评审|测试|验收|审查|检查|评测|评估)([和与及/、]?(评审|测试|验收|审查|检查|评测))?的?(结果|结论)$"
      r"|^(review|test|testing|acceptance|qa)( (and|&) (review|test|testing))? (results?|outcomes?|findings)$"), ASSESSMENT),
    ((r"^(项目|主要|整体|总体|取得的|实践)?(成果|收益|成效)$"
      # A report's section of the project's or a part's highlights ("项目亮点", "UI的亮点："): the features it is
      # proud of, described item by item, and what its paragraphs say went well. (A form's question, "技术方案有哪些
      # 亮点？" or "技术方案亮点", and a retrospective's "亮点" ask for what went well.)
      r"|^(项目|产品|系统|作品|平台|网站|软件)亮点$|^[^，,；;？?]{1,8}的亮点$"), OUTCOME),
    ((r"root[ -]?causes?( analysis)?|^(why it happened|why did it go wrong|contributing factors|causes?"
      r"|causal factors)$|根本原因|根因|原因分析|事故原因|故障原因|问题原因|原因猜测|^(可能的?|主要|直接|深层)?原因$"
      # The question a look back asks of its failure: "1.为什么失败呢？", "为什么会出错".
      r"|^为什么(会|又)?(失败|出错|出问题|翻车|没有?成功|没做好)(了)?(呢)?[?？]?$|^why (did )?(it|we) fail(ed)?\??$"),
     LessonKind.ROOT_CAUSE),
    ((r"action items?|^(actions?|next steps?|follow[ -]?ups?|follow[ -]?up actions|action plan|to ?dos?"
      r"|what to do next|what we will do next|proposed countermeasures|countermeasures)$"
      # What the writers will do better next time: "What will be improved as an individual for next semester:".
      r"|^what (will be improved|(will|are) (we|i|you) (going to )?improve)\b"
      r"|行动项|行动计划|后续(行动|计划|跟进|工作)|改进措施|整改措施|跟进事项|^(待办|待办事项|下一步|下一步计划)$"
      # A plan of improvements ("改进方案", "整改计划"): what the team will do, as against "改进建议" offered to others.
      r"|^(改进|整改|改善)(方案|计划)$"
      # What was done about the problems found: "问题优化", "问题整改".
      r"|^问题(优化|改进|整改|修复|处理)$"), LessonKind.ACTION_ITEM),
    # Not a product's noun: "Recommendation System", "19 Recommendation Rules" (a data-mining deck's topics).
    ((r"recommendations?(?! (systems?|engines?|models?|rules?|algorithms?)\b)|recommendation\(s\)|^suggestions?|suggested improvements|^(改进|优化)?建议|意见与建议"
     r"|(should|would|could|can) we do differently|do differently|(be|been|have|'ve) done differently"
     r"|how (can|could|do|should) (we|i|you) improve|how to improve"
     # What to improve from now on ("Future Improvements", "Improvements for next time"), not what fell short
     # ("Improvements" alone, "Areas for Improvement").
     r"|^(future|possible|potential|proposed) (improvements|enhancements)$"
     r"|^(improvements|enhancements) (for|in) (the )?(next (time|sprint|iteration|release|project)|future)$"
     # "What can we improve?", "What Would I Improve Upon", "What would I change": any modal, either person.
     r"|^what (can|could|should|would|will) (we|i) (change|improve)( (up)?on)?\b"
     r"|how (we|i) (would|could|can|will) improve|how (would|will) (we|i) improve"
     r"|^what (can|could|should) (be done|we do|i do) better"
     # The same prompt in the statement's order: "What we can do better as a team:".
     r"|^what (we|i) (can|could|should) do better"
     r"|what (should|would) we (change|improve)|^(prevention|preventive measures|preventative measures"
     r"|corrective and prevent(at)?ive measures)|预防|做什么改进|做哪些改进|如何改进|怎样改进|改进之处|改进点"
     r"|(能否|是否可以|是否能|怎样才能|如何才能|可以如何)(做得?|做的)?更好|做得更好|做的更好"
     # The fix in an incident write-up or a troubleshooting note: what to do when it happens.
     r"|要是能重来|(如果|假如|要是)(能|可以)?(再)?(重来|重做)|(如果|假如|要是)再来一[遍次]|(do|did) it (all )?(over )?again|start over"
     r"|^(解决|修复)(方案|办法|方法|措施|思路)?$|^(处理|应对)(方案|办法|措施)$|^(solutions?|fix(es)?|how we fixed it)$"
     # Parting advice and wishes for what others build: "寄语", "未来的期待", "对 Kitex 的期待".
     r"|寄语|^(未来的?|我们的|对[^，,。]{1,12}的)?(期待|期望|愿景)$"
     # Advice addressed to others: "给相似业务的参考建议", "给新人的建议", "参考建议".
     r"|^给[^，,。]{1,12}的(参考)?(建议|忠告)$|^参考建议$"
     # Practices offered for reuse: "可复用的项目交付范式", "值得借鉴的做法", "最佳实践".
     r"|^(可复用|可借鉴|值得借鉴|值得推广|可推广)的?[^，,。]{0,10}(范式|套路|做法|模式|方法论?|实践|打法)$|^最佳实践$"),
     LessonKind.RECOMMENDATION),
    ((r"lessons?(\(s\))? learn(ed|t)|key (learnings|takeaways)|^(learnings|takeaways|insights|lessons)$"
      # What the work found out: "二、关键发现", "Key findings".
      r"|^(关键|主要|重要|核心)发现$|^key (findings|insights|lessons)$"
      r"|what (did )?(we|i)( have|'ve)? learn(ed|t)?|what have (we|i) learn(ed|t)|moral of the story"
      # A form's question of what was learned, whoever it asks ("What did you learn from completing this project?", "What
      # are the lessons you learned?", "What lessons have we learned?", "What is the most valuable thing you learned?").
      r"|^what (did|can|could|have|has) (you|we|i|the team|your team)( all)? learn\b"
      r"|^what (are|were) the (main |key |most important )?lessons\b|^what lessons (have|did|do|has) (you|we|i|the team|your team)\b"
      r"|^what (is|was) the most (valuable|important|useful) (thing|lesson)s? (that )?(you|we|i)( have)? learn"
      r"|^(some |the |a few |\w+ )?things (we|i)( have|'ve)? learn(ed|t)$"
      # "能学到什么？", "我们学到了什么", "从中学到的": the Chinese of "what we learned".
      r"|(能|可以|我们|从中)?学(到|习到)(了)?(什么|哪些)|^从中学到的?"
      r"|经验(与|和|及)?教训|教训|经验总结|^(主要|项目|开发|团队|个人)?经验$|^经验(分享|心得)$|^总结$|总结与反思|反思|心得|体会|启示|感悟|收获"
      # The writer's own impressions: "个人感受", "我的感受" (not a user's: "用户感受").
      r"|^(个人|我的|我们的|自己的)感受$|^感受$"
      # A student's own summary of a course project ("课程学习自我总结", "个人总结"); not "项目总结", which holds
      # the project's results and problems as sub-sections.
      r"|(自我|个人|课程|学习)(总结|小结)|^总结(与|和|及)(建议|反思|体会|展望|心得|收获|感想)|^(自评|自我评价)$"
      # A closing section: "结语", "結語", "写在最后", "Conclusions" (``closes``); the English of "反思" (``reflections``).
      r"|" + _CLOSING + "|" + _REFLECTIONS + "$"),
     LessonKind.LESSON),
    ((r"(did ?n[o']?t|did not) go (so )?(well|to plan)|(did ?n[o']?t|did not) ((we|i|you|the team) )?do (so |very )?well|what went wrong|went wrong|(could|can) (have been|be) (improved|better)"
      r"|could( have|'ve) gone better|what (was|went) (bad|poorly)|went poorly|what (was|is|we('| a)re) missing"
      # A slide's question of what went wrong with the work: "What’s wrong the Advertisement?", "What is wrong with …".
      r"|^what('s| is| was) wrong\b"
      # What the writer wishes had gone otherwise: "What I wished went better", "What do you wish had gone better?".
      r"|\bwish(ed)? (it )?(had )?(went|gone|go) (better|differently)"
      r"|(needs?|areas? for|room for|opportunities for)"
      r" improvement|to improve|what didn'?t work|pain points?|challenges we faced"
      r"|^(challenges|problems|issues|concerns|difficulties|obstacles|improvements?|what was hard|"
      r"issues encountered|problems encountered|challenges (and|&) issues|issues (and|&) risks|delta)$"
      r"|^(the )?(bad|ugly|negatives?)( (parts?|things|stuff|points?|feedback))?$|^[^:：]{1,40}[:：]\s*the (bad|ugly)$"
      r"|^(坏|不好)$"  # "2.坏：", "- 不好："
      r"|^(返工|重做|返工(情况|内容)|rework)$|^(存在的?)?(问题|不足)|^[^，,：:；;。]{0,10}存在的?(问题|不足)$|不足之处|需要改进|待改进|有待改进|^改进(之处|点)?$|^(仍|还|也)?(可|可以)(再)?改进(的地方|之处|点)?$|做得不(好|够|足)|做的不(好|够|足)|不好的(地方|方面)|"
      r"^(遇到的|其他|其它|其余)?(问题|困难|挑战)|遇到(过|了)?(哪些|什么)(问题|困难|挑战)|^挑战|教训与不足|痛点"
      # Problems met, or a system's shortfalls, in words the forms above miss ("遇到一些问题", "5.2 系统不足与改进意见": held 34
      # and held 35, two authors, 11 lessons annotated, none extracted). Not a status report's "未解决的问题/困难" (dev2):
      # its open items are the next week's work as often as problems (2 of 4 annotated).
      r"|^(遇到|碰到|遇见)了?(一些|很多|不少|许多|几个|各种)的?(问题|困难|挑战|坑)$"
      r"|^[^，,。；;：:]{1,6}不足(与|和|及|以及)(改进|建议)"
      # What was found wrong: "找出问题", "发现的问题", "暴露出的问题".
      r"|^(找出|发现|暴露)(出|了)?(的|来的)?(问题|不足)$"
      # The same after the part of the work they were met in ("构建过程中遇到的问题", "7 项目遇到的问题与解决", "一、实验遇到的
      # 问题及解决方法"; held 28 and 30, three authors): not a question of how to avoid them.
      r"|^(?!.*(如何|怎样|怎么|避免|防止))[^，,。；;：:？?]{1,10}(遇到|面临|碰到)(的|过的)[^，,。；;]{0,8}(问题|困难|挑战|坑)"
      r"((及|与|和|以及)(其)?(解决|应对|处理)(方案|方法|办法|措施|思路)?)?$"
      # Complaint sessions and pitfalls ("Docs 文档吐槽大会", "编译吐槽", "实践与踩坑"), problems met or faced
      # ("遇到的架构问题", "面临的挑战"), and how they were overcome ("如何克服项目过程中的困难与挑战？").
      r"|吐槽|踩(过的)?坑|^(遇到|面临|碰到)(的|过的)[^，,。；;]{0,8}(问题|困难|挑战|坑)$|^如何(克服|应对|解决)[^，,。；;]{0,12}(困难|挑战|问题)"
      # A course blog's own bugs: "关于BUG", "分析自己程序的bug", the bugs others found in peer testing ("互测").
      r"|^(关于)?bugs?$|^bug(分析|情况|修复)|^bugs?\s*(与|和|及|&|and)\s*(debug(ging)?|调试|修复|解决|fix(es)?)$|^(分析)?自己(的)?(程序)?的?bugs?(分析)?$|^互测(情况|结果|中的问题)?$"
      # What was planned and not delivered: "未实现的需求", "尚未实现的功能", "未完成", "Not implemented".
      r"|^(尚|仍|还)?(未|没有?)(能)?(实现|完成|交付)(的)?(需求|功能|部分|内容|任务|工作|特性)?(有)?$"
      r"|^(not (yet )?(implemented|done|completed|delivered)|unimplemented|unfinished|incomplete)( features?| requirements?| items?| work)?$"),
     LessonKind.WENT_WRONG),
    ((r"what went (well|right)|went well|^did well$|what worked|where we got lucky"
      # Whoever the form asks: "What did we do well", "What you did well?".
      r"|what (did (we|i|you|the team) do|(we|i|you|the team) did) well"
      r"|^(successes|strengths|highlights|wins|keep doing|keep|things that went well|positives|plus|kudos)$"
      # The sibling of "Areas for Improvement" in a bootcamp's retrospective form: "Areas of Accomplishment" (not a
      # status report's bare "Accomplishments", the work done that week).
      r"|^areas? of (accomplishment|success|strength)s?$"
      # "The Good, the Bad and the Ugly" of a post-mortem, alone or after its topic ("Releases & Patches: The Good"),
      # and the "Positive" / "Negative" halves of feedback.
      r"|^(the )?(good|positives?)( (parts?|things|stuff|points?|feedback))?$|^[^:：]{1,40}[:：]\s*the good$"
      # The same halves named by one word in Chinese ("1.好：" over what worked, "- 好：" in a post-mortem template).
      r"|^好$"
      r"|^成功点|做得(好|不错|比较好)|做(对|得对|的对)的(地方|事情?|部分)?$"
      # What made it work: "成功要素", "关键成功因素", "Success factors".
      r"|^(关键)?成功(的)?(要素|因素|关键)$|^(key )?success factors$|做的(好|不错|比较好)|(哪些|什么)(方面|地方)?(做得|做的|用得|用的)(好|不错)|值得高兴|^(亮点|成功经验|优点|优势|"
      # Not a system's module of grades ("成绩管理", "成绩分析": a defence deck's feature list, held 34).
      r"值得保持|好的(地方|方面)|值得肯定|可取之处|成绩(?!管理|分析|查询|统计|录入|趋势|排名)|成果与亮点)"
      # A project's highlights: "技术方案有哪些亮点？", a deck's "特色与创新点".
      r"|(有)?哪些亮点|亮点(有哪些|是什么)|^[^，,；;]{0,8}亮点$|^特色(与|和|及)创新"
), LessonKind.WENT_WELL),
    # An incident post-mortem's template sections (held 27's outage PDF): its "Tasks to Address the Issue" are action
    # items, and the "Misleading Investigation/Debugging Paths" it took went wrong.
    (r"^tasks to (address|fix|resolve|prevent|mitigate|avoid)\b", LessonKind.ACTION_ITEM),
    (r"^misleading (investigation|debugging)", LessonKind.WENT_WRONG),
    # What held the team back, as a retrospective asks it: "What Might Be Impeding Us from Performing Better?",
    # "What is impeding us?", "Impediments", "Blockers".
    (r"^what (is|was|are|were|might be|may be|could be) imped(ing|ed)\b|^(impediments|blockers)$", LessonKind.WENT_WRONG),
]
# "Things to stop doing", "What we should start doing", "Continue doing": the verb names the kind (``_OTHER_WORDS``).
_SSC = (r"^((the )?things (to|we|i|that)( (should|will|need to|want to|must|could|would))?|what (to|we|i|should we|will"
        r" we)( (should|will|need to|want to|must))?)? ?(?:{verbs}) doing( things)?$")
# Kinds named in other words than the list above has (held 26's slides, Word lines and Markdown labels): what holds a
# team back ("What Might Be Impeding Us from Performing Better?", "Weak points"), its strengths ("Strong points",
# "Favorite"), what it did right ("当前高分版本到底做对了什么"), a plan met or missed ("完成预期：" / "未达预期："), what was
# left over ("遗留问题："), what lifted the result ("模型提升关键点"), a team's self-evaluation ("Auto - evaluation",
# like 自评), and a second attempt ("What we would've done differently:", "If you could do it over").
_OTHER_WORDS: list[tuple[str, str]] = [
    ((r"\bimped(e|es|ed|ing)\b|\bholding (us|me|the team) back\b|^(weak points|weaknesses|weak sides)$"
     r"|^(未|没有?|尚未|没能)(能)?(完全)?(达到|达成|满足|符合|完成|达)?(了)?预期$|^不(及|如|符合)预期$"
     r"|^遗留(的|下来的)?(问题|事项)$"), LessonKind.WENT_WRONG),
    ((r"^(strong points|strong sides|strengths?)$|^(my |our |your )?favou?rites?( (parts?|things?|aspects?|moments?))?$"
     r"|\b(we|i|you|the team) did right\b|\bdid (we|i|you|the team) do right\b|做(对|得对|的对)了(什么|哪些)"
     r"|^(已|基本|全部)?(完成|达到|达成|满足|符合)(了)?预期$"), LessonKind.WENT_WELL),
    (r"^[^，,。:：]{0,8}(提升|提分|涨分|上分|提高)的?(关键|要点|秘诀)(点|因素)?$|^(auto|self)[ -]*(evaluation|assessment)$",
     LessonKind.LESSON),
    (r"\b(would|should|could)('ve| have) (done|did) (it |things )?differently\b|\bdo it (all )?over\b",
     LessonKind.RECOMMENDATION),
    # A form's question of what is to be done next ("What Needs to be Done Next?", held 37's sprint retrospective):
    # action items, as "What to do next" and "Next steps" are.
    (r"^what (needs|has) to (be done|happen) next\b|^what (do|will|should) (we|i|you) (need to )?do next\b",
     LessonKind.ACTION_ITEM),
    # The Stop / Start / Continue retrospective spelled out as headings or label lines ("- Things to Stop Doing", "Start
    # Doing:", "What should we continue doing?"; held 35's post-mortem, held 25's table): with "doing" they name a kind
    # alone, where a bare "Start" or "Continue" does only as a table's column (``ingest.kind_words``).
    (_SSC.format(verbs="stop|quit"), LessonKind.WENT_WRONG),
    (_SSC.format(verbs="start|begin"), LessonKind.RECOMMENDATION),
    (_SSC.format(verbs="continue|keep"), LessonKind.WENT_WELL),
]
_COMPILED = [(re.compile(p), k) for p, k in _HEADING_PATTERNS + _OTHER_WORDS]
# Numbering before a heading's words; "四 可以改进的地方", a numeral and a space, as a Word report typed it (held 28).
_NUMBERING = re.compile(
    r"^\s*(第[一二三四五六七八九十百\d]+[章节部分条]\s*|[一二三四五六七八九十]+\s*[、.．]\s*|[一二三四五六七八九十]{1,3}[ \u3000]+|"
    r"[(（]\s*[一二三四五六七八九十\d]+\s*[)）]\s*|\d+(\.\d+)*\s*[、.．)）]?\s*(?=\D)|\d+\s*[、．]\s*|"
    r"[a-z]\s*[.)]\s+|[ivx]+\s*[.)]\s+)", re.IGNORECASE)
# "in 1.3", "for v2", "(beta)", "[30 minutes]", "（第二阶段）", "— 2024 Q3" after the heading proper.
_SUFFIX = re.compile(r"(?<!\s)(\s+(in|for|during|of)\s+(v|version\s+|release\s+|sprint\s+|iteration\s+)?[\d.]+\S*"
                     r"|\s*[(（\[【][^)）\]】]{0,30}[)）\]】]|\s+[-–—]\s+.{0,30})$", re.IGNORECASE)
# (?<!\s): no start inside a run of spaces, each of which scanned the rest of the run (quadratic; r-review). A match
# that starts there also starts a space earlier, so the leftmost match, the one removed, is the same.
_PREFIX = re.compile(r"^(关于|对于|本次|这次|我们的|我们|本周|本期|sprint\s*\d+\s*的?|第[一二三四五六七八九十\d]+周的?"
                     # The part of the work a kind is found in: "项目过程中好的方面" (held 30), "项目中的问题" (held 26).
                     r"|(项目|开发|实习|实训|实验|学习|工作|比赛|团队合作)(过程|期间)?中的?)\s*",
                     re.IGNORECASE)
MAX_HEADING_CHARS = 60


# A line of code: an assignment or a call of a dotted or snake_case name ("x = self.f(…)", "os.path.join(a, b)").
_CODE_LINE = re.compile(r"^\s*[\w.\[\]]+\s*=\s*[\w.]+\(|\b[a-z_]\w*\.[a-z_]\w*\(|\b[a-z]+_[a-z_]+\(")
_FIRST_QUESTION = re.compile(r"^([^?？]{3,}?)[?？]\s*\S")
# Where a long question's own words end and its purpose begins ("…next time | to improve the performance of the team?").
# No leading \s*: each space of a run scanned the rest of it (quadratic; r-review); the part before is stripped.
# A long question's purpose at its end ("… to improve the performance of the team"): it names no kind of its own.
_PURPOSE_TAIL = re.compile(r"\b(so that|in order to|to (improve|help|make|ensure|avoid|prevent|increase|reduce|achieve|get))\b.*$")
MAX_QUESTION_CHARS = 200
_PURPOSE = re.compile(r"(?:[,，;；]|\bto\b|\bso that\b|\bin order to\b|以便|从而)")


def reflections(text: str) -> bool:
    """Whether a heading names a team's or a member's reflections ("Group Reflection", "Team Reflections", "Reflections on
    the Project"): what the paragraphs under it say are lessons, and its own sub-headings (one a member) are read by
    their own words, not given its kind (``ingest.section_scans``)."""
    return bool(re.match(_REFLECTIONS + "$", normalize_heading(text)))


def bare_reflections(text: str) -> bool:
    """Whether a heading is a bare "Reflection" or "Reflections", saying neither whose nor on what: it names its
    section's lessons (``reflections``), but heads one part of a design document as often as a whole look back, or a
    language's reflection API in programming notes (``ingest.doctype``)."""
    return bool(re.fullmatch(r"reflections?", normalize_heading(text)))


def classify_heading(text: str) -> str | None:
    """The lesson kind, ``driving_event`` or ``narrative`` a heading announces, or None for an ordinary heading."""
    if _CODE_LINE.search(text):
        return None  # "rec2 = self.content_based_recommendation(weight, 100)": a line of code a PDF set large
    norm = normalize_heading(text)
    if len(norm) > MAX_HEADING_CHARS:
        # "What could have gone better? How can we work better as a team?": a retrospective's prompt asked twice, named
        # by its first question.
        first = _FIRST_QUESTION.match(norm)
        norm = first.group(1).strip() if first else ""
        if not norm and text.rstrip().endswith(("?", "？")):
            # "What will you do differently next time to improve the performance of the team?": one long question,
            # named by its own words before its purpose, or by its head words where those are still too long.
            whole = normalize_heading(text)
            asked = _PURPOSE.split(whole)[0].strip()
            if len(asked) > MAX_HEADING_CHARS:
                head = asked[:MAX_HEADING_CHARS]
                asked = head.rsplit(" ", 1)[0] if " " in head else head
            # Else by what it asks further on, its purpose left out ("If you had to do it all over again, what would
            # you do differently?", "What in my process and approach to this project would I do differently next time?").
            return _named(asked) or (_named(_PURPOSE_TAIL.sub("", whole)) if len(whole) <= MAX_QUESTION_CHARS else None)
    if not norm or len(norm) > MAX_HEADING_CHARS:
        return None
    return _named(norm) or _joined(norm)


# Names joined into one English heading ("Learnings/Insights", "Successes and Strengths", "3. Challenges & Issues Faced",
# "Difficulties, Errors, or Mistakes:"), where the vocabulary reads each name alone (anchored: "^(challenges|…)$"). The
# first name must name the kind and no other name another: "Strengths and Challenges" and "Strengths & weaknesses of
# the process used" hold both, "Achievements and Obstacles" opens with a status report's word. English only: the
# Chinese vocabulary is read anywhere in a heading.
_JOINER = re.compile(r"\s*(?:/|&|\+|,)\s*(?:or\s+|and\s+)?|\s+(?:and|or)\s+")
_OBJECT = re.compile(r"\s+(?:of|in|for|during|with|from|on|to)\s+")


def _joined(norm: str) -> str | None:
    """The one lesson kind that the joined names of an English heading name (the first of them naming it), else None."""
    parts = [part for part in _JOINER.split(norm) if part]
    if len(parts) < 2 or holds_chinese(norm):
        return None
    # A name with its object ("weaknesses of the process used") is read by its noun too.
    kinds = {kind for part in parts if (kind := _named(part) or _named(_OBJECT.split(part)[0]))}
    first = _named(parts[0])
    return first if len(kinds) == 1 and isinstance(first, LessonKind) else None


def _named(norm: str) -> str | None:
    """What a normalised heading's words name by the vocabulary (``classify_heading``), None for nothing."""
    if not norm:
        return None
    best: tuple[int, int, str] | None = None
    for candidate in _variants(norm):
        for order, (pattern, kind) in enumerate(_COMPILED):
            m = pattern.search(candidate)
            if m and (best is None or (m.start(), order) < best[:2]):
                best = (m.start(), order, kind)
        if best:
            break
    return best[2] if best else None


def farewell(title: str) -> bool:
    """Whether a slide's title closes a deck ("THANKS", "谢谢观看", "Q&A"): what the slide says is a farewell or a call
    for questions, not lessons. Only for slides: a document's "Q&A" section answers questions."""
    return bool(_FAREWELL.match(normalize_heading(title)))


def names_work_split(text: str) -> bool:
    """A heading that names how the work was split ("分工", "任务分工"): narrative alone, an aspect judged under "优点" or
    "不足" (a member's own duties, "负责内容", stay narrative under any kind)."""
    return bool(re.match(r"^(任务|工作|人员|团队|小组)?分工(情况|安排)?$", normalize_heading(text)))


def plans_risks(text: str) -> bool:
    """A heading over a plan's risks and the measures against them (``_RISK_PLAN``): "八、项目风险分析与应对措施"."""
    return bool(re.match(_RISK_PLAN, normalize_heading(text)))


def closes(text: str) -> bool:
    """A heading that closes the document ("结语", "Conclusions"): lessons in its list, remarks in its paragraphs."""
    return bool(re.match(_CLOSING, normalize_heading(text)))


def _variants(norm: str) -> list[str]:
    """The heading, then without a trailing qualifier and a leading '关于/本次/Sprint 3'."""
    bare = _PREFIX.sub("", _SUFFIX.sub("", norm)).strip(" :：-—.。!！?？")
    return [norm] if bare == norm or not bare else [norm, bare]


def normalize_heading(text: str) -> str:
    """Lower case, without numbering ("一、", "3.", "(2)"), emoji, decoration or trailing punctuation."""
    text = fold_variants(unicodedata.normalize("NFKC", text)).strip()
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] in "LNZP" or ch in "()&'")
    text = _NUMBERING.sub("", text, count=1)
    text = re.sub(r"[*_#`]+", "", text)
    text = re.sub(r"\s+", " ", text).strip(" :：-—.。!！?？,，")
    return text.lower()


def as_kind(value: str | None) -> LessonKind | None:
    """A lesson kind from a classification (driving events and narrative sections are not lessons)."""
    return LessonKind(value) if value and value not in (DRIVING_EVENT, NARRATIVE, ASSESSMENT, OUTCOME) else None


# What a review or test result names as short of the mark ("缺乏创新", "还有提高空间", "存在问题", "failed").
_SHORTFALL = re.compile(r"缺乏|缺少|欠缺|不足|不够|不(完善|完整|合理|规范|美观|清晰|稳定|一致|统一|流畅|符合)|问题|差距|(提高|提升|改进|优化)空间"
                        r"|有待|待改进|需要?(改进|改善|完善|提高|修改)|失败|(未|没有?|不)通过|错误|bugs?|缺陷|瑕疵|较差|偏低|过高|过慢|卡顿"
                        r"|\b(fail(ed|s|ures?)?|issues?|problems?|missing|lacks?|lacking|bugs?|defects?|errors?|not)\b",
                        re.IGNORECASE)


def assessment_kind(text: str) -> LessonKind:
    """A review or test result: what went wrong when it names a shortfall, else what went well."""
    return LessonKind.WENT_WRONG if _SHORTFALL.search(text) else LessonKind.WENT_WELL
