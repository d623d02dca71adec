"""Tag suggestions (``Searcher.suggest_tags``) with each document's own tags held out, by five rules in one run on
one store: main's before l-tags2 (alike neighbours only, every tag: ``main``), with tags that name another document
type left out (``type``), and with the project's documents in the other language lending too (``cross``, l-tags2);
then with a tag of the other language suggested as the store's tag of the document's language that is the same
(search/tag_languages.py), without those lenders (``near``) and with them (``lang``, now). The lent tags of a rule are
those the other language's documents add (``cross`` but not ``type``; ``lang`` but not ``near``), counted by whether
they are in the document's language (written in it, an acronym, or a tag used on a document written in it) and, for
``lang``, how many are marked as lent.

    KB_THREADS=1 .venv/bin/python benchmarks/tag_suggestions.py COPY_OF/kb.db [--out FILE]

Give a copy: a document's tags are removed while its suggestions are made, in a transaction rolled back after. Own
tags are counted literally and through the dictionary translation (a translated word of the suggestion inside an own
tag or the other way round: estimation → 估算 in 估算乐观), since what another language lends is in that language.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

from kb.settings import load_settings
from kb.store import Store
from search import Searcher, SearchIndex, similar
from search.past_forms import forms_read
from search.tag_languages import TagLanguages
from search.translate import STOPWORDS, get_translator
from search.translated_index import translation_tools

RULES = ("main", "type", "cross", "near", "lang")
LENT = {"cross": "type", "lang": "near"}  # a rule with the other language's lenders -> the same rule without them


def _rule(name: str, across: Any, lendable: Any, rendering: Any) -> None:
    similar.lendable = lendable if name != "main" else (lambda label, doc_type: True)
    similar.SimilarSearches._across_languages = across if name in LENT else (lambda self, doc: [])
    TagLanguages.rendering = rendering if name in ("near", "lang") else (lambda self, label, *_: (label, None))


def suggestions(searcher: Searcher) -> list[dict[str, Any]]:
    """Each document's own tags and its suggestions by each rule, its own tags held out."""
    store, rows = searcher.store, []
    tools = similar.SimilarSearches._across_languages, similar.lendable, TagLanguages.rendering
    for doc_id, key, title, language in store.conn.execute(
            "SELECT id, key, title, language FROM documents ORDER BY id").fetchall():
        own = [r[0] for r in store.conn.execute("SELECT t.label FROM document_tags dt JOIN tags t ON t.id = dt.tag_id"
                                                " WHERE dt.document_id = ?", [doc_id])]
        store.conn.execute("SAVEPOINT held")
        store.conn.execute("DELETE FROM document_tags WHERE document_id = ?", [doc_id])
        row = {"id": doc_id, "key": key, "title": title, "lang": language, "own": own}
        for name in RULES:
            _rule(name, *tools)
            found = searcher.suggest_tags(key)
            row[name] = [s.tag for s in found]
            row[f"{name}_lent_from"] = [s.lent_from for s in found]
        languages = TagLanguages(store, translation_tools(searcher.index, searcher.settings, scored=False)[0])
        row["in_language"] = {t: languages.in_language(t, language) for name in LENT for t in row[name]}
        store.conn.execute("ROLLBACK TO held")
        store.conn.execute("RELEASE held")
        rows.append(row)
    _rule("lang", *tools)
    return rows


class OwnTags:
    """Whether a suggestion is one of a document's own tags, literally or through the dictionary translation."""

    def __init__(self) -> None:
        self.translator = get_translator([], None)
        self.memo: dict[str, set[str]] = {}

    def words(self, tag: str) -> set[str]:
        if tag not in self.memo:
            self.memo[tag] = {w.casefold() for w in self.translator.terms(tag) if len(w) >= 2} - {tag.casefold()}
        return self.memo[tag]

    def related(self, tag: str, own: list[str]) -> bool:
        """``translated``, or the same in the suggestion's own language: inside an own tag or the other way round
        (数据迁移 in 数据迁移质量), or an English word in common ("vendor management", "vendor delivery delay"):
        ``translated`` counts those only across languages (供应商管理 through "vendor"), so a tag lent as the
        document's language's would count less than the same tag left in the other language."""
        folded, words = tag.casefold(), self.english(tag)
        return self.translated(tag, own) or any(
            len(folded) >= 2 and (folded in o.casefold() or o.casefold() in folded) or words & self.english(o)
            for o in own)

    @staticmethod
    def english(tag: str) -> set[str]:
        """An English tag's content words in every form read ("estimates": estimate)."""
        return {form for word in re.findall(r"[a-z]{3,}", tag.casefold()) if word not in STOPWORDS
                for form, _ in forms_read(word)}

    def translated(self, tag: str, own: list[str]) -> bool:
        folded = tag.casefold()
        return any(folded == o.casefold() or any(w in o.casefold() for w in self.words(tag))
                   or any(w in folded for w in self.words(o)) for o in own)


def summary(rows: list[dict[str, Any]], own_tags: OwnTags) -> dict[str, Any]:
    tagged = [r for r in rows if r["own"]]
    out: dict[str, Any] = {}
    for name in RULES:
        given = [(t, r["own"]) for r in tagged for t in r[name]]
        literal = sum(t.casefold() in {o.casefold() for o in own} for t, own in given)
        loose = sum(own_tags.translated(t, own) for t, own in given)
        related = sum(own_tags.related(t, own) for t, own in given)
        out[name] = {"suggestions": sum(len(r[name]) for r in rows), "offered": sum(bool(r[name]) for r in rows),
                     "to_tagged": len(given), "own": literal, "own_or_translation": loose, "related": related}
    for name, without in LENT.items():
        lent = [(r, t, m) for r in rows for t, m in zip(r[name], r[f"{name}_lent_from"], strict=True)
                if t not in r[without]]
        out[name]["lent"] = {"tags": len(lent), "in_language": sum(r["in_language"][t] for r, t, _ in lent),
                             "marked": sum(m is not None for _, _, m in lent),
                             "own_or_translation": sum(own_tags.translated(t, r["own"]) for r, t, _ in lent if r["own"]),
                             "related": sum(own_tags.related(t, r["own"]) for r, t, _ in lent if r["own"])}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    settings = load_settings(env={"KB_DB": str(args.db)})
    with Store(args.db, create=False) as store:
        rows = suggestions(Searcher(SearchIndex(store, settings)))
    own_tags = OwnTags()
    halves = {"all": rows, "even ids": [r for r in rows if r["id"] % 2 == 0],
              "odd ids": [r for r in rows if r["id"] % 2 == 1]}
    result = {half: summary(part, own_tags) for half, part in halves.items()}
    for half, by_rule in result.items():
        for name, s in by_rule.items():
            print(f"{half:8} {name:5} {s['suggestions']:5} suggestions to {s['offered']:4} documents; to tagged ones "
                  f"{s['to_tagged']:4}: own {s['own']} ({s['own'] / max(s['to_tagged'], 1):.3f}), own or its "
                  f"translation {s['own_or_translation']} ({s['own_or_translation'] / max(s['to_tagged'], 1):.3f}), "
                  f"either way {s['related']} ({s['related'] / max(s['to_tagged'], 1):.3f})")
            if "lent" in s:
                lent = s["lent"]
                print(f"{'':14} lent by the other language: {lent['tags']}, in the document's language "
                      f"{lent['in_language']}, marked lent {lent['marked']}, own or its translation "
                      f"{lent['own_or_translation']}, either way {lent['related']}")
    if args.out:
        args.out.write_text(json.dumps({"summary": result, "documents": rows}, ensure_ascii=False, indent=0) + "\n",
                            encoding="utf-8")


if __name__ == "__main__":
    main()
