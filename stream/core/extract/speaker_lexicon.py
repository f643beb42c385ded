"""Lexical data for speaker attribution: pronouns, role nouns, titles, determiners.

General English only (never names or phrases from a data set): what a reporter's
sentence uses to say who spoke. The regexes built from these lists live here too so the
pattern and resolution modules share one compiled copy; the speech-cue verbs they
build on are in ``speaker_cues``.
"""

from __future__ import annotations

import re

from stream.core.extract.canonical import TITLES
from stream.core.extract.speaker_cues import CUE_ALT

#: Adverbs and auxiliaries between a speaker and the cue ("she has often said").
#: Lowercase only, even inside IGNORECASE patterns: "Dana Kelly said", "Helen May said"
#: end in a name, not in an adverb or an auxiliary.
ADV = (
    r"(?:(?-i:also|later|then|again|simply|flatly|once|has|had|have|would|will|could|can|"
    r"might|may|should|must|did|does|[a-z]+ly)\s+){0,2}"
)

#: Between a speaker's name and the reporting verb after it: adverbs, auxiliaries, or
#: one short appositive ("Wirt said", "Okafor also says", "Ms. Lund, an aide, said").
SPEAKER_BEFORE_CUE = re.compile(rf"\s*(?:(?:,[^,.;:\"“”]{{1,80}}){{1,3}},\s*)?{ADV}")
#: Between a reporting verb and the speaker after it: space only ("said Dana Wirt").
SPEAKER_AFTER_CUE = re.compile(r"\s+")
#: Speaker-after-verb order only follows a quote or a comma (``," said X``; not ``Y
#: said Dana Wirt is ...``, where the name after the verb is reported about).
INVERTED_CUE_BEFORE = re.compile(r"[,\"”'—]\s*$")
#: ... and the name ends its clause (``said X, a demographer``, ``said X.``).
INVERTED_SPEAKER_END = re.compile(r"\s*(?:[,.;:!?(\n]|$)")

#: How an attribution clause hands back to the rest of a split quote: a comma, colon
#: or dash, optionally "and"/"but" (``," she said, "``; ``," he said, and "``).
SPLIT_TAIL_END = re.compile(r"(?:[,:—–-]|\b(?:and|but))\s*$")

#: A he/she that ends a chunk after a comma or a subordinator: the subject of the cue
#: that follows ("Asked about it, he said"; "although he"), whatever precedes it.
#: Also after a short leading prepositional phrase with no comma ("at the bottom it
#: reads", "in the letter she wrote"), where "it" can speak too.
CLAUSE_PRONOUN = re.compile(
    r"(?:(?:[,;]\s*|\b(?:and|but|although|though|while|when|because|so)\s+)(he|she)"
    r"|^(?:in|at|on|during|after|before|later|earlier)\s[^,]{0,60}?\s(he|she|it))$"
)

#: An owner's possessive and a common noun phrase: a description speaker ("Okafor's
#: office", "Wirt's chief adviser", "Smith's Facebook post": the head noun is
#: lowercase).
OWNER_DESCRIPTION = re.compile(
    r"(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*['’]s?\s+(?:[\w-]+\s+){0,3}[a-z][\w-]*"
)
#: An owner's possessive before a capitalized name ("Oregon's Dana Wirt"), the
#: chunk's last words ("Smith's Facebook post" is the owner's description).
OWNER_BEFORE_NAME = re.compile(
    r"(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*['’]s?\s+(?=[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*$)"
)
#: A clause's opening noun phrase, up to its first past-tense verb or auxiliary.
SUBJECT_PHRASE = re.compile(
    r"^\s*(?P<spk>(?:[^\s,]+\s+){0,5}?[^\s,]+?)\s+(?:\w+ed|has|had|"
    r"was|is|did|would|will|could)\b"
)
#: Common irregular past forms (general English): the finite verb after a subject.
_IRREGULAR_PAST = (
    r"put|made|gave|sent|took|held|led|left|met|brought|bought|came|went|got|set|spent|"
    r"spoke|ran|saw|found|kept|began|won|lost|sought|thought|felt|drew|threw|became|"
    r"stood|paid|rose|fell|broke|chose|wore|struck|shot|built|heard|knew|taught|told|said|"
    r"laid|sold|fought|caught|meant|sang|swore|hid|dealt|forgot|bore|sat|wrote"
)
#: A clause's noun phrase (up to eight words), then an optional adverb, before its verb.
_SUBJECT_THEN = (
    r"\s*(?P<spk>(?:[^\s,;:—–()]+\s+){0,7}?[^\s,;:—–()]+?)\s+"
    r"(?:(?:also|then|later|again|once|still|[a-z]+ly)\s+)?"
)
#: ... and its finite verb (past, irregular past or auxiliary): "the mayor's chief
#: adviser phoned members", "His office sent a letter".
VERB_SUBJECT = re.compile(
    rf"{_SUBJECT_THEN}(?:[a-z]+ed|{_IRREGULAR_PAST}|has|had|was|is|did|would|will)\b"
)
#: The same with a present -s verb ("Wirt then appears", "the letter makes a case"):
#: tried second, since a plural noun has the same ending; agent nouns (-ers, -ors,
#: -ists) and -ss/-us/-is words are never the verb.
VERB_SUBJECT_PRESENT = re.compile(
    rf"{_SUBJECT_THEN}(?!\w*(?:ers|ors|ists|ants|ents|ics|ss|us|is)\b)[a-z]{{2,}}s\b"
)
#: Where a clause piece ends: a comma, semicolon, colon, dash or bracket.
PIECE_BREAK = re.compile(r"[,;:—–()\"“”]|\s-\s")
#: A noun phrase that can be a clause's subject: it opens with a capital or a
#: determiner ("Wirt", "The letter", "his office"), not with a verb or an adverb
#: ("uttering charges", "deep into"), or is a bare he/she; it ends on no short
#: function word or pronoun ("the so", "the way she").
SUBJECT_NP = re.compile(
    r"^(?!.*\s(?:[a-z]{1,2}|she|it|they|you)$)"
    r"(?:[A-Z]|(?:he|she)$|(?:a|an|the|his|her|their|its|one|another|some|many|several|this|"
    r"that)\s)"
)
#: A description opening a clause, up to its past-tense verb ("The spokesman refused",
#: "A reporter for the Lakeside Courier called", "The coach said"): no relative
#: pronoun, no auxiliary.
_NP_WORD = r"(?!(?:who|whose|which|that|has|had|have|was|were|is|are|been)\b)[^\s,]+"
DESCRIPTION_SUBJECT = re.compile(
    rf"\s*(?P<spk>(?:{_NP_WORD}\s+){{0,7}}?{_NP_WORD})(?<!\bso)(?<!\bSo)\s+"
    rf"(?:[a-z]+ed|{_IRREGULAR_PAST})\b"
)
#: Two to four capitalized words, then an appositive description ("Anahit Vardanyan, a
#: Flickbox spokeswoman"): the name part.
APPOSITIVE_NAME = re.compile(
    r"(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,3}),\s+(?:a|an|the)\s+\S"
)
#: A reported clause after a reporting verb ("said that ...", "said both men are ..."):
#: "that", or a finite auxiliary before the clause ends. Objects and adjuncts ("asked
#: the mogul.", "said in a statement") are not one.
REPORTED_CLAUSE = re.compile(
    r"\s+(?:that\b|[^,.;:!?\n\"“”]{0,60}?\b(?:is|are|was|were|has|have|had|will|would|"
    r"could|should|can|may|might|must|does|did)\b)"
)
#: A preposition: a name after it is a complement ("a reporter for AFP"), not a head.
PREPOSITION = re.compile(r"\b(?:for|of|at|from|with|in|by|to|on|about)\b", re.IGNORECASE)
#: A preposition opening a would-be subject ("Despite warnings", "Amid cries": the
#: plural noun after it is no present-tense verb).
LEAD_PREPOSITION = re.compile(
    r"(?:amid|amidst|among|despite|during|without|against|under|over|through|across|"
    r"toward|towards|for|of|at|from|with|in|by|to|on|about)\b",
    re.IGNORECASE,
)
#: The last comma-separated piece before a cue, one to four words.
LAST_SEGMENT = re.compile(r",\s+((?:[\w.’'-]+\s+){0,3}[\w.’'-]+)\s*$")

PRONOUNS_F = frozenset({"she", "her"})
PRONOUNS_M = frozenset({"he", "him"})
HONORIFIC_M = re.compile(r"\b(?:Mr|Mister|Sir|Lord)\.?\s+$")
HONORIFIC_F = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Mme|Dame|Lady)\.?\s+$")
ROLE_F = (
    "spokeswoman|chairwoman|congresswoman|businesswoman|sportswoman|councilwoman|"
    "actress|mother|wife|daughter|sister|grandmother|queen|princess|widow|girlfriend|"
    "niece|aunt|woman|girl|lady|policewoman|waitress|duchess|baroness|heiress"
)
ROLE_M = (
    "spokesman|chairman|congressman|businessman|sportsman|councilman|actor|father|"
    "husband|son|brother|grandfather|king|prince|widower|boyfriend|nephew|uncle|man|boy|"
    "policeman|waiter|duke|baron|heir"
)
ROLE_BEFORE = re.compile(rf"\b(?:(?P<f>{ROLE_F})|(?P<m>{ROLE_M}))\s+$", re.I)
ROLE_AFTER = re.compile(
    rf"^\s*,\s*(?:[\w’'.-]+\s+){{0,5}}?(?:(?P<f>{ROLE_F})|(?P<m>{ROLE_M}))\b", re.I
)
PREP_BEFORE = re.compile(
    r"\b(?:about|of|with|for|against|by|to|from|in|on|at|after|than|like|as|into|over|"
    r"under|toward|towards|between|among|met|meeting|called|told|asked|urged)\s+"
    r"(?:the\s+)?(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|President|Senator|Governor|"
    r"Judge|Secretary)[.·]?\s+)?$",
    re.IGNORECASE,
)
LEAD_JUNK = re.compile(
    r"^(?:(?:and|but|while|as|so|then|when|or|even|though|however|meanwhile|whom|whose|"
    r"instead|later|earlier|also|perhaps|still|now|finally|again)\b[\s,]*)+",
    re.IGNORECASE,
)
#: A quote introduced by its source alone: ``From the report:``, ``More from Smith's
#: blog post:`` (a whole sentence or clause before the colon).
FROM_SOURCE = re.compile(
    r"(?:^|[.!?;]\s+|\n)\s*(?:(?:more|also|and)\s+)?from\s+(?P<spk>[^\s:,.;!?][^:.;!?\n]{1,80}?)\s*:\s*$",
    re.IGNORECASE,
)
#: A signature line under a quote: a dash, the speaker, then at most a short
#: qualifier (``— Jane Doe, Cleveland.``), and nothing else in the paragraph; a line
#: closed by a dash too is a subheading (``– Markets calm –.``).
BYLINE = re.compile(
    r"\s*[-—–]{1,2}\s*(?P<spk>[A-Z][^,.;:!?\n\"“”—–-]{1,60}?)\s*(?:,[^\n\"“”—–]{0,100})?[.]?\s*$"
)
#: A name modifying a plural group noun, the whole chunk ("Okafor supporters", "Wirt
#: campaign aides"): the group speaks, not the person it is named after.
NAMED_GROUP = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+){1,3}(?:[a-z][\w-]*\s+)?"
    r"(?!(?:has|was|is|does|his|its|this|thus|always|perhaps|as|us|says|adds|tells|notes)$)"
    r"[a-z][\w-]*[^s\W]s"
)
#: A name, then a role noun phrase, then the name it qualifies ("Brooks consultant
#: Dario Vance", "ministry spokesman Ivo Marek"): the role is an agent noun by its
#: ending (-er, -or, -ist, -ant, -ent, -man, -woman, -person) or one of a few role
#: nouns without one; function words with those endings are no role ("Smith over
#: Jones", "after", "either"). Only the space before the head name may follow.
ROLE_BETWEEN_NAMES = re.compile(
    r"[ \t]+(?:[a-z][\w-]*[ \t]+){0,2}"
    r"(?!(?:after|over|under|ever|never|either|neither|whether|rather|together|however|"
    r"whatever|later|other|another|per|for|nor|or|sent|spent|went|lent|meant)\b)"
    r"(?:[a-z][\w-]*(?:er|or|ist|ant|ent|man|woman|person)|aide|chief|head|counsel|deputy|"
    r"ally|envoy|rival|mate|staff)s?[ \t]+$"
)
#: The auxiliaries, and the adverbs that may follow them, of the tails below (one list
#: each: the patterns are built from them word for word, in the same order).
_AUX = r"has|have|had|will|would|could|can|might|may|should|must|shall|did|does|do"
_AUX_ADVERB = r"not|also|long|since|then|later|again|once|still|never|often"
#: The adverbs a speaker chunk may end on before its cue ("he also vowed").
_TRAILING_ADVERB = r"also|then|later|again|once|still|further"
#: Adverbs left between a pronoun and its cue ("He also vowed", "she later said"). This
#: and the tails below try a run of spaces from its first space only (``(?<!\s)``):
#: the same match, without one failed attempt per space of a long run.
TRAILING_ADVERB = re.compile(rf"(?<!\s)\s+(?:{_TRAILING_ADVERB}|\w+ly)$", re.I)
#: The same, lowercase only: cut from a name chunk ("Okafor later", never "Kelly").
TRAILING_ADVERB_LC = re.compile(rf"(?<!\s)\s+(?:{_TRAILING_ADVERB}|[a-z]+ly)$")
#: An auxiliary (and adverbs) between a subject and its cue, lowercase only ("Helen
#: May said" keeps May): "The union leaders have long said" -> "The union leaders".
TRAILING_AUX = re.compile(rf"(?<!\s)\s+(?:{_AUX})(?:\s+(?:{_AUX_ADVERB}|[a-z]+ly))*$")
#: Nothing but auxiliaries and adverbs (or nothing): a clause piece with no subject of
#: its own ("but have since said"), lowercase only.
AUX_ONLY = re.compile(rf"(?:(?:{_AUX}|{_AUX_ADVERB}|[a-z]+ly)(?:\s+|$))*")
#: What may follow a name in the speaker's own phrase before its verb: an auxiliary, an
#: adverb, a relative pronoun ("Ana Lund has", "the mayor Ana Lund also said", "Ana
#: Lund who"). (-ly after "i" or "l" is a noun: "family", "rally", "ally".) Not a
#: form of "be": "that Trump is too" has a copula, no speaker.
_AFTER_HEAD_NAME = rf"{_AUX}|{_AUX_ADVERB}|{_TRAILING_ADVERB}|who|whose|whom|which|[a-z]+[^il\W]ly"
#: A lowercase word after a name in a speaker chunk, unless only those words run from
#: it to the chunk's end (the cue): the name modifies a noun ("a senior Wirt adviser",
#: "the Okafor campaign") or is the subject of a verb of its own ("X's Robert Costa
#: reported, his wife", "LaRue had stressed that"): not the cue's subject.
NAME_NOT_HEAD = re.compile(rf"[ \t]++(?!(?:(?:{_AFTER_HEAD_NAME})(?:[ \t]++|$))+$)[a-z][a-z-]+")
#: A name used as a modifier of a common noun ("a Wirt campaign spokesman said"): a
#: lowercase word after it that is no verb either (a reporting verb, -ed, an
#: irregular past): "Tom Okafor disagreed" names Okafor as a subject.
MODIFIED_NOUN = re.compile(
    rf"[ \t]+(?!(?:{_AFTER_HEAD_NAME}|{CUE_ALT}|{_IRREGULAR_PAST}|is|was|were|are|been|be|"
    r"being|that|[a-z]+ed)\b)[a-z][a-z-]+"
)
#: A definite description: ``the spokeswoman``, ``the Florida senator``, ``The Post``;
#: its last word is the head noun the resolution looks for.
DEFINITE = re.compile(r"the\s+(?:[\w.’'-]+\s+){0,4}?(?P<noun>[\w-]+)", re.IGNORECASE)
#: Words that make a candidate chunk a clause or an adverbial, not a speaker's name.
NOT_A_SPEAKER = re.compile(
    r"\b(?:is|was|were|are|will|would|could|should|can|may|might|do|does|did|not|"
    r"just|what|why|how|there|if|looks|seems|because)\b|^(?:in|on|at|of|about|against|"
    r"during|after|before|from|with|without|for|by|since|until|that|which|who|it|its)\b|"
    # a demonstrative alone or before a time word is no speaker; before a noun phrase
    # it is a description ("this reporter", "these protesters")
    r"^(?:this|these|those)(?:\s+(?:week|month|year|morning|afternoon|evening|time|"
    r"weekend|spring|summer|fall|autumn|winter)\b|\W*$)|[:()\"“”]|"
    r"^(?:he|she|they|we|i|you)\s+\w",
    re.IGNORECASE,
)
#: A chunk ending in an article or a preposition ("The rallies end with the" before
#: "chants"): a noun phrase never ends so, so the words are a clause cut off at a noun
#: that looks like a cue. Lowercase only: "Group A", "Plan B" are names. ("to" is the
#: infinitive's, cut by ``INFINITIVE_TAIL`` instead.) Nor in a conjunction or an
#: auxiliary ("confusing and" before 'called', "has" before 'called'), nor is a lone
#: participle one ("giving" after '"...," giving states more power').
DANGLING_END = re.compile(
    r"(?:^|\s)(?:a|an|the|for|of|at|from|with|in|by|on|about|and|or|but|nor|has|have|had"
    r"|been|being)$|^[a-z]++ing$"
)
#: The verb governing an infinitive cue ("The memo goes on to [say]", "the aide declined
#: to [say]"): the speaker is that verb's subject, before it.
INFINITIVE_TAIL = re.compile(r"(?<!\s)\s+[a-z]+(?:\s+on)?\s+to$")
DETERMINER = re.compile(
    r"^(?:a|an|the|one|another|yet another|some|several|two|three|many|other|one of|"
    r"his|her|their|its|this|that|a third|others|dozens|hundreds|thousands|scores)\b",
    re.IGNORECASE,
)
BARE_GROUP = re.compile(
    r"^(?P<det>one|another|yet another|a third|a second|others)"
    r"(?:\s+(?:individual|person|user|people))?$",
    re.IGNORECASE,
)
AMONG = re.compile(r"\bamong\s+(?:the\s+)?(?P<noun>(?:[\w-]+\s+)?[\w-]+?)s\b", re.I)
ABBR_DOT = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|St|Jr|Sr|Prof|Rev|Sgt|"
    r"Capt|Adm|Mt|Gov|Atty|Supt|Cmdr|Pres|Sens|Reps)\.|\b(?:[A-Z]\.){2,}|\b[A-Z]\.(?=\s+[A-Z])"
)
MAX_LOOK = 320
#: A relative clause set off by commas (``, who asked not to be named,``); its closing
#: comma may sit inside a quote it holds (``, whom critics called "a fraud,"``), never
#: in a number (``, which has 40,000 members,``).
RELATIVE_CLAUSE = re.compile(
    r",\s*(?:who|whom|whose|which|where)\b(?:[^,]|(?<=\d),(?=\d{3}))*(?:,[\"”]?|$)",
    re.IGNORECASE,
)
SUBJ_PRONOUN_RE = re.compile(r"\b(he|she|his|himself|herself)\b", re.IGNORECASE)
OBJECT_PRONOUN = re.compile(
    r"\bhim\b|\bher\b(?=\s+(?:that|to|for|and|about|on|in|at|with|from|as|of|by|into|over|"
    r"again|back)\b|\s*[,.;!?])",
    re.IGNORECASE,
)
# A leading adverbial clause before the subject: "Asked about X, she ...".
LEAD_ADVERBIAL = re.compile(
    # (a participle also lowercase: "Meanwhile, speaking to X, Lund said" once the
    # leading "Meanwhile," is cut)
    r"\s*(?:(?:[Aa]sked|[Ss]peaking|[Gg]iving|[Ww]riting|[Rr]esponding|[Aa]ddressing|[Tt]alking|[Pp]ressed|"
    r"In|At|On|After|Before|When|While|As|Despite|Following|According|Earlier|Later|"
    r"Meanwhile|Instead|Still|However|Since|Until|During|Under|With|Without|For|"
    r"Even\s+as|Even\s+though|Even\s+if|Although|Though|Because|If|Once|Whereas|"
    r"Whether|Unlike|Like|Amid|Among|Over|By)\b"
    # an age after the clause's last name is still the clause's ("would affect Khan, 45,")
    r"[^,.;“”\"]{0,120},\s*(?:\d{1,3},\s*)?(?:(?:the|a|an)\s+[^,.;“”\"]{1,60},\s*)?|"
    r"(?:But|And|Yet|So|Then)\s+)",
)
# A capitalized name opening the clause that NER missed: "Mira Sol Halden, whose ...".
NAME_SUBJECT = re.compile(
    # (a Title Case headline's verb is no part of the name: "Dana Wirt Tells")
    rf"(?P<name>[A-Z][\w’'-]+(?:\s+(?!(?i:{CUE_ALT})\b)(?:[A-Z][\w’'-]+|de|da|van|von|le|la)){{0,3}})"
    r"(?=,\s*(?:\d+|who|whose)\b|,\s+(?:a|an)\s+[A-Za-z][\w-]*\s+[a-z][^,.;]{0,60},"
    # (an adverb may come between: "Lund later dismissed", "Trump further summed up")
    r"|(?:\s+(?:[a-z]{2,20}ly|later|also|then|further|again|still))?+\s+"
    r"(?:[a-z]+ed|said|says|told|was|is|has|had|will|would|"
    r"met|spoke|went|took|made|gave|did|does|wrote|thinks|thought|knew|knows|felt)\b"
    # or any reporting verb ("Wirt shot back", "Okafor says")
    rf"|\s+(?:{CUE_ALT})\b)"
)
#: Capitalized words that open a clause without being a name.
CAP_STOP = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "A",
        "An",
        "In",
        "On",
        "At",
        "But",
        "And",
        "Yet",
        "So",
        "Then",
        "There",
        "Here",
        "What",
        "When",
        "Where",
        "Why",
        "How",
        "Who",
        "Which",
        "Some",
        "Many",
        "Most",
        "Several",
        "All",
        "Both",
        "Each",
        "Every",
        "No",
        "One",
        "Two",
        "Three",
        "None",
        "Another",
        "Other",
        "Others",
        "Such",
        "Any",
        "Nobody",
        "Everyone",
        "Everybody",
        "Someone",
        "Somebody",
        "Anyone",
        # a collective noun with no plural ending ("Police said"); plural groups
        # ("Critics", "Liberals") are told by their ending in ``Resolver.missed_name``
        "Police",
    ]
)
GROUP_WORD = re.compile(
    r"\b(?:cartel|gang|group|party|organi[sz]ation|union|company|bank|council|committee|"
    r"department|ministry|agency|team|club|court|university|inc|corp|ltd|"
    # institutions and media by their head noun ("Lakeside Community College", "The Daily
    # Ledger"): never the name of a person
    r"college|school|institute|academy|foundation|association|society|center|centre|"
    r"hospital|commission|times|post|news|journal|press|magazine|tribune|herald|gazette)\b",
    re.IGNORECASE,
)
ORG_NOUNS = frozenset(
    [
        "club",
        "company",
        "bank",
        "firm",
        "team",
        "group",
        "government",
        "ministry",
        "agency",
        "court",
        "league",
        "federation",
        "party",
        "department",
        "union",
        "council",
        "network",
        "retailer",
        "lender",
        "airline",
        "insurer",
        "broadcaster",
        "newspaper",
        "startup",
        "automaker",
        "carmaker",
        "chipmaker",
        "conglomerate",
        "manufacturer",
        "exchange",
        "regulator",
        "committee",
        "campaign",
        "embassy",
    ]
)
#: Words before the cue between two quotes that give it a subject of its own (not a
#: bare "and", "but", "then" or an adverb).
OWN_SUBJECT = re.compile(r"\b(?!(?:and|but|then|also|later|so|he|she|they)\b)[A-Za-z]{2,}\b(?<!ly)")
#: A piece after a dash, right at the cue, past a linking phrase: its subject.
DASH_CLAUSE = re.compile(
    r"(?:\s[-—–]|[—–]|\s--)\s*(?:(?:at\s+which\s+point|whereupon|when|then|and)\s+)?"
    r"(?P<p>[^-—–\"“”,;:]{1,80}?)\s*$"
)
#: The subordinators that open a clause with its own subject, anywhere in a sentence
#: (one list: the mid-sentence patterns here and in ``speaker_patterns`` and the
#: sentence-opening one of ``speaker_describe`` are built from it).
SUBORDINATORS = (
    "after",
    "before",
    "when",
    "because",
    "since",
    "until",
    "once",
    "although",
    "though",
    "whereas",
    "while",
)
#: The same as a regex alternation, lowercase.
SUBORDINATOR_ALT = "|".join(SUBORDINATORS)
_SUBORDINATOR = rf"\b(?i:{SUBORDINATOR_ALT})"
#: A subordinator opening a chunk ("although the inspectors"): no part of the subject.
SUBORDINATOR_LEAD = re.compile(rf"[\s—–-]*{_SUBORDINATOR}\s+")
#: A subordinate clause running up to a quote mark: its subject and verb come after the
#: subordinator ("sent it after Mr. Lund published ", "left before the crowd chanted ").
#: So does a clause that opens right after another quote ('in a clip Y called
#: "distasteful," X expressed a desire to "..."').
SUBORDINATE_CLAUSE = re.compile(
    rf"(?:{_SUBORDINATOR}|"
    r",\s*[”\"]|[”\"],|,'')\s+(?P<rest>[^,;:—–()\"“”.!?]{1,120})$"
)
#: The same clause with an aside set off by commas after its subject ("While Mr. Lund,
#: speaking for the party, laid out "..."): the subject, then the verb opening the rest.
SUBORDINATE_ASIDE = re.compile(
    rf"{_SUBORDINATOR}\s+"
    r"(?P<spk>[^,;:—–()\"“”.!?]{1,60}),[^,;:—–()\"“”.!?]{1,100},\s+"
    rf"(?P<verb>(?:[a-z]+ly\s+)?(?:[a-z]+ed|{_IRREGULAR_PAST}|has|had|was|is)\b[^,;:—–()\"“”.!?]{{0,120}})$"
)
#: A passive verb ("was called", "is widely seen"): its subject is named, not naming.
PASSIVE = re.compile(
    rf"\s*(?:was|were|is|are|been|being)\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|{_IRREGULAR_PAST})\b"
)
#: A dash, then one to five words and the colon that introduces a quote: a label.
DASH_LABEL = re.compile(r"(?:\s[-—–]|[—–])\s*((?:[^\s:—–-]+\s+){0,4}[^\s:—–-]+)\s*:\s*$")
#: A dash, then one to four capitalized words ending right at the cue: a name that an
#: aside set off by dashes separates from the rest of the sentence.
AFTER_DASH_NAME = re.compile(
    r"(?:\s[—–]|\s--|[—–])\s*((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*)\s*$"
)
#: ``, her aides said nothing.``: a verb of speech negated by its object is silence.
SILENCE = re.compile(r"\s+(?:nothing|little|no\s+more|not\s+a\s+word)\b", re.IGNORECASE)

#: Lowercase words inside a Title Case name (``The Bank of England``).
_NAME_LINKS = frozenset({"of", "and", "for", "the", "on", "in", "&"})
#: The words of people's titles (``governor``, ``attorney``): a Title Case description
#: ending in one (``the Alaska Governor``, ``the District Attorney``) means a person.
_ROLE_HEADS = frozenset(w for t in TITLES for w in t.replace(".", "").split()) - {"of", "state"}


def title_case_name(words: list[str]) -> bool:
    """``The State Department``, ``the New York Times``: "the" and a Title Case name,
    not a description to resolve (``the Italian``, one word, and ``the Alaska Governor``,
    a role, are)."""
    return (
        len(words) > 2
        and words[-1].lower() not in _ROLE_HEADS
        and all(w[:1].isupper() or w in _NAME_LINKS for w in words[1:])
    )


#: A day or a month by name (``speaker_which.CALENDAR``, the agents of
#: ``speaker_partial``): a time, never a speaker.
CALENDAR_WORDS = (
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b|(?:January|February|March|April|May|June"
    r"|July|August|September|October|November|December)\b"
)
