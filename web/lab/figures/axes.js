// Axes drawn on a canvas from d3 scales: tick positions and labels come from
// d3-scale (nice round numbers, log decades), the drawing is a few strokes.

import { alpha } from '../theme.js';

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {object} o
 * @param {object} o.x d3 scale for the horizontal axis (range in CSS px)
 * @param {object} o.y d3 scale for the vertical axis
 * @param {{left: number, top: number, right: number, bottom: number}} o.frame plot area in CSS px
 * @param {object} o.colors {fg, muted, grid}
 * @param {number} [o.xTicks=5]
 * @param {number} [o.yTicks=4]
 * @param {string} [o.xLabel]
 * @param {string} [o.yLabel]
 * @param {number} [o.width] the canvas's CSS width, to keep edge labels inside it (default: read from
 *   the canvas, a layout read)
 */
export function drawAxes(ctx, { x, y, frame, colors, xTicks = 5, yTicks = 4, xLabel, yLabel, width: cssWidth }) {
  ctx.save();
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  // Grid lines and y labels.
  const yt = y.ticks(yTicks);
  const yFormat = y.tickFormat(yTicks, y.base ? '~g' : undefined);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const t of yt) {
    const py = Math.round(y(t)) + 0.5;
    if (py < frame.top - 1 || py > frame.bottom + 1) continue;
    const label = yFormat(t);
    if (y.base && !label) continue; // log axes: grid lines at labelled ticks only
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(frame.left, py);
    ctx.lineTo(frame.right, py);
    ctx.stroke();
    if (label) {
      ctx.fillStyle = colors.muted;
      ctx.fillText(label, frame.left - 4, py);
    }
  }
  // x labels.
  const xt = x.ticks(xTicks);
  // Step counts read 0, 200, 400, …, 1k, 1.5k: a "k" only from 1,000 up (d3's SI
  // format would write 0.2k); other axes keep d3's default labels.
  const plain = x.tickFormat(xTicks);
  const steps = xt.every(Number.isInteger);
  const xFormat = (t) => (steps && Math.abs(t) >= 1000 ? `${+(t / 1000).toFixed(2)}k` : plain(t));
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const width = cssWidth ?? (ctx.canvas.clientWidth || frame.right);
  for (const t of xt) {
    const px = Math.round(x(t)) + 0.5;
    const label = xFormat(t);
    const half = ctx.measureText(label).width / 2;
    const lx = Math.min(Math.max(px, half + 1), width - half - 1); // keep the edge labels inside the canvas
    ctx.strokeStyle = colors.grid;
    ctx.beginPath();
    ctx.moveTo(px, frame.bottom);
    ctx.lineTo(px, frame.bottom + 4);
    ctx.stroke();
    ctx.fillStyle = colors.muted;
    ctx.fillText(label, lx, frame.bottom + 5);
  }
  // The frame's left and bottom edges.
  ctx.strokeStyle = colors.muted;
  ctx.beginPath();
  ctx.moveTo(frame.left + 0.5, frame.top);
  ctx.lineTo(frame.left + 0.5, frame.bottom + 0.5);
  ctx.lineTo(frame.right, frame.bottom + 0.5);
  ctx.stroke();
  ctx.fillStyle = colors.muted;
  if (xLabel) {
    ctx.textAlign = 'right';
    ctx.textBaseline = 'bottom';
    ctx.fillText(xLabel, frame.right, frame.bottom - 3);
  }
  if (yLabel) {
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(yLabel, frame.left + 4, frame.top);
  }
  ctx.restore();
}

/**
 * Strokes a polyline through the finite points (xs[i], ys[i]); a non-finite
 * value breaks the line, so NaN is never drawn as data.
 */
export function strokeSeries(ctx, xs, ys, x, y) {
  ctx.beginPath();
  let pen = false;
  for (let i = 0; i < xs.length; ++i) {
    const v = ys[i];
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    const px = x(xs[i]);
    const py = y(v);
    if (pen) ctx.lineTo(px, py);
    else ctx.moveTo(px, py);
    pen = true;
  }
  ctx.stroke();
}

/**
 * A percentile band over steps: the area between the 15th and 85th
 * percentiles, their two edges, and the median drawn heavier. Runs of
 * non-finite values leave gaps, so NaN is never drawn as data.
 * @param {{p15: ArrayLike<number>, p50: ArrayLike<number>, p85: ArrayLike<number>}} band
 * @param {{color: string, faint?: boolean}} style faint: a lighter, dashed band drawn behind another
 */
export function drawPercentileBand(ctx, steps, band, x, y, { color, faint = false }) {
  const n = Math.min(steps.length, band.p15.length, band.p85.length);
  const ok = (k) => Number.isFinite(band.p15[k]) && Number.isFinite(band.p85[k]);
  ctx.fillStyle = alpha(color, faint ? 0.1 : 0.22);
  for (let i = 0; i < n; ) {
    while (i < n && !ok(i)) ++i;
    let j = i;
    while (j < n && ok(j)) ++j;
    if (j > i) {
      ctx.beginPath();
      for (let k = i; k < j; ++k) ctx.lineTo(x(steps[k]), y(band.p85[k]));
      for (let k = j - 1; k >= i; --k) ctx.lineTo(x(steps[k]), y(band.p15[k]));
      ctx.closePath();
      ctx.fill();
    }
    i = j;
  }
  ctx.strokeStyle = faint ? alpha(color, 0.45) : color;
  ctx.setLineDash(faint ? [3, 3] : []);
  ctx.lineWidth = 1;
  strokeSeries(ctx, steps, band.p15, x, y);
  strokeSeries(ctx, steps, band.p85, x, y);
  ctx.lineWidth = faint ? 1.4 : 2.2;
  strokeSeries(ctx, steps, band.p50, x, y);
  ctx.setLineDash([]);
}
