"""Which tags name a document type, and so are not lent to a document of another type (search/type_tags.py), by the
one table that ingestion reads a stated type by (kb/type_names.py). A word that names a type only where a field asks
for one (status, risks, 立项, 总结, 经验库) is a topic as a tag: a retrospective tagged 立项 is about the initiation."""

from __future__ import annotations

import pytest

from search.type_tags import lendable


@pytest.mark.parametrize(("tag", "doc_type"), [
    ("风险台账", "retrospective"),  # ingestion's names before
    ("问题复盘", "status_report"),
    ("经验教训清单", "charter"),
    ("Lessons-Learned Review", "post_mortem"),
    ("週報", "charter"),  # Traditional, folded
    ("Status Reports", "charter"),
    ("事故通报", "retrospective"),  # tag suggestions' own, still
])
def test_a_tag_that_names_another_type_is_not_lent(tag, doc_type):
    assert not lendable(tag, doc_type)


@pytest.mark.parametrize(("tag", "doc_type"), [
    ("立项", "retrospective"),  # a project phase: was not lent before
    ("risks", "retrospective"),
    ("status", "charter"),
    ("总结", "status_report"),
    ("经验库", "retrospective"),
    ("other", "charter"),
    ("status reporting", "charter"),  # a topic, not the type
    ("风险台账", "risk_register"),  # its own type's name
])
def test_a_topic_or_a_tag_of_the_documents_own_type_is_lent(tag, doc_type):
    assert lendable(tag, doc_type)
