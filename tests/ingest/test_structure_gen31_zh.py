"""Chinese rules for held 51 (issue 17, e-gen31zh): error classes counted over every seen Chinese document before a rule
was written (BENCHMARKS.md, "Chinese: a line that announces what follows (e-gen31zh)"). Each test has a short excerpt
of a real document (benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from ingest.non_lessons import never_a_lesson
from tests.ingest.markdown_docs import md, texts


def test_a_line_that_announces_what_follows_is_no_lesson():
    # held39 zh-fintech-new-hire-annual-summary-shortcomings-docx opens its summary with "…现将2017年度总结汇报如下：";
    # held35 zh-opengl-cubes-interview-project-report-pdf leads into a method ("…运用了如下处理原理:"), held32
    # zh-corporate-site-clone-project-summary-docx into its CSS ("…，代码如下"): none annotated, all three were lessons.
    # The last paragraph stays: a lesson of four sentences that ends by leading in.
    doc = md("# 项目总结\n\n## 遇到的问题\n\n"
             "回顾这两个多月我个人的工作情况，在同事们的帮助下更快的熟悉环境，也使我收获良多！现将2017年度总结汇报如下：\n\n"
             "深度处理机制用的是OpenGL 提供的api，但是经过相关知识点的查阅，了解到该机制运用了如下处理原理:\n\n"
             "最后利用css将滚动条隐藏,将html添加overflowhidden，代码如下\n\n"
             "由于缺乏测试经验，接口的性能问题直到上线前才发现，优化后延迟才降到 10ms 以下\n\n"
             "官方给出的demo是基于32位系统的，但是我们自己编写的demo都是64位的。问题就出在程序位数上。后来才发现读内存时的"
             "转换有误。我们采用了如下的转换：\n")
    assert texts(doc) == ["由于缺乏测试经验，接口的性能问题直到上线前才发现，优化后延迟才降到 10ms 以下",
                          ("官方给出的demo是基于32位系统的，但是我们自己编写的demo都是64位的。问题就出在程序位数上。后来才发现读内存时的"
                           "转换有误。我们采用了如下的转换：")]


def test_an_announcement_is_told_from_a_lesson_that_mentions_what_follows():
    assert never_a_lesson("主要问题有以下几点：")
    assert never_a_lesson("CubeMx的配置如下图所示：")
    # "以下" only with a colon: "below" ends a lesson as often; English is not read by these words.
    assert not never_a_lesson("优化后延迟降到 10ms 以下")
    assert not never_a_lesson("更新了js文件但浏览器显示的还是旧文件，解决方法：将Disable cache选项勾中。（如下）、")
    assert not never_a_lesson("The fix is described below:")
    # A longer line has said its point before it leads in (held37 zh-vehicle-model-detection-ai-course-project-summary-pdf,
    # annotated).
    assert not never_a_lesson("Tensorflow 的机制特殊，基于图的计算，数据不能任意传输，feed 进入模型的只能是 numpy，要用 Tensor 的数据"
                              "也要用 eval()进行转换，但是转换的速度非常慢，因此，在数据流动的过程的设计，需要充分考虑数据格式。"
                              "比如这次项目各个阶段数据的流动格式如下：")
