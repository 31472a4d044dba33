// The faults and conditions a person applies to one modem. Each control is a form: its fields, and
// buttons that call the API. An answer's problem details are shown in the form, with the field at
// fault marked; a fault this build cannot do yet (501) stays on the page and says so.

import { api, ApiError } from "./api.js";
import { el } from "./ui.js";

const DIRECTIONS = ["both", "uplink", "downlink"];

/**
 * The controls: legend, a line of help, fields ({name, label, type, ...}) and actions ({label,
 * kind, call(values) -> [method, path, body], done(values, answer) -> words}).
 */
function catalogue(modem) {
  const faults = (body) => ["POST", `api/modems/${modem}/faults`, body];
  const condition = (name, body) => ["PUT", `api/modems/${modem}/conditions/${name}`, body];
  const clear = (name) => ["DELETE", `api/modems/${modem}/conditions/${name}`];
  const num = (v) => (v === "" ? undefined : Number(v));
  return [
    {
      id: "pdp",
      legend: "PDP context",
      hint: "The network drops the context: its sockets end, and the module says so in its words.",
      fields: [{ name: "context", label: "Context", type: "select", options: [["", "every active one"]] }],
      actions: [
        {
          label: "Drop PDP context",
          kind: "danger",
          call: (v) => faults({ fault: "pdp-drop", ...(v.context ? { context: Number(v.context) } : {}) }),
          done: (v) => `Context ${v.context || "(every active one)"} dropped.`,
        },
      ],
    },
    {
      id: "registration",
      legend: "Registration",
      hint: "Lose the network (+CREG/+CGREG/+CEREG follow), until registered again.",
      fields: [
        {
          name: "state",
          label: "State",
          type: "select",
          options: ["searching", "denied", "not-registered", "roaming", "unknown"].map((s) => [s, s]),
        },
      ],
      actions: [
        {
          label: "Lose registration",
          kind: "danger",
          call: (v) => condition("registration", { state: v.state }),
          done: (v) => `Registration: ${v.state}.`,
        },
        { label: "Register again", call: () => clear("registration"), done: () => "Registered again." },
      ],
    },
    {
      id: "signal",
      legend: "Signal",
      hint: "rssi 0–31 (−113 to −51 dBm), 99 for no signal, which blocks opens and sends.",
      fields: [
        { name: "rssi", label: "rssi", type: "number", min: 0, max: 99, value: 8 },
        { name: "ber", label: "ber", type: "number", min: 0, max: 99, value: 99 },
      ],
      actions: [
        {
          label: "Set signal",
          kind: "primary",
          call: (v) => condition("signal", { rssi: num(v.rssi), ber: num(v.ber) }),
          done: (v) => `Signal set to rssi ${v.rssi}.`,
        },
        { label: "Clear", call: () => clear("signal"), done: () => "Signal back to normal." },
      ],
    },
    {
      id: "module",
      legend: "Module",
      hint: "A spontaneous reset loses volatile state; the power-up URCs arrive unasked.",
      fields: [],
      actions: [
        { label: "Reset the module", kind: "danger", call: () => faults({ fault: "reset" }), done: () => "Module reset." },
        {
          label: "Power off",
          call: () => ["POST", `api/modems/${modem}/power`, { action: "off" }],
          done: () => "Powered off.",
        },
        {
          label: "Power on",
          call: () => ["POST", `api/modems/${modem}/power`, { action: "on" }],
          done: () => "Powered on.",
        },
      ],
    },
    {
      id: "peer",
      legend: "Socket peer",
      hint: "What the far end of a connection does.",
      fields: [{ name: "socket", label: "Socket", type: "select", options: [["", "every socket"]] }],
      actions: [
        {
          label: "Reset the peer",
          kind: "danger",
          call: (v) => faults({ fault: "peer-reset", ...(v.socket ? { socket: Number(v.socket) } : {}) }),
          done: () => "Peer reset.",
        },
        {
          label: "Peer vanishes",
          call: (v) => faults({ fault: "peer-vanish", ...(v.socket ? { socket: Number(v.socket) } : {}) }),
          done: () => "The peer vanished.",
        },
      ],
    },
    {
      id: "latency",
      legend: "Latency",
      hint: "Bytes take longer to cross the network.",
      fields: [
        { name: "ms", label: "ms", type: "number", min: 0, value: 300 },
        { name: "jitter", label: "jitter ms", type: "number", min: 0, value: 0 },
        { name: "direction", label: "Direction", type: "select", options: DIRECTIONS.map((d) => [d, d]) },
      ],
      actions: [
        {
          label: "Set latency",
          kind: "primary",
          call: (v) => condition("latency", { ms: num(v.ms), jitter: num(v.jitter), direction: v.direction }),
          done: (v) => `Latency ${v.ms} ms set.`,
        },
        { label: "Clear", call: () => clear("latency"), done: () => "Latency cleared." },
      ],
    },
    {
      id: "bandwidth",
      legend: "Bandwidth",
      hint: "Bytes cross the network no faster than this.",
      fields: [
        { name: "kbps", label: "kbit/s", type: "number", min: 1, value: 64 },
        { name: "direction", label: "Direction", type: "select", options: DIRECTIONS.map((d) => [d, d]) },
      ],
      actions: [
        {
          label: "Set bandwidth",
          kind: "primary",
          call: (v) => condition("bandwidth", { kbps: num(v.kbps), direction: v.direction }),
          done: (v) => `Bandwidth ${v.kbps} kbit/s set.`,
        },
        { label: "Clear", call: () => clear("bandwidth"), done: () => "Bandwidth cleared." },
      ],
    },
    {
      id: "urc",
      legend: "Unsolicited line",
      hint: "The modem sends this line to the host as a URC.",
      fields: [{ name: "line", label: "Line", type: "text", value: '+QIURC: "hello"', wide: true }],
      actions: [
        {
          label: "Send URC",
          call: (v) => ["POST", `api/modems/${modem}/urc`, { line: v.line }],
          done: (v) => `Sent ${v.line}.`,
        },
      ],
    },
  ];
}

export class Controls {
  /** @param changed called after each successful action, so the page reads the modem again */
  constructor(root, modem, changed) {
    this.modem = modem;
    this.changed = changed;
    this.selects = {};
    for (const control of catalogue(modem)) root.append(this.form(control));
  }

  form(control) {
    const prefix = `c-${control.id}`;
    const result = el("p", { class: "result", id: `${prefix}-result`, role: "status" });
    const fields = control.fields.map((f) => {
      const id = `${prefix}-${f.name}`;
      let input;
      if (f.type === "select") {
        input = el(
          "select",
          { id, name: f.name, "aria-describedby": `${prefix}-result` },
          f.options.map(([value, text]) => el("option", { value }, text)),
        );
        this.selects[control.id] = input;
      } else {
        input = el("input", {
          id,
          name: f.name,
          type: f.type,
          min: f.min,
          max: f.max,
          value: f.value,
          autocomplete: "off",
          "aria-describedby": `${prefix}-result`,
        });
      }
      return el("label", { for: id, class: f.wide ? "wide" : undefined }, f.label, input);
    });
    const form = el(
      "form",
      { class: "control", id: prefix, novalidate: true, "aria-labelledby": `${prefix}-legend` },
    );
    const buttons = control.actions.map((a) =>
      el(
        "button",
        { type: "button", class: a.kind, onclick: (e) => this.run(form, e.currentTarget, a, result) },
        a.label,
      ),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      buttons[0].click();
    });
    form.append(
      el("h3", { id: `${prefix}-legend` }, control.legend),
      el("p", { class: "hint" }, control.hint),
      el("div", { class: "row" }, fields, buttons),
      result,
    );
    return form;
  }

  async run(form, button, action, result) {
    if (button.getAttribute("aria-disabled") === "true") return;
    const values = Object.fromEntries(new FormData(form).entries());
    form.querySelectorAll("[aria-invalid]").forEach((f) => f.removeAttribute("aria-invalid"));
    button.setAttribute("aria-disabled", "true");
    result.className = "result";
    result.textContent = "";
    try {
      const [method, path, body] = action.call(values);
      const answer = await api(method, path, body);
      result.className = "result ok";
      result.textContent = action.done(values, answer);
      this.changed();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result.className = e.status === 501 ? "result unavailable" : "result error";
      const title = e.status === 501 ? "Not available in this build" : e.title;
      result.replaceChildren(el("strong", {}, e.status ? `${title} (${e.status})` : title), e.detail);
      const field = e.field && form.elements.namedItem(e.field);
      if (field instanceof HTMLElement) field.setAttribute("aria-invalid", "true");
    } finally {
      button.removeAttribute("aria-disabled");
    }
  }

  /** Keeps the choices of contexts and sockets in step with the modem, keeping what is chosen. */
  choices(detail) {
    fill(
      this.selects.pdp,
      [["", "every active one"]].concat((detail.contexts || []).map((c) => [String(c.id), `${c.id} (${c.state})`])),
    );
    fill(
      this.selects.peer,
      [["", "every socket"]].concat(
        (detail.sockets || []).map((s) => [String(s.id), `${s.id}: ${s.type} ${s.remote || ""}`.trim()]),
      ),
    );
  }
}

function fill(select, options) {
  if (!select) return;
  const now = Array.from(select.options, (o) => o.value + "\u0000" + o.text).join("\u0001");
  const want = options.map(([v, t]) => v + "\u0000" + t).join("\u0001");
  if (now === want) return;
  const chosen = select.value;
  select.replaceChildren(...options.map(([value, text]) => el("option", { value }, text)));
  select.value = options.some(([v]) => v === chosen) ? chosen : "";
}
