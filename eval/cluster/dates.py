"""Calendar dates written in a news text (month and day), for the date inputs that
``eval.cluster.variants --dates`` measures: "Jan. 9", "March 3, 2009", "9 January",
"the 9th of January"; not "April 2010" (a month and a year), "Oct 12:30" (a time) or
"may 5" (month names are capitalised). Weekdays ("last Tuesday") are not dates.

    .venv/bin/python -m eval.cluster.dates    # how often ECB+ stories' dates conflict
"""

from __future__ import annotations

import re

_MONTH = (
    r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# "Jan. 9", "March 3, 2009", "Sept 11th"; "9 January", "9th of January" (not "April 2010")
_MONTH_DAY = re.compile(r"\b" + _MONTH + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:]|[.,]\d)")
_DAY_MONTH = re.compile(r"(?<![\d.,])(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def calendar_dates(text: str) -> list[int]:
    """Month and day of every calendar date written in ``text``, as ``month * 32 + day``
    (no year: reports of one event name its day, rarely its year)."""
    found = {(m, d) for m, d in _MONTH_DAY.findall(text)}
    found |= {(m, d) for d, m in _DAY_MONTH.findall(text)}
    return sorted({(_MONTHS.index(m[:3]) + 1) * 32 + int(d) for m, d in found if 1 <= int(d) <= 31})


def story_vs_events() -> None:
    """ECB+, normalized as the pipeline does: each story against the earlier stories
    (two or more) of each event of its topic, their dates pooled. How often both name
    dates and share none, for its own event and for the other one."""
    from collections import defaultdict

    from eval.cluster.data import ecbplus
    from eval.cluster.stream import normalized
    from stream.core.dedup import profile as prof

    stream, _ = normalized(ecbplus())
    for label, with_headline in (("article", False), ("headline + article", True)):
        dates: dict[str, set[int]] = {}
        for item, story in stream:
            text = "\n".join(prof.article_lines(story.body))
            if with_headline and story.headline:
                text = story.headline + "\n" + text
            dates[item.story_id] = set(calendar_dates(text))
        print(f"{label}: {sum(map(bool, dates.values()))} of {len(stream)} stories name a date")
        seen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        counts = {True: [0, 0], False: [0, 0]}  # own event? -> [both dated, none shared]
        for item, _ in stream:
            mine = dates[item.story_id]
            for event, earlier in seen[item.topic].items():
                pooled = set().union(*(dates[k] for k in earlier))
                if len(earlier) >= 2 and mine and pooled:
                    counts[event == item.event][0] += 1
                    counts[event == item.event][1] += not mine & pooled
            seen[item.topic][item.event].append(item.story_id)
        for own, (both, apart) in counts.items():
            which = "its own event" if own else "the other event"
            print(f"  vs {which}: both dated {both}, no date shared {apart / both:.3f}")


if __name__ == "__main__":
    story_vs_events()
