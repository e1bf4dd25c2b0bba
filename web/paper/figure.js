// Figure 1 of Ioffe & Szegedy (2015), redrawn from our own run:
//   (a) test accuracy against training steps, with and without BN, with the
//       paper's published values drawn faintly behind;
//   (b), (c) the 15th, 50th and 85th percentiles of the input to one sigmoid
//       of the last hidden layer over training, without and with BN.
//
//   const fig = createPaperFigure(container, {paper: PAPER_ACCURACY});
//   fig.update({total: 50000, withBn: series, withoutBn: series});
// A series holds the evaluation points of one net: {steps, testAccuracy, p15, p50, p85}.
// The figure receives plain data; it never reads the engine or the URL.

import { scaleLinear } from 'd3-scale';
import { clear, responsiveCanvas } from '../lab/canvas.js';
import { drawAxes, drawPercentileBand, strokeSeries } from '../lab/figures/axes.js';
import { figureHandle } from '../lab/figure.js';
import { alpha, onThemeChange, palette } from '../lab/theme.js';

const MARGIN = { left: 40, right: 10, top: 10, bottom: 22 };
const ACCURACY_DOMAIN = [0.7, 1];  // the paper's y-axis; earlier, lower values lie below it
const PERCENTILE_MIN = 2;          // the paper's ±2; wider when our values need it

const frameOf = (c) => ({ left: MARGIN.left, top: MARGIN.top, right: c.width - MARGIN.right, bottom: c.height - MARGIN.bottom });

const fmtAcc = (v) => (Number.isFinite(v) ? v.toFixed(3) : '—');
const last = (a) => a[a.length - 1];

/**
 * The half-height of the shared y-axis of panels (b) and (c): at least 2 (the
 * paper's), else the largest |percentile| rounded up to a whole number.
 */
export function percentileExtent(...series) {
  let m = PERCENTILE_MIN;
  for (const s of series) {
    for (const key of ['p15', 'p50', 'p85']) {
      for (const v of s?.[key] ?? []) if (Number.isFinite(v)) m = Math.max(m, Math.ceil(Math.abs(v)));
    }
  }
  return m;
}

/**
 * @param {HTMLElement} container
 * @param {object} [opts]
 * @param {{withBn: {steps, accuracy}, withoutBn: {steps, accuracy}}} [opts.paper] published accuracies, drawn faintly
 * @param {string} [opts.unitLabel='unit 1 of hidden layer 3'] the probed sigmoid, for the panel titles (units counted from 1)
 * @returns {{update(data: object): void, reset(): void, redraw(): void, destroy(): void}} (web/lab/figure.js)
 */
export function createPaperFigure(container, opts = {}) {
  const paper = opts.paper ?? null;
  const unitLabel = opts.unitLabel ?? 'unit 1 of hidden layer 3';
  const root = document.createElement('div');
  root.className = 'paper-figure';
  root.innerHTML = `
    <div class="paper-panel paper-panel-acc">
      <h3>(a) Test accuracy <span class="paper-note">y-axis from 0.7, as in the paper</span></h3>
      <ul class="legend" data-testid="paper-legend">
        <li class="with-bn"><span class="line"></span>with BN <output data-twin="withBn">—</output></li>
        <li class="without-bn"><span class="line"></span>without BN <output data-twin="withoutBn">—</output></li>
        ${paper ? '<li class="paper-ref"><span class="line dotted"></span>the paper’s (60,000 training digits)</li>' : ''}
      </ul>
      <div class="fig" data-testid="paper-fig-accuracy" role="img"
        aria-label="Test accuracy against training steps, with and without batch norm"></div>
    </div>
    <div class="paper-bands">
      <div class="paper-panel without-bn">
        <h3>(b) <span class="twin-name without-bn">without BN</span></h3>
        <div class="fig" data-testid="paper-fig-withoutBn" role="img"></div>
      </div>
      <div class="paper-panel with-bn">
        <h3>(c) <span class="twin-name with-bn">with BN</span></h3>
        <div class="fig" data-testid="paper-fig-withBn" role="img"></div>
      </div>
    </div>`;
  container.appendChild(root);
  const accEl = root.querySelector('[data-testid="paper-fig-accuracy"]');
  const bandEl = { withBn: root.querySelector('[data-testid="paper-fig-withBn"]'),
    withoutBn: root.querySelector('[data-testid="paper-fig-withoutBn"]') };
  for (const [name, el] of Object.entries(bandEl)) {
    el.setAttribute('aria-label', `15th, 50th and 85th percentiles of the input to a sigmoid (${unitLabel}) ` +
      `over training, ${name === 'withBn' ? 'with' : 'without'} batch norm`);
  }
  const legend = { withBn: root.querySelector('output[data-twin="withBn"]'),
    withoutBn: root.querySelector('output[data-twin="withoutBn"]') };

  let data = null;
  let frame = 0;
  const acc = responsiveCanvas(accEl, { height: (w) => Math.min(300, Math.max(190, w * 0.38)), draw: drawAccuracy });
  const bands = {};
  for (const name of ['withoutBn', 'withBn']) {
    bands[name] = responsiveCanvas(bandEl[name], { height: (w) => Math.min(230, Math.max(160, w * 0.5)),
      draw: () => drawBand(name) });
  }
  const offTheme = onThemeChange(drawAll);

  function xScale(c) {
    const f = frameOf(c);
    return scaleLinear().domain([0, data?.total ?? 50000]).range([f.left, f.right]);
  }

  function drawAccuracy() {
    clear(acc);
    const colors = palette(acc.canvas);
    const f = frameOf(acc);
    const x = xScale(acc);
    const y = scaleLinear().domain(ACCURACY_DOMAIN).range([f.bottom, f.top]);
    const ctx = acc.ctx;
    drawAxes(ctx, { x, y, frame: f, colors, xTicks: Math.max(2, Math.floor(acc.width / 90)), yTicks: 3,
      xLabel: 'training steps', yLabel: 'test accuracy' });
    ctx.save();
    ctx.beginPath();
    ctx.rect(f.left, f.top - 2, f.right - f.left, f.bottom - f.top + 2);
    ctx.clip();
    if (paper) {
      // The published curves: faint, dotted, with the read-off points marked.
      for (const name of ['withoutBn', 'withBn']) {
        const p = paper[name];
        ctx.strokeStyle = alpha(colors[name], 0.5);
        ctx.fillStyle = alpha(colors[name], 0.5);
        ctx.lineWidth = 1.5;
        ctx.setLineDash([2, 3]);
        strokeSeries(ctx, p.steps, p.accuracy, x, y);
        ctx.setLineDash([]);
        for (let i = 0; i < p.steps.length; ++i) {
          ctx.beginPath();
          ctx.arc(x(p.steps[i]), y(p.accuracy[i]), 2.2, 0, 2 * Math.PI);
          ctx.fill();
        }
      }
    }
    if (data) {
      for (const name of ['withoutBn', 'withBn']) {
        const s = data[name];
        if (!s?.steps.length) continue;
        ctx.strokeStyle = colors[name];
        ctx.lineWidth = 2;
        strokeSeries(ctx, s.steps, s.testAccuracy, x, y);
      }
    }
    ctx.restore();
  }

  function drawBand(name) {
    const c = bands[name];
    clear(c);
    const colors = palette(c.canvas);
    const f = frameOf(c);
    const x = xScale(c);
    const e = percentileExtent(data?.withBn, data?.withoutBn);
    const y = scaleLinear().domain([-e, e]).range([f.bottom, f.top]);
    const ctx = c.ctx;
    drawAxes(ctx, { x, y, frame: f, colors, xTicks: Math.max(2, Math.floor(c.width / 90)), yTicks: 4 });
    const s = data?.[name];
    if (!s?.steps.length) return;
    const color = colors[name];
    ctx.save();
    ctx.beginPath();
    ctx.rect(f.left, f.top, f.right - f.left, f.bottom - f.top);
    ctx.clip();
    drawPercentileBand(ctx, s.steps, s, x, y, { color });
    ctx.restore();
  }

  function drawAll() {
    frame = 0;
    drawAccuracy();
    drawBand('withoutBn');
    drawBand('withBn');
    const points = (data?.withBn?.steps.length ?? 0) + (data?.withoutBn?.steps.length ?? 0);
    root.dataset.points = String(points);
    for (const name of ['withBn', 'withoutBn']) legend[name].textContent = fmtAcc(last(data?.[name]?.testAccuracy ?? []));
  }

  // Updates arrive with every evaluation; draw at most once per animation frame.
  function schedule() {
    if (!frame) frame = requestAnimationFrame(drawAll);
  }

  /**
   * @param {object} d
   * @param {number} d.total the run's length in steps (the x-axis)
   * @param {object} d.withBn series of the BN net: {steps, testAccuracy, p15, p50, p85}
   * @param {object} d.withoutBn the same for the net without BN
   */
  function setData(d) {
    data = d;
  }

  function destroy() {
    if (frame) cancelAnimationFrame(frame);
    offTheme();
    acc.destroy();
    bands.withBn.destroy();
    bands.withoutBn.destroy();
    root.remove();
  }

  drawAll();
  return figureHandle({ setData, draw: schedule, destroy });
}
