// Section 6: the race of Santurkar et al. (2018). The same sigmoid network
// trains three ways on the same batches from the same initial weights: without
// BN, with BN, and with BN plus noise after every BN layer (a random shift and
// scale per unit, drawn anew every step: bnNoise ν). Loss curves on a log axis,
// and small multiples of one deep unit's 15/50/85 band per network.

import { createLossChart } from '../../lab/figures/loss-chart.js';
import { createDriftBands } from '../figures/drift-bands.js';
import { createLoop, recordFrame } from '../loop.js';
import { RACE_NETS, createRace, medianMove } from '../really-plan.js';
import { fmt } from '../format.js';
import { el, figureFrame, playerControls, richText, seedPicker, slider, swatchKey } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { REALLY } from '../figure-settings.js';

const { total: TOTAL, every: EVERY, chunk: CHUNK, target: TARGET } = REALLY;
const SEEDS = [1, 2, 3, 4, 5];
/** Per net: its colour (a palette name), its swatch class and its name on the page. */
export const RACE_STYLE = Object.freeze({
  plain: { color: 'withoutBn', swatch: 'without-bn', name: 'no BN' },
  bn: { color: 'withBn', swatch: 'with-bn', name: 'BN' },
  noisy: { color: 'gamma', swatch: 'noisy', name: 'BN + noise' },
});

/**
 * @param {HTMLElement} figure the <figure data-figure="really-race"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountReallyRace(figure, { engine, onDraw = () => {} }) {
  const state = { seed: REALLY.config.seed, noise: REALLY.noise };
  let race = null;
  let runs = 0; // restarts, for tests

  const frame = figureFrame(figure);
  const lossBox = el('div', { 'data-testid': 'really-race-loss' });
  frame.body.append(swatchKey(RACE_NETS.map(([k]) => RACE_STYLE[k])), lossBox);
  const loss = createLossChart(lossBox, { label: 'Training loss of the three networks over the steps, log scale' });
  const bands = {};
  const grid = el('div', { class: 'fig-grid three' });
  for (const [key] of RACE_NETS) {
    const s = RACE_STYLE[key];
    const box = el('div', { 'data-testid': `really-race-band-${key}` });
    box.append(el('h4', {}, el('span', { class: `swatch ${s.swatch}` }), s.name));
    const host = el('div');
    box.append(host);
    grid.append(box);
    bands[key] = createDriftBands(host, { label: `15th, 50th and 85th percentiles of unit 1 of layer 4, ${s.name}` });
  }
  frame.body.append(grid);

  const player = playerControls({ prefix: 'really-race', onToggle: () => loop.toggle(), onRestart: restart });
  const seeds = seedPicker({ testid: 'really-race-seed', seeds: SEEDS, value: state.seed, onChange: (v) => {
    state.seed = v;
    restart();
  } });
  const noiseSlider = slider({
    label: 'noise ν', min: 0, max: 3, step: 0.25, value: state.noise, format: (v) => v.toFixed(2),
    testid: 'really-race-noise',
    onInput: (v) => {
      state.noise = v;
      restart();
    },
  });
  frame.controls.append(player.element, seeds.element, noiseSlider.element);
  richText(frame.caption, claimText('article.really.race.caption'));

  function restart() {
    race?.dispose();
    race = createRace(engine, REALLY, state);
    runs += 1;
    race.record(TARGET);
    draw();
    loop.play();
  }

  function draw() {
    const r = race.records;
    loss.update({
      steps: r.steps, logY: true, target: TARGET,
      series: RACE_NETS.map(([k]) => ({ label: RACE_STYLE[k].name, color: RACE_STYLE[k].color, values: r[k].loss })),
      reached: RACE_NETS.map(([k]) => ({ step: r[k].reached, color: RACE_STYLE[k].color })),
    });
    for (const [k] of RACE_NETS) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of r[k].p15) if (Number.isFinite(v)) lo = Math.min(lo, v);
      for (const v of r[k].p85) if (Number.isFinite(v)) hi = Math.max(hi, v);
      const pad = Math.max(0.05, (hi - lo) * 0.05);
      bands[k].update({ steps: r.steps, xMax: TOTAL, yDomain: Number.isFinite(lo) ? [lo - pad, hi + pad] : [-1, 1],
        series: [{ ...r[k], color: RACE_STYLE[k].color }] });
    }
    player.setStep(race.step);
    const k = r.steps.length - 1;
    const parts = RACE_NETS.map(([n]) => `${RACE_STYLE[n].name} ${fmt(r[n].loss[k], 3)}` +
      (r[n].reached === null ? '' : ` (0.1 at step ${r[n].reached})`));
    const moves = k >= 2 ? ` The unit’s median moves per record by (median) ${RACE_NETS.map(([n]) =>
      `${fmt(medianMove(r[n].p50), 4)} ${RACE_STYLE[n].name}`).join(', ')}.` : '';
    frame.readout.textContent = `Step ${race.step}, seed ${state.seed}, ν = ${state.noise}. Train loss: ${parts.join('; ')}.${moves}`;
    figure.dataset.step = String(race.step);
    onDraw();
  }

  // A record's steps in chunks, for at most ~12 ms per frame; drawn when a record is complete.
  const loop = createLoop(() => recordFrame(race, { chunk: CHUNK, every: EVERY, total: TOTAL,
    record: () => race.record(TARGET), draw }), { onPlayingChange: (p) => player.setPlaying(p) });

  restart();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => {
      const r = race.records;
      return {
        step: race.step, seed: state.seed, noise: state.noise, runs, playing: loop.playing, running: loop.running,
        loss: Object.fromEntries(RACE_NETS.map(([k]) => [k, r[k].loss.at(-1)])),
        reached: Object.fromEntries(RACE_NETS.map(([k]) => [k, r[k].reached])),
      };
    },
    destroy() {
      loop.destroy();
      loss.destroy();
      for (const b of Object.values(bands)) b.destroy();
      race.dispose();
    },
  };
}
