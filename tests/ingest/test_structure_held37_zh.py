"""Chinese rules for held 37 (issue 17, e-gen17zh): error classes counted over every seen Chinese document before a rule
was written (BENCHMARKS.md, "Chinese rules for held 37 (e-gen17zh)"). Each test has a short excerpt of a real document
(benchmarks/extraction/SOURCES.md) and, beside it, what must stay as it was."""

from ingest.pdf_doc import parse_pdf
from ingest.source import RawFile
from tests.ingest.markdown_docs import md, texts
from tests.ingest.office_files import new_pdf, pdf_bytes, pdf_line

# held37 zh-vehicle-model-detection-ai-course-project-summary-pdf (an AI course's 项目总结报告): under 项目心得经验 a
# figure of the data's formats between the stages; its boxes were nine lessons, none annotated.
VEHICLE_LESSONS = (
    ("拿到一个 AI 项目，需要了解项目的需求，根据已有的数据确定模型方案，本次项目就是受到数据所限，选择了检测，分类串行结构。因此，数据"
     "很大程度决定了项目的选型，这个是和传统项目不太一样的地方。"),
    "训练网络的时候，学习率的调整很重要，注意观察 loss 的变化情况，调整学习率。",
    ("Tensorflow 的机制特殊，基于图的计算，数据不能任意传输，feed 进入模型的只能是 numpy，要用 Tensor 的数据也要用 eval()进行转换，"
     "但是转换的速度非常慢，因此，在数据流动的过程的设计，需要充分考虑数据格式。比如这次项目各个阶段数据的流动格式如下："))
VEHICLE_AFTER = ("flask 发布 tensorflow 模型的时候，是可以将加载 Graph 和 Session 部分放在 request 之外，这样就不需要没次验证图片的时候都要"
                 "重新加载一次，只需要跑验证过程，节省很多时间。")
VEHICLE_FIGURE = ("图片预处理", "Numpy int 8", "/255", "Numpy float32", "jpg 图片", "中央裁切", "Numpy float32", "PIL Image",
                  "Resize height, width", "Numpy float32", "检测网络", "分类网络")


def test_a_few_foreign_words_in_a_chinese_document_are_a_label_not_a_lesson():
    pdf = new_pdf()
    pdf_line(pdf, "项目总结报告", size=20, bold=True)
    pdf_line(pdf, "二、 项目心得经验：", size=15, bold=True, gap=4)

    def item(text: str) -> None:
        text = "- " + text
        for start in range(0, len(text), 40):  # the PDF's lines
            pdf_line(pdf, text[start:start + 40], indent=0 if start == 0 else 4)

    for lesson in VEHICLE_LESSONS:
        item(lesson)
    for box in VEHICLE_FIGURE:  # the figure, set in from the margin
        pdf_line(pdf, box, indent=30)
    item(VEHICLE_AFTER)
    doc = parse_pdf(RawFile(data=pdf_bytes(pdf), default_key="项目总结报告.pdf")).documents[0]
    assert doc.language.value == "zh"
    assert [text for text in texts(doc) if text.isascii()] == []
    # The points round the figure stay (and two boxes with a Chinese word, "jpg 图片", which no rule here reads).
    openings = [text[:4] for text in texts(doc) if not text.startswith(("jpg", "Numpy"))]
    assert openings == ["拿到一个", "训练网络", "Tens", "flas"]


def test_a_few_english_words_stay_a_lesson_outside_a_chinese_document():
    # A mixed document's short English item ("git push often") may be a lesson, and an English document's are.
    mixed = md("# Sprint retrospective 迭代回顾\n\n## What went well\n\n- Pair programming helped the whole team a lot\n"
               "- CI stayed green all sprint long\n\n## 需要改进\n\n- git push often\n", "retro.md")
    assert mixed.language.value != "zh"
    assert "git push often" in texts(mixed)
    english = md("# Sprint 3 retrospective\n\n## What went well\n\n- Pair programming\n- CI stayed green\n", "retro.md")
    assert texts(english) == ["Pair programming", "CI stayed green"]
