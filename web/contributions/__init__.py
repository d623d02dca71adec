"""Documents and lessons added from the browser: the managed folder, parsing uploads in the background, publishing,
and lessons recorded without a document.

Everything contributed lives as files under ``<data folder>/uploads/<project>/``, ingested by ``ingest.ingest`` with
that folder as the root, exactly as ``kb ingest kb-data/uploads`` would: a replaced file keeps its documents' keys,
so curator tags and reviews stay. An upload waits in ``uploads/.staging/`` (a hidden folder: never ingested) while
it is parsed into a scratch, in-memory store, so the uploader sees what was understood before anything is stored.
Recorded lessons are rows of ``uploads/<project>/recorded-lessons.jsonl``, a lessons register (one document per
row). Writes to the folder and the store are serialised by a lock file, across processes.

One module a concern: ``folder`` (names, file types, the lock), ``staging`` (staging and reading uploads),
``publishing`` (publishing and withdrawing), ``lesson_edits`` (a published document's lessons corrected on its edit
form), ``registers`` (recording a lesson into a register file) and
``indexing`` (bringing the search index up to date, at once or in the background).
"""
