/*
 * The operator dashboard: follows /lightvibes/health/stream (one event per link block), charts
 * QBER against its threshold and the secret key rate, lists recent evidence entries with the latest
 * checkpoint and verifies them in the browser (evidence.js), and, for admins, drives the link drill.
 */
"use strict";
(() => {
  const POINTS = 120; // blocks kept on the charts
  const $ = (id) => document.getElementById(id);
  const admin = document.body.dataset.admin === "true";
  const blocks = [], qbers = [], thresholds = [], rates = [];
  let qberChart, rateChart;

  const percent = (v) => v === null ? "\u2013" : (v * 100).toFixed(2) + " %";
  const bits = (v) => v >= 1e6 ? (v / 1e6).toFixed(2) + " Mbit" : v >= 1e3 ? (v / 1e3).toFixed(1) + " kbit" : v + " bit";

  function chart(element, label, series, scale) {
    const width = Math.max(320, element.clientWidth || 640);
    return new uPlot({
      width, height: 220,
      scales: { x: { time: false }, y: scale },
      axes: [{ label: "block" }, { label, size: 70 }],
      series: [{ label: "block" }, ...series],
    }, [blocks, ...series.map(() => [])], element);
  }

  function startCharts() {
    qberChart = chart($("qber-chart"), "QBER", [
      { label: "QBER", stroke: "#0969da", width: 2, value: (u, v) => v == null ? "\u2013" : percent(v) },
      { label: "threshold", stroke: "#a40e26", dash: [6, 4], value: (u, v) => v == null ? "\u2013" : percent(v) },
    ], { range: (u, min, max) => [0, Math.max(0.1, max * 1.1)] });
    rateChart = chart($("rate-chart"), "bit/s", [
      { label: "secret key rate", stroke: "#116329", width: 2, fill: "rgba(17,99,41,0.08)" },
    ], { range: (u, min, max) => [0, Math.max(1, max * 1.1)] });
  }

  function show(health) {
    $("mode").textContent = health.mode;
    $("mode").dataset.mode = health.mode;
    $("link-state").textContent = health.link_state;
    $("qber").textContent = percent(health.qber);
    $("threshold").textContent = percent(health.qber_threshold);
    $("rate").textContent = bits(Math.round(health.rate_bps)) + "/s";
    $("pool").textContent = bits(health.pool_bits);
    $("blocks").textContent = health.blocks;
    $("driver").textContent = health.driver;
    $("driver-reason").textContent = health.driver_reason;
  }

  function plot(health) {
    if (blocks.length && blocks[blocks.length - 1] >= health.blocks) {
      return; // the connect event can repeat the first block; a restore keeps the block count
    }
    blocks.push(health.blocks); qbers.push(health.qber); thresholds.push(health.qber_threshold);
    rates.push(health.rate_bps);
    for (const a of [blocks, qbers, thresholds, rates]) { if (a.length > POINTS) a.shift(); }
    qberChart.setData([blocks, qbers, thresholds]);
    rateChart.setData([blocks, rates]);
    $("qber-chart").dataset.points = blocks.length;
    $("rate-chart").dataset.points = blocks.length;
  }

  function follow() {
    const stream = new EventSource("/lightvibes/health/stream");
    stream.addEventListener("open", () => { $("stream").textContent = "live"; });
    stream.addEventListener("health", (event) => {
      const health = JSON.parse(event.data);
      show(health);
      plot(health);
    });
    stream.addEventListener("fell-behind", () => { $("stream").textContent = "fell behind, reconnecting"; });
    stream.addEventListener("error", () => { $("stream").textContent = "reconnecting"; });
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || response.statusText;
    } catch (e) {
      return response.status + " " + response.statusText;
    }
  }

  // Evidence: the latest checkpoint and the last entries, and the browser's own check of them.
  const evidence = { checkpoint: null, entries: [] };

  async function loadEvidence() {
    const checkpoint = await fetch("/lightvibes/evidence/checkpoint");
    if (!checkpoint.ok) {
      $("checkpoint").textContent = await problem(checkpoint);
      $("evidence-verify").disabled = true;
      return;
    }
    const note = await checkpoint.text();
    $("checkpoint").textContent = note;
    const head = await (await fetch("/lightvibes/evidence/entries?start=0&end=0")).json();
    const start = Math.max(0, head.tree_size - 15);
    const page = await (await fetch("/lightvibes/evidence/entries?start=" + start)).json();
    evidence.checkpoint = note;
    evidence.entries = page.entries.map((e) => ({ index: e.index, leaf: LightvibesEvidence.bytes(e.data) }));
    const rows = evidence.entries.slice().reverse().map((entry) => {
      const decoded = JSON.parse(new TextDecoder().decode(entry.leaf));
      const row = document.createElement("tr");
      row.id = "entry-" + entry.index;
      for (const text of [entry.index, decoded.type, decoded.actor, decoded.time, JSON.stringify(decoded.fields)]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      const status = document.createElement("td");
      status.className = "inclusion";
      status.textContent = "not checked";
      row.append(status);
      return row;
    });
    $("entries").replaceChildren(...rows);
  }

  async function verify() {
    const E = LightvibesEvidence;
    const result = $("verify-result");
    result.textContent = "verifying\u2026";
    result.className = "";
    try {
      const checkpoint = E.parseCheckpoint(evidence.checkpoint);
      const key = await (await fetch("/lightvibes/evidence/key")).text();
      const messages = [];
      const signed = await E.verifySignature(checkpoint, key);
      if (!signed) throw new Error("the checkpoint's signature does not verify under " + key.trim());
      messages.push("checkpoint of " + checkpoint.size + " entries signed by " + key.slice(0, key.indexOf("+")));
      let included = 0;
      for (const entry of evidence.entries) {
        const cell = document.querySelector("#entry-" + entry.index + " .inclusion");
        if (entry.index >= checkpoint.size) { cell.textContent = "not yet in a checkpoint"; continue; }
        const proof = await (await fetch("/lightvibes/evidence/proof/inclusion?index=" + entry.index
          + "&tree_size=" + checkpoint.size)).json();
        const ok = await E.verifyInclusion(entry.index, checkpoint.size, entry.leaf, proof.proof.map(E.bytes), checkpoint.root);
        cell.textContent = ok ? "included" : "NOT included";
        cell.className = "inclusion " + (ok ? "ok" : "bad");
        if (!ok) throw new Error("entry " + entry.index + " is not in the checkpoint's tree");
        included++;
      }
      messages.push(included + " entries included");
      messages.push(await consistent(checkpoint));
      result.textContent = "Verified: " + messages.join("; ") + ".";
      result.className = "ok";
    } catch (e) {
      result.textContent = "Verification failed: " + e.message;
      result.className = "bad";
    }
  }

  /** The last checkpoint this browser verified must be a prefix of this one. */
  async function consistent(checkpoint) {
    const E = LightvibesEvidence;
    const seen = JSON.parse(localStorage.getItem("lightvibes.checkpoint") || "null");
    const keep = () => localStorage.setItem("lightvibes.checkpoint", JSON.stringify(
      { origin: checkpoint.origin, size: checkpoint.size, root: btoa(String.fromCharCode(...checkpoint.root)) }));
    if (!seen || seen.origin !== checkpoint.origin || seen.size === 0) { keep(); return "first checkpoint this browser has seen"; }
    if (seen.size > checkpoint.size) throw new Error("the log shrank from " + seen.size + " to " + checkpoint.size + " entries");
    const proof = await (await fetch("/lightvibes/evidence/proof/consistency?first=" + seen.size
      + "&second=" + checkpoint.size)).json();
    const ok = await E.verifyConsistency(seen.size, checkpoint.size, E.bytes(seen.root), checkpoint.root, proof.proof.map(E.bytes));
    if (!ok) throw new Error("the log of " + checkpoint.size + " entries does not extend the " + seen.size + " this browser saw");
    keep();
    return "consistent with the checkpoint of " + seen.size + " seen before";
  }

  async function drill(body) {
    const response = await fetch("/lightvibes/admin/link", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
    });
    if (!response.ok) { $("drill-result").textContent = "Refused: " + await problem(response); return; }
    const outcome = await response.json();
    const fraction = outcome.parameters ? "Eavesdropper fraction now " + outcome.parameters.eve_fraction + "; " : "";
    $("drill-result").textContent = fraction + "link " + outcome.link.state + ".";
  }

  document.addEventListener("DOMContentLoaded", () => {
    startCharts();
    follow();
    loadEvidence().catch((e) => { $("checkpoint").textContent = "Evidence unavailable: " + e.message; });
    $("evidence-refresh").addEventListener("click", () => loadEvidence());
    $("evidence-verify").addEventListener("click", () => verify());
    if (admin) {
      $("drill").hidden = false;
      $("drill-form").addEventListener("submit", (event) => {
        event.preventDefault();
        drill({ eve_fraction: Number($("eve-fraction").value) });
      });
      $("drill-off").addEventListener("click", () => drill({ eve_fraction: 0, restore: true }));
    }
  });
})();
