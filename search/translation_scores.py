"""The translation score table: precomputed cosines between CC-CEDICT's English words and their Chinese entries
for one model (the shipped one, ``search/translation_scores.tsv.gz``), and the words a model can be asked to embed
to score what a table does not (search/warm.py). The translator that uses the scores: search/translate.py.
"""

from __future__ import annotations

import gzip
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from search.past_forms import forms, forms_read

if TYPE_CHECKING:
    from search.lookup_cache import CacheFile
    from search.translate import Similarity

SCORES_FILE = "translation_scores.tsv.gz"


class ScoreTable:
    """Precomputed cosines between CC-CEDICT's English words and their Chinese entries, for one model.

    Made by ``scripts/translation_scores.py`` (``search/translation_scores.tsv.gz`` for the default model). A
    (word, translation) pair the table holds is scored without encoding anything; the rest, an inflected word
    and the translations it gets through another form ("negotiations" -> 谈判, listed under "negotiation"), go
    to the model, which ``fallback`` calls.
    """

    def __init__(self, model: str, scores: dict[str, dict[str, float]]) -> None:
        self.model = model
        self.scores = scores

    @classmethod
    def read(cls, path: Path) -> ScoreTable:
        """Read a table: a ``# model=NAME`` line, then ``english<TAB>chinese score chinese score ...`` lines."""
        model, scores = "", {}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("# model="):
                    model = line.split("=", 1)[1].strip()
                elif line.strip() and not line.startswith("#"):
                    word, rest = line.rstrip("\n").split("\t", 1)
                    parts = rest.split()
                    scores[word] = {parts[i]: float(parts[i + 1]) for i in range(0, len(parts) - 1, 2)}
        return cls(model, scores)

    @staticmethod
    def model_of(path: Path) -> str:
        """The model a table was made with ("" if there is no table)."""
        if not path.exists():
            return ""
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            first = fh.readline()
        return first.split("=", 1)[1].strip() if first.startswith("# model=") else ""

    def missing(self, pairs: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
        """The pairs the table cannot score, each with only the translations it lacks."""
        out = []
        for word, candidates in pairs:
            known = self.scores.get(word, {})
            lacking = [c for c in candidates if c not in known]
            if lacking:
                out.append((word, lacking))
        return out

    def unscored(self, pairs: list[tuple[str, list[str]]]) -> list[str]:
        """The words and translations of ``pairs`` that the table cannot score (the fallback must embed them)."""
        return list(dict.fromkeys(w for word, lacking in self.missing(pairs) for w in (word, *lacking)))

    def by_forms(self, pairs: list[tuple[str, list[str]]]) -> list[list[float]]:
        """A similarity with no model call for the pairs the table lacks: a translation an inflected word gets
        through another form is scored as that form's ("negotiations" -> 谈判 as "negotiation" -> 谈判), 0 where no
        form has it scored."""
        return [[max(self.scores.get(form, {}).get(c, 0.0) for form, _ in forms_read(word)) for c in candidates]
                for word, candidates in pairs]

    def with_fallback(self, fallback: Similarity) -> Similarity:
        """A similarity that answers from the table where it can and asks ``fallback`` (once) for the rest."""
        def similarity(pairs: list[tuple[str, list[str]]]) -> list[list[float]]:
            missing = self.missing(pairs)
            found = {(word, c): s for (word, lacking), scores in zip(missing, fallback(missing) if missing else [])
                     for c, s in zip(lacking, scores)}
            return [[found[(word, c)] if (word, c) in found else self.scores[word][c] for c in candidates]
                    for word, candidates in pairs]
        return similarity


def model_words(table: ScoreTable, doc_freq: Callable[[str], int]) -> list[str]:
    """The dictionary's words that a model can be asked to embed to score the translations of a collection's
    queries (what ``ScoreTable.unscored`` leaves to it): the Chinese translations that the collection holds, and the
    English words whose other forms bring translations that ``table`` does not score for them ("tested" takes
    "test"'s). ``table`` is the shipped one, read whole (its words are CC-CEDICT's).

    Not among them: a query word the dictionary lists only under another form ("tests", "negotiations"). Its first
    search embeds it, alone or with the query's other such words; embedding every inflected form of the
    dictionary's words ahead cost four times as many words (11,411 more at 102,590 chunks, more in a larger
    Chinese collection) for a short model call that each word needs once.
    """
    held: dict[str, bool] = {}

    def holds(term: str) -> bool:
        found = held.get(term)
        if found is None:
            found = held[term] = doc_freq(term) > 0
        return found

    chinese = [z for translations in table.scores.values() for z in translations if holds(z)]
    english = [word for word, own in table.scores.items()
               if any(z not in own and holds(z) for form in forms(word)[1:] for z in table.scores.get(form, ()))]
    return list(dict.fromkeys([*english, *chinese]))


def builtin_scores(model: str, cache: CacheFile | None = None) -> ScoreTable | None:
    """The shipped score table if it was made with ``model`` (read once per process), else None; a table made
    with another model is not read past its first line. With a lookup cache that holds the table, its rows are
    read from there, each when first asked."""
    global _SCORES
    if cache is not None and cache.meta.get("scores_model"):
        cached = ScoreTable(cache.meta["scores_model"], cache.table("scores"))
        return cached if cached.model == model and cached.scores else None
    path = scores_path()
    with _LOCK:
        # Read the file's first line once; read the rest once, the first time a caller has its model.
        if _SCORES is None or (_SCORES.model == model and not _SCORES.scores):
            made_with = ScoreTable.model_of(path)
            _SCORES = ScoreTable.read(path) if made_with == model else ScoreTable(made_with, {})
    return _SCORES if _SCORES.model == model and _SCORES.scores else None


def scores_path() -> Path:
    """The shipped score table."""
    return Path(str(resources.files("search") / SCORES_FILE))


_SCORES: ScoreTable | None = None
_LOCK = threading.Lock()
