// Figure: the loss landscape along the gradient over training, with and
// without BN (Santurkar et al. 2018, Fig. 4), in three panels: the range of
// L(W − η·g) over the step sizes as a ribbon, the largest change of the
// gradient, and the effective β-smoothness, each on a log axis. It draws a
// record of probes (web/lab/landscape.js LandscapeRecord); gaps stay gaps.
// The lab's landscape card and the article's section 6 both show it.
//
//   const fig = createLandscapeChart(container, {testid: 'landscape', heading: 'h3'});
//   fig.update({record, xMax});

import { TWINS } from '../../engine-config.js';
import { createProbeChart } from './probe-chart.js';

// No-break spaces keep each formula of a title on one line.
/** The panels, top to bottom: [key, title, accessible label]. */
const PANELS = [
  ['loss', 'Loss along the gradient: range of L(W\u00a0−\u00a0η·g) over η',
    'Range of the loss along the gradient over training, for both networks'],
  ['grad', 'Gradient predictiveness: largest ‖∇L(W)\u00a0−\u00a0∇L(W\u00a0−\u00a0η·g)‖',
    'Largest change of the gradient along the gradient step over training'],
  ['beta', 'Effective β-smoothness', 'Effective beta-smoothness over training, for both networks'],
];

/**
 * @param {HTMLElement} container the panels are appended to it
 * @param {{testid: string, heading?: string}} options testid: prefix of each panel's data-testid
 *   (`${testid}-loss`, `-grad`, `-beta`); heading: the element of the panels' titles
 */
export function createLandscapeChart(container, { testid, heading = 'h4' }) {
  const charts = {};
  const boxes = PANELS.map(([key, title, label]) => {
    const box = document.createElement('div');
    box.className = 'landscape-panel';
    box.dataset.testid = `${testid}-${key}`;
    const h = document.createElement(heading);
    h.textContent = title;
    box.append(h);
    container.append(box);
    charts[key] = createProbeChart(box, { label, logY: true });
    return box;
  });

  /**
   * @param {{record: import('../landscape.js').LandscapeRecord, xMax: number}} d the probes, and where
   *   the step axis ends
   */
  function update({ record, xMax }) {
    const steps = record.steps;
    const of = (field) => TWINS.map((t) => ({ color: t, values: record[t][field] }));
    charts.loss.update({ steps, xMax,
      series: TWINS.map((t) => ({ color: t, lo: record[t].lossMin, hi: record[t].lossMax })) });
    charts.grad.update({ steps, xMax, series: of('gradDiff') });
    charts.beta.update({ steps, xMax, series: of('betaEff') });
  }

  return {
    update,
    reset() {
      for (const c of Object.values(charts)) c.reset();
    },
    redraw() {
      for (const c of Object.values(charts)) c.redraw();
    },
    destroy() {
      for (const c of Object.values(charts)) c.destroy();
      for (const b of boxes) b.remove();
    },
  };
}
