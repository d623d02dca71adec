"""Give an ingested store what curators add by hand, so that the pages listing it have something to list:
a curator, ``--tags`` curator tags (words of the stored titles, English and Chinese, each on the documents whose
title holds it, up to 40, and on two of their lessons), a share session with 40 lessons, ``--subscribers``
subscribers with tags and projects of interest.

    .venv/bin/python benchmarks/pages_store.py --db STORE [--tags 300] [--subscribers 200]

Run it once on a store (a second run adds a second session and refuses the subscribers already there). Made for
benchmarks/pages_bench.py; see BENCHMARKS.md, "Pages on a real-sized collection (w-scale)".
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.store import Store
from kb.store.tags import Target
from kb.text import normalize_tag

CURATOR = "pmo-curator"
STOP = set("about after again against their there these those which while with within without would could should"
           " using being other under where when from into over have this that were been than then them they what"
           " also more most some such only very will shall must each lesson lessons learned project".split())


def title_words(store: Store, count: int) -> list[str]:
    """The ``count`` commonest words of the stored titles that are not tags yet: a tenth Chinese (two characters of
    a Chinese title), the rest English words of five letters or more."""
    english: Counter[str] = Counter()
    chinese: Counter[str] = Counter()
    for (title,) in store.conn.execute("SELECT title FROM documents"):
        english.update({w.lower() for w in re.findall(r"[A-Za-z]{5,}", title or "")} - STOP)
        han = "".join(re.findall(r"[\u4e00-\u9fff]+", title or ""))
        chinese.update({han[i:i + 2] for i in range(len(han) - 1)})
    taken = {r[0] for r in store.conn.execute("SELECT name FROM tags")}
    zh = [w for w, _ in chinese.most_common() if normalize_tag(w) not in taken][:count // 10]
    en = [w for w, _ in english.most_common() if normalize_tag(w) not in taken][:count - len(zh)]
    return zh + en


def tag_documents(store: Store, words: list[str]) -> int:
    """Each word as a curator's tag on up to 40 documents whose title holds it, and on two lessons of them."""
    added = 0
    for word in words:
        keys = [r[0] for r in store.conn.execute("SELECT key FROM documents WHERE title LIKE ? ORDER BY id LIMIT 40",
                                                 [f"%{word}%"])]
        for key in keys:
            added += store.add_tag(Target("document", key), word, actor=CURATOR)
        for (lesson_id,) in store.conn.execute(
                "SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE d.key = ? LIMIT 2",
                [keys[0]] if keys else [""]):
            added += store.add_tag(Target("lesson", str(lesson_id)), word, actor=CURATOR)
    return added


def share_session(store: Store) -> int:
    """A scheduled session whose agenda holds 40 lessons from 40 documents."""
    session_id = store.create_session({"title": "LLIS 经验分享会: 40 lessons", "theme": "Lessons at scale",
                                       "scheduled_at": "2026-12-18T14:00", "location": "Room 3"}, actor=CURATOR)
    lessons = [r[0] for r in store.conn.execute(
        "SELECT min(id) FROM lessons GROUP BY document_id ORDER BY document_id LIMIT 40")]
    for lesson_id in lessons:
        store.add_session_item(session_id, lesson_id, note=f"Discuss lesson {lesson_id}", actor=CURATOR)
    return session_id


def subscribers(store: Store, count: int, words: list[str]) -> None:
    """``count`` confirmed subscribers, half in Chinese, each with three tags and a project of interest."""
    projects = [r[0] for r in store.conn.execute(
        "SELECT project FROM documents WHERE project IS NOT NULL GROUP BY project ORDER BY count(*) DESC LIMIT 50")]
    for n in range(count):
        interests = {"tags": [words[(n * 7 + k) % len(words)] for k in range(3)],
                     "projects": [projects[n % len(projects)]] if projects else []}
        store.add_subscriber(f"pm{n:03d}@example.com", name=f"PM {n:03d}", language=("zh", "en")[n % 2],
                             interests=interests, frequency=("weekly", "daily")[n % 5 == 0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--tags", type=int, default=300)
    parser.add_argument("--subscribers", type=int, default=200)
    args = parser.parse_args()
    with Store(args.db, create=False) as store:
        if not store.scalar("SELECT 1 FROM users WHERE name = ?", [CURATOR]):
            store.add_user(CURATOR, secrets.token_urlsafe(16), "curator")
        words = title_words(store, args.tags)
        added = tag_documents(store, words)
        session_id = share_session(store)
        subscribers(store, args.subscribers, words)
        print(f"{len(words)} tags on {added} documents and lessons, session {session_id} with 40 lessons,"
              f" {args.subscribers} subscribers; tags now {store.scalar('SELECT count(*) FROM tags')}")


if __name__ == "__main__":
    main()
