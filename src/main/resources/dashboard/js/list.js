// The list of modems: one page of rows at a time (9 000 modems cost what 50 do), refreshed about
// once a second for the byte counters, and sooner when /api/events tells of a change on the page;
// the events' own batches (a few a second) are applied to the rows in one frame.

import { Poller, REFRESH_MS } from "./poller.js";
import { api, events } from "./api.js";
import { Sparkline } from "./sparkline.js";
import {
  badge,
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
} from "./ui.js";

const SIZES = [25, 50, 100, 200];
const HIDDEN_REFRESH_MS = 5000;
const HISTORY = 60;

export class ListView {
  constructor(root, params) {
    this.limit = SIZES.includes(Number(params.get("limit"))) ? Number(params.get("limit")) : 50;
    const offset = Number(params.get("offset"));
    this.offset = Number.isInteger(offset) && offset > 0 ? offset - (offset % this.limit) : 0;
    this.total = null;
    this.rows = new Map(); // modem ID -> the row's nodes and last state
    this.history = new Map(); // modem ID -> {at, bytes, rates}
    this.dirty = new Set();
    document.title = "Modems · vmodem";
    this.render(root);
    this.unsubscribe = events.subscribe((items, info) => this.heard(items, info));
    this.poller = new Poller(
      () => this.read(),
      () => (document.hidden ? Math.max(HIDDEN_REFRESH_MS, REFRESH_MS) : REFRESH_MS),
      () => !this.dead,
    );
    this.poller.refresh();
  }

  destroy() {
    this.dead = true;
    this.poller.stop();
    this.unsubscribe();
  }

  render(root) {
    this.heading = el("h1", { tabindex: "-1" }, "Modems");
    this.summary = el("p", { class: "sub", id: "modem-count" }, "Loading…");
    this.jumpInput = el("input", {
      id: "jump",
      type: "text",
      inputmode: "numeric",
      placeholder: "ID, e.g. 7",
      title: "A modem's ID: 7, or m7",
      autocomplete: "off",
      oninput: (e) => e.target.removeAttribute("aria-invalid"),
    });
    const jump = el(
      "form",
      { class: "jump", role: "search", onsubmit: (e) => this.jump(e) },
      el("label", { for: "jump" }, "Open modem"),
      this.jumpInput,
      el("button", { type: "submit" }, "Open"),
    );
    this.error = el("div", { class: "banner", role: "alert", hidden: true });

    this.tbody = el("tbody");
    this.caption = el("caption", { class: "visually-hidden" }, "Modems");
    const head = (text, cls) => el("th", { scope: "col", class: cls }, text);
    this.table = el(
      "table",
      { class: "modems", id: "modems" },
      this.caption,
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          head("Modem"),
          head("Dialect"),
          head("Link"),
          head("Power"),
          head("Registration"),
          head("Signal"),
          head("Contexts", "num"),
          head("Sockets", "num"),
          head("In / out", "num"),
          head("Bytes per second"),
          head("Faults", "num"),
        ),
      ),
      this.tbody,
    );
    this.empty = el(
      "div",
      { class: "empty", hidden: true },
      el("strong", {}, "No modem yet"),
      "Each connection to vmodem's link is a modem: point firmware at it, or try ",
      el("code", {}, "socat -,rawer TCP:127.0.0.1:5555"),
      ". It appears here at once.",
    );

    this.prev = el("button", { type: "button", onclick: () => this.go(this.offset - this.limit) }, "‹ Previous");
    this.next = el("button", { type: "button", onclick: () => this.go(this.offset + this.limit) }, "Next ›");
    this.range = el("span", { "aria-live": "polite" });
    const size = el(
      "select",
      { id: "page-size", onchange: (e) => this.resize(Number(e.target.value)) },
      SIZES.map((n) => el("option", { value: n, selected: n === this.limit }, n)),
    );
    const pager = el(
      "nav",
      { class: "pager", "aria-label": "Pages of modems" },
      this.range,
      el("span", { class: "grow" }),
      el("label", { for: "page-size" }, "Rows per page", size),
      this.prev,
      this.next,
    );

    root.append(
      el("div", { class: "page-head" }, el("div", {}, this.heading, this.summary), el("span", { class: "grow" }), jump),
      this.error,
      el("section", { class: "card", "aria-labelledby": "modem-count" }, el("div", { class: "table-wrap" }, this.table), this.empty, pager),
    );
  }

  // ---- what the page asks and hears ----

  /** Reads the page again after {@code delay} ms, unless a read is due sooner already. */
  schedule(delay) {
    this.poller.schedule(delay);
  }

  async read() {
    try {
      const page = await api("GET", `api/modems?offset=${this.offset}&limit=${this.limit}`);
      if (!this.dead) this.show(page);
      this.error.hidden = true;
    } catch (e) {
      this.error.replaceChildren(el("strong", {}, e.title), " ", e.detail);
      this.error.hidden = false;
    }
  }

  /** Events from /api/events: state the row shows is applied at once; counts are read again. */
  heard(items, { resync }) {
    let reread = resync;
    for (const e of items) {
      const row = this.rows.get(e.modem);
      if (e.type === "modem") {
        reread = true;
      } else if (!row) {
        continue;
      } else if (e.type === "power") {
        row.state.power = e.detail.state;
        this.dirty.add(row);
      } else if (e.type === "registration") {
        row.state.registration = { stat: e.detail.stat, state: e.detail.state };
        this.dirty.add(row);
      } else if (e.type === "signal") {
        row.state.signal = { rssi: e.detail.rssi, ber: e.detail.ber };
        this.dirty.add(row);
      } else {
        reread = true; // contexts, sockets, faults: counts the list shows
      }
    }
    if (this.dirty.size && !this.frame) {
      this.frame = requestAnimationFrame(() => {
        this.frame = null;
        this.dirty.forEach((row) => this.update(row));
        this.dirty.clear();
      });
    }
    if (reread) this.schedule(150);
  }

  // ---- showing a page ----

  show(page) {
    this.total = page.total;
    if (this.offset > 0 && this.offset >= page.total) {
      // the page emptied (modems went): show the last one that has modems
      this.go(Math.max(0, Math.floor((page.total - 1) / this.limit) * this.limit));
      return;
    }
    const now = performance.now();
    const ids = [];
    for (const m of page.modems) {
      ids.push(m.id);
      let row = this.rows.get(m.id);
      if (!row) {
        row = this.row(m.id);
        this.rows.set(m.id, row);
      }
      row.state = m;
      this.sample(m, now);
      this.update(row);
    }
    for (const [id, row] of this.rows) {
      if (!ids.includes(id)) {
        row.tr.remove();
        this.rows.delete(id);
        this.history.delete(id);
      }
    }
    // put rows in page order, moving only what is out of place (a moved row would lose focus)
    let at = this.tbody.firstChild;
    for (const id of ids) {
      const tr = this.rows.get(id).tr;
      if (tr === at) {
        at = at.nextSibling;
      } else {
        this.tbody.insertBefore(tr, at);
      }
    }

    const first = page.total === 0 ? 0 : this.offset + 1;
    const last = this.offset + page.modems.length;
    setText(this.summary, `${formatInt(page.total)} modem${page.total === 1 ? "" : "s"}, live`);
    setText(this.range, page.total === 0 ? "No modems" : `${formatInt(first)}–${formatInt(last)} of ${formatInt(page.total)}`);
    setText(this.caption, `Modems ${first} to ${last} of ${page.total}`);
    this.prev.disabled = this.offset === 0;
    this.next.disabled = last >= page.total;
    this.empty.hidden = page.total !== 0;
    this.table.hidden = page.total === 0;
  }

  /** One more bytes-per-second point for the modem's sparkline. */
  sample(m, now) {
    const bytes = (m.bytesIn || 0) + (m.bytesOut || 0);
    let h = this.history.get(m.id);
    if (!h) {
      h = { at: now, bytes, rates: [] };
      this.history.set(m.id, h);
      return;
    }
    if (now - h.at < 200) return; // an early refresh (an event): the rate needs a longer span
    h.rates.push(Math.max(0, ((bytes - h.bytes) * 1000) / (now - h.at)));
    if (h.rates.length > HISTORY) h.rates.shift();
    h.at = now;
    h.bytes = bytes;
  }

  row(id) {
    const link = el("a", { href: `#/modems/${id}` }, `m${id}`);
    const cells = {
      modem: el("td", {}, link, el("span", { class: "imei" })),
      dialect: el("td"),
      link: el("td", { class: "mono muted" }),
      power: el("td", {}, badge("–", "off")),
      registration: el("td", {}, badge("–", "off")),
      signal: el("td", {}, signal()),
      contexts: el("td", { class: "num" }),
      sockets: el("td", { class: "num" }),
      bytes: el("td", { class: "num" }),
      rate: el("td"),
      faults: el("td", { class: "num" }),
    };
    const spark = new Sparkline();
    const rateText = el("span", { class: "value" });
    cells.rate.append(el("span", { class: "rate" }, spark.svg, rateText));
    const tr = el("tr", { dataset: { modem: id } }, Object.values(cells));
    return { id, tr, cells, spark, rateText, state: null };
  }

  update(row) {
    const m = row.state;
    const c = row.cells;
    setText(c.modem.lastChild, m.imei || "");
    if (m.unavailable) {
      row.tr.classList.add("unavailable");
      setText(c.link, m.link || "");
      setBadge(c.power.firstChild, "no answer", "warn");
      c.power.title = m.unavailable;
      return;
    }
    row.tr.classList.remove("unavailable");
    c.power.title = "";
    setText(c.dialect, (m.dialect || "").toUpperCase());
    setText(c.link, m.link || "");
    setBadge(c.power.firstChild, m.power, powerTone(m.power));
    const reg = m.registration?.state;
    setBadge(c.registration.firstChild, reg, registrationTone(reg));
    setSignal(c.signal.firstChild, m.signal);
    setText(c.contexts, formatInt(m.activeContexts));
    setText(c.sockets, formatInt(m.openSockets));
    setText(c.bytes, `${formatBytes(m.bytesIn)} / ${formatBytes(m.bytesOut)}`);
    setText(c.faults, formatInt(m.faultsInjected) + (m.engineFaults ? ` (+${m.engineFaults} engine)` : ""));
    const rates = this.history.get(m.id)?.rates || [];
    row.spark.draw(rates);
    setText(row.rateText, rates.length ? formatRate(rates[rates.length - 1]) : "…");
  }

  // ---- moving about ----

  go(offset) {
    this.offset = Math.max(0, offset);
    this.remember();
    this.schedule(0);
  }

  resize(limit) {
    this.limit = limit;
    this.offset -= this.offset % limit;
    this.remember();
    this.schedule(0);
  }

  /** The page in the address, so a reload or the back button comes back to it. */
  remember() {
    const hash = this.offset || this.limit !== 50 ? `#/?offset=${this.offset}&limit=${this.limit}` : "#/";
    history.replaceState(null, "", hash);
  }

  jump(e) {
    e.preventDefault();
    const id = this.jumpInput.value.trim().replace(/^m/i, "");
    if (/^\d+$/.test(id)) {
      location.hash = `#/modems/${Number(id)}`;
    } else {
      this.jumpInput.setAttribute("aria-invalid", "true");
      this.jumpInput.focus();
    }
  }

  focus() {
    this.heading.focus();
  }
}
