"""What readers may see, as SQL: the lessons curators have hidden, the sections that hold their text, and the
register rows whose every lesson is hidden (gone for readers: a row is its lesson, and titled with it)."""

from __future__ import annotations

# The lessons curators have hidden from readers.
HIDDEN_LESSONS = "SELECT id FROM lessons WHERE review_status = 'hidden'"
# The sections whose text holds a hidden lesson: the lesson's own section, and every section of a register row
# (one row is one lesson: its driving event, recommendation and root cause sections are that lesson's text too).
HIDDEN_SECTIONS = (
    "SELECT s.id FROM lessons l JOIN documents d ON d.id = l.document_id JOIN sections s"
    " ON s.document_id = l.document_id WHERE l.review_status = 'hidden'"
    " AND (s.id = l.section_id OR json_extract(d.meta, '$.register') IS NOT NULL)")
# The register rows whose every lesson is hidden (found from the hidden lessons, few, through the lessons' indexes).
ALL_HIDDEN_DOCUMENTS = (
    "SELECT l.document_id FROM lessons l JOIN documents h ON h.id = l.document_id WHERE l.review_status = 'hidden'"
    " AND json_extract(h.meta, '$.register') IS NOT NULL AND NOT EXISTS"
    " (SELECT 1 FROM lessons o WHERE o.document_id = l.document_id AND o.review_status != 'hidden')")
# A document readers see something of: any but a register row whose every lesson a curator has hidden. A register row
# (of a CSV or XLSX register, or a lesson recorded on the site) is its lesson and is titled with it: hidden, nothing
# of it is left to show, and its title may be the hidden text. A retrospective or a report whose lessons are all
# hidden keeps its other sections for readers.
NOT_ALL_HIDDEN = (
    "(json_extract(d.meta, '$.register') IS NULL OR NOT EXISTS (SELECT 1 FROM lessons l WHERE l.document_id = d.id)"
    " OR EXISTS (SELECT 1 FROM lessons l WHERE l.document_id = d.id AND l.review_status != 'hidden'))")
