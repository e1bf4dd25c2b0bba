// Figure: one mini-batch in the input plane, coloured by class, with one
// example that can be moved: dragged with a pointer (mouse, pen or touch) or,
// with the canvas focused, nudged with the arrow keys (Shift: 5× further);
// Tab/Enter or n/p pick another example. The figure only reports the new
// position (onMove) and the picked example (onPick); its owner computes.
//
//   const fig = createCouplingPlane(container, {domain: [-1.6, 1.6], onMove, onPick});
//   fig.update({points: [[x, y], …], labels: [0|1, …], ghost: [x, y], selected: k});

import { scaleLinear } from 'd3-scale';
import { responsiveCanvas, clear } from '../../lab/canvas.js';
import { figureHandle } from '../../lab/figure.js';
import { palette, alpha } from '../../lab/theme.js';

const KEY_STEP = 0.05; // input units per arrow key press

/**
 * @param {HTMLElement} container
 * @param {{domain: [number, number], label: string, onMove: (k: number, p: [number, number]) => void,
 *   onPick: (k: number) => void}} options
 */
export function createCouplingPlane(container, { domain, label, onMove, onPick }) {
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => w, draw });
  const canvas = c.canvas;
  canvas.tabIndex = 0;
  canvas.setAttribute('role', 'application');
  canvas.setAttribute('aria-roledescription', 'draggable scatter plot');
  canvas.setAttribute('aria-label', label);
  const scales = () => {
    const pad = 8;
    return {
      x: scaleLinear().domain(domain).range([pad, c.width - pad]),
      y: scaleLinear().domain(domain).range([c.height - pad, pad]),
    };
  };
  const clamp = (v) => Math.min(domain[1], Math.max(domain[0], v));

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(canvas);
    const ctx = c.ctx;
    const { x, y } = scales();
    ctx.strokeStyle = colors.grid;
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, 0.5, c.width - 1, c.height - 1);
    ctx.beginPath();
    ctx.moveTo(x(0), 0);
    ctx.lineTo(x(0), c.height);
    ctx.moveTo(0, y(0));
    ctx.lineTo(c.width, y(0));
    ctx.stroke();
    const k = data.selected;
    if (data.ghost) {
      // Where the picked example was in the real batch, and the way it was moved.
      ctx.strokeStyle = colors.muted;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x(data.ghost[0]), y(data.ghost[1]));
      ctx.lineTo(x(data.points[k][0]), y(data.points[k][1]));
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.arc(x(data.ghost[0]), y(data.ghost[1]), 6, 0, 2 * Math.PI);
      ctx.stroke();
    }
    data.points.forEach(([px, py], j) => {
      ctx.fillStyle = alpha(data.labels[j] ? colors.class1 : colors.class0, j === k ? 1 : 0.75);
      ctx.beginPath();
      ctx.arc(x(px), y(py), j === k ? 8 : 5, 0, 2 * Math.PI);
      ctx.fill();
      if (j === k) {
        ctx.strokeStyle = colors.fg;
        ctx.lineWidth = 2;
        ctx.stroke();
        ctx.lineWidth = 1;
      }
    });
  }

  // Pointer: press near an example to pick it, drag to move it.
  let dragging = false;
  const toData = (e) => {
    const r = canvas.getBoundingClientRect();
    const { x, y } = scales();
    return [clamp(x.invert(e.clientX - r.left)), clamp(y.invert(e.clientY - r.top))];
  };
  canvas.addEventListener('pointerdown', (e) => {
    if (!data) return;
    const r = canvas.getBoundingClientRect();
    const { x, y } = scales();
    let best = data.selected;
    let bestD = Infinity;
    data.points.forEach(([px, py], j) => {
      const d = Math.hypot(x(px) - (e.clientX - r.left), y(py) - (e.clientY - r.top));
      if (d < bestD) [best, bestD] = [j, d];
    });
    if (bestD <= 24 && best !== data.selected) onPick(best);
    dragging = true;
    if (e.isTrusted) canvas.setPointerCapture(e.pointerId); // (an untrusted, scripted pointer has nothing to capture)
    canvas.focus();
    e.preventDefault();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (dragging && data) onMove(data.selected, toData(e));
  });
  const stop = () => {
    dragging = false;
  };
  canvas.addEventListener('pointerup', stop);
  canvas.addEventListener('pointercancel', stop);

  const ARROWS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  canvas.addEventListener('keydown', (e) => {
    if (!data) return;
    const m = data.points.length;
    if (ARROWS[e.key]) {
      const [dx, dy] = ARROWS[e.key];
      const s = KEY_STEP * (e.shiftKey ? 5 : 1);
      const [px, py] = data.points[data.selected];
      onMove(data.selected, [clamp(px + dx * s), clamp(py + dy * s)]);
    } else if (e.key === 'n' || e.key === 'Enter') onPick((data.selected + 1) % m);
    else if (e.key === 'p') onPick((data.selected + m - 1) % m);
    else return;
    e.preventDefault();
  });

  /**
   * @param {object} d
   * @param {[number, number][]} d.points the batch's inputs, the picked one where it is now
   * @param {number[]} d.labels 0 or 1 per example
   * @param {number} d.selected the picked example
   * @param {[number, number]} [d.ghost] where the picked example was in the real batch
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
