"""``wire_agents``: the tables, the three agents and the web pages, put on one app."""

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

__all__ = ["wire_agents"]


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
