// Figure: the batch-norm transform of one unit on one mini-batch, as strips.
// Each strip is a number line with one dot per example; thin lines join the
// same example from strip to strip, so the reader sees z → z_norm → z̃ move
// every dot by one shift and one scale. Strips carry their own marks (μ, 0, β)
// and bands (μ ± σ, ±1, β ± γ). Pure drawing: it receives plain data.
//
//   const fig = createBnStrips(container);
//   fig.update({strips: [{label, color, values, marks, band, domainFrom}], highlight, shared});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';

const ROW = 84; // CSS px per strip
const LEFT = 78; // room for the strip labels
const RIGHT = 14;

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createBnStrips(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'One unit’s values through the batch-norm transform');
  let data = null;
  const c = responsiveCanvas(container, { height: () => 12 + ROW * (data?.strips.length ?? 3), draw });

  /** [lo, hi] covering the strip's values, marks and band, padded a little. */
  function domainOf(s) {
    let lo = Infinity;
    let hi = -Infinity;
    const take = (v) => {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    };
    for (const v of s.values) take(v);
    for (const m of s.marks ?? []) take(m.value);
    if (s.band) {
      take(s.band.lo);
      take(s.band.hi);
    }
    if (!(lo <= hi)) return [-1, 1];
    const pad = Math.max((hi - lo) * 0.08, 1e-6);
    return [lo - pad, hi + pad];
  }

  function draw() {
    c.refit(); // the height follows the number of strips
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const right = c.width - RIGHT;
    const scales = [];
    // One number line for every strip (data.shared): the shift and the shrink from z to z_norm, and the stretch
    // and shift back to z̃, show as the dots moving; otherwise each strip spans its own values.
    const shared = data.shared ? data.strips.map(domainOf).reduce((a, d) => [Math.min(a[0], d[0]), Math.max(a[1], d[1])])
      : null;
    data.strips.forEach((s, k) => {
      const source = s.domainFrom !== undefined ? data.strips[s.domainFrom] : s;
      scales[k] = scaleLinear().domain(shared ?? source.domain ?? domainOf(source)).range([LEFT, right]);
      s.domain = scales[k].domain();
    });
    const yOf = (k) => 14 + ROW * k + 18;

    // Links between consecutive strips: the same example, before and after.
    ctx.lineWidth = 1;
    for (let k = 0; k + 1 < data.strips.length; ++k) {
      const a = data.strips[k];
      const b = data.strips[k + 1];
      for (let i = 0; i < a.values.length; ++i) {
        const hot = i === data.highlight;
        ctx.strokeStyle = alpha(colors.muted, hot ? 0.9 : 0.28);
        ctx.lineWidth = hot ? 1.6 : 1;
        ctx.beginPath();
        ctx.moveTo(scales[k](a.values[i]), yOf(k) + 5);
        ctx.lineTo(scales[k + 1](b.values[i]), yOf(k + 1) - 5);
        ctx.stroke();
      }
    }

    data.strips.forEach((s, k) => {
      const x = scales[k];
      const y = yOf(k);
      const color = colors[s.color] ?? s.color;
      // The band (e.g. μ ± σ) behind the axis.
      if (s.band) {
        const bc = colors[s.band.color] ?? s.band.color;
        ctx.fillStyle = alpha(bc, 0.16);
        const x0 = x(Math.min(s.band.lo, s.band.hi));
        const x1 = x(Math.max(s.band.lo, s.band.hi));
        ctx.fillRect(x0, y - 9, x1 - x0, 18);
      }
      // The axis line with three ticks.
      ctx.strokeStyle = colors.grid;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(LEFT, y + 0.5);
      ctx.lineTo(right, y + 0.5);
      ctx.stroke();
      ctx.font = '10px system-ui, sans-serif';
      ctx.fillStyle = colors.faint;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (const t of x.ticks(Math.max(2, Math.floor((right - LEFT) / 90)))) {
        ctx.fillText(x.tickFormat(4)(t).replace('-', '−'), x(t), y + 22);
      }
      // Marks: a vertical tick and its name above.
      for (const m of s.marks ?? []) {
        const mc = colors[m.color] ?? m.color;
        const px = Math.round(x(m.value)) + 0.5;
        ctx.strokeStyle = mc;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(px, y - 13);
        ctx.lineTo(px, y + 13);
        ctx.stroke();
        ctx.fillStyle = mc;
        ctx.font = '600 11px system-ui, sans-serif';
        ctx.textBaseline = 'bottom';
        ctx.fillText(m.label, px, y - 13);
      }
      // The dots, the highlighted example last and larger.
      const order = [...s.values.keys()].sort((i, j) => Number(i === data.highlight) - Number(j === data.highlight));
      for (const i of order) {
        const hot = i === data.highlight;
        ctx.beginPath();
        ctx.arc(x(s.values[i]), y, hot ? 6 : 4.2, 0, 2 * Math.PI);
        ctx.fillStyle = color;
        ctx.fill();
        ctx.strokeStyle = hot ? colors.fg : colors.bg;
        ctx.lineWidth = hot ? 2 : 1;
        ctx.stroke();
      }
      // The strip's name.
      ctx.font = '600 14px system-ui, sans-serif';
      ctx.fillStyle = color;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(s.label, 4, y);
      if (s.sublabel) {
        ctx.font = '10px system-ui, sans-serif';
        ctx.fillStyle = colors.muted;
        ctx.fillText(s.sublabel, 4, y + 15);
      }
    });
  }

  /**
   * @param {object} d
   * @param {{label: string, sublabel?: string, color: string, values: ArrayLike<number>,
   *   marks?: {value: number, label: string, color: string}[],
   *   band?: {lo: number, hi: number, color: string},
   *   domainFrom?: number}[]} d.strips top to bottom; domainFrom: use the number line of an earlier strip
   * @param {number} [d.highlight] the example drawn larger, with its links
   * @param {boolean} [d.shared] draw every strip on one number line covering all of them
   */
  function setData(d) {
    // The strips are copied: draw() keeps each one's number line on it (s.domain).
    data = d && { ...d, strips: d.strips.map((s) => ({ ...s, domain: undefined })) };
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
