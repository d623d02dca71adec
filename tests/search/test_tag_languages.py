"""A tag lent by the other language in the document's language (search/tag_languages.py): which store tag of that
language is the same (the glossary and CC-CEDICT, word by word, both ways), and which tags are in a language already
(written in it, an acronym, or used on a document written in it). The real dictionary and a real store."""

from __future__ import annotations

import pytest

from ingest import ingest
from kb.store import Store
from search.tag_languages import TagLanguages
from search.translate import get_translator
from search.type_tags import lendable

DOCS = {
    "erp/复盘.md": "---\ntitle: ERP升级复盘\ntags: [供应商管理, 状态报告, CRM, Salesforce, 云迁移]\n---\n\n- 供应商的接口交付延期五周。\n",
    "erp/weekly.md": ("---\ntitle: ERP weekly status\ntags: [vendor management, status reporting, GDPR, payroll]\n---\n\n"
                      "- The vendor delivered the interface five weeks late.\n"),
}


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> TagLanguages:
    folder = tmp_path_factory.mktemp("tag-languages")
    for rel, text in DOCS.items():
        (folder / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / rel).write_text(text, encoding="utf-8")
    with Store(folder / "kb.db") as store:
        ingest(store, [folder / "docs"])
        return TagLanguages(store, get_translator([], None))


@pytest.mark.parametrize(("english", "chinese"), [
    ("vendor-management", "供应商管理"),  # 供应商 + 管理
    ("key-person dependency", "关键人员依赖"),  # 关键人员 + 依赖
    ("cloud migration", "云迁移"),  # a character that is a word of the tag: 云 + 迁移
    ("scope creep", "范围蔓延"),  # the glossary's, whole
    ("Testing", "测试"),  # a form of the word
    ("RF terminals", "RF终端"),
    ("office relocation", "办公室搬迁"),
])
def test_tags_that_read_each_other_word_by_word_are_the_same(languages, english, chinese):
    assert languages.same(english, chinese) and languages.same(chinese, english)


@pytest.mark.parametrize(("english", "chinese"), [
    ("data", "数据迁移"),  # one word of the glossary's "data migration"
    ("relocation", "办公室搬迁"),  # 办公室 has no English in it
    ("training", "用户培训"),
    ("vendor", "供应商管理"),
    ("month", "月"),  # a character alone: month, moon …
    ("environments", "环境未就绪"),
])
def test_a_tag_that_says_more_or_less_is_not_the_same(languages, english, chinese):
    assert not languages.same(english, chinese)


def test_a_lent_tag_becomes_the_stores_tag_of_the_documents_language(languages):
    assert languages.rendering("vendor management", "zh") == ("供应商管理", None)
    assert languages.rendering("供应商管理", "en") == ("vendor management", None)


def test_a_tag_without_one_stays_marked_as_lent_from_its_language(languages):
    assert languages.rendering("payroll", "zh") == ("payroll", "en")
    assert languages.rendering("云迁移", "en") == ("云迁移", "zh")  # "cloud migration" is no tag of the store


def test_a_tag_that_names_a_document_type_is_not_a_topics_rendering(languages):
    """"status reporting" is 状态报告 to the tables, but 状态报告 names a status report: not lent to a retrospective."""
    assert languages.rendering("status reporting", "zh") == ("状态报告", None)
    assert languages.rendering("status reporting", "zh", lambda t: lendable(t, "retrospective")) == (
        "status reporting", "en")


def test_an_acronym_or_a_tag_used_on_a_documents_language_is_in_it(languages):
    assert languages.rendering("GDPR", "zh") == ("GDPR", None)  # written so in Chinese too
    assert languages.rendering("CRM", "en") == ("CRM", None)
    assert languages.rendering("Salesforce", "zh") == ("Salesforce", None)  # a Chinese document has it
    assert languages.in_language("Salesforce", "zh") and not languages.in_language("payroll", "zh")
    assert languages.in_language("payroll", "mixed")  # a mixed document takes any tag
