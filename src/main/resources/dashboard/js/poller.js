// How a page keeps its state fresh: one read at a time, the next at the earliest time anyone asked.

/**
 * How often a page reads its state, in ms: 1000, or {@code ?refresh=N} in the address (250 to
 * 60000), slower for a large fleet on a small host, faster to watch a burst.
 */
export const REFRESH_MS = refreshInterval(new URLSearchParams(location.search).get("refresh"));

function refreshInterval(asked) {
  const n = Number(asked);
  return asked !== null && Number.isInteger(n) ? Math.min(60000, Math.max(250, n)) : 1000;
}

export class Poller {
  /**
   * @param read reads and shows the state once (it handles its own errors)
   * @param interval the pause after a read, in ms, asked each time
   * @param alive whether the page still wants reads
   */
  constructor(read, interval, alive) {
    this.read = read;
    this.interval = interval;
    this.alive = alive;
  }

  /** Reads again after {@code delay} ms, unless a read is due sooner already. */
  schedule(delay) {
    if (!this.alive()) return;
    const at = performance.now() + delay;
    if (this.timer && this.timerAt <= at) return;
    clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, delay);
  }

  /** Reads now; one asked while a read is under way follows it at once. */
  async refresh() {
    if (this.loading) {
      this.again = true;
      return;
    }
    this.loading = true;
    try {
      await this.read();
    } finally {
      this.loading = false;
      if (this.again) {
        this.again = false;
        this.schedule(100);
      } else {
        this.schedule(this.interval());
      }
    }
  }

  stop() {
    clearTimeout(this.timer);
  }
}
