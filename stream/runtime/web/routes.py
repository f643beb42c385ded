"""The dashboard's pages on the worker's own (faust/aiohttp) web server.

``/`` (also ``/dashboard``) is one HTML page that polls ``/api/summary`` and
``/api/history``; ``/api/clusters/{cluster_id}`` gives one cluster's stories. Static
files are served from the package (uPlot vendored, no CDN), from a fixed list, so no
request path ever reaches the file system.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from stream.runtime.metrics import Metrics
from stream.runtime.web.state import DashboardState, read_registry
from stream.runtime.web.summary import summary

STATIC: dict[str, tuple[str, str]] = {
    "dashboard.js": ("dashboard.js", "application/javascript"),
    "dashboard.css": ("dashboard.css", "text/css"),
    "uPlot.iife.min.js": ("vendor/uPlot.iife.min.js", "application/javascript"),
    "uPlot.min.css": ("vendor/uPlot.min.css", "text/css"),
    "uPlot.LICENSE": ("vendor/uPlot.LICENSE", "text/plain"),
}
NO_STORE = {"Cache-Control": "no-store"}


@cache
def static_bytes(relative: str) -> bytes:
    return (files("stream.runtime.web") / "static" / relative).read_bytes()


def install(app: Any, state: DashboardState, metrics: Metrics) -> None:
    """Register the dashboard pages and the sampling timer on a faust ``app``."""
    state.sample(read_registry(metrics.registry))  # the charts start from the worker's start

    @app.timer(state.sample_seconds)
    async def _sample_history() -> None:
        state.sample(read_registry(metrics.registry))

    async def index(web: Any, request: Any) -> Any:
        return web.bytes(static_bytes("index.html"), content_type="text/html", headers=NO_STORE)

    app.page("/")(index)
    app.page("/dashboard", name="dashboard_alias")(index)

    @app.page("/static/{name}")
    async def static_file(web: Any, request: Any, name: str) -> Any:
        if name not in STATIC:
            return web.text("not found", status=404)
        relative, content_type = STATIC[name]
        return web.bytes(static_bytes(relative), content_type=content_type)

    @app.page("/api/summary")
    async def api_summary(web: Any, request: Any) -> Any:
        return web.json(summary(read_registry(metrics.registry), state), headers=NO_STORE)

    @app.page("/api/history")
    async def api_history(web: Any, request: Any) -> Any:
        return web.json(state.series(), headers=NO_STORE)

    @app.page("/api/clusters/{cluster_id}")
    async def api_cluster(web: Any, request: Any, cluster_id: str) -> Any:
        detail = state.cluster_detail(cluster_id)
        if detail is None:
            return web.json({"error": "no such open cluster"}, status=404)
        return web.json(detail, headers=NO_STORE)
