"""A ``wire.clusters`` record that fits the topics' message limit.

The book caps every list (members, names, outlets, merged_from) and cuts headlines, so a
record stays in the tens of kilobytes and this never triggers with the default 8 MB
limit. It is here so a lowered limit (or a future field) can never make the broker
refuse a record: the counts stay whole, the lists get shorter, and the record says so
(``members_truncated``).
"""

from __future__ import annotations

from schemas import StoryCluster


def _size(record: StoryCluster) -> int:
    return len(record.model_dump_json().encode("utf-8"))


def fit_cluster(record: StoryCluster, budget: int) -> StoryCluster:
    """``record`` unchanged if it fits ``budget`` bytes, else with shorter lists."""
    if _size(record) <= budget:
        return record
    fitted = record.model_copy(deep=True)
    fitted.members_truncated = True
    while _size(fitted) > budget and fitted.members:
        fitted.members = fitted.members[: len(fitted.members) // 2]
    for name in ("names", "outlets", "merged_from"):
        while _size(fitted) > budget and getattr(fitted, name):
            values = getattr(fitted, name)
            setattr(fitted, name, values[: len(values) // 2])
    if _size(fitted) > budget and fitted.headline:
        fitted.headline = fitted.headline[: max(0, budget // 8)]
    return fitted
