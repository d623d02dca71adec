"""HTML files (.html, .htm): wiki, Confluence and Notion exports."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import soupsieve
from bs4 import BeautifulSoup, Tag

from ingest.blocks import html_blocks, parse_html_tree, strip_chrome
from ingest.document import Parts, build_document
from ingest.source import RawFile
from kb.models import ParseResult, ParseWarning

# <meta name=...> -> front-matter field
META_FIELDS = {
    "kb-id": "id", "kb:id": "id", "id": "id", "title": "title", "project": "project",
    "department": "department", "date": "date", "dc.date": "date", "created": "date", "article:published_time": "date",
    "type": "type", "doc-type": "type", "kb-type": "type", "keywords": "tags", "tags": "tags", "author": "authors",
    "authors": "authors", "language": "language", "content-language": "language",
}
# Where the content of a wiki export lives, most specific first.
CONTENT_SELECTORS = ["#main-content", ".wiki-content", "article", "main", ".notion-page-content", ".page-body",
                     "#content", "[role=main]", "body"]
TITLE_SELECTOR = ".page-title"  # a Notion export's page-title heading


def parse_html(raw: RawFile) -> ParseResult:
    """Parse an HTML page: <meta> fields for metadata, the main content for structure."""
    decoded = raw.decode()
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    soup = parse_html_tree(decoded.text)
    meta = _meta(soup)
    first = first_matches(soup, [TITLE_SELECTOR, *CONTENT_SELECTORS])
    title_hint = _page_title(soup, first[TITLE_SELECTOR])
    if soup.html is not None and soup.html.get("lang") and "language" not in meta:
        meta["language"] = soup.html.get("lang")
    content = _content(soup, first)
    strip_chrome(content)
    blocks = html_blocks(content)
    parts = Parts(meta=meta, blocks=blocks, raw_text="\n".join(b.text for b in blocks),
                  html=content.decode_contents() if content.name == "body" else str(content),
                  format="html", title_hint=title_hint)
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=decoded.encoding,
                                       warnings=warnings)], warnings)


def _meta(soup: BeautifulSoup) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for tag in soup.find_all("meta"):
        name = str(tag.get("name") or tag.get("property") or tag.get("http-equiv") or "").strip().lower()
        field = META_FIELDS.get(name)
        content = tag.get("content")
        if field and content and field not in meta:
            meta[field] = str(content)
    return meta


def _page_title(soup: BeautifulSoup, page_title: Tag | None) -> str | None:
    """The page's own title: a Notion export's page-title heading (in the page header, which is dropped as
    chrome), else the <title> element."""
    for found in (page_title, soup.find("title")):
        if isinstance(found, Tag) and found.get_text(strip=True):
            return found.get_text(" ", strip=True)[:300]
    return None


def _content(soup: BeautifulSoup, first: dict[str, Tag | None]) -> Tag:
    for selector in CONTENT_SELECTORS:
        found = first[selector]
        if isinstance(found, Tag) and found.get_text(strip=True):
            return found
    return soup


def first_matches(soup: BeautifulSoup, selectors: list[str]) -> dict[str, Tag | None]:
    """Each selector's first element in document order, as ``soup.select_one(selector)`` finds it, in one walk of the
    tree: ten ``select_one`` walked it ten times, each element matched by soupsieve (a third of a small page's
    parse, more of a large one's; BENCHMARKS.md, t-trim8). soupsieve still decides every match; an element is put to
    it only if it passes a cheap test that every element the selector matches passes (``_could_match``)."""
    tests = [(selector, _could_match(selector), soupsieve.compile(selector)) for selector in selectors]
    first: dict[str, Tag | None] = dict.fromkeys(selectors)
    for element in _elements(soup):
        for selector, could, compiled in tests:
            if first[selector] is None and could(element) and compiled.match(element):
                first[selector] = element
        if all(found is not None for found in first.values()):
            break
    return first


def _elements(root: Tag) -> Iterator[Tag]:
    """The elements below ``root`` in document order, as soupsieve walks them: a <template>'s contents are no part of
    the document, so it is not entered."""
    stack = [node for node in reversed(root.contents) if isinstance(node, Tag)]
    while stack:
        element = stack.pop()
        yield element
        if element.name != "template":
            stack.extend(node for node in reversed(element.contents) if isinstance(node, Tag))


_ID, _CLASS = re.compile(r"#([\w-]+)"), re.compile(r"\.([\w-]+)")
_ATTRIBUTE, _TAG = re.compile(r"\[([\w-]+)=([\w-]+)\]"), re.compile(r"[a-z]+")


def _could_match(selector: str) -> Callable[[Tag], bool]:
    """A test every element that ``selector`` matches passes (html.parser's tree: tag and attribute names in lower
    case): its id or class holds the name, it has the attribute with the value in it (in any case), or it is the tag.
    Other selectors: every element (soupsieve alone decides)."""
    if found := _ID.fullmatch(selector):
        name = found.group(1)
        return lambda element: name in _text(element.attrs.get("id"))
    if found := _CLASS.fullmatch(selector):
        name = found.group(1)
        return lambda element: name in _text(element.attrs.get("class"))
    if found := _ATTRIBUTE.fullmatch(selector):
        attribute, value = found.group(1), found.group(2).lower()
        return lambda element: value in _text(element.attrs.get(attribute)).lower()
    if _TAG.fullmatch(selector):
        return lambda element: element.name == selector
    return lambda element: True


def _text(value: Any) -> str:
    """An attribute's value as text (bs4 gives a class as a list of names)."""
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)
