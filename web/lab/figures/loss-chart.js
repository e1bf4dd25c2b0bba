// Figure: training and test loss of both networks over the training steps, on
// one chart, with the target loss X as a dotted line and a dot where each
// network first reached it.
//
//   const chart = createLossChart(container, {label});
//   chart.update({steps, series: [{label, color, dashed, values}], target, reached: [{step, color}], logY});

import { scaleLinear, scaleLog } from 'd3-scale';
import { responsiveCanvas, clear } from '../canvas.js';
import { figureHandle } from '../figure.js';
import { palette } from '../theme.js';
import { drawAxes, strokeSeries } from './axes.js';
import { finiteExtent } from '../histogram.js';

const MARGIN = { left: 44, right: 12, top: 10, bottom: 22 };

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createLossChart(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'Loss over training steps, both networks');
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(260, Math.max(170, w * 0.42)), draw });

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const frame = { left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom };
    const lastStep = data.steps.length ? data.steps[data.steps.length - 1] : 0;
    const x = scaleLinear().domain([0, Math.max(10, lastStep)]).range([frame.left, frame.right]);
    // Only finite, and on a log axis only positive, values are data.
    const keep = (v) => Number.isFinite(v) && (!data.logY || v > 0);
    const series = data.series.map((s) => ({ ...s, values: Array.from(s.values, (v) => (keep(v) ? v : NaN)) }));
    const extent = finiteExtent(series.map((s) => s.values)) ?? [0.01, 1];
    // A loss blowing up on its way to divergence would flatten every other
    // curve: the axis stops at 1000× (log) or 10× (linear) the initial loss,
    // and larger values leave the chart at the top.
    const initial = finiteExtent(series.map((s) => s.values.slice(0, 1)));
    if (initial) extent[1] = Math.min(extent[1], initial[1] * (data.logY ? 1000 : 10));
    let y;
    if (data.logY) {
      const lo = Math.min(extent[0], data.target ?? extent[0]);
      const hi = Math.max(extent[1], lo * 10);
      y = scaleLog().domain([lo * 0.8, hi * 1.25]).range([frame.bottom, frame.top]).nice();
    } else {
      y = scaleLinear().domain([0, Math.max(extent[1], data.target ?? 0) * 1.05]).range([frame.bottom, frame.top]).nice();
    }
    drawAxes(c.ctx, { x, y, frame, colors, width: c.width, xTicks: Math.max(2, Math.floor(c.width / 90)), yTicks: 4, xLabel: 'step' });
    const ctx = c.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top - 2, frame.right - frame.left + 2, frame.bottom - frame.top + 4);
    ctx.clip();
    if (data.target && keep(data.target)) {
      const py = Math.round(y(data.target)) + 0.5;
      ctx.strokeStyle = colors.muted;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(frame.left, py);
      ctx.lineTo(frame.right, py);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = colors.muted;
      ctx.font = '11px system-ui, sans-serif';
      ctx.textAlign = 'right';
      ctx.textBaseline = 'bottom';
      ctx.fillText(`X = ${data.target}`, frame.right - 2, py - 2);
    }
    ctx.lineJoin = 'round';
    for (const s of series) {
      ctx.strokeStyle = colors[s.color] ?? s.color;
      ctx.lineWidth = s.dashed ? 1.5 : 2;
      ctx.setLineDash(s.dashed ? [5, 4] : []);
      strokeSeries(ctx, data.steps, s.values, x, y);
    }
    ctx.setLineDash([]);
    for (const r of data.reached ?? []) {
      if (r.step === null || !keep(data.target)) continue;
      ctx.fillStyle = colors[r.color] ?? r.color;
      ctx.strokeStyle = colors.bg;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(x(r.step), y(data.target), 4.5, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  }

  /**
   * @param {object} d
   * @param {number[]} d.steps recorded steps
   * @param {{label: string, color: string, dashed?: boolean, values: number[]}[]} d.series
   *   color: a palette name ('withBn') or a CSS colour
   * @param {number} [d.target] the target loss X
   * @param {{step: number|null, color: string}[]} [d.reached] where each network first reached X
   * @param {boolean} [d.logY]
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
