// Figure: the 15th, 50th and 85th percentiles of one unit's activation input
// over the training steps (Ioffe & Szegedy 2015, Figure 1b/c): a band from the
// 15th to the 85th percentile and the median as a line.
//
//   const fig = createPercentileBands(container, {label});
//   fig.update({steps, p15, p50, p85, color: 'withBn', yDomain: [-2, 2]});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../canvas.js';
import { figureHandle } from '../figure.js';
import { palette } from '../theme.js';
import { drawAxes, drawPercentileBand } from './axes.js';

const MARGIN = { left: 34, right: 8, top: 8, bottom: 22 };

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createPercentileBands(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? '15th, 50th and 85th percentiles of a unit over training');
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(200, Math.max(140, w * 0.5)), draw });

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const color = colors[data.color] ?? data.color;
    const frame = { left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom };
    const last = data.steps.length ? data.steps[data.steps.length - 1] : 0;
    const first = data.steps.length ? data.steps[0] : 0;
    const x = scaleLinear().domain([first, Math.max(first + 10, last)]).range([frame.left, frame.right]);
    const y = scaleLinear().domain(data.yDomain).range([frame.bottom, frame.top]).nice();
    drawAxes(c.ctx, { x, y, frame, colors, width: c.width, xTicks: Math.max(2, Math.floor(c.width / 90)), yTicks: 4 });
    const ctx = c.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
    ctx.clip();
    drawPercentileBand(ctx, data.steps, data, x, y, { color });
    ctx.restore();
  }

  /**
   * @param {object} d
   * @param {number[]} d.steps
   * @param {number[]} d.p15
   * @param {number[]} d.p50
   * @param {number[]} d.p85
   * @param {string} d.color a palette name or CSS colour
   * @param {[number, number]} d.yDomain shared by the two networks' panels
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
