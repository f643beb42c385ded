"""Who said it: attribution of each quotation, pronoun resolution, descriptions.

Everything here is a bounded look around each quote (a few hundred characters) plus
``bisect`` over the story's entity mentions, so the cost per quote is constant and a
story with 10,000 quote marks stays linear.

Order of attempts for one quote (the first that yields a speaker wins):

1. the text right after the closing mark: ``,” Attorney General Pam Bondi stated.``,
   ``," said Rubio``, ``,” she said`` (speaker-cue or cue-speaker);
2. the text right before the opening mark, in the same sentence:
   ``Anna Kelly, a White House spokesperson, said in an email that “``,
   ``Marco Rubio ... underscored the strategic shift: “``, ``with one asking “``;
3. the previous quote when this one continues it (split quote ``“A,” she said. “B.”``,
   or a quote-only paragraph after a quoted paragraph);
4. the sentence before (wire style: ``Mr Smith says the plan will fail. "It is ..."``).

A pronoun speaker (``she``/``he``) goes to the nearest PERSON mentioned before the quote
(outside quotation marks) whose gender is compatible; gender comes from honorifics
(Mr/Ms), gendered role nouns next to the name (spokeswoman, chairman) and from which
pronouns follow a sentence that mentions exactly one person. With two candidates, a
nearer person of known opposite gender is skipped; a known-compatible one is preferred
to a nearer unknown one. Unnamed speakers keep their description (``a White House rep``);
a bare ``one``/``another`` borrows the group named just before (``among X users`` ->
``one X user``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from schemas import Quote
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
# 2. before the opening mark: the last cue of the sentence, a short tail after it
_CUE_ANY = re.compile(rf"\b(?P<cue>{_CUE_ALT}|{_PART_ALT})\b", re.IGNORECASE)
_PARTICIPLE = re.compile(rf"^(?:{_PART_ALT})$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"(?:[;]|,?\s+\b(?:but|while|whereas|although|though|yet)\b|,\s+and\b|^)\s*",
    re.IGNORECASE,
)

PRONOUNS_F = frozenset({"she", "her"})
PRONOUNS_M = frozenset({"he", "him"})
_PRONOUN_RE = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
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


@dataclass
class Attribution:
    """A speaker and its cue (``speaker`` may be a description or a pronoun)."""

    speaker: str | None
    canonical: str | None
    cue: str | None
    pronoun: bool = False


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
            for n, pm in enumerate(_PRONOUN_RE.finditer(text)):
                if n > 5_000:
                    break
                pos = pm.start()
                if self._inside_quote(pos):
                    continue
                s0 = self.seg.sentence_start(pos)
                prev = self.seg.sentence_start(max(0, s0 - 1)) if s0 > 0 else 0
                cands = self._persons_between(prev, pos)
                if len(cands) == 1:
                    g = "f" if pm.group(1).lower() in {"she", "her", "hers", "herself"} else "m"
                    votes[next(iter(cands))][g] += 1
        return {
            c: v.most_common(1)[0][0]
            for c, v in votes.items()
            if len(v) == 1 or v.most_common(2)[0][1] > v.most_common(2)[1][1]
        }

    def resolve_pronoun(self, pronoun: str, pos: int) -> Mention | None:
        """Nearest compatible PERSON before ``pos`` (see module docstring)."""
        want = "f" if pronoun.lower() in PRONOUNS_F else "m"
        i = bisect.bisect_left(self._p_starts, pos) - 1
        para = self.seg.paragraph_of(pos)
        floor_para = max(0, para - 2)
        floor = self.seg.paragraphs[floor_para][0] if self.seg.paragraphs else 0
        unknown: Mention | None = None
        steps = 0
        while i >= 0 and steps < 60:
            m = self.persons[i]
            if m.start < floor:
                break
            g = self.gender.get(m.canonical)
            if g == want:
                return m
            if g is None and unknown is None:
                unknown = m
            i -= 1
            steps += 1
        if unknown is not None:
            return unknown
        # Nothing close: the most recent person of that gender anywhere before.
        while i >= 0 and steps < 200:
            m = self.persons[i]
            if self.gender.get(m.canonical) in (want, None):
                return m
            i -= 1
            steps += 1
        return None

    # --- speaker of a chunk of text -------------------------------------------------

    def _speaker_of_chunk(self, start: int, end: int, cue: str | None) -> Attribution | None:
        text = self.text
        raw = text[start:end]
        lead = _LEAD_JUNK.match(raw.strip(" ,—–-"))
        chunk = raw.strip(" ,—–-\n")
        if lead:
            chunk = chunk[lead.end() :].strip(" ,")
        if not chunk:
            return None
        low = chunk.lower()
        if low in {"he", "she"}:
            m = self.resolve_pronoun(low, start)
            if m is None:
                return Attribution(None, None, cue, pronoun=True)
            return Attribution(
                self.index.display.get(m.canonical, m.text), m.canonical, cue, pronoun=True
            )
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
            return Attribution(chunk, None, cue)  # unrecognized name: keep the words
        return None

    # --- the four attempts ----------------------------------------------------------

    def _after(self, q: QuoteSpan, limit: int) -> Attribution | None:
        end = min(limit, q.close_mark + 1 + _MAX_LOOK)
        window = _mask_abbrev(self.text[q.close_mark + 1 : end])
        base = q.close_mark + 1
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
        for k, q in enumerate(self.spans):
            para = self.seg.paragraph_of(q.open_mark)
            p_start, p_end = self.seg.paragraphs[para] if self.seg.paragraphs else (0, 0)
            nxt = self.spans[k + 1].open_mark if k + 1 < n else len(self.text)
            prv = self.spans[k - 1].close_mark + 1 if k > 0 else 0
            sent_start = self.seg.sentence_start(q.open_mark)
            att = self._after(q, min(nxt, p_end))
            if att is None or att.speaker is None:
                att = self._before(q, max(prv, p_start, sent_start)) or att
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
    results = Attributor(text, seg, index, spans).attribute()
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
