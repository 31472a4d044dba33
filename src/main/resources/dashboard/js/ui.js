// Small helpers the views share: making elements, and the words and numbers a modem's state is
// shown with.

/** {@code el("td", {class: "num"}, "3")}: an element with attributes (on* are listeners) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (name === "class") {
      node.className = value;
    } else if (name === "dataset") {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(name, value === true ? "" : value);
    }
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Sets a node's text only when it changed (no needless layout, no lost selection). */
export function setText(node, text) {
  const s = String(text);
  if (node.textContent !== s) node.textContent = s;
}

const integer = new Intl.NumberFormat("en");
const decimal = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });

export function formatInt(n) {
  return n === undefined || n === null ? "–" : integer.format(n);
}

/** 1 536 → "1.5 kB" (powers of 1000, as network rates are counted). */
export function formatBytes(n) {
  if (n === undefined || n === null) return "–";
  if (n < 1000) return integer.format(Math.round(n)) + " B";
  const units = ["kB", "MB", "GB", "TB"];
  let v = n;
  let i = -1;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return decimal.format(v) + " " + units[i];
}

export function formatRate(bytesPerSecond) {
  return formatBytes(bytesPerSecond) + "/s";
}

/** The tone a badge takes for a value: ok, warn, bad, info or off. */
export function powerTone(power) {
  return { on: "ok", booting: "warn", off: "off" }[power] || "off";
}

export function registrationTone(state) {
  return (
    { registered: "ok", roaming: "info", searching: "warn", denied: "bad", "not-registered": "off", unknown: "off" }[
      state
    ] || "off"
  );
}

export function contextTone(state) {
  return { active: "ok", activating: "warn", deactivating: "warn", inactive: "off" }[state] || "off";
}

export function socketTone(state) {
  return { connected: "ok", listening: "info", opening: "warn", closing: "warn", closed: "off" }[state] || "off";
}

/** An MQTT client's or an HTTP request's progress as a tone: settled is ok, on the way is warn. */
export function serviceTone(progress) {
  if (progress === "connected" || progress.startsWith("complete")) return "ok";
  return progress === "failed" ? "bad" : "warn";
}

/** Updates a badge made by {@link badge}. */
export function setBadge(node, text, tone) {
  setText(node, text ?? "–");
  const cls = "badge " + tone;
  if (node.className !== cls) node.className = cls;
}

export function badge(text, tone) {
  const node = el("span");
  setBadge(node, text, tone);
  return node;
}

/** 27.007 +CSQ rssi: 0 is -113 dBm or less, 31 is -51 dBm or more, 99 unknown (no signal). */
export function signalBars(rssi) {
  if (rssi === undefined || rssi === null || rssi === 99) return 0;
  if (rssi < 10) return 1;
  if (rssi < 15) return 2;
  if (rssi < 20) return 3;
  return 4;
}

export function signalWords(rssi) {
  if (rssi === undefined || rssi === null) return "unknown";
  if (rssi === 99) return "no signal";
  return `rssi ${rssi} (${-113 + 2 * rssi} dBm)`;
}

/** A signal indicator: four bars and the rssi; update it with {@link setSignal}. */
export function signal() {
  const bars = el("span", { class: "bars", "aria-hidden": "true" }, el("i"), el("i"), el("i"), el("i"));
  const text = el("span");
  return el("span", { class: "signal" }, bars, text);
}

export function setSignal(node, sig) {
  const rssi = sig?.rssi;
  const [bars, text] = node.children;
  const n = String(signalBars(rssi));
  if (bars.dataset.bars !== n) bars.dataset.bars = n;
  setText(text, rssi === undefined ? "–" : rssi === 99 ? "none" : rssi);
  const title = "Signal: " + signalWords(rssi);
  if (node.title !== title) {
    node.title = title;
    node.setAttribute("aria-label", title);
  }
}

/** The local time of an API timestamp, to the millisecond; and its microseconds for a trace file. */
export function parseTime(iso) {
  const m = /^(.*T\d\d:\d\d:\d\d)(\.\d+)?Z$/.exec(iso || "");
  if (!m) return { date: new Date(NaN), micros: 0 };
  const fraction = (m[2] || ".0").slice(1).padEnd(6, "0").slice(0, 6);
  const micros = Number(fraction);
  return { date: new Date(Date.parse(m[1] + "Z") + Math.floor(micros / 1000)), micros };
}

function two(n) {
  return String(n).padStart(2, "0");
}

export function clock(date, digits = 3, micros = 0) {
  const base = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  return base + "." + String(micros).padStart(6, "0").slice(0, digits);
}

/** Saves text as a file the browser downloads. */
export function download(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
