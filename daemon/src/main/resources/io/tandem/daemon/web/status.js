// Tandem status page: fetches status.json and events.json every second and redraws.
// Every value from the daemon is shown through textContent or an attribute, never parsed as HTML:
// a real server's last-check text is whatever that server answered. Class names come from fixed
// lists, not from the data.
"use strict";
(() => {
  const REFRESH_MS = 1000;
  const MAX_EVENTS = 25;
  const INSTANCE_STATES = ["MASTER", "BACKUP", "FAULT", "INITIALIZE", "WAITING"];
  const GOOD = ["MASTER", "UP", "ACTIVE"];
  const BAD = ["FAULT", "DOWN"];

  const byId = id => document.getElementById(id);

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  /** A cell: text (string or number) or a list of lines, each its own block. */
  function td(content, cls, title) {
    const c = el("td", undefined, cls);
    if (Array.isArray(content)) {
      if (content.length === 0) c.textContent = "-";
      content.forEach(line => c.appendChild(line instanceof Node ? line : el("div", line)));
    } else if (content instanceof Node) {
      c.appendChild(content);
    } else {
      c.textContent = show(content);
    }
    if (title) c.title = title;
    return c;
  }

  function tr(cells, cls) {
    const r = el("tr", undefined, cls);
    cells.forEach(c => r.appendChild(c));
    return r;
  }

  function emptyRow(colspan, text) {
    const c = el("td", text, "empty");
    c.colSpan = colspan;
    return tr([c]);
  }

  function show(v) {
    return v === null || v === undefined || v === "" ? "-" : String(v);
  }

  function list(v) {
    return Array.isArray(v) ? v : [];
  }

  function duration(seconds) {
    let s = Math.max(0, Math.floor(Number(seconds) || 0));
    const d = Math.floor(s / 86400); s -= d * 86400;
    const h = Math.floor(s / 3600); s -= h * 3600;
    const m = Math.floor(s / 60); s -= m * 60;
    return d > 0 ? d + "d " + h + "h " + m + "m" : h > 0 ? h + "h " + m + "m" : m > 0 ? m + "m " + s + "s" : s + "s";
  }

  function ago(ms) {
    if (!ms) return "";
    return duration((Date.now() - ms) / 1000) + " ago";
  }

  function clock(ms) {
    const d = new Date(ms);
    const p = n => String(n).padStart(2, "0");
    return p(d.getHours()) + ":" + p(d.getMinutes()) + ":" + p(d.getSeconds());
  }

  function iso(ms) {
    return ms ? new Date(ms).toISOString() : "";
  }

  function instanceClass(state) {
    return INSTANCE_STATES.includes(state) ? "st-" + state.toLowerCase() : "st-unknown";
  }

  function serverClass(r) {
    return r.drained ? "rs-drained" : r.up ? "rs-up" : "rs-down";
  }

  function latency(ms) {
    const v = Number(ms);
    if (!(v > 0)) return "-";
    return v < 10 ? v.toFixed(2) + " ms" : v < 1000 ? v.toFixed(1) + " ms" : (v / 1000).toFixed(2) + " s";
  }

  function renderHeader(s) {
    byId("node").textContent = show(s.node);
    byId("version").textContent = show(s.version);
    byId("uptime").textContent = duration(s.uptimeSeconds);
    document.title = "Tandem status · " + show(s.node);
  }

  function renderSummary(s) {
    const count = (xs, f) => xs.filter(f).length;
    const inst = list(s.instances);
    const svcs = list(s.services);
    const servers = svcs.flatMap(v => list(v.servers));
    const parts = [];
    INSTANCE_STATES.forEach(st => {
      const n = count(inst, i => i.state === st);
      if (n > 0) parts.push(el("span", n + " " + st, "badge " + instanceClass(st)));
    });
    const quorate = count(svcs, v => v.quorumUp);
    if (svcs.length > 0) {
      parts.push(el("span", quorate + "/" + svcs.length + " services with quorum",
          "badge " + (quorate === svcs.length ? "rs-up" : "rs-down")));
    }
    [["rs-up", "up", r => r.up && !r.drained], ["rs-down", "down", r => !r.up], ["rs-drained", "drained", r => r.drained]]
        .forEach(([cls, word, f]) => {
          const n = count(servers, f);
          if (n > 0) parts.push(el("span", n + " server" + (n === 1 ? "" : "s") + " " + word, "badge " + cls));
        });
    byId("summary").replaceChildren(...parts);
  }

  function renderInstances(s) {
    const rows = list(s.instances).map(i => {
      const prio = show(i.effectivePriority) + (i.effectivePriority !== i.basePriority ? " (" + show(i.basePriority) + ")" : "");
      const change = [el("div", show(i.lastTransition).replace(" -> ", " → "))];
      if (i.lastReason) change.push(el("div", i.lastReason, "sub"));
      if (i.lastTransitionEpochMillis) change.push(el("div", ago(i.lastTransitionEpochMillis), "sub"));
      const cls = instanceClass(i.state);
      return tr([
        td(i.name, "nowrap"),
        td(show(i.interfaceName) + " / " + show(i.vrid), "nowrap"),
        td(i.state, "state " + cls),
        td(prio, "num"),
        td(i.masterAddress, "nowrap"),
        td(change, "nowrap", iso(i.lastTransitionEpochMillis)),
        td(list(i.priorityReasons), "text"),
        td(list(i.virtualIps), "nowrap"),
      ], cls);
    });
    byId("instances").tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(8, "no VRRP instances configured")]));
  }

  function renderService(v) {
    const servers = list(v.servers);
    const up = servers.filter(r => r.up && !r.drained).length;
    const head = el("div", undefined, "svc-head " + (v.quorumUp ? "q-up" : "q-down"));
    head.append(
        el("span", v.name, "svc-name"),
        el("span", show(v.address) + " · " + show(v.engine) + " / " + show(v.scheduler) + " · "),
        el("span", "quorum " + (v.quorumUp ? "UP" : "DOWN"), "badge " + (v.quorumUp ? "rs-up" : "rs-down")),
        el("span", " · " + up + " of " + servers.length + " servers in service"));
    if (v.sorryActive) head.append(el("span", " · sorry server active", "sorry"));

    const table = el("table", undefined, "grid servers");
    const hr = tr(["Real server", "Health", "Weight", "Drained", "Last check", "Latency"].map(h => el("th", h)));
    hr.children[2].append(el("br"), el("small", "effective / configured"));
    table.createTHead().appendChild(hr);
    const body = table.createTBody();
    servers.forEach(r => {
      const cls = serverClass(r);
      body.appendChild(tr([
        td(r.address, "nowrap"),
        td(r.up ? "UP" : "DOWN", "state " + (r.up ? "rs-up" : "rs-down")),
        td(show(r.weight) + " / " + show(r.configuredWeight), "num"),
        td(r.drained ? "DRAINED" : "no", r.drained ? "drained-yes" : "muted"),
        td(r.lastResult, "text"),
        td(latency(r.lastLatencyMillis), "num"),
      ], cls));
    });
    if (servers.length === 0) body.appendChild(emptyRow(6, "no real servers"));
    const box = el("div", undefined, "service");
    box.append(head, table);
    return box;
  }

  function renderServices(s) {
    const boxes = list(s.services).map(renderService);
    byId("services").replaceChildren(...(boxes.length ? boxes : [el("p", "no virtual services configured", "empty")]));
  }

  function renderEvents(events) {
    const rows = list(events).slice(-MAX_EVENTS).reverse().map(e => {
      const cls = GOOD.includes(e.to) ? "ev-good" : BAD.includes(e.to) ? "ev-bad" : "ev-info";
      return tr([
        td(clock(e.epochMillis), "nowrap", iso(e.epochMillis)),
        td(e.kind, "nowrap"),
        td(e.subject, "nowrap"),
        td(show(e.from) + " → " + show(e.to), "nowrap"),
        td(e.reason, "text"),
      ], cls);
    });
    byId("events").tBodies[0].replaceChildren(...(rows.length ? rows : [emptyRow(5, "no events since start")]));
  }

  async function getJson(url) {
    const r = await fetch(url, { cache: "no-store" });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }

  async function refresh() {
    try {
      const [status, events] = await Promise.all([getJson("status.json"), getJson("events.json").catch(() => null)]);
      renderHeader(status);
      // Redrawing would clear a selection the operator is copying from; wait until it is gone.
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed) {
        renderSummary(status);
        renderInstances(status);
        renderServices(status);
        if (events) renderEvents(events);
      }
      byId("refreshed").textContent = clock(Date.now());
      byId("stale").hidden = true;
      document.body.classList.remove("is-stale");
    } catch (e) {
      byId("stale").textContent = "daemon not answering (" + e.message + "); showing the last answer";
      byId("stale").hidden = false;
      document.body.classList.add("is-stale");
    } finally {
      setTimeout(refresh, REFRESH_MS);
    }
  }

  refresh();
})();
