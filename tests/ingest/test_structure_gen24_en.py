"""English rules of e-gen24en (issue 17): a repeat told by its words, a lesson named as one, a long paragraph's
points, with short excerpts of real public documents (BENCHMARKS.md, "English lesson extraction on real documents
(e-gen24en)")."""

from __future__ import annotations

import pytest

from ingest.builder_passes import _grams
from ingest.cues import cue_kind
from ingest.markdown_doc import parse_markdown
from ingest.points import LONG_EN_WORDS, points
from ingest.source import RawFile

# NobleAxolotl/Hackathon26, Reflection.pdf: a student's hackathon reflection, one paragraph (the middle of it).
HACKATHON = (
    "We decided to implement this with a k-modes classification algorithm with sample user data as the training data. "
    "It was my idea to use k-modes in the program, and I helped guide the other team members to help them implement and "
    "interpret the outputs so we could use the algorithm correctly and make sure the results made sense in the context "
    "of the app. We found out that when making fake users with different answers and assigned to different categories, "
    "the k-modes classification did not work as accurately as we wanted with only us trying to guess what the sample "
    "training data would look like, we had to modify the data to make it more accurate and add a larger sample size. If "
    "we had more time we could have got real people to answer the fitness questions to get a better sense of how people "
    "cluster into groups based on fitness goals, to improve the accuracy of the app so users end up in the best category "
    "for their fitness needs. Since this was the first time anyone in the group had implemented k-modes in a program, we "
    "learned the requirements and assumptions of the model, and we noted that although there were issues with using the "
    "k-modes for this goal, this method may have actually made things more complicated for us, but we gained experience "
    "implementing a machine learning algorithm to solve classification problems."
)

# avc2120/ChemLAB, a project manager's lessons in a Word final report: one paragraph, a point a sentence or two.
CHEMLAB = (
    "I learned that the PM has to take more initiative to enforce soft deadlines as well as to ensure that meetings are "
    "productive. I also learned the difficulty in being a good PM from the aspect of being able to motivate your "
    "teammates in a constructive manner. We ran into difficulties with Github in consolidating changes throughout the "
    "course of the project and also in being productive during meetings. An interesting solution to the lack of "
    "productivity during meetings was paired programming which I learned could be a good way to develop code. I learned "
    "the importance of team chemistry and the importance of working on a project that everyone has a passion for and "
    "invested interest in seeing come to fruition. Even though it was a struggle the last two weeks to start and finish "
    "the project, I was glad that I was working on the project with two good friends. I think that if we had chosen a "
    "language that we all were more passionate about and had better planning, we could have created an even better "
    "product."
)


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


@pytest.mark.parametrize("sentence", [
    # Maramnagy/FitTrack-Demo, a post-demo reflection (PDF)
    ("One of the most important lessons learned during this project was the practical integration of Firebase "
    "Authentication and Cloud Firestore within a frontend-only web application."),
    "Another key takeaway was the importance of proper deployment and testing environments.",
    ("This experience emphasized the importance of consistency in database structure and careful debugging using both "
    "browser developer tools and the Firebase console."),
    # MopadaGnaneswari/DeepThought-A…, a final reflection
    ("The biggest takeaway from this assignment was learning how to move from a large universe of companies to a focused "
    "shortlist."),
    # Capstone-CashCows/Documentation, a capstone's experience report
    ("Another lesson that we learned was that promoting and getting people to use your product is way harder than "
    "anticipated."),
    # hecgonzdom/DataAnalytics, a lessons-learned report
    "One of the main lessons I learned from this experience is to preprocess your data before doing any modeling.",
    # rehabnj/vr-wheelchair-simulator, a project's lessons learned
    "Working on both VR and desktop emulation reinforced the importance of cross-platform testing.",
])
def test_a_lesson_named_as_one_is_a_lesson(sentence):
    assert cue_kind(sentence) is not None and cue_kind(sentence).value == "lesson"


@pytest.mark.parametrize("sentence", [
    "The lesson plan was handed out by the teacher before the class started.",
    "The lessons tab was moved to the left side of the main screen in version two.",
])
def test_the_word_lesson_in_another_sense_names_none(sentence):
    assert cue_kind(sentence) is None


FITTRACK = (
    "# Post-Demo Reflection – FitTrack Project\n\n"
    "This project involved designing and implementing a simple fitness tracking web application using Firebase "
    "services.\n\n"
    "One of the most important lessons learned during this project was the practical integration of Firebase "
    "Authentication and Cloud Firestore within a frontend-only web application. Understanding how authentication state "
    "persists across pages was essential.\n\n"
    "Another key takeaway was the importance of proper deployment and testing environments. Running the application "
    "through Firebase Hosting ensured correct behavior of authentication and database operations.\n"
)


def test_a_reflection_that_names_its_lessons_gives_them_whatever_its_type():
    # Typed other, named by no word the rules read as a look back: no lesson before e-gen24en.
    texts = [text for _, text in _lessons(FITTRACK, key="Reflection.pdf.md")]
    assert any(text.startswith("One of the most important lessons learned") for text in texts), texts
    assert any(text.startswith("Another key takeaway was") for text in texts), texts
    assert not any(text.startswith("This project involved") for text in texts), texts


# Junwei-Su/CPEN321Float, Reflection.pdf: a team's project reflection, its opening and its design section.


def test_a_long_english_paragraph_starts_a_point_at_each_sentence_that_states_one():
    assert len(HACKATHON.split()) >= LONG_EN_WORDS
    parts = [text for text, _ in points(HACKATHON)]
    # Before e-gen24en one lesson: the two lessons after the account of the work were inside it.
    assert len(parts) == 3, parts
    assert parts[1].startswith("If we had more time we could have got real people")
    assert parts[2].startswith("Since this was the first time anyone in the group")


def test_a_paragraph_shorter_than_that_keeps_its_lessons_of_one_kind_together():
    short = " ".join(CHEMLAB.split(". ")[:2]) + "."
    assert len(short.split()) < LONG_EN_WORDS
    assert len(points(short)) == 1


def test_the_points_of_a_long_paragraph_under_a_lessons_heading_are_lessons_of_their_own():
    texts = [text for _, text in _lessons(f"# Reflection\n\n## Lessons learned\n\n{HACKATHON}\n")]
    assert any(text.startswith("If we had more time we could have got real people") for text in texts), texts
    assert any(text.startswith("Since this was the first time anyone") for text in texts), texts
