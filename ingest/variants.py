"""Spelling variants folded before heading vocabulary is matched: typographic quotes and Traditional Chinese.

"What didn’t go so well" (a typographic apostrophe, as word processors and many Markdown editors type it) is the
heading "What didn't go so well"; "💬 結語", "問題", "經驗教訓" are the Traditional spellings of 结语, 问题, 经验教训.
Only the characters of the vocabulary the rules match are mapped (a full converter such as OpenCC is not needed to
read a heading's words, and the text stored is never changed).
"""

from __future__ import annotations

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'", "\u00b4": "'",
                         "\u201c": '"', "\u201d": '"'})
# Traditional -> Simplified, for the characters of the heading, label and document-type vocabulary.
_TRADITIONAL = str.maketrans(
    "結語問題經驗訓總體會優點檢討改進議缺亮後續計劃動項時間線響過錯誤學麼們為還與這個對來發現實習處應當變開無"
    "難戰穫啟達標績順遺憾盤顧賽練寫產專務決風險團隊負責內邏輯據運維護試驗證規範範溝通協調準備際組織資義電腦網絡"
    "導預測質復歸納觀點級別顯響關鍵務"
    # and the cue words of ingest.cues ("不是一個好的主意", "失敗原因", "沒有做好", "讓我認識到").
    "該沒認識讓敗說覺積鍛鍊煉較遠夠嚴謹選擇單記則於從將虧損壞費確計樂輕鬆礙滿幫",
    "结语问题经验训总体会优点检讨改进议缺亮后续计划动项时间线响过错误学么们为还与这个对来发现实习处应当变开无"
    "难战获启达标绩顺遗憾盘顾赛练写产专务决风险团队负责内逻辑据运维护试验证规范范沟通协调准备际组织资义电脑网络"
    "导预测质复归纳观点级别显响关键务"
    "该没认识让败说觉积锻炼炼较远够严谨选择单记则于从将亏损坏费确计乐轻松碍满帮")


def fold_variants(text: str) -> str:
    """The text with typographic quotes made plain and Traditional Chinese vocabulary made Simplified."""
    return text.translate(_QUOTES).translate(_TRADITIONAL)
