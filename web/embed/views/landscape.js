// View of the preset "landscape": Santurkar et al.'s second test (2018, Fig. 4), as section 6 of
// the article runs it (web/article/demos/really-landscape.js). While the twin trains, every
// PROBE_EVERY steps each network is probed on its last mini-batch (Twin.landscape through
// web/article/really-plan.js probeLandscape: for every step size η, L(W − η·g) and
// ‖∇L(W) − ∇L(W − η·g)‖, the run left exactly as it was). Three panels: the range of the loss over
// η as a ribbon, the largest gradient change, and the effective β-smoothness, with and without BN.

import { TWINS } from '../../engine.js';
import { REALLY } from '../../article/figure-settings.js';
import { createProbeChart } from '../../article/figures/probe-chart.js';
import { probeLandscape } from '../../article/really-plan.js';
import { el } from '../frame.js';

/** Training steps between probes (the article's), and the step sizes η. */
export const PROBE_EVERY = REALLY.probeEvery;
export const ETAS = REALLY.etas;
const NAMES = { withBn: 'with BN', withoutBn: 'without BN' };
const fmt = (v, digits) => (Number.isFinite(v) ? String(Number(v.toPrecision(digits))) : '—');

/**
 * @param {HTMLElement} body
 * @param {object} on the lab's handlers (unused)
 * @param {{twin: () => import('../../engine.js').Twin|null}} read
 */
export function createLandscapeView(body, on, read) {
  const panel = (testid, title, options) => {
    const box = el('div', { class: 'fig', 'data-testid': testid }, el('h3', { text: title }));
    const host = el('div');
    box.append(host);
    return [box, createProbeChart(host, options)];
  };
  const [lossBox, loss] = panel('fig-landscape-loss', 'Loss along the gradient: range of L(W − η·g) over η',
    { label: 'Range of the loss along the gradient over training, with and without BN', logY: true });
  const [gradBox, grad] = panel('fig-landscape-grad', 'Gradient change: largest ‖∇L(W) − ∇L(W − η·g)‖',
    { label: 'Largest change of the gradient along the gradient step over training', logY: true });
  const [betaBox, beta] = panel('fig-landscape-beta', 'Effective β-smoothness',
    { label: 'Effective beta-smoothness over training, with and without BN', logY: true });
  const readout = el('p', { class: 'bnl-readout', 'data-testid': 'readout' });
  const legend = el('ul', { class: 'legend', 'aria-hidden': 'true' },
    ...TWINS.map((t) => el('li', {}, el('span', { class: `swatch ${t === 'withBn' ? 'with-bn' : 'without-bn'}` }), NAMES[t])));
  body.replaceChildren(legend, readout, el('div', { class: 'landscape-grid' }, lossBox, gradBox, betaBox));
  const charts = [loss, grad, beta];

  let run;
  const empty = () => ({ lo: [], hi: [], gradDiff: [], betaEff: [] });
  const clear = () => {
    run = { steps: [], withBn: empty(), withoutBn: empty(), skipped: 0, refused: null };
  };
  clear();

  /** Probes both networks at `step` (a probe that overflowed is a gap, counted). */
  function probe(twin, step) {
    run.steps.push(step);
    for (const t of TWINS) {
      const p = probeLandscape(twin, t, ETAS);
      const r = run[t];
      if (!p) run.skipped += 1;
      r.lo.push(p ? p.lossMin : NaN);
      r.hi.push(p ? p.lossMax : NaN);
      r.gradDiff.push(p ? p.gradDiff : NaN);
      r.betaEff.push(p ? p.betaEff : NaN);
    }
  }

  function draw(step) {
    const xMax = Math.max(REALLY.total, step);
    const steps = run.steps;
    loss.update({ steps, xMax, series: TWINS.map((t) => ({ color: t, lo: run[t].lo, hi: run[t].hi })) });
    grad.update({ steps, xMax, series: TWINS.map((t) => ({ color: t, values: run[t].gradDiff })) });
    beta.update({ steps, xMax, series: TWINS.map((t) => ({ color: t, values: run[t].betaEff })) });
    const k = steps.length - 1;
    const text = run.refused ? `The engine cannot probe this network: ${run.refused}` : k < 0 ? `A probe every ${PROBE_EVERY} steps, at ${ETAS.length} step sizes η from ${ETAS[0]} to ${ETAS.at(-1)}.`
      : `Probe at step ${steps[k]}: ` + TWINS.map((t) => `${NAMES[t]} loss ${fmt(run[t].lo[k], 4)} to ${fmt(run[t].hi[k], 4)}, `
        + `β_eff ${fmt(run[t].betaEff[k], 3)}`).join('; ') + `.${run.skipped ? ` ${run.skipped} probe(s) overflowed and are not drawn.` : ''}`;
    if (readout.textContent !== text) readout.textContent = text;
  }

  return {
    render(frame) {
      const step = frame.steps;
      if (step < (run.steps.at(-1) ?? 0)) clear(); // reset, new seed, new settings
      const twin = read.twin();
      const due = (run.steps.at(-1) ?? 0) + PROBE_EVERY;
      if (twin && step > 0 && step >= due && !run.refused) {
        // Settings the probe cannot take (its work budget on a large network, say) are said, not thrown.
        try {
          probe(twin, step);
        } catch (e) {
          run.steps.pop();
          run.refused = e.message;
        }
      }
      draw(step);
    },
    /** The probes so far (for tests): {steps, withBn: {lo, hi, gradDiff, betaEff}, withoutBn, skipped}. */
    probes: () => structuredClone(run),
    reset() {
      clear();
      charts.forEach((c) => c.reset());
    },
    redraw: () => charts.forEach((c) => c.redraw()),
    destroy: () => charts.forEach((c) => c.destroy()),
  };
}
