// View: the BN equations worked on the engine's numbers. For one unit of one
// layer of the BN network and the last training mini-batch X{t} (m examples):
//   μ = (1/m) Σ_i Z(i)          σ² = (1/m) Σ_i (Z(i) − μ)²
//   z_norm(i) = (Z(i) − μ) / √(σ² + ε)
//   z̃(i) = γ·z_norm(i) + β
// Every number is the engine's (its forward pass of step t), each symbol in the
// colour it has in the figures.
//
// The γ and β of step t's forward are the values after step t − 1's update, so
// the view keeps the ones it last showed; after a jump of several steps it
// says the shown γ, β are the updated ones.

import { el } from '../frame.js';
import { claimText, fill } from '../../claims/texts.js';
import { shows } from './controls-shown.js';

const MAX_EXAMPLES = 8;
const num = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(2) : v.toFixed(3)) : '—');
const sym = (name, text) => el('span', { class: `sym sym-${name}` }, text);

/**
 * @param {HTMLElement} body
 * @param {{readBatch: (layer: number) => object|null}} read the controller's reader of
 *   Twin.trainBatch('withBn', layer) (plain copies; null while the controller is being built)
 */
export function createWorkedExampleView(body, read) {
  const intro = el('p', { class: 'we-intro', 'data-testid': 'we-intro' });
  const table = el('table', { class: 'we-table', 'data-testid': 'we-table' });
  const equations = el('div', { class: 'we-equations', 'data-testid': 'we-equations' });
  const check = el('p', { class: 'caption', 'data-testid': 'we-check' });
  body.replaceChildren(intro, el('div', { class: 'we-scroll' }, table), equations, check);
  let shown = null; // {step, layer, unit, gamma, beta} of the last render

  /** One example per row (i, Z, z_norm, z̃): four narrow columns fit a phone, whatever m is. */
  function fillTable(m, columns) {
    table.replaceChildren(
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'i'), el('th', { scope: 'col' }, sym('Z', 'Z(i)')),
        el('th', { scope: 'col' }, sym('zNorm', 'z_norm(i)')), el('th', { scope: 'col' }, sym('zTilde', 'z̃(i)')))),
      el('tbody', {}, ...Array.from({ length: Math.min(m, MAX_EXAMPLES) }, (_, j) => el('tr', {},
        el('th', { scope: 'row' }, String(j + 1)),
        ...columns.map(([values, cls]) => el('td', { class: cls }, num(values ? values[j] : NaN)))))));
  }

  function fillEquations(mu, v, gamma, beta, eps, note) {
    equations.replaceChildren(
      el('p', {}, sym('mu', 'μ'), ' = (1/m) Σ Z(i) = ', el('b', { 'data-testid': 'we-mu' }, num(mu)),
        '    ', sym('var', 'σ²'), ' = (1/m) Σ (Z(i) − ', sym('mu', 'μ'), ')² = ', el('b', { 'data-testid': 'we-var' }, num(v))),
      el('p', {}, sym('zNorm', 'z_norm(i)'), ' = (Z(i) − ', sym('mu', 'μ'), ') / √(', sym('var', 'σ²'), ` + ε),  ε = ${eps}`),
      el('p', {}, sym('zTilde', 'z̃(i)'), ' = ', sym('gamma', 'γ'), '·', sym('zNorm', 'z_norm(i)'), ' + ', sym('beta', 'β'), ',  ',
        sym('gamma', 'γ'), ' = ', el('b', { 'data-testid': 'we-gamma' }, num(gamma)), ',  ', sym('beta', 'β'), ' = ',
        el('b', { 'data-testid': 'we-beta' }, num(beta)), note));
  }

  // Laid out before the engine starts (step 0, dashes for the numbers), so the figure has its final height.
  function placeholder(state, text) {
    intro.textContent = text;
    fillTable(state.batchSize, [[null, 'sym-Z'], [null, 'sym-zNorm'], [null, 'sym-zTilde']]);
    fillEquations(NaN, NaN, NaN, NaN, state.bnEps, '');
    check.textContent = fill(claimText('embed.worked-example.check'), { mean: '—', variance: '—' });
  }

  function render(frame, history, dataset, state) {
    const layer = state.layer - 1;
    const u = Math.min(state.unit - 1, state.hidden[layer] - 1);
    if (frame.steps === 0 || !state.bn[layer]) {
      // Before the first step there is no training mini-batch yet.
      placeholder(state, state.bn[layer] ? `Layer ${layer + 1}, unit ${u + 1}: the numbers of each training step appear here once it trains.`
        : `Layer ${layer + 1} has no batch norm${shows(body, 'layer') ? ': pick another layer.' : '.'}`);
      // γ and β now are the ones step 1's forward pass will use.
      const b0 = state.bn[layer] ? read.readBatch(layer) : null;
      shown = b0 ? { step: 0, layer, unit: u, gamma: b0.gamma[u], beta: b0.beta[u] } : null;
      return;
    }
    const b = read.readBatch(layer);
    const gammaNow = b.gamma[u];
    const betaNow = b.beta[u];
    const same = shown && shown.layer === layer && shown.unit === u;
    const exact = same && shown.step === frame.steps - 1;
    const gamma = exact ? shown.gamma : gammaNow;
    const beta = exact ? shown.beta : betaNow;
    shown = { step: frame.steps, layer, unit: u, gamma: gammaNow, beta: betaNow };
    const m = b.batchSize;
    const n = b.units;
    const pick = (arr) => Array.from({ length: Math.min(m, MAX_EXAMPLES) }, (_, j) => arr[u + n * j]);
    intro.textContent = `Step ${frame.steps}: layer ${layer + 1}, unit ${u + 1}, mini-batch X{${frame.steps}} of m = ${m} examples`
      + (m > MAX_EXAMPLES ? ` (the first ${MAX_EXAMPLES} shown).` : '.');
    fillTable(m, [[pick(b.Z), 'sym-Z'], [pick(b.zNorm), 'sym-zNorm'], [pick(b.zTilde), 'sym-zTilde']]);
    fillEquations(b.batchMean[u], b.batchVar[u], gamma, beta, state.bnEps, exact ? '' : '  (after this step’s update)');
    // The two facts BN guarantees for this batch, from the engine's own z_norm.
    let s = 0;
    let s2 = 0;
    for (let j = 0; j < m; ++j) s += b.zNorm[u + n * j];
    const mean = s / m;
    for (let j = 0; j < m; ++j) s2 += (b.zNorm[u + n * j] - mean) ** 2;
    check.textContent = fill(claimText('embed.worked-example.check'), {
      // five decimals: the variance's shortfall from 1 is often below 0.001
      mean: num(mean), variance: Number.isFinite(s2) ? (s2 / m).toFixed(5) : '—',
    });
  }

  return {
    render,
    /** The step-0 layout, before the engine has started. */
    layout(state) {
      const layer = state.layer - 1;
      placeholder(state, `Layer ${layer + 1}, unit ${Math.min(state.unit, state.hidden[layer])}: the numbers of each training step appear here once it trains.`);
    },
    reset() {
      shown = null;
    },
    redraw() {},
    destroy() {
      body.replaceChildren();
    },
  };
}
