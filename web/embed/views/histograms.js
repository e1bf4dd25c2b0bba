// View: the distributions inside both networks, a row per hidden layer — Z,
// z_norm, z̃ and A with BN, Z and A without — over the fixed probe batch, and
// the highlighted unit's activation input over training (15th–85th percentile
// band, median line: Ioffe & Szegedy's Figure 1b/c).

import { TWINS } from '../../engine.js';
import { createDistributions } from '../../lab/figures/distributions.js';
import { createPercentileBands } from '../../lab/figures/percentile-bands.js';
import { finiteExtent } from '../../lab/histogram.js';
import { el } from '../frame.js';

const NAMES = { withBn: 'with BN', withoutBn: 'without BN' };

function columnsFor(t, state) {
  if (t === 'withoutBn') return ['Z', 'A'];
  return state.bnPlacement === 'before' ? ['Z', 'zNorm', 'zTilde', 'A'] : ['Z', 'A', 'zNorm', 'zTilde'];
}

/**
 * @param {HTMLElement} body
 * @param {{selectLayer: (layer: number) => void}} on
 */
export function createHistogramsView(body, on) {
  const dist = {};
  const bands = {};
  const bandTitle = el('p', { class: 'caption bnl-band-title' });
  const cells = TWINS.map((t) => {
    const fig = el('div', { class: 'fig', 'data-testid': `fig-distributions-${t}` });
    dist[t] = createDistributions(fig, {
      label: `Histograms of ${t === 'withBn' ? 'Z, z_norm, z̃ and A' : 'Z and A'} in every hidden layer of the network ${NAMES[t]}, highlighted unit as a line`,
      onSelectLayer: (l) => on.selectLayer(l),
    });
    return el('div', {}, el('h3', {}, el('span', { class: `swatch ${t === 'withBn' ? 'with-bn' : 'without-bn'}` }), NAMES[t]), fig);
  });
  const bandCells = TWINS.map((t) => {
    const fig = el('div', { class: 'fig', 'data-testid': `fig-bands-${t}` });
    bands[t] = createPercentileBands(fig, {
      label: `15th, 50th and 85th percentiles of the highlighted unit's activation input over training, network ${NAMES[t]}`,
    });
    return el('div', {}, el('h3', {}, el('span', { class: `swatch ${t === 'withBn' ? 'with-bn' : 'without-bn'}` }), NAMES[t]), fig);
  });
  body.replaceChildren(el('div', { class: 'dist-grid' }, ...cells), bandTitle, el('div', { class: 'band-grid' }, ...bandCells));
  const all = () => [...Object.values(dist), ...Object.values(bands)];

  return {
    render(frame, history, dataset, state) {
      const layer = state.layer - 1;
      const text = `Layer ${state.layer}, unit ${state.unit}: its activation input over training (band: 15th–85th percentile, line: median). Click a row above to pick the layer.`;
      if (bandTitle.textContent !== text) bandTitle.textContent = text;
      for (const t of TWINS) {
        dist[t].update({
          columns: columnsFor(t, state), layers: frame.layers[t], selectedLayer: layer,
          diverged: frame.status[t].diverged,
        });
      }
      const b = Object.fromEntries(TWINS.map((t) => [t, history.band(t, layer)]));
      const ext = finiteExtent(TWINS.flatMap((t) => [b[t].p15, b[t].p85])) ?? [-1, 1];
      const pad = Math.max(0.1 * (ext[1] - ext[0]), 0.25);
      for (const t of TWINS) bands[t].update({ ...b[t], color: t, yDomain: [ext[0] - pad, ext[1] + pad] });
    },
    reset: () => all().forEach((f) => f.reset()),
    redraw: () => all().forEach((f) => f.redraw()),
    destroy: () => all().forEach((f) => f.destroy()),
  };
}
