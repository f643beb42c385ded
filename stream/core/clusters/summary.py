"""The stored summary of one story cluster: a compact JSON dict (a faust Table value).

Keys are short because every change goes through the Table's changelog topic:

    h   representative headline      hk  [event time, story_id] of the story it is from
    n   stories (copies included)    p   published stories     d  suppressed copies
    m   listed members, first by (event time, story_id), at most MAX_MEMBERS:
        [story_id, source, headline, verdict, duplicate_of, event time]
    o   {outlet: stories}            k   {name: [members naming it, best rank]}
    f   first event time             l   last event time       u  time of the last change
    mi  merged into (absorbed only)  mf  clusters merged into this one

The functions here change the summary they are given and return it: the book hands them
a private copy parsed from the store's JSON and writes the result back (a value read
from a faust Table must never be changed in place: the change would not reach the
changelog).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from schemas import PUBLISHED_VERDICTS, ClusterMember, StoryCluster, Verdict
from stream.version import PIPELINE_VERSION

MAX_MEMBERS = 50  # members listed on a record; the rest are counted only
MAX_NAMES = 12  # names on a record
MAX_OUTLETS = 50  # outlets on a record
NAME_KEEP = 40  # names counted per cluster (the least shared are dropped beyond)
OUTLET_KEEP = 200  # outlets counted per cluster
MAX_MERGED_FROM = 100  # absorbed cluster ids listed
HEADLINE_CHARS = 300  # a headline longer than this is not a headline: cut it
OUTLET_CHARS = 100  # nor an outlet name longer than this

Summary = dict[str, Any]


def empty(t: float) -> Summary:
    return {"h": None, "hk": None, "n": 0, "p": 0, "d": 0, "m": [], "o": {}, "k": {},
            "f": t, "l": t, "u": t, "mf": []}  # fmt: skip


def _cut(text: str | None, limit: int = HEADLINE_CHARS) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _published(verdict: str) -> bool:
    return verdict in PUBLISHED_VERDICTS


def _rank_key(item: tuple[str, Any]) -> tuple[int, int, str]:
    name, (count, rank) = item
    return (-count, rank, name)


def _prune_names(names: dict[str, list[int]]) -> dict[str, list[int]]:
    if len(names) <= NAME_KEEP:
        return names
    return dict(sorted(names.items(), key=_rank_key)[:NAME_KEEP])


def _prune_outlets(outlets: dict[str, int]) -> dict[str, int]:
    if len(outlets) <= OUTLET_KEEP:
        return outlets
    return dict(sorted(outlets.items(), key=lambda kv: (-kv[1], kv[0]))[:OUTLET_KEEP])


def _keep_members(members: list[list[Any]]) -> list[list[Any]]:
    members.sort(key=lambda m: (m[5], m[0]))
    return members[:MAX_MEMBERS]


def _better_headline(rec: Summary, key: list[Any], headline: str | None) -> None:
    """The rule: the headline of the earliest published story that has one."""
    if headline and (rec["hk"] is None or key < rec["hk"]):
        rec["h"], rec["hk"] = headline, key


def add_member(
    rec: Summary,
    *,
    story_id: str,
    source: str | None,
    headline: str | None,
    verdict: Verdict,
    duplicate_of: str | None,
    names: list[str],
    t: float,
) -> Summary:
    """``rec`` with one new member counted (the caller checked it is new)."""
    headline, source = _cut(headline), _cut(source, OUTLET_CHARS)
    rec["n"] += 1
    if _published(verdict):
        rec["p"] += 1
        _better_headline(rec, [t, story_id], headline)
        for rank, name in enumerate(names):
            count, best = rec["k"].get(name, (0, rank))
            rec["k"][name] = [count + 1, min(best, rank)]
        rec["k"] = _prune_names(rec["k"])
    else:
        rec["d"] += 1
    if source:
        rec["o"][source] = rec["o"].get(source, 0) + 1
        rec["o"] = _prune_outlets(rec["o"])
    rec["m"].append([story_id, source, headline, verdict, duplicate_of, t])
    rec["m"] = _keep_members(rec["m"])
    rec["f"], rec["l"], rec["u"] = min(rec["f"], t), max(rec["l"], t), t
    return rec


def update_member(rec: Summary, *, story_id: str, headline: str | None, t: float) -> Summary:
    """``rec`` after a new version of a member: same count, its headline and verdict."""
    headline = _cut(headline)
    for member in rec["m"]:
        if member[0] == story_id:
            member[2], member[3] = headline, "update"
    if rec["hk"] is not None and rec["hk"][1] == story_id and headline:
        rec["h"] = headline
    rec["l"], rec["u"] = max(rec["l"], t), t
    return rec


def absorb(survivor: Summary, absorbed: Summary, absorbed_id: str, t: float) -> Summary:
    """``survivor`` counting ``absorbed``'s stories too (a merge; ``absorbed`` is read
    only)."""
    rec, other = survivor, absorbed
    for field in ("n", "p", "d"):
        rec[field] += other[field]
    if other["hk"] is not None:
        _better_headline(rec, other["hk"], other["h"])
    for name, (count, rank) in other["k"].items():
        mine = rec["k"].get(name, (0, rank))
        rec["k"][name] = [mine[0] + count, min(mine[1], rank)]
    rec["k"] = _prune_names(rec["k"])
    for outlet, count in other["o"].items():
        rec["o"][outlet] = rec["o"].get(outlet, 0) + count
    rec["o"] = _prune_outlets(rec["o"])
    listed = {m[0] for m in rec["m"]}
    rec["m"] = _keep_members(rec["m"] + [m for m in other["m"] if m[0] not in listed])
    merged = rec["mf"] + [absorbed_id] + other["mf"]
    rec["mf"] = list(dict.fromkeys(merged))[:MAX_MERGED_FROM]
    rec["f"], rec["l"], rec["u"] = min(rec["f"], other["f"]), max(rec["l"], other["l"]), t
    return rec


def _when(t: float | None) -> datetime | None:
    return None if t is None else datetime.fromtimestamp(t, tz=UTC)


def to_record(cluster_id: str, rec: Summary) -> StoryCluster:
    """The ``wire.clusters`` record of a stored summary (a pure function of it)."""
    members = [
        ClusterMember(
            story_id=sid,
            source=source,
            headline=headline,
            verdict=verdict,
            duplicate_of=duplicate_of,
            received_at=_when(t),
        )
        for sid, source, headline, verdict, duplicate_of, t in rec["m"]
    ]
    outlets = sorted(rec["o"].items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_OUTLETS]
    names = sorted(rec["k"].items(), key=_rank_key)[:MAX_NAMES]
    return StoryCluster(
        cluster_id=cluster_id,
        headline=rec["h"],
        story_count=rec["n"],
        published_count=rec["p"],
        duplicate_count=rec["d"],
        members=members,
        members_truncated=rec["n"] > len(members),
        outlets=[name for name, _ in outlets],
        first_seen=_when(rec["f"]),
        last_seen=_when(rec["l"]),
        names=[name for name, _ in names],
        merged_into=rec.get("mi"),
        merged_from=list(rec["mf"]),
        pipeline_version=PIPELINE_VERSION,
        updated_at=_when(rec["u"]),
    )
