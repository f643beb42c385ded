"""The live dashboard the worker serves at ``/`` (issue 13).

``DashboardState`` (``state.py``) holds what the page shows beyond the metrics: the
latest ``StoryCluster`` per cluster, the latest dead letters and an hour of samples;
``routes.install`` puts the page and its JSON API on the worker's web server.
"""

from stream.runtime.web.state import DashboardState

__all__ = ["DashboardState"]
