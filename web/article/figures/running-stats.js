// Figure: a batch-norm statistic over training steps. Dots: the value in each
// training mini-batch (μ_B or σ²_B); solid line: the running average that
// inference will use; dashed line: the value over a large fixed set of
// examples, what the running average is trying to track.
//
//   const fig = createRunningStats(container, {label});
//   fig.update({steps, batch, running, population, color, xMax, title});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';
import { drawAxes, strokeSeries } from '../../lab/figures/axes.js';
import { finiteExtent } from '../../lab/histogram.js';

const MARGIN = { left: 40, right: 10, top: 18, bottom: 22 };

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createRunningStats(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'A batch statistic and its running average over training');
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(220, Math.max(150, w * 0.5)), draw });

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const color = colors[data.color] ?? data.color;
    const frame = { left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom };
    const x = scaleLinear().domain([0, data.xMax]).range([frame.left, frame.right]);
    x.tickFormat = () => (v) => String(v); // step counts in full ("200"), not drawAxes' SI default ("0.2k")
    const extent = finiteExtent([data.batch, data.running, data.population]) ?? [0, 1];
    const pad = Math.max((extent[1] - extent[0]) * 0.08, 0.02);
    const y = scaleLinear().domain([extent[0] - pad, extent[1] + pad]).range([frame.bottom, frame.top]).nice();
    drawAxes(ctx, { x, y, frame, colors, xTicks: Math.max(2, Math.floor(c.width / 100)), yTicks: 4, xLabel: 'step' });
    ctx.save();
    ctx.beginPath();
    ctx.rect(frame.left, frame.top, frame.right - frame.left, frame.bottom - frame.top);
    ctx.clip();
    ctx.fillStyle = alpha(color, 0.45);
    for (let k = 0; k < data.steps.length; ++k) {
      if (!Number.isFinite(data.batch[k])) continue;
      ctx.beginPath();
      ctx.arc(x(data.steps[k]), y(data.batch[k]), 1.8, 0, 2 * Math.PI);
      ctx.fill();
    }
    ctx.strokeStyle = colors.fg;
    ctx.lineWidth = 1.3;
    ctx.setLineDash([5, 4]);
    strokeSeries(ctx, data.steps, data.population, x, y);
    ctx.setLineDash([]);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2.4;
    strokeSeries(ctx, data.steps, data.running, x, y);
    ctx.restore();
    ctx.font = '600 13px system-ui, sans-serif';
    ctx.fillStyle = color;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(data.title, frame.left + 4, 0);
  }

  /**
   * @param {object} d
   * @param {number[]} d.steps
   * @param {number[]} d.batch the statistic of each training mini-batch
   * @param {number[]} d.running the running average after each step
   * @param {number[]} d.population the statistic over the fixed probe set
   * @param {string} d.color palette name or #rrggbb
   * @param {number} d.xMax
   * @param {string} d.title
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
