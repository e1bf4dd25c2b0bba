// Section 6: at test time. A BN network trains; for one unit the figure shows
// the mini-batch statistics μ_B, σ²_B of every step, the running averages the
// engine keeps (momentum ρ), and the statistics over a large fixed set of
// examples that the averages chase. A switch redraws the decision boundary
// with the running statistics (inference) or with batch statistics (as in
// training), and a button asks the engine to train with a batch of one.

import { createRunningStats } from '../figures/running-stats.js';
import { createDecisionBoundary } from '../../lab/figures/decision-boundary.js';
import { createLoop } from '../loop.js';
import { fmt, pct } from '../format.js';
import { button, el, figureFrame, playerControls, richText, segmented } from '../ui.js';
import { claimText, fill } from '../../claims/texts.js';
import { TEST_TIME } from '../figure-settings.js';

const { config: BASE, layer: LAYER, unit: UNIT, total: TOTAL, slowUntil: SLOW_UNTIL } = TEST_TIME;
const NET = 'withBn';

/**
 * @param {HTMLElement} figure the <figure data-figure="test-time"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountTestTime(figure, { engine, onDraw = () => {} }) {
  const state = { momentum: TEST_TIME.momentum, mode: 'running', unit: UNIT };
  let twin = null;
  let dataset = null;
  let rec = null; // {steps, batchMean, batchVar, runningMean, runningVar, popMean, popVar}

  const frame = figureFrame(figure);
  const charts = el('div', { class: 'fig-grid two' });
  const muBox = el('div', { 'data-testid': 'test-time-mean' });
  const varBox = el('div', { 'data-testid': 'test-time-var' });
  charts.append(muBox, varBox);
  const lower = el('div', { class: 'fig-grid main-side test-time-lower' });
  const boundaryBox = el('div', { class: 'boundary-box', 'data-testid': 'test-time-boundary' });
  const side = el('div', { class: 'test-time-side' });
  lower.append(boundaryBox, side);
  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    el('li', {}, el('span', { class: 'dot-key' }), 'each training mini-batch'),
    el('li', {}, el('span', { class: 'line-key' }), 'running average (used at inference)'),
    el('li', {}, el('span', { class: 'line-key dashed' }), 'over all training examples'));
  frame.body.append(legend, charts, lower);
  const mu = createRunningStats(muBox, { label: 'Batch mean and running mean of one unit over training' });
  const va = createRunningStats(varBox, { label: 'Batch variance and running variance of one unit over training' });
  const boundary = createDecisionBoundary(boundaryBox, {
    label: 'Decision boundary of the network with batch norm, using running or batch statistics',
  });

  const player = playerControls({ prefix: 'test-time', onToggle: () => loop.toggle(), onRestart: () => rebuild() });
  const momentum = segmented({
    label: 'momentum ρ', testid: 'test-time-momentum', value: String(state.momentum),
    options: TEST_TIME.momenta.map((m) => ({ value: String(m), label: String(m) })),
    onChange: (v) => {
      state.momentum = Number(v);
      rebuild();
    },
  });
  frame.controls.append(player.element, momentum.element);

  const mode = segmented({
    label: 'boundary with μ, σ²:', testid: 'test-time-mode', value: state.mode,
    options: [{ value: 'running', label: 'running (inference)' }, { value: 'batch', label: 'batch (training)' }],
    onChange: (v) => {
      state.mode = v;
      drawBoundary();
    },
  });
  const accuracy = el('p', { class: 'test-time-acc', 'data-testid': 'test-time-accuracy' });
  const oneButton = button('Train with a batch of one', () => tryBatchOfOne(), { testid: 'test-time-batch-one' });
  const oneMessage = el('p', { class: 'engine-message', 'data-testid': 'test-time-batch-one-message', role: 'status' });
  side.append(mode.element, accuracy, el('div', { class: 'batch-one' }, oneButton, oneMessage));
  richText(frame.caption, claimText('article.testtime.caption'));

  function rebuild() {
    const next = engine.createTwin({ ...BASE, bnMomentum: state.momentum });
    twin?.dispose();
    twin = next;
    dataset = twin.dataset();
    rec = { steps: [], batchMean: [], batchVar: [], runningMean: [], runningVar: [], popMean: [], popVar: [] };
    record(NaN, NaN);
    draw();
    loop.play();
  }

  /** Records the state after the last step: its batch statistics and the running/probe ones. */
  function record(batchMean, batchVar) {
    twin.refreshProbes();
    const p = twin.probe(NET, LAYER);
    const u = state.unit;
    rec.steps.push(twin.status()[NET].steps);
    rec.batchMean.push(batchMean);
    rec.batchVar.push(batchVar);
    rec.runningMean.push(p.runningMean[u]);
    rec.runningVar.push(p.runningVar[u]);
    rec.popMean.push(p.batchMean[u]);
    rec.popVar.push(p.batchVar[u]);
  }

  function oneStep() {
    twin.step(1);
    const b = twin.trainBatch(NET, LAYER);
    record(b.batchMean[state.unit], b.batchVar[state.unit]);
  }

  function drawBoundary() {
    boundary.update({ grid: twin.grid(NET, state.mode), data: dataset });
    const running = twin.metrics('running')[NET].testAccuracy;
    const batch = twin.metrics('batch')[NET].testAccuracy;
    accuracy.textContent = `Test accuracy with running statistics ${pct(running, 0)}, with the batch statistics of ` +
      `a large batch ${pct(batch, 0)}.`;
    figure.dataset.mode = state.mode;
  }

  function draw() {
    const k = rec.steps.length - 1;
    mu.update({ steps: rec.steps, batch: rec.batchMean, running: rec.runningMean, population: rec.popMean,
      color: 'mu', xMax: TOTAL, title: 'mean: μ_B, running μ' });
    va.update({ steps: rec.steps, batch: rec.batchVar, running: rec.runningVar, population: rec.popVar,
      color: 'var', xMax: TOTAL, title: 'variance: σ²_B, running σ²' });
    drawBoundary();
    player.setStep(rec.steps[k]);
    frame.readout.textContent = `Step ${rec.steps[k]}: running μ = ${fmt(rec.runningMean[k], 3)} ` +
      `(over the training examples ${fmt(rec.popMean[k], 3)}), running σ² = ${fmt(rec.runningVar[k], 3)} ` +
      `(${fmt(rec.popVar[k], 3)}).`;
    figure.dataset.step = String(rec.steps[k]);
    onDraw();
  }

  function tryBatchOfOne() {
    try {
      const t = engine.createTwin({ ...BASE, bnMomentum: state.momentum, batchSize: 1 });
      t.dispose();
      oneMessage.textContent = 'The engine accepted a batch of one.';
    } catch (e) {
      oneMessage.textContent = fill(claimText('article.testtime.batch-one'), { message: e.message });
    }
  }

  const loop = createLoop(() => {
    const last = rec.steps[rec.steps.length - 1];
    const n = last < SLOW_UNTIL ? 1 : 4;
    for (let i = 0; i < n && rec.steps[rec.steps.length - 1] < TOTAL; ++i) oneStep();
    draw();
    return rec.steps[rec.steps.length - 1] < TOTAL;
  }, { onPlayingChange: (p) => player.setPlaying(p) });

  rebuild();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({ step: rec.steps[rec.steps.length - 1], mode: state.mode, playing: loop.playing,
      runningMean: rec.runningMean.at(-1), populationMean: rec.popMean.at(-1) }),
    destroy() {
      loop.destroy();
      mu.destroy();
      va.destroy();
      boundary.destroy();
      twin.dispose();
    },
  };
}
