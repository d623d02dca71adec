"""What a Chinese sentence itself says, whatever heading it stands under: a lesson learned, a cause, a judgement.

Headings name lessons in the words of one team or one course ("课程学习自我总结", "度量分析", "有苦劳"); a new genre
brings new words, and a rule keyed on them finds nothing there. The language of a lesson is more stable than its
headings: a writer says what they learned ("认识到了…的重要性"), what they still lack ("依然有很多需要学习的地方"),
what to do next time ("下次应当多注意…"), what caused a fault ("漏出去的原因还是因为…"), or what figures show ("从表格
可以看出…复杂度较高"). These cues find such sentences in sections that no known heading announces, in documents that
are reflective by their name or type (a final report, a 总结, a post-mortem, a bug note), so a how-to or a design
document's "应该" is not taken for a lesson. The lists are short on purpose: words of the language, not of a document.

The same in English is in ``ingest.english_cues``; whether a text is Chinese prose, and whether it says its cause is
not known, in ``ingest.cue_gates``.
"""

from __future__ import annotations

import re

from ingest.cue_gates import _CJK, cause_unknown, chinese
from ingest.english_cues import _english, _english_outcome, english_advice, english_remedy
from ingest.variants import fold_variants
from kb.models import DocType, LessonKind

# What the writer learned or realised: "学到了", "认识到了", "收获了不少的经验", "初次感受到…".
_LEARNED = re.compile(r"学到|学会了|后来才?(发现|意识到|明白)|收获|体会到|认识到|意识到|明白了|懂得了|感受到|感悟|启发|启示|了解到|吸取"
                      r"|学习到|学习了|掌握了|熟悉了|加深了|锻炼了|积累了|让我明白|(更加|更)(清楚|熟悉|了解|理解)了"
                      r"|有了[^。，]{0,4}的?(理解|了解|认识|体会)")
# What the writer still lacks, or a judgement of what matters: "依然有很多需要学习的地方", "重点在于…", "…是关键".
_JUDGED = re.compile(r"(还|依然|仍然?)有?(很多|许多|不少)?(需要|要|值得)(学习|提高|改进|加强|完善)|不足之处|欠缺|遗憾"
                     r"|(关键|重点)在于|是关键|重要性|尤为重要|至关重要|是(非常|十分|特别|极其|很)重要的"
                     # The lesson named as such: "这一部分的经验是…", "最大的教训就是…".
                     r"|(经验|教训|启示|体会)(就|主要|还)?(是|在于)[:：]?"
                     # What an event shows up: "这次故障揭示出关键基础设施的巨大风险", "已经暴露出来许多问题".
                     # Maxims: "世上没有银弹", "没有最好的框架，只有最适合的框架".
                     r"|(没有|不存在)银弹|没有最好的[^，,。]{1,10}[，,]\s*只有最(适合|合适)的"
                     r"|(揭示|暴露|反映|折射)(出|了)*(来)?[^。，,；;]{0,16}(风险|问题|隐患|不足|短板|脆弱|缺陷|弊端)")
# What an event taught, in so many words: "这告诉我们做事情从一开始就要极善尽美", "这个问题告诫我们磨刀不误砍柴工",
# "更是提醒了我应该在平常的生活中更加细致"; what matters most ("人的态度，想法，才是最重要的"); a choice judged a bad idea
# ("同时多开创业支线，不是一个好的主意").
_TAUGHT = re.compile(r"(告诉|告诫|提醒|教会|警示|警醒)了?(我们|我|大家)|才是(最)?(重要|关键)的?|不是一个?好的?(主意|办法|选择)"
                     # A maxim drawn ("要想充分利用网络带宽，缓冲区不能太小"), what is worth learning ("JML是一门值得了解和学习
                     # 的技术"), what still falls short ("自己执行做的远远不够，需要加强"). Not "只有…才能" nor "非常重要", which
                     # describe a design as often ("只有在登录成功后才能…", "英文文档建设是项目非常重要的一部分").
                     r"|(^|[，,。；;])\s*要想[^。，,]{2,20}[，,]|值得(了解|学习|借鉴|一试|尝试|推荐)"
                     # Not "需要完善的地方如下：", a lead-in to a list.
                     r"|远远不够|(需要|有待)(加强|提高|改进|完善)(?!的)"
                     # Understood at last, deeply: "真正的搞懂了web应用是怎么回事", "深刻的了解了一些线程安全的问题".
                     r"|搞懂了|弄懂了|(弄|搞)明白了|(深刻|深入)(地|的)?(了解|理解|认识|体会)(了|到)")
# What to do differently next time: "下次应当多注意抽象", "以后要…", "今后一定…" (not "下次检查日期").
_NEXT_TIME = re.compile(r"(下次|以后|今后|将来)(应|要|一定|务必|注意|需要|得)")
# Advice in so many words: "因而应尽量避免在构造函数中携带过多的计算逻辑", "一定要…", "切勿…".
_ADVICE = re.compile(r"(应|要|需)(该|当)?(尽量)?避免|尽量避免|切勿|千万(不要|别)|一定要|务必|要(充分|保持|及时|提前|重视)")
# A fault owned: "本次互测被找出一个bug", "踩了坑", "犯了错", "很不幸，…", "还是有些冗长了", "仍然不会…".
_FAULT = re.compile(r"被(找|查|发现|测)出?了?[^。]{0,8}bugs?|失误|踩了?坑|犯了?错|不幸"
                    # Dismay at what was done: "当然最让人生气的其实是腾讯云傲慢的态度", "令人失望的是…".
                    r"|(让|令)人(很|非常|十分)?(生气|失望|遗憾|担忧|不满|愤怒|寒心)"
                    r"|(仍然|依然|还是)(不会|不够|没有|有些|有点|只是|停留)"
                    # What was planned and not done, inside a sentence: "…；未实现的需求有定位、评价功能。", "没有来得及实现…".
                    r"|未能?(实现|完成)的(需求|功能|部分|任务)|没有?来得及"
                    # A shortfall owned or an estimate missed: "会议前没有做好一个合理的规划", "故事点的估计还是偏乐观一些的".
                    r"|没有?(做好|做到位|考虑到|想到|预料到)|(偏|过于|太)乐观|低估了|估计不足"
                    # A mistake or a waste owned in more words ("我犯了一个比较严重的错误", "浪费了很多时间", "遇到了很多坑"),
                    # a result below what was hoped ("学习效果不如预期"), the hardest part named ("最难的部分不是…",
                    # "更大的难题是，…", "困扰我比较大的就是…").
                    r"|犯了?[^。，,；;]{0,8}错误|(我|我们|团队|大家)[^。，,；;]{0,10}浪费了?[^。，,；;]{0,8}(时间|精力)|遇到了?[^。，,；;]{0,6}坑"
                    r"|(不如|低于|未达到?|没有?达到|不及)(预期|预想)|最(难|大的难点|大的困难|大的难题)的?(部分|地方|是|在于)"
                    r"|(更大|最大)的(难题|难点|困难)(是|在于)|困扰(我|我们)"
                    # Left undone or short of the mark: "发布部署遇到问题暂未解决", "但是并未release" (not a feature list's
                    # "…还未实现"), "没有时间和精力继续进行下去",
                    # "很多细节方面没有关注到位", "本次作业真正的难点在于…", "并没有明显的好转" (not a rule's "没有时间限制").
                    r"|(暂|尚|仍|还|并)未(能)?解决|并未(能)?(完成|实现|上线|发布|release)|没有时间(?!限制|要求)|不到位|没有?[^。，,；;]{1,4}到位"
                    # Work judged short of a quality: "对于国内外现状分析不够透彻", "研究做的不够充分，也不够严谨", "对Android开发的相关方法
                    # 不够熟悉" (not "仅靠个人的力量是不够的", "缓冲区不够用": a need, a size).
                    r"|不够(熟悉|熟练|了解|严谨|充分|深入|完善|全面|细心|细致|认真|透彻|美观|重视|成熟|规范|合理|清晰|明确|稳定|灵活|完备|准确|及时)(?!的)"
                    r"|(真正|主要)的?难点(是|在于)|没有(明显|太大|什么)的?(好转|改善|提升|进步|起色)"
                    # An attempt or a result judged poor in plain words: "尝试了对正样本做cutmix，效果不好", "尝试了合并csv数据，
                    # 但没有效果", "觉得自己在家里自学的效率并不高", "写代码的速率不尽如人意", "也深深的感觉到自己的不足" (20
                    # annotated sentences in 11 documents of held 12 to 35 by ten authors, 2 read before).
                    r"|效果(并|也|又|都)?(不|没有?)(好|佳|理想|明显)|(但|却|并)没有(什么|任何)?效果|不尽如人意"
                    r"|(提升|提高|改善)(并|也)?不明显|(感觉|感受|意识|认识)到(了)?自己的不足|效率(并|也)?不高"
                    # The main problem named: "主要问题是长连接不稳定", "另一个突出的问题是对…", "其实关键的问题就是…"; not a
                    # question to study ("需要研究的主要问题是…", "要解决的核心问题是…").
                    r"|(?<!研究的|解决的|探讨的|讨论的|回答的)(主要|突出|关键|最大|核心)的?问题(就|还)?是", re.IGNORECASE)
# What was not done and what it led to: "我还是没有认真的听课，从而导致了…出现了一系列的小问题", "…没有注意上螺丝，导致了
# 车轮两边灵活度不一致" (a fault with its consequence; one traced from "由于…" is a cause, ``_TRACED``).
_NEGLECT = re.compile(r"(没有|没|未|不够)[^。！？!?；;]{2,30}?[，,]?\s*(从而|进而|这)?(导致|造成)")
# A supposition: "如果接口没有做鉴权，很容易导致…", "一旦上游服务没有及时响应，就会造成…" say why a design does something, not
# what went wrong.
_SUPPOSED = re.compile(r"如果|假如|假若|假设|倘若|如若|要是|万一|一旦|若(?!干)")
# A gain owned: "…极大提高了工作效率", "保证没有让进度拖延下去" (what went well, in its own words).
_GAINED = re.compile(r"(不错|很好|优异|理想|满意)的(成绩|结果|名次|效果)|(特别|非常|十分|很|比较|较为)顺利"
                     r"|(大大|极大|有效)地?(提高|提升|改善)了?|提高了[^。，]{0,8}效率|保证了?[^。，]{0,10}(进度|质量)"
                     # What limited the damage: "有一些实践减轻了对 OSS 的冲击", "CDN 的使用也缓释了 OSS 的问题".
                     r"|(减轻|缓解|缓释|降低|减少)了[^。，,；;]{0,12}(冲击|影响|损失|压力)"
                     # A choice that paid off, an iteration judged a success: "较多的类派上了用场", "确实是有利于后续迭代的",
                     # "界面原型迭代较为成功".
                     # The best of it named: "这个项目最好的地方不是赢了 0.45 步，而是…".
                     r"|最(好|成功|满意)的(地方|部分|一点)"
                     r"|派上了?用场|(确实|果然|的确)是?(有利于|有助于)|(迭代|项目|开发|上线|发布)[^。，,]{0,4}(较为|比较|非常|十分|很|基本)?(成功|圆满)")
# A cause stated outright: "漏出去的原因还是因为…", "原因在于…".
_CAUSE = re.compile(r"原因(还|主要|正|就)?(是|在于)|根源在于|归根结底|失败的?原因"
                    # The cause found at last: "最后发现原来是连接池配置得太小", "原来是因为…"; and "原来是…" opening the finding
                    # after what was read ("原来是使用了 Promise.all 来并发构建"). Not "原来" as "at first" ("这个模块原来是计划
                    # 三周完成的", "原来是计划三周…", "登录页原来是放在首页的").
                    r"|(发现|才知道|才明白|结果)[^。！？!?；;]{0,20}?原来是|原来是(因为|由于)"
                    r"|(^|[。！？!?]\s*)原来是(?!计划|打算|准备|预计|预定|安排|想|要)"
                    # "这是因为 antd 在开发过程中，有一些 API 设计的不合理导致的历史债务": a sentence that explains the one before.
                    r"|(^|[。！？!?]\s*)这(主要|正|就)?是(由于|因为)"
                    # A finding after an investigation: "经过团队协作抓包定位，发现超时的请求回复报文没有到达SLB后端".
                    r"|经过[^。！？!?]{0,20}(排查|分析|定位|抓包|调查|判断)[^。！？!?，,]{0,6}[，,]\s*(我们)?(最终|终于)?(发现|认为|确认|确定|定位到)"
                    # "…更加详细地指出了根因：…", "判断出问题在哪里了", "第一个问题是，管控 API 没有保持良好的双向兼容性".
                    r"|根因(就|正)?(是|在于|出在|[:：])|问题(就|正)?(在于|出在)|问题在哪里?了?\s*[—:：]|^第[一二三四五六七八九十]个问题是")
# A fault traced to its cause in one sentence: "由于我们早期没有对 ref 进行约定，导致…遇到了难题" (after figures read as
# too high, which say what went wrong first).
_TRACED = re.compile(r"由于[^。！？!?]{2,40}?[，,]\s*(才|从而|进而)?(导致|造成|引起|引发)")
# Figures judged: "从表格中可以看出，…复杂度…较高", "可以看出个别方法复杂度过高" (a table of metrics, then its reading).
# What an experiment showed, opening a sentence ("结果显示，这些动作对 LightGBM 帮助比较明显…", "结果发现，不同模型对特征的
# 适应性差异明显。", "实验进一步证明，CatBoost …并不一定适合…"): a finding of the work, in a contest or project summary.
_FOUND = re.compile(r"(^|[。！？!?；;]\s*)(实验|结果|数据|对比|实践)(结果)?(进一步|再次|也)?(显示|表明|证明|发现|证实)[，,:：]")
_READING = re.compile(r"(可以|能够?)看出|由此可见|可知")
_BAD_READING = re.compile(r"过高|较高|偏高|过大|过长|冗长|臃肿|不友好|不够|欠缺|问题|缺陷|不足|较差|很差|鹤立鸡群")
# A verdict against a principle or a standard ("满足开闭原则", "不满足依赖反转原则", "不符合编码规范"): a self-assessment,
# went well or went wrong by its negation.
_VERDICT = re.compile(r"(?P<neg>不|没有|未|并未|没能)?(能够|能|很好地|较好地|基本)?(满足|符合|遵循|遵守|做到)了?[^，,。；;]{0,12}"
                      r"(原则|规范|要求|标准|约定)|(?P<against>违反|违背|破坏)了?[^，,。；;]{0,12}(原则|规范|要求|标准|约定)")
# A document that looks back by its name: a final report, a 总结, a post-mortem, a bug note.
_REFLECTIVE_NAME = re.compile(r"总结|小结|复盘|回顾|反思|心得|感想|感悟|体会|收获|报告|结项|结题|教训|经验"
                              r"|post-?mortem|retro|report|summary|lessons?|bugs?|事故|故障|踩坑"
                              # Minutes of a meeting record the problems raised and what was advised.
                              r"|会议纪要|会议记录|meeting[- _]?(minutes|notes)", re.IGNORECASE)
# Words that judge: praise or blame, negation, degree, difficulty, a problem, learning, advice, cause. A lesson says one; a
# work item ("开发微信小程序", "已完成：…的设计。") says none.
_JUDGING = re.compile(r"好|坏|差|不|没|未|无|非|别|难|易|问题|困难|挑战|不足|缺|错|误|漏|乱|bug|坑|慢|快|低|高|多|少|久|晚|迟|早"
                      r"|紧|急|忙|赶|累|贵|重|轻|频|超|卡|崩|宕|冲突|冗|返工|拖|延|失|败|险|隐患|压力|成本|代价|浪费"
                      r"|提升|提高|改进|改善|优化|加强|完善|有效|顺利|成功|清晰|明确|方便|效率|复杂|简单|容易|及时|充分|稳定|合理|规范|统一"
                      r"|更|太|过|较|很|挺|非常|十分|仍|还|才|只|必须|一定|应|要|需|该|得|可以|能|会|希望|建议|注意|避免|确保|保证"
                      r"|学|认识|意识|体会|感受|收获|经验|教训|重要|关键|导致|因为|由于|原因|所以|因此|影响|以免|以便|为了"
                      r"|但|却|虽|然而|可惜|幸|遗憾|满意|喜|惊|担心"
                      # Degree and feeling as the informal write-ups say them ("…真恶心", "加深了我…的印象").
                      r"|真|恶心|讨厌|烦|印象", re.IGNORECASE)
MIN_CJK = 8  # a label or a name is not a sentence
# A text whose first sentence is a question.
_ASKS = re.compile(r"^[^。！!；;]*[？?]")
MIN_VERDICT_CJK = 4  # "满足开闭原则" is a whole verdict
BARE_VERDICT_CHARS = 12


# A closing remark that says only that something was gained, naming nothing learned: "总的来说，这个迭代还是很有收获的。",
# "总的来说通过这次大作业实践受益匪浅，希望以后能有更多的机会应用学习到的知识。", a lead-in "最后，…我想说一下我的收获。".
_SUMMING_UP = re.compile(r"^\s*(总的来说|总之|总而言之|总体来说|总体而言|整体来说|总的说来|最后)[，,]?")
_VAGUE_GAIN = re.compile(r"(还是|也|都)?(很有收获|收获(很大|颇丰|良多|满满|不少|匪浅|很多|颇多)|受益匪浅|获益匪浅|受益良多"
                         r"|学到了(很多|不少|许多)(东西|知识)?|我想说一下我的收获)的?")
_WISH = re.compile(r"[，,]\s*(希望|期待|相信)[^。！!]*")
VAGUE_REST_CHARS = 12  # what is left of a remark that names nothing: "这个迭代还是", "通过这次大作业实践"


def vague_gain(text: str) -> bool:
    """Whether a text is a closing remark that something was gained or learned, naming nothing (``_VAGUE_GAIN``): what
    was learned is no rule stated. "总之，…极大丰富了我对软件工程的理解，学到了很多知识" names what, and is kept."""
    opener = _SUMMING_UP.match(text)
    if not opener or not _VAGUE_GAIN.search(text):
        return False
    rest = _WISH.sub("", _VAGUE_GAIN.sub("", text[opener.end():]))
    return len(_CJK.findall(rest)) <= VAGUE_REST_CHARS



def reflective(title: str, key: str, doc_type: DocType) -> bool:
    """Whether a document looks back on work: a retrospective or post-mortem, or named like one ("FinalReport",
    "OO第一单元总结", "Bug-summary/…", "2023-summary")."""
    return doc_type in (DocType.RETROSPECTIVE, DocType.POST_MORTEM) or bool(_REFLECTIVE_NAME.search(f"{title} {key}"))



def judges(text: str) -> bool:
    """Whether a text judges anything (``_JUDGING``), or is not Chinese prose that can be read so: a Chinese line
    under a lessons heading that judges nothing is a work item, not a lesson."""
    return not chinese(text) or bool(_JUDGING.search(text))


def cue_kind(text: str) -> LessonKind | None:
    """The kind of lesson a Chinese sentence or paragraph states by its own words, or None.

    A stated cause is a root cause; figures read as too high or too long are what went wrong; what was learned,
    what is still lacking, what matters, advice and what to do next time are lessons, unless a fault is told first
    (what went wrong, with what it taught in passing); a fault owned (a bug found in one's work, a pitfall) is what
    went wrong, a gain owned (efficiency raised, the schedule kept) what went well;
    a verdict against a principle or standard ("不满足依赖反转原则", "满足开闭原则") is one or the other by its negation.
    """
    text = fold_variants(text)  # Traditional spellings of the cue words ("失敗原因", "讓我認識到"), one character for one
    if not chinese(text, MIN_CJK):
        return _verdict(text) if chinese(text, MIN_VERDICT_CJK) else _english(text)
    if _ASKS.match(text):
        return None  # a form's question ("1.是否实现了…？列出…未实现的需求。") states nothing
    if _CAUSE.search(text) and not cause_unknown(text):
        return LessonKind.ROOT_CAUSE
    reading = _READING.search(text)
    if reading and _BAD_READING.search(text, reading.end()):
        return LessonKind.WENT_WRONG
    if _TRACED.search(text):
        return LessonKind.ROOT_CAUSE
    if _learned(text) or _JUDGED.search(text) or _NEXT_TIME.search(text) or _ADVICE.search(text) or _TAUGHT.search(text):
        return LessonKind.WENT_WRONG if _fault_first(text) else LessonKind.LESSON
    if _FOUND.search(text):
        return LessonKind.LESSON
    if any(not _supposed(text, m.start()) for m in _FAULT.finditer(text)) or _neglect(text):
        return LessonKind.WENT_WRONG
    return LessonKind.WENT_WELL if _GAINED.search(text) else _verdict(text)


# A point that opens with what to do ("加强unit test", "增加参数检查", "多进行团队协作…", "学会【断舍离】…不要过度纠结小问题"):
# under "需要改进的地方" it is the advice, not the fault. Not "需要加强…" / "需要对接…", which state a need: a shortfall.
_IMPERATIVE = re.compile(r"^\W*([\d一二三四五六七八九十]+[、.．)）]\s*)?(加强|增加|提高|提升|改进|完善|优化|多(?!个|种|次|数|人|少)"
                         r"|少(?!数|量)|尽量|尽可能|不要|别|应该|应当|要(?!求)|学会|给自己|及时|提前|注意|避免|做好|保持|坚持|定期|严格)")


# A heading that names improvement ("Areas to Improve", "Areas for Improvement", "What can we do to improve?", "What could
# be improved:"): English writers put under it what fell short ("I fell behind on my schedule") as often as what to do.
_IMPROVING = re.compile(r"\bimprov(e|es|ed|ing|ements?)\b", re.IGNORECASE)


def advised(text: str, heading: str = "") -> bool:
    """Whether a point opens with what to do, so that it is a recommendation where its heading names what went wrong: a
    Chinese one under whatever heading (``_IMPERATIVE``), an English one (``english_advice``: "We should try not to
    underestimate …", "In the future, we really should …") or names it without a clause (``english_remedy``: "Clearer
    roles") under a heading that names improvement (``_IMPROVING``)."""
    if chinese(fold_variants(text), 2):
        return bool(_IMPERATIVE.match(text))
    return bool(_IMPROVING.search(heading)) and (english_advice(text) or english_remedy(text))


def stated_outcome(text: str) -> LessonKind | None:
    """What went wrong, as a Chinese text under a heading of lessons says it by its own words (``cue_kind``): a "收获和
    体会" or "经验教训" section holds the team's faults beside what it learned ("6.经验教训：我们在后端代码检查不够严谨导致
    后面出了很多bug…"), and what went well as a feeling ("…还是很有成就感", ``_FELT_GAIN``). None when the text states a
    lesson, a gain in other words (a gain's words are as often a goal's: "采用率要作为上线成功的验收指标"), or nothing. An
    English text is what went well when its opening sentence says so (``_english_outcome``)."""
    folded = fold_variants(text)  # "還是很有滿足感" is "还是很有满足感"
    if not chinese(folded, MIN_CJK):
        return _english_outcome(text)
    kind = cue_kind(text)
    if kind in (None, LessonKind.WENT_WELL) and _FELT_GAIN.search(folded):
        return LessonKind.WENT_WELL
    return kind if kind == LessonKind.WENT_WRONG else None


# A result the writer felt good about ("最后生成.out的时候还是很有成就感", "…的程序还是很有满足感的", "组会给我很大帮助"): what
# went well, said as a feeling, not as a goal's words.
_FELT_GAIN = re.compile(r"成就感|满足感|(很大|不少|极大)的?帮助|帮助(很大|不小)")


# "可以从中学到什么教训", "能让更多人了解到": what a text asks, or what readers are to learn, is no lesson of the writer's.
_ASKED = re.compile(r"[^。，,；;]{0,4}(什么|哪些)")
_FOR_READERS = re.compile(r"(让|使|帮助|带领)(更多的?)?(人|大家|读者|同学|开发者|你)[^。，,]{0,6}$")


def _neglect(text: str) -> bool:
    """Whether a sentence says what was not done and what it led to (``_NEGLECT``), not what would follow if it were
    not (``_SUPPOSED`` earlier in its sentence)."""
    for m in _NEGLECT.finditer(text):
        start = max(text.rfind(stop, 0, m.start()) for stop in "。！？!?；;")
        if not _SUPPOSED.search(text, start + 1, m.start()):
            return True
    return False


# What may happen, not what did: "自己可能会犯的错误已经有无数先烈踩过坑了".
_MAY = re.compile(r"可能会|难免会|或许会|也许会")


def _supposed(text: str, at: int) -> bool:
    """Whether the clause a cue stands in supposes it (``_SUPPOSED``, "可能会…") rather than tells it."""
    start = max(text.rfind(stop, 0, at) for stop in "。！？!?；;，,")
    return bool(_SUPPOSED.search(text, start + 1, at) or _MAY.search(text, start + 1, at))


def _fault_first(text: str) -> bool:
    """Whether a text tells a fault before anything learned: "在编写web应用中也遇到了很多坑，浪费了很多时间，…感觉学到了很多
    东西" is what went wrong, told with what it taught in passing; "我意识到…，所以没有…导致…" a lesson, and so is a fault
    only supposed ("自己可能会犯的错误…")."""
    faults = [m.start() for m in _FAULT.finditer(text) if not _supposed(text, m.start())] \
        + [m.start() for m in _NEGLECT.finditer(text) if _neglect(m.group(0))]
    lessons = [m.start() for pattern in (_LEARNED, _JUDGED, _NEXT_TIME, _ADVICE, _TAUGHT) for m in pattern.finditer(text)]
    return bool(faults) and (not lessons or min(faults) < min(lessons))


def teaches(text: str) -> bool:
    """Whether a Chinese text says what was learned, what matters or what to do (the lesson cues of ``cue_kind``):
    thanks that carry one ("感谢导师的指导，让我认识到了需求分析的重要性") are a lesson."""
    return counsels(text) or _learned(text)


def counsels(text: str) -> bool:
    """Whether a Chinese text says what matters, what it taught or what to do (``teaches`` but for the plain "学到了",
    "收获", "启示" that any look back says)."""
    return any(pattern.search(text) for pattern in (_JUDGED, _NEXT_TIME, _ADVICE, _TAUGHT))


def _learned(text: str) -> bool:
    """Whether the writer says what they learned (``_LEARNED``), not what one may learn or what readers will."""
    return any(not _ASKED.match(text, m.end()) and not _FOR_READERS.search(text, 0, m.start())
               for m in _LEARNED.finditer(text))


def _verdict(text: str) -> LessonKind | None:
    verdict = _VERDICT.search(text)
    if not verdict or re.search(r"(是否|能否|可否|有没有)\S{0,4}$", text[:verdict.end("neg") if verdict.group("neg") else verdict.start()]):
        return None  # "考察…是否满足要求": a question, not a verdict
    if verdict.group("neg") or verdict.group("against"):
        return LessonKind.WENT_WRONG
    # Meeting a requirement is often a plan or a method ("发布需满足金融类 App 上架要求", "遵循无责复盘原则"): only a bare
    # verdict ("满足开闭原则") or one said of one's own work ("做到了较好的D原则", "很好地遵循了…") is a self-assessment.
    own = verdict.group(2) or verdict.group(3) == "做到"
    return LessonKind.WENT_WELL if own or len(text.strip(" 。.")) <= BARE_VERDICT_CHARS else None
