// Section 4: the training loop. The post's pseudo-code for one pass over the
// mini-batches, highlighted line by line while the engine executes one step.
// The engine's step is atomic: the figure runs step(1), reads everything that
// step produced (the batch, the BN statistics, the loss, the gradient norms,
// γ and β before and after the update), then walks the highlight through the
// lines, revealing each line's real numbers as it gets there.

import { createLoop } from '../loop.js';
import { unitValues } from '../stats.js';
import { fmt, sig } from '../format.js';
import { button, checkbox, el, figureFrame, richText, segmented } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { TRAINING_LOOP } from '../figure-settings.js';

const { config: CONFIG, unit: UNIT, warmUp: WARM_UP } = TRAINING_LOOP; // UNIT: the unit whose numbers the lines quote
const NET = 'withBn';
const MS_PER_LINE = 650;

/**
 * The pseudo-code, one entry per line: indent level and text ([[sym|…]] marks colour symbols).
 * The updates change the parameters, W := W − α·dW (the source post's "dW := dW − α·dW" is a slip).
 * The running averages are kept for test time (section 6); frameworks update them during forward prop.
 */
export const LINES = [
  { indent: 0, code: 'for t = 1 … T:' },
  { indent: 1, code: 'forward prop on X{t}, for l = 1 … L:' },
  { indent: 2, code: 'Z[l] = W[l]·A[l−1]   (no b[l])' },
  { indent: 2, code: '[[mu|μ]], [[var|σ²]] = mean, variance of Z[l] over the batch' },
  { indent: 2, code: '[[znorm|Z_norm]] = (Z[l] − [[mu|μ]]) / √([[var|σ²]] + ε)' },
  { indent: 2, code: '[[ztilde|Z̃[l]]] = [[gamma|γ[l]]]·[[znorm|Z_norm]] + [[beta|β[l]]]   (BN replaces Z[l] by Z̃[l])' },
  { indent: 2, code: '[[a|A[l]]] = g[l]([[ztilde|Z̃[l]]])' },
  { indent: 1, code: 'cost J{t} on the output' },
  { indent: 1, code: 'back prop, for l = L … 1: dW[l], [[gamma|dγ[l]]], [[beta|dβ[l]]]' },
  { indent: 1, code: 'for l = 1 … L:' },
  { indent: 2, code: 'W[l] := W[l] − α·dW[l]' },
  { indent: 2, code: '[[gamma|γ[l]]] := [[gamma|γ[l]]] − α·[[gamma|dγ[l]]]' },
  { indent: 2, code: '[[beta|β[l]]] := [[beta|β[l]]] − α·[[beta|dβ[l]]]' },
  { indent: 2, code: '[[mu|μ_run[l]]] := (1 − ρ)·[[mu|μ_run[l]]] + ρ·[[mu|μ]],  [[var|σ²_run[l]]] likewise   (for test time)' },
];

/** The first few of an array's values, for a line's readout. */
const firstFew = (xs, n = 4, digits = 2) => `${Array.from(xs).slice(0, n).map((v) => fmt(v, digits)).join(', ')}, …`;

/**
 * @param {HTMLElement} figure the <figure data-figure="training-loop"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountTrainingLoop(figure, { engine, onDraw = () => {} }) {
  const twin = engine.createTwin(CONFIG);
  const L = CONFIG.hidden.length;
  const lr = CONFIG.learningRate;
  const rho = twin.config.bnMomentum;
  const state = { layer: 0, active: -1, phase: 'idle', auto: false };
  let texts = null; // per line, the readout of the last step
  let elapsed = 0;
  let lastFrame = 0;

  const frame = figureFrame(figure);
  const list = el('ol', { class: 'pseudo', 'data-testid': 'training-loop-code', 'aria-label': 'The training loop' });
  const rows = LINES.map((line, k) => {
    const code = richText(el('code', { class: 'code' }), line.code);
    const value = el('span', { class: 'line-value', 'data-testid': `training-loop-value-${k}` });
    const li = el('li', { class: `indent-${line.indent}`, 'data-line': k }, code, value);
    list.append(li);
    return { li, value };
  });
  frame.body.append(list);

  const stepButton = button('Run one step ›', () => runStep(), { testid: 'training-loop-step', primary: true });
  const layerPicker = segmented({
    label: 'numbers for layer', testid: 'training-loop-layer', value: String(state.layer),
    options: Array.from({ length: L }, (_, l) => ({ value: String(l), label: String(l + 1) })),
    onChange: (v) => {
      state.layer = Number(v);
      if (texts) {
        texts = readStep(texts.before);
        paint();
      }
    },
  });
  const auto = checkbox({ label: 'keep going', checked: false, testid: 'training-loop-auto',
    onChange: (v) => {
      state.auto = v;
      if (v && state.phase !== 'running') runStep();
    } });
  frame.controls.append(stepButton, layerPicker.element, auto.element);
  richText(frame.caption, claimText('article.loop.caption'));

  /** Everything the lines quote about the step just taken; `before` holds γ, β as read before it. */
  function readStep(before) {
    const l = state.layer;
    const b = twin.trainBatch(NET, l);
    twin.refreshProbes();
    const p = twin.probe(NET, l);
    const n = b.units;
    const status = twin.status()[NET];
    const batch = twin.lastBatch();
    const g0 = before[l].gamma[UNIT];
    const b0 = before[l].beta[UNIT];
    const lines = [
      `t = ${status.steps}`,
      `X{${status.steps}}: ${CONFIG.batchSize} examples; x(1) = (${fmt(batch.x[0], 2)}, ${fmt(batch.x[1], 2)}), ` +
        `class ${batch.y[0]}`,
      `layer ${l + 1}, unit 1: z = ${firstFew(unitValues(b.Z, n, UNIT))}`,
      `[[mu|μ = ${fmt(b.batchMean[UNIT], 3)}]], [[var|σ² = ${fmt(b.batchVar[UNIT], 3)}]]`,
      `[[znorm|z_norm = ${firstFew(unitValues(b.zNorm, n, UNIT))}]]`,
      `[[gamma|γ = ${fmt(g0, 3)}]], [[beta|β = ${fmt(b0, 3)}]] → [[ztilde|z̃ = ${firstFew(unitValues(b.zTilde, n, UNIT))}]]`,
      `[[a|a = tanh(z̃) = ${firstFew(unitValues(b.A, n, UNIT))}]]`,
      `J{${status.steps}} = ${fmt(status.loss, 4)}`,
      `‖dW[${l + 1}]‖ = ${sig(p.gradNorms.W)}, [[gamma|‖dγ[${l + 1}]‖ = ${sig(p.gradNorms.gamma)}]], ` +
        `[[beta|‖dβ[${l + 1}]‖ = ${sig(p.gradNorms.beta)}]]`,
      `α = ${lr}, layer ${l + 1}`,
      `W[${l + 1}] moves by α·‖dW‖ = ${sig(lr * p.gradNorms.W)}`,
      `unit 1: [[gamma|γ ${fmt(g0, 4)} → ${fmt(b.gamma[UNIT], 4)}]]`,
      `unit 1: [[beta|β ${fmt(b0, 4)} → ${fmt(b.beta[UNIT], 4)}]]`,
      `unit 1: [[mu|μ_run ${fmt(before[l].runningMean[UNIT], 4)} → ${fmt(p.runningMean[UNIT], 4)}]] ` +
        `(ρ = ${rho}, this batch’s [[mu|μ = ${fmt(b.batchMean[UNIT], 4)}]])`,
    ];
    return { lines, before, step: status.steps };
  }

  function runStep() {
    if (state.phase === 'running') return;
    twin.refreshProbes();
    const before = Array.from({ length: L }, (_, l) => {
      const b = twin.trainBatch(NET, l);
      return { gamma: b.gamma, beta: b.beta, runningMean: twin.probe(NET, l).runningMean };
    });
    twin.step(1);
    texts = readStep(before);
    state.phase = 'running';
    state.active = 0;
    elapsed = 0;
    lastFrame = 0;
    paint();
    loop.play();
  }

  function paint() {
    rows.forEach(({ li, value }, k) => {
      const reached = state.phase === 'done' || k <= state.active;
      li.classList.toggle('active', k === state.active && state.phase === 'running');
      li.classList.toggle('done', reached && !(k === state.active && state.phase === 'running'));
      if (texts && reached) richText(value, texts.lines[k]);
      else value.textContent = '';
    });
    list.dataset.activeLine = String(state.active);
    list.dataset.phase = state.phase;
    figure.dataset.step = String(texts?.step ?? 0);
    stepButton.disabled = state.phase === 'running';
    onDraw();
  }

  const loop = createLoop((now) => {
    elapsed += lastFrame ? Math.min(now - lastFrame, 50) : 0;
    lastFrame = now;
    const line = Math.floor(elapsed / MS_PER_LINE);
    if (line !== state.active) {
      if (line >= LINES.length) {
        state.phase = 'done';
        state.active = LINES.length - 1;
        paint();
        if (state.auto) {
          state.phase = 'idle';
          runStep();
          return true;
        }
        return false;
      }
      state.active = line;
      paint();
    }
    return true;
  }, { onPlayingChange: () => { lastFrame = 0; } });

  twin.step(WARM_UP - 1);
  runStep(); // one step's numbers on show from the start …
  state.phase = 'done'; // … without the walk-through, which waits for the reader
  state.active = -1;
  loop.pause();
  paint();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({ step: texts?.step ?? twin.status()[NET].steps, activeLine: state.active, phase: state.phase,
      lines: LINES.length }),
    runStep,
    destroy() {
      loop.destroy();
      twin.dispose();
    },
  };
}
