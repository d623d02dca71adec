"""kb/wording.py: the one place that picks a message's language and its singular, for the pages and the digest."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.commands.messages import MESSAGES as CLI_MESSAGES
from kb.commands.messages import counted
from kb.digest.messages import message
from kb.wording import COUNTS, number, say
from web.i18n import translate

CATALOGUE = {"found": ("{n} documents found", "找到 {n} 篇文档"), "found_one": ("1 document found", "找到 1 篇文档"),
             "plain": ("Hello", "你好")}


@pytest.mark.parametrize("count", COUNTS)
def test_a_count_of_one_takes_the_singular_whatever_the_placeholder_is_called(count):
    catalogue = {"k": ("{" + count + "} things", "{" + count + "} 件"), "k_one": ("one thing", "一件")}
    assert say(catalogue, "k", "en", **{count: 1}) == "one thing"
    assert say(catalogue, "k", "en", **{count: 2}) == "2 things"
    assert say(catalogue, "k", "en", **{count: 0}) == "0 things"


@pytest.mark.parametrize(("lang", "n", "text"), [
    ("en", 1, "1 document found"), ("en", 3, "3 documents found"), ("zh", 1, "找到 1 篇文档"), ("zh", 3, "找到 3 篇文档"),
    ("fr", 3, "3 documents found"),  # any other language reads English
])
def test_the_language_and_the_count_choose_the_form(lang, n, text):
    assert say(CATALOGUE, "found", lang, n=n) == text


def test_an_unknown_key_shows_itself_and_a_message_without_values_is_not_formatted():
    assert say(CATALOGUE, "missing", "en") == "missing"
    assert say({"braces": ("{not a placeholder}", "{不是}")}, "braces", "zh") == "{不是}"


def test_the_pages_and_the_digest_say_a_count_of_one_alike():
    """Both catalogues go through say(): a count of one is singular in each, whatever its placeholder's name."""
    assert message("summary_lessons", "en", n=1) == "1 new lesson"
    assert message("summary_documents", "en", n=2) == "2 new documents"
    assert translate("relevant_count", "en", relevant=1) == "1 relevant document"
    assert translate("nothing_relevant", "en", total=1).startswith("Nothing relevant found: 1 document matched")


@pytest.mark.parametrize(("lang", "text"), [("en", "1,099 new lessons"), ("zh", "1,099 条新经验")])
def test_amounts_are_grouped_by_three_in_both_languages(lang, text):
    """The digest said "1099 new lessons" where the CLI writes 1,099: one helper, number(), now writes both."""
    assert number(1099) == "1,099" and number(1234567) == "1,234,567" and number(999) == "999"
    assert message("summary_lessons", lang, n=1099) == text
    assert translate("results_count", lang, total=12000).startswith("12,000" if lang == "en" else "共 12,000")


def test_identifiers_and_flags_are_not_grouped():
    """An id or a year is a name, not an amount: "lesson #1099", never "#1,099"; a placeholder holding text stays."""
    catalogue = {"k": ("#{id} of {year}: {n} {lessons}", "#{id}，{year}：{n} {lessons}")}
    assert say(catalogue, "k", "en", id=1099, year=2024, n=2048, lessons="lessons") == "#1099 of 2024: 2,048 lessons"
    assert translate("page_of", "en", page=1000, pages=1200) == "Page 1000 of 1200"  # as the address says page=1000
    assert say({"k": ("{n}", "{n}")}, "k", "en", n=True) == "True"


@pytest.mark.parametrize("key", [k for k in CLI_MESSAGES if not k.endswith("_one")])
def test_the_cli_counts_in_the_singular_for_one_and_groups_large_amounts(key):
    """`kb errors` said "1 problem(s)", `kb user disable` "1 web session(s) ended, 1 API token(s) stop working"."""
    one, many = counted(key, 1, name="carl"), counted(key, 1099, name="carl")
    assert "(s)" not in one + many and "1,099" in many
    assert one != many.replace("1,099", "1")  # a singular form of its own, verb included ("1 API token stops")


def test_no_cli_command_writes_a_bracketed_plural():
    commands = Path(__file__).resolve().parents[2] / "kb" / "commands"
    assert [p.name for p in commands.glob("*.py") if "(s)" in p.read_text(encoding="utf-8")] == []
