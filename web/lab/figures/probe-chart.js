// Figure: values probed every few training steps, one series per network, as
// a line or as a ribbon between a low and a high value (Santurkar et al.
// 2018, Fig. 4: the range of the loss along the gradient as a ribbon, the
// gradient's change and the effective β-smoothness as lines). Log or linear y.
// Non-finite values leave gaps: NaN is never drawn.
//
//   const fig = createProbeChart(container, {label, yLabel, logY});
//   fig.update({steps, xMax, series: [{color, values}|{color, lo, hi}]});

import { scaleLinear, scaleLog } from 'd3-scale';
import { responsiveCanvas, clear } from '../canvas.js';
import { figureHandle } from '../figure.js';
import { palette } from '../theme.js';
import { drawAxes, drawPercentileBand, strokeSeries } from './axes.js';
import { finiteExtent } from '../histogram.js';

const MARGIN = { left: 46, right: 10, top: 16, bottom: 22 };

/**
 * @param {HTMLElement} container
 * @param {{label: string, yLabel?: string, logY?: boolean}} options
 */
export function createProbeChart(container, { label, yLabel, logY = false }) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(200, Math.max(140, w * 0.3)), draw });
  const keep = (v) => Number.isFinite(v) && (!logY || v > 0);

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const frame = { left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom };
    const clean = (xs) => Array.from(xs ?? [], (v) => (keep(v) ? v : NaN));
    const series = data.series.map((s) => ({ ...s, values: clean(s.values), lo: clean(s.lo), hi: clean(s.hi) }));
    const extent = finiteExtent(series.flatMap((s) => [s.values, s.lo, s.hi])) ?? (logY ? [0.1, 1] : [0, 1]);
    const x = scaleLinear().domain([0, data.xMax]).range([frame.left, frame.right]);
    const y = logY
      ? scaleLog().domain([extent[0] / 1.3, Math.max(extent[1] * 1.3, extent[0] * 3)]).range([frame.bottom, frame.top]).nice()
      : scaleLinear().domain([Math.min(0, extent[0]), extent[1] * 1.1 || 1]).range([frame.bottom, frame.top]).nice();
    drawAxes(ctx, { x, y, frame, colors, width: c.width, xTicks: Math.max(2, Math.floor(c.width / 100)), yTicks: 3, xLabel: 'step', yLabel });
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top - 2, frame.right - frame.left + 2, frame.bottom - frame.top + 4);
    ctx.clip();
    for (const s of series) {
      const color = colors[s.color] ?? s.color;
      // A ribbon from lo to hi: the percentile band's drawing with no middle line (gaps where a probe was skipped).
      if (s.lo.length) drawPercentileBand(ctx, data.steps, { p15: s.lo, p50: [], p85: s.hi }, x, y, { color });
      if (s.values.length) {
        ctx.strokeStyle = color;
        ctx.lineWidth = 2;
        strokeSeries(ctx, data.steps, s.values, x, y);
      }
    }
    ctx.restore();
  }

  /**
   * @param {object} d
   * @param {number[]} d.steps the probed steps
   * @param {number} d.xMax where the step axis ends
   * @param {{color: string, values?: number[], lo?: number[], hi?: number[]}[]} d.series a line (values) or a
   *   ribbon (lo, hi) per network; color a palette name or a CSS colour
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
