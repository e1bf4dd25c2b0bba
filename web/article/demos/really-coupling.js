// Section 6: batch coupling. The last training mini-batch of a twin, drawn in
// the input plane; the reader moves one example and sees, for one unit of the
// first hidden layer, every example's z_norm with BN (which depends on the
// whole batch through μ_B and σ²_B) and every example's z without BN (which
// depends on the example alone). Nothing of the run changes (Twin.inspectBatch).

import { createCouplingPlane } from '../figures/coupling-plane.js';
import { createCouplingDots } from '../figures/coupling-dots.js';
import { couplingValues } from '../really-plan.js';
import { fmt } from '../format.js';
import { button, el, figureFrame, richText } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { COUPLING } from '../figure-settings.js';

const DOMAIN = [-1.6, 1.6];
const NETS = Object.freeze([['withBn', 'with BN: z_norm', 'zNorm'], ['withoutBn', 'without BN: z', 'Z']]);

/** Largest |a[j] − b[j]| over the examples other than k. */
const othersMoved = (a, b, k) => Math.max(0, ...a.map((v, j) => (j === k ? 0 : Math.abs(v - b[j]))));

/**
 * @param {HTMLElement} figure the <figure data-figure="really-coupling"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountReallyCoupling(figure, { engine, onDraw = () => {} }) {
  const twin = engine.createTwin(COUPLING.config);
  twin.step(COUPLING.warmUp);
  const batch = twin.lastBatch();
  const m = batch.y.length;
  const original = Array.from({ length: m }, (_, j) => [batch.x[2 * j], batch.x[2 * j + 1]]);
  const labels = Array.from(batch.y);
  const before = Object.fromEntries(NETS.map(([net]) =>
    [net, couplingValues(twin, net, COUPLING, 0, original[0])]));
  const state = { selected: COUPLING.example, points: original.map((p) => [...p]), moves: 0 };
  let after = before;

  const frame = figureFrame(figure);
  const grid = el('div', { class: 'fig-grid main-side' });
  const planeBox = el('div', { class: 'coupling-plane', 'data-testid': 'really-coupling-plane' });
  const side = el('div');
  grid.append(el('div', {}, el('h4', { text: 'The last mini-batch (drag a point, or focus and use the arrow keys)' }),
    planeBox), side);
  frame.body.append(grid);
  const plane = createCouplingPlane(planeBox, {
    domain: DOMAIN,
    label: `The last mini-batch of ${m} examples in the input plane. Drag an example, or focus here and move the ` +
      'picked one with the arrow keys; n picks the next example.',
    onMove: (k, p) => {
      state.points[k] = p;
      state.moves += 1;
      compute();
    },
    onPick: (k) => {
      state.selected = k;
      compute();
    },
  });
  const dots = {};
  for (const [net, title] of NETS) {
    const box = el('div', { 'data-testid': `really-coupling-${net}` });
    box.append(el('h4', {}, el('span', { class: `swatch ${net === 'withBn' ? 'with-bn' : 'without-bn'}` }),
      `${title} of unit ${COUPLING.unit + 1}, layer ${COUPLING.layer + 1}`));
    side.append(box);
    const host = el('div');
    box.append(host);
    dots[net] = createCouplingDots(host, { label: `Each example’s ${title}, before and after the move` });
  }
  frame.controls.append(button('Put it back', () => {
    state.points = original.map((p) => [...p]);
    compute();
  }, { testid: 'really-coupling-reset' }));
  richText(frame.caption, claimText('article.really.coupling.caption'));

  function compute() {
    // Every example is at its place in the real batch except the picked one.
    const k = state.selected;
    state.points = state.points.map((p, j) => (j === k ? p : [...original[j]]));
    after = Object.fromEntries(NETS.map(([net]) => [net, couplingValues(twin, net, COUPLING, k, state.points[k])]));
    draw();
  }

  function draw() {
    const k = state.selected;
    plane.update({ points: state.points, labels, selected: k, ghost: original[k] });
    for (const [net, , color] of NETS) {
      const all = [...before[net], ...after[net]].filter(Number.isFinite);
      const lo = Math.min(...all);
      const hi = Math.max(...all);
      const pad = Math.max(0.02, (hi - lo) * 0.08);
      dots[net].update({ before: before[net], after: after[net], selected: k, color, yDomain: [lo - pad, hi + pad] });
    }
    const [dx, dy] = [state.points[k][0] - original[k][0], state.points[k][1] - original[k][1]];
    const moved = Object.fromEntries(NETS.map(([net]) => [net, othersMoved(after[net], before[net], k)]));
    frame.readout.textContent = dx === 0 && dy === 0
      ? `Example ${k + 1} is where it was in the real batch: move it and watch the other ${m - 1}.`
      : `Example ${k + 1} moved by (${fmt(dx, 2)}, ${fmt(dy, 2)}). The other ${m - 1} examples’ values moved by up ` +
        `to ${fmt(moved.withBn, 3)} with BN and ${fmt(moved.withoutBn, 3)} without.`;
    figure.dataset.moves = String(state.moves);
    onDraw();
  }

  compute();

  return {
    setVisible: () => {}, // nothing trains here
    info: () => ({
      selected: state.selected, point: [...state.points[state.selected]], moves: state.moves,
      othersMoved: Object.fromEntries(NETS.map(([net]) => [net, othersMoved(after[net], before[net], state.selected)])),
      zNorm: [...after.withBn],
    }),
    destroy() {
      plane.destroy();
      for (const d of Object.values(dots)) d.destroy();
      twin.dispose();
    },
  };
}
