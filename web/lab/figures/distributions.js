// Figure: the distributions inside one network, a row per hidden layer and a
// column per quantity (Z, z_norm, z̃, A for the BN network; Z and A without BN),
// over the fixed probe batch. Bars: all units of the layer; line: the highlighted unit.
//
//   const fig = createDistributions(container, {columns: ['Z', 'A'], onSelectLayer(l) {…}});
//   fig.update({columns, layers: [{hasBn, saturates, histograms, histRanges, unitHistograms, saturation}],
//               selectedLayer});

import { responsiveCanvas, clear } from '../canvas.js';
import { figureHandle } from '../figure.js';
import { palette, alpha } from '../theme.js';
import { total } from '../histogram.js';

const LABEL_W = 30;
const GAP = 6;

/** How each quantity is written, in the course notation. */
export const SYMBOLS = { Z: 'Z', zNorm: 'z_norm', zTilde: 'z̃', A: 'A' };

/**
 * @param {HTMLElement} container
 * @param {{label?: string, onSelectLayer?: (layer: number) => void}} [options]
 */
export function createDistributions(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'Histograms of each hidden layer');
  const header = document.createElement('div');
  header.className = 'dist-header';
  container.appendChild(header);
  let data = null;
  let headerKey = '';
  const c = responsiveCanvas(container, { height: (w) => heightFor(w), draw });

  function geometry(width) {
    const cols = data ? data.columns.length : 4;
    const rows = data ? data.layers.length : 4;
    const cellW = (width - LABEL_W - GAP * (cols - 1)) / cols;
    const cellH = Math.max(34, Math.min(64, cellW * 0.6));
    return { cols, rows, cellW, cellH, rowH: cellH + GAP };
  }

  function heightFor(width) {
    const g = geometry(width);
    return g.rows * g.rowH + 14;
  }

  function renderHeader() {
    const key = data.columns.join();
    if (key === headerKey) return;
    headerKey = key;
    header.style.gridTemplateColumns = `${LABEL_W - GAP}px repeat(${data.columns.length}, 1fr)`;
    header.replaceChildren(document.createElement('span'), ...data.columns.map((q) => {
      const s = document.createElement('span');
      s.className = `sym sym-${q}`;
      s.textContent = SYMBOLS[q];
      return s;
    }));
  }

  function drawCell(ctx, colors, x0, y0, w, h, layer, q) {
    const counts = layer.histograms[q];
    const unitCounts = layer.unitHistograms[q];
    const bins = counts.length;
    const n = total(counts);
    const nu = total(unitCounts);
    let top = 0;
    for (let i = 0; i < bins; ++i) top = Math.max(top, n ? counts[i] / n : 0, nu ? unitCounts[i] / nu : 0);
    ctx.fillStyle = alpha(colors.grid, 0.35);
    ctx.fillRect(x0, y0, w, h);
    const [lo, hi] = layer.histRanges[q];
    if (lo < 0 && hi > 0) {
      const zx = Math.round(x0 + ((0 - lo) / (hi - lo)) * w) + 0.5;
      ctx.strokeStyle = colors.grid;
      ctx.beginPath();
      ctx.moveTo(zx, y0);
      ctx.lineTo(zx, y0 + h);
      ctx.stroke();
    }
    if (!top) return;
    const bw = w / bins;
    const sy = (h - 2) / top;
    ctx.fillStyle = colors[q];
    for (let i = 0; i < bins; ++i) {
      const bh = (counts[i] / n) * sy;
      if (bh > 0) ctx.fillRect(x0 + i * bw, y0 + h - bh, Math.max(bw - 0.5, 0.5), bh);
    }
    if (nu) {
      ctx.strokeStyle = colors.unit;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x0, y0 + h);
      for (let i = 0; i < bins; ++i) {
        const yy = y0 + h - (unitCounts[i] / nu) * sy;
        ctx.lineTo(x0 + i * bw, yy);
        ctx.lineTo(x0 + (i + 1) * bw, yy);
      }
      ctx.lineTo(x0 + w, y0 + h);
      ctx.stroke();
      ctx.lineWidth = 1;
    }
  }

  function draw() {
    clear(c);
    if (!data) return;
    renderHeader();
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const g = geometry(c.width);
    ctx.font = '11px system-ui, sans-serif';
    if (data.diverged) {
      // A diverged network's values are not finite: nothing to draw as data.
      ctx.fillStyle = colors.muted;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('diverged: no finite values to show', c.width / 2, c.height / 2);
      return;
    }
    data.layers.forEach((layer, l) => {
      const y0 = l * g.rowH;
      if (l === data.selectedLayer) {
        ctx.fillStyle = alpha(colors.unit, 0.08);
        ctx.fillRect(0, y0 - GAP / 2, c.width, g.rowH);
      }
      ctx.fillStyle = l === data.selectedLayer ? colors.fg : colors.muted;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(`L${l + 1}`, 2, y0 + g.cellH / 2);
      data.columns.forEach((q, k) => {
        const x0 = LABEL_W + k * (g.cellW + GAP);
        if ((q === 'zNorm' || q === 'zTilde') && !(layer.normalized ?? layer.hasBn)) {
          ctx.strokeStyle = colors.grid;
          ctx.strokeRect(x0 + 0.5, y0 + 0.5, g.cellW - 1, g.cellH - 1);
          ctx.fillStyle = colors.muted;
          ctx.textAlign = 'center';
          ctx.fillText(`no ${data.normName ?? 'BN'} here`, x0 + g.cellW / 2, y0 + g.cellH / 2);
          return;
        }
        drawCell(ctx, colors, x0, y0, g.cellW, g.cellH, layer, q);
        if (q === 'A' && layer.saturates && Number.isFinite(layer.saturation)) {
          const text = `${Math.round(layer.saturation * 100)}% sat.`;
          const tw = ctx.measureText(text).width;
          ctx.fillStyle = alpha(colors.bg, 0.8);
          ctx.fillRect(x0 + g.cellW - tw - 5, y0 + 1, tw + 4, 13);
          ctx.fillStyle = colors.fg;
          ctx.textAlign = 'right';
          ctx.textBaseline = 'top';
          ctx.fillText(text, x0 + g.cellW - 3, y0 + 2);
        }
      });
    });
    // The value range under each column.
    const yb = data.layers.length * g.rowH - GAP + 2;
    ctx.fillStyle = colors.muted;
    ctx.textBaseline = 'top';
    ctx.font = '10px system-ui, sans-serif';
    data.columns.forEach((q, k) => {
      const x0 = LABEL_W + k * (g.cellW + GAP);
      const [lo, hi] = data.layers[0].histRanges[q];
      ctx.textAlign = 'left';
      ctx.fillText(String(lo), x0, yb);
      ctx.textAlign = 'right';
      ctx.fillText(String(hi), x0 + g.cellW, yb);
    });
  }

  function onClick(event) {
    if (!data || !options.onSelectLayer) return;
    const rect = c.canvas.getBoundingClientRect();
    const l = Math.floor((event.clientY - rect.top) / geometry(c.width).rowH);
    if (l >= 0 && l < data.layers.length) options.onSelectLayer(l);
  }
  c.canvas.addEventListener('click', onClick);

  /**
   * @param {object} d
   * @param {string[]} d.columns quantities to show, in flow order ('Z', 'zNorm', 'zTilde', 'A')
   * @param {object[]} d.layers per hidden layer: {hasBn, normalized (BN, LN or GN; hasBn when absent), saturates, histograms: {q: counts}, histRanges: {q: [lo, hi]},
   *   unitHistograms: {q: counts}, saturation}; saturates: whether the layer's g can saturate (tanh, sigmoid),
   *   so that its saturation is shown
   * @param {number} d.selectedLayer 0-based
   * @param {boolean} [d.diverged] the network diverged: its values are not drawn
   * @param {string} [d.normName='BN'] the normalization's short name, for a layer without it
   */
  function setData(d) {
    data = d;
    if (d) c.refit(); // the height follows the number of layers
    else headerKey = '';
  }

  function destroy() {
    c.canvas.removeEventListener('click', onClick);
    c.destroy();
    header.remove();
  }

  return figureHandle({ setData, draw, destroy });
}
