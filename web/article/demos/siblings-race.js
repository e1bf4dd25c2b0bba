// Section 8: the consequence of where the statistics come from. The four
// siblings (no norm, BN, LN, GN) race at batch sizes 2, 4, 16 and 64 (small
// multiples of their training loss, log scale), and at a batch of one, where
// the engine refuses BN and the other three train. A table gives, per batch
// size, the loss over one epoch of mini-batches of m in training mode and in
// inference mode: BN's train/inference gap, and LN's, which is 0.

import { createLossChart } from '../../lab/figures/loss-chart.js';
import { createLoop, recordFrame } from '../loop.js';
import { createSiblingRace } from '../siblings-plan.js';
import { fmt, signed } from '../format.js';
import { el, figureFrame, playerControls, richText, seedPicker, swatchKey } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { SIBLINGS_RACE } from '../figure-settings.js';

const { total: TOTAL, every: EVERY, chunk: CHUNK, norms: NORMS, sizes: SIZES } = SIBLINGS_RACE;
const SEEDS = [1, 2, 3, 4, 5];
/** The panels in page order: the small multiples, then the batch of one across the figure's width. */
const PANELS = [...SIZES.filter((m) => m > 1), ...SIZES.filter((m) => m === 1)];
/** Per norm: its colour (a palette name), its swatch class and its name on the page. */
export const SIBLING_STYLE = Object.freeze({
  none: { color: 'withoutBn', swatch: 'norm-none', name: 'no norm' },
  batch: { color: 'withBn', swatch: 'norm-batch', name: 'BN' },
  layer: { color: 'beta', swatch: 'norm-layer', name: 'LN' },
  group: { color: 'class0', swatch: 'norm-group', name: 'GN' },
});

/**
 * @param {HTMLElement} figure the <figure data-figure="siblings-race"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountSiblingsRace(figure, { engine, onDraw = () => {} }) {
  const state = { seed: SIBLINGS_RACE.config.seed };
  let race = null;
  let runs = 0;

  const frame = figureFrame(figure);
  frame.body.append(swatchKey(NORMS.map((n) => SIBLING_STYLE[n])));
  const panels = el('div', { class: 'fig-grid two siblings-multiples' });
  const charts = {};
  const notes = {};
  for (const m of PANELS) {
    const box = el('div', { class: m === 1 ? 'siblings-one' : 'siblings-panel', 'data-testid': `siblings-race-m${m}` });
    box.append(el('h4', { text: m === 1 ? 'a batch of one (m = 1)' : `batches of m = ${m}` }));
    const host = el('div');
    box.append(host);
    notes[m] = el('p', { class: 'siblings-note', 'data-testid': `siblings-race-note-m${m}` });
    box.append(notes[m]);
    panels.append(box);
    charts[m] = createLossChart(host, { label: `Training loss of the siblings at batch size ${m}, log scale` });
  }
  const gapTable = el('table', { class: 'siblings-gaps', 'data-testid': 'siblings-race-gaps' },
    el('caption', { text: 'Loss over one epoch of mini-batches of m, at the current step' }),
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: 'm' }),
      el('th', { scope: 'col', text: 'BN, training' }),
      el('th', { scope: 'col', text: 'BN, inference' }),
      el('th', { scope: 'col', text: 'BN gap' }),
      el('th', { scope: 'col', text: 'LN gap' }))),
    el('tbody'));
  frame.body.append(panels, el('div', { class: 'ng-scroll' }, gapTable));

  const player = playerControls({ prefix: 'siblings-race', onToggle: () => loop.toggle(), onRestart: restart });
  const seeds = seedPicker({ testid: 'siblings-race-seed', seeds: SEEDS, value: state.seed, onChange: (v) => {
    state.seed = v;
    restart();
  } });
  frame.controls.append(player.element, seeds.element);
  richText(frame.caption, claimText('article.siblings.race.caption'));

  function restart() {
    race?.dispose();
    race = createSiblingRace(engine, SIBLINGS_RACE, state);
    runs += 1;
    race.record();
    draw();
    loop.play();
  }

  function draw() {
    const r = race.records;
    const rows = [];
    for (const m of SIZES) {
      const lane = r.sizes[m];
      charts[m].update({
        steps: r.steps, logY: true,
        series: lane.norms.map((n) => ({ label: SIBLING_STYLE[n].name, color: SIBLING_STYLE[n].color, values: lane[n].loss })),
      });
      const refused = Object.entries(lane.refused).map(([n, msg]) => `${SIBLING_STYLE[n].name} refused by the engine: “${msg}”.`);
      const losses = lane.norms.map((n) => `${SIBLING_STYLE[n].name} ${fmt(lane[n].loss.at(-1), 3)}`).join(', ');
      notes[m].textContent = [...refused, `Loss at step ${race.step}: ${losses}.`].join(' ');
      notes[m].classList.toggle('engine-message', refused.length > 0);
      const bn = lane.batch;
      const ln = lane.layer;
      // An exact 0 (same function in both modes) is written as 0, not as a rounded ±0.000.
      const gap = (s) => {
        if (!s) return '—';
        const d = s.inference.at(-1) - s.training.at(-1);
        return d === 0 ? '0' : signed(d, 3);
      };
      rows.push(el('tr', {},
        el('th', { scope: 'row', text: String(m) }),
        el('td', { text: bn ? fmt(bn.training.at(-1), 3) : 'refused' }),
        el('td', { text: bn ? fmt(bn.inference.at(-1), 3) : 'refused' }),
        el('td', { text: gap(bn) }),
        el('td', { text: gap(ln) })));
    }
    gapTable.tBodies[0].replaceChildren(...rows);
    player.setStep(race.step);
    frame.readout.textContent = `Step ${race.step} of ${TOTAL}, seed ${state.seed}.`;
    figure.dataset.step = String(race.step);
    onDraw();
  }

  // A record's steps in chunks (every lane trains them), for at most ~12 ms per frame; drawn when a record is complete.
  const loop = createLoop(() => recordFrame(race, { chunk: CHUNK, every: EVERY, total: TOTAL, record: () => race.record(),
    draw }), { onPlayingChange: (p) => player.setPlaying(p) });

  restart();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => {
      const r = race.records;
      const last = (m, n, s) => r.sizes[m][n]?.[s].at(-1);
      return {
        step: race.step, seed: state.seed, runs, playing: loop.playing, running: loop.running,
        refused: Object.fromEntries(SIZES.map((m) => [m, r.sizes[m].refused])),
        loss: Object.fromEntries(SIZES.map((m) => [m, Object.fromEntries(r.sizes[m].norms.map((n) => [n, last(m, n, 'loss')]))])),
        gap: Object.fromEntries(SIZES.map((m) => [m, Object.fromEntries(r.sizes[m].norms.map((n) =>
          [n, last(m, n, 'inference') - last(m, n, 'training')]))])),
      };
    },
    destroy() {
      loop.destroy();
      for (const c of Object.values(charts)) c.destroy();
      race.dispose();
    },
  };
}
