// Figure: one value per example of a mini-batch (a unit's z_norm or z), one
// column per example: a hollow ring where the value was in the real batch and
// a filled dot where it is now, joined by a line when it moved. The picked
// example is drawn larger.
//
//   const fig = createCouplingDots(container, {label});
//   fig.update({before: […], after: […], selected: k, color: 'zNorm', yDomain: [lo, hi]});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';
import { drawAxes } from '../../lab/figures/axes.js';

const MARGIN = { left: 40, right: 8, top: 8, bottom: 22 };

/**
 * @param {HTMLElement} container
 * @param {{label: string}} options
 */
export function createCouplingDots(container, { label }) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', label);
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(180, Math.max(130, w * 0.45)), draw });

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const m = data.before.length;
    const frame = { left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom };
    const x = scaleLinear().domain([0.5, m + 0.5]).range([frame.left, frame.right]);
    x.tickFormat = () => (v) => String(v);
    const y = scaleLinear().domain(data.yDomain).range([frame.bottom, frame.top]).nice();
    drawAxes(ctx, { x, y, frame, colors, xTicks: Math.min(m, Math.floor(c.width / 40)), yTicks: 4, xLabel: 'example' });
    const color = colors[data.color] ?? data.color;
    for (let j = 0; j < m; ++j) {
      const [b, a] = [data.before[j], data.after[j]];
      if (!Number.isFinite(b) || !Number.isFinite(a)) continue;
      const px = x(j + 1);
      const big = j === data.selected;
      ctx.strokeStyle = alpha(color, 0.6);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, y(b));
      ctx.lineTo(px, y(a));
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(px, y(b), big ? 6 : 4, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(px, y(a), big ? 5 : 3, 0, 2 * Math.PI);
      ctx.fill();
      if (big) {
        ctx.strokeStyle = colors.fg;
        ctx.lineWidth = 1.5;
        ctx.stroke();
      }
    }
  }

  /**
   * @param {object} d
   * @param {number[]} d.before each example's value in the real batch
   * @param {number[]} d.after each example's value with the picked example moved
   * @param {number} d.selected the picked example
   * @param {string} d.color a palette name or CSS colour
   * @param {[number, number]} d.yDomain
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
