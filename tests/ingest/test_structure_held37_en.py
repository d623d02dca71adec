"""English rules for held 37's error classes (issue 17; judged once on main 6338400, studied since): each rule with a
short excerpt of the real document it comes from (benchmarks/extraction/SOURCES.md; BENCHMARKS.md, "English rules for
held 37 (e-gen17en)")."""

from __future__ import annotations

from ingest.non_lessons import never_a_lesson


def test_a_prompt_set_as_a_what_clause_and_a_denying_answer_are_no_lessons():
    # en-missile-command-clone-post-mortem-pdf (held 32), en-sea-level-rise-game-postmortem-docx (held 34),
    # en-expense-tracker-unit-post-mortem-docx (held 33)
    assert never_a_lesson("What I’m unsure about")
    assert never_a_lesson("What needed human input to the chatGpt code")
    assert never_a_lesson("Not really.")
    assert not never_a_lesson("What went well was the team's communication.")
    assert not never_a_lesson("What a great team we had")
    assert not never_a_lesson("Not really enough time was given to testing the release.")
