// The lab's landscape card (index.html, "Loss landscape along the gradient"):
// off, a line saying what ticking its box does; on (setting `landscape`), the
// three panels of web/lab/figures/landscape.js drawn from the history's probes
// on the loss chart's step axis, a readout of the last probe and of what the
// probes cost, and the caption from the claims ledger. A network that diverged
// is no longer probed, and a probe that overflowed is a gap: the readout says
// which, so no NaN is drawn or printed as data.

import { TWINS } from '../engine.js';
import { claimText } from '../claims/texts.js';
import { createLandscapeChart } from './figures/landscape.js';
import { netNames } from './net-names.js';

/** Three significant digits, a dash for a value that is not one. */
const num = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '—');

/**
 * What the readout says: the last probe of each network, gaps and divergence, and the cost.
 * @param {import('./landscape.js').LandscapeRecord} record
 * @param {{withBn: object, withoutBn: object}} status Twin.status() output
 * @param {{probeMs: number[], msPerStep: number}} cost the last probes' times and the time per training step, ms
 * @param {object} [names] netNames() of the run's normalization (web/lab/net-names.js)
 */
export function landscapeReadout(record, status, cost, names = netNames('bn')) {
  const parts = [];
  const k = record.length - 1;
  if (k < 0) {
    parts.push('The first probe comes at the next multiple of 10 steps (of 100 from step 200 on).');
  } else {
    const nets = TWINS.map((t) => {
      const lo = record[t].lossMin[k];
      return Number.isFinite(lo)
        ? `${names[t]}: loss ${num(lo)} to ${num(record[t].lossMax[k])}, largest gradient change ` +
          `${num(record[t].gradDiff[k])}, β_eff ${num(record[t].betaEff[k])}`
        : `${names[t]}: no probe`;
    });
    parts.push(`Step ${record.steps[k]}: ${nets.join('; ')}.`);
  }
  for (const t of TWINS) {
    if (status[t].diverged) {
      parts.push(`The network ${names[t]} diverged at step ${status[t].divergedAt}: its numbers are no longer finite, ` +
        'so it is not probed and its curves stop there.');
    } else if (record.skipped[t] > 0) {
      parts.push(`${record.skipped[t]} probe(s) of the network ${names[t]} overflowed and are left out.`);
    }
  }
  if (cost.probeMs.length && cost.msPerStep > 0) {
    // The median of the last probes: one slow probe (the first sizes its buffers) does not speak for all.
    const sorted = [...cost.probeMs].sort((a, b) => a - b);
    const ms = sorted[sorted.length >> 1];
    parts.push(`Cost here: ${num(ms)} ms per probe of both networks, about ${Math.max(1, Math.round(ms / cost.msPerStep))} ` +
      'training steps of both.');
  }
  return parts.join(' ');
}

/**
 * @param {(id: string) => HTMLElement|null} $ finds an element of the page by data-testid
 * @param {(container: HTMLElement, key: string) => void} mount adds a setting's control to a container
 * @returns {{render(history: object, frame: object, state: object): void, sync(state: object): void,
 *   redraw(): void, reset(): void, destroy(): void}|null} null when the page has no landscape card
 */
export function createLandscapeCard($, mount) {
  const grid = $('fig-landscape');
  if (!grid) return null;
  mount($('landscape-options'), 'landscape');
  const body = $('landscape-body');
  const off = $('landscape-off');
  const readout = $('landscape-readout');
  const chart = createLandscapeChart(grid, { testid: 'fig-landscape', heading: 'h3' });
  let shown = false;

  return {
    /** Draws the probes while the chart is on (when off, nothing is drawn: it costs no frame time). */
    render(history, frame, state) {
      if (!state.landscape) return;
      const record = history.landscape;
      chart.update({ record, xMax: Math.max(10, history.steps.at(-1) ?? 0) });
      const text = landscapeReadout(record, frame.status, frame.landscapeCost, netNames(state.norm));
      if (readout.textContent !== text) readout.textContent = text;
      grid.dataset.probes = String(record.length);
    },
    sync(state) {
      // What β_eff came to at the defaults was measured with BN: said only then (claims ledger).
      const caption = claimText('lab.caption.landscape') +
        (state.norm === 'bn' ? ` ${claimText('lab.caption.landscape-defaults')}` : '');
      if ($('landscape-caption').textContent !== caption) $('landscape-caption').textContent = caption;
      if (shown === state.landscape) return;
      shown = state.landscape;
      body.hidden = !shown;
      off.hidden = shown;
    },
    redraw: () => chart.redraw(),
    reset: () => chart.reset(),
    destroy: () => chart.destroy(),
  };
}
