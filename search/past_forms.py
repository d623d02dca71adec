"""English past tenses and participles no ending rule undoes: "built" is "build", "kept" is "keep", "froze" is
"freeze". The translator reads them as verbs of their base form (search/translate.py, ``_forms_read``), as it reads
"delivered" as "deliver".

Only forms that are not, in project texts, mostly a word of their own: "left" (as in "the engineer left") and "found"
are here, as the model's scores drop the base's senses that do not fit; "ground", "rose", "bore", "wound", "lay" and
"given" ("given that") are not. A form written as its base ("cut", "set", "put", "spread") needs no entry; those of
"make", "get" and "take" are stopwords.
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
