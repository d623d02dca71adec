"""A share session as the "add to session" list names it: the list is narrow (a Chinese title of 30 characters was cut
after 15 at 1280 px, so "…经验分享会（华东区）" and "…（华南区）" looked the same), so a long title keeps its start and
its end, where similar names differ, around a "…"; the option's ``title`` attribute has it whole."""

from __future__ import annotations

from kb.text import display_width, graphemes, in_word, normalize_space, trim_cut

CHOICE_COLUMNS = 30  # columns (a Chinese character takes two) of a title alone
# columns of an option's whole text, its date or its "On the agenda" after the title: about 18rem of .85rem text, what
# a list of 20rem (the most it takes beside its button) shows of it inside its padding and arrow; 30 for the title and
# " · 2026-12-20" after it were 293 px, the date's last digit cut at 1280 px, and " · 已在议程中" after that not shown
LABEL_COLUMNS = 38
TAIL_SHARE = 3  # the end kept is a third of them: "（华东区）", "第 3 期", "(East region)"


def choice_label(title: str, columns: int = CHOICE_COLUMNS) -> str:
    """A session's title on one line, whole when it fits ``columns``, else its start, "…" and its end; both cut
    between grapheme clusters (``kb.text.graphemes``), so an emoji such as 👩‍💻 or a letter with its accent stays
    whole or goes, and between words where the title has spaces ("Quarterly…(East region)", not "Quarterly
    retrospectiv…region)"; Chinese, written without them, anywhere; the room a start cut back to a word leaves goes
    to the end). An end that would be part of a word is left
    out ("Vendor management lessons…", not "…rogramme"), and so is the end when the title's first word alone fills
    the room left beside it.

    Args:
        title: the session's title.
        columns: the most it may take, a wide (CJK) character or an emoji counting two.

    Returns:
        The title, or e.g. "2026年第四季度供应…（华东区）".
    """
    text = normalize_space(title)
    if display_width(text) <= columns:
        return text
    clusters = graphemes(text)
    tail = _tail(clusters, columns // TAIL_SHARE)
    head = _head(_rest(clusters, tail), columns - display_width("".join(tail)) - 1)  # the "…" takes one
    if head is None and tail:  # its first word alone is longer than the room beside the end: the start, whole
        tail = []
        head = _head(clusters, columns - 1)
    if head is None:  # one word, longer than the list: cut inside it, as nothing else can be done
        head = _head(clusters, columns - 1, whole_words=False) or ""
    elif tail:  # the room a start cut back to a word left goes to the end: "Quarterly…(East region)"
        tail = _tail(clusters[len(graphemes(head)):], columns - display_width(trim_cut(head)) - 1) or tail
    # no space after the "…" ("Cut-over lessons…weekend")
    return trim_cut(head) + "…" + "".join(tail).lstrip()


def _rest(clusters: list[str], tail: list[str]) -> list[str]:
    """The clusters before the end kept, without the spaces before it."""
    rest = clusters[:len(clusters) - len(tail)]
    while rest and rest[-1].isspace():
        rest.pop()
    return rest


def option_label(title: str, after: str = "") -> str:
    """A session as its option in the list says it: its title, cut by ``choice_label`` to leave room for what
    follows it (" · 2026-12-20", or " · 已在议程中" on a session the lesson is on, whose date is in the option's
    ``title`` attribute), the whole within ``LABEL_COLUMNS``.

    Args:
        title: the session's title.
        after: what the option says after the title.

    Returns:
        e.g. "2026年第四季度…（华东区） · 2026-12-15".
    """
    return choice_label(title, LABEL_COLUMNS - display_width(after)) + after


def _head(clusters: list[str], columns: int, *, whole_words: bool = True) -> str | None:
    """The start of a text within ``columns`` (its first cluster at least), whole clusters only, and with
    ``whole_words`` whole words only: cut at the last space before a word it would split; None when the first word
    alone does not fit."""
    out, used = [clusters[0]], display_width(clusters[0])
    for cluster in clusters[1:]:
        used += display_width(cluster)
        if used > columns:
            break
        out.append(cluster)
    if whole_words and len(out) < len(clusters) and in_word(out[-1][0]) and in_word(clusters[len(out)][0]):
        spaces = [i for i, cluster in enumerate(out) if cluster.isspace()]
        if not spaces:
            return None
        out = out[:spaces[-1]]
    return "".join(out)


def _tail(clusters: list[str], columns: int) -> list[str]:
    """The last clusters of a text within ``columns``, starting after a space where one is in them (not "st
    region)", nor "East region)" of "(East region)"); none when they are all part of one word ("rogramme")."""
    start, used = len(clusters), 0
    while start > 0 and used + display_width(clusters[start - 1]) <= columns:
        start -= 1
        used += display_width(clusters[start])
    tail = clusters[start:]
    before = clusters[start - 1] if start else " "
    # it starts inside a word, or after a bracket or a hyphen of one ("East region)" of "(East region)")
    if tail and in_word(tail[0][0]) and not before.isspace() and display_width(before) < 2:
        space = tail.index(" ") if " " in tail else -1
        tail = tail[space + 1:] if 0 <= space < len(tail) - 1 else []
    return tail


def sessions_holding(lesson_id: int, sessions: list[dict]) -> set[int]:
    """Which of the ``sessions`` offered in an "add to session" list already have the lesson on their agenda (read
    once a request for all of them: a page of search results asks for each hit)."""
    from flask import g

    offered = tuple(sorted(s["id"] for s in sessions))
    cache = g.setdefault("agenda_lessons", {})
    if offered not in cache:
        cache[offered] = g.store.agenda_lessons(list(offered))
    return cache[offered].get(lesson_id, set())
