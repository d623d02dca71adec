"""Tag suggestions come from documents that are alike (search/similar.py ``suggest_tags``, ``Floor.tag_neighbour``):
a tax filing 事故报告 took 数据迁移, 知识交接 and 指标口径 from a sales-data incident whose cosine with it is no higher
than any Chinese text's with another; a second write-up of that incident still takes its tags. Across languages,
where cosines tell nothing, the documents of the same project lend what two of them have; a tag that names another
document type (状态报告 to a post-mortem) is not lent. The real model, the shipped corpus's documents and an excerpt of
the real 事故报告 (u-zh, dexdeer-doc)."""

from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from ingest import ingest
from kb.settings import Settings
from kb.store import Store
from kb.store.tags import Target
from search import Searcher, SearchIndex
from search.relevance import FLOOR, FLOORS
from tests.search.conftest import take_embeddings

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
TAX = """# 9月份企业所得税A申报错误分析报告

## 事故经过
2018年10月21日（周日），公司软件部在进行纳税申报时，将全部需要申报企业所得税A的企业的申报表执行作废操作。作废操作后，对之前数据错误公式影响的报表进行了重新申报。
在下周的工作中，申报岗人员在未检查实际扣款额的情况下直接进行了扣费操作，导致多扣除了税款，当月未享受到弥补以前年度亏损的减税额度。

## 事故原因分析
- 首月申报第一次进行申报未验证的撤销和申报功能，没有预期到其影响，直接在生产环境进行执行，导致0申报的客户当月产生一条未申报记录。
- 申报员没有查看扣费具体情况而直接扣费。

## 教训
- 不管任何操作的大小，都需要经过严密的讨论和方案设计后再进行实施。

## 整改措施
- 企业所得税申报技术方案进行改进，采用自动化方案，先进行小范围的测试，待功能验证后再进行上线处理。
"""
INCIDENT = "data-platform/postmortem-report-accuracy"


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory, shipped_corpus: Path):
    folder = tmp_path_factory.mktemp("tag-suggestions")
    docs = folder / "docs"
    for project in ("data-platform", "crm-migration", "erp-upgrade"):
        for path in (CORPUS / project).glob("*.md"):
            (docs / project).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, docs / project / path.name)
    (docs / "dexdeer").mkdir()
    (docs / "dexdeer" / "事故报告.md").write_text(TAX, encoding="utf-8")
    incident = (CORPUS / f"{INCIDENT}.md").read_text(encoding="utf-8")
    retold = re.sub(r"(?m)^(id|tags): .*\n", "", incident).replace("title: ", "title: 再述：", 1)
    (docs / "data-platform" / "retold.md").write_text(retold, encoding="utf-8")  # the same incident, untagged
    settings = Settings(db=folder / "kb.db")
    store = Store(settings.db)
    ingest(store, [docs])
    index = SearchIndex(store, settings)
    # the real model's vectors of the shipped documents, embedded once a run: only the texts written here are embedded
    # (the module's setup took 20.3 s of CPU embedding them again, 8.7 s with their vectors taken)
    take_embeddings(store, shipped_corpus)
    report = index.sync()
    assert report.cached > 0 and report.embedded < report.cached, report.as_dict()
    yield Searcher(index)
    store.close()


def test_a_document_unlike_every_tagged_one_gets_no_tags_from_them(searcher):
    nearest = searcher._nearest_documents(searcher.store.document_id("dexdeer/事故报告.md"), 10)
    assert max(nearest.values()) < FLOOR.tag_neighbour  # no more alike than Chinese texts on other things
    assert searcher.suggest_tags("dexdeer/事故报告.md") == []


def test_a_document_like_a_tagged_one_gets_its_tags(searcher):
    suggested = [s.tag for s in searcher.suggest_tags("data-platform/retold.md")]
    assert {"数据质量", "报表准确性", "指标口径"} <= set(suggested)


def test_a_tag_only_one_neighbour_has_needs_that_neighbour_close(searcher, monkeypatch):
    """Below ``tag_alone``, a tag only one alike document has is not suggested."""
    key = "data-platform/retold.md"
    nearest = searcher._nearest_documents(searcher.store.document_id(key), 10)
    lender = searcher.store.document_id(INCIDENT)
    assert nearest[lender] >= FLOOR.tag_alone
    monkeypatch.setitem(FLOORS, searcher.index.model, replace(FLOOR, tag_alone=nearest[lender] + 0.001))
    left = {s.tag for s in searcher.suggest_tags(key)}
    assert "报表准确性" not in left  # only the incident has it


STATUS = "crm-migration/status-report-2025-05-singapore"  # the CRM project's one English document


def test_the_other_languages_documents_of_its_project_lend_what_two_of_them_have(searcher, monkeypatch):
    """The English status report: its project's Chinese documents lend their tags, those two of them have (the
    retrospective's and the post-mortem's 范围蔓延), not one's alone (the post-mortem's 数据质量 and 上线); a tag the
    store has in no English tag stays Chinese, marked as lent from Chinese; 数据迁移 is "data migration", which the
    report has already."""
    suggested = {s.tag: s.lent_from for s in searcher.suggest_tags(STATUS)}
    assert {"范围蔓延": "zh", "关键人员依赖": "zh"}.items() <= suggested.items()
    assert not {"数据质量", "上线", "数据迁移", "data migration"} & set(suggested)
    monkeypatch.setattr(type(searcher), "_across_languages", lambda self, doc: [])
    assert not {"范围蔓延", "关键人员依赖", "数据迁移"} & {s.tag for s in searcher.suggest_tags(STATUS)}


@contextmanager
def tagged(searcher, key: str, *labels: str):
    """The document with these tags for the test's while."""
    for label in labels:
        searcher.store.add_tag(Target("document", key), label)
    try:
        yield
    finally:
        for label in labels:
            searcher.store.remove_tag(Target("document", key), label)


def test_a_lent_tag_comes_as_the_stores_tag_of_the_documents_language(searcher):
    """Once the store has "scope creep" (here on a Chinese charter of another project), the English report is
    suggested that, not the Chinese 范围蔓延 its project's documents lend (the glossary: 范围蔓延 = scope creep); and
    "key person dependency" for 关键人员依赖 through the dictionary, word by word (关键人员 + 依赖)."""
    with tagged(searcher, "data-platform/charter", "scope creep", "key person dependency"):
        suggested = {s.tag: s for s in searcher.suggest_tags(STATUS)}
    assert suggested["scope creep"].lent_from is None and suggested["key person dependency"].lent_from is None
    assert not {"范围蔓延", "关键人员依赖"} & set(suggested)
    assert suggested["scope creep"].score >= 1.5  # its two Chinese lenders' ranks


def test_a_curators_synonym_is_the_same_tag_too(searcher):
    """No table says 范围蔓延 is "requirements creep"; a curator's synonym group does."""
    with tagged(searcher, "data-platform/charter", "requirements creep"):
        searcher.store.add_synonyms(["范围蔓延", "requirements creep"])
        try:
            suggested = {s.tag: s.lent_from for s in searcher.suggest_tags(STATUS)}
        finally:
            searcher.store.remove_synonym("requirements creep")
    assert suggested.get("requirements creep", "absent") is None and "范围蔓延" not in suggested


def test_a_tag_that_names_another_document_type_is_not_lent(searcher):
    """The incident's close second write-up (a post-mortem) takes a tag the incident alone has, but not one that
    names a status report."""
    key = "data-platform/retold.md"
    assert searcher.store.row("SELECT doc_type FROM documents WHERE key = ?", [key])["doc_type"] == "post_mortem"
    for label in ("状态报告", "口径复核"):
        searcher.store.add_tag(Target("document", INCIDENT), label)
    try:
        suggested = {s.tag for s in searcher.suggest_tags(key)}
    finally:
        for label in ("状态报告", "口径复核"):
            searcher.store.remove_tag(Target("document", INCIDENT), label)
    assert "口径复核" in suggested and "状态报告" not in suggested
