// View: batch norm at test time. The BN network's decision boundary computed
// with the statistics the switch picks (the running averages, as at inference,
// or the probe batch's own μ and σ², as in training), its loss both ways, and
// one layer's γ, β and batch μ, σ² beside their running averages.

import { createDecisionBoundary } from '../../lab/figures/decision-boundary.js';
import { createParameters } from '../../lab/figures/parameters.js';
import { el } from '../frame.js';
import { shows } from './controls-shown.js';

/** A loss: three decimals, or two significant digits below 0.01 (a loss of 0.0002 is not “0.000”). */
const fmt = (v) => {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : String(Number(v.toPrecision(2)));
};

/** @param {HTMLElement} body */
export function createTestTimeView(body) {
  const boundaryFig = el('div', { class: 'fig boundary', 'data-testid': 'fig-boundary-withBn' });
  const paramsFig = el('div', { class: 'fig', 'data-testid': 'fig-parameters' });
  const readout = el('p', { class: 'bnl-readout', 'data-testid': 'readout-withBn' });
  const mode = el('p', { class: 'mode' });
  const paramsTitle = el('p', { class: 'caption' });
  // Says what the switch does only where the figure shows it (controls="none" has no switch).
  const switchNote = el('p', { class: 'caption', 'data-testid': 'switch-note', hidden: '' },
    'The switch above redraws the boundary and the losses with either.');
  body.replaceChildren(
    el('div', { class: 'tt-grid' },
      el('div', { class: 'panel', 'data-testid': 'panel-withBn' },
        el('h3', {}, el('span', { class: 'swatch with-bn' }), 'with BN'), readout, mode, boundaryFig, switchNote),
      el('div', {}, paramsTitle, paramsFig)),
  );
  const boundary = createDecisionBoundary(boundaryFig, {
    label: 'Decision boundary of the network with BN, using the chosen statistics, with training points (filled) and test points (rings)',
  });
  const params = createParameters(paramsFig, {
    label: 'Learned γ and β per unit, and the probe batch mean and variance beside the running averages, for one layer of the BN network',
  });
  const figs = [boundary, params];

  /** The texts that do not need the engine's numbers (losses: dashes until it has them). */
  function texts(state, m = { trainLoss: NaN, testLoss: NaN }) {
    switchNote.hidden = !shows(body, 'evalMode');
    const text = `${state.evalMode === 'running' ? 'running statistics' : 'batch statistics'}: loss ${fmt(m.trainLoss)} train / ${fmt(m.testLoss)} test`;
    if (readout.textContent !== text) readout.textContent = text;
    mode.textContent = state.evalMode === 'running'
      ? 'BN uses its running μ, σ² (inference)' : 'BN uses the probe batch’s μ, σ² (as in training)';
    paramsTitle.textContent = `Layer ${state.layer}: filled dot = the batch’s μ, σ² (training), ring = the running average (inference).`;
  }

  return {
    /** The layout before the engine has started. */
    layout: (state) => texts(state),
    render(frame, history, dataset, state) {
      const layer = state.layer - 1;
      texts(state, frame.metrics.withBn);
      boundary.update({ grid: frame.grids.withBn, data: dataset });
      const bnLayer = frame.layers.withBn[layer];
      params.update({
        ...bnLayer, layer, diverged: frame.status.withBn.diverged,
        bias: {
          kept: state.keepBias,
          rows: frame.layers.withBn.flatMap((p, l) => (p.hasBn ? [{ layer: l, db: p.gradNorms.b, dbeta: p.gradNorms.beta }] : [])),
        },
      });
    },
    reset: () => figs.forEach((f) => f.reset()),
    redraw: () => figs.forEach((f) => f.redraw()),
    destroy: () => figs.forEach((f) => f.destroy()),
  };
}
