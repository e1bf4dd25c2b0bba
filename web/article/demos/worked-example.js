// Section 3: the batch-norm transform on real numbers. A live network with BN
// (the twin's withBn network) takes one training step at a time; for a chosen
// layer and unit the figure shows that step's mini-batch values z(i), the
// batch statistics μ_B and σ²_B, z_norm(i) and z̃(i) (Twin.trainBatch), in a
// strip plot and a table, each symbol in its colour. Two "what if"s run the
// engine's lone BN layer (engine.batchNorm) on the same numbers: γ = √(σ²+ε),
// β = μ gives back z, and adding a bias b to every z leaves z_norm unchanged.

import { createBnStrips } from '../figures/bn-strips.js';
import { maxAbsDiff, unitValues } from '../stats.js';
import { fmt, operand, sig } from '../format.js';
import { button, checkbox, el, figureFrame, richText, segmented } from '../ui.js';
import { claimText, fill } from '../../claims/texts.js';
import { WORKED_EXAMPLE } from '../figure-settings.js';

const { config: CONFIG, eps: EPS, bias: BIAS, warmUp: WARM_UP } = WORKED_EXAMPLE;

/**
 * @param {HTMLElement} figure the <figure data-figure="worked-example"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountWorkedExample(figure, { engine, onDraw = () => {} }) {
  const twin = engine.createTwin(CONFIG);
  const L = CONFIG.hidden.length;
  const state = { layer: 1, unit: 0, highlight: 0, identity: false, bias: false, shared: false };
  let used = []; // per layer: {gamma, beta} the last step's forward pass used (read before the step)
  let shown = null; // the numbers on screen

  const frame = figureFrame(figure);
  const layout = el('div', { class: 'fig-grid main-side worked' });
  const plot = el('div', { 'data-testid': 'worked-example-plot' });
  const tableBox = el('div', { class: 'table-box' });
  layout.append(plot, tableBox);
  const formulas = el('div', { class: 'formulas', 'data-testid': 'worked-example-formulas' });
  const whatIf = el('div', { class: 'what-if' });
  frame.body.append(layout, formulas, whatIf);
  const fig = createBnStrips(plot, { label: 'The chosen unit’s values in the last mini-batch: z, z_norm and z̃' });

  const stepButton = button('Step ›', () => step(), { testid: 'worked-example-step', primary: true,
    title: 'Take one training step and show its numbers' });
  const layerPicker = segmented({
    label: 'layer l', testid: 'worked-example-layer', value: String(state.layer),
    options: Array.from({ length: L }, (_, l) => ({ value: String(l), label: String(l + 1) })),
    onChange: (v) => {
      state.layer = Number(v);
      show();
    },
  });
  const unitPicker = segmented({
    label: 'unit', testid: 'worked-example-unit', value: String(state.unit),
    options: Array.from({ length: CONFIG.hidden[0] }, (_, u) => ({ value: String(u), label: String(u + 1) })),
    onChange: (v) => {
      state.unit = Number(v);
      show();
    },
  });
  const sharedAxis = checkbox({ label: 'one axis for all three', checked: state.shared, testid: 'worked-example-shared',
    onChange: (v) => {
      state.shared = v;
      show();
    } });
  frame.controls.append(stepButton, layerPicker.element, unitPicker.element, sharedAxis.element);

  const identityButton = button('', () => {
    state.identity = !state.identity;
    show();
  }, { testid: 'worked-example-identity' });
  const biasButton = button('', () => {
    state.bias = !state.bias;
    show();
  }, { testid: 'worked-example-bias' });
  const identityText = el('p', { 'data-testid': 'worked-example-identity-text' });
  const biasText = el('p', { 'data-testid': 'worked-example-bias-text' });
  whatIf.append(el('div', { class: 'what-if-row' }, identityButton, identityText),
    el('div', { class: 'what-if-row' }, biasButton, biasText));
  richText(frame.caption, claimText('article.worked.caption'));

  /** One training step: remember the γ, β its forward pass will use, then step. */
  function step() {
    used = Array.from({ length: L }, (_, l) => {
      const b = twin.trainBatch('withBn', l);
      return { gamma: b.gamma, beta: b.beta };
    });
    twin.step(1);
    show();
  }

  /** The chosen unit's numbers of the last step, from the engine. */
  function read() {
    const b = twin.trainBatch('withBn', state.layer);
    const n = b.units;
    const u = Math.min(state.unit, n - 1);
    return {
      step: twin.status().withBn.steps, layer: state.layer, unit: u, m: b.batchSize,
      z: unitValues(b.Z, n, u), zNorm: unitValues(b.zNorm, n, u), zTilde: unitValues(b.zTilde, n, u),
      a: unitValues(b.A, n, u),
      mean: b.batchMean[u], var: b.batchVar[u], gamma: used[state.layer].gamma[u], beta: used[state.layer].beta[u],
    };
  }

  function show() {
    shown = read();
    const s = shown;
    const sd = Math.sqrt(s.var + EPS);
    const strips = [
      { label: 'z', color: 'Z', values: s.z, marks: [{ value: s.mean, label: 'μ', color: 'mu' }],
        band: { lo: s.mean - sd, hi: s.mean + sd, color: 'var' } },
      { label: 'z_norm', color: 'zNorm', values: s.zNorm, marks: [{ value: 0, label: '0', color: 'muted' }],
        band: { lo: -1, hi: 1, color: 'zNorm' } },
      { label: 'z̃', color: 'zTilde', values: s.zTilde, marks: [{ value: s.beta, label: 'β', color: 'beta' }],
        band: { lo: s.beta - s.gamma, hi: s.beta + s.gamma, color: 'gamma' } },
    ];
    // What if γ = √(σ² + ε) and β = μ: the engine's BN layer on these very numbers.
    const identity = engine.batchNorm({ z: s.z, features: 1, gamma: [sd], beta: [s.mean], mode: 'batch' });
    const identityGap = maxAbsDiff(identity.zTilde, s.z);
    if (state.identity) {
      strips.push({ label: 'z̃′', sublabel: 'γ = √(σ²+ε), β = μ', color: 'zTilde', values: identity.zTilde,
        domainFrom: 0, marks: [{ value: s.mean, label: 'β = μ', color: 'beta' }] });
    }
    fig.update({ strips, highlight: state.highlight, shared: state.shared });
    renderTable(s);
    renderFormulas(s, sd);
    identityButton.textContent = state.identity ? 'Hide z̃′' : 'Try γ = √(σ² + ε), β = μ';
    richText(identityText, state.identity
      ? fill(claimText('article.worked.identity'), { var: fmt(s.var, 4), sd: fmt(sd, 4), mean: fmt(s.mean, 4),
        gap: sig(identityGap, 2) })
      : 'What if learning set γ and β to undo the normalization?');
    const shifted = Float32Array.from(s.z, (v) => v + BIAS);
    const biased = engine.batchNorm({ z: shifted, features: 1, gamma: [s.gamma], beta: [s.beta], mode: 'batch' });
    const biasGap = maxAbsDiff(biased.zNorm, s.zNorm);
    biasButton.textContent = state.bias ? 'Hide' : `Add a bias b = ${BIAS} to every z(i)`;
    richText(biasText, state.bias
      ? fill(claimText('article.worked.bias'), { after: fmt(biased.mean[0], 4), before: fmt(s.mean, 4),
        var: fmt(biased.var[0], 4), gap: sig(biasGap, 2) })
      : 'Why can the bias b[l] be dropped?');
    figure.dataset.step = String(s.step);
    figure.dataset.layer = String(s.layer);
    figure.dataset.unit = String(s.unit);
    figure.dataset.identityGap = String(identityGap);
    onDraw();
  }

  function renderTable(s) {
    const cell = (sym, v, i) => el('td', { class: `num sym-${sym}`, 'data-sym': sym, 'data-i': i, 'data-value': String(v),
      text: fmt(v, 3) });
    const head = el('tr', {}, el('th', { scope: 'col', text: 'i' }),
      el('th', { scope: 'col', class: 'sym-z', text: 'z(i)' }),
      el('th', { scope: 'col', class: 'sym-znorm', text: 'z_norm(i)' }),
      el('th', { scope: 'col', class: 'sym-ztilde', text: 'z̃(i)' }));
    const rows = Array.from(s.z, (_, i) => {
      const tr = el('tr', { class: i === state.highlight ? 'hot' : undefined, tabindex: '0',
        'aria-label': `example ${i + 1}` },
      el('th', { scope: 'row', text: String(i + 1) }), cell('z', s.z[i], i), cell('znorm', s.zNorm[i], i),
      cell('ztilde', s.zTilde[i], i));
      const pick = () => {
        state.highlight = i;
        show();
      };
      tr.addEventListener('click', pick);
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          pick();
        }
      });
      return tr;
    });
    const stat = (sym, label, v) => el('tr', { class: 'stat' }, el('th', { scope: 'row', class: `sym-${sym}`, text: label }),
      el('td', { class: `num sym-${sym}`, colspan: '3', 'data-sym': sym, 'data-value': String(v), text: fmt(v, 4) }));
    const table = el('table', { class: 'numbers', 'data-testid': 'worked-example-table' },
      el('caption', { text: `Step ${s.step}, layer ${s.layer + 1}, unit ${s.unit + 1}: the m = ${s.m} examples of X{${s.step}}` }),
      el('thead', {}, head), el('tbody', {}, ...rows),
      el('tfoot', {}, stat('mu', 'μ_B', s.mean), stat('var', 'σ²_B', s.var), stat('gamma', 'γ', s.gamma),
        stat('beta', 'β', s.beta)));
    tableBox.replaceChildren(table);
  }

  function renderFormulas(s, sd) {
    const i = state.highlight;
    const n = i + 1;
    // A negative operand is bracketed: "0.812 − (−0.300)", never "0.812 − −0.300" (format.js operand).
    richText(formulas, `For example ${n}: [[znorm|z_norm(${n})]] = ([[z|z(${n})]] − [[mu|μ]]) / √([[var|σ²]] + ε) = ` +
      `([[z|${fmt(s.z[i], 3)}]] − [[mu|${operand(s.mean, 3)}]]) / √([[var|${fmt(s.var, 4)}]] + ${EPS}) = ` +
      `[[znorm|${fmt((s.z[i] - s.mean) / sd, 3)}]]; [[ztilde|z̃(${n})]] = [[gamma|γ]]·z_norm + [[beta|β]] = ` +
      `[[gamma|${fmt(s.gamma, 3)}]] × [[znorm|${operand(s.zNorm[i], 3)}]] + [[beta|${operand(s.beta, 3)}]] = ` +
      `[[ztilde|${fmt(s.gamma * s.zNorm[i] + s.beta, 3)}]].`);
  }

  twin.step(WARM_UP);
  step(); // one recorded step, so there are numbers to show

  return {
    setVisible: () => {}, // it moves only when the reader steps it
    info: () => ({ step: shown.step, layer: shown.layer, unit: shown.unit, shared: state.shared }),
    /** What the figure shows, as numbers (the same values as the table's data-value attributes). */
    shown: () => ({ ...shown, z: [...shown.z], zNorm: [...shown.zNorm], zTilde: [...shown.zTilde], a: [...shown.a] }),
    /** The engine's record of the last step for a layer, for tests comparing it with the table. */
    trainBatch: (layer) => {
      const b = twin.trainBatch('withBn', layer);
      return { units: b.units, Z: [...b.Z], zNorm: [...b.zNorm], zTilde: [...b.zTilde], batchMean: [...b.batchMean],
        batchVar: [...b.batchVar], steps: twin.status().withBn.steps };
    },
    step,
    destroy() {
      fig.destroy();
      twin.dispose();
    },
  };
}
