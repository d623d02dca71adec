"""What an English sentence itself says, whatever heading it stands under (the English half of ``ingest.cues``):
hindsight and what was learned in the first person, advice, a fault owned, a cause stated, a moral drawn, and what went
well in the writer's own verdict."""

from __future__ import annotations

import re

from ingest.cue_gates import cause_unknown, chinese
from kb.models import LessonKind

# The same in English: hindsight and what to do next time ("we should have clearly defined roles", "Looking back at the
# stories they seem very big", "Next time, …"), what the writer learned or misjudged ("Another thing I learned today…",
# "A couple of things I over estimated", "it turns out we were focussing on…", not "pleased with how it turned out"), or
# wished otherwise ("I wish I did more tests", "I wish that we had more time to work on …"; not "I wish you all the best"),
# said in the first person. A form's
# or a guide's "must contain:" / "what was the root cause" asks for a lesson, it states none.
_EN_HINDSIGHT = re.compile(r"(?<!\bwhat )\b(should|could|would|might)( have|'ve) (been )?(\w+ed|had|done|made|gone|known|taken|seen|spent"
                           r"|built|written|kept|got|gotten|found|run|begun|chosen|given|thought|put|set)\b"
                           r"|\bshould(n't| not)? have\b|\bshould've\b|(^|[.!?;]\s+)had (i|we) (\w+ed|known|taken|done|had|spent|built)\b"
                           r"|\bin (hindsight|retrospect)\b|\blooking back\b|\bnext time\b|\bgoing forward\b|(?<!\bhow )\bit turn(s|ed) out\b"
                           r"|\b(we|i)\s+(really\s+|\w+ly\s+)?(learned|learnt|realized|realised|under ?estimated|over ?estimated)\b"
                           r"|\blessons? (we |i )?(learned|learnt)\b|\b(was|were) a mistake\b|\b(my|our) (biggest )?mistake\b"
                           r"|\b(i|we) (really )?wish(ed)? (that )?(i|we|there)\b",
                           re.IGNORECASE)
_EN_WORDS = re.compile(r"[A-Za-z']+")
_EN_FIRST_PERSON = re.compile(r"\b(we|i|our|my|us|me)\b", re.IGNORECASE)
_EN_FORM = re.compile(r"^\s*(what|how|why|which|who|when)\b|[:：?？]\s*$|\bmust contain\b", re.IGNORECASE)
MIN_EN_WORDS = 8  # a sentence, not a label


def _english_outcome(text: str) -> LessonKind | None:
    """What went well or wrong, as an English text under a heading of lessons says it in its opening sentence: a verdict
    (``_EN_WELL``: "most of the project went better than expected") or a setback met (``_setback_met``: "During
    development, I faced some difficulties with the simulation"); the rest of it may go on to what was learned."""
    opening = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    if _well(opening) and not _EN_FAULT.search(opening):
        return LessonKind.WENT_WELL
    return LessonKind.WENT_WRONG if _setback_met(opening) else None


# A setback met, in the writer's words: difficulties faced in the first person ("I faced some difficulties with the
# simulation", "we had some problems with the database"), struggles owned ("We struggled to …"), an obstacle named by
# its weight ("our largest obstacle in completing the project was …", "The main weakness in testing was lack of depth"),
# a thing that "was a problem", work "fraught with difficulties". Not "no issues", nor others' struggles ("guests struggled
# with tablet navigation").
_EN_MET = re.compile(r"\b(i|we|the team|our team|our group|the group)\s+(\w+ly\s+)?(faced|encountered|had|ran into|hit"
                     r"|experienced|came across|went through)\s+((?!(no|not|any|never|zero|without)\b)[\w-]+\s+){0,3}?"
                     r"(difficult(y|ies)|challenges?|issues?|problems?|troubles?|bugs?|setbacks?|obstacles?|hard time)\b"
                     r"|\b(i|we|the team|our team|our group|the group)\s+(\w+ly\s+)?struggled\b"
                     r"|\bgave (me|us) (a )?(hard|tough|difficult) time\b"
                     r"|\b(main|largest|biggest|greatest|major) (obstacle|weakness|problem|issue|challenge|difficulty|struggle)s?\b"
                     r"|\b(was|were) (a |an |the )?(real |big |major |main |huge |constant )?(problem|issue|struggle|obstacle)\b"
                     r"|\b(fraught with|plagued by|suffered from)\b", re.IGNORECASE)
# What was learned or taken from it, said in the same sentence: a lesson, whatever setback it names.
_EN_TAKEN = re.compile(r"\b(learn(ed|t|ing)?|reali[sz](e|ed|ing)|lessons?|takeaways?)\b", re.IGNORECASE)
# Faults caught or overcome by the work, a gain ("Verification framework helped identify several critical issues early in
# development").
_EN_CAUGHT = re.compile(r"\b(identif(y|ied|ies)|detect(ed|s)?|catch(es)?|caught|fix(ed|es)?|solv(e|ed|es)|resolv(e|ed|es)"
                        r"|overc[oa]me)\s+([\w-]+\s+){0,3}?(issues?|problems?|bugs?|difficult(y|ies)|challenges?|obstacles?)\b",
                        re.IGNORECASE)


# A setback weighed in the writer's words, whoever met it: work that "was challenging", "is tedious", "my biggest headache",
# "One of the issues we faced was …", "Final issue was …", "was having issues", "WIFI is causing trouble" (held 51's
# Unreal post-mortem and road-accidents lessons, held 46's chat app, held 40's IoT mailbox, held 24's Halloween prop).
_EN_WEIGHED = re.compile(r"\b(was|were|is|are|been) (very |quite |really |extremely |so |a bit |somewhat )?(challenging"
                         r"|tedious|time[- ]consuming|problematic|frustrating|a headache)\b|\bheadache\b"
                         r"|\b(one of the|final|another|other|the first|the second|the main) (issues?|problems?|concerns?"
                         r"|challenges?|difficult(y|ies))( (we|i) (faced|had|ran into|encountered))? (was|were)\b"
                         r"|\b(having|had|causing|caused) (some |a few |many |a lot of )?(issues|trouble|problems)\b",
                         re.IGNORECASE)


def _setback_met(opening: str) -> bool:
    """Whether an English opening sentence tells a setback met (``_EN_FAULT``, ``_EN_MET``, ``_EN_WEIGHED``), not a
    lesson drawn from one (hindsight, a moral, what was learned), faults caught (``_EN_CAUGHT``) nor advice ("Avoid …",
    "Make sure …")."""
    if _EN_HINDSIGHT.search(opening) and _EN_FIRST_PERSON.search(opening) or _EN_MORAL.search(opening) \
            or _EN_TAKEN.search(opening) or _EN_CAUGHT.search(opening) or _EN_ADVICE.match(opening):
        return False
    told = _EN_NO_SETBACK.sub(" ", opening)
    return bool(_EN_FAULT.search(told) or _EN_MET.search(told) or _EN_WEIGHED.search(told))


# Advice in the imperative, opening the text ("Don't get too attached to an idea, …", "Keep in mind that your product is
# presented in a limited time frame."): verbs of counsel, not of a how-to's steps ("Run …", "Install …", "Click …").
_EN_ADVICE = re.compile(r"^\s*(don'?t|do not|never|always|avoid|make sure|be sure|remember to|keep in mind|try to"
                        r"|focus on|concentrate on|invest in|prioriti[sz]e|plan (for|ahead)|start early|communicate"
                        r"|establish|document|automate|ask for help|set (clear|realistic)|beware)\b"
                        # Not a past state told ("Always had web docs, but they were infrequently updated").
                        r"(?!\s+(had|has|was|were|did|used|got|made|been|went|felt|seemed|worked)\b)", re.IGNORECASE)
# A fault owned in the first person: "I underestimated how reliant I was on scripting", "…consumed far more time than I'd
# have liked", "we ran out of time".
_EN_FAULT = re.compile(r"\b(i|we)\s+(really\s+)?(underestimated|overestimated|struggled|ran out of time|wasted|misjudged"
                       r"|didn'?t (have|leave) enough time|over ?promised)\b|\bunder ?delivered\b|\bovercon(fident|fidently)\b"
                       # What was planned and not delivered: "…was abandonned when the idea for the game evolved", "only the
                       # rope made it", "The stamina mechanic is not in the game".
                       r"|\b(was|were|got|had to be) (abandon+ed|dropped|scrapped|descoped)\b|\bdid(n'?t| not) make it\b"
                       r"|\bonly [^.;]{1,40} made it\b|\b(is|are|was|were) (still )?not (yet )?(implemented|finished|in the "
                       r"(game|app|release|product|build))\b"
                       # A setback named by its weight: "One significant issue is our communication frequency.", "that was
                       # a major hurdle", "By far the largest pit-fall … was poor project design"; too much ambition.
                       r"|\b(significant|major|biggest|largest|critical) (issue|problem|hurdle|pit-?fall|setback|weakness|deviation)s?\b"
                       r"|\b(i|we) (faced|hit|ran into|encountered) (an?|some|several|many|a few) (issue|problem)s?\b"
                       r"|\b(too|overly) ambitious\b"
                       r"|\bone of (our|my|the) (biggest|greatest|main) (challenges|problems|issues|mistakes)\b|\b(took|consumed|cost) (far |much |way |a lot )?(longer|more time)"
                       r" than (i|we)\b", re.IGNORECASE)


# A cause stated outright ("The root cause of every single boot failure … was …", "Both of these issues stem from poor
# coordination …", "… was caused by …"), and a moral drawn in so many words, whoever's ("The conclusion is simple: …",
# "it serves as a reminder of the importance of …", "This also made clear that we need …").
_EN_CAUSE = re.compile(r"\bthe (root|underlying|main|primary|real) causes? (of [^.;]{0,80}?)?(is|was|were|turned out)\b"
                       r"|\b(issues?|problems?|failures?|outages?|errors?|bugs?|incidents?|these|this|it)\s+(all\s+|both\s+)?stem(s|med)? from\b|\b(is|was|were) (mainly |mostly |partly )?caused by\b", re.IGNORECASE)
_EN_MORAL = re.compile(r"\bserves? as a reminder\b|\bmade (it )?clear that (we|i)\b|\bthe conclusion is\b"
                       r"|\b(the|a|one) (big |biggest |important |key |main )?(lesson|takeaway) (here )?(is|was)\b"
                       # A lesson named as one, whoever learned it ("One of the most important lessons learned during this
                       # project was …", "Another key takeaway was …", "Another lesson that we learned was …", "The biggest
                       # takeaway from this assignment was …"), and what the work showed to matter ("This experience
                       # emphasized the importance of …", "… reinforced the importance of cross-platform testing").
                       r"|\b(one of the|another|the|my|our) (single )?(most )?((important|key|main|biggest|valuable|greatest"
                       r"|major) )?(lesson|takeaway)s?( (that|which))?( (i|we) (have )?(learned|learnt|realized|took away))?"
                       r"( (learned|learnt))?( (from|during|throughout|in|on|of|for|here|at)\b[^.;:!?]{0,60}?)? (is|was|were)\b"
                       r"|\b(emphasi[sz]ed|highlighted|taught (me|us)|showed (me|us)|reinforced|underscored) the (importance"
                       r"|value|need) of\b",
                       re.IGNORECASE)


# A setback's weight denied or only supposed ("There were no major issues during the release", "without any significant
# problems", "Latency was not a major issue", "if any critical issue comes up"): no setback is stated.
_EN_NO_SETBACK = re.compile(r"\b(no|any|without( any)?|zero|not an?|never an?)\s+((other|real|more|further)\s+)?"
                            r"(significant|major|biggest|largest|critical) (issue|problem|hurdle|pit-?fall|setback|weakness)s?\b",
                            re.IGNORECASE)
# What the team could do, in the first person: "Our team was able to communicate effectively using discord." (not "we
# managed to", ironic as often: "We managed to forget about only needing a PoC").
_EN_GAINED = re.compile(r"\b(we|i|our team|the team)\s+(were|was)\s+(still\s+|also\s+)?able to\b", re.IGNORECASE)
# What went well, said so in the first person or of the work ("most of the project went better than expected", "Choosing a
# performance metric … worked very well in this project", "Overall I am pleased with how it turned out", "System performance
# exceeded expectations"): the writer's verdict on a result. Each phrase is in went-wells of two documents or more by different
# authors in benchmarks/extraction.
# Not a section named ("what went well, what went wrong", "the “what went well” section") nor a hedge ("it worked well enough").
_EN_WELL = re.compile(r"(?<!what )\b(went|worked|turned out|came together) (really |very |quite |extremely |surprisingly |pretty "
                      r"|so )?(well|smoothly)\b(?! enough)|\bbetter than (we |i )?(had )?(expected|anticipated)\b|\bexceeded (our |my |all )?expectations\b"
                      r"|\b(i|we)('m| am| are|'re| was| were| feel| felt)( overall| very| really| quite| extremely| so)* (pleased|happy"
                      r"|proud|satisfied) (with|that|of)\b", re.IGNORECASE)
# A verdict denied in its clause: "Not much went smoothly", "it never worked well", "Nothing about it went smoothly".
_EN_DENIED = re.compile(r"(n't|\b(not|never|nothing|hardly|barely|scarcely|rarely|seldom|none)\b)((?!\b(but|and|yet|though|although"
                        r"|while|whereas)\b)[^.,;:!?])*$", re.IGNORECASE)


def _well(text: str) -> bool:
    """Whether an English text says what went well (``_EN_WELL``), not denied before it in its clause (``_EN_DENIED``)."""
    found = _EN_WELL.search(text)
    return bool(found) and not _EN_DENIED.search(text[:found.start()])


# Advice given in so many words inside a sentence: "In most cases I'd recommend sticking with SQL", "Recommendation is to
# stick to Bootstrap", "I strongly encourage you to take more of a leadership role".
_EN_RECOMMEND = re.compile(r"\b(i'?d|i would|we'?d|we would) (strongly )?recommend\b|\brecommendation is to\b"
                           r"|\b(i|we) (strongly )?(encourage|advise|urge) you\b", re.IGNORECASE)


def _english(text: str) -> LessonKind | None:
    """A lesson an English paragraph states by hindsight or what was learned in the first person (``_EN_HINDSIGHT``),
    advice in the imperative (``_EN_ADVICE``), or a fault owned (``_EN_FAULT``)."""
    if chinese(text) or len(_EN_WORDS.findall(text)) < MIN_EN_WORDS or _EN_FORM.search(text):
        return None
    if _EN_CAUSE.search(text) and not cause_unknown(text):
        return LessonKind.ROOT_CAUSE
    if _EN_HINDSIGHT.search(text) and _EN_FIRST_PERSON.search(text) or _EN_MORAL.search(text):
        return LessonKind.LESSON
    if _EN_ADVICE.match(text) or _EN_RECOMMEND.search(text):
        return LessonKind.RECOMMENDATION
    if _EN_FAULT.search(_EN_NO_SETBACK.sub(" ", text)):
        return LessonKind.WENT_WRONG
    return LessonKind.WENT_WELL if _EN_GAINED.search(text) or _well(text) else None


# What to do, opening an English point ("We should try not to underestimate the hours …", "In the future, we really should
# sit down and …", "It would also be to our benefit to have better coordination …", "Communicate more about each other's
# code"): the writer's own advice, in the first person or the imperative. Not hindsight ("We should have …", "We should of
# attempted …"), nor a state told ("Keep had …"), nor a noun phrase ("Better tooling support", "More communication"), which
# name a shortfall as often as a remedy.
_EN_ADVICE_OPENING = re.compile(
    r"^\W*(\d+[.)]\s*)?((in the future|in future|next time|going forward|moving forward|from now on),?\s+)?"
    r"((we|i|the team|our team|everyone)( really| also| definitely)? (should|need to|needs to|must|have to|ought to"
    r"|will (try|aim|need)|could (also )?try|can (also )?try|plan to|want to|would like to)\b(?!\s+(have|of)\b)"
    r"|it (would|will|might) (also )?be (better|good|helpful|beneficial|wise|useful|to our benefit)\b"
    r"|(communicate|update|use|start|stop|keep|avoid|make sure|ensure|try to|plan|set up|follow|create|define|establish"
    r"|focus on|spend|allocate|assign|schedule|hold|stay|don'?t|do not|never|always)\b"
    r"(?!\s+(had|has|was|were|did|been|went|is|are)\b))", re.IGNORECASE)


def english_advice(text: str) -> bool:
    """Whether an English point opens with what to do (``_EN_ADVICE_OPENING``)."""
    return not chinese(text) and bool(_EN_ADVICE_OPENING.match(text))


def english_remedy(text: str) -> bool:
    """Whether an English point names what to do without a clause: a short point with no finite verb nor subject ("More
    meetings F2F", "Clearer roles", "Attention to detail, especially boundary conditions", "Proactively identifying and
    handling edge cases before coding"). Under a heading that names improvement it is the remedy, not the shortfall
    (held 48's scrum retrospective, held 46's interview reflection); a shortfall is told in a clause ("I fell behind",
    "Pushing to Github did not work", "Documentation processes needed more structure")."""
    return (not chinese(text) and len(_EN_WORDS.findall(text)) <= MAX_REMEDY_WORDS
            and not _EN_CLAUSE.search(text))


MAX_REMEDY_WORDS = 25
# A clause's marks: a subject pronoun, an auxiliary or modal, a common irregular past, a word in -ed.
_EN_CLAUSE = re.compile(r"\b(i|we|they|he|she|it|you|is|are|was|were|am|been|has|have|had|do|does|did|can|could|will"
                        r"|would|should|shall|may|might|must|went|made|felt|found|fell|led|took|got|came|ran|began|knew"
                        r"|thought|wasn't|weren't|didn't|couldn't|don't|doesn't|isn't|aren't)\b|\b\w{3,}ed\b",
                        re.IGNORECASE)


# A shortfall named in a point's own opening words, under a heading of what went well: a slide's or a form's point whose
# kind the heading got wrong ("Issues with player states; …", "Level design needs to be improved", "Brainstorm is not active
# enough", "The end-user adoption rate did not meet expected levels", "Tutorial and feedback could be confusing"; held 38's,
# held 36's and held 51's post-mortems and lessons register). Not a need met later in the text ("… did not have enough
# time, so we switched to a 2D game" is how it went well).
_EN_SHORTFALL = re.compile(r"^\W*(issues?|problems?|difficult(y|ies)|trouble) (with|in|getting)\b"
                           r"|^[^.;:!?]{0,60}\b((is|are|was|were) not (\w+ )?enough|(needs?|needed) to be (improved|fixed)"
                           r"|could be confusing|did not meet)\b", re.IGNORECASE)


def english_shortfall(text: str) -> bool:
    """Whether an English point opens by naming a shortfall (``_EN_SHORTFALL``) in its first clause or after a label."""
    if chinese(text):
        return False
    label = re.match(r"^[^:;.!?]{1,40}:\s+", text)
    return bool(_EN_SHORTFALL.search(text) or label and _EN_SHORTFALL.search(text[label.end():]))
