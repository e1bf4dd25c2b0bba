// Section 6: the loss landscape along the gradient, with and without BN
// (Santurkar et al. 2018, Fig. 4). The twin of the race trains; every k steps
// each network is probed on its last mini-batch (Twin.landscape: for every
// step size η, L(W − η·g) and ‖∇L(W) − ∇L(W − η·g)‖, with W and the run left
// as they were). Three panels: the range of the loss over η as a ribbon, the
// largest gradient change, and the effective β-smoothness.

import { createProbeChart } from '../figures/probe-chart.js';
import { createLoop, workFor } from '../loop.js';
import { probeLandscape } from '../really-plan.js';
import { fmt } from '../format.js';
import { el, figureFrame, playerControls, richText, seedPicker, segmented, swatchKey } from '../ui.js';
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
  let run; // {step, steps, bn: {...}, plain: {...}, skipped, cost}

  const frame = figureFrame(figure);
  const panel = (testid, title, options) => {
    const box = el('div', { 'data-testid': testid });
    box.append(el('h4', { text: title }));
    frame.body.append(box);
    return createProbeChart(box, options);
  };
  frame.body.append(swatchKey([{ swatch: 'with-bn', name: 'with BN' }, { swatch: 'without-bn', name: 'without BN' }]));
  const charts = {
    loss: panel('really-landscape-loss', 'Loss along the gradient: range of L(W − η·g) over η',
      { label: 'Range of the loss along the gradient over training, with and without BN', logY: true }),
    grad: panel('really-landscape-grad', 'Gradient predictiveness: largest ‖∇L(W) − ∇L(W − η·g)‖',
      { label: 'Largest change of the gradient along the gradient step over training', logY: true }),
    beta: panel('really-landscape-beta', 'Effective β-smoothness', {
      label: 'Effective beta-smoothness over training, with and without BN', logY: true }),
  };

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

  const emptyNet = () => ({ lo: [], hi: [], gradDiff: [], betaEff: [] });

  function restart() {
    twin?.dispose();
    twin = engine.createTwin({ ...REALLY.config, seed: state.seed });
    run = { step: 0, steps: [], bn: emptyNet(), plain: emptyNet(), skipped: { bn: 0, plain: 0 },
      cost: { stepMs: 0, steps: 0, probeMs: 0, probes: 0 } };
    draw();
    loop.play();
  }

  /** Probes both nets at the current step; a probe that overflowed is a gap, counted. */
  function probe() {
    const t0 = performance.now();
    run.steps.push(run.step);
    for (const [key, net] of NETS) {
      const p = probeLandscape(twin, net, ETAS);
      const r = run[key];
      if (!p) run.skipped[key] += 1;
      r.lo.push(p ? p.lossMin : NaN);
      r.hi.push(p ? p.lossMax : NaN);
      r.gradDiff.push(p ? p.gradDiff : NaN);
      r.betaEff.push(p ? p.betaEff : NaN);
    }
    run.cost.probeMs += performance.now() - t0;
    run.cost.probes += NETS.length;
  }

  function draw() {
    const xMax = TOTAL;
    const steps = run.steps;
    charts.loss.update({ steps, xMax, series: NETS.map(([k, net]) => ({ color: net, lo: run[k].lo, hi: run[k].hi })) });
    charts.grad.update({ steps, xMax, series: NETS.map(([k, net]) => ({ color: net, values: run[k].gradDiff })) });
    charts.beta.update({ steps, xMax, series: NETS.map(([k, net]) => ({ color: net, values: run[k].betaEff })) });
    player.setStep(run.step);
    const k = steps.length - 1;
    const c = run.cost;
    const cost = c.probes && c.steps ? ` Cost here: ${fmt(c.probeMs / c.probes, 2)} ms per probe of one network ` +
      `(${ETAS.length + 1} forward and backward passes), ${fmt(c.stepMs / c.steps, 2)} ms per training step of both.` : '';
    const skipped = run.skipped.bn + run.skipped.plain;
    frame.readout.textContent = k < 0 ? `Step 0, seed ${state.seed}: the first probe comes after ${state.every} steps.`
      : `Step ${steps[k]}, seed ${state.seed}: ` + NETS.map(([key, , name]) => {
        const r = run[key];
        return `${name}: loss ${fmt(r.lo[k], 4)} to ${fmt(r.hi[k], 4)}, β_eff ${fmt(r.betaEff[k], 3)}`;
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
      step: run.step, seed: state.seed, every: state.every, probes: run.steps.length, skipped: { ...run.skipped },
      playing: loop.playing, running: loop.running,
      betaEff: Object.fromEntries(NETS.map(([k]) => [k, run[k].betaEff.at(-1) ?? null])),
    }),
    destroy() {
      loop.destroy();
      for (const ch of Object.values(charts)) ch.destroy();
      twin.dispose();
    },
  };
}
