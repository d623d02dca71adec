"""The start page's example searches and the search box's example: in the UI's language, unless the store holds no
document in it (a Chinese-only store offered "test environment not ready" to its Chinese readers, half its examples
in a language that finds only translations); then in the language its documents are written in."""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "zh": ("供应商交付延期", "测试环境没有准备好", "需求变更没有走审批", "项目中途关键人员离职", "数据迁移质量问题",
           "状态报告一直是绿色但项目延期了"),
    "en": ("vendor delivered late", "test environment not ready", "change request skipped approval",
           "key person left during the project", "data migration quality issues",
           "status report was green but the project was late"),
}


def store_languages(stored: set[str]) -> set[str]:
    """The languages the store's documents are written in (``Store.document_languages``), "mixed" counting as both."""
    return (stored - {"mixed"}) | ({"zh", "en"} if "mixed" in stored else set())


def example_language(ui_lang: str, stored: set[str]) -> str:
    """The UI's language, or the store's only one when it holds nothing in the UI's (an empty store: the UI's)."""
    if ui_lang in stored or not stored:
        return ui_lang
    return min(stored)


def example_searches(document_languages: set[str], ui_lang: str) -> tuple[str, ...]:
    """The examples to offer a reader whose UI speaks ``ui_lang``, in a store whose documents are in
    ``document_languages`` (``Store.document_languages``)."""
    return EXAMPLES[example_language(ui_lang, store_languages(document_languages))]
