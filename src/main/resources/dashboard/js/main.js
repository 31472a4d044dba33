// The dashboard's entry: routes (#/ the list, #/modems/7 one modem), the live indicator and the
// theme. Plain modules, no build step: the jar serves these files as they are.

import { ListView } from "./list.js";
import { ModemView } from "./modem.js";

const main = document.getElementById("main");
let view = null;
let first = true;

function route() {
  const hash = location.hash || "#/";
  if (!hash.startsWith("#/")) return;
  const [path, query] = hash.slice(1).split("?");
  view?.destroy();
  main.replaceChildren();
  const modem = /^\/modems\/m?(\d+)$/.exec(path);
  view = modem ? new ModemView(main, Number(modem[1])) : new ListView(main, new URLSearchParams(query || ""));
  const nav = document.getElementById("nav-modems");
  if (modem) nav.removeAttribute("aria-current");
  else nav.setAttribute("aria-current", "page");
  // after a navigation, a screen reader starts at the new page's heading
  if (!first) view.focus();
  first = false;
}

window.addEventListener("hashchange", route);
route();

// a page kept in the back-forward cache holds no stream open; it starts again when shown
window.addEventListener("pagehide", () => {
  view?.destroy();
  view = null;
});
window.addEventListener("pageshow", (e) => {
  if (e.persisted) route();
});

document.getElementById("skip").addEventListener("click", (e) => {
  e.preventDefault();
  main.focus();
});

// ---- the live indicator: the state of /api/events ----

const live = document.getElementById("live");
const words = { connecting: "Connecting…", live: "Live", reconnecting: "Reconnecting…", closed: "Not connected" };
document.addEventListener("vmodem:live", (e) => {
  live.dataset.state = e.detail;
  live.querySelector(".live-text").textContent = words[e.detail] || e.detail;
});

// ---- the theme: auto (the system's), light or dark ----

const root = document.documentElement;
const button = document.getElementById("theme");
const system = matchMedia("(prefers-color-scheme: dark)");
const THEMES = ["auto", "light", "dark"];

function applyTheme(theme) {
  root.dataset.theme = theme;
  root.dataset.scheme = theme === "dark" || (theme === "auto" && system.matches) ? "dark" : "light";
  button.textContent = `Theme: ${theme}`;
  button.setAttribute("aria-label", `Colour theme: ${theme}. Change`);
}

button.addEventListener("click", () => {
  const theme = THEMES[(THEMES.indexOf(root.dataset.theme) + 1) % THEMES.length];
  try {
    localStorage.setItem("vmodem.theme", theme);
  } catch (e) {
    // storage off: the choice lasts as long as the page
  }
  applyTheme(theme);
});
system.addEventListener("change", () => applyTheme(root.dataset.theme));
applyTheme(THEMES.includes(root.dataset.theme) ? root.dataset.theme : "auto");
