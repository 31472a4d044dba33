// The control API as the page uses it: JSON calls whose errors are RFC 9457 problem details, and
// the Server-Sent Events streams. Paths are relative, so the dashboard works behind a prefix too.

// Off loopback the API wants a token. Opened as .../?token=T, the page keeps it for this tab and
// takes it out of the address bar (and so out of bookmarks, history and screenshots).
const TOKEN_KEY = "vmodem.token";
let token = null;
try {
  const params = new URLSearchParams(location.search);
  token = params.get("token") ?? sessionStorage.getItem(TOKEN_KEY);
  if (params.has("token")) {
    sessionStorage.setItem(TOKEN_KEY, token);
    params.delete("token");
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
  }
} catch (e) {
  // storage off: the token lives as long as the page
}

/** A failed call: the problem details the API answered, or what went wrong on the way. */
export class ApiError extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || "failed");
    this.status = problem.status ?? 0;
    this.title = problem.title || (this.status ? "Error " + this.status : "No answer");
    this.detail = problem.detail || "";
    this.field = problem.field || null;
  }
}

/** Calls the API; resolves to the JSON (or text) answer, rejects with an ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: "application/json, application/problem+json, text/plain" };
  if (token) headers.Authorization = "Bearer " + token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  } catch (e) {
    throw new ApiError({ status: 0, title: "No answer", detail: "vmodem did not answer; is it still running?" });
  }
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok) {
    if (type.startsWith("application/problem+json") || type.startsWith("application/json")) {
      throw new ApiError(await response.json());
    }
    throw new ApiError({ status: response.status, title: response.statusText, detail: await response.text() });
  }
  return type.startsWith("application/json") ? response.json() : response.text();
}

/** The path with the token added, for an EventSource (which cannot send headers). */
export function withToken(path) {
  if (!token) return path;
  return path + (path.includes("?") ? "&" : "?") + "token=" + encodeURIComponent(token);
}

/**
 * One Server-Sent Events stream of the API: {@code onItems(items, dropped)} for each message;
 * {@code onState("live" | "reconnecting" | "closed")} as the connection goes. The browser reconnects
 * by itself (sending Last-Event-ID, from which the trace stream resumes); a stream the server
 * refused (a modem gone: 404) is closed and tried again after a while when {@code retry} is set.
 */
export class Stream {
  constructor(path, event, onItems, onState, retry = false) {
    this.path = path;
    this.event = event;
    this.onItems = onItems;
    this.onState = onState;
    this.retry = retry;
    this.opened = 0;
    this.open();
  }

  open() {
    const source = new EventSource(withToken(this.path));
    this.source = source;
    source.addEventListener("open", () => {
      this.opened++;
      this.onState("live", this.opened > 1);
    });
    source.addEventListener(this.event, (e) => {
      const data = JSON.parse(e.data);
      this.onItems(data.items || [], data.dropped || 0);
    });
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        this.onState("closed", false);
        if (this.retry && !this.closed) {
          this.timer = setTimeout(() => this.open(), 5000);
        }
      } else {
        this.onState("reconnecting", false);
      }
    });
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    this.source?.close();
  }
}

/**
 * The state of the page's live stream ("connecting", "live", "reconnecting", "closed"), for the
 * indicator at the top: each page holds one stream, so that several tabs stay within the six
 * connections a browser opens to one server over HTTP/1.1.
 */
export function reportLive(state) {
  document.dispatchEvent(new CustomEvent("vmodem:live", { detail: state }));
}

/**
 * Every modem's changes ({@code GET /api/events}), one connection while anyone subscribes. A
 * subscriber hears {@code (items, {resync})}: resync when items were lost (the stream dropped some,
 * or it reconnected), so the view reads its state afresh.
 */
class Events {
  constructor() {
    this.listeners = new Set();
    this.stream = null;
  }

  subscribe(listener) {
    this.listeners.add(listener);
    if (!this.stream) {
      reportLive("connecting");
      this.stream = new Stream(
        "api/events",
        "events",
        (items, dropped) => this.emit(items, dropped > 0),
        (state, again) => {
          reportLive(state);
          if (again) this.emit([], true);
        },
        true,
      );
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.stream?.close();
        this.stream = null;
      }
    };
  }

  emit(items, resync) {
    this.listeners.forEach((l) => l(items, { resync }));
  }
}

export const events = new Events();
