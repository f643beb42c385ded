"""Thin faust agents: decode -> pipeline core -> ``emit()`` -> send. No logic of their own.

Topology (see README):

  wire.raw (N) -normalize-> wire.normalized (1) -dedup-> wire.to-enrich (N) -enrich-> wire.enriched
                 |                                |                          |
                 +-> wire.deadletter              +-> wire.duplicates        +-> wire.deadletter
                                                  +-> wire.clusters (compacted, key cluster_id)

One module per agent (``normalize``, ``dedup`` with its ``clusters`` step, ``enrich``);
``wiring`` holds what they share (the tables, the stages, ``publish``) and ``pages`` the
worker's HTTP endpoints. ``wire_agents`` (``wire.py``) puts them all on an app.

Each agent runs with concurrency 1 (faust #606: concurrency > 1 can commit past an
in-flight message). Offsets are acked only after the outputs of a message were sent,
so a crash re-processes rather than loses; outputs are keyed by story_id and the dedup
stage answers a re-delivery with the same verdict, so re-processing is idempotent.

An agent body does nothing before its ``async for``: work between joining the group and
the first iteration widens a rebalance window in which faust acks events it skipped as
stale (``stream.runtime.faust_fixes``; docs/reliability.md, "Agent start-up"). Warm-ups
belong in ``Wiring.warm_up``, which the worker runs before it joins the group.
"""

from stream.runtime.agents.wire import wire_agents
from stream.runtime.agents.wiring import Wiring

__all__ = ["Wiring", "wire_agents"]
