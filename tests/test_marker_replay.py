"""benchmarks/marker_replay.py and english_junk_shapes.py: the words that open a new point, replayed on extracted
lessons, and the shapes of English junk (BENCHMARKS.md, e-gen19en). Excerpts of en-intro-it-four-member-team-group-
reflection-docx (held 38, studied since it was judged) and of en-credit-default-eda-lessons-learned-report-docx."""

from benchmarks import english_junk_shapes as shapes
from benchmarks import marker_replay as replay

# A member's paragraph under "Group Reflection": annotated as went well, then went wrong at "However", then a lesson.
MEMBER = ("Everyone contributed fairly to the assignment, and it was smooth regarding that. Nobody avoided doing any work "
          "that they were asked to. However, we definitely should have been more organised leading in to the New Year. "
          "For me the biggest thing about group work is structure.")


def test_a_marker_cuts_before_its_sentence_and_nowhere_else():
    assert replay.cut(MEMBER, replay.MARKERS["however"]) == [
        ("Everyone contributed fairly to the assignment, and it was smooth regarding that. Nobody avoided doing any work "
         "that they were asked to."),
        ("However, we definitely should have been more organised leading in to the New Year. For me the biggest thing "
         "about group work is structure.")]
    assert replay.cut(MEMBER, replay.MARKERS["also"]) == [MEMBER]
    # a lesson that opens with a marker is not cut before its first sentence
    assert replay.cut("Also, we met weekly.", replay.MARKERS["also"]) == ["Also, we met weekly."]


def test_the_replay_counts_cuts_that_match_and_cuts_that_do_not():
    doc = {"repo": "a/b", "lessons": [{"text": MEMBER, "in_section": True}],
           "annotated": [{"text": "Everyone contributed fairly to the assignment, and it was smooth regarding that."},
                         {"text": "However, we definitely should have been more organised leading in to the New Year"}]}
    ann, ext, got, ext2, got2, repos = replay.replay([doc], replay.MARKERS["however"], sections_only=True)
    # the paragraph whole matches its opening point; cut, each part matches its own
    assert (ann, ext, got, ext2, got2, repos) == (2, 1, 1, 2, 2, {"a/b"})
    outside = {**doc, "lessons": [{"text": MEMBER, "in_section": False}]}
    assert replay.replay([outside], replay.MARKERS["however"], sections_only=True)[3] == 1  # not cut
    assert replay.replay([outside], replay.MARKERS["however"], sections_only=False)[3] == 2


def test_junk_shapes_read_a_lesson_by_its_text():
    assert shapes.SHAPES["a finding in figures ('85% of …')"]("85% of employees reported improved efficiency.")
    assert shapes.SHAPES["a figure's caption or pointer"]("Below is a snapshot of our group chat in Discord.")
    assert not shapes.SHAPES["a figure's caption or pointer"]("We could have improved by communicating earlier.")
    assert shapes.SHAPES["a form's blank (____)"]("Assigned To: ______________________ Date: _________________")
