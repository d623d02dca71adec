"""The HTML reader finds its content and title elements in one walk, as bs4's ``select_one`` finds each."""

import pytest

from ingest.blocks import parse_html_tree
from ingest.html_doc import CONTENT_SELECTORS, TITLE_SELECTOR, first_matches

SELECTORS = [TITLE_SELECTOR, *CONTENT_SELECTORS]
PAGES = {
    "wiki": '<body><div id="Main-Content">no</div><div class="x wiki-content y"><p>text</p></div>'
            '<div id="main-content">yes</div><div id="main-content">second</div></body>',
    "near names": '<body><div class="my-wiki-content page-bodyx"></div><div id="main-content-2" role="mainly">'
                  '<section role="main"><p>a</p></section></div><div ROLE="main">b</div></body>',
    "tags": "<HTML><BODY><Article><p>one</p></Article><main>two</main><div><main>three</main></div></BODY></HTML>",
    "title": '<header><h1 class="page-title">标题</h1></header><div class="page-body notion-page-content">内容</div>',
    "empty first": '<article></article><article><p>later</p></article><div class="wiki-content"> </div>',
    "none": "<p>just a paragraph</p>",
    "unclosed": '<div class="wiki-content"><div id="content"><main role="main">cut',
    "template": '<template><main class="page-title">in a template</main></template><main>after</main>',
}


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_each_selector_finds_the_element_select_one_finds(page):
    soup = parse_html_tree(page)
    found = first_matches(soup, SELECTORS)
    assert list(found) == SELECTORS
    for selector in SELECTORS:
        assert found[selector] is soup.select_one(selector), selector


def test_a_deep_page_is_walked_once_to_its_first_matches():
    soup = parse_html_tree("<div>" * 2_000 + '<p class="page-title">deep</p><main>m</main>' + "</div>" * 2_000)
    found = first_matches(soup, SELECTORS)
    assert found[TITLE_SELECTOR].get_text() == "deep" and found["main"].get_text() == "m"
    assert found["body"] is None and found["article"] is None
