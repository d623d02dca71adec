"""kb search --sort date: "what went wrong last time", the documents relevance found, newest (or oldest) first."""

import json

import pytest

DOCS = {  # four projects' test environments, written in no order of date; one without a date
    "b/retro.md": ("2024-03-10", "仓储系统复盘", "测试环境直到上线前一周才准备好，集成测试被压缩。"),
    "d/retro.md": (None, "门户项目复盘", "测试环境和生产环境配置不一致，上线当天接口报错。"),
    "a/retro.md": ("2026-02-01", "财务系统复盘", "测试环境没有接真实的打印机，只能临上线在现场测。"),
    "c/retro.md": ("2025-07-15", "MES项目复盘", "测试环境数据太少，压力测试没有发现性能问题。"),
}


@pytest.fixture
def searched(kb, write):
    for rel, (date, title, lesson) in DOCS.items():
        front = f"date: {date}\n" if date else ""
        write(rel, f"---\ntitle: {title}\nproject: {rel[0].upper()}\n{front}---\n# {title}\n\n## 需要改进\n- {lesson}\n")
    kb("ingest", str(write.base))

    def run(*args: str) -> dict:
        return json.loads(kb("search", "测试环境", "--json", *args).stdout)

    return run


def _dates(data: dict) -> list[str | None]:
    return [group["date"] for group in data["results"]]


def test_sort_by_date_lists_the_same_documents_newest_first_undated_last(searched):
    by_relevance = searched()
    assert len(by_relevance["results"]) == 4 and by_relevance["sort"] == "relevance"
    newest = searched("--sort", "date")
    assert _dates(newest) == ["2026-02-01", "2025-07-15", "2024-03-10", None] and newest["sort"] == "date"
    oldest = searched("--sort", "-date")
    assert _dates(oldest) == ["2024-03-10", "2025-07-15", "2026-02-01", None]
    keys = {g["document_key"] for g in by_relevance["results"]}
    assert {g["document_key"] for g in newest["results"]} == keys == {g["document_key"] for g in oldest["results"]}
    assert (newest["relevant"], newest["total"]) == (by_relevance["relevant"], by_relevance["total"])


def test_sort_by_date_pages_through_the_dated_order(searched):
    pages = [searched("--sort", "date", "--limit", "1", "--page", str(n)) for n in (1, 2, 3, 4)]
    assert [_dates(p)[0] for p in pages] == ["2026-02-01", "2025-07-15", "2024-03-10", None]


def test_sort_by_date_says_so_where_the_order_is_explained(kb, searched):
    said = kb("search", "测试环境", "--sort", "date")
    assert "Newest first, by the documents' dates (those without one last)" in said.stderr
    assert "first where about as relevant" not in said.stderr  # the language preference orders nothing here
    assert said.stdout.index("财务系统复盘") < said.stdout.index("MES项目复盘") < said.stdout.index("仓储系统复盘")


def test_an_unknown_sort_is_refused_with_the_choices(kb, searched):
    refused = kb("search", "测试环境", "--sort", "newest", ok=False)
    assert refused.exit_code == 2 and "'newest' is not one of 'relevance', 'date', '-date'" in refused.stderr
