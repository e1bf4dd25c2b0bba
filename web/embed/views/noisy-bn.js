// View of the preset "noisy-bn": Santurkar et al.'s first test (2018, §2), as section 6 of the
// article runs it (web/article/demos/really-race.js). The twin's network with BN trains with noise
// after every BN layer (bnNoise ν: a random shift and scale per unit, drawn anew every step);
// beside it the same network without BN, from the same weights on the same batches. The loss of
// both over training (log scale), and one deep unit's 15/50/85 percentile band per network: the
// noisy unit's distribution jumps far more than the plain one's, yet that network is the one that
// learns. The readout gives the median move of each unit's median from record to record
// (web/article/really-plan.js medianMove, as the article's readout).

import { TWINS } from '../../engine.js';
import { medianMove } from '../../article/really-plan.js';
import { createLossChart } from '../../lab/figures/loss-chart.js';
import { createPercentileBands } from '../../lab/figures/percentile-bands.js';
import { finiteExtent } from '../../lab/histogram.js';
import { el } from '../frame.js';

/** Each network's name, swatch and colour (the article's: the noisy network in γ's colour). */
export const NOISY_STYLE = Object.freeze({
  withBn: { name: 'BN + noise', swatch: 'noisy', color: 'gamma' },
  withoutBn: { name: 'no BN', swatch: 'without-bn', color: 'withoutBn' },
});

const fmt = (v, digits) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '—');

/** @param {HTMLElement} body */
export function createNoisyBnView(body) {
  const lossFig = el('div', { class: 'fig', 'data-testid': 'fig-loss' });
  const bands = {};
  const bandTitle = el('p', { class: 'caption bnl-band-title' });
  const cells = TWINS.map((t) => {
    const fig = el('div', { class: 'fig', 'data-testid': `fig-bands-${t}` });
    bands[t] = createPercentileBands(fig, {
      label: `15th, 50th and 85th percentiles of the highlighted unit's activation input over training, ${NOISY_STYLE[t].name}`,
    });
    return el('div', {}, el('h3', {}, el('span', { class: `swatch ${NOISY_STYLE[t].swatch}` }), NOISY_STYLE[t].name), fig);
  });
  const readout = el('p', { class: 'bnl-readout', 'data-testid': 'readout' });
  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    ...TWINS.map((t) => el('li', {}, el('span', { class: `swatch ${NOISY_STYLE[t].swatch}` }), NOISY_STYLE[t].name)));
  body.replaceChildren(legend, lossFig, readout, bandTitle, el('div', { class: 'band-grid' }, ...cells));
  const loss = createLossChart(lossFig, { label: 'Training loss of both networks over the steps' });
  const all = () => [loss, ...Object.values(bands)];

  return {
    render(frame, history, dataset, state) {
      const layer = Math.min(state.layer, state.hidden.length) - 1;
      loss.update({
        steps: history.steps, logY: state.logY,
        series: TWINS.map((t) => ({ label: NOISY_STYLE[t].name, color: NOISY_STYLE[t].color, values: history[t].trainLoss })),
      });
      const b = Object.fromEntries(TWINS.map((t) => [t, history.band(t, layer)]));
      const ext = finiteExtent(TWINS.flatMap((t) => [b[t].p15, b[t].p85])) ?? [-1, 1];
      const pad = Math.max(0.1 * (ext[1] - ext[0]), 0.25);
      for (const t of TWINS) bands[t].update({ ...b[t], color: NOISY_STYLE[t].color, yDomain: [ext[0] - pad, ext[1] + pad] });
      const title = `Layer ${layer + 1}, unit ${state.unit}: its input to the activation over training (band: 15th–85th percentile, line: median).`;
      if (bandTitle.textContent !== title) bandTitle.textContent = title;
      const parts = TWINS.map((t) => `${NOISY_STYLE[t].name} ${fmt(frame.metrics[t].trainLoss, 3)}`);
      const moves = b.withBn.p50.length >= 3
        ? ` From one record to the next the unit’s median moves by (median) ${TWINS.map((t) =>
          `${fmt(medianMove(b[t].p50), 2)} ${NOISY_STYLE[t].name}`).join(', ')}.` : '';
      const nu = Array.isArray(state.bnNoise) ? `${state.bnNoise.join(', ')} (one per hidden layer)` : state.bnNoise;
      const text = `ν = ${nu}. Train loss: ${parts.join('; ')}.${moves}`;
      if (readout.textContent !== text) readout.textContent = text;
    },
    reset: () => all().forEach((f) => f.reset()),
    redraw: () => all().forEach((f) => f.redraw()),
    destroy: () => all().forEach((f) => f.destroy()),
  };
}
