"""Chinese rules for held 50 (issue 17, e-gen30zh): error classes counted over every seen Chinese document before a rule
was written (BENCHMARKS.md, "Chinese: a paragraph that points at a figure (e-gen30zh)"). Each test has a short excerpt
of a real document (benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from tests.ingest.markdown_docs import md, texts


def test_a_paragraph_that_points_at_a_figure_is_no_lesson():
    # held50 zh-tic-tac-toe-vision-course-design-team-report-docx: a design chapter's paragraph on a parameter, told by
    # its figure, was read as what went wrong; held50 zh-smart-car-ros-course-design-team-report-docx's appendix
    # "图7.2.3展示了…" the same; none annotated, as in two developers' Android and STM32 problem notes.
    doc = md("# 井字棋课程设计报告\n\n## 课程设计总结\n\n### 遇到的问题以及解决方案\n\n"
             "由前文叙述可知HoughCircle中的param2参数控制着圆的精度检测。如果该参数过小（如图 15左图所示），"
             "该检测判定为圆的阈值过低，则过多本不存在的棋子被误测到。\n\n"
             "图7.2.3展示了巡线过程中小部分阈值分割和腐蚀模块处理效果差的图像，黑线上有坑坑洼洼的点。\n\n"
             "由于缺乏项目实战经验，前期的机器视觉部分选用了python作为主要语言，产生的问题短期无法解决。\n\n"
             "例如图书管理模块，前期没有设计好接口，后期返工了很多次。\n")
    assert texts(doc) == ["由于缺乏项目实战经验，前期的机器视觉部分选用了python作为主要语言，产生的问题短期无法解决。",
                          "例如图书管理模块，前期没有设计好接口，后期返工了很多次。"]
