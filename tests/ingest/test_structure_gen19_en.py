"""English rules of e-gen19en (issue 17): what a bare "Reflection" heading counts for, with short excerpts of real
public documents (BENCHMARKS.md, "English lesson extraction on real documents (e-gen19en)")."""

from __future__ import annotations

from ingest.headings import bare_reflections, classify_heading, reflections
from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile

# remidinishanth/golang_learnings, reflection.md: programming notes whose first heading is Go's reflection API.
GO_NOTES = (
    "## Reflection\n"
    "* Go provides a mechanism to update variables, inspect their values at runtime, call their methods,\n"
    "and apply the operations intrinsic to their representation without knowing their types at compile time.\n"
    "* This mechanism is called reflection.\n"
    "* Reflection also lets us treat types themselves as first-class values.\n\n"
    "Reflection in computing is the ability of a program to examine its own structure, particularly through types; "
    "it’s a form of metaprogramming.\n\n"
    "## reflect package\n\n"
    "Package reflect implements run-time reflection, allowing a program to manipulate objects with arbitrary types.\n\n"
    "It defines two important types: `Type` and `Value`.\n\n"
    "The typical use is to take a value with static type `interface{}` and extract its dynamic type information by "
    "calling `TypeOf`, which returns a `Type`.\n\n"
    "### reflect.Type\n\n"
    "* A `Type` represents a Go type.\n"
    "* It is an interface with many methods for discriminating among types and inspecting their components.\n\n"
    "Because `reflect.TypeOf` returns an interface value’s dynamic type, it always returns a concrete type.\n\n"
    "## APIs of Reflection\n\n"
    "Reflection acts on three important reflection properties that every Golang object has: `Type`, `Kind`, and "
    "`Value`.\n"
)

# rkchimunya/SNHU-Portfolio, README.md: a course portfolio whose whole body is the student's reflection.
PORTFOLIO = (
    "# CS 300 Portfolio Submission\n\n"
    "## Reflection\n\n"
    "**What was the problem you were solving in the projects for this course?**  \n"
    "I was solving the problem of creating a program to help academic advisors organize and retrieve course "
    "information.\n\n"
    "**How did you overcome any roadblocks you encountered while going through the activities or project?**  \n"
    "I faced challenges with implementing the BST insertion and traversal correctly, especially handling duplicates "
    "and maintaining sorted order. I overcame this by carefully debugging and testing small cases before scaling to "
    "full CSV files.\n\n"
    "**How has your work on this project expanded your approach to designing software and developing programs?**  \n"
    "This project taught me to carefully evaluate trade-offs between different data structures before coding.\n"
)


def _parsed(text: str, key: str):
    return parse_markdown(RawFile(data=text.encode(), default_key=key)).documents[0]


def test_a_bare_reflection_heading_still_names_lessons_but_says_whose_by_no_word():
    for heading in ("Reflection", "Reflections", "3. Reflection:"):
        assert classify_heading(heading) == "lesson", heading
        assert reflections(heading) and bare_reflections(heading), heading
    for heading in ("Group Reflection", "Team Reflections", "Final Reflection", "Reflections on the Project"):
        assert reflections(heading) and not bare_reflections(heading), heading


def test_a_bare_reflection_heading_over_part_of_a_document_does_not_type_it():
    # Read as a retrospective before e-gen19en: the heading alone typed it.
    assert _parsed(GO_NOTES, "reflection.md").doc_type.value == "other"


def test_a_bare_reflection_heading_over_most_of_a_document_types_it_and_keeps_its_lessons():
    parsed = _parsed(PORTFOLIO, "README.md")
    assert parsed.doc_type.value == "retrospective"
    texts = [lesson.text for lesson in parsed.lessons]
    assert any("I faced challenges with implementing the BST insertion" in text for text in texts), texts
