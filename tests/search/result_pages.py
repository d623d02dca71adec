"""A search's results as the tests read them: the documents of a page, and a search with the readers' filters."""

from kb.store import Filters
from search import SearchQuery


def keys(results):
    return [g.document_key for g in results.groups]


def search(searcher, text, **kw):
    filters = kw.pop("filters", Filters(include_hidden=False))
    return searcher.search(SearchQuery(text, filters=filters, **kw))
