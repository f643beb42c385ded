"""Entity keys that agree across stories: a bounded alias memory learned from the stream.

Why here and not in the enrich stage: enrich is partitioned by story_id over N workers,
so a memory kept there would differ from worker to worker. The dedup stage is the one
place every story passes through in a single global order (one partition), so the
memory lives next to it: ``AliasMemory.hints`` is called once per published story, right
after its verdict, and the hints (``short form -> long form``) travel to enrich inside
``StoryToEnrich.aliases``. Offline (``wirestream process``) calls it at the same point
with a dict store, so offline and worker give the same keys.

What it learns, without NLP (dedup runs before spaCy), from cheap surface text:

* long forms: capitalized runs of 2+ words (titles and leading function words cut),
  indexed by their last word (``Wirt`` -> ``Dana Wirt``) and by their initials
  (``DEA`` -> ``Drug Enforcement Administration``);
* declared aliases: ``X, or Y`` / ``X (known as Y)`` / ``X (Y)``; the name the memory
  knew first keeps the key, so a key never changes once a name has one.

A short form resolves to the long form seen with it in the same story cluster (most
often, then most recently), else anywhere in the stream. A small documented table
maps country abbreviations (``US``, ``UK``...) that stories rarely spell out.

State: one small JSON record per key in ``store`` (a dict offline, a changelog-backed
faust Table in the worker), each with a sequence number; three LRUs bound the number
of long forms, clusters and per-story answers, rebuilt from the store after a restart.
A re-delivered story (same id, same text) gets the hints it got the first time,
so a re-emission is identical.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import OrderedDict
from collections.abc import Mapping, MutableMapping
from functools import lru_cache
from typing import Any

from stream.core.extract.canonical import CACHE_SIZE, canonical_form, strip_titles

#: Country abbreviations that name a country (general knowledge, not learned data):
#: news text uses them without ever spelling the country out.
COUNTRY_ABBREVIATIONS: dict[str, str] = {
    "us": "United States",
    "usa": "United States",
    "uk": "United Kingdom",
    "uae": "United Arab Emirates",
    "drc": "Democratic Republic of the Congo",
    "prc": "China",
    "dprk": "North Korea",
}

#: Bounds on what the memory keeps (LRU, by sequence number).
MAX_NAMES = 50_000  # short forms (surname / initials) with their long forms
MAX_CLUSTERS = 20_000  # clusters with the long forms seen in them
MAX_STORIES = 100_000  # per-story answers kept for re-deliveries
MAX_LONG_PER_NAME = 6  # long forms kept per short form
MAX_NAMES_PER_CLUSTER = 400  # names (long and short) kept per cluster
MAX_HINTS = 200  # hints sent with one story
MAX_SCAN_CHARS = 100_000  # text scanned per story
MIN_INITIALS = 3  # shortest learned initials (US, UK: the country table)

_JOIN = r"(?:de|del|de la|de los|de las|da|do|dos|das|van|von|der|den|bin|al|el|la|le|of|of the)"
_CAPWORD = r"[A-Z][\w’'.-]*[\w]|[A-Z]"
_RUN = re.compile(rf"(?:{_CAPWORD})(?:[ \t]+(?:{_JOIN}[ \t]+)?(?:{_CAPWORD}))*")
_POSSESSIVE_WORD = re.compile(r"[’']s?(?=\s|$)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")
#: Leading words that start a sentence, not a name ("In February", "But Wirt").
_LEAD_STOP = frozenset(
    """a an the and but or nor so yet for of in on at to by with from as into over after
    before since until while when where what which who whom whose why how this that these
    those there here it its he she his her they their we our you your i if then also both
    each all any some no not one many more most other such only even just still however
    meanwhile under during despite among amid against between through without within
    about across along around beyond toward towards upon because although though once now
    today yesterday tomorrow said says according per
    monday tuesday wednesday thursday friday saturday sunday""".split()  # noqa: SIM905
)
_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()  # noqa: SIM905
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())  # noqa: SIM905
#: A declared alias between two names: "X, or Y", "X (known as Y)", "X (Y)".
ALIAS_BETWEEN = re.compile(
    r"^\s*(?:,\s*or|\(\s*(?:(?:also\s+)?known\s+as|aka|a\.k\.a\.|or|called)?|"
    r",\s*(?:also\s+|better\s+|commonly\s+)?(?:called|known\s+as|dubbed|nicknamed|"
    r"referred\s+to\s+as|aka))\s*(?:the\s+)?$",
    re.IGNORECASE,
)
#: ``X, called Y`` with the verb alone can be the sentence's verb, not a naming: "De
#: Blasio, speaking on WOR710, called Trump a blowhard".
_BARE_NAMING_VERB = re.compile(r"^\s*,\s*(?:called|dubbed|nicknamed)\s*(?:the\s+)?$", re.I)
#: What ends an alias apposition: "the Islamic State, called ISIS, said", also after
#: a short phrase of who or where calls it so ("called NWA by residents,", "nicknamed
#: EMG in the trade,"; "called Hale by far the worst" is a verb and its object).
_APPOSITION_END = re.compile(
    r"(?:[ \t]++(?:by|in|among)(?!{time})(?:[ \t]++[\w’'-]++){{1,2}}+)?+"
    r"\s*(?:[,;:.)\]\u2013\u2014!?\"\u201d]|$)".format(
        # "called Hale in March," is a verb, its object and when: no one calls it so there
        time=r"[ \t]++(?:the[ \t]++)?(?i:morning|afternoon|evening|night|week|month|year|"
        r"spring|summer|autumn|fall|winter|\d|(?:jan|febr)uary|march|april|may|june|july|"
        r"august|september|october|november|december)"
    )
)
#: A first name inside an aside that a comma and a participle or preposition open
#: (``Ortiz, speaking on KXR990,``, ``Ortiz, at the Osaka Forum,``): the aside closes
#: before ", called", whose subject is the sentence's, not the name in the aside.
_ASIDE_OPEN = re.compile(
    r",[ \t]*+(?:[a-z]{2,20}+(?<=ing)|at|on|in|to|with|from|for|during|after|before|"
    r"according[ \t]++to)\b[^,;:.!?()\"“”\n]{0,60}+\Z"
)
_DEPARTMENT_OF = re.compile(r"^(Department|Ministry) of (?:the )?(\w+)$", re.IGNORECASE)


def naming_apposition(text: str, between: str, begin: int, stop: int) -> bool:
    """Whether ``between`` (an ``ALIAS_BETWEEN`` match) names the mention ending at
    ``stop`` rather than starting a clause of its own; the first name starts at ``begin``.

    A bare ``, called`` / ``, dubbed`` / ``, nicknamed`` declares an alias only when the
    second name closes the apposition; followed by more words ("called Trump a
    blowhard") the verb is the sentence's, and its object is someone else. Nor when the
    first name closes an aside (``Ortiz, speaking on KXR990, called Hale.``).
    """
    if not _BARE_NAMING_VERB.match(between):
        return True
    if _ASIDE_OPEN.search(text, max(0, begin - 60), begin):
        return False
    return bool(_APPOSITION_END.match(text, stop))


def fold(name: str) -> str:
    """Comparison form of a name (casefolded canonical, titles kept: ``Justice Department``)."""
    return canonical_form(name, strip_title=False).casefold()


def _clean_run(text: str) -> str:
    """A capitalized run as a name: leading function words and titles cut.

    ``President Dana Wirt`` -> ``Dana Wirt``; ``President Wirt`` -> ``Wirt`` (a
    short form); ``Justice Department`` keeps its first word only in the sense that
    the short form left (``Department``) is used for persons alone (see ``_hint_applies``).
    """
    words = text.split()
    while words and (words[0].casefold() in _LEAD_STOP or words[0].casefold() in _MONTHS):
        words.pop(0)
    while words and (words[-1].casefold() in _MONTHS or words[-1].casefold() in _WEEKDAYS):
        words.pop()
    return canonical_form(strip_titles(" ".join(words)), strip_title=False) if words else ""


def _split_possessives(run: str, start: int) -> list[tuple[int, str]]:
    """``Venezuela's Cartel de los Soles`` -> the owner and the name, as two runs."""
    out: list[tuple[int, str]] = []
    offset = 0
    for m in _POSSESSIVE_WORD.finditer(run):
        out.append((start + offset, run[offset : m.end()]))
        offset = m.end()
        while offset < len(run) and run[offset] in " \t":
            offset += 1
    if offset < len(run):
        out.append((start + offset, run[offset:]))
    return out


def initials(name: str) -> tuple[str, ...]:
    """``Drug Enforcement Administration`` -> ``dea``; with joiners too (``dod``)."""
    words = name.split()
    caps = "".join(w[0] for w in words if w[:1].isupper())
    every = "".join(w[0] for w in words if w[:1].isalpha())
    # sorted, never a set's order: the order of writes (sequence numbers, LRU) must not
    # depend on PYTHONHASHSEED, or offline and worker would evict differently
    return tuple(sorted({caps.casefold(), every.casefold()} - {""}))


def scan(text: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
    """Long forms, short forms and declared alias pairs named in ``text`` (no NLP).

    Bounded: at most ``MAX_SCAN_CHARS`` characters are read.
    """
    text = text[:MAX_SCAN_CHARS]
    longs: list[str] = []
    shorts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    for m in _RUN.finditer(text):
        for start, run in _split_possessives(m.group(0), m.start()):
            name = _clean_run(run)
            if not name:
                continue
            spans.append((start, start + len(run), name))
            if len(name.split()) >= 2:
                longs.append(name)
                head = name.split(" of ", 1)[0]
                if head != name and len(head.split()) >= 2:
                    longs.append(head)  # "Alma Reyes of Nueva Terra": a person of a place
            elif len(name) >= 2:
                shorts.append(name)
    pairs = []
    for (begin, end, first), (start, stop, second) in itertools.pairwise(spans):
        between = text[end:start]
        if start - end > 40 or first == second or not ALIAS_BETWEEN.match(between):
            continue
        if not naming_apposition(text, between, begin, stop):
            continue
        if _declared(text, begin, stop, between, first, second):
            pairs.append((first, second))
    return longs, shorts, pairs


def _declared(text: str, begin: int, stop: int, between: str, first: str, second: str) -> bool:
    """Whether an alias pattern really declares an alias (the memory keeps it for good).

    Stricter than inside one story, where both names are NER mentions: a bare bracket
    must hold the initials of the name (``Federal Bureau of Investigation (FBI)``), and
    ``X, or Y`` must not be the end of a list (``Apple, Google, or Microsoft``).
    """
    marker = between.strip(" (,").casefold()
    if between.lstrip().startswith("(") and not marker:
        return fold(second) in initials(first)
    if marker == "or" and between.lstrip().startswith(","):
        return not text[max(0, begin - 2) : begin].endswith(", ") and not re.match(
            r"\s*(?:,\s*(?:and|or)\b|and\b)", text[stop : stop + 8]
        )
    return True


def key_name(canonical: str, label: str, hints: Mapping[str, str] | None = None) -> str:
    """The cross-story name of one entity: hint, country table, department word order."""
    return _key_name(canonical, label, (hints or {}).get(fold(canonical)))


@lru_cache(maxsize=CACHE_SIZE)
def _key_name(canonical: str, label: str, hint: str | None) -> str:
    """``key_name`` given the one hint it reads (a pure function: memoized, bounded)."""
    name = canonical
    low = fold(name)
    if label in {"GPE", "ORG", "LOC"} and low in COUNTRY_ABBREVIATIONS:
        name = COUNTRY_ABBREVIATIONS[low]
    elif hint is not None and _hint_applies(name, label):
        name = hint
    dept = _DEPARTMENT_OF.match(name)
    if dept:  # "Department of Defense" and "Defense Department" are one name
        name = f"{dept.group(2)} {dept.group(1)}"
    return canonical_form(name, strip_title=False)


def _hint_applies(name: str, label: str) -> bool:
    """Surname hints only for persons, initials only for non-persons; aliases for all."""
    words = name.split()
    if len(words) > 1:
        return True
    if _ACRONYM.match(name):
        return label != "PERSON"
    return label == "PERSON"


def entity_key(canonical: str, label: str, hints: Mapping[str, str] | None = None) -> str:
    """``PERSON:donald trump``: label and folded cross-story name."""
    return _entity_key(canonical, label, (hints or {}).get(fold(canonical)))


@lru_cache(maxsize=CACHE_SIZE)
def _entity_key(canonical: str, label: str, hint: str | None) -> str:
    return f"{label}:{fold(_key_name(canonical, label, hint))}"


def _suffixes(name: str) -> list[str]:
    """The name, then its shorter tails that still start a name (2+ words, capitalized)."""
    words = name.split()
    tails = [" ".join(words[i:]) for i in range(1, len(words) - 1) if words[i][:1].isupper()]
    return [name, *tails]


def _story_hash(headline: str | None, body: str) -> str:
    data = f"{headline or ''}\x00{' '.join(body.split())}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


class AliasMemory:
    """Short form -> long form, learned from the stream, bounded, rebuilt from ``store``.

    Store keys: ``n:<short>`` long forms seen with a surname/initials (with counts),
    ``a:<name>`` the key name of a declared alias, ``c:<cluster>`` long forms seen in
    a cluster, ``s:<story_id>`` the hints a story got. Every value carries ``q``, a
    sequence number: the LRU order, the same before and after a rebuild.
    """

    def __init__(
        self,
        store: MutableMapping[str, Any],
        *,
        max_names: int = MAX_NAMES,
        max_clusters: int = MAX_CLUSTERS,
        max_stories: int = MAX_STORIES,
    ) -> None:
        self.store = store
        self.limits = {"n": max_names, "a": max_names, "c": max_clusters, "s": max_stories}
        self._lru: dict[str, OrderedDict[str, None]] = {}
        self._seq = 0
        self._built = False

    def rebuild(self) -> None:
        """Re-derive the LRU order from the store (after a restart or Table recovery)."""
        self._lru = {p: OrderedDict() for p in self.limits}
        self._seq = 0
        items = sorted(
            ((k, v) for k, v in self.store.items() if isinstance(v, dict) and k[:2] in _PREFIXES),
            key=lambda kv: kv[1].get("q", 0),
        )
        for k, v in items:
            self._lru[k[0]][k] = None
            self._seq = max(self._seq, int(v.get("q", 0)) + 1)
        self._built = True

    def __len__(self) -> int:
        if not self._built:
            self.rebuild()
        return sum(len(o) for o in self._lru.values())

    def _put(self, k: str, value: dict[str, Any]) -> None:
        value["q"] = self._seq
        self._seq += 1
        self.store[k] = value
        lru = self._lru[k[0]]
        lru[k] = None
        lru.move_to_end(k)
        while len(lru) > self.limits[k[0]]:
            old, _ = lru.popitem(last=False)
            self.store.pop(old, None)

    def hints(self, story_id: str, body: str, cluster_id: str | None, headline: str | None = None):
        """Hints for one published story (learning from it first); same on re-delivery."""
        if not self._built:
            self.rebuild()
        digest = _story_hash(headline, body)
        prev = self.store.get("s:" + story_id)
        if isinstance(prev, dict) and prev.get("y") == digest:
            return dict(prev.get("h", {}))
        text = f"{headline}\n\n{body}" if headline else body
        longs, shorts, pairs = scan(text)
        self._learn(longs, shorts, pairs, cluster_id)
        out = self._resolve(shorts, longs, pairs, cluster_id)
        self._put("s:" + story_id, {"y": digest, "h": out})
        return out

    def _learn(
        self,
        longs: list[str],
        shorts: list[str],
        pairs: list[tuple[str, str]],
        cluster: str | None,
    ) -> None:
        before: dict[str, int] = {}
        if cluster:
            before = (self.store.get("c:" + cluster) or {}).get("l", {})
        for first, second in pairs:
            variants = [*_suffixes(first), *_suffixes(second)]
            known = [n for n in variants if ("a:" + fold(n)) in self.store]
            # The name that already has a key keeps it; else the one the cluster named
            # before ("MS-13" before "Mara Salvatrucha (known as MS-13)", "Cartel de los
            # Soles" for "Venezuelan Cartel de los Soles"); else the main (first) name.
            if known:
                target = self.store["a:" + fold(known[0])]["k"]
            else:
                named = [n for n in variants if before.get(n, 0) > 0]
                target = named[0] if named else first
            for name in dict.fromkeys([*variants, target]):
                self._put("a:" + fold(name), {"k": target})
        counts: dict[str, int] = {}
        for name in longs:
            counts[name] = counts.get(name, 0) + 1
        for name, n in counts.items():
            words = name.split()
            # initials of 3+ letters only: two-letter ones (AM, HE, MO) are too ambiguous
            shorts_of = {i for i in initials(name) if len(i) >= MIN_INITIALS}
            # a surname points back to a name shaped like a person's: 2-4 capitalized,
            # not all-caps words, no "of"/"de" ("Critics of Reyes" is a sentence start)
            if len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words):
                shorts_of.add(fold(words[-1]))
            for short in sorted(shorts_of):
                if len(short) < 2:
                    continue
                rec = self.store.get("n:" + short) or {"f": {}}
                seen = dict(rec.get("f", {}))
                count, _ = seen.pop(name, (0, 0))
                seen[name] = (count + n, self._seq)
                if len(seen) > MAX_LONG_PER_NAME:  # drop the weakest long form
                    weakest = min(seen, key=lambda x: (seen[x][0], seen[x][1]))
                    del seen[weakest]
                self._put("n:" + short, {"f": seen})
        if cluster and (longs or shorts):
            names = dict(before)
            for name in [*longs, *shorts]:
                names[name] = names.get(name, 0) + 1
            if len(names) > MAX_NAMES_PER_CLUSTER:
                ranked = sorted(names.items(), key=lambda kv: -kv[1])
                names = dict(ranked[:MAX_NAMES_PER_CLUSTER])
            self._put("c:" + cluster, {"l": names})

    def _resolve(
        self,
        shorts: list[str],
        longs: list[str],
        pairs: list[tuple[str, str]],
        cluster: str | None,
    ) -> dict[str, str]:
        out: dict[str, str] = {}
        in_cluster: dict[str, Any] = {}
        if cluster:
            in_cluster = (self.store.get("c:" + cluster) or {}).get("l", {})
        for name in dict.fromkeys([*longs, *shorts, *(n for p in pairs for n in p)]):
            if len(out) >= MAX_HINTS:
                break
            low = fold(name)
            alias = self.store.get("a:" + low)
            if alias is not None:
                if fold(alias["k"]) != low:
                    out[low] = alias["k"]
                continue
            if len(name.split()) > 1:
                continue
            rec = self.store.get("n:" + low)
            if rec is None:
                continue
            seen = rec.get("f", {})
            local = [n for n in seen if n in in_cluster]
            pool = local or list(seen)
            best = max(pool, key=lambda n: (in_cluster.get(n, 0), seen[n][0], seen[n][1]))
            target = self.store.get("a:" + fold(best))
            out[low] = target["k"] if target is not None else best
        return out


_PREFIXES = frozenset({"n:", "a:", "c:", "s:"})
