"""English past tenses and participles no ending rule undoes: "built" is "build", "kept" is "keep", "froze" is
"freeze". The translator reads them as verbs of their base form (``forms_read``, for search/translate.py), as it reads
"delivered" as "deliver".

Only forms that are not, in project texts, mostly a word of their own: "left" (as in "the engineer left") and "found"
are here, as the model's scores drop the base's senses that do not fit; "ground", "rose", "bore", "wound", "lay" and
"given" ("given that") are not. A form written as its base ("cut", "set", "put", "spread") needs no entry; those of
"make", "get" and "take" are stopwords.

The endings the dictionary forms of a word are found by undoing ("deliveries", "slipped") are here too.
"""

from __future__ import annotations

IRREGULAR = {
    "began": "begin", "begun": "begin", "bent": "bend", "bought": "buy", "broke": "break", "broken": "break",
    "brought": "bring", "built": "build", "caught": "catch", "chose": "choose", "chosen": "choose", "dealt": "deal",
    "drew": "draw", "drawn": "draw", "driven": "drive", "drove": "drive", "fed": "feed", "fell": "fall",
    "fallen": "fall", "felt": "feel", "fought": "fight", "forgot": "forget", "forgotten": "forget",
    "foresaw": "foresee", "foreseen": "foresee", "found": "find", "froze": "freeze", "frozen": "freeze",
    "gave": "give", "grew": "grow", "grown": "grow", "held": "hold", "hid": "hide", "hidden": "hide",
    "hung": "hang", "kept": "keep", "knew": "know", "known": "know", "laid": "lay", "led": "lead", "left": "leave",
    "lent": "lend", "lost": "lose", "meant": "mean", "met": "meet", "misled": "mislead", "mistook": "mistake",
    "overran": "overrun", "overtook": "overtake", "overtaken": "overtake", "paid": "pay", "ran": "run",
    "rebuilt": "rebuild", "rewrote": "rewrite", "rewritten": "rewrite", "saw": "see", "seen": "see", "sent": "send",
    "shook": "shake", "shaken": "shake", "sold": "sell", "sought": "seek", "spent": "spend", "spoke": "speak",
    "spoken": "speak", "stole": "steal", "stolen": "steal", "stood": "stand", "struck": "strike", "stuck": "stick",
    "taught": "teach", "thought": "think", "threw": "throw", "thrown": "throw", "told": "tell",
    "undertook": "undertake", "undertaken": "undertake", "understood": "understand", "upheld": "uphold",
    "went": "go", "withdrew": "withdraw", "withdrawn": "withdraw", "withheld": "withhold", "won": "win",
    "wrote": "write", "written": "write",
}


_ENDINGS = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""))
_VERB_ENDINGS = ("ied", "ing", "ed")  # a past tense or participle: a verb's form, not a noun's


def forms(word: str) -> list[str]:
    """The word and the dictionary forms it may be an inflection of ("deliveries": delivery, deliveri; "slipped":
    slipp, slippe, slip; "built": build)."""
    return [form for form, _ in forms_read(word)]


def forms_read(word: str) -> list[tuple[str, bool]]:
    """``forms``, each with whether the word would be a verb's form of it (a past tense or participle: "keyed"
    is the verb "key", never the noun), and so may take only the dictionary's verb senses of it."""
    found = [(word, False)]
    for suffix, repl in _ENDINGS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + repl
            found.append((base, suffix in _VERB_ENDINGS))
            if suffix in ("ed", "ing") and not repl and len(base) > 3 and base[-1] == base[-2] not in "aeious":
                found.append((base[:-1], True))  # a doubled consonant: "slipped" is "slip" ("passed" is not "pas")
    if word in IRREGULAR:
        found.append((IRREGULAR[word], True))  # "built" is "build", "kept" "keep"
    return found
