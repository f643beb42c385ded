"""``wire.clusters``: one record per change of a story cluster (compacted, keyed by
``cluster_id``).

A story cluster is every write-up of one real-world event seen in the window: the
published stories (``unique``, ``same_story``, ``update``) and the copies suppressed as
duplicates of them. Downstream consumers subscribe to this topic to get "the story", not
only a ``cluster_id`` on each record. A record is never rewritten: when evidence later
joins two clusters, the absorbed one gets a last record with ``merged_into`` set, and
the surviving one a new record that counts both.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from schemas._common import Output, Record
from schemas.story import Verdict


class ClusterMember(Record):
    """One story of a cluster, as the dedup stage decided it."""

    story_id: str
    source: str | None = None
    headline: str | None = None
    verdict: Verdict = Field(
        description="The dedup verdict; ``update`` once a new version of it arrived."
    )
    duplicate_of: str | None = Field(None, description="For a suppressed copy: what it copies.")
    received_at: datetime | None = Field(None, description="Delivery time (or publish time).")


class StoryCluster(Output):
    """``wire.clusters``: the current state of one story cluster."""

    cluster_id: str = Field(description="Id of the cluster: its first story's id.")
    headline: str | None = Field(
        None,
        description="A representative headline: that of the earliest published story (by "
        "delivery time) that has one; copies never name a cluster.",
    )
    story_count: int = Field(ge=0, description="Stories in the cluster, copies included.")
    published_count: int = Field(0, ge=0, description="Stories published (not copies).")
    duplicate_count: int = Field(0, ge=0, description="Copies suppressed as duplicates.")
    members: list[ClusterMember] = Field(
        default_factory=list, description="The first stories, in arrival order (capped)."
    )
    members_truncated: bool = Field(False, description="True when not every member is listed.")
    outlets: list[str] = Field(default_factory=list, description="Outlets, most stories first.")
    first_seen: datetime | None = Field(None, description="Earliest member's delivery time.")
    last_seen: datetime | None = Field(
        None,
        description="Latest member's delivery time: the cluster leaves the book when this "
        "leaves the dedup window.",
    )
    names: list[str] = Field(
        default_factory=list, description="Names and entities that define it, most shared first."
    )
    merged_into: str | None = Field(
        None, description="Set on the last record of a cluster merged into another one."
    )
    merged_from: list[str] = Field(
        default_factory=list, description="Clusters merged into this one so far."
    )
    pipeline_version: str | None = None
    updated_at: datetime | None = Field(
        None,
        description="Delivery time of the story whose verdict made this change (not a "
        "wall clock: a re-emission after a crash is the same record).",
    )
