// A modem's live trace (/api/modems/{id}/trace/stream): who speaks told apart by colour and by the
// trace's own marks (> host to modem, < modem to host, net, *, fault, why); pause, filter, and
// download as a transcript (the API converts, as `vmodem transcript` does) or as a trace file.

import { api, ApiError, reportLive, Stream } from "./api.js";
import { clock, download, el, formatInt, parseTime, setText } from "./ui.js";

/** The trace's kinds, grouped the way a reader tells them apart. */
export const KINDS = [
  { id: "in", label: "Host → modem", marks: [">", ">>"] },
  { id: "out", label: "Modem → host", marks: ["<", "<<"] },
  { id: "net", label: "Network", marks: ["net"] },
  { id: "link", label: "Link and modem", marks: ["*"] },
  { id: "fault", label: "Faults", marks: ["fault"] },
  { id: "why", label: "Why", marks: ["why"] },
];
const KIND_OF = Object.fromEntries(KINDS.flatMap((k) => k.marks.map((m) => [m, k.id])));

/** At most this many lines stay in the page; the oldest go first. */
const KEEP = 5000;

export class TraceView {
  /** @param heard told of each batch of lines as it arrives (paused or not) */
  constructor(root, modemId, heard = () => {}) {
    this.id = modemId;
    this.onLines = heard;
    this.lines = []; // {seq, time, kind, text, group}
    this.held = []; // lines that came while paused
    this.paused = false;
    this.shown = new Set(KINDS.map((k) => k.id));
    this.filter = "";
    this.render(root);
    reportLive("connecting");
    this.stream = new Stream(
      `api/modems/${modemId}/trace/stream?since=0`,
      "trace",
      (items, dropped) => this.heard(items, dropped),
      (state) => this.connection(state),
    );
  }

  destroy() {
    this.stream.close();
  }

  render(root) {
    this.pause = el(
      "button",
      { type: "button", "aria-pressed": "false", id: "trace-pause", onclick: () => this.setPaused(!this.paused) },
      "Pause",
    );
    this.search = el("input", {
      type: "search",
      id: "trace-filter",
      placeholder: "AT+QIOPEN, socket 1…",
      autocomplete: "off",
      oninput: () => {
        clearTimeout(this.filterTimer);
        this.filterTimer = setTimeout(() => this.refilter(), 120);
      },
    });
    const kinds = el(
      "fieldset",
      { class: "kinds" },
      el("legend", { class: "visually-hidden" }, "Show these kinds of line"),
      KINDS.map((k) =>
        el(
          "label",
          {},
          el("input", {
            type: "checkbox",
            checked: true,
            value: k.id,
            onchange: (e) => {
              if (e.target.checked) this.shown.add(k.id);
              else this.shown.delete(k.id);
              this.refilter();
            },
          }),
          el("span", { class: `swatch k-${k.id}`, "aria-hidden": "true" }),
          k.label,
        ),
      ),
    );
    this.body = el("div", {
      class: "trace",
      id: "trace",
      role: "log",
      "aria-live": "off",
      "aria-label": `Trace of m${this.id}`,
      tabindex: "0",
    });
    this.status = el("span", { "aria-live": "polite" }, "Connecting…");
    this.count = el("span");
    this.downloadResult = el("span", { role: "alert" });
    root.append(
      el(
        "div",
        { class: "card-head" },
        el("h2", { id: "trace-h" }, "Trace"),
        el("span", { class: "grow" }),
        el("button", { type: "button", id: "download-transcript", onclick: () => this.transcript() }, "Download transcript"),
        el("button", { type: "button", class: "ghost", onclick: () => this.traceFile() }, "Download trace"),
      ),
      el(
        "div",
        { class: "toolbar" },
        this.pause,
        el("label", { for: "trace-filter", class: "visually-hidden" }, "Filter the trace"),
        this.search,
        kinds,
      ),
      this.body,
      el("div", { class: "trace-foot" }, this.status, el("span", { class: "grow" }), this.downloadResult, this.count),
    );
  }

  connection(state) {
    reportLive(state);
    const words = { live: "Live", reconnecting: "Reconnecting…", closed: "Stream closed: the modem is gone" };
    this.live = state;
    this.updateStatus(words[state] || state);
  }

  updateStatus(words) {
    if (words) this.statusWords = words;
    const held = this.paused && this.held.length ? ` · ${formatInt(this.held.length)} new lines held` : "";
    setText(this.status, (this.paused ? "Paused" : this.statusWords || "") + held);
  }

  heard(items, dropped) {
    this.onLines(items);
    const lines = items.map((i) => ({ ...i, group: KIND_OF[i.kind] || "link" }));
    if (dropped) {
      lines.push({ notice: `${formatInt(dropped)} lines were dropped: the page fell behind the modem` });
    }
    if (this.paused) {
      this.held.push(...lines);
      this.updateStatus();
      return;
    }
    this.append(lines);
  }

  append(lines) {
    const follow = this.atBottom();
    this.lines.push(...lines);
    const fragment = document.createDocumentFragment();
    for (const line of lines) {
      if (this.matches(line)) fragment.append(this.node(line));
    }
    this.body.append(fragment);
    if (this.lines.length > KEEP) {
      const gone = this.lines.splice(0, this.lines.length - KEEP);
      const first = new Set(gone);
      while (this.body.firstChild && first.has(this.body.firstChild.line)) this.body.firstChild.remove();
    }
    setText(this.count, `${formatInt(this.lines.length)} lines`);
    if (follow) this.body.scrollTop = this.body.scrollHeight;
  }

  atBottom() {
    return this.body.scrollHeight - this.body.scrollTop - this.body.clientHeight < 24;
  }

  matches(line) {
    if (line.notice) return true;
    if (!this.shown.has(line.group)) return false;
    return !this.filter || line.text.toLowerCase().includes(this.filter) || line.kind === this.filter;
  }

  node(line) {
    let node;
    if (line.notice) {
      node = el("div", { class: "tl notice" }, line.notice);
    } else {
      const t = parseTime(line.time);
      node = el(
        "div",
        { class: `tl k-${line.group}`, dataset: { kind: line.kind, seq: line.seq } },
        el("time", { datetime: line.time }, clock(t.date, 3, t.micros)),
        el("span", { class: "k" }, line.kind),
        el("span", { class: "x" }, line.text),
      );
    }
    node.line = line;
    return node;
  }

  refilter() {
    this.filter = this.search.value.trim().toLowerCase();
    const fragment = document.createDocumentFragment();
    for (const line of this.lines) {
      if (this.matches(line)) fragment.append(this.node(line));
    }
    this.body.replaceChildren(fragment);
    this.body.scrollTop = this.body.scrollHeight;
  }

  setPaused(paused) {
    this.paused = paused;
    this.pause.setAttribute("aria-pressed", String(paused));
    setText(this.pause, paused ? "Resume" : "Pause");
    if (!paused && this.held.length) {
      const held = this.held;
      this.held = [];
      this.append(held);
    }
    this.updateStatus();
  }

  async transcript() {
    setText(this.downloadResult, "");
    try {
      const text = await api("GET", `api/modems/${this.id}/transcript`);
      download(`m${this.id}-transcript.txt`, text);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setText(this.downloadResult, `Cannot download the transcript: ${e.detail}`);
    }
  }

  /** The lines the page holds, as a --trace file has them (`vmodem transcript` reads it). */
  traceFile() {
    const out = this.lines
      .filter((l) => !l.notice)
      .map((l) => {
        const t = parseTime(l.time);
        return `${clock(t.date, 6, t.micros)} m${this.id} ${l.kind} ${l.text}\n`;
      });
    download(`m${this.id}.trace`, out.join(""));
  }
}
