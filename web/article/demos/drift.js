// Section 2: hidden layers see a moving target. A network of four hidden tanh
// layers trains without batch norm (the twin's withoutBn network); for one
// unit of the fourth layer, the figure follows the 15/50/85th percentiles of
// its activation input Z over a fixed probe batch as the earlier layers learn.
// The BN twin, trained on the same batches, can be drawn faintly behind it.

import { createDriftBands } from '../figures/drift-bands.js';
import { createLoop } from '../loop.js';
import { quantiles, unitValues } from '../stats.js';
import { fmt } from '../format.js';
import { checkbox, figureFrame, playerControls, richText, segmented } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { DRIFT } from '../figure-settings.js';

const { config: CONFIG, layer: LAYER, total: TOTAL, every: EVERY } = DRIFT; // EVERY: steps per record (one per frame)
const QS = [0.15, 0.5, 0.85];

/** Percentile records of every unit of one layer, for one network. */
function emptyRecords(units) {
  return Array.from({ length: units }, () => ({ p15: [], p50: [], p85: [] }));
}

/**
 * @param {HTMLElement} figure the <figure data-figure="drift"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountDrift(figure, { engine, onDraw = () => {} }) {
  const twin = engine.createTwin(CONFIG);
  const units = CONFIG.hidden[LAYER];
  const state = { unit: DRIFT.unit, showBn: true };
  let run; // {steps, withoutBn, withBn}

  const frame = figureFrame(figure);
  const fig = createDriftBands(frame.body, {
    label: 'Percentile band of one unit of the fourth hidden layer over training, without batch norm',
  });
  const player = playerControls({ prefix: 'drift', onToggle: () => loop.toggle(), onRestart: restart });
  const unitPicker = segmented({
    label: 'unit', testid: 'drift-unit', value: String(state.unit),
    options: Array.from({ length: units }, (_, u) => ({ value: String(u), label: String(u + 1) })),
    onChange: (v) => {
      state.unit = Number(v);
      draw();
    },
  });
  const bnToggle = checkbox({ label: 'show the BN twin faintly', checked: state.showBn, testid: 'drift-show-bn',
    onChange: (v) => {
      state.showBn = v;
      draw();
    } });
  frame.controls.append(player.element, unitPicker.element, bnToggle.element);
  richText(frame.caption, claimText('article.drift.caption'));

  function record() {
    twin.refreshProbes();
    run.steps.push(twin.status().withoutBn.steps);
    const sources = { withoutBn: twin.probe('withoutBn', LAYER).Z, withBn: twin.probe('withBn', LAYER).zTilde };
    for (const [name, values] of Object.entries(sources)) {
      for (let u = 0; u < units; ++u) {
        const [a, b, c] = quantiles(unitValues(values, units, u), QS);
        const r = run[name][u];
        r.p15.push(a);
        r.p50.push(b);
        r.p85.push(c);
      }
    }
  }

  function restart() {
    twin.reset();
    run = { steps: [], withoutBn: emptyRecords(units), withBn: emptyRecords(units) };
    record();
    draw();
    loop.play();
  }

  function draw() {
    const u = state.unit;
    const series = [{ ...run.withoutBn[u], color: 'withoutBn', label: 'without BN' }];
    if (state.showBn) series.push({ ...run.withBn[u], color: 'withBn', label: 'with BN', faint: true });
    let lo = -1;
    let hi = 1;
    for (const s of series) {
      for (const v of s.p15) if (Number.isFinite(v)) lo = Math.min(lo, v);
      for (const v of s.p85) if (Number.isFinite(v)) hi = Math.max(hi, v);
    }
    fig.update({ steps: run.steps, xMax: TOTAL, yDomain: [lo, hi], series });
    const k = run.steps.length - 1;
    const r = run.withoutBn[u];
    const step = run.steps[k];
    player.setStep(step);
    frame.readout.textContent = `Step ${step}. Unit ${u + 1}, without BN: median ${fmt(r.p50[k], 2)}, ` +
      `15–85% range [${fmt(r.p15[k], 2)}, ${fmt(r.p85[k], 2)}]; at step 0 it was ` +
      `[${fmt(r.p15[0], 2)}, ${fmt(r.p85[0], 2)}].`;
    figure.dataset.step = String(step);
    onDraw();
  }

  const loop = createLoop(() => {
    twin.step(EVERY);
    record();
    draw();
    return run.steps[run.steps.length - 1] < TOTAL;
  }, { onPlayingChange: (p) => player.setPlaying(p) });

  restart();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({ step: run.steps[run.steps.length - 1], playing: loop.playing, running: loop.running }),
    destroy() {
      loop.destroy();
      fig.destroy();
      twin.dispose();
    },
  };
}
