// Figure: the BN parameters and statistics of one layer, unit by unit: γ and β
// as they learn, and the probe batch's μ, σ² beside the running averages that
// inference uses. Below it, the gradient of a bias kept in front of BN.
//
//   const fig = createParameters(container, {label});
// μ and σ² panels: filled dot = the probe batch's statistic (what training
// normalizes with), ring = the running average (what inference uses).
//
//   fig.update({layer, unit, gamma, beta, batchMean, batchVar, runningMean, runningVar, hasBn,
//               normalized, names, bias: {kept, rows: [{layer, db, dbeta}]}});
// With layer or group norm (names.running false: web/lab/net-names.js) only γ and β are drawn per
// unit: their μ and σ² belong to each example (or group), and there are no running averages.

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../canvas.js';
import { figureHandle } from '../figure.js';
import { palette, alpha } from '../theme.js';
import { finiteExtent } from '../histogram.js';

const PANELS = [
  { key: 'gamma', title: 'γ (scale)', color: 'gamma', series: ['gamma'], base: 1 },
  { key: 'beta', title: 'β (shift)', color: 'beta', series: ['beta'], base: 0 },
  { key: 'mu', title: 'μ (mean)', color: 'mu', series: ['batchMean', 'runningMean'], base: 0 },
  { key: 'var', title: 'σ² (variance)', color: 'var', series: ['batchVar', 'runningVar'], base: 1 },
];

/** 3.1e-9 style for tiny numbers, 0.0123 otherwise. */
function formatSmall(v) {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  return Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toPrecision(3);
}

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createParameters(container, options = {}) {
  const plot = document.createElement('div');
  plot.setAttribute('role', 'img');
  plot.setAttribute('aria-label', options.label ?? 'Learned γ and β and the batch and running statistics per unit');
  const note = document.createElement('div');
  note.className = 'param-note';
  note.setAttribute('data-testid', 'bias-gradient');
  container.append(plot, note);
  let data = null;
  let noteKey = '';

  const layout = (w) => (w >= 640 ? { cols: 4, rows: 1 } : { cols: 2, rows: 2 });
  const c = responsiveCanvas(plot, { height: (w) => layout(w).rows * 150, draw });

  function drawPanel(ctx, colors, panel, x0, y0, w, h) {
    const units = data.gamma.length;
    const frame = { left: x0 + 34, right: x0 + w - 6, top: y0 + 20, bottom: y0 + h - 18 };
    ctx.fillStyle = colors[panel.color];
    ctx.font = '600 12px system-ui, sans-serif';
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(panel.title, x0 + 4, y0 + 2);
    const extent = finiteExtent(panel.series.map((s) => data[s])) ?? [0, 1];
    const lo = Math.min(extent[0], panel.base, 0);
    const hi = Math.max(extent[1], panel.base, lo + 1e-3);
    const y = scaleLinear().domain([lo, hi]).range([frame.bottom, frame.top]).nice(4);
    const band = (frame.right - frame.left) / units;
    const xc = (i) => frame.left + (i + 0.5) * band;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of y.ticks(3)) {
      const py = Math.round(y(t)) + 0.5;
      ctx.strokeStyle = t === 0 ? colors.muted : colors.grid;
      ctx.beginPath();
      ctx.moveTo(frame.left, py);
      ctx.lineTo(frame.right, py);
      ctx.stroke();
      ctx.fillStyle = colors.muted;
      ctx.fillText(y.tickFormat(3)(t), frame.left - 3, py);
    }
    // The highlighted unit's column.
    ctx.fillStyle = alpha(colors.unit, 0.1);
    ctx.fillRect(frame.left + data.unit * band, frame.top, band, frame.bottom - frame.top);
    const color = colors[panel.color];
    if (panel.series.length === 1) {
      const values = data[panel.series[0]];
      const y0v = y(0);
      ctx.fillStyle = color;
      for (let i = 0; i < units; ++i) {
        if (!Number.isFinite(values[i])) continue;
        const yv = y(values[i]);
        ctx.fillRect(xc(i) - band * 0.3, Math.min(y0v, yv), band * 0.6, Math.max(1, Math.abs(yv - y0v)));
      }
      // The initial value (γ = 1, β = 0) as a dashed reference.
      ctx.strokeStyle = colors.muted;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(frame.left, y(panel.base) + 0.5);
      ctx.lineTo(frame.right, y(panel.base) + 0.5);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      const [batch, running] = panel.series.map((s) => data[s]);
      const r = Math.max(2, Math.min(4.5, band * 0.22));
      for (let i = 0; i < units; ++i) {
        if (Number.isFinite(batch[i]) && Number.isFinite(running[i])) {
          ctx.strokeStyle = alpha(color, 0.5);
          ctx.beginPath();
          ctx.moveTo(xc(i), y(batch[i]));
          ctx.lineTo(xc(i), y(running[i]));
          ctx.stroke();
        }
        if (Number.isFinite(batch[i])) {
          ctx.fillStyle = color;
          ctx.beginPath();
          ctx.arc(xc(i), y(batch[i]), r, 0, 2 * Math.PI);
          ctx.fill();
        }
        if (Number.isFinite(running[i])) {
          ctx.strokeStyle = color;
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          ctx.arc(xc(i), y(running[i]), r + 1, 0, 2 * Math.PI);
          ctx.stroke();
          ctx.lineWidth = 1;
        }
      }
    }
    // Unit numbers (1-based, as on the page) when they fit.
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const every = Math.ceil(units / Math.max(1, Math.floor((frame.right - frame.left) / 16)));
    for (let i = 0; i < units; i += every) ctx.fillText(String(i + 1), xc(i), frame.bottom + 3);
  }

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const names = data.names ?? { short: 'BN', long: 'batch norm', running: true };
    const muted = (text, x, y) => {
      ctx.fillStyle = colors.muted;
      ctx.font = '13px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, x, y);
    };
    if (!(data.normalized ?? data.hasBn) || data.diverged) {
      muted(data.diverged ? `The ${names.short} network diverged: its parameters are not finite.`
        : `Layer ${data.layer + 1} has no ${names.long}: no γ, β or statistics to show.`, c.width / 2, c.height / 2);
      return;
    }
    const { cols, rows } = layout(c.width);
    const w = c.width / cols;
    const h = c.height / rows;
    PANELS.forEach((panel, k) => {
      const x0 = (k % cols) * w;
      const y0 = Math.floor(k / cols) * h;
      if (names.running || panel.key === 'gamma' || panel.key === 'beta') drawPanel(ctx, colors, panel, x0, y0, w, h);
      else if (panel.key === 'mu') {
        // No per-unit μ, σ² to draw: say so once, where the two panels would be.
        muted(`${names.short}: μ, σ² per example,`, x0 + w, y0 + h / 2 - 9);
        muted('no running averages', x0 + w, y0 + h / 2 + 9);
      }
    });
  }

  function renderNote() {
    const b = data.bias;
    const names = data.names ?? { short: 'BN', running: true };
    const key = JSON.stringify([b, names.short]);
    if (key === noteKey) return;
    noteKey = key;
    if (!names.running) {
      note.textContent = `${names.short} keeps the bias b: it subtracts each example’s own mean, not the batch’s, ` +
        'so b cancels only up to its mean over the units normalized together.';
      return;
    }
    if (!b.kept) {
      note.textContent = 'The bias b before BN is dropped: BN subtracts the batch mean, so b would cancel, ' +
        'and β takes its role. Turn on “Keep the bias b before BN” to watch its gradient stay at zero.';
      return;
    }
    const rows = b.rows.map((r) => `L${r.layer + 1}: ‖∂ℓ/∂b‖ = ${formatSmall(r.db)} vs ‖∂ℓ/∂β‖ = ${formatSmall(r.dbeta)}`);
    note.textContent = `Kept bias before BN, last step’s gradient (exactly 0 up to rounding): ${rows.join(' · ')}`;
  }

  /**
   * @param {object} d
   * @param {number} d.layer 0-based layer shown
   * @param {number} d.unit 0-based highlighted unit
   * @param {boolean} d.hasBn
   * @param {boolean} [d.diverged] the BN network diverged: nothing is drawn
   * @param {Float32Array} d.gamma per unit, likewise beta, batchMean, batchVar, runningMean, runningVar
   * @param {{kept: boolean, rows: {layer: number, db: number, dbeta: number}[]}} d.bias gradient norms
   *   of the last training step for every BN layer
   */
  function setData(d) {
    data = d;
    if (d) {
      renderNote();
    } else {
      noteKey = '';
      note.textContent = '';
    }
  }

  function destroy() {
    c.destroy();
    plot.remove();
    note.remove();
  }

  return figureHandle({ setData, draw, destroy });
}
