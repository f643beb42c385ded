"""The worker's HTTP side: ``/metrics``, ``/ready``, the dashboard, and the timer that
keeps the consumer-lag gauge fresh."""

from __future__ import annotations

import contextlib
from typing import Any

from stream.runtime.agents.wiring import Wiring
from stream.runtime.lag import update_lag
from stream.runtime.web.routes import install as install_dashboard

__all__ = ["LAG_INTERVAL_SECONDS", "add_pages"]

LAG_INTERVAL_SECONDS = 2.0
"""How often the consumer-lag gauge is refreshed (one end-offsets request per tick)."""


def add_pages(wiring: Wiring) -> None:
    app, settings = wiring.app, wiring.settings
    lag_topics = (settings.topics.raw, settings.topics.normalized, settings.topics.to_enrich)

    async def consumer_lag() -> None:
        """wirestream_consumer_lag: the backlog Kafka holds while enrichment catches up."""
        with contextlib.suppress(Exception):  # mid-rebalance or broker away: next tick
            await update_lag(app, wiring.metrics, lag_topics)

    async def metrics_page(web: Any, request: Any) -> Any:
        return web.bytes(wiring.metrics.render(), content_type="text/plain")

    async def ready_page(web: Any, request: Any) -> Any:
        """200 once the worker has partitions assigned and is not rebalancing."""
        assigned = app.consumer.assignment() if app.consumer else set()
        ready = bool(assigned) and not app.rebalancing
        return web.json({"ready": ready, "assigned": len(assigned)}, status=200 if ready else 503)

    app.timer(LAG_INTERVAL_SECONDS)(consumer_lag)
    app.page("/metrics")(metrics_page)
    app.page("/ready")(ready_page)
    install_dashboard(app, wiring.dashboard, wiring.metrics)  # / and /api/*
