// Figure: small multiples of short training runs. One panel is a grid of
// cells, rows = initial weight scales, columns = learning rates; each cell is
// one real run, shaded by its final loss, with its loss curve drawn inside, a
// cross where the run diverged, hatching where it ended worse than chance and
// a dot where it ended lower than the other panel's run of the same cell.
// Cells not yet computed are left empty.
//
//   const panel = createSweepGrid(container, {title, onHover});
//   panel.update({rows, cols, cells, color, lossMax});

import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha, rgb } from '../../lab/theme.js';

const LEFT = 44;
const BOTTOM = 30;
const TOP = 4;

/**
 * @param {HTMLElement} container
 * @param {{label?: string, onHover?: (cell: {row: number, col: number}|null) => void}} [options]
 */
export function createSweepGrid(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'Final loss of short training runs for each learning rate and initial scale');
  let data = null;
  let geometry = null;
  const c = responsiveCanvas(container, {
    height: (w) => {
      const rows = data?.rows.length ?? 5;
      const cols = data?.cols.length ?? 7;
      return TOP + BOTTOM + Math.round(((w - LEFT) / cols) * rows * 0.78);
    },
    draw,
  });

  function draw() {
    c.refit();
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const ctx = c.ctx;
    const { rows, cols, cells } = data;
    const cw = (c.width - LEFT) / cols.length;
    const ch = (c.height - TOP - BOTTOM) / rows.length;
    geometry = { cw, ch };
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = colors.muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    rows.forEach((r, i) => ctx.fillText(r.label, LEFT - 6, TOP + (i + 0.5) * ch));
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    cols.forEach((col, j) => ctx.fillText(col.label, LEFT + (j + 0.5) * cw, TOP + rows.length * ch + 4));
    ctx.fillText(data.colTitle ?? '', LEFT + (cols.length * cw) / 2, TOP + rows.length * ch + 17);

    for (let i = 0; i < rows.length; ++i) {
      for (let j = 0; j < cols.length; ++j) {
        const x0 = LEFT + j * cw + 1;
        const y0 = TOP + i * ch + 1;
        const w = cw - 2;
        const h = ch - 2;
        const cell = cells[i][j];
        if (!cell) {
          ctx.strokeStyle = colors.grid;
          ctx.strokeRect(x0 + 0.5, y0 + 0.5, w - 1, h - 1);
          continue;
        }
        const fill = cell.diverged ? colors.panel : data.color(cell.final);
        ctx.fillStyle = fill;
        ctx.fillRect(x0, y0, w, h);
        // Ink that reads on the cell: dark on light cells, light on dark ones.
        const [r, g, b] = fill.startsWith('#') ? rgb(fill) : fill.match(/[\d.]+/g).slice(0, 3).map(Number);
        const ink = 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#1d2125' : '#ffffff';
        if (cell.worse && !cell.diverged) hatch(ctx, x0, y0, w, h, alpha(ink, 0.5));
        if (cell.lower) {
          // The dot: this network ended lower than its twin here.
          ctx.fillStyle = ink;
          ctx.beginPath();
          ctx.arc(x0 + w - 7, y0 + 7, 3.2, 0, 2 * Math.PI);
          ctx.fill();
        }
        if (cell.diverged) {
          ctx.strokeStyle = colors.diverged;
          ctx.lineWidth = 2;
          ctx.beginPath();
          ctx.moveTo(x0 + w * 0.3, y0 + h * 0.3);
          ctx.lineTo(x0 + w * 0.7, y0 + h * 0.7);
          ctx.moveTo(x0 + w * 0.7, y0 + h * 0.3);
          ctx.lineTo(x0 + w * 0.3, y0 + h * 0.7);
          ctx.stroke();
          continue;
        }
        // The loss curve, on a shared vertical scale from 0 to lossMax.
        const curve = cell.curve;
        if (curve.length > 1) {
          ctx.strokeStyle = alpha(ink, 0.85);
          ctx.lineWidth = 1.3;
          ctx.beginPath();
          for (let k = 0; k < curve.length; ++k) {
            const px = x0 + 3 + ((w - 6) * k) / (data.curveLength - 1);
            const v = Math.min(Math.max(curve[k], 0), data.lossMax);
            const py = y0 + h - 3 - ((h - 6) * v) / data.lossMax;
            if (k) ctx.lineTo(px, py);
            else ctx.moveTo(px, py);
          }
          ctx.stroke();
        }
        if (data.hover && data.hover.row === i && data.hover.col === j) {
          ctx.strokeStyle = colors.fg;
          ctx.lineWidth = 2;
          ctx.strokeRect(x0 + 1, y0 + 1, w - 2, h - 2);
        }
      }
    }
  }

  function hover(event) {
    if (!geometry || !data || !options.onHover) return;
    const r = c.canvas.getBoundingClientRect();
    const col = Math.floor((event.clientX - r.left - LEFT) / geometry.cw);
    const row = Math.floor((event.clientY - r.top - TOP) / geometry.ch);
    const inside = row >= 0 && row < data.rows.length && col >= 0 && col < data.cols.length;
    options.onHover(inside ? { row, col } : null);
  }
  c.canvas.addEventListener('pointermove', hover);
  c.canvas.addEventListener('pointerdown', hover);
  c.canvas.addEventListener('pointerleave', () => options.onHover?.(null));

  /**
   * @param {object} d
   * @param {{label: string}[]} d.rows
   * @param {{label: string}[]} d.cols
   * @param {string} [d.colTitle]
   * @param {({final: number, curve: number[], diverged: boolean, worse?: boolean, lower?: boolean}|null)[][]} d.cells
   *   [row][col]; worse: ended worse than chance (hatched); lower: ended lower than the other network (a dot)
   * @param {(loss: number) => string} d.color the fill of a final loss (#rrggbb or rgb(r, g, b))
   * @param {number} d.lossMax top of every cell's curve scale
   * @param {number} d.curveLength points in a complete curve
   * @param {{row: number, col: number}|null} [d.hover] the cell to outline
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}

/** Diagonal hatching over a cell: the run ended worse than chance. */
function hatch(ctx, x0, y0, w, h, color) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(x0, y0, w, h);
  ctx.clip();
  ctx.strokeStyle = color;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let d = -h; d < w; d += 6) {
    ctx.moveTo(x0 + d, y0 + h);
    ctx.lineTo(x0 + d + h, y0);
  }
  ctx.stroke();
  ctx.restore();
}
