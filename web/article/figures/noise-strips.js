// Figure: one example's z_norm in many random mini-batches, one row of dots
// per batch size, with a reference line (the value with the whole training
// set as the batch) and a bar for ±1 standard deviation of the dots. Pure
// drawing: it receives plain data.
//
//   const fig = createNoiseStrips(container);
//   fig.update({rows: [{label, values}], reference, color});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';
import { mean, std } from '../stats.js';

const ROW = 58;
const LEFT = 64;
const RIGHT = 12;
const BOTTOM = 24;

/** A fixed pseudo-random offset in [−1, 1] for dot k, so redraws do not shimmer. */
const jitter = (k) => {
  const s = Math.sin(k * 12.9898 + 78.233) * 43758.5453;
  return 2 * (s - Math.floor(s)) - 1;
};

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createNoiseStrips(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'One example’s z_norm in many random mini-batches, per batch size');
  let data = null;
  const c = responsiveCanvas(container, { height: () => 10 + ROW * (data?.rows.length ?? 3) + BOTTOM, draw });

  function draw() {
    c.refit();
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const color = colors[data.color] ?? data.color;
    const bottom = c.height - BOTTOM;
    let lo = data.reference;
    let hi = data.reference;
    for (const r of data.rows) for (const v of r.values) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const pad = Math.max(0.25, (hi - lo) * 0.05);
    const x = scaleLinear().domain([lo - pad, hi + pad]).range([LEFT, c.width - RIGHT]).nice();
    // The horizontal axis: ticks and labels along the bottom.
    ctx.strokeStyle = colors.muted;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(LEFT, bottom + 0.5);
    ctx.lineTo(c.width - RIGHT, bottom + 0.5);
    ctx.stroke();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of x.ticks(Math.max(3, Math.floor(c.width / 80)))) {
      ctx.fillRect(Math.round(x(t)), bottom, 1, 4);
      ctx.fillText(x.tickFormat()(t).replace('-', '−'), x(t), bottom + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText('z_norm', c.width - RIGHT, bottom - 2);
    // The reference: the example normalized with the statistics of the whole training set.
    const rx = Math.round(x(data.reference)) + 0.5;
    ctx.strokeStyle = colors.fg;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(rx, 4);
    ctx.lineTo(rx, bottom);
    ctx.stroke();
    ctx.setLineDash([]);
    data.rows.forEach((r, k) => {
      const cy = 10 + ROW * k + ROW / 2 - 4;
      const values = Array.from(r.values).filter(Number.isFinite);
      const m = mean(values);
      const s = std(values);
      // ±1 standard deviation of the dots, as a bar under them.
      ctx.fillStyle = alpha(color, 0.16);
      ctx.fillRect(x(m - s), cy - 15, Math.max(1, x(m + s) - x(m - s)), 30);
      ctx.fillStyle = alpha(color, 0.55);
      values.forEach((v, i) => {
        ctx.beginPath();
        ctx.arc(x(v), cy + jitter(i + 31 * k) * 11, 2.6, 0, 2 * Math.PI);
        ctx.fill();
      });
      ctx.fillStyle = colors.fg;
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(r.label, 2, cy - 6);
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillStyle = colors.muted;
      ctx.fillText(`σ = ${s.toFixed(2)}`, 2, cy + 9);
    });
  }

  /**
   * @param {object} d
   * @param {{label: string, values: ArrayLike<number>}[]} d.rows one per batch size
   * @param {number} d.reference z_norm with the whole training set as the batch
   * @param {string} d.color a palette name or #rrggbb
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
