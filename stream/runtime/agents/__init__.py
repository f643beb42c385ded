"""Thin faust agents: decode -> pipeline core -> ``emit()`` -> send. No logic of their own.

Topology (see README):

  wire.raw (N) -normalize-> wire.normalized (1) -dedup-> wire.to-enrich (N) -enrich-> wire.enriched
                 |                                |                          |
                 +-> wire.deadletter              +-> wire.duplicates        +-> wire.deadletter
                                                  +-> wire.clusters (compacted, key cluster_id)

One module per agent (``normalize``, ``dedup`` with its ``clusters`` step, ``enrich``);
``wiring`` holds what they share (the tables, the stages, ``publish``) and ``pages`` the
worker's HTTP endpoints. ``wire_agents`` puts them all on an app.

Each agent runs with concurrency 1 (faust #606: concurrency > 1 can commit past an
in-flight message). Offsets are acked only after the outputs of a message were sent,
so a crash re-processes rather than loses; outputs are keyed by story_id and the dedup
stage answers a re-delivery with the same verdict, so re-processing is idempotent.

An agent body does nothing before its ``async for``: work between joining the group and
the first iteration widens a rebalance window in which faust acks events it skipped as
stale (``stream.runtime.faust_fixes``; docs/reliability.md, "Agent start-up"). Warm-ups
belong in ``Wiring.warm_up``, which the worker runs before it joins the group.
"""

from __future__ import annotations

from collections.abc import Callable

import faust

from stream.core.extract import Enricher
from stream.runtime.agents.dedup import add_dedup_agent
from stream.runtime.agents.enrich import add_enrich_agent
from stream.runtime.agents.normalize import add_normalize_agent
from stream.runtime.agents.pages import add_pages
from stream.runtime.agents.wiring import Wiring, declare_tables
from stream.runtime.metrics import Metrics
from stream.runtime.topics import Topics, build_topics
from stream.settings import Settings

__all__ = ["Wiring", "wire_agents"]


def wire_agents(
    app: faust.App,
    settings: Settings,
    *,
    enricher_factory: Callable[[], Enricher] | None = None,
    metrics: Metrics | None = None,
    topics: Topics | None = None,
) -> Wiring:
    """Declare the tables, the agents and the web pages on ``app``.

    ``topics``: the channels to bind (default: the Kafka topics of ``settings``);
    ``stream.testing`` passes in-memory faust channels.
    """
    wiring = Wiring(
        app=app,
        settings=settings,
        topics=topics or build_topics(app, settings),
        metrics=metrics or Metrics(),
        tables=declare_tables(app, settings),
        enricher_factory=enricher_factory or (lambda: Enricher(settings.pipeline.spacy_model)),
    )
    wiring.rebuild_on_recovery()
    add_normalize_agent(wiring)
    add_dedup_agent(wiring)
    add_enrich_agent(wiring)
    add_pages(wiring)
    return wiring
