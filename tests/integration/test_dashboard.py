"""The worker's dashboard in a real browser (Debian's Chromium driven by Playwright).

Seeds in -> the seed cluster with its five stories and their outlets; the seeds again
-> five duplicates; a malformed payload -> a dead letter with its reason. Screenshots
are kept under ``.state/artifacts/``; their paths are printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from schemas import EnrichedStory
from stream.core.sources import iter_payloads
from stream.settings import PROJECT_ROOT
from tests.integration.harness import (
    SEEDS,
    WorkerProcess,
    publish,
    read_topic,
    running_worker,
)

pytestmark = pytest.mark.integration

CHROMIUM = os.environ.get("WIRESTREAM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = PROJECT_ROOT / ".state" / "artifacts"
WAIT_MS = 60_000


@pytest.fixture(scope="module")
def worker(kafka_broker, tmp_path_factory) -> Iterator[WorkerProcess]:
    with running_worker(kafka_broker, tmp_path_factory.mktemp("dashboard")) as proc:
        yield proc


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # A missing browser is a failure, never a skip: CI installs Debian's chromium.
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), f"no Chromium at {CHROMIUM}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _off_loop(fn, *args, **kwargs):
    """Run a harness call (it uses asyncio.run) in its own thread: Playwright's sync API
    keeps an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


def _screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"dashboard screenshot: {path}")
    return path


def test_dashboard_shows_clusters_duplicates_and_dead_letters(worker, browser):
    settings = worker.settings
    payloads = list(iter_payloads(SEEDS))
    seed_ids = sorted(p.stem for p in SEEDS.glob("*.txt"))
    assert _off_loop(publish, settings, payloads) == 5
    enriched = _off_loop(read_topic, settings, settings.topics.enriched, keys=set(seed_ids))
    stories = {k: EnrichedStory.model_validate(v[0]) for k, v in enriched.items()}
    assert sorted(stories) == seed_ids, worker.log_tail()
    cluster_id = next(iter(stories.values())).dedup.cluster_id
    assert cluster_id is not None

    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"http://127.0.0.1:{settings.worker.web_port}/")
    assert page.title().startswith("wirestream")

    # the seed cluster: five stories, each listed with the outlet the worker found
    row = page.locator(f'#clusters tbody tr[data-cluster="{cluster_id}"]')
    row.locator(".story-count").filter(has_text=re.compile(r"^5$")).wait_for(timeout=WAIT_MS)
    row.click()
    detail = page.locator(f'#cluster-detail[data-cluster="{cluster_id}"]')
    detail.wait_for(timeout=WAIT_MS)
    members = detail.locator("tr.member")
    page.wait_for_function(
        "n => document.querySelectorAll('#detail-members tr.member').length === n", arg=5
    )
    shown = {
        members.nth(i).get_attribute("data-story"): members.nth(i).locator(".outlet").inner_text()
        for i in range(members.count())
    }
    assert shown == {sid: story.source or "unknown" for sid, story in stories.items()}
    outlets = {story.source for story in stories.values() if story.source}
    assert outlets, "the seeds name their outlets"
    for outlet in outlets:
        assert row.locator(".outlets").get_by_text(outlet, exact=True).count() == 1
    assert page.locator("#kpi-duplicates").inner_text() == "0"
    _screenshot(page, "dashboard-after-seeds.png")

    # the seeds again (re-delivery, then copies under new ids): five duplicates
    _off_loop(publish, settings, payloads, loops=2)
    page.wait_for_function(
        "() => document.getElementById('kpi-duplicates').textContent === '5'", timeout=WAIT_MS
    )
    copies = detail.locator("tr.member.suppressed")
    page.wait_for_function(
        "n => document.querySelectorAll('#detail-members tr.member.suppressed').length === n",
        arg=5,
        timeout=WAIT_MS,
    )
    copy_of = {copies.nth(i).locator(".copy-of").inner_text() for i in range(copies.count())}
    assert copy_of == set(seed_ids)

    # a malformed payload: a dead letter, with its reason
    _off_loop(publish, settings, [b'{"story_id": "broken-1", "body": '], stamp=False)
    letter = page.locator("#deadletters tbody tr.deadletter").first
    letter.wait_for(timeout=WAIT_MS)
    assert letter.locator(".stage").inner_text() == "decode"
    assert "not valid JSON" in letter.locator(".reason").inner_text()
    page.locator("#bars-reasons").get_by_text("decode: the payload is not valid JSON").wait_for(
        timeout=WAIT_MS
    )
    page.wait_for_function(
        "() => document.getElementById('kpi-dead_letters').textContent === '1'",
        timeout=WAIT_MS,
    )
    _screenshot(page, "dashboard-after-dead-letter.png")
    assert errors == [], errors
    page.close()


MONITORING = PROJECT_ROOT / "deploy" / "monitoring"
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}


def monitoring_expressions() -> list[str]:
    """Every PromQL expression of the alert rules and the Grafana dashboard."""
    groups = yaml.safe_load((MONITORING / "alerts.yml").read_text())["groups"]
    exprs = [rule["expr"] for group in groups for rule in group["rules"]]
    dashboard = json.loads((MONITORING / "grafana" / "dashboards" / "wirestream.json").read_text())
    exprs += [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    return exprs


def exported_names(text: str) -> set[str]:
    """Series names a /metrics text offers, declared ones included before any sample."""
    names: set[str] = set()
    for family in text_string_to_metric_families(text):
        names.update(family.name + suffix for suffix in SUFFIXES.get(family.type, ("",)))
        names.update(sample.name for sample in family.samples)
    return names


def test_rules_and_grafana_name_only_metrics_the_worker_exports(worker):
    exported = exported_names(worker.metrics_text())
    exprs = monitoring_expressions()
    used = {name for expr in exprs for name in re.findall(r"\bwirestream_[a-z0-9_]+", expr)}
    assert len(used) >= 10, used
    assert used <= exported, sorted(used - exported)
    # an expression without our metrics may only use Prometheus' own `up`
    for expr in exprs:
        assert "wirestream_" in expr or re.fullmatch(r'up\{job="wirestream"\} == 0', expr)
