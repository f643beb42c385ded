"""Stories for the fault suite and the benchmark: seeds, variants of them, and texts of
our own, all deterministic from one random seed.

Why a generator and not a fixture file: the suite needs ~2,000 stories of every dedup
kind (unique, same event, exact and near copies) plus malformed input, and the
benchmark needs ~500-word stories that are mostly unique so spaCy really runs. Every
payload carries its own ``received_at`` so that a re-send after a broker hiccup is the
very same bytes, and the offline pipeline normalizes it exactly as the worker did.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"

FIRST = (
    "Maria", "James", "Aisha", "Kenji", "Olga", "Pedro", "Fatima", "Liam", "Chen", "Amara",
    "Noah", "Ingrid", "Rahul", "Sofia", "Tomasz", "Yara", "Daniel", "Mei", "Omar", "Elena",
)  # fmt: skip
LAST = (
    "Okafor", "Lindqvist", "Tanaka", "Moreno", "Kowalski", "Haddad", "Brennan", "Ivanova",
    "Nakamura", "Mensah", "Fischer", "Alvarez", "Singh", "Rossi", "Dubois", "Park",
    "Novak", "Hughes", "Costa", "Eriksen",
)  # fmt: skip
PLACES = (
    "Lisbon", "Nairobi", "Osaka", "Calgary", "Valparaiso", "Gdansk", "Hanoi", "Accra",
    "Tbilisi", "Perth", "Bergen", "Cordoba", "Mumbai", "Leeds", "Tucson", "Marseille",
)  # fmt: skip
ORGS = (
    "the Ministry of Transport", "Northwind Energy", "the city council", "Harbor Health",
    "the Central Bank", "Atlas Mining", "the port authority", "Meridian Airlines",
    "the national weather service", "Crescent Pharmaceuticals", "the teachers' union",
    "Summit Telecom",
)  # fmt: skip
TOPICS = (
    ("flood", "rainfall", "evacuated", "homes"),
    ("strike", "wages", "walked out", "workers"),
    ("merger", "shares", "agreed to buy", "investors"),
    ("outbreak", "cases", "hospitalized", "patients"),
    ("election", "votes", "conceded", "voters"),
    ("bridge collapse", "vehicles", "rescued", "commuters"),
    ("wildfire", "hectares", "burned", "residents"),
    ("rail project", "kilometers", "approved", "passengers"),
)  # fmt: skip
VERBS = ("said", "told reporters", "said in a statement", "added", "warned")
FILLER = (
    "Officials said more details would be released in the coming days.",
    "The announcement followed weeks of speculation in local media.",
    "Analysts cautioned that the figures could still change.",
    "Residents gathered outside the offices on {day} morning to wait for news.",
    "A spokesperson declined to comment on the timing of the decision.",
    "The previous record was set {n} years ago, according to archive data.",
    "Opposition lawmakers called for an independent review of the process.",
    "Emergency crews worked through the night as conditions worsened.",
    "The organization has faced criticism over its handling of similar cases.",
    "Markets reacted cautiously, with trading volumes below average.",
)  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Story:
    """One payload to publish, with what the verifier needs to know about it."""

    story_id: str
    payload: bytes
    kind: str  # seed | own | exact-copy | near-copy | malformed | crash-copy
    copy_of: str | None = None
    crashed_at: float | None = None  # crash copies: when the worker was killed (epoch s)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def synthetic_body(rng: random.Random, words: int = 180) -> tuple[str, str]:
    """A made-up wire story of about ``words`` words: (headline, body).

    Names, places, organisations, figures and quotes vary so that NER and quote
    attribution have work to do and most stories are unique to the dedup stage.
    """
    topic, unit, verb, group = rng.choice(TOPICS)
    place, org = rng.choice(PLACES), rng.choice(ORGS)
    figure = rng.randint(12, 98_000)
    headline = f"{place} {topic}: {figure:,} {unit} as {org} responds"
    paragraphs: list[str] = []
    count = 0
    lead = (
        f"{place.upper()} — {org[0].upper() + org[1:]} {verb} on {rng.choice(DAYS)} after a "
        f"{topic} involving {figure:,} {unit}, the latest in a series of incidents that have "
        f"affected {rng.randint(2, 900):,} {group} across the region."
    )
    paragraphs.append(lead)
    count += len(lead.split())
    while count < words:
        who = _person(rng)
        role = rng.choice(("a spokesperson for", "the head of", "an analyst at", "a lawyer for"))
        quote = (
            f'"We have {rng.choice(("never", "rarely", "often", "already"))} seen '
            f"{rng.choice(('numbers', 'damage', 'demand', 'pressure'))} like this in "
            f'{place}," {who}, {role} {rng.choice(ORGS)}, {rng.choice(VERBS)}.'
        )
        detail = (
            f"By {rng.randint(1, 12)} p.m. the count had reached {rng.randint(10, 50_000):,}, "
            f"up from {rng.randint(1, 9_000):,} a day earlier, {_person(rng)} of "
            f"{rng.choice(ORGS)} said."
        )
        filler = rng.choice(FILLER).format(day=rng.choice(DAYS), n=rng.randint(3, 60))
        para = " ".join(rng.sample([quote, detail, filler], 3))
        paragraphs.append(para)
        count += len(para.split())
    return headline, "\n\n".join(paragraphs)


def _payload(story_id: str, body: str, received_at: datetime, **extra: object) -> bytes:
    data = {"story_id": story_id, "body": body, "received_at": received_at.isoformat(), **extra}
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _near_variant(rng: random.Random, body: str) -> str:
    """A light re-edit as outlets do: a dropped paragraph, a tweaked word, an extra line."""
    paras = [p for p in body.split("\n\n") if p.strip()]
    if len(paras) > 3:
        del paras[rng.randrange(1, len(paras))]
    words = paras[0].split()
    if len(words) > 8:
        i = rng.randrange(2, len(words) - 1)
        words[i] = {"said": "stated", "the": "that"}.get(words[i], words[i])
        paras[0] = " ".join(words)
    paras.append("This story has been updated with additional reporting.")
    return "\n\n".join(paras)


def _malformed(story_id: str, i: int) -> bytes:
    """Inputs that must become dead letters, each still carrying its story_id."""
    shapes: list[dict[str, object]] = [
        {"story_id": story_id},  # no body
        {"story_id": story_id, "body": 12345},  # body of the wrong type
        {"story_id": story_id, "body": "   "},  # blank body
        {"story_id": story_id, "body": "x", "url": 7, "published_at": "not a date at all"},
    ]
    return json.dumps(shapes[i % len(shapes)]).encode("utf-8")


def build_corpus(
    total: int,
    *,
    seed: int = 606,
    words: int = 180,
    prefix: str = "f",
    malformed_share: float = 0.01,
) -> list[Story]:
    """``total`` stories: the seeds first, then own texts mixed with copies of earlier ones.

    Shares: ~1% malformed, ~10% exact copies and ~8% near copies of earlier valid
    stories (so duplicates arrive after their originals, as on a wire), the rest own
    texts. Story ids are unique: a story_id is never re-used for different content.
    """
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    stories: list[Story] = []
    valid: list[tuple[str, str]] = []  # (story_id, body) of earlier valid stories
    for path in sorted(SEEDS.glob("*.txt"))[: max(0, total)]:
        sid = f"{prefix}-seed-{path.stem}"
        body = path.read_text(encoding="utf-8")
        stories.append(Story(sid, _payload(sid, body, now), "seed"))
        valid.append((sid, body))
    i = 0
    while len(stories) < total:
        i += 1
        sid = f"{prefix}-{i:05d}"
        when = now + timedelta(seconds=i)
        roll = rng.random()
        if roll < malformed_share:
            stories.append(Story(sid, _malformed(sid, i), "malformed"))
        elif roll < malformed_share + 0.10 and valid:
            orig, body = rng.choice(valid)
            stories.append(Story(sid, _payload(sid, body, when), "exact-copy", orig))
        elif roll < malformed_share + 0.18 and valid:
            orig, body = rng.choice(valid)
            stories.append(
                Story(sid, _payload(sid, _near_variant(rng, body), when), "near-copy", orig)
            )
        else:
            headline, body = synthetic_body(rng, words)
            stories.append(Story(sid, _payload(sid, body, when, headline=headline), "own"))
            valid.append((sid, body))
    return stories


def crash_copies(
    originals: Sequence[Story],
    suffix: str,
    received_at: datetime | None = None,
    crashed_at: float | None = None,
) -> list[Story]:
    """Exact copies under new ids (``<id>~<suffix>``) of stories sent before a crash."""
    copies = []
    for story in originals:
        data = json.loads(story.payload)
        data["story_id"] = f"{story.story_id}~{suffix}"
        data["received_at"] = (received_at or datetime.now(UTC)).isoformat()
        payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
        copies.append(Story(data["story_id"], payload, "crash-copy", story.story_id, crashed_at))
    return copies
