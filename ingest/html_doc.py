"""HTML files (.html, .htm): wiki, Confluence and Notion exports."""

from __future__ import annotations

from typing import Any

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


def parse_html(raw: RawFile) -> ParseResult:
    """Parse an HTML page: <meta> fields for metadata, the main content for structure."""
    decoded = raw.decode()
    warnings = [ParseWarning(decoded.warning)] if decoded.warning else []
    soup = parse_html_tree(decoded.text)
    meta = _meta(soup)
    title_hint = _page_title(soup)
    if soup.html is not None and soup.html.get("lang") and "language" not in meta:
        meta["language"] = soup.html.get("lang")
    content = _content(soup)
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


def _page_title(soup: BeautifulSoup) -> str | None:
    """The page's own title: a Notion export's page-title heading (in the page header, which is dropped as
    chrome), else the <title> element."""
    for found in (soup.select_one(".page-title"), soup.find("title")):
        if isinstance(found, Tag) and found.get_text(strip=True):
            return found.get_text(" ", strip=True)[:300]
    return None


def _content(soup: BeautifulSoup) -> Tag:
    for selector in CONTENT_SELECTORS:
        found = soup.select_one(selector)
        if isinstance(found, Tag) and found.get_text(strip=True):
            return found
    return soup
