// Figure: the loss of the two-weight model ŷ = w₁x₁ + w₂x₂ over the plane of
// its weights, as contour lines around the minimum, with a gradient-descent
// path drawn up to its current step. Pure drawing: it receives plain data.
//
//   const fig = createInputScaling(container, {onPick: (w1, w2) => …});
//   fig.update({grid: {values, resolution, c1, e1, c2, e2}, levels, path, shown, minimum, color});

import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';
import { drawAxes } from '../../lab/figures/axes.js';

const MARGIN = { left: 38, right: 10, top: 8, bottom: 26 };

/**
 * @param {HTMLElement} container
 * @param {{onPick?: (w1: number, w2: number) => void, label?: string}} [options]
 *   onPick: the reader clicked or tapped the plane at (w1, w2)
 */
export function createInputScaling(container, { onPick, label } = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label ?? 'Loss contours over the two weights with a gradient-descent path');
  let data = null;
  let rings = null; // contour geometry of data.grid, computed once per update
  let scales = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(w, 440), draw });

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const color = colors[data.color] ?? data.color;
    const ctx = c.ctx;
    const side = Math.max(10, Math.min(c.width - MARGIN.left - MARGIN.right, c.height - MARGIN.top - MARGIN.bottom));
    const left = MARGIN.left + Math.max(0, (c.width - MARGIN.left - MARGIN.right - side) / 2);
    const frame = { left, top: MARGIN.top, right: left + side, bottom: MARGIN.top + side };
    const { c1, e1, c2, e2, resolution: R } = data.grid;
    const x = scaleLinear().domain([c1 - e1, c1 + e1]).range([frame.left, frame.right]);
    const y = scaleLinear().domain([c2 - e2, c2 + e2]).range([frame.bottom, frame.top]);
    scales = { x, y, frame };
    drawAxes(ctx, { x, y, frame, colors, xTicks: 5, yTicks: 5, xLabel: 'w₁', yLabel: 'w₂' });

    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top, side, side);
    ctx.clip();
    // d3-contour puts grid value k at the centre of cell k, i.e. at coordinate k + 0.5.
    const gx = (u) => x(c1 - e1 + (2 * e1 * (u - 0.5)) / (R - 1));
    const gy = (v) => y(c2 - e2 + (2 * e2 * (v - 0.5)) / (R - 1));
    rings.forEach((geometry) => {
      ctx.beginPath();
      for (const polygon of geometry.coordinates) {
        for (const ring of polygon) {
          ring.forEach(([u, v], i) => (i ? ctx.lineTo(gx(u), gy(v)) : ctx.moveTo(gx(u), gy(v))));
          ctx.closePath();
        }
      }
      // Nested fills darken towards the minimum; every level also gets a line.
      ctx.fillStyle = alpha(color, 0.05);
      ctx.fill('evenodd');
      ctx.strokeStyle = alpha(colors.muted, 0.6);
      ctx.lineWidth = 1;
      ctx.stroke();
    });

    // The minimum w*.
    const [m1, m2] = data.minimum;
    ctx.strokeStyle = colors.fg;
    ctx.lineWidth = 2;
    const s = 5;
    ctx.beginPath();
    ctx.moveTo(x(m1) - s, y(m2) - s);
    ctx.lineTo(x(m1) + s, y(m2) + s);
    ctx.moveTo(x(m1) - s, y(m2) + s);
    ctx.lineTo(x(m1) + s, y(m2) - s);
    ctx.stroke();

    // The path, up to the current step: segments, then a dot per iterate.
    const path = data.path;
    const last = Math.min(data.shown, path.length / 2 - 1);
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    for (let k = 0; k <= last; ++k) {
      const px = x(path[2 * k]);
      const py = y(path[2 * k + 1]);
      if (k) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
    }
    ctx.stroke();
    ctx.fillStyle = color;
    for (let k = 1; k <= last; ++k) {
      ctx.beginPath();
      ctx.arc(x(path[2 * k]), y(path[2 * k + 1]), k === last ? 4.5 : 2.2, 0, 2 * Math.PI);
      ctx.fill();
    }
    // The start: a ring.
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x(path[0]), y(path[1]), 5, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  }

  function pick(event) {
    if (!scales || !onPick) return;
    const r = c.canvas.getBoundingClientRect();
    const px = event.clientX - r.left;
    const py = event.clientY - r.top;
    const { x, y, frame } = scales;
    if (px < frame.left || px > frame.right || py < frame.top || py > frame.bottom) return;
    onPick(x.invert(px), y.invert(py));
  }
  c.canvas.addEventListener('click', pick);
  c.canvas.style.cursor = onPick ? 'crosshair' : '';

  /**
   * @param {object} d
   * @param {{values: Float64Array, resolution: number, c1: number, e1: number, c2: number, e2: number}} d.grid
   *   the loss on a resolution² grid over [c1 ± e1] × [c2 ± e2], row r at w2 = c2 − e2 + 2·e2·r/(R − 1)
   * @param {number[]} d.levels loss values to draw contour lines at
   * @param {Float64Array} d.path [w1₀, w2₀, w1₁, w2₁, …], the iterates of gradient descent
   * @param {number} d.shown how many steps of the path to draw
   * @param {[number, number]} d.minimum w*
   * @param {string} d.color the path's colour: a palette name (web/lab/theme.js) or a #rrggbb colour
   */
  function setData(d) {
    if (d && (!data || d.grid !== data.grid || d.levels !== data.levels)) {
      const R = d.grid.resolution;
      // Contours of −loss at −level enclose the sublevel sets {loss ≤ level}: nested
      // ellipses around the minimum, so their fills darken towards it.
      rings = contours().size([R, R]).thresholds(d.levels.map((v) => -v))(Array.from(d.grid.values, (v) => -v));
    }
    data = d;
  }

  function destroy() {
    c.canvas.removeEventListener('click', pick);
    c.destroy();
  }

  return figureHandle({ setData, draw, destroy });
}
