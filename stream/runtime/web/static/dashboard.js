// wirestream dashboard: polls the worker's JSON API and draws with uPlot.
// Text from stories is untrusted: it only ever goes into textContent, never innerHTML.
"use strict";

const SUMMARY_MS = 2000;
const HISTORY_MS = 5000;
const COLORS = {
  unique: "#1f9d63", same_story: "#2f6fdb", update: "#d9822b",
  exact_duplicate: "#8a55c9", near_duplicate: "#c27ee0",
};
let selected = null;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") node.className = v;
    else if (k === "data") Object.assign(node.dataset, v);
    else node.setAttribute(k, v);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const fmt = {
  int: (v) => (v === null || v === undefined ? "–" : Math.round(v).toLocaleString("en")),
  pct: (v) => (v === null || v === undefined ? "–" : (100 * v).toFixed(1) + " %"),
  secs: (v) => (v === null || v === undefined ? "–" : v < 1 ? Math.round(v * 1000) + " ms" : v.toFixed(1) + " s"),
  rate: (v) => (v === null || v === undefined ? "–" : v.toFixed(v < 10 ? 2 : 0)),
  time: (iso) => {
    if (!iso) return "–";
    const d = new Date(iso);
    const clock = d.toLocaleTimeString("en-GB", { hour12: false });
    if (d.toDateString() === new Date().toDateString()) return clock;
    return d.toLocaleDateString("en-CA") + " " + clock.slice(0, 5);
  },
};

function bars(id, items, opts = {}) {
  const box = document.getElementById(id);
  const max = Math.max(1, ...items.map((i) => i.value));
  box.replaceChildren(
    ...(items.length ? items : [{ name: opts.empty || "nothing yet", value: 0 }]).map((item) => {
      const fill = el("div", { class: "fill" });
      fill.style.width = (100 * item.value) / max + "%";
      if (opts.color) fill.style.background = opts.color(item.name);
      return el("div", { class: "bar", title: item.name },
        el("span", { class: "label" }, item.name),
        el("div", { class: "track" }, fill),
        el("span", { class: "value" }, fmt.int(item.value)));
    })
  );
}

function renderKpis(k) {
  const set = (name, text) => { document.getElementById("kpi-" + name).textContent = text; };
  set("stories_in", fmt.int(k.stories_in));
  set("published", fmt.int(k.published));
  set("duplicates", fmt.int(k.duplicates));
  set("dedup_ratio", fmt.pct(k.dedup_ratio));
  set("open_clusters", fmt.int(k.open_clusters));
  set("in_per_s", fmt.rate(k.in_per_s));
  set("latency_p95", fmt.secs(k.latency_p95));
  set("dead_letters", fmt.int(k.dead_letters));
}

function renderClusters(clusters) {
  const body = document.querySelector("#clusters tbody");
  document.getElementById("clusters-empty").hidden = clusters.length > 0;
  body.replaceChildren(...clusters.map((c) => {
    const row = el("tr", { data: { cluster: c.cluster_id } },
      el("td", {},
        el("div", { class: "headline" }, c.headline || c.cluster_id),
        el("div", { class: "outlets" }, ...c.outlets.slice(0, 6).map((o) => el("span", { class: "chip" }, o)),
          c.outlets.length > 6 ? el("span", { class: "chip" }, "+" + (c.outlets.length - 6)) : null)),
      el("td", { class: "num story-count" }, c.story_count),
      el("td", { class: "num duplicate-count" }, c.duplicate_count),
      el("td", { class: "when" }, fmt.time(c.first_seen)),
      el("td", { class: "when" }, fmt.time(c.last_seen)));
    if (c.cluster_id === selected) row.classList.add("selected");
    row.addEventListener("click", () => { selected = c.cluster_id; loadCluster(); renderSelection(); });
    return row;
  }));
  if (!selected && clusters.length) { selected = clusters[0].cluster_id; renderSelection(); }
}

function renderSelection() {
  for (const row of document.querySelectorAll("#clusters tbody tr")) {
    row.classList.toggle("selected", row.dataset.cluster === selected);
  }
}

async function loadCluster() {
  const card = document.getElementById("cluster-detail");
  if (!selected) { card.hidden = true; return; }
  const res = await fetch("/api/clusters/" + encodeURIComponent(selected), { cache: "no-store" });
  if (!res.ok) { card.hidden = true; selected = null; return; }
  const c = await res.json();
  card.hidden = false;
  card.dataset.cluster = c.cluster_id;
  document.getElementById("detail-headline").textContent = c.headline || c.cluster_id;
  document.getElementById("detail-meta").textContent =
    `${c.story_count} stories · ${c.published_count} published · ${c.duplicate_count} suppressed as copies · ` +
    `first seen ${fmt.time(c.first_seen)} · last seen ${fmt.time(c.last_seen)}` +
    (c.merged_from && c.merged_from.length ? ` · merged from ${c.merged_from.join(", ")}` : "") +
    (c.members_truncated ? " · first stories only" : "");
  const names = document.getElementById("detail-names");
  names.replaceChildren(...(c.names || []).map((n) => el("span", { class: "chip" }, n)));
  const headlines = Object.fromEntries(c.members.map((m) => [m.story_id, m.headline]));
  document.querySelector("#detail-members tbody").replaceChildren(...c.members.map((m) => {
    const copy = m.verdict.endsWith("_duplicate");
    return el("tr", { class: "member" + (copy ? " suppressed" : ""), data: { story: m.story_id } },
      el("td", { class: "story", title: m.story_id }, m.story_id),
      el("td", { class: "outlet" }, m.source || "unknown"),
      el("td", {}, m.headline || ""),
      el("td", { class: "verdict " + m.verdict }, m.verdict.replace("_", " ")),
      el("td", { class: "copy-of", title: (copy && headlines[m.duplicate_of]) || "" }, copy ? m.duplicate_of || "" : ""),
      el("td", {}, fmt.time(m.received_at)));
  }));
}

function renderDeadLetters(letters, reasons) {
  document.getElementById("deadletters-empty").hidden = letters.length > 0;
  bars("bars-reasons", reasons.map((r) => ({ name: `${r.stage}: ${r.reason}`, value: r.count })),
    { empty: "no dead letters", color: () => "#c8414b" });
  document.querySelector("#deadletters tbody").replaceChildren(...letters.map((d) =>
    el("tr", { class: "deadletter" },
      el("td", {}, fmt.time(d.at)),
      el("td", { class: "stage" }, d.stage),
      el("td", { class: "reason" }, d.error),
      el("td", {}, d.story_id || "–"),
      el("td", { class: "num" }, fmt.int(d.payload_size)),
      el("td", { class: "preview", title: d.source || "" },
        d.payload_encoding === "base64" ? "(binary)" : d.payload_preview))));
}

// --- charts -------------------------------------------------------------------------

const charts = {};

function chart(id, series, data) {
  const box = document.getElementById(id);
  if (data[0].length < 2) {  // one sample is not a line yet; uPlot needs a range
    if (!charts[id]) box.textContent = "collecting samples (every 5 s)…";
    return;
  }
  if (!charts[id]) box.textContent = "";
  const width = Math.max(300, box.clientWidth);
  if (!charts[id] || charts[id].series.length !== series.length + 1) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new uPlot({
      width, height: 190,
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, fill: s.fill,
        spanGaps: true, points: s.points ? { show: true, size: 5 } : {}, value: (u, v) => (v === null ? "–" : s.format ? s.format(v) : v.toFixed(2)) }))],
      axes: [{ stroke: "#6b7385", grid: { stroke: "#eef1f6" } },
             { stroke: "#6b7385", grid: { stroke: "#eef1f6" }, size: 50 }],
      // at least five minutes wide, so one or two samples do not stretch over years
      scales: { x: { time: true, range: (u, min, max) => [Math.min(min ?? Date.now() / 1000, (max ?? Date.now() / 1000) - 300), max ?? Date.now() / 1000] } },
      legend: { live: false },
    }, data, box);
  } else {
    charts[id].setData(data);
    if (charts[id].width !== width) charts[id].setSize({ width, height: 190 });
  }
}

function renderHistory(h) {
  chart("chart-throughput", [
    { label: "in", color: "#2f6fdb", fill: "rgba(47,111,219,.08)" },
    { label: "out", color: "#1f9d63" },
  ], [h.t, h.in_per_s, h.out_per_s]);
  chart("chart-latency", [
    { label: "p50", color: "#2f6fdb", format: fmt.secs, points: true },
    { label: "p95", color: "#d9822b", format: fmt.secs, points: true },
  ], [h.t, h.latency_p50, h.latency_p95]);
  const names = Object.keys(h.verdicts);
  chart("chart-verdicts", names.map((n) => ({ label: n.replace("_", " "), color: COLORS[n] || "#888", format: fmt.int })),
    [h.t, ...names.map((n) => h.verdicts[n])]);
}

// --- polling ------------------------------------------------------------------------

async function refreshSummary() {
  const status = document.getElementById("status");
  try {
    const res = await fetch("/api/summary", { cache: "no-store" });
    const s = await res.json();
    renderKpis(s.kpis);
    bars("bars-outlets", s.outlets);
    bars("bars-verdicts", s.verdicts, { color: (n) => COLORS[n] || "#2f6fdb" });
    bars("bars-duplicates", s.duplicates_by_kind, { color: () => "#8a55c9", empty: "no copies yet" });
    bars("bars-similarity", s.similarity);
    bars("bars-lag", s.lag, { color: () => "#d9822b" });
    renderClusters(s.clusters);
    renderDeadLetters(s.dead_letters, s.dead_letter_reasons);
    if (selected) await loadCluster();
    status.className = "status ok";
    status.textContent = "live · updated " + new Date(s.generated_at * 1000).toLocaleTimeString("en-GB");
  } catch (err) {
    status.className = "status down";
    status.textContent = "worker unreachable · retrying";
  }
}

async function refreshHistory() {
  try {
    const res = await fetch("/api/history", { cache: "no-store" });
    renderHistory(await res.json());
  } catch (err) { /* the summary poll reports the outage */ }
}

refreshSummary();
refreshHistory();
setInterval(refreshSummary, SUMMARY_MS);
setInterval(refreshHistory, HISTORY_MS);
