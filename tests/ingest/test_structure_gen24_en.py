"""English rules of e-gen24en (issue 17): a repeat told by its words, a lesson named as one, a long paragraph's
points, with short excerpts of real public documents (BENCHMARKS.md, "English lesson extraction on real documents
(e-gen24en)")."""

from __future__ import annotations

from ingest.builder_passes import _grams
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def _lessons(text: str, key: str = "notes/reflection.md") -> list[tuple[str, str]]:
    doc = parse_markdown(RawFile(data=text.encode(), default_key=key)).documents[0]
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


FLOAT_OPENING = ("Float The following reflection is divided into multiple sections, each of which describe a specific "
                 "phase of the project. These phases include: design, planning, implementation and testing & validation.")
FLOAT_DESIGN = (
    "One of the major mistakes we made during the design phase of the project was assuming that all the chosen "
    "components and APIs would be compatible. Not checking the compatibility of the chosen component costed us greatly "
    "during the implementation phase. As an example of this, we initially thought that Android would support a MySQL "
    "database. However, it was later realized that connecting MySQL to Android would require another communication "
    "layer using a server side language. This would lead to a substantial amount of unplanned work. Additionally, by the "
    "time we realized Android was not compatible with MySQL, we had spent around three weeks designing the MySQL "
    "database schema, populating the database with test data and setting a Mysql database server. This effort proved "
    "to be wasted, as we have switched to using Firebase for our project. This all goes to show that, if we were to do "
    "this project again, we should have spent extra time checking the compatibility of components in our initial "
    "design before moving to the implementation phase."
)


FLOAT_IMPLEMENTATION = (
    "Formal project documents, meeting notes and group time logs were stored in a shared Google Docs project folder. "
    "This method proved to be superior, as it was orderly and efficient. In hindsight, we should have saved code "
    "snippets or important links in the project folder as a document as well."
)


def test_an_english_paragraph_is_no_repeat_of_a_shorter_lesson_that_shares_only_its_letter_pairs():
    # 82 % of the opening's letter pairs are in the design paragraph: read as its repeat, it was dropped before e-gen24en.
    text = (f"CPEN 321\n\nProject Reflection\n\n{FLOAT_OPENING}\n\n# Design\n\n{FLOAT_DESIGN}\n\n"
            f"# Implementation phase\n\n{FLOAT_IMPLEMENTATION}\n")
    texts = [text for _, text in _lessons(text, key="Reflection.md")]
    assert any(text.startswith("One of the major mistakes we made during the design phase") for text in texts), texts


def test_an_english_lesson_said_twice_is_still_one():
    said = "In hindsight, we should have tested the payment flow with real cards much earlier in the project."
    text = f"# Retrospective\n\n## Lessons learned\n\n- {said}\n\n## Closing\n\n{said}\n"
    assert [text for _, text in _lessons(text)].count(said) == 1
def test_a_chinese_repeat_is_still_told_by_its_characters():
    assert "测试" in _grams("测试要尽早做。") and "we should" in _grams("We should test early.")
