// Figure: how one unit's activation input is distributed over a fixed set of
// examples as training goes on: a band from the 15th to the 85th percentile
// and the median as a line (Ioffe & Szegedy 2015, Figure 1b/c), for a main
// network drawn strongly and, optionally, a second one drawn faintly behind it.
//
//   const fig = createDriftBands(container);
//   fig.update({steps, xMax, yDomain, series: [{p15, p50, p85, color, label, faint}]});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';
import { drawAxes, drawPercentileBand } from '../../lab/figures/axes.js';

const MARGIN = { left: 38, right: 12, top: 10, bottom: 24 };

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createDriftBands(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? '15th, 50th and 85th percentiles of a unit over training');
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(300, Math.max(190, w * 0.42)), draw });

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const frame = { left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom };
    const x = scaleLinear().domain([0, data.xMax]).range([frame.left, frame.right]);
    x.tickFormat = () => (v) => String(v); // step counts in full ("200"), not drawAxes' SI default ("0.2k")
    const y = scaleLinear().domain(data.yDomain).range([frame.bottom, frame.top]).nice();
    drawAxes(ctx, { x, y, frame, colors, xTicks: Math.max(2, Math.floor(c.width / 110)), yTicks: 5,
      xLabel: 'training step' });
    // The zero line: where an input to tanh sits in its linear middle.
    ctx.strokeStyle = alpha(colors.muted, 0.5);
    ctx.beginPath();
    ctx.moveTo(frame.left, Math.round(y(0)) + 0.5);
    ctx.lineTo(frame.right, Math.round(y(0)) + 0.5);
    ctx.stroke();
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
    ctx.clip();
    const ordered = [...data.series].sort((a, b) => Number(b.faint) - Number(a.faint));
    for (const s of ordered) {
      drawPercentileBand(ctx, data.steps, s, x, y, { color: colors[s.color] ?? s.color, faint: s.faint });
    }
    ctx.restore();
    // Labels at the end of each median line.
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (const s of ordered) {
      const n = Math.min(data.steps.length, s.p50.length);
      if (!s.label || n < 1) continue;
      const px = Math.min(x(data.steps[n - 1]), frame.right - 2);
      const py = Math.min(frame.bottom - 8, Math.max(frame.top + 8, y(s.p85[n - 1]) - 9));
      ctx.fillStyle = alpha(colors[s.color] ?? s.color, s.faint ? 0.7 : 1);
      ctx.fillText(s.label, px, py);
    }
  }

  /**
   * @param {object} d
   * @param {number[]} d.steps training step of each record
   * @param {number} d.xMax the step the horizontal axis ends at
   * @param {[number, number]} d.yDomain
   * @param {{p15: number[], p50: number[], p85: number[], color: string, label?: string, faint?: boolean}[]} d.series
   *   percentiles per record; color: a palette name or #rrggbb
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
