// View of the preset "batch-coupling": section 6's demo of how BN couples the examples of a
// mini-batch (web/article/demos/really-coupling.js). The twin's last training mini-batch in the
// input plane; the reader drags one example (or focuses the plane and moves the picked example
// with the arrow keys; n / Enter picks the next) and sees, for one unit of the first hidden layer,
// every example's z_norm with BN — which depends on the whole batch through μ_B and σ²_B — and
// every example's z without BN, which depends on the example alone. Nothing of the run changes
// (Twin.inspectBatch, through web/article/really-plan.js couplingValues). When the twin trains
// on, its new last batch replaces the old one.

import { TWINS } from '../../engine.js';
import { createCouplingDots } from '../../article/figures/coupling-dots.js';
import { createCouplingPlane } from '../../article/figures/coupling-plane.js';
import { couplingValues } from '../../article/really-plan.js';
import { el } from '../frame.js';

const DOMAIN = [-1.6, 1.6];
/** The unit shown: unit 1 of hidden layer 1 (0-based here, as couplingValues takes them). */
export const COUPLED_UNIT = Object.freeze({ layer: 0, unit: 0 });
const TITLES = { withBn: 'with BN: z_norm', withoutBn: 'without BN: z' };
const COLORS = { withBn: 'zNorm', withoutBn: 'Z' };
const fmt = (v, digits) => (Number.isFinite(v) ? String(Number(v.toFixed(digits))) : '—');

/** Largest |a[j] − b[j]| over the examples other than k. */
export const othersMoved = (a, b, k) => Math.max(0, ...a.map((v, j) => (j === k ? 0 : Math.abs(v - b[j]))));

/**
 * @param {HTMLElement} body
 * @param {object} on the lab's handlers (unused)
 * @param {{twin: () => import('../../engine.js').Twin|null}} read
 */
export function createBatchCouplingView(body, on, read) {
  const planeBox = el('div', { class: 'coupling-plane', 'data-testid': 'coupling-plane' });
  const put = el('button', { type: 'button', 'data-testid': 'coupling-reset', text: 'Put it back' });
  const readout = el('p', { class: 'bnl-readout', 'data-testid': 'readout' });
  const side = el('div', { class: 'coupling-side' });
  body.replaceChildren(readout, el('div', { class: 'coupling-grid' },
    el('div', {}, el('h3', { text: 'The last mini-batch: drag an example, or focus and use the arrow keys' }), planeBox, put),
    side));
  let batch = null; // {step, original, labels, before: {withBn, withoutBn}}
  const state = { selected: 0, points: [], moves: 0, after: null };

  const plane = createCouplingPlane(planeBox, {
    domain: DOMAIN,
    label: 'The last training mini-batch in the input plane. Drag an example, or focus here and move the picked one with '
      + 'the arrow keys; n picks the next example.',
    onMove: (k, p) => {
      if (!batch) return;
      state.points[k] = p;
      state.moves += 1;
      compute();
    },
    onPick: (k) => {
      if (!batch) return;
      state.selected = k;
      compute();
    },
  });
  const dots = {};
  for (const t of TWINS) {
    const host = el('div');
    side.append(el('div', { class: 'fig', 'data-testid': `fig-coupling-${t}` },
      el('h3', {}, el('span', { class: `swatch ${t === 'withBn' ? 'with-bn' : 'without-bn'}` }),
        `${TITLES[t]} of unit ${COUPLED_UNIT.unit + 1}, layer ${COUPLED_UNIT.layer + 1}`), host));
    dots[t] = createCouplingDots(host, { label: `Each example’s ${TITLES[t]}, before and after the move` });
  }
  put.addEventListener('click', () => {
    if (!batch) return;
    state.points = batch.original.map((p) => [...p]);
    compute();
  });

  const say = (text) => {
    if (readout.textContent !== text) readout.textContent = text;
  };

  /** Takes the twin's last training batch (after a step, a reset or new settings). */
  function load(twin, step) {
    const b = twin.lastBatch();
    const m = b.y.length;
    const original = Array.from({ length: m }, (_, j) => [b.x[2 * j], b.x[2 * j + 1]]);
    const before = Object.fromEntries(TWINS.map((t) => [t, couplingValues(twin, t, COUPLED_UNIT, 0, original[0])]));
    batch = { step, original, labels: Array.from(b.y), before };
    state.selected = Math.min(state.selected, m - 1);
    state.points = original.map((p) => [...p]);
    compute();
  }

  function compute() {
    const twin = read.twin();
    if (!twin || !batch) return;
    // Every example is where it is in the real batch except the picked one.
    const k = state.selected;
    state.points = state.points.map((p, j) => (j === k ? p : [...batch.original[j]]));
    state.after = Object.fromEntries(TWINS.map((t) => [t, couplingValues(twin, t, COUPLED_UNIT, k, state.points[k])]));
    draw();
  }

  function draw() {
    if (!batch) return;
    const k = state.selected;
    plane.update({ points: state.points, labels: batch.labels, selected: k, ghost: batch.original[k] });
    for (const t of TWINS) {
      const all = [...batch.before[t], ...state.after[t]].filter(Number.isFinite);
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      const pad = Math.max(0.02, (hi - lo) * 0.08);
      dots[t].update({ before: batch.before[t], after: state.after[t], selected: k, color: COLORS[t], yDomain: [lo - pad, hi + pad] });
    }
    const m = batch.original.length;
    const [dx, dy] = [state.points[k][0] - batch.original[k][0], state.points[k][1] - batch.original[k][1]];
    const moved = Object.fromEntries(TWINS.map((t) => [t, othersMoved(state.after[t], batch.before[t], k)]));
    const text = dx === 0 && dy === 0
      ? `The mini-batch of step ${batch.step}. Example ${k + 1} is where it was: move it and watch the other ${m - 1}.`
      : `Example ${k + 1} moved by (${fmt(dx, 2)}, ${fmt(dy, 2)}). The other ${m - 1} examples’ values moved by up to `
        + `${fmt(moved.withBn, 3)} with BN and ${fmt(moved.withoutBn, 3)} without.`;
    say(text);
  }

  return {
    render(frame) {
      const twin = read.twin();
      if (!twin) return;
      if (frame.steps === 0) {
        batch = null;
        say('The mini-batch appears after the first training step.');
        return;
      }
      if (twin.inputSize !== 2) {
        batch = null;
        say(`Batch coupling moves examples in the input plane: this data set has ${twin.inputSize} inputs, choose one with 2.`);
        return;
      }
      if (!batch || batch.step !== frame.steps) {
        try {
          load(twin, frame.steps);
        } catch (e) {
          batch = null;
          say(`The engine cannot inspect this batch: ${e.message}`);
        }
      }
    },
    /** What the figure shows (for tests): the picked example, its place, moves, and how far the others moved. */
    info: () => ({
      step: batch?.step ?? 0, selected: state.selected, point: batch ? [...state.points[state.selected]] : null,
      moves: state.moves,
      othersMoved: batch ? Object.fromEntries(TWINS.map((t) => [t, othersMoved(state.after[t], batch.before[t], state.selected)])) : null,
    }),
    reset() {
      batch = null;
      plane.reset();
      Object.values(dots).forEach((d) => d.reset());
    },
    redraw() {
      plane.redraw();
      Object.values(dots).forEach((d) => d.redraw());
    },
    destroy() {
      plane.destroy();
      Object.values(dots).forEach((d) => d.destroy());
    },
  };
}
