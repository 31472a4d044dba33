// A row's bytes-per-second sparkline: a small SVG path, so hundreds of rows cost a few nodes each
// (uPlot draws the modem page's larger chart).

const NS = "http://www.w3.org/2000/svg";

export class Sparkline {
  constructor(width = 96, height = 22, points = 60) {
    this.width = width;
    this.height = height;
    this.points = points;
    this.svg = document.createElementNS(NS, "svg");
    this.svg.setAttribute("class", "spark");
    this.svg.setAttribute("width", width);
    this.svg.setAttribute("height", height);
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.setAttribute("aria-hidden", "true");
    this.area = document.createElementNS(NS, "path");
    this.area.setAttribute("class", "area");
    this.line = document.createElementNS(NS, "path");
    this.line.setAttribute("class", "line");
    this.svg.append(this.area, this.line);
  }

  /** Draws {@code values} (oldest first) across the width, scaled to their largest. */
  draw(values) {
    const n = values.length;
    this.svg.dataset.points = String(n);
    if (n < 2) {
      this.line.setAttribute("d", "");
      this.area.setAttribute("d", "");
      return;
    }
    const max = Math.max(1, ...values);
    const step = this.width / (n - 1);
    const x0 = 0;
    const y = (v) => (this.height - 1 - (v / max) * (this.height - 3)).toFixed(1);
    let d = "";
    values.forEach((v, i) => {
      d += (i ? "L" : "M") + (x0 + i * step).toFixed(1) + " " + y(v);
    });
    this.line.setAttribute("d", d);
    this.area.setAttribute("d", `${d}L${this.width} ${this.height}L${x0.toFixed(1)} ${this.height}Z`);
  }
}
