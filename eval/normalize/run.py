"""Field accuracy of the normalize stage on the hand-labelled set in ``cases.json``.

    .venv/bin/python eval/normalize/run.py            # per-field accuracy table
    .venv/bin/python eval/normalize/run.py -v         # plus every mismatch
    .venv/bin/python eval/normalize/run.py --bench    # plus throughput (stories/s)
    .venv/bin/python eval/normalize/run.py --set holdout   # the held-out set

Each case is a ``RawStory`` (body given as ``body_lines`` or a ``body_file`` relative to
the repository root) and the expected fields. ``body`` is scored by snippets: every
``body_contains`` string present, no ``body_excludes`` string present, and, when given,
the number of paragraphs. ``published_at`` must be the same instant *and* equally
timezone-aware (a naive time is not a right answer for a text that names its zone).
A case with ``"empty": true`` must raise ``EmptyStory`` and is scored on ``body`` only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from schemas import NormalizedStory, RawStory  # noqa: E402
from stream.core.normalize import normalize  # noqa: E402
from stream.errors import EmptyStory  # noqa: E402

CASES = Path(__file__).with_name("cases.json")
FIELDS = ["headline", "byline", "dateline", "published_at", "source", "language", "body"]


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    """The labelled cases, each with its ``RawStory`` built."""
    cases = json.loads(path.read_text(encoding="utf-8"))
    for case in cases:
        raw = dict(case["raw"])
        if "body_file" in raw:
            raw["body"] = (ROOT / raw.pop("body_file")).read_text(encoding="utf-8")
        else:
            raw["body"] = "\n".join(raw.pop("body_lines"))
        case["story"] = RawStory.model_validate(raw)
    return cases


def _same_time(got: datetime | None, want: str | None) -> bool:
    if want is None or got is None:
        return got is None and want is None
    expected = datetime.fromisoformat(want)
    if (got.tzinfo is None) != (expected.tzinfo is None):
        return False
    return got == expected and got.utcoffset() == expected.utcoffset()


def _body_ok(body: str, expected: dict[str, Any]) -> tuple[bool, str]:
    missing = [s for s in expected.get("body_contains", []) if s not in body]
    present = [s for s in expected.get("body_excludes", []) if s in body]
    paragraphs = expected.get("body_paragraphs")
    count = len(body.split("\n\n"))
    problems = []
    if missing:
        problems.append(f"missing {missing}")
    if present:
        problems.append(f"should be gone {present}")
    if paragraphs is not None and count != paragraphs:
        problems.append(f"{count} paragraphs, expected {paragraphs}")
    return not problems, "; ".join(problems)


def score(case: dict[str, Any]) -> dict[str, tuple[bool, str]]:
    """field -> (correct, explanation) for one case."""
    expected = case["expected"]
    try:
        story: NormalizedStory | None = normalize(case["story"])
    except EmptyStory:
        story = None
    if expected.get("empty"):
        return {"body": (story is None, "" if story is None else "expected EmptyStory")}
    if story is None:
        return {f: (False, "raised EmptyStory") for f in FIELDS}
    out: dict[str, tuple[bool, str]] = {}
    for name in FIELDS:
        if name == "body":
            out[name] = _body_ok(story.body, expected)
            continue
        got = getattr(story, name)
        want = expected.get(name)
        if name == "published_at":
            ok = _same_time(got, want)
            got = got.isoformat() if got is not None else None
        else:
            ok = got == want
        out[name] = (ok, "" if ok else f"got {got!r}, expected {want!r}")
    return out


def seed_sized_stories(count: int = 1000) -> list[RawStory]:
    """The five seeds (about 3 KB each) with their dates varied, so that the date parser's
    cache does not flatter the figure."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    rng = random.Random(1)
    stories = []
    for i in range(count):
        body = (
            seeds[i % len(seeds)]
            .replace("Aug 8, 2025 10:47 AM", f"Aug {rng.randint(1, 28)}, 2025 10:{i % 60:02d} AM")
            .replace("August 9, 2025", f"August {rng.randint(1, 28)}, 2025")
            .replace("2025-08-09", f"2025-08-{rng.randint(1, 28):02d}")
        )
        stories.append(RawStory(story_id=f"bench-{i}", body=body))
    return stories


def bench(stories: list[RawStory]) -> tuple[float, float, float]:
    """(stories/s wall clock, stories/s CPU time, mean body KB) for one pass."""
    with contextlib.suppress(EmptyStory):  # load the models outside the timing
        normalize(stories[0])
    wall, cpu = time.perf_counter(), time.process_time()
    for story in stories:
        with contextlib.suppress(EmptyStory):
            normalize(story)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    size = sum(len(s.body.encode()) for s in stories) / len(stories) / 1024
    return len(stories) / wall, len(stories) / cpu, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    parser.add_argument("--bench", action="store_true", help="measure throughput too")
    parser.add_argument(
        "--set",
        default="cases",
        choices=["cases", "holdout", "holdout2"],
        help="cases.json (development set) or holdout.json (written after the rules froze)",
    )
    args = parser.parse_args()

    console = Console()
    cases = load_cases(CASES.with_name(f"{args.set}.json"))
    totals = {f: [0, 0] for f in FIELDS}
    misses: list[tuple[str, str, str]] = []
    for case in cases:
        for name, (ok, why) in score(case).items():
            totals[name][1] += 1
            totals[name][0] += int(ok)
            if not ok:
                misses.append((case["id"], name, why))

    table = Table(title=f"normalize: field accuracy, {args.set}.json ({len(cases)} stories)")
    table.add_column("field")
    table.add_column("correct", justify="right")
    table.add_column("total", justify="right")
    table.add_column("accuracy", justify="right")
    right = total = 0
    for name in FIELDS:
        ok, n = totals[name]
        right += ok
        total += n
        table.add_row(name, str(ok), str(n), f"{ok / n:.1%}" if n else "-")
    table.add_row("all fields", str(right), str(total), f"{right / total:.1%}", style="bold")
    console.print(table)
    if args.verbose and misses:
        for case_id, name, why in misses:
            console.print(f"[red]{case_id}[/red] {name}: {why}", markup=True, highlight=False)
    if args.bench:
        for label, stories in (
            ("seed-sized stories", seed_sized_stories()),
            (f"{args.set}.json x20", [c["story"] for c in cases] * 20),
        ):
            wall, cpu, size = bench(stories)
            console.print(
                f"throughput, {label} ({len(stories)}, mean body {size:.1f} KB): "
                f"{wall:,.0f} stories/s wall clock, {cpu:,.0f} stories/s CPU, one process"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
