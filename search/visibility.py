"""What readers may find: no chunk that holds the text of a lesson a curator has hidden.

A hidden lesson's text is in its own chunk and in the windows over the section it came from (for a register row,
every section of the row is that lesson). A document whose every lesson is hidden leaves them whole: its title, in
every chunk's context, may be the hidden text, and readers do not find its page. Those chunks leave readers' results
from the moment the lesson is hidden, without a re-index: the conditions below read the lessons' review status at
query time.
"""

from __future__ import annotations

import sqlite3

from kb.store import ALL_HIDDEN_DOCUMENTS, HIDDEN_LESSONS, HIDDEN_SECTIONS

# An SQL condition on ``c`` (chunks): a chunk readers may see.
VISIBLE = (f"(c.lesson_id IS NULL OR c.lesson_id NOT IN ({HIDDEN_LESSONS}))"
           f" AND (c.kind != 'section' OR c.section_id IS NULL OR c.section_id NOT IN ({HIDDEN_SECTIONS}))"
           f" AND c.document_id NOT IN ({ALL_HIDDEN_DOCUMENTS})")

# The chunks readers may not see, through the lesson and document indexes (never a scan of every chunk).
HIDDEN_CHUNKS = (
    f"SELECT c.id FROM chunks c WHERE c.lesson_id IN ({HIDDEN_LESSONS})"
    " UNION SELECT c.id FROM sections s JOIN chunks c ON c.document_id = s.document_id AND c.section_id = s.id"
    f" WHERE c.kind = 'section' AND s.id IN ({HIDDEN_SECTIONS})"
    f" UNION SELECT c.id FROM chunks c WHERE c.document_id IN ({ALL_HIDDEN_DOCUMENTS})")


def hidden_chunks(conn: sqlite3.Connection) -> set[int]:
    """Ids of the chunks that hold a hidden lesson's text (none, at the cost of one index probe, when no lesson
    is hidden)."""
    if not conn.execute("SELECT EXISTS (SELECT 1 FROM lessons WHERE review_status = 'hidden')").fetchone()[0]:
        return set()
    return {r[0] for r in conn.execute(HIDDEN_CHUNKS)}
