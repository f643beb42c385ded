"""INTERIM, delete when ``wire.clusters`` is wired: ``StoryCluster`` records built from
the dedup verdicts alone, so the dashboard's cluster view works before the ClusterBook
(branch ``cluster-topic``) feeds ``DashboardState.observe_cluster`` with the real records.

It knows only what a verdict says (no names, no merges beyond ``merged_from``) and keeps
no state of its own: it extends the record the dashboard already holds.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable

from schemas import (
    PUBLISHED_VERDICTS,
    ClusterMember,
    DedupInfo,
    NormalizedStory,
    StoryCluster,
    utcnow,
)
from stream.version import PIPELINE_VERSION
from stream.web.state import DashboardState

MAX_MEMBERS = 50
log = logging.getLogger(__name__)


def cluster_from_verdict(
    held: Callable[[str], StoryCluster | None], story: NormalizedStory, info: DedupInfo
) -> StoryCluster:
    """The cluster record after ``story`` joined ``info.cluster_id`` (re-deliveries of a
    story already listed change nothing but ``last_seen``)."""
    cluster_id = info.cluster_id or story.story_id
    current = held(cluster_id)
    members = list(current.members) if current else []
    for absorbed in info.merged_from:
        other = held(absorbed)
        if other is not None and absorbed != cluster_id:
            members.extend(other.members)
    seen = story.received_at or story.published_at or utcnow()
    if all(m.story_id != story.story_id for m in members):
        members.append(
            ClusterMember(
                story_id=story.story_id,
                source=story.source,
                headline=story.headline,
                verdict=info.verdict,
                duplicate_of=info.duplicate_of,
                received_at=seen,
            )
        )
    published = [m for m in members if m.verdict in PUBLISHED_VERDICTS]
    outlets = Counter(m.source for m in members if m.source)
    times = [m.received_at for m in members if m.received_at]
    return StoryCluster(
        cluster_id=cluster_id,
        headline=next((m.headline for m in [*published, *members] if m.headline), None),
        story_count=len(members),
        published_count=len(published),
        duplicate_count=len(members) - len(published),
        members=members[:MAX_MEMBERS],
        members_truncated=len(members) > MAX_MEMBERS,
        outlets=[name for name, _ in outlets.most_common()],
        first_seen=min(times) if times else None,
        last_seen=max(times) if times else None,
        merged_from=sorted({*(current.merged_from if current else []), *info.merged_from}),
        pipeline_version=PIPELINE_VERSION,
        updated_at=utcnow(),
    )


def observe_verdict(state: DashboardState, story: NormalizedStory, info: DedupInfo) -> None:
    """What the dedup agent calls until it emits real ``StoryCluster`` records.

    A view must never stop the pipeline: any failure here is logged and ignored.
    """
    try:
        _observe(state, story, info)
    except Exception:
        log.exception("dashboard: cluster view not updated for %r", story.story_id)


def _observe(state: DashboardState, story: NormalizedStory, info: DedupInfo) -> None:
    record = cluster_from_verdict(state.cluster, story, info)
    for absorbed in info.merged_from:
        other = state.cluster(absorbed) if absorbed != record.cluster_id else None
        if other is not None:
            state.observe_cluster(other.model_copy(update={"merged_into": record.cluster_id}))
    state.observe_cluster(record)
