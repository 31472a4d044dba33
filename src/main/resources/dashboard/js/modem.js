// One modem: its state, contexts, sockets, services and conditions (read about once a second, and sooner
// when /api/events tells of a change to it), its throughput, its live trace, and the controls for
// its faults and conditions.

import { Poller, REFRESH_MS } from "./poller.js";
import { api } from "./api.js";
import { Controls } from "./controls.js";
import { TraceView } from "./trace.js";
import {
  badge,
  clock,
  contextTone,
  el,
  formatBytes,
  formatInt,
  formatRate,
  powerTone,
  registrationTone,
  setBadge,
  setSignal,
  setText,
  signal,
  serviceTone,
  socketTone,
} from "./ui.js";

const CHART_POINTS = 120;
const CHANGES = new Set(["net", "*", "fault"]);

export class ModemView {
  constructor(root, id) {
    this.id = id;
    this.samples = { t: [], in: [], out: [] };
    this.last = null;
    document.title = `m${id} · vmodem`;
    this.render(root);
    // the trace tells of every change to this modem (network, link, faults): read it again then;
    // one stream for the page, where /api/events as well would take a second connection
    this.trace = new TraceView(this.traceCard, id, (lines) => {
      if (lines.some((l) => CHANGES.has(l.kind))) this.schedule(100);
    });
    this.controls = new Controls(this.controlsBody, id, () => this.schedule(100));
    this.chart = new Throughput(this.chartBox);
    this.poller = new Poller(() => this.read(), () => REFRESH_MS, () => !this.dead && !this.gone);
    this.poller.refresh();
  }

  destroy() {
    this.dead = true;
    this.poller.stop();
    this.trace.destroy();
    this.chart.destroy();
  }

  render(root) {
    this.heading = el("h1", { tabindex: "-1" }, `m${this.id}`);
    this.dialect = badge("…", "info");
    this.power = badge("…", "off");
    this.registration = badge("…", "off");
    this.signal = signal();
    this.banner = el("div", { class: "banner", role: "alert", hidden: true });

    const fact = (label, id) => {
      const dd = el("dd", { id });
      return [el("div", {}, el("dt", {}, label), dd), dd];
    };
    const facts = {};
    const items = [
      ["IMEI", "imei"],
      ["Link", "link"],
      ["From the host", "in"],
      ["To the host", "out"],
      ["Bytes per second", "rate"],
      ["Command in progress", "command"],
      ["Faults injected", "faults"],
      ["AT settings", "settings"],
    ].map(([label, key]) => {
      const [div, dd] = fact(label, `fact-${key}`);
      facts[key] = dd;
      return div;
    });
    this.facts = facts;

    this.chartBox = el("div", { class: "chart", role: "img", "aria-label": "Bytes per second to and from the host" });
    const key = (cls, text) => el("span", { class: "key" }, el("i", { class: `swatch ${cls}`, "aria-hidden": "true" }), text);
    this.socketsBody = el("tbody");
    this.socketsEmpty = el("p", { class: "empty" }, "No socket open.");
    this.socketsCount = el("span", { class: "count" });
    const th = (text, cls) => el("th", { scope: "col", class: cls }, text);
    this.socketsTable = el(
      "table",
      { id: "sockets" },
      el("caption", { class: "visually-hidden" }, "Sockets"),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          th("ID"),
          th("Type"),
          th("State"),
          th("Local"),
          th("Remote"),
          th("Sent", "num"),
          th("Acked", "num"),
          th("Received", "num"),
          th("Read", "num"),
          th("Unread", "num"),
        ),
      ),
      this.socketsBody,
    );

    this.servicesBody = el("tbody");
    this.servicesEmpty = el("p", { class: "empty" }, "No service under way.");
    this.servicesTable = el(
      "table",
      { id: "services" },
      el("caption", { class: "visually-hidden" }, "Services under way"),
      el("thead", {}, el("tr", {}, th("Kind"), th("Context"), th("Target"), th("Progress"))),
      this.servicesBody,
    );

    this.contextsBody = el("tbody");
    this.contextsEmpty = el("p", { class: "empty" }, "No context configured.");
    this.contextsTable = el(
      "table",
      { id: "contexts" },
      el("caption", { class: "visually-hidden" }, "PDP contexts"),
      el("thead", {}, el("tr", {}, th("ID"), th("State"), th("Address"), th("APN"))),
      this.contextsBody,
    );

    this.conditions = el("ul", { class: "chips", "aria-label": "Conditions in force" });
    this.conditionsEmpty = el("p", { class: "muted" }, "None: the network behaves.");
    this.conditionResult = el("p", { class: "result", role: "status" });

    this.traceCard = el("section", { class: "card trace-card", "aria-labelledby": "trace-h" });
    this.controlsBody = el("div", { class: "controls" });

    root.append(
      el("nav", { class: "crumbs", "aria-label": "Breadcrumb" }, el("a", { href: "#/" }, "Modems"), " / ", `m${this.id}`),
      el(
        "div",
        { class: "page-head modem-head" },
        this.heading,
        el("div", { class: "badges" }, this.dialect, this.power, this.registration, this.signal),
      ),
      this.banner,
      el("dl", { class: "facts" }, items),
      el(
        "div",
        { class: "layout" },
        el(
          "div",
          { class: "column" },
          el(
            "div",
            { class: "pair" },
            el(
              "section",
              { class: "card", "aria-labelledby": "throughput-h" },
              el(
                "div",
                { class: "card-head" },
                el("h2", { id: "throughput-h" }, "Throughput"),
                el("span", { class: "grow" }),
                key("k-in", "from the host"),
                key("k-out", "to the host"),
              ),
              this.chartBox,
            ),
            el(
              "section",
              { class: "card", "aria-labelledby": "contexts-h" },
              el("div", { class: "card-head" }, el("h2", { id: "contexts-h" }, "PDP contexts")),
              el("div", { class: "table-wrap" }, this.contextsTable),
              this.contextsEmpty,
            ),
          ),
          el(
            "section",
            { class: "card", "aria-labelledby": "sockets-h" },
            el("div", { class: "card-head" }, el("h2", { id: "sockets-h" }, "Sockets"), this.socketsCount),
            el("div", { class: "table-wrap" }, this.socketsTable),
            this.socketsEmpty,
          ),
          el(
            "section",
            { class: "card", "aria-labelledby": "services-h" },
            el("div", { class: "card-head" }, el("h2", { id: "services-h" }, "Services")),
            el("div", { class: "table-wrap" }, this.servicesTable),
            this.servicesEmpty,
          ),
          this.traceCard,
        ),
        el(
          "div",
          { class: "column" },
          el(
            "section",
            { class: "card", "aria-labelledby": "conditions-h" },
            el("div", { class: "card-head" }, el("h2", { id: "conditions-h" }, "Conditions in force")),
            el("div", { class: "card-body" }, this.conditions, this.conditionsEmpty, this.conditionResult),
          ),
          el(
            "section",
            { class: "card", "aria-labelledby": "controls-h" },
            el("div", { class: "card-head" }, el("h2", { id: "controls-h" }, "Faults and conditions")),
            this.controlsBody,
          ),
        ),
      ),
    );
  }

  // ---- reading ----

  /** Reads the page again after {@code delay} ms, unless a read is due sooner already. */
  schedule(delay) {
    this.poller.schedule(delay);
  }

  async read() {
    try {
      const detail = await api("GET", `api/modems/${this.id}`);
      if (this.dead) return;
      this.banner.hidden = true;
      this.show(detail);
    } catch (e) {
      if (this.dead) return;
      if (e.status === 404) {
        this.gone = true;
        this.banner.className = "banner gone";
        this.banner.replaceChildren(
          el("strong", {}, "Gone."),
          ` ${e.detail}. Its link closed, or it never was; the trace below is what the page last saw.`,
        );
      } else {
        this.banner.className = "banner";
        this.banner.replaceChildren(el("strong", {}, e.title), " ", e.detail);
      }
      this.banner.hidden = false;
    }
  }

  show(m) {
    setBadge(this.dialect, (m.dialect || "").toUpperCase(), "info");
    setBadge(this.power, `power ${m.power}`, powerTone(m.power));
    const reg = m.registration?.state;
    setBadge(this.registration, reg, registrationTone(reg));
    setSignal(this.signal, m.signal);

    const f = this.facts;
    setText(f.imei, m.imei);
    setText(f.link, m.link);
    setText(f.in, formatBytes(m.bytesIn));
    setText(f.out, formatBytes(m.bytesOut));
    setText(f.command, m.command || "none");
    setText(f.faults, formatInt(m.faultsInjected) + (m.engineFaults ? ` · ${m.engineFaults} engine faults` : ""));
    const s = m.settings || {};
    setText(f.settings, `E${s.echo ? 1 : 0} V${s.verbose ? 1 : 0}${s.quiet ? " Q1" : ""} · CMEE ${s.cmee}`);

    this.sample(m);
    this.showSockets(m.sockets || []);
    this.showServices(m.services || []);
    this.showContexts(m.contexts || []);
    this.showConditions(m.conditions || []);
    this.controls.choices(m);
  }

  sample(m) {
    const now = Date.now();
    if (this.last && now - this.last.at >= 200) {
      const seconds = (now - this.last.at) / 1000;
      const s = this.samples;
      s.t.push(now / 1000);
      s.in.push(Math.max(0, (m.bytesIn - this.last.in) / seconds));
      s.out.push(Math.max(0, (m.bytesOut - this.last.out) / seconds));
      if (s.t.length > CHART_POINTS) {
        s.t.shift();
        s.in.shift();
        s.out.shift();
      }
      setText(this.facts.rate, `${formatRate(s.in.at(-1))} in · ${formatRate(s.out.at(-1))} out`);
      this.chart.draw(s);
    }
    if (!this.last || now - this.last.at >= 200) this.last = { at: now, in: m.bytesIn, out: m.bytesOut };
  }

  showSockets(sockets) {
    setText(this.socketsCount, sockets.length ? `${sockets.length} open` : "");
    this.socketsTable.hidden = sockets.length === 0;
    this.socketsEmpty.hidden = sockets.length !== 0;
    sync(
      this.socketsBody,
      sockets,
      (s) => s.id,
      () => {
        const cells = [
          el("td"),
          el("td"),
          el("td", {}, badge("", "off")),
          el("td", { class: "mono" }),
          el("td", { class: "mono" }),
          el("td", { class: "num" }),
          el("td", { class: "num" }),
          el("td", { class: "num" }),
          el("td", { class: "num" }),
          el("td", { class: "num" }),
        ];
        return el("tr", {}, cells);
      },
      (tr, s) => {
        const c = tr.children;
        setText(c[0], s.id);
        setText(c[1], s.type);
        setBadge(c[2].firstChild, s.state, socketTone(s.state));
        setText(c[3], s.local || "–");
        setText(c[4], s.remote || "–");
        setText(c[5], formatInt(s.sent));
        setText(c[6], formatInt(s.acknowledged));
        setText(c[7], formatInt(s.received));
        setText(c[8], formatInt(s.read));
        setText(c[9], formatInt(s.unread));
      },
    );
  }

  showServices(services) {
    this.servicesTable.hidden = services.length === 0;
    this.servicesEmpty.hidden = services.length !== 0;
    sync(
      this.servicesBody,
      services,
      (v) => `${v.kind} ${v.context} ${v.target}`,
      () => el("tr", {}, el("td"), el("td"), el("td", { class: "mono" }), el("td", {}, badge("", "off"))),
      (tr, v) => {
        const td = tr.children;
        setText(td[0], v.kind.toUpperCase());
        setText(td[1], v.context);
        setText(td[2], v.target);
        setBadge(td[3].firstChild, v.progress, serviceTone(v.progress));
      },
    );
  }

  showContexts(contexts) {
    this.contextsTable.hidden = contexts.length === 0;
    this.contextsEmpty.hidden = contexts.length !== 0;
    sync(
      this.contextsBody,
      contexts,
      (c) => c.id,
      () => el("tr", {}, el("td"), el("td", {}, badge("", "off")), el("td", { class: "mono" }), el("td")),
      (tr, c) => {
        const td = tr.children;
        setText(td[0], c.id);
        setBadge(td[1].firstChild, c.state, contextTone(c.state));
        setText(td[2], c.address || "–");
        setText(td[3], c.apn || "–");
      },
    );
  }

  showConditions(conditions) {
    this.conditionsEmpty.hidden = conditions.length !== 0;
    sync(
      this.conditions,
      conditions,
      (c) => JSON.stringify(c),
      (c) => {
        const words = Object.entries(c)
          .filter(([k]) => k !== "condition")
          .map(([k, v]) => `${k} ${v}`)
          .join(" ");
        return el(
          "li",
          {},
          el("span", {}, `${c.condition} ${words}`.trim()),
          el(
            "button",
            { type: "button", "aria-label": `Clear ${c.condition}`, onclick: () => this.clear(c) },
            "Clear",
          ),
        );
      },
      () => {},
    );
  }

  /** Clears one condition; the selectors it was set with (direction, socket...) pick it. */
  async clear(c) {
    const selectors = ["direction", "host", "port", "socket", "name", "command"].filter((k) => k in c);
    const query = selectors.map((k) => `${k}=${encodeURIComponent(c[k])}`).join("&");
    try {
      await api("DELETE", `api/modems/${this.id}/conditions/${c.condition}${query ? "?" + query : ""}`);
      this.conditionResult.className = "result ok";
      this.conditionResult.textContent = `${c.condition} cleared.`;
      this.schedule(0);
    } catch (e) {
      this.conditionResult.className = e.status === 501 ? "result unavailable" : "result error";
      this.conditionResult.replaceChildren(el("strong", {}, `${e.title} (${e.status})`), e.detail);
    }
  }

  focus() {
    this.heading.focus();
  }
}

/**
 * Keeps {@code parent}'s children one per item, in order, by key: new items get {@code make(item)},
 * every item {@code update(node, item)}; nodes whose item went are removed. Nodes kept keep focus.
 */
function sync(parent, items, key, make, update) {
  const old = new Map();
  for (const node of parent.children) old.set(node.dataset.key, node);
  let at = parent.firstChild;
  for (const item of items) {
    const k = String(key(item));
    let node = old.get(k);
    if (node) {
      old.delete(k);
    } else {
      node = make(item);
      node.dataset.key = k;
    }
    update(node, item);
    if (node === at) {
      at = at.nextSibling;
    } else {
      parent.insertBefore(node, at);
    }
  }
  old.forEach((node) => node.remove());
}

/** The throughput chart (uPlot, loaded on first use so the rest of the page never waits for it). */
class Throughput {
  constructor(box) {
    this.box = box;
    this.pending = null;
    import("uplot")
      .then(({ default: uPlot }) => {
        this.uPlot = uPlot;
        this.make();
        this.observer = new ResizeObserver(() => this.plot?.setSize(this.size()));
        this.observer.observe(box);
        this.scheme = new MutationObserver(() => this.make());
        this.scheme.observe(document.documentElement, { attributes: true, attributeFilter: ["data-scheme"] });
      })
      .catch(() => {
        box.replaceChildren(el("p", { class: "chart-fallback" }, "The chart could not be loaded (uPlot)."));
      });
  }

  size() {
    return { width: Math.max(200, this.box.clientWidth - 16), height: 150 };
  }

  make() {
    const css = getComputedStyle(document.documentElement);
    const v = (name) => css.getPropertyValue(name).trim();
    const axis = { stroke: v("--muted"), grid: { stroke: v("--border"), width: 1 }, ticks: { show: false } };
    this.plot?.destroy();
    this.plot = new this.uPlot(
      {
        ...this.size(),
        legend: { show: false },
        cursor: { show: false },
        scales: { y: { range: (u, min, max) => [0, Math.max(max * 1.1, 100)] } },
        axes: [
          {
            ...axis,
            space: 56,
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600],
            values: (u, ticks) => ticks.map((t) => clock(new Date(t * 1000)).slice(0, 8)),
          },
          { ...axis, size: 72, space: 30, values: (u, ticks) => ticks.map((t) => formatRate(t)) },
        ],
        series: [
          {},
          { label: "from the host", stroke: v("--chart-in"), width: 1.5, fill: v("--chart-in") + "26" },
          { label: "to the host", stroke: v("--chart-out"), width: 1.5, fill: v("--chart-out") + "26" },
        ],
      },
      this.data(),
      this.box,
    );
  }

  data() {
    const s = this.pending || { t: [], in: [], out: [] };
    return [s.t.slice(), s.in.slice(), s.out.slice()];
  }

  draw(samples) {
    this.pending = samples;
    this.box.dataset.points = String(samples.t.length);
    this.plot?.setData(this.data());
  }

  destroy() {
    this.observer?.disconnect();
    this.scheme?.disconnect();
    this.plot?.destroy();
  }
}
