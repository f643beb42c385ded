"""Who said it: attribution of each quotation, pronoun resolution, descriptions.

Everything here is a bounded look around each quote (a few hundred characters) plus
``bisect`` over the story's entity mentions, so the cost per quote is constant and a
story with 10,000 quote marks stays linear.

Order of attempts for one quote (the first that yields a speaker wins):

1. the text right after the closing mark: ``,” Attorney General Pam Bondi stated.``,
   ``," said Rubio``, ``,” she said``, ``— that was the message from X``;
2. the text right before the opening mark, in the same sentence:
   ``Anna Kelly, a White House spokesperson, said in an email that “``,
   ``Marco Rubio ... underscored the strategic shift: “``, ``with one asking “``
   (a quote that ends its own sentence tries this before 1: it is more often
   introduced than followed by its attribution);
3. the previous quote when this one continues it (split quote ``“A,” she said. “B.”``,
   or a quote-only paragraph after a quoted paragraph);
4. the sentence before (wire style: ``Mr Smith says the plan will fail. "It is ..."``).

A pronoun speaker walks back sentence by sentence: each sentence's subject first (after
a leading clause such as ``Asked about X,``), then its other persons nearest first. A
person of known opposite gender is skipped; a same-gender pronoun subject chains to the
sentence before; an object pronoun of that gender (``put it to her``) rules out its own
sentence's subject (binding: "her" is not the one putting it). Gender comes from
honorifics (Mr/Ms), gendered role nouns next to the name (spokeswoman, chairman) and the
he/she that follow a sentence naming exactly one person -- no list of first names.
Definite descriptions resolve by their noun (``the judge`` -> the person titled so,
``the aide`` -> ``one senior Republican aide``, ``the club`` -> nearest ORG). Unnamed
speakers keep their description (``a White House rep``); a bare ``one``/``another``
borrows the group named just before (``among X users`` -> ``one X user``). Fragments
are never attributed.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from schemas import Quote
from stream.extract.canonical import fold_accents
from stream.extract.entities import EntityIndex, Mention
from stream.extract.quotes import QuoteSpan
from stream.extract.segment import Segments

CUE_VERBS = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "stated",
    "states",
    "added",
    "adds",
    "asked",
    "asks",
    "wrote",
    "writes",
    "noted",
    "notes",
    "posted",
    "tweeted",
    "declared",
    "declares",
    "explained",
    "explains",
    "insisted",
    "insists",
    "argued",
    "argues",
    "warned",
    "warns",
    "replied",
    "replies",
    "responded",
    "responds",
    "continued",
    "continues",
    "concluded",
    "announced",
    "announces",
    "underscored",
    "underscores",
    "stressed",
    "stresses",
    "emphasized",
    "emphasised",
    "emphasizes",
    "highlighted",
    "defended",
    "acknowledged",
    "admitted",
    "conceded",
    "claimed",
    "claims",
    "observed",
    "remarked",
    "recalled",
    "cautioned",
    "urged",
    "vowed",
    "promised",
    "predicted",
    "complained",
    "joked",
    "quipped",
    "shouted",
    "whispered",
    "confirmed",
    "denied",
    "asserted",
    "asserts",
    "maintained",
    "contended",
    "mused",
    "countered",
    "agreed",
    "boasted",
    "lamented",
    "pleaded",
    "testified",
    "ruled",
    "wrote",
    "texted",
    "messaged",
    "explained",
    "described",
    "commented",
    "suggested",
    "pointed out",
    "put it",
    "puts it",
    "went on",
    "according to",
)
PARTICIPLES = (
    "saying",
    "adding",
    "asking",
    "noting",
    "writing",
    "telling",
    "declaring",
    "explaining",
    "arguing",
    "insisting",
    "warning",
    "stating",
    "posting",
    "tweeting",
    "stressing",
    "calling it",
    "replying",
    "responding",
    "quipping",
)
_CUE_ALT = "|".join(
    sorted({re.escape(c).replace(r"\ ", r"\s+") for c in CUE_VERBS}, key=len, reverse=True)
)
_PART_ALT = "|".join(
    sorted({re.escape(c).replace(r"\ ", r"\s+") for c in PARTICIPLES}, key=len, reverse=True)
)
_ADV = r"(?:(?:also|later|then|again|simply|flatly|\w+ly)\s+)?"

# 1. after the closing mark
_AFTER_SPK_CUE = re.compile(
    rf"^[\s,.!?;:—–-]*(?P<spk>[^\"“”\n.!?;:]{{1,90}}?)\s+{_ADV}(?P<cue>{_CUE_ALT})\b",
    re.IGNORECASE,
)
_AFTER_CUE_SPK = re.compile(
    rf"^[\s,—–-]*(?P<cue>{_CUE_ALT})\s+(?P<spk>[^\"“”\n,.!?;:()]{{1,80}}?)"
    r"(?=\s*(?:[,.;:!?()\"“”\n]|$)|\s+(?:in|on|at|during|after|before|when|while|of|to|"
    r"who|which|as|adding|told|last|this|yesterday|today|on)\b)",
    re.IGNORECASE,
)
# "... — that was the message from Governor Tom Smith"
_AFTER_MESSAGE = re.compile(
    r"^[\s,.!?;:—–-]*(?:that|this|these|those|such)\s+(?:was|were|is|are)\s+"
    r"(?P<cue>(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:message|words|verdict|warning|view|response|"
    r"reaction|assessment|argument|promise|pledge|plea)\s+(?:from|of))\s+"
    r"(?P<spk>[^\"“”\n,.!?;:()]{1,80}?)(?=\s*(?:[,.;:!?()\"“”\n]|$)|\s+(?:on|in|at|during|"
    r"after|before|when|while|who|which|as|last|this|yesterday|today)\b)",
    re.IGNORECASE,
)
# 2. before the opening mark: the last cue of the sentence, a short tail after it
_CUE_ANY = re.compile(rf"\b(?P<cue>{_CUE_ALT}|{_PART_ALT})\b", re.IGNORECASE)
_PARTICIPLE = re.compile(rf"^(?:{_PART_ALT})$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"(?:[;]|,?\s+\b(?:but|while|whereas|although|though|yet)\b|,\s+and\b|^)\s*",
    re.IGNORECASE,
)

PRONOUNS_F = frozenset({"she", "her"})
PRONOUNS_M = frozenset({"he", "him"})
_HONORIFIC_M = re.compile(r"\b(?:Mr|Mister|Sir|Lord)\.?\s+$")
_HONORIFIC_F = re.compile(r"\b(?:Mrs|Ms|Miss|Madam|Mme|Dame|Lady)\.?\s+$")
_ROLE_F = (
    "spokeswoman|chairwoman|congresswoman|businesswoman|sportswoman|councilwoman|"
    "actress|mother|wife|daughter|sister|grandmother|queen|princess|widow|girlfriend|"
    "niece|aunt|woman|girl|lady|policewoman|waitress|duchess|baroness|heiress"
)
_ROLE_M = (
    "spokesman|chairman|congressman|businessman|sportsman|councilman|actor|father|"
    "husband|son|brother|grandfather|king|prince|widower|boyfriend|nephew|uncle|man|boy|"
    "policeman|waiter|duke|baron|heir"
)
_ROLE_BEFORE = re.compile(rf"\b(?:(?P<f>{_ROLE_F})|(?P<m>{_ROLE_M}))\s+$", re.I)
_ROLE_AFTER = re.compile(
    rf"^\s*,\s*(?:[\w’'.-]+\s+){{0,5}}?(?:(?P<f>{_ROLE_F})|(?P<m>{_ROLE_M}))\b", re.I
)
_PREP_BEFORE = re.compile(
    r"\b(?:about|of|with|for|against|by|to|from|on|at|after|than|like|as|into|over|"
    r"under|toward|towards|between|among|met|meeting|called|told|asked|urged)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_LEAD_JUNK = re.compile(
    r"^(?:(?:and|but|while|as|so|then|when|or|even|though|however|meanwhile|"
    r"instead|later|earlier|also)\b[\s,]*)+",
    re.IGNORECASE,
)
_DETERMINER = re.compile(
    r"^(?:a|an|the|one|another|yet another|some|several|two|three|many|other|one of|"
    r"his|her|their|its|this|that|a third|others)\b",
    re.IGNORECASE,
)
_BARE_GROUP = re.compile(
    r"^(?P<det>one|another|yet another|a third|a second|others)"
    r"(?:\s+(?:individual|person|user|people))?$",
    re.IGNORECASE,
)
_AMONG = re.compile(r"\bamong\s+(?:the\s+)?(?P<noun>(?:[\w-]+\s+)?[\w-]+?)s\b", re.I)
_ABBR_DOT = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|St|Jr|Sr|Prof|Rev|Sgt|"
    r"Capt|Adm|Mt)\.|\b(?:[A-Z]\.){2,}"
)
_MAX_LOOK = 320
_RELATIVE_CLAUSE = re.compile(r",\s*(?:who|whose|which|where)\b[^,]*(?:,|$)", re.IGNORECASE)
_SUBJ_PRONOUN_RE = re.compile(r"\b(he|she|his|himself|herself)\b", re.IGNORECASE)
_OBJECT_PRONOUN = re.compile(
    r"\bhim\b|\bher\b(?=\s+(?:that|to|for|and|about|on|in|at|with|from|as|of|by|into|over|"
    r"again|back)\b|\s*[,.;!?])",
    re.IGNORECASE,
)
# A leading adverbial clause before the subject: "Asked about X, she ...".
_LEAD_ADVERBIAL = re.compile(
    r"\s*(?:(?:Asked|Speaking|Giving|Writing|Responding|Addressing|Talking|Pressed|"
    r"In|At|On|After|Before|When|While|As|Despite|Following|According|Earlier|Later|"
    r"Meanwhile|Instead|Still|However|Since|Until|During|Under|With|Without|For|"
    r"Even\s+as|Even\s+though|Even\s+if|Although|Though|Because|If|Once|Whereas|"
    r"Whether|Unlike|Like|Amid|Among|Over|By)\b"
    r"[^,.;“”\"]{0,120},\s*|(?:But|And|Yet|So|Then)\s+)",
)
# A capitalized name opening the clause that NER missed: "Marine Le Pen, whose ...".
_NAME_SUBJECT = re.compile(
    r"(?P<name>[A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|de|da|van|von|le|la)){0,3})"
    r"(?=,\s*(?:\d+|who|whose)\b|\s+(?:[a-z]+ed|said|says|told|was|is|has|had|will|would|"
    r"met|spoke|went|took|made|gave|did|does|wrote|thinks|thought|knew|knows|felt)\b)"
)
#: Capitalized words that open a clause without being a name.
_CAP_STOP = frozenset(
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
        "Officials",
        "Critics",
        "Analysts",
        "Lawyers",
        "Police",
        "Prosecutors",
        "Democrats",
        "Republicans",
        "Investors",
        "Shares",
        "Sales",
        "Prices",
    ]
)
_GROUP_WORD = re.compile(
    r"\b(?:cartel|gang|group|party|organi[sz]ation|union|company|bank|council|committee|"
    r"department|ministry|agency|team|club|court|university|inc|corp|ltd)\b",
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
        "group",
        "manufacturer",
        "exchange",
        "regulator",
        "committee",
        "campaign",
        "embassy",
    ]
)


@dataclass
class _Cand:
    """An antecedent candidate: an entity mention, an untagged name, or a pronoun."""

    canonical: str
    display: str
    mention: Mention | None
    pronoun: bool = False


@dataclass
class Attribution:
    """A speaker and its cue (``speaker`` may be a description or a pronoun)."""

    speaker: str | None
    canonical: str | None
    cue: str | None
    pronoun: bool = False


def _looks_like_personal_name(canonical: str) -> bool:
    """2-3 capitalized words, no group word, not an acronym: NER's ORG may be a person."""
    words = canonical.split()
    return (
        1 <= len(words) <= 3
        and all(w[:1].isupper() and not w.isupper() for w in words)
        and not _GROUP_WORD.search(canonical)
    )


def _mask_abbrev(window: str) -> str:
    """``Mr. Smith`` -> ``Mr· Smith`` so that a dot means a sentence end (same length)."""
    return _ABBR_DOT.sub(lambda m: m.group(0).replace(".", "·"), window)


class Attributor:
    """Attribution for all quotes of one story."""

    def __init__(
        self, text: str, seg: Segments, index: EntityIndex, spans: list[QuoteSpan]
    ) -> None:
        self.text = text
        self.seg = seg
        self.index = index
        self.spans = spans
        self._q_starts = [q.open_mark for q in spans]
        self.mentions = [m for m in index.mentions if not self._inside_quote(m.start)]
        self._m_starts = [m.start for m in self.mentions]
        self.persons = [m for m in self.mentions if m.label == "PERSON"]
        self._p_starts = [m.start for m in self.persons]
        self.gender = self._infer_genders()
        #: canonicals a he/she resolved to although NER labeled them otherwise
        self.promoted: set[str] = set()
        self._done: dict[int, Attribution | None] = {}

    # --- helpers --------------------------------------------------------------------

    def _inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self._q_starts, pos) - 1
        return i >= 0 and self.spans[i].open_mark < pos < self.spans[i].close_mark

    def _mentions_in(self, start: int, end: int) -> list[Mention]:
        i = bisect.bisect_left(self._m_starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                out.append(self.mentions[i])
            i += 1
            if len(out) > 40:
                break
        return out

    def _persons_between(self, start: int, end: int) -> set[str]:
        i = bisect.bisect_left(self._p_starts, start)
        out = set()
        while i < len(self.persons) and self.persons[i].start < end and len(out) < 5:
            out.add(self.persons[i].canonical)
            i += 1
        return out

    def _infer_genders(self) -> dict[str, str]:
        """Gender per canonical from honorifics, role nouns and following subject pronouns."""
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        text = self.text
        for m in self.persons:
            before = text[max(0, m.start - 40) : m.start]
            after = text[m.end : m.end + 60]
            if _HONORIFIC_M.search(before):
                votes[m.canonical]["m"] += 5
            elif _HONORIFIC_F.search(before):
                votes[m.canonical]["f"] += 5
            for rx in (_ROLE_BEFORE.search(before), _ROLE_AFTER.match(after)):
                if rx:
                    votes[m.canonical]["f" if rx.group("f") else "m"] += 3
        if self.persons:
            # "he/she/his/himself/herself" (not "her": object or possessive, ambiguous)
            # refer to the only person of the clause so far, or of the sentence before.
            for n, pm in enumerate(_SUBJ_PRONOUN_RE.finditer(text)):
                if n > 5_000:
                    break
                pos = pm.start()
                if self._inside_quote(pos):
                    continue
                s0 = self.seg.sentence_start(pos)
                cands = self._persons_between(s0, pos)
                if not cands and s0 > 0:
                    cands = self._persons_between(self.seg.sentence_start(s0 - 1), s0)
                if len(cands) == 1:
                    g = "f" if pm.group(1).lower() in {"she", "herself"} else "m"
                    votes[next(iter(cands))][g] += 1
        return {
            c: v.most_common(1)[0][0]
            for c, v in votes.items()
            if len(v) == 1 or v.most_common(2)[0][1] > v.most_common(2)[1][1]
        }

    def _sentence_candidates(self, s: int, limit: int) -> tuple[list[_Cand], bool]:
        """Antecedent candidates of one sentence (subject first), and whether the
        sentence has an object pronoun ("put it to her") that its subject cannot be."""
        text = self.text
        region = _mask_abbrev(text[s:limit])
        lead = _LEAD_ADVERBIAL.match(region)
        main = s + (lead.end() if lead else 0)
        cands: list[_Cand] = []
        subject: _Cand | None = None
        first_pron = None
        for pm in _SUBJ_PRONOUN_RE.finditer(text, main, limit):
            if pm.group(1).lower() in {"he", "she"} and not self._inside_quote(pm.start()):
                first_pron = pm
                break
        ms = [m for m in self._mentions_in(main, limit) if not m.possessive]
        sm = _NAME_SUBJECT.match(region, main - s)
        if (
            sm
            and sm.group("name").split()[0] not in _CAP_STOP
            and not any(m.start < s + sm.end() and s + sm.start() < m.end for m in ms)
        ):
            subject = self._untagged_name(sm.group("name"))
        for m in ms if subject is None else ():
            if m.start - main > 60 or (first_pron is not None and first_pron.start() < m.start):
                break
            if _PREP_BEFORE.search(text[max(0, m.start - 25) : m.start]):
                continue
            if m.label in {"GPE", "NORP", "LOC"}:
                continue  # "Mexican counterpart X", "U.S. officials": a modifier
            if m.label == "PERSON" or (
                m.label in {"ORG", "PRODUCT", "WORK_OF_ART", "FAC"}
                and _looks_like_personal_name(m.canonical)
                and not re.search(r"\b(?:it|its|they|their)\b", text[m.end : limit])
            ):
                subject = _Cand(m.canonical, self.index.display.get(m.canonical, m.text), m)
            break
        if subject is None and first_pron is not None and first_pron.start() - main < 40:
            subject = _Cand("", first_pron.group(1).lower(), None, pronoun=True)
        if subject is not None:
            cands.append(subject)
        for m in reversed(ms):
            if m.label == "PERSON" and (subject is None or m is not subject.mention):
                cands.append(_Cand(m.canonical, self.index.display.get(m.canonical, m.text), m))
        bound = bool(_OBJECT_PRONOUN.search(text, main, limit))
        return cands, bound

    def _untagged_name(self, name: str) -> _Cand:
        """A name NER missed: a surname/first name of a person named in full, else as is."""
        words = name.split()
        folded = {fold_accents(w).casefold() for w in words}
        if len(words) <= 2:
            for canon, display in self.index.display.items():
                parts = canon.split()
                if (
                    self.index.label.get(canon) == "PERSON"
                    and len(parts) > len(words)
                    and folded <= {p.casefold() for p in parts}
                ):
                    return _Cand(canon, display, None)
        return _Cand("", name, None)

    def resolve_pronoun(self, pronoun: str, pos: int) -> _Cand | None:
        """Walk back sentence by sentence: each sentence's subject first, then its other
        persons nearest first; skip known opposite gender; a same-gender pronoun subject
        chains to the sentence before; an object pronoun of that gender ("put it to
        her") rules out its own sentence's subject. Bounded: 8 sentences."""
        low = pronoun.lower()
        want = "f" if low in PRONOUNS_F else "m" if low in PRONOUNS_M else None
        s = self.seg.sentence_start(pos)
        limit = pos
        fallback: _Cand | None = None
        for _ in range(8):
            cands, bound = self._sentence_candidates(s, limit)
            bound = bound and want is not None and self._object_gender(s, limit) == want
            for k, c in enumerate(cands):
                if c.pronoun:
                    if want is None or c.display in (PRONOUNS_F if want == "f" else PRONOUNS_M):
                        break  # chain: same referent as that pronoun, look further back
                    continue
                if k == 0 and bound:
                    continue
                g = self.gender.get(c.canonical)
                if want is None or g == want:
                    return c
                if g is None:
                    if k == 0 or (c.mention is not None and c.mention.label == "PERSON"):
                        return c
                    fallback = fallback or c
            if s == 0:
                break
            limit = s
            s = self.seg.sentence_start(s - 1)
        return fallback

    def _object_gender(self, s: int, limit: int) -> str | None:
        m = _OBJECT_PRONOUN.search(self.text, s, limit)
        if not m:
            return None
        return "m" if m.group(0).lower() == "him" else "f"

    def _resolve_definite(self, noun: str, pos: int) -> Attribution | None:
        """``the judge`` -> the person titled/described so; ``the aide`` -> ``one
        senior Republican aide``; ``the club`` -> nearest organization subject;
        ``the Italian`` -> like a pronoun."""
        text = self.text
        floor = max(0, pos - 3000)
        if noun[:1].isupper():
            c = self.resolve_pronoun("they-neutral", pos)
            if c is not None and (c.mention is None or c.mention.label == "PERSON"):
                return Attribution(c.display, c.canonical or None, None)
            return None
        low = noun.lower()
        if low in ORG_NOUNS or low.endswith("maker"):
            i = bisect.bisect_left(self._m_starts, pos) - 1
            while i >= 0 and self.mentions[i].start >= floor:
                m = self.mentions[i]
                if m.label == "ORG":
                    return Attribution(
                        self.index.display.get(m.canonical, m.text), m.canonical, None
                    )
                i -= 1
            return None
        role = re.compile(rf"\b{re.escape(low)}\b", re.IGNORECASE)
        i = bisect.bisect_left(self._p_starts, pos) - 1
        while i >= 0 and self.persons[i].start >= floor:
            m = self.persons[i]
            before = text[max(0, m.start - 30) : m.start]
            after = text[m.end : m.end + 60].split(".")[0]
            if role.search(before) or (after.lstrip().startswith(",") and role.search(after)):
                return Attribution(self.index.display.get(m.canonical, m.text), m.canonical, None)
            i -= 1
        last = None
        for dm in re.finditer(
            rf"\b(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?{re.escape(low)}\b",
            text[floor:pos],
            re.IGNORECASE,
        ):
            last = dm
        if last is not None:
            return Attribution(last.group(0), None, None)
        return None

    # --- speaker of a chunk of text -------------------------------------------------

    def _speaker_of_chunk(self, start: int, end: int, cue: str | None) -> Attribution | None:
        text = self.text
        raw = text[start:end]
        lead = _LEAD_JUNK.match(raw.strip(" ,—–-"))
        chunk = raw.strip(" ,—–-\n")
        if lead:
            chunk = chunk[lead.end() :].strip(" ,")
        # "A senior official, who asked not to be named," -> "A senior official"
        chunk = _RELATIVE_CLAUSE.sub("", chunk).strip(" ,")
        if not chunk:
            return None
        low = chunk.lower()
        if low in {"he", "she"}:
            c = self.resolve_pronoun(low, start)
            if c is None:
                return Attribution(None, None, cue, pronoun=True)
            if c.mention is not None and c.mention.label != "PERSON":
                self.promoted.add(c.canonical)
            return Attribution(c.display, c.canonical or None, cue, pronoun=True)
        if low in {"they", "we", "i", "it", "you"}:
            return None
        ms = self._mentions_in(start, end)
        persons = [
            m
            for m in ms
            if m.label == "PERSON"
            and not m.possessive
            and not _PREP_BEFORE.search(text[max(0, m.start - 25) : m.start])
        ]
        if persons:
            m = persons[0]
            return Attribution(self.index.display.get(m.canonical, m.text), m.canonical, cue)
        words = chunk.split()
        definite = re.fullmatch(r"the\s+([\w-]+)", chunk, re.IGNORECASE)
        if definite:
            att = self._resolve_definite(definite.group(1), start)
            if att is not None:
                att.cue = cue
                return att
        orgs = [m for m in ms if m.label in {"ORG", "GPE", "NORP"} and not m.possessive]
        stripped = re.sub(r"^(?:the|a|an)\s+", "", chunk, flags=re.I)
        for m in orgs:
            if stripped == text[m.start : m.end] or chunk == text[m.start : m.end]:
                return Attribution(self.index.display.get(m.canonical, m.text), m.canonical, cue)
        if len(words) > 9 or not words:
            return None
        bare = _BARE_GROUP.match(chunk)
        if bare and not re.search(r"\b(?:individual|person|user|people)$", chunk, re.I):
            group = None
            for gm in _AMONG.finditer(text, max(0, start - 900), start):
                group = gm.group("noun")
            if group:
                return Attribution(f"{bare.group('det').lower()} {group}", None, cue)
        if _DETERMINER.match(chunk) or chunk[:1].islower():
            return Attribution(chunk, None, cue)
        if len(words) <= 4 and chunk[:1].isupper() and not ms:
            # a name NER missed: a surname of a person named in full earlier, else as is
            last = fold_accents(words[-1]).casefold()
            for canon, display in self.index.display.items():
                if (
                    self.index.label.get(canon) == "PERSON"
                    and len(canon.split()) > len(words)
                    and canon.split()[-1].casefold() == last
                ):
                    return Attribution(display, canon, cue)
            return Attribution(chunk, None, cue)
        return None

    # --- the four attempts ----------------------------------------------------------

    def _after(self, q: QuoteSpan, limit: int) -> Attribution | None:
        end = min(limit, q.close_mark + 1 + _MAX_LOOK)
        window = _mask_abbrev(self.text[q.close_mark + 1 : end])
        base = q.close_mark + 1
        m = _AFTER_MESSAGE.match(window)
        if m:
            att = self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), _norm_cue(m.group("cue"))
            )
            if att:
                return att
        m = _AFTER_CUE_SPK.match(window)
        if m:
            att = self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), _norm_cue(m.group("cue"))
            )
            if att:
                return att
        m = _AFTER_SPK_CUE.match(window)
        if m:
            return self._speaker_of_chunk(
                base + m.start("spk"), base + m.end("spk"), _norm_cue(m.group("cue"))
            )
        return None

    def _before(self, q: QuoteSpan, floor: int) -> Attribution | None:
        start = max(floor, q.open_mark - _MAX_LOOK)
        window = _mask_abbrev(self.text[start : q.open_mark])
        cues = list(_CUE_ANY.finditer(window))
        if not cues:
            if window.rstrip().endswith(":"):
                return self._speaker_of_chunk(start, q.open_mark, None)
            return None
        cm = cues[-1]
        tail = window[cm.end() :]
        if len(tail) > 70 or re.search(r"[.!?]\s", tail):
            return None
        cue = _norm_cue(cm.group("cue"))
        head = window[: cm.start()]
        if _PARTICIPLE.match(cm.group("cue")):
            with_m = re.search(r"\bwith\s+(?P<spk>(?:[\w-]+\s+){0,3}?[\w-]+)\s*$", head)
            if with_m:
                att = self._speaker_of_chunk(
                    start + with_m.start("spk"), start + with_m.end("spk"), cue
                )
                if att:
                    return att
            # the subject of the main clause: the start of the sentence
            subj = re.match(
                r"^\s*(?P<spk>(?:[^\s,]+\s+){0,5}?[^\s,]+?)\s+(?:\w+ed|has|had|"
                r"was|is|did|would|will|could)\b",
                head,
            )
            if subj:
                return self._speaker_of_chunk(
                    start + subj.start("spk"), start + subj.end("spk"), cue
                )
            return None
        breaks = list(_CLAUSE_BREAK.finditer(head))
        clause_start = breaks[-1].end() if breaks else 0
        att = self._speaker_of_chunk(start + clause_start, start + cm.start(), cue)
        if att is None and clause_start:
            att = self._speaker_of_chunk(start, start + cm.start(), cue)
        return att

    def _sentence_before(self, q: QuoteSpan) -> Attribution | None:
        s0 = self.seg.sentence_start(q.open_mark)
        if s0 == 0:
            return None
        p0 = self.seg.sentence_start(s0 - 1)
        if self._inside_quote(p0) or any(ch in self.text[p0:s0] for ch in '"“”'):
            return None
        sentence = _mask_abbrev(self.text[p0:s0])
        cm = _CUE_ANY.search(sentence)
        if not cm or _PARTICIPLE.match(cm.group("cue")):
            return None
        head = sentence[: cm.start()]
        breaks = list(_CLAUSE_BREAK.finditer(head))
        cs = breaks[-1].end() if breaks else 0
        return self._speaker_of_chunk(p0 + cs, p0 + cm.start(), _norm_cue(cm.group("cue")))

    def attribute(self) -> list[Attribution | None]:
        """One attribution (or None) per quote span, in order."""
        out: list[Attribution | None] = []
        n = len(self.spans)
        paras = self.seg.paragraphs or [(0, len(self.text))]
        for k, q in enumerate(self.spans):
            if q.kind != "quote":
                # scare quotes, titles, nicknames, partial phrases: never attributed
                self._done[k] = None
                out.append(None)
                continue
            para = self.seg.paragraph_of(q.open_mark)
            p_start = paras[para][0]
            p_end = paras[self.seg.paragraph_of(q.close_mark)][1]
            nxt = self.spans[k + 1].open_mark if k + 1 < n else len(self.text)
            prv = self.spans[k - 1].close_mark + 1 if k > 0 else 0
            sent_start = self.seg.sentence_start(q.open_mark)
            # A quote that ends its sentence ("... done.") is introduced before it more
            # often than attributed after it; one that ends with a comma is the reverse.
            before_first = q.text.rstrip()[-1:] in ".!?…"
            att = None
            for step in ("before", "after") if before_first else ("after", "before"):
                if step == "after":
                    att = self._after(q, min(nxt, p_end)) or att
                else:
                    att = self._before(q, max(prv, p_start, sent_start)) or att
                if att is not None and att.speaker is not None:
                    break
            if (att is None or att.speaker is None) and k > 0:
                att = self._inherit(k, para, p_start) or att
            if att is None or att.speaker is None:
                att = self._sentence_before(q) or att
            self._done[k] = att
            out.append(att)
        return out

    def _inherit(self, k: int, para: int, p_start: int) -> Attribution | None:
        """Split quotes and quote-only paragraphs continue the previous quote's speaker."""
        q, p = self.spans[k], self.spans[k - 1]
        prev_att = self._done.get(k - 1)
        if prev_att is None and k > 1 and p.kind != "quote":  # skip one fragment between
            p, prev_att = self.spans[k - 2], self._done.get(k - 2)
        if prev_att is None or prev_att.speaker is None:
            return None
        same_para = self.seg.paragraph_of(p.open_mark) == para
        between = self.text[p.close_mark + 1 : q.open_mark]
        if same_para:
            # only the previous quote's attribution in between, no new named subject
            if (
                len(between) > 200
                or len(self._persons_between(p.close_mark, q.open_mark) - {prev_att.canonical}) > 0
            ):
                return None
            return Attribution(prev_att.speaker, prev_att.canonical, prev_att.cue)
        if self.seg.paragraph_of(p.open_mark) == para - 1 and q.open_mark == p_start:
            return Attribution(prev_att.speaker, prev_att.canonical, prev_att.cue)
        return None


def _norm_cue(cue: str) -> str:
    return re.sub(r"\s+", " ", cue.lower())


def attribute_quotes(
    text: str, seg: Segments, index: EntityIndex, spans: list[QuoteSpan]
) -> list[Quote]:
    """``Quote`` records for the spans: speakers for full quotes and for fragments."""
    attributor = Attributor(text, seg, index, spans)
    results = attributor.attribute()
    # A he/she antecedent is a person, whatever NER said about it.
    for canon in attributor.promoted:
        index.label[canon] = "PERSON"
        for m in index.mentions:
            if m.canonical == canon:
                m.label = "PERSON"
    return [
        Quote(
            text=q.text,
            speaker=a.speaker if a else None,
            speaker_canonical=a.canonical if a else None,
            cue=a.cue if a else None,
            start=q.start,
            end=q.end,
            kind=q.kind,  # type: ignore[arg-type]
        )
        for q, a in zip(spans, results, strict=True)
    ]
