"""Deterministic dedup evaluation set: originals, copies, hard negatives, rewrites.

    .venv/bin/python -m eval.dedup.generate      # writes eval/dedup/dataset.jsonl

Every item carries its truth: ``expect`` (unique | same_story | duplicate), ``event``
(the real-world event, for cluster purity) and ``original`` (what a copy copies).
"""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from eval.dedup.base_texts import BASES, REWRITES, SAME_ENTITY
from eval.dedup.templates import BRIEFS, EARNINGS, EARNINGS_FILL, MATCH, MATCH_FILL

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).with_name("dataset.jsonl")
T0 = datetime(2025, 8, 9, 6, 0, tzinfo=UTC)

CHROMES = [
    (
        "Sign up for the Morning Wire newsletter\nHome | World | Business | Sport\n",
        "\nRead more:\nCity council approves new budget\nMarkets close higher\n"
        "© 2025 Morning Wire Media. All rights reserved.\n"
        "Our journalists work around the clock to bring you the news that matters.",
    ),
    (
        "THE DAILY COURIER\nAdvertisement\nShare this article\n",
        "\nGet the first look at the digital edition and breaking headlines delivered to your "
        "inbox.\nBy continuing you agree to our Terms of Use and Privacy Policy.\n"
        "Download our app\nComments (12)",
    ),
    (
        "Posted 9 Aug 2025 10:47 AM\nLive updates\n",
        "\nstory continues below\nRelated coverage\nThis article originally appeared in The "
        "Globe Review.\nFollow us on social media.",
    ),
]

NEW_PARAS = [
    "The government said it would publish a full report on the events within a month, and "
    "opposition parties called for a debate in parliament.",
    "Local newspapers reported that residents had complained for years about the problem, "
    "and a petition signed by more than 2,000 people was handed to officials last spring.",
    "Analysts said the episode was likely to weigh on public opinion ahead of next year's "
    "budget negotiations, which are expected to be difficult.",
]

COPY_EDITS = [
    (r"\bpercent\b", "per cent"),
    (r"\bper cent\b", "percent"),
    (r"\b(organi|reali|recogni|authori|emphasi|criti)z", r"\1s"),
    (r"\b(organi|reali|recogni|authori|emphasi|criti)s", r"\1z"),
    (r"\bcolor\b", "colour"),
    (r"\btold reporters\b", "told journalists"),
    (r"\bsaid\b", "says"),
    (r"\bmetres\b", "meters"),
    (r"\bkilometres\b", "kilometers"),
    (r", and\b", " and"),
    (r"\bhowever\b", "though"),
]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def sentences(par: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\"”])\s+(?=[A-Z“\"])", par) if s]


def words_of(text: str) -> int:
    return len(text.split())


# --- copy variants (expect: duplicate) ---------------------------------------------


def trim(text: str, keep: float) -> str:
    """Keep whole sentences from the top until ``keep`` of the words remain."""
    target = words_of(text) * keep
    out: list[str] = []
    count = 0
    for par in paragraphs(text):
        kept: list[str] = []
        for sent in sentences(par):
            if count >= target:
                break
            kept.append(sent)
            count += words_of(sent)
        if kept:
            out.append(" ".join(kept))
        if count >= target:
            break
    return "\n\n".join(out)


def extend(text: str, rng: random.Random) -> str:
    pars = paragraphs(text)
    extra = rng.sample(NEW_PARAS, 2)
    return "\n\n".join([*pars, *extra])


def copy_edit(text: str, rng: random.Random) -> str:
    out = text
    for pattern, repl in COPY_EDITS:
        if rng.random() < 0.7:
            out = re.sub(pattern, repl, out)
    # Quote style and dashes: straight <-> curly.
    if "“" in out:
        out = out.replace("“", '"').replace("”", '"').replace("’", "'")
    else:
        out = re.sub(r'"([^"]*)"', r"“\1”", out).replace("'", "’")
    out = out.replace(" - ", " — ").replace("; ", ". ")
    # A couple of typos.
    # A couple of typos in ordinary (lowercase) words; a misspelt name is a fact change.
    words = out.split(" ")
    for _ in range(2):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 5 and w.isalpha() and w.islower():
            words[i] = w[:2] + w[3] + w[2] + w[4:]
    return " ".join(words)


def reorder(text: str, rng: random.Random) -> str:
    pars = paragraphs(text)
    head, rest = pars[:1], pars[1:]
    rng.shuffle(rest)
    rest = [" ".join(reversed(sentences(p))) if len(sentences(p)) > 1 else p for p in rest]
    return "\n\n".join(head + rest)


def reslug(text: str, headline: str, place: str) -> tuple[str, str]:
    pars = paragraphs(text)
    pars[0] = f"{place.upper()}, Aug 9 (Wirestream) - {pars[0]}"
    return f"UPDATE 1-{headline}", "\n\n".join(pars)


def wrap(text: str, chrome: int, headline: str) -> str:
    head, foot = CHROMES[chrome]
    return f"{head}{headline}\n\n{text}\n{foot}"


# --- fact changes (expect: same_story, same event) ---------------------------------


def _prose_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of article prose (not headline or chrome lines): facts live there."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if len(line.split()) >= 12 and line.rstrip()[-1:] in '.!?"”':
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _in_prose(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start < b for a, b in spans)


def change_figures(text: str, rng: random.Random, n: int = 2) -> str:
    spans = _prose_spans(text)
    nums = [m for m in re.finditer(r"\b\d[\d,.]*\b", text) if len(m.group()) <= 6]
    nums = [m for m in nums if _in_prose(m.start(), spans)]
    nums = [m for m in nums if not re.fullmatch(r"(19|20)\d\d", m.group())]
    if not nums:
        return text
    picks = sorted(rng.sample(nums, min(n, len(nums))), key=lambda m: m.start())
    out, last = [], 0
    for m in picks:
        digits = m.group().replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            continue
        new = int(value) + rng.randint(2, 9) if value == int(value) else value + 0.3
        out.append(text[last : m.start()])
        out.append(f"{new:g}" if isinstance(new, float) else str(new))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


def change_name(text: str) -> str:
    """Swap the first quoted speaker's surname for another (a corrected attribution)."""
    spans = _prose_spans(text)
    found = [
        m
        for pattern in (
            r"\b([A-Z][a-z]+) ([A-Z][a-z]{3,})\b(?= (?:said|told|says))",
            r"\b([A-Z][a-z]+) ([A-Z][a-z]{3,})\b",
        )
        for m in re.finditer(pattern, text)
        if _in_prose(m.start(), spans)
    ]
    if not found:
        return text
    m = found[0]
    return text.replace(m.group(2), "Hallorann")


# --- the dataset ---------------------------------------------------------------------


def seeds() -> dict[str, str]:
    return {
        f"seed{i}": path.read_text(encoding="utf-8")
        for i, path in enumerate(sorted((ROOT / "seeds").glob("*.txt")))
    }


def items() -> list[dict]:
    rng = random.Random(20250809)
    originals: list[dict] = []
    later: list[dict] = []

    def add(bucket: list[dict], sid: str, body: str, expect: str, event: str, **kw) -> None:
        bucket.append(
            {
                "story_id": sid,
                "body": body,
                "expect": expect,
                "event": event,
                "headline": kw.pop("headline", None),
                **kw,
            }
        )

    texts: dict[str, str] = dict(BASES)
    seed_texts = seeds()
    for sid, body in BASES.items():
        add(originals, sid, body, "unique", sid, kind="original")
    for i, (sid, body) in enumerate(seed_texts.items()):
        add(originals, sid, body, "unique" if i == 0 else "same_story", "seeds", kind="seed")
        texts[sid] = body
    for j, fill in enumerate(EARNINGS_FILL):
        sid = f"earnings{j}"
        add(originals, sid, EARNINGS.format(**fill), "unique", sid, kind="template")
    for j, fill in enumerate(MATCH_FILL):
        sid = f"match{j}"
        add(originals, sid, MATCH.format(**fill), "unique", sid, kind="template")
    for k, (sid, body) in enumerate(BRIEFS.items()):
        add(originals, sid, wrap(body, k % 2, sid), "unique", sid, kind="brief_in_chrome")
    for sid, body in REWRITES.items():
        add(later, f"{sid}_rewrite", body, "same_story", sid, kind="rewrite", original=sid)
    for sid, body in SAME_ENTITY.items():
        add(later, f"{sid}_other", body, "unique", f"{sid}_other", kind="same_entity_other")
        add(
            later,
            f"{sid}_other_chrome",
            wrap(body, 1, "x"),
            "duplicate",
            f"{sid}_other",
            kind="chrome",
            original=f"{sid}_other",
        )

    for sid, body in texts.items():
        head = f"Headline about {sid}"
        place = "Washington" if sid.startswith("seed") else "Capital"

        def copy(kind: str, text: str, orig: str = sid, **kw) -> None:
            add(
                later,
                f"{orig}_{kind}",
                text,
                "duplicate",
                event_of(orig),
                kind=kind,
                original=orig,
                **kw,
            )

        copy("exact", body, headline="A brand new headline")
        h, b = reslug(body, head, place)
        copy("reslug", b, headline=h)
        copy("chrome", wrap(body, rng.randrange(len(CHROMES)), head))
        copy("trim70", trim(body, 0.70))
        copy("trim62", trim(body, 0.62))
        copy("extend", extend(body, rng))
        copy("copyedit", copy_edit(body, rng))
        copy("reorder", reorder(body, rng))
        copy("combo", wrap(copy_edit(trim(body, 0.75), rng), rng.randrange(len(CHROMES)), head))
        add(
            later,
            f"{sid}_figures",
            change_figures(body, rng),
            "same_story",
            event_of(sid),
            kind="figures_changed",
            original=sid,
        )
        add(
            later,
            f"{sid}_name",
            change_name(body),
            "same_story",
            event_of(sid),
            kind="name_changed",
            original=sid,
        )

    rng.shuffle(later)
    stream = originals + later
    for n, item in enumerate(stream):
        item["published_at"] = (T0 + timedelta(minutes=n)).isoformat()
    return stream


def event_of(sid: str) -> str:
    return "seeds" if sid.startswith("seed") else sid


def main() -> None:
    data = items()
    with OUT.open("w", encoding="utf-8") as fh:
        for item in data:
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(data)} stories -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
