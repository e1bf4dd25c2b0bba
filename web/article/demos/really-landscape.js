// Section 6: the loss landscape along the gradient, with and without BN
// (Santurkar et al. 2018, Fig. 4). The twin of the race trains; every k steps
// each network is probed on its last mini-batch (Twin.landscape: for every
// step size η, L(W − η·g) and ‖∇L(W) − ∇L(W − η·g)‖, with W and the run left
// as they were). Three panels: the range of the loss over η as a ribbon, the
// largest gradient change, and the effective β-smoothness.

import { createLandscapeChart } from '../../lab/figures/landscape.js';
import { LandscapeRecord, recordLandscape } from '../../lab/landscape.js';
import { createLoop, workFor } from '../loop.js';
import { fmt } from '../format.js';
import { figureFrame, playerControls, richText, seedPicker, segmented, swatchKey } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { REALLY } from '../figure-settings.js';

const { total: TOTAL, chunk: CHUNK, etas: ETAS } = REALLY;
const SEEDS = [1, 2, 3, 4, 5];
const EVERY = [10, 25, 50, 100];
const NETS = Object.freeze([['bn', 'withBn', 'with BN'], ['plain', 'withoutBn', 'without BN']]);

/**
 * @param {HTMLElement} figure the <figure data-figure="really-landscape"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountReallyLandscape(figure, { engine, onDraw = () => {} }) {
  const state = { seed: REALLY.config.seed, every: REALLY.probeEvery };
  let twin = null;
  let run; // {step, record: LandscapeRecord, cost}

  const frame = figureFrame(figure);
  frame.body.append(swatchKey([{ swatch: 'with-bn', name: 'with BN' }, { swatch: 'without-bn', name: 'without BN' }]));
  const chart = createLandscapeChart(frame.body, { testid: 'really-landscape' });

  const player = playerControls({ prefix: 'really-landscape', onToggle: () => loop.toggle(), onRestart: restart });
  const seeds = seedPicker({ testid: 'really-landscape-seed', seeds: SEEDS, value: state.seed, onChange: (v) => {
    state.seed = v;
    restart();
  } });
  const everyPicker = segmented({
    label: 'probe every', testid: 'really-landscape-every', value: String(state.every),
    options: EVERY.map((k) => ({ value: String(k), label: `${k} steps` })),
    onChange: (v) => {
      state.every = Number(v);
      restart();
    },
  });
  frame.controls.append(player.element, seeds.element, everyPicker.element);
  richText(frame.caption, claimText('article.really.landscape.caption'));

  function restart() {
    twin?.dispose();
    twin = engine.createTwin({ ...REALLY.config, seed: state.seed });
    run = { step: 0, record: new LandscapeRecord(), cost: { stepMs: 0, steps: 0, probeMs: 0, probes: 0 } };
    draw();
    loop.play();
  }

  /** Probes both nets at the current step; a probe that overflowed is a gap, counted. */
  function probe() {
    const t0 = performance.now();
    recordLandscape(run.record, twin, run.step, ETAS);
    run.cost.probeMs += performance.now() - t0;
    run.cost.probes += NETS.length;
  }

  function draw() {
    const r = run.record;
    chart.update({ record: r, xMax: TOTAL });
    player.setStep(run.step);
    const k = r.length - 1;
    const c = run.cost;
    const cost = c.probes && c.steps ? ` Cost here: ${fmt(c.probeMs / c.probes, 2)} ms per probe of one network ` +
      `(${ETAS.length + 1} forward and backward passes), ${fmt(c.stepMs / c.steps, 2)} ms per training step of both.` : '';
    const skipped = r.skipped.withBn + r.skipped.withoutBn;
    frame.readout.textContent = k < 0 ? `Step 0, seed ${state.seed}: the first probe comes after ${state.every} steps.`
      : `Step ${r.steps[k]}, seed ${state.seed}: ` + NETS.map(([, net, name]) => {
        const p = r[net];
        return `${name}: loss ${fmt(p.lossMin[k], 4)} to ${fmt(p.lossMax[k], 4)}, β_eff ${fmt(p.betaEff[k], 3)}`;
      }).join('; ') + `.${skipped ? ` ${skipped} probe(s) overflowed and are not drawn.` : ''}${cost}`;
    figure.dataset.step = String(run.step);
    onDraw();
  }

  const loop = createLoop(() => {
    let probed = false;
    workFor(12, () => {
      const t0 = performance.now();
      twin.step(CHUNK);
      run.cost.stepMs += performance.now() - t0;
      run.cost.steps += CHUNK;
      run.step += CHUNK;
      if (run.step % state.every === 0) {
        probe();
        probed = true;
        return false;
      }
      return run.step < TOTAL;
    });
    if (probed) draw();
    return run.step < TOTAL;
  }, { onPlayingChange: (p) => player.setPlaying(p) });

  restart();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({
      step: run.step, seed: state.seed, every: state.every, probes: run.record.length,
      skipped: Object.fromEntries(NETS.map(([k, net]) => [k, run.record.skipped[net]])),
      playing: loop.playing, running: loop.running,
      betaEff: Object.fromEntries(NETS.map(([k, net]) => [k, run.record[net].betaEff.at(-1) ?? null])),
    }),
    destroy() {
      loop.destroy();
      chart.destroy();
      twin.dispose();
    },
  };
}
