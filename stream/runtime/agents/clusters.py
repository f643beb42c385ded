"""The ``wire.clusters`` step of the dedup agent: the cluster book's records after each
verdict (``pipeline.clusters``), published keyed by cluster_id."""

from __future__ import annotations

from schemas import DedupInfo, NormalizedStory
from stream.core.pipeline import clusters
from stream.runtime.agents.wiring import Wiring

__all__ = ["publish_clusters"]


async def publish_clusters(wiring: Wiring, story: NormalizedStory, info: DedupInfo) -> None:
    merges = wiring.book.merges_total
    for record in clusters(story, info, wiring.book):
        await wiring.publish(record)
    wiring.metrics.record_clusters(wiring.book, merges=wiring.book.merges_total - merges)
