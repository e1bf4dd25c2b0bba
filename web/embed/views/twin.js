// View: the twin run at a glance — both networks' decision boundaries over the
// data (train points filled, test points as rings), their train/test loss and
// accuracy, and the loss curves of both on one chart. The presets "twin" and
// "covariate-shift" use it (the latter with a shifted test set), and "siblings" with layer norm (the
// networks are named by the setting `norm`: web/lab/net-names.js).

import { TWINS } from '../../engine.js';
import { createDecisionBoundary } from '../../lab/figures/decision-boundary.js';
import { createLossChart } from '../../lab/figures/loss-chart.js';
import { el } from '../frame.js';
import { shows } from './controls-shown.js';
import { fillNames, netNames } from '../../lab/net-names.js';
/** A loss: three decimals, or two significant digits below 0.01 (a loss of 0.0002 is not “0.000”). */
const fmt = (v) => {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : String(Number(v.toPrecision(2)));
};
const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(0)}%` : '—');

/**
 * What a diverged network's banner says: the remedy names only the controls
 * this figure shows (the learning rate with controls="full", the reset button
 * unless controls="none").
 */
function divergedText(body, step) {
  const lr = shows(body, 'learningRate');
  const reset = shows(body, 'reset');
  const fix = lr && reset ? ': lower the learning rate, then reset.' : reset ? ': reset to watch it again.' : '.';
  return `Diverged at step ${step}${fix}`;
}

/** @param {HTMLElement} body where the figure goes */
export function createTwinView(body) {
  let names = netNames('bn');
  const readouts = {};
  const boundaries = {};
  const banners = {};
  const panels = TWINS.map((t) => {
    const fig = el('div', { class: 'fig boundary', 'data-testid': `fig-boundary-${t}` });
    readouts[t] = el('p', { class: 'bnl-readout', 'data-testid': `readout-${t}` });
    banners[t] = el('p', { class: 'banner', role: 'status', hidden: '' });
    const panel = el('div', { class: 'panel', 'data-testid': `panel-${t}` },
      el('h3', {}, el('span', { class: `swatch ${t === 'withBn' ? 'with-bn' : 'without-bn'}` }),
        el('span', { 'data-net-name': t, text: names[t] })),
      readouts[t], banners[t], fig);
    boundaries[t] = createDecisionBoundary(fig);
    return panel;
  });
  const lossFig = el('div', { class: 'fig', 'data-testid': 'fig-loss' });
  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    ...TWINS.flatMap((t) => {
      const c = t === 'withBn' ? 'with-bn' : 'without-bn';
      return [el('li', {}, el('span', { class: `line ${c}` }), el('span', {}, el('span', { 'data-net-name': t, text: names[t] }), ', train')),
        el('li', {}, el('span', { class: `line ${c} dashed` }), 'test')];
    }));
  body.replaceChildren(el('div', { class: 'twin-grid' }, ...panels), legend, lossFig);
  const loss = createLossChart(lossFig, {
    label: 'Training loss (solid) and test loss (dashed) of both networks over the training steps',
  });

  /** The networks' names in the headings, legend and figure labels follow `norm`. */
  function sync(state) {
    names = netNames(state.norm);
    fillNames(body, names);
    for (const t of TWINS) {
      body.querySelector(`[data-testid="fig-boundary-${t}"]`).setAttribute('aria-label',
        `Decision boundary of the network ${names[t]}, with training points (filled) and test points (rings)`);
    }
  }
  sync({ norm: 'bn' });

  return {
    sync,
    render(frame, history, dataset, state) {
      for (const t of TWINS) {
        const m = frame.metrics[t];
        const s = frame.status[t];
        const acc = frame.isRegression ? '' : ` · accuracy ${pct(m.trainAccuracy)} / ${pct(m.testAccuracy)}`;
        const text = `loss ${fmt(m.trainLoss)} train / ${fmt(m.testLoss)} test${acc}`;
        if (readouts[t].textContent !== text) readouts[t].textContent = text;
        banners[t].hidden = !s.diverged;
        if (s.diverged) banners[t].textContent = divergedText(body, s.divergedAt);
        boundaries[t].update({ grid: frame.grids[t], data: dataset });
      }
      loss.update({
        steps: history.steps,
        series: TWINS.flatMap((t) => [
          { label: `${names[t]} train`, color: t, values: history[t].trainLoss },
          { label: `${names[t]} test`, color: t, dashed: true, values: history[t].testLoss },
        ]),
        logY: state.logY,
      });
    },
    reset() {
      for (const t of TWINS) boundaries[t].reset();
      loss.reset();
    },
    redraw() {
      for (const t of TWINS) boundaries[t].redraw();
      loss.redraw();
    },
    destroy() {
      for (const t of TWINS) boundaries[t].destroy();
      loss.destroy();
    },
  };
}
