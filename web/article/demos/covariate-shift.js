// Section 2: covariate shift. A plain network (the twin without batch norm)
// learns the two-moons labels from training points in one region; the test
// points follow the same labelling rule but are drawn from a shifted or
// rescaled input distribution (config shift / shiftAmount). The figure shows
// the learned boundary with both sets and the accuracy on each.

import { createDecisionBoundary } from '../../lab/figures/decision-boundary.js';
import { gridExtent } from '../../state.js';
import { createLoop } from '../loop.js';
import { pct } from '../format.js';
import { el, figureFrame, richText, segmented, slider } from '../ui.js';
import { claimText, fill } from '../../claims/texts.js';
import { COVARIATE_SHIFT } from '../figure-settings.js';

// STEPS: training steps; the training data and batches do not depend on the shift
const { config: BASE, steps: STEPS, net: NET } = COVARIATE_SHIFT;
const PER_FRAME = 40;

/**
 * @param {HTMLElement} figure the <figure data-figure="covariate-shift"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountCovariateShift(figure, { engine, onDraw = () => {} }) {
  const state = { shift: COVARIATE_SHIFT.shift, amount: COVARIATE_SHIFT.amount };
  let twin = null;
  let dataset = null;
  let steps = 0;
  let pending = 0; // a rebuild waiting for the next frame (slider drags come faster than frames)

  const frame = figureFrame(figure);
  const layout = el('div', { class: 'fig-grid main-side' });
  const plot = el('div', { class: 'boundary-box', 'data-testid': 'covariate-shift-plot' });
  const side = el('div', { class: 'shift-side' });
  layout.append(plot, side);
  frame.body.append(layout);
  const fig = createDecisionBoundary(plot, {
    label: 'Decision boundary of a network trained on the filled points, with shifted test points as rings',
  });
  const bars = {
    train: accuracyBar('training points (filled)', 'covariate-shift-train-acc'),
    test: accuracyBar('shifted test points (rings)', 'covariate-shift-test-acc'),
  };
  side.append(bars.train.element, bars.test.element, el('p', { class: 'shift-note', 'data-testid': 'covariate-shift-note' }));

  const kind = segmented({
    label: 'test set', testid: 'covariate-shift-kind', value: state.shift,
    options: [{ value: 'none', label: 'same' }, { value: 'translate', label: 'moved' }, { value: 'scale', label: 'spread' }],
    onChange: (v) => {
      state.shift = v;
      rebuildSoon();
    },
  });
  const amount = slider({
    label: 'shift', min: 0, max: 3, step: 0.1, value: state.amount, testid: 'covariate-shift-amount',
    format: (v) => v.toFixed(1),
    onInput: (v) => {
      state.amount = v;
      rebuildSoon();
    },
  });
  frame.controls.append(kind.element, amount.element);
  richText(frame.caption, claimText('article.covariate.caption'));

  /** One rebuild (trained at once) in the next frame, however many changes arrive before it. */
  function rebuildSoon() {
    if (pending) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      rebuild(true);
    });
  }

  /** A new twin for the current shift; trains it at once (`now`) or frame by frame. */
  function rebuild(now) {
    const shift = state.amount === 0 ? 'none' : state.shift;
    figure.dataset.amount = String(state.amount); // the shift the drawn network was tested with
    const config = { ...BASE, shift, shiftAmount: state.amount,
      gridExtent: gridExtent({ shift, shiftAmount: state.amount }) };
    const next = engine.createTwin(config);
    twin?.dispose();
    twin = next;
    dataset = twin.dataset();
    steps = 0;
    if (now) {
      twin.step(STEPS);
      steps = STEPS;
      draw();
    } else {
      draw();
      loop.play();
    }
  }

  function draw() {
    fig.update({ grid: twin.grid(NET, 'running'), data: dataset });
    const m = twin.metrics('running')[NET];
    bars.train.set(m.trainAccuracy);
    bars.test.set(m.testAccuracy);
    const drop = m.trainAccuracy - m.testAccuracy;
    side.lastChild.textContent = steps < STEPS ? `Training… step ${steps} of ${STEPS}.`
      : drop > 0.05 ? fill(claimText('article.covariate.drop'), { points: Math.round(100 * drop) })
        : claimText('article.covariate.holds');
    figure.dataset.step = String(steps);
    figure.dataset.testAccuracy = String(m.testAccuracy);
    onDraw();
  }

  const loop = createLoop(() => {
    const n = Math.min(PER_FRAME, STEPS - steps);
    twin.step(n);
    steps += n;
    draw();
    return steps < STEPS;
  });

  rebuild(false);

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => {
      const m = twin.metrics('running')[NET];
      return { step: steps, shift: state.shift, amount: state.amount, trainAccuracy: m.trainAccuracy,
        testAccuracy: m.testAccuracy };
    },
    destroy() {
      cancelAnimationFrame(pending);
      loop.destroy();
      fig.destroy();
      twin.dispose();
    },
  };
}

/** A labelled horizontal bar showing an accuracy. */
function accuracyBar(label, testid) {
  const fill = el('span', { class: 'bar-fill' });
  const value = el('output', { 'data-testid': testid, text: '—' });
  const element = el('div', { class: 'acc-bar' }, el('span', { class: 'acc-label', text: label }), value,
    el('span', { class: 'bar-track' }, fill));
  return {
    element,
    set(v) {
      value.textContent = pct(v, 0);
      fill.style.width = `${Math.max(0, Math.min(1, v)) * 100}%`;
    },
  };
}
