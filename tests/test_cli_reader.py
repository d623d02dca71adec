"""kb search: --prefer-lang, the relevance floor and the off-topic message (issue 16 items 3 and 4)."""

import json
import shutil

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.commands.searching import LANGUAGE_NAMES, _nothing_relevant
from tests.web.conftest import DOCS  # the collection the page and API tests search


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The collection ingested by `kb ingest` once for the module (real model, real index): each test searches a
    copy of it (``kb``), as each ingested its own before (0.4-0.6 s of CPU a test)."""
    base = tmp_path_factory.mktemp("reader")
    for path, text in DOCS.items():
        (base / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (base / "docs" / path).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(base / "kb.db"), "ingest", str(base / "docs")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return base


@pytest.fixture
def kb(runner, db_path, ingested):
    def invoke(*args, env=None):
        result = runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False, env=env)
        assert result.exit_code == 0, result.output
        return result

    for path in ingested.iterdir():
        if path.is_file():
            shutil.copy(path, db_path.parent / path.name)  # the database, its index and sidecars
    return invoke


def test_prefer_lang_orders_and_marks_other_language_documents(kb):
    # 供应商 ("vendor"): the Chinese and the English document score within a few per cent of each other, so each
    # preference puts its own language first (a boost moves only documents about as relevant)
    chinese_first = kb("search", "供应商", "--prefer-lang", "zh").output
    assert chinese_first.index("ERP升级一期复盘") < chinese_first.index("MES go-live post-mortem")
    assert "(in English)" in chinese_first and "(in Chinese)" not in chinese_first
    english_first = kb("search", "供应商", "--prefer-lang", "en").output
    assert english_first.index("MES go-live post-mortem") < english_first.index("ERP升级一期复盘")
    assert "(in Chinese)" in english_first and "(in English)" not in english_first
    data = json.loads(kb("search", "供应商", "--prefer-lang", "zh", "--json").output)
    assert data["prefer_lang"] == "zh" and [r["other_language"] for r in data["results"]] == [False, True]



@pytest.mark.parametrize(("query", "locale", "marked", "mark"), [
    ("供应商", "en_US.UTF-8", "zh", "(in English)"),  # a Chinese query is read in Chinese whatever the locale
    ("vendor", "en_US.UTF-8", "en", "(in Chinese)"),  # a term: the locale's language, as the page's
    ("vendor", "zh_CN.UTF-8", "zh", "(in English)")])
def test_any_language_still_marks_documents_not_in_the_readers_language(kb, query, locale, marked, mark):
    # as the page and /api/search (search/preference.py, reading_language): "any" reorders, the marks stay
    env = {"LC_ALL": locale}
    for choice in ("any", "auto"):
        output = kb("search", query, "--prefer-lang", choice, "--all", env=env).stdout
        assert output.count(mark) == 1 and f"({LANGUAGE_NAMES[marked]})" not in output, (choice, output)
        data = json.loads(kb("search", query, "--prefer-lang", choice, "--all", "--json", env=env).output)
        assert data["marked_lang"] == marked
        assert sorted(r["other_language"] for r in data["results"]) == [False, True], (choice, data["results"])


def test_by_default_a_chinese_query_prefers_chinese_and_says_why(kb):
    # kb search preferred nothing unless asked: as the page, with no page language (search/preference.py,
    # chosen_language), a Chinese query or an English sentence takes its own language, a term none
    result = kb("search", "供应商")
    assert result.stdout.index("ERP升级一期复盘") < result.stdout.index("MES go-live post-mortem")
    assert "(in English)" in result.stdout
    assert "Chinese documents first where about as relevant (the query's language); --prefer-lang any: by relevance " \
           "alone\n" in result.stderr
    data = json.loads(kb("search", "供应商", "--json").output)
    assert (data["prefer_lang"], data["prefer_lang_by"]) == ("zh", "query")


@pytest.mark.parametrize(("query", "preferred"), [
    ("the vendor delivered the interface late", "en"), ("vendor", None), ("MES 供应商", None)])
def test_by_default_an_english_sentence_prefers_english_and_a_term_nothing(kb, query, preferred):
    data = json.loads(kb("search", query, "--json", "--all").output)
    assert (data["prefer_lang"], data["prefer_lang_by"]) == (preferred, "query")
    if preferred is None:
        said = kb("search", query, "--all").stderr
        assert "No language preferred (a term or a mixed query); --prefer-lang zh or en puts one first" in said


def test_the_prefer_lang_setting_sets_a_default_and_the_option_overrides_it(kb):
    english = {"KB_PREFER_LANG": "en"}
    result = kb("search", "供应商", env=english)
    assert result.stdout.index("MES go-live post-mortem") < result.stdout.index("ERP升级一期复盘")
    assert "English documents first where about as relevant (the prefer_lang setting, en); --prefer-lang any" in result.stderr
    assert json.loads(kb("search", "供应商", "--json", env=english).output)["prefer_lang_by"] == "setting"
    anything = kb("search", "供应商", "--prefer-lang", "any", env=english)
    assert "(in English)" in anything.stdout and "No language preferred (--prefer-lang any)" in anything.stderr
    data = json.loads(kb("search", "供应商", "--prefer-lang", "any", "--json", env=english).output)
    assert (data["prefer_lang"], data["prefer_lang_by"]) == (None, "option")
    for setting, other, first in (("en", "zh", "ERP升级一期复盘"), ("zh", "en", "MES go-live post-mortem")):
        data = json.loads(kb("search", "供应商", "--prefer-lang", other, "--json", env={"KB_PREFER_LANG": setting}).output)
        assert (data["prefer_lang"], data["prefer_lang_by"]) == (other, "option")
        assert data["results"][0]["document_title"] == first


@pytest.mark.parametrize(("query", "message"), [
    ("quantum entanglement rocket launch", "Nothing relevant found"), ("量子纠缠交付火箭发射", "没有找到相关的结果")])
def test_an_off_topic_query_says_nothing_relevant_was_found(kb, query, message):
    result = kb("search", query)
    assert message in result.output and "ERP升级一期复盘" not in result.output and "--all" in result.output
    listed = kb("search", query, "--all").output
    assert "ERP升级一期复盘" in listed and "(under the relevance floor)" in listed
    data = json.loads(kb("search", query, "--json").output)
    assert data["relevant"] == 0 and data["total"] >= 1 and data["results"] == []


def test_counts_say_how_many_documents_are_relevant(kb):
    # The MES post-mortem says it; the Chinese ERP retrospective (供应商的接口交付延期) is matched by the query's
    # translated words, but no Chinese chunk is near the best semantic match here, so the query is ranked as in one
    # language (other_language_margin) and the retrospective falls under the floor: matched, not counted relevant
    result = kb("search", "vendor delivered late")
    assert "1-1 of 1 relevant document (2 matched; hybrid" in result.stderr, result.stderr
    assert "ERP升级一期复盘" in kb("search", "vendor delivered late", "--all").output


@pytest.mark.parametrize("query", ["！？", "--- ???", "!!!", "😀" * 200])
@pytest.mark.parametrize("mode", ["hybrid", "semantic"])
def test_a_search_for_punctuation_alone_is_refused_as_an_empty_one_is(kb, runner, db_path, query, mode):
    # It suggested other words, the other language and --mode semantic, as for words that found nothing; then it
    # said "No results: …" yet listed, in semantic mode, the documents nearest to "!!!" (kb similar --text refused)
    result = runner.invoke(cli, ["--db", str(db_path), "search", "--mode", mode, "--", query])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr == "Error: punctuation and symbols alone are not searched for; give a word or two\n"
    empty = runner.invoke(cli, ["--db", str(db_path), "search", "--", " "])
    assert (empty.exit_code, empty.stderr) == (1, "Error: the query is empty\n")


@pytest.mark.parametrize(("matched", "said"), [
    (1, "Nothing relevant found: 1 document shares only a word or a distant meaning with the query. --all lists it."),
    (3, "Nothing relevant found: 3 documents share only a word or a distant meaning with the query. --all lists them.")])
def test_the_off_topic_message_counts_one_document_in_the_singular(matched, said):
    # As the web page's 'nothing_relevant_one' (bb908ac): it said '1 documents share … lists them'.
    assert _nothing_relevant("quantum entanglement rocket launch", matched) == said


def test_a_page_past_the_last_says_so_not_no_results(kb):
    """kb search risk --page 999 said "No results. Try other words, …" over 32 relevant documents."""
    assert kb("search", "vendor delivered late", "--page", "5").stdout == \
        "Page 5 is past the last page of results (1): 1 relevant document, 10 a page.\n"
    assert kb("search", "vendor delivered late", "--all", "--page", "3", "--limit", "1").stdout == \
        "Page 3 is past the last page of results (2): 2 matched documents, 1 a page.\n"


@pytest.mark.parametrize(("text", "message"), [
    ("quantum entanglement delivered by rocket launch", "Nothing relevant found: "),
    ("量子纠缠交付火箭发射", "没有找到相关的结果："),
])
def test_similar_to_an_off_topic_text_says_nothing_relevant_as_search_does(kb, text, message):
    # `kb similar --text` listed ten lessons for any text ("xyzzy plugh", 量子纠缠火箭发射): it had no relevance floor
    said = kb("similar", "--text", text).output
    assert said.startswith(message) and "--all" in said and "[" not in said, said
    assert kb("similar", "--text", text, "--all").output.startswith("1. [")  # the lessons it matched, listed
    assert json.loads(kb("similar", "--text", text, "--json").output)["items"] == []


def test_similar_to_an_on_topic_text_still_lists_its_lessons(kb):
    listed = kb("similar", "--text", "the vendor delivered the module late").output
    assert "MES go-live post-mortem" in listed and "Nothing relevant" not in listed


def test_similar_drops_matches_of_little_meaning_as_search_does(kb):
    # Its semantic leg kept every cosine (search drops those under semantic_min_score): nonsense matched every
    # lesson, and two legs' firsts could agree on a far one and open the floor's gate (红烧肉的家常做法, corpus/)
    assert kb("similar", "--text", "xyzzy plugh", "--all").output == "No similar lessons found in other documents.\n"


def test_similar_counts_the_documents_matched_and_above_the_floor(kb, db_path):
    from kb.settings import Settings
    from kb.store import Store
    from search import Searcher
    from search.index import SearchIndex

    with Store(db_path) as store:
        searcher = Searcher(SearchIndex(store, Settings(db=db_path)))
        off = searcher.similar_lessons(text="quantum entanglement delivered by rocket launch")
        assert (off.hits, off.relevant) == ([], 0) and off.matched >= 1
        every = searcher.similar_lessons(text="quantum entanglement delivered by rocket launch", all_matches=True)
        assert (every.matched, every.relevant) == (off.matched, 0) and len(every.hits) >= 1
        on = searcher.similar_lessons(text="the vendor delivered the module late")
        assert on.matched >= on.relevant == len({h.document_key for h in on.hits}) >= 1
