// View of the preset "landscape": Santurkar et al.'s second test (2018, Fig. 4), as section 6 of
// the article and the lab's landscape chart show it. The preset turns the lab's `landscape` setting
// on, so the lab's session probes both networks at its landscape steps (web/lab/history.js: every
// 10 steps up to step 200, then every 100) on their last mini-batch, the run left exactly as it was
// (Twin.landscape through web/lab/landscape.js), into history.landscape; this view draws that record
// with the lab's chart (web/lab/figures/landscape.js: the range of L(W − η·g) over η as a ribbon, the
// largest gradient change, the effective β-smoothness), with and without BN.

import { TWINS } from '../../engine.js';
import { createLandscapeChart } from '../../lab/figures/landscape.js';
import { LANDSCAPE_STEP_FACTORS } from '../../lab/landscape.js';
import { el } from '../frame.js';

const NAMES = { withBn: 'with BN', withoutBn: 'without BN' };
/** The step axis spans at least this many steps (where the article's section 6 stops). */
const X_MIN = 1500;
const fmt = (v, digits) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '—');

/** @param {HTMLElement} body */
export function createLandscapeView(body) {
  const readout = el('p', { class: 'bnl-readout', 'data-testid': 'readout' });
  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    ...TWINS.map((t) => el('li', {}, el('span', { class: `swatch ${t === 'withBn' ? 'with-bn' : 'without-bn'}` }), NAMES[t])));
  const panels = el('div', { class: 'landscape-grid' });
  body.replaceChildren(legend, readout, panels);
  const chart = createLandscapeChart(panels, { testid: 'fig-landscape', heading: 'h3' });

  return {
    render(frame, history, dataset, state) {
      const record = history.landscape;
      chart.update({ record, xMax: Math.max(X_MIN, frame.steps) });
      const k = record.length - 1;
      const etas = LANDSCAPE_STEP_FACTORS.map((f) => fmt(f * state.learningRate, 3)).join(', ');
      let text;
      if (k < 0) {
        text = `The first probe comes at step 10: step sizes η = ${etas} (half the learning rate to eight times it).`;
      } else {
        const r = record.at(k);
        const gaps = record.skipped.withBn + record.skipped.withoutBn;
        text = `Probe at step ${r.step}: ` + TWINS.map((t) => `${NAMES[t]} loss ${fmt(r[t].lossMin, 4)} to `
          + `${fmt(r[t].lossMax, 4)}, β_eff ${fmt(r[t].betaEff, 3)}`).join('; ')
          + `.${gaps ? ` ${gaps} probe(s) overflowed or were of a diverged network, and are not drawn.` : ''}`;
      }
      if (readout.textContent !== text) readout.textContent = text;
    },
    reset: () => chart.reset(),
    redraw: () => chart.redraw(),
    destroy: () => chart.destroy(),
  };
}
