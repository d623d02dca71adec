"""English rules of e-gen20en (issue 17): a list item that names a kind over its own sub-items, a form's question of what
was learned, and improvements to make from now on, with short excerpts of real public documents (BENCHMARKS.md, "English
lesson extraction on real documents (e-gen20en)")."""

from __future__ import annotations

from ingest.blocks import Block
from ingest.docx_doc import parse_docx
from ingest.headings import classify_heading
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile
from ingest.structure import build_structure
from tests.ingest.office_files import add_numbered, docx_bytes, new_docx


def _lessons(text: str, key: str = "notes/post-mortem.md") -> list[tuple[str, str]]:
    doc = parse_markdown(RawFile(data=text.encode(), default_key=key)).documents[0]
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


# jniweteto/Interview, a take-home project's Word post-mortem: its parts are bulleted labels, each over its points one
# level down ("What went well", then "The instructions about the project were clear.").
def _loan_post_mortem() -> bytes:
    document = new_docx()
    document.add_heading("Post-mortem", level=2)
    add_numbered(document, "Outstanding work", 1)
    document.add_paragraph("The outstanding work mostly lies in testing, making necessary adjustments in the service "
                           "class, and displaying changes in the browser.")
    add_numbered(document, "What went well", 1)
    add_numbered(document, "The instructions about the project were clear.", 2)
    add_numbered(document, "I created a database and made it work.", 2)
    add_numbered(document, "I could ask questions and clarifications and have clear answers.", 2)
    return docx_bytes(document)


def test_an_item_that_names_a_kind_heads_its_sub_items_as_lessons_of_that_kind():
    doc = parse_docx(RawFile(data=_loan_post_mortem(), default_key="Post-mortem.docx")).documents[0]
    kinds = {lesson.text: lesson.kind.value for lesson in doc.lessons}
    for point in ("The instructions about the project were clear.", "I created a database and made it work.",
                  "I could ask questions and clarifications and have clear answers."):
        assert kinds.get(point) == "went_well", (point, kinds)
    # The label before them keeps its own paragraph; it no longer swallows the points under the next label.
    assert not any(text.startswith("Outstanding work;") for text in kinds), kinds


def test_the_same_in_markdown_and_a_question_that_names_a_kind():
    lessons = _lessons("# Project post-mortem\n\n## Post-mortem\n\n"
                       "- What went well\n"
                       "  - The instructions about the project were clear.\n"
                       "  - I created a database and made it work.\n"
                       # Prayash777/CST438_Project_01_Group6, a team's PDF retrospective: a member's form as a list.
                       "- If you could do it over, what would you change?\n"
                       "  - I would get the database setup first before starting features that require database calls\n"
                       "  - Write more tests– something I’m thinking about for project 2\n")
    assert lessons == [
        ("went_well", "The instructions about the project were clear."),
        ("went_well", "I created a database and made it work."),
        ("recommendation", "I would get the database setup first before starting features that require database calls"),
        ("recommendation", "Write more tests– something I’m thinking about for project 2"),
    ]


def test_a_topic_item_over_details_stays_one_lesson_with_them():
    # SheldonS23/CSI-2334-Group-Project, a lessons document: a recommendation and its details are one point.
    lessons = _lessons("# Lessons Learned\n\n## Recommendations\n\n"
                       "- Keep a work log of code that was changed\n"
                       "  - Version control\n"
                       "  - Test after each change\n")
    assert lessons == [("recommendation", "Keep a work log of code that was changed; Version control; Test after each change")]


def test_a_recommendation_system_names_no_kind():
    # SR14/Predicting-Customer-Preferences, a data-mining deck: the topic's noun is a product, not advice.
    for topic in ("Market Basket Analysis ⇢ Recommendation System", "Created 19 Recommendation Rules",
                  "Recommendation model using transactional history"):
        assert classify_heading(topic) is None, topic
    for heading in ("Recommendations", "Recommendations Regarding Electronidex", "Recommendations and next steps"):
        assert classify_heading(heading) == "recommendation", heading


def test_a_question_of_what_was_learned_names_lessons():
    # Prayash777/CST438_Project_01_Group6, tianwenlan/COP3530-Data-structure-and-Algorithms, a MapReduce course
    # retrospective, a Viking game's post-mortem, a Scrum course team's retrospective, a Knit post-mortem.
    for question in ("What is the most valuable thing you learned?", "What are the lessons you learned?",
                     "What did you learn from completing this project? Is there anything you would change?",
                     "What Can We Learn From The Experience?", "What lessons have we learned?", "What did you learn?"):
        assert classify_heading(question) == "lesson", question
    # A guide's question of what a class teaches asks nothing of a look back.
    assert classify_heading("What do you learn in this course?") is None


def test_the_answer_under_a_question_of_what_was_learned_is_a_lesson():
    lessons = _lessons("# Project 1 retrospective\n\n## Ezequiel\n\n"
                       "- What was the biggest challenge?\n"
                       "  - Understanding the code and the right syntax.\n"
                       "- What is the most valuable thing you learned?\n"
                       "  - To understand everything that you are doing.\n")
    assert ("lesson", "To understand everything that you are doing.") in lessons, lessons


def test_improvements_from_now_on_are_recommendations_and_what_fell_short_is_not():
    # bdougie/contributor.info's post-mortem, a student team's sprint retrospective (Word), an investing app's report.
    for heading in ("Future Improvements 🔄", "Improvements for next time", "Future improvements:",
                    "Improvements for the future"):
        assert classify_heading(heading) == "recommendation", heading
    for heading in ("Improvements", "Areas for Improvement"):
        assert classify_heading(heading) == "went_wrong", heading
    lessons = _lessons("# Subscription activation post-mortem\n\n### Future Improvements 🔄\n\n"
                       "- [ ] Add monitoring/alerting for webhook failures (Sentry integration)\n"
                       "- [ ] Add webhook event logging to database for debugging\n")
    assert [kind for kind, _ in lessons] == ["recommendation", "recommendation"], lessons
    assert any("Add monitoring/alerting for webhook failures" in text for _, text in lessons), lessons



def test_a_chinese_item_over_sub_items_is_read_as_before():
    # A Taobao item-set work summary (PowerPoint; its slide's bullets as the reader gives them): the English rule
    # leaves Chinese lists to the Chinese rules.
    blocks = [Block("heading", "频繁项集筛选", level=1), Block("heading", "存在问题", level=2),
              Block("item", "关键词解释集合不太合理，尤其是涉及到共同用途的集合，从商品名中很难抽取到有用的关键词", level=2),
              Block("item", "无法使用不在商品名中的词来解释频繁集，但大多数集合都无法通过文本词来解释", level=2),
              Block("item", "解决办法", level=1),
              Block("item", "继续查找相关工作，找更合理的方法", level=2), Block("item", "通过外部数据解释集合", level=2)]
    lessons = build_structure(blocks, "频繁项集筛选", reflective=True, looks_back=True).lessons
    assert [(lesson.kind.value, lesson.text) for lesson in lessons] == [
        ("went_wrong", "关键词解释集合不太合理，尤其是涉及到共同用途的集合，从商品名中很难抽取到有用的关键词"),
        ("went_wrong", "无法使用不在商品名中的词来解释频繁集，但大多数集合都无法通过文本词来解释"),
        ("recommendation", "继续查找相关工作，找更合理的方法"),
        ("recommendation", "通过外部数据解释集合"),
    ]


def test_a_long_question_is_named_by_what_it_asks_further_on():
    # Sharxn13/ExpTrackerr (a bootcamp unit's Word post-mortem), a park-finder team's PDF post-mortem, a Knit course
    # post-mortem: the kind's words come after "to this project", or after a clause that sets the scene.
    assert classify_heading("What in my process and approach to this project would I do differently next time?") \
        == "recommendation"
    assert classify_heading("What in my process and approach to this project went well that I would repeat next time?") \
        == "went_well"
    assert classify_heading("If you did the project a second time, what things you would do differently?") \
        == "recommendation"
    assert classify_heading("If you had to do it all over again, what would you do differently?") == "recommendation"
    # Its purpose names no kind: "to improve the outcome" is what the question is for, not what fell short.
    assert classify_heading("What could you have done as a team to improve the outcome of this sprint and the project?") \
        is None


def test_the_answers_under_a_long_question_item_are_lessons_of_its_kind():
    lessons = _lessons("# WDI Unit 2 Post Mortem\n\n## Approach and Process\n\n"
                       "- What in my process and approach to this project would I do differently next time?\n"
                       "  - Not add in a log in page and focus more on the display.\n"
                       "- What in my process and approach to this project went well that I would repeat next time?\n"
                       "  - The design of the application which is clean and simple.\n")
    assert lessons == [("recommendation", "Not add in a log in page and focus more on the display."),
                       ("went_well", "The design of the application which is clean and simple.")]
