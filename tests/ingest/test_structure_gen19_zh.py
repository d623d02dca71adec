"""Chinese rules of e-gen19zh (issue 17): a shape counted over every seen Chinese document, in documents of several
authors, before a rule was written (BENCHMARKS.md, "e-gen19zh"). Each test has a short excerpt of a real document
(benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from tests.ingest.markdown_docs import md, texts

# held21 zh-zju-oop-landlord-report (a course project's 总结报告): each difficulty asked as a question, its answer the
# "解决方案：" paragraph after it; the questions were lessons, none annotated.
LANDLORD = """# 总结报告

# 系统设计难点及解决
## 前端
难点1：如何设计界面的跳转？

解决方案：设置槽函数，当点击“人机对抗”、“人人对抗”和“退出游戏”这三个按钮中任意一个按钮时，隐藏MainWindow。

难点2：如何设计卡牌的显示与隐藏？如何实现选择卡牌？

解决方案：卡牌的显示与隐藏可以通过`QWidget`类中的`hide()`和`show()`函数来实现。
"""

# held26 zh-used-car-contest-summary (a Tianchi contest's 比赛总结): the question one stage set out to answer, an item
# under a lead-in that names it a problem; the finding after it is what was annotated.
CONTEST = """# 比赛总结

## 三、提分过程

### 阶段 D：验证模型是否应分开吃特征

后续实验开始检查一个重要问题：

- LightGBM 和 CatBoost 是否适合共享完全相同的一套特征？

结果发现，不同模型对特征的适应性差异明显。
"""

# held27 zh-yinyuetai-clone-project-summary-docx and held36 zh-message-board-training-team-project-summary-docx: a problem
# its author labelled, asked with a question mark; annotated, both.
LABELLED = """# 项目总结

问题：图片的隐藏与显示？

解决：自己去写条件实现的，可能自己写的，看不出毛病吧，我觉得还可以改进

## 二、遇到的问题及解决方案：

问题2：在不同的留言处怎么实现管理员回复？

解决方案：显示留言时获取其messageId，回复留言时根据对应的messageId来回复。
"""


def test_a_difficulty_asked_as_a_question_is_no_lesson():
    doc = md(LANDLORD, "总结报告.md")
    assert [text for text in texts(doc) if text.endswith("？")] == []
    assert any("如何设计界面的跳转" in section.text for section in doc.sections)  # still its section's text


def test_a_question_a_stage_set_out_to_answer_is_no_lesson():
    doc = md(CONTEST, "比赛总结.md")
    assert [text for text in texts(doc) if "是否适合共享" in text] == []
    assert any("是否适合共享" in section.text for section in doc.sections)


def test_a_problem_its_author_labelled_stays_though_asked():
    doc = md(LABELLED, "项目总结.md")
    assert [text for text in texts(doc) if text.endswith("？")] == ["问题：图片的隐藏与显示？", "问题2：在不同的留言处怎么实现管理员回复？"]


def test_an_english_question_is_left_to_the_english_rules():
    # The English rule (e-gen21en) drops questions alone, and keeps a point stated before its question, which the
    # Chinese rule would have dropped ("。" ends no English sentence).
    doc = md("# Sprint retrospective\n\n## What went wrong\n\n- Why did the staging deploy fail twice in a row?\n"
             "- The staging deploy failed twice in a row. Why did nobody roll it back?\n", "retro.md")
    assert texts(doc) == ["The staging deploy failed twice in a row. Why did nobody roll it back?"]
