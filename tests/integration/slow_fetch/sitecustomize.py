"""Test-only fault injection for ``tests/integration/test_startup_loss.py``: a slow
consumer thread, as on a loaded machine.

Put this directory on ``PYTHONPATH`` and set ``WS_TEST_SLOW_FETCH_SECONDS``: every
aiokafka ``Fetcher.fetched_records`` call in that process then waits before it reads
the set of partitions faust asked for, so a pause faust makes meanwhile (its table
recovery ending) is what the fetch sees. Nothing happens without the variable.
"""

from __future__ import annotations

import os

_DELAY = os.environ.get("WS_TEST_SLOW_FETCH_SECONDS")

if _DELAY:
    import asyncio
    from typing import Any

    from aiokafka.consumer import fetcher as _fetcher

    _original = _fetcher.Fetcher.fetched_records

    async def _slow_fetched_records(self: Any, partitions: Any, *args: Any, **kw: Any) -> Any:
        await asyncio.sleep(float(_DELAY))
        return await _original(self, partitions, *args, **kw)

    _fetcher.Fetcher.fetched_records = _slow_fetched_records  # type: ignore[method-assign]
