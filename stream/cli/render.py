"""Readable terminal views of output records and metrics (rich)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

VERDICT_STYLE = {
    "unique": "bold green",
    "same_story": "bold cyan",
    "update": "bold yellow",
    "exact_duplicate": "bold magenta",
    "near_duplicate": "magenta",
}


def _short(text: str | None, limit: int = 160) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_enriched(value: dict[str, Any]) -> Panel:
    dedup = value.get("dedup") or {}
    verdict = dedup.get("verdict", "?")
    head = Text()
    head.append(value.get("headline") or "(no headline)", style="bold")
    meta = Text()
    meta.append(f"{value.get('source') or 'unknown outlet'}", style="italic")
    if value.get("byline"):
        meta.append(" · by " + ", ".join(value["byline"]))
    if value.get("published_at"):
        meta.append(f" · {value['published_at']}")
    meta.append(" · ")
    meta.append(verdict, style=VERDICT_STYLE.get(verdict, ""))
    if dedup.get("cluster_id"):
        meta.append(f" · cluster {dedup['cluster_id']}")
    if dedup.get("similarity") is not None:
        meta.append(f" · sim {dedup['similarity']:.2f}")
    parts: list[Any] = [head, meta]
    entities = value.get("entities") or []
    if entities:
        seen: dict[str, str] = {}
        for ent in entities:
            seen.setdefault(ent.get("canonical") or ent.get("text", ""), ent.get("label", ""))
        ents = ", ".join(f"{name} [{label}]" for name, label in list(seen.items())[:12])
        parts.append(Text("Entities: ", style="bold").append(ents, style=""))
    quotes = [q for q in value.get("quotes") or [] if q.get("kind", "full") == "full"]
    for q in quotes[:6]:
        line = Text("“" + _short(q.get("text"), 140) + "”", style="green")
        line.append(f" — {q.get('speaker') or 'unattributed'}", style="bold")
        if q.get("cue"):
            line.append(f" ({q['cue']})", style="dim")
        parts.append(line)
    title = Text(str(value.get("story_id", "")))  # a Text, never parsed as markup
    return Panel(Group(*parts), title=title, title_align="left")


def render_duplicate(value: dict[str, Any]) -> Text:
    text = Text("duplicate ", style="magenta")
    text.append(f"{value.get('story_id')} ", style="bold")
    text.append(f"({value.get('kind')}, sim {value.get('similarity', 0):.2f}) of ")
    text.append(str(value.get("duplicate_of")), style="bold")
    return text


def render_deadletter(value: dict[str, Any]) -> Text:
    text = Text("dead letter ", style="red")
    text.append(f"[{value.get('stage')}] ", style="bold")
    text.append(f"{value.get('story_id') or '(no id)'}: {value.get('error')}")
    return text


def render_cluster(value: dict[str, Any]) -> Panel:
    """A ``wire.clusters`` record: the story, its counts, outlets, names and members."""
    head = Text(value.get("headline") or "(no headline)", style="bold")
    count = Text()
    count.append(f"{value.get('story_count', 0)} stories", style="bold cyan")
    count.append(
        f" · {value.get('published_count', 0)} published · {value.get('duplicate_count', 0)} copies"
    )
    if value.get("first_seen"):
        count.append(f" · {value['first_seen']} → {value.get('last_seen') or '?'}", style="dim")
    parts: list[Any] = [head, count]
    if value.get("merged_into"):
        parts.append(Text(f"merged into {value['merged_into']}", style="bold yellow"))
    if value.get("merged_from"):
        parts.append(Text("merged from: " + ", ".join(value["merged_from"][:10]), style="yellow"))
    for label, key in (("Outlets: ", "outlets"), ("Names: ", "names")):
        if value.get(key):
            line = ", ".join(str(v) for v in value[key][:12])
            parts.append(Text(label, style="bold").append(_short(line, 300)))
    for member in (value.get("members") or [])[:8]:
        verdict = member.get("verdict", "?")
        line = Text("  • ")
        line.append(verdict, style=VERDICT_STYLE.get(verdict, ""))
        line.append(f" {member.get('source') or 'unknown outlet'}: ", style="italic")
        line.append(_short(member.get("headline") or member.get("story_id"), 100))
        parts.append(line)
    listed = len(value.get("members") or [])
    if value.get("story_count", 0) > min(listed, 8):
        parts.append(Text(f"  … {value['story_count'] - min(listed, 8)} more", style="dim"))
    title = Text(f"cluster {value.get('cluster_id', '')}")  # a Text, never parsed as markup
    return Panel(Group(*parts), title=title, title_align="left")


def render_record(value: Any) -> Any:
    """Pick the view from the record's shape (a tail may read any topic)."""
    if not isinstance(value, dict):
        return Text(f"(not JSON) {_short(str(value))}", style="red")
    if "dedup" in value and "body" in value:
        return render_enriched(value)
    if "duplicate_of" in value and "kind" in value:
        return render_duplicate(value)
    if "stage" in value and "error" in value:
        return render_deadletter(value)
    if "cluster_id" in value and "story_count" in value:
        return render_cluster(value)
    return Text(_short(str(value), 400))


def metrics_table(figures: dict[str, float | dict[str, float]], title: str) -> Table:
    """Two-column table of metric figures (labelled series shown one per row)."""
    table = Table(title=title, show_header=True, header_style="bold")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for name, value in figures.items():
        if isinstance(value, dict):
            for label, number in sorted(value.items()):
                table.add_row(escape(f"{name} [{label or '-'}]"), _fmt(number))
        else:
            table.add_row(escape(name), _fmt(value))
    return table


def _fmt(number: float) -> str:
    if float(number).is_integer():
        return f"{int(number):,}"
    return f"{number:.3f}"
