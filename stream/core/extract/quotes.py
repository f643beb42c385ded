"""Finding direct quotations: pairing double quote marks and telling quotes from fragments.

Linear in the body: one pass over the quote marks, paragraph by paragraph. Quote marks
are straight (``"``) or curly (``“ ”``; also ``„ ‟ ＂``). Curly marks say which side
they are; a straight mark is an opener when it follows a space/bracket/dash/line start
and precedes a non-space, else a closer.

* A paragraph that ends inside an open quote and a next paragraph that starts with an
  opener is the wire convention for a multi-paragraph quote: one quote, paragraphs
  joined with a blank line, the reopening mark removed from ``text``.
* Two straight apostrophes ``''`` (ASCII-fied text, the NYT archive) are a double mark:
  ``quote_view`` rewrites them to one ``"`` plus a space, keeping every offset.
* An opener with no closer in its paragraph (and no continuation) is dropped: guessing
  where it ends would present a guess as someone's words.
* ``kind="partial"``: 1-3 words, scare quotes/partial quotes woven into the writer's
  own sentence (lowercase start with no speech cue or colon right before it), and
  Title Case names of works, and any title a "titled"/"a report called" announces.
  ``full`` is a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stream.core.extract.segment import Segments

OPENERS = frozenset("“„‟〝")
CLOSERS = frozenset("”〞")
STRAIGHT = frozenset('"＂')
ALL_MARKS = OPENERS | CLOSERS | STRAIGHT
_MARK_RE = re.compile("[{}]".format(re.escape("".join(sorted(ALL_MARKS)))))

#: Bounds on work per story (pathological input: 10,000 quote marks).
MAX_QUOTES = 2_000
MAX_QUOTE_CHARS = 20_000
MAX_PARAGRAPHS_PER_QUOTE = 12

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_INTRO_CUE = re.compile(
    r"(?:\b(?:said|says|say|saying|told|tells|telling|stated|states|added|adding|asked|"
    r"asking|wrote|writes|writing|noted|noting|posted|tweeted|declared|explained|"
    r"insisted|argued|warned|replied|responded|continued|concluded|announced|"
    r"reads?|put it|puts it|according to|quoted as saying)"
    r"(?:(?:\s+[\w’'-]+){0,4}?\s*(?:\bthat|:|,))?|:)\s*$",
    re.IGNORECASE,
)

#: A title announced before its marks: after "titled", "entitled", "headlined",
#: "captioned", or a thing introduced by an indefinite article and "called", "named",
#: "dubbed", "branded" or "labeled" ("a report called", "a program branded"). The quoted
#: words name a thing; no one says them. ("the mayor called" is left out: it may be the
#: mayor calling for something.) Searched on the last ``_TITLE_REACH`` characters before the mark.
_NOT_DETERMINER = (
    r"(?!(?:the|his|her|its|their|our|my|your|this|that|these|those|he|she|they|we|i|it|"
    r"you)\b)"
)
#: A conjunction may join two modifiers ("a bed and breakfast named") but is no noun:
#: "by a wide margin and called" is a second verb.
_NOT_CONJUNCTION = r"(?!(?:and|or|but)\b)"
TITLE_INTRO = re.compile(
    r"(?:\b(?:titled|entitled|headlined|captioned)|\b(?:a|an)\s+(?:{_MODIFIER}\s+){{0,2}}?"
    r"{_NOUN}\s+(?:called|named|dubbed|branded|labell?ed))[ \t]*+,?[ \t]*+$".format(
        # the words between are the thing's own modifiers and its noun ("a new report
        # called", "a German news site called"): no determiner or pronoun, and the noun
        # no conjunction and lowercase: "a move the mayor called", "a plan Lund called"
        # is a relative clause with a subject of its own, who says it
        _MODIFIER=_NOT_DETERMINER + r"[\w’'-]++",
        _NOUN=_NOT_DETERMINER + _NOT_CONJUNCTION + r"(?-i:[a-z])[\w’'-]*+",
    ),
    re.IGNORECASE,
)
_TITLE_REACH = 80


def introduces_title(text: str, open_mark: int) -> bool:
    """The quote opening at ``open_mark`` is a title (``a story titled "..."``)."""
    return TITLE_INTRO.search(text, max(0, open_mark - _TITLE_REACH), open_mark) is not None


@dataclass
class QuoteSpan:
    """One quotation found in the body (offsets of the quoted text, marks excluded)."""

    start: int
    end: int
    text: str
    open_mark: int
    close_mark: int
    kind: str = "full"
    continuation: bool = False  # multi-paragraph: later paragraphs reopened
    #: a title announces it (``a post titled "..."``): set once by ``find_quote_spans``,
    #: read by ``classify`` and by the speaker rules
    title: bool = False


_DOUBLE_APOS = re.compile(r"'''|''")


def quote_view(text: str) -> str:
    """The text with ``''`` pairs turned into a straight double mark (same length).

    The mark takes the side a reader sees: an opener (space or line start before, a
    non-space after) becomes `` "``, anything else ``" ``.
    """
    if "''" not in text:
        return text

    def repl(m: re.Match[str]) -> str:
        i = m.start()
        prev = text[i - 1] if i > 0 else " "
        nxt = text[m.end()] if m.end() < len(text) else " "
        opener = (prev.isspace() or prev in "([{—–-/:;") and not nxt.isspace()
        if len(m.group(0)) == 3:
            # a single quote nested at the edge (``end,'''`` closes both, ``'''Hi``
            # opens both): the double mark is the outer one
            return " \"'" if opener else "'\" "
        return ' "' if opener else '" '

    return _DOUBLE_APOS.sub(repl, text)


def _is_opener(text: str, i: int) -> bool | None:
    ch = text[i]
    if ch in OPENERS:
        return True
    if ch in CLOSERS:
        return False
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev_open = prev.isspace() or prev in "([{—–-/:;\u00a0" or i == 0
    if prev_open and not nxt.isspace():
        return True
    if not prev.isspace():
        return False
    return None  # space on both sides: unusable


def _closes_nested(text: str, i: int) -> bool:
    """A spaced straight mark right after a closing single quote (``,' "``): the
    double quote around a nested single one closes, typeset with a space between."""
    j = i - 1
    while j > 0 and text[j] in " \u00a0" and i - j < 3:
        j -= 1
    return text[j] in "'’" and j > 0 and not text[j - 1].isspace()


def _typo_closer(text: str, i: int) -> bool:
    """An opening curly mark right after a comma or an end of sentence and before a space
    (``unusual,“ said``) closes: an opener is never followed by a space."""
    return text[i] in OPENERS and i > 0 and text[i - 1] in ",.!?" and text[i + 1 : i + 2] == " "


def _strip_inner(text: str) -> str:
    """Quoted text of a multi-paragraph quote: drop the reopening marks."""
    parts = re.split(r"\n\s*\n", text)
    cleaned = [p.lstrip().lstrip("".join(ALL_MARKS)).rstrip() for p in parts]
    return "\n\n".join(p for p in cleaned if p)


def find_quote_spans(text: str, seg: Segments) -> list[QuoteSpan]:
    """Pair the quote marks of each paragraph; merge reopened multi-paragraph quotes."""
    text = quote_view(text)
    spans: list[QuoteSpan] = []
    pending: tuple[int, int] | None = None  # (open mark, paragraphs spanned)
    for p_start, p_end in seg.paragraphs:
        if len(spans) >= MAX_QUOTES:
            break
        open_at: int | None = None
        first_mark = True
        if pending is not None:
            # A pending multi-paragraph quote continues only if this paragraph reopens.
            head = text[p_start : p_start + 2].lstrip()[:1]  # `` "`` from ``''``
            if head and head in OPENERS | STRAIGHT and pending[1] < MAX_PARAGRAPHS_PER_QUOTE:
                open_at = pending[0]
                pending = (pending[0], pending[1] + 1)
            else:
                pending = None
        for m in _MARK_RE.finditer(text, p_start, p_end):
            i = m.start()
            if open_at is not None and pending is not None and first_mark and i <= p_start + 1:
                first_mark = False
                continue  # the reopening mark of a continued quote
            first_mark = False
            side = _is_opener(text, i)
            if side is None and open_at is not None and _closes_nested(text, i):
                side = False  # 'she said, \'Well done,\' " said X': the outer quote ends
            elif side and open_at is not None and _typo_closer(text, i):
                side = False  # '“It's unusual,“ said X': an opening curly mark typed to close
            if side is None:
                continue
            if side:
                # Two openers in a row: the first was never closed; restart here.
                open_at = i
                pending = None
                continue
            if open_at is None:
                continue
            if i - open_at - 1 <= MAX_QUOTE_CHARS and i > open_at + 1:
                raw = text[open_at + 1 : i]
                lead = len(raw) - len(raw.lstrip())
                trail = len(raw) - len(raw.rstrip())
                spans.append(
                    QuoteSpan(
                        start=open_at + 1 + lead,
                        end=max(open_at + 1 + lead, i - trail),
                        text=_strip_inner(raw) if pending is not None else raw.strip(),
                        open_mark=open_at,
                        close_mark=i,
                        continuation=pending is not None,
                    )
                )
                if len(spans) >= MAX_QUOTES:
                    break
            open_at = None
            pending = None
        if open_at is not None:
            pending = (open_at, 1) if pending is None else pending
    for q in spans:
        q.title = introduces_title(text, q.open_mark)
        q.kind = classify(text, q)
    return spans


def reads_as_title(quoted: str) -> bool:
    """``"Green Streets"``, ``"The Iron Lady"``: the quoted words read as a name."""
    return _title_like(_WORD.findall(quoted), quoted)


def _title_like(words: list[str], quoted: str) -> bool:
    """``"The Art of the Deal"``: every content word capitalized, no sentence punctuation."""
    core = quoted.strip().rstrip(".,;:!?")
    if len(words) > 8 or re.search(r"[.!?,;:]", core):
        return False
    small = {"of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "with", "de"}
    content = [w for w in words if w.lower() not in small]
    return bool(content) and all(w[:1].isupper() for w in content)


def _opens_sentence(text: str, mark: int) -> bool:
    """The mark opens a sentence: at a line start, or after an end of sentence (also one
    inside a closing quote: ``... now?" "No!"``)."""
    before = text[max(0, mark - 4) : mark].rstrip(" \t\u00a0")
    if not before or before.endswith("\n"):
        return True
    if before[-1] in "\"”’'" and len(before) > 1:
        before = before[:-1]
    return before[-1] in ".!?:"


def classify(text: str, q: QuoteSpan) -> str:
    """``full`` or ``partial`` (see module docstring); ``q.title`` is already set."""
    quoted = q.text.strip()
    if q.title:
        return "partial"  # a story titled "...": the name of a work, not a statement
    words = _WORD.findall(quoted[:2000])
    if len(words) <= 3:
        # "“Denver,” he answered." is a (short) statement: it opens its sentence, starts
        # with a capital and ends with punctuation; "called it “rigged”" is a fragment.
        opens = _opens_sentence(text, q.open_mark)
        capital = quoted[:1].isupper()
        closes = quoted[-1:] in ",.!?…"
        return "full" if opens and capital and closes else "partial"
    if _title_like(words, quoted) and not (
        # a sentence of its own ("That's Smith and Jones.") is a statement, not a title
        _opens_sentence(text, q.open_mark) and quoted[-1:] in ".!?"
    ):
        return "partial"
    first = next((ch for ch in quoted if ch.isalnum()), "")
    lead = quoted.lstrip()[:1]
    if first.isupper() or first.isdigit() or lead in "…[(" or quoted.startswith("..."):
        return "full"
    before = text[max(0, q.open_mark - 80) : q.open_mark]
    if _INTRO_CUE.search(before):
        return "full"
    return "partial"
