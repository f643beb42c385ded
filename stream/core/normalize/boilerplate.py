"""Boilerplate recognized by what it is, not by any outlet's exact strings.

Kinds of chrome, each a small rule over one short unit:

* ``cta``: a short imperative call to action (sign up, tap, install, download, follow,
  subscribe...), either very short or naming an app, newsletter, inbox, account...
* ``nav``: navigation and section furniture (related links, comments, "continues below",
  advertisement, category and tag lines, edition pickers).
* ``legal``: copyright, terms and privacy lines, "originally appeared in" notes.
* ``credit``: photo captions and credits ("Credit: X/NYT", "(Getty Images/x)").

A ``tail`` marker (related links, comments, latest edition...) after the article has
started ends it: what follows is the outlet's page, not the story.

Rules look only at units of a few dozen words, so long paragraphs are never dropped and
the regexes only ever see short, bounded strings. Lines repeated across many stories of
one source are caught by ``SourceChrome``, an explicit object the caller owns.
"""

from __future__ import annotations

import re
from collections import OrderedDict

from stream.core.normalize.text import unit_key, word_count, word_set
from stream.core.normalize.tuning import DEFAULT_TUNING

# Verbs that open calls to action. The strong ones are rarely the first word of a news
# sentence, so with a chrome topic they mark a CTA at any length up to ``max_words``;
# the weak ones only count on a unit of at most five words ("Email us", "View gallery").
_STRONG_IMPERATIVES = word_set(
    "sign subscribe tap click download install read get follow share join watch listen "
    "register log login enable unlock claim bookmark upgrade donate scroll skip view keep"
)
_IMPERATIVES = _STRONG_IMPERATIVES | word_set(
    "email contact continue see visit send tell try start allow accept manage "
    "discover explore shop buy support become check learn find go open print save copy "
    "comment leave add enter create receive reuse"
)
_CHROME_TOPIC = re.compile(
    r"(?i:\b(?:apps?|newsletters?|inbox|subscri\w*|sign(?:ing)?[ -]?up|log ?in|account|"
    r"notifications?|alerts?|podcasts?|whatsapp|telegram|facebook|twitter|instagram|"
    r"linkedin|youtube|tiktok|home ?screen|navigation bar|browser|cookies?|comments?|"
    r"e-?mail|offers?|free trial|premium|e-?paper|digital (?:edition|newspaper)|click|tap|"
    r"download|ipfs|rss|follow us|share this|our (?:site|website|coverage|journalism)|"
    r"delivered|unlimited access|ad-?free|members?hip|paywall|following|latest news"
    r"|top headlines|breaking news|here|social media|share)\b)"
)
_SHORT_TOPIC = re.compile(r"(?i:\b(?:news|updates|stories|headlines|now|here|today|free)\b)")
_LEADING_MARK = re.compile(r"^(?:[-–—•·*>|]+\s*|\d{1,2}[.)]\s+)")

_NAV = re.compile(
    r"(?i)^(?:"
    r"read (?:these|this) next|read (?:more|next|also|on)\b.*|(?:also|further) read(?:ing)?\b.*"
    r"|related(?: \w+){0,2}|more (?:from|on|in|about|stories|news)\b.*|recommended\b.*"
    r"|most (?:popular|read|viewed|shared|watched)\b.*|trending\b.*|top stories|up next"
    r"|you (?:may|might) (?:also )?(?:like|be interested in|have missed)\b.*"
    r"|what to (?:read|watch) next|don't miss\b.*|editor'?s? picks?"
    r"|latest(?: news| stories| videos| articles| edition)?"
    r"|(?:today's |print |digital )?edition\b.*"
    r"|\(?\d+\)? comments?|comments?(?: \(\d+\))?|leave a (?:comment|reply)|show comments"
    r"|join the (?:conversation|discussion)|share(?: this)?(?: article| story| page)?(?: on \w+)?"
    r"|advertisement|advert|sponsored(?: content)?|ad|promoted|paid content"
    r"|(?:the )?(?:story|article) continues(?: below| after)?\b.*|continues? (?:reading|below)\b.*"
    r"|scroll (?:down )?to continue\b.*|skip to (?:main )?content|back to top|menu|close|search"
    r"|home|loading\W*|print|listen(?: to)?(?: this)? (?:article|story)\b.*"
    r"|\d+ min(?:ute)?s? read|photos?|videos?|gallery|image \d+ of \d+|\d+ of \d+"
    r"|(?:categor(?:y|ies)|tags?|topics?|filed under|sections?|keywords)\s*:.*"
    r"|(?:previous|next) (?:article|story|post)\b.*"
    r"|(?:related|read more|see also|also read|read also|more|watch|listen|recommended|go deeper"
    r"|editor's note|trending|latest|advertisement)\s*:.*"
    r"|source\s*:?\s+[A-Z][^.]{0,60}"  # press-release "SOURCE Acme Corp"
    r"|our (?:standards|policies|editorial (?:standards|policy)|ethics)\s*:.*"
    r"|explore more\b.*|more on (?:this|these) (?:story|stories|topics?)\b.*"
    r"|(?:media |press |investor )?contacts?\s*:.*|more info(?:rmation)?|sponsor(?:ed)? message"
    r")$"
)
_TAIL = re.compile(
    r"(?i)^(?:read (?:these|this) next|related(?: \w+){0,2}|more (?:from|on|stories|news)\b.*"
    r"|recommended\b.*|most (?:popular|read|viewed|shared|watched)\b.*|trending\b.*"
    r"|top stories|up next|you (?:may|might) (?:also )?(?:like|be interested in|have missed)\b.*"
    r"|what to (?:read|watch) next|latest(?: news| stories| videos| articles| edition)?"
    r"|\(?\d+\)? comments?|comments?(?: \(\d+\))?|leave a (?:comment|reply)|show comments"
    r"|join the (?:conversation|discussion)|(?:previous|next) (?:article|story|post)\b.*"
    r"|explore more\b.*|more on (?:this|these) (?:story|stories|topics?)\b.*"
    r"|about (?:the )?[\w.&'’ -]{2,60})$"  # a press release's "About Acme Corp" section
)
_LEGAL = re.compile(
    r"(?i:©|\(c\)\s*\d{4}|^copyright\b|all rights reserved"
    r"|may not be (?:re)?(?:published|produced|distributed|broadcast)"
    r"|\bby (?:continuing|clicking|signing up|subscribing|submitting)\b"
    r"|\b(?:article|story|piece|report|content) (?:was )?(?:originally|first) "
    r"(?:appeared|published|ran)|originally (?:published|appeared) (?:on|in|by|at)\b"
    r"|republished (?:with permission )?(?:from|under)|creative commons licen"
    r"|^distributed by\b|^this (?:story|article) (?:was )?(?:produced|provided|syndicated)\b"
    r"|^(?:--|—|-)?\s*with (?:additional )?(?:assistance|reporting) (?:from|by)\b)"
)
# Terms, privacy and cookie lines count only when they address the reader: a story about
# a company's privacy policy is news, "read our privacy policy" is chrome.
_LEGAL_WEAK = re.compile(
    r"(?i:terms (?:of (?:use|service)|and conditions|& conditions)|privacy (?:policy|notice)"
    r"|cookie (?:policy|settings|preferences))"
)
_READER = re.compile(r"(?i:\b(?:you|your|our|us)\b)")
# Footer link rows: "Terms and Privacy Policy", "Privacy Dashboard", "Cookie settings".
_LEGAL_SHORT = re.compile(r"(?i:\b(?:privacy|terms|cookies?|copyright|imprint|impressum)\b)")
_CONTACT = re.compile(r"\S@\S|(?<!\S)@\w{2,}|https?://|www\.")  # addresses, @handles, links
# Reuse terms addressed to the reader: "If you quote ... materials, hyperlinks ... mandatory"
_REUSE = re.compile(
    r"(?i:\b(?:materials?|content)\b.{0,120}\b(?:mandatory|required|prohibited|permission)\b)"
)
_CREDIT_TAIL = re.compile(
    r"(?:\b(?i:credit|photo(?:graph)?|picture|image|illustration|graphic)s?\s*(?i:credit)?\s*:"
    r"\s*[^.:]{1,80}"
    r"|\([^()]{0,80}\b(?i:getty images|shutterstock|istock|alamy|ap photo|afp|reuters|epa"
    r"|photo|image|pool|handout|file)\b[^()]{0,80}\)"
    r"|\b[A-Z][A-Za-z .'-]{1,60}/(?:AP|AFP|REUTERS|Reuters|NYT|EPA|Getty Images|GETTY|"
    r"Bloomberg|Shutterstock|iStock|Alamy|PA|Xinhua|Anadolu)\b[^.]{0,20}"
    r"|\b(?:REUTERS|AP Photo|AFP|EPA(?:-EFE)?|NYT|Getty Images)/[\w .'’-]{1,60}(?:/File Photo)?"
    r"|\bvia getty images\b.{0,20})\s*$"
)
# A line that is only a photo agency or library: the credit of the caption next to it.
_CREDIT_ALONE = re.compile(
    r"^(?i:(?:photo|image|picture)s?\s*:?\s*)?(?i:getty images|afp(?: via getty images)?|reuters"
    r"|ap(?: photo)?|epa(?:-efe)?|pa media|pa|shutterstock|alamy|istock|anadolu|xinhua"
    r"|bloomberg|handout|file photo|supplied|pool)(?:\s*/\s*[\w .'-]{1,40})?$"
)
_CREDIT_HEAD = re.compile(
    r"^(?i:(?:stock|file|handout|pool) (?:photo|image|picture)\b|(?:photo|image|picture)s? "
    r"(?:by|courtesy|credit)\b|pictured\s*:|(?:main|top|above|file|photo) image\s*:|"
    r"photo\s*:|caption\s*:)"
)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_BYLINE_AT_START = re.compile(r"^(?i:by)\s+\S")


def classify(unit: str, *, max_words: int = DEFAULT_TUNING.max_chrome_words) -> str | None:
    """The kind of chrome a unit is (``cta``, ``nav``, ``legal``, ``credit``) or None.

    ``credit_alone`` is a credit on a line of its own ("Getty Images"): the short line
    next to it is its caption.
    """
    words = word_count(unit)
    if words > max_words:
        return None
    # only short lines are counted: 64+ characters with two letters or fewer do not occur
    letters = sum(map(str.isalpha, unit)) if len(unit) < 64 else 3
    if letters <= 2:
        return "nav"  # "X", "|", "1/5": close buttons, separators, pagers
    bare = _LEADING_MARK.sub("", unit).strip()
    probe = bare.rstrip(".!:")
    if _NAV.match(probe):
        return "nav"
    if (
        _LEGAL.search(bare)
        or (_LEGAL_WEAK.search(bare) and _READER.search(bare))
        or (words <= 6 and not bare.endswith(".") and _LEGAL_SHORT.search(bare))
        or (_REUSE.search(bare) and _READER.search(bare))
    ):
        return "legal"
    if _CONTACT.search(bare) and (words <= 3 or _READER.search(bare)):
        return "cta"  # "Have a news tip? Email us at news@...", a bare address or link
    if _CREDIT_ALONE.match(probe):
        return "credit_alone"
    if _CREDIT_TAIL.search(bare) or _CREDIT_HEAD.match(bare):
        return "credit"
    first = bare.split(maxsplit=1)[0].casefold().rstrip(".,:!") if bare else ""
    if _BYLINE_AT_START.match(bare):
        return None
    # The topic is looked for after the verb: "Tap water is unsafe" and "Download speeds
    # rose" are news; "Tap to install our app" is not.
    rest = bare.split(maxsplit=1)[1] if " " in bare else ""
    topic = _CHROME_TOPIC.search(rest) is not None or _READER.search(rest) is not None
    short = word_count(bare) <= 5
    # A short line without a full stop is a button or a label ("Email Us", "Download IPFS");
    # with one it is a sentence unless it speaks of news, apps or the reader.
    button = short and not bare.endswith(".")
    if (
        (
            first in _STRONG_IMPERATIVES
            and (button or topic or (short and _SHORT_TOPIC.search(rest)))
        )
        or (first in _IMPERATIVES and button)
        or (first in _STRONG_IMPERATIVES and topic)
    ):
        return "cta"
    if words <= 15 and _SENTENCE_SPLIT.search(bare):
        # "Support local journalism. Subscribe today.": a promo of several short calls
        for sentence in _SENTENCE_SPLIT.split(bare)[1:]:
            head = sentence.split(maxsplit=1)[0].casefold().rstrip(".,:!") if sentence else ""
            if head in _STRONG_IMPERATIVES and word_count(sentence) <= 5:
                return "cta"
    return None


def is_tail_marker(unit: str) -> bool:
    """A heading after which the page holds related links, comments, editions..."""
    if word_count(unit) > 8:
        return False
    return _TAIL.match(_LEADING_MARK.sub("", unit).strip().rstrip(".!:")) is not None


def strip_credit(unit: str) -> str:
    """The caption text without its trailing credit (to find the caption repeated bare)."""
    return _CREDIT_TAIL.sub("", unit).strip()


class SourceChrome:
    """Remembers short lines per source; a line seen in many stories is chrome.

    Stateful by nature, so it is an explicit object the caller creates, owns and passes
    to ``normalize`` (one per worker, or one per partition); nothing global. Memory is
    bounded: at most ``max_sources`` sources and ``max_lines`` lines each, least recently
    seen dropped first.
    """

    def __init__(
        self,
        min_stories: int = 3,
        max_words: int = 25,
        max_sources: int = 1000,
        max_lines: int = 5000,
    ) -> None:
        self.min_stories = min_stories
        self.max_words = max_words
        self.max_sources = max_sources
        self.max_lines = max_lines
        self._seen: OrderedDict[str, OrderedDict[str, int]] = OrderedDict()

    def _lines(self, source: str) -> OrderedDict[str, int]:
        lines = self._seen.get(source)
        if lines is None:
            lines = self._seen[source] = OrderedDict()
            if len(self._seen) > self.max_sources:
                self._seen.popitem(last=False)
        else:
            self._seen.move_to_end(source)
        return lines

    def is_chrome(self, source: str, unit: str) -> bool:
        """Whether ``unit`` has been seen in ``min_stories`` earlier stories of ``source``."""
        lines = self._seen.get(source)
        if not lines or word_count(unit) > self.max_words:
            return False
        return lines.get(unit_key(unit), 0) >= self.min_stories

    def observe(self, source: str, units: list[str]) -> None:
        """Count the short lines of one story (each line once per story)."""
        lines = self._lines(source)
        for key in {unit_key(u) for u in units if word_count(u) <= self.max_words}:
            if not key:
                continue
            lines[key] = lines.get(key, 0) + 1
            lines.move_to_end(key)
            if len(lines) > self.max_lines:
                lines.popitem(last=False)
