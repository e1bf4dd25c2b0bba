// Section 1: normalizing the inputs. The engine's two-weight linear model
// (engine/input_scaling.hpp) with raw features (x₂ spread 10× wider than x₁)
// or standardized ones; the figure shows the loss contours and replays
// gradient descent from a start the reader can pick by clicking the plane.

import { createInputScaling } from '../figures/input-scaling.js';
import { contourLevels, stepsToConverge, viewWindow } from '../descent.js';
import { createLoop } from '../loop.js';
import { fmt, pct, sig } from '../format.js';
import { button, figureFrame, richText, segmented, slider } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { INPUT_SCALING } from '../figure-settings.js';

const { steps: STEPS, start: START } = INPUT_SCALING; // STEPS: gradient-descent steps replayed
const RESOLUTION = 90; // loss grid, per side
const MS_PER_STEP = 70; // replay speed

/**
 * @param {HTMLElement} figure the <figure data-figure="input-scaling"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountInputScaling(figure, { engine, onDraw = () => {} }) {
  const model = engine.inputScaling({ seed: INPUT_SCALING.seed });
  const state = { normalized: false, fraction: INPUT_SCALING.fraction, start: [...START], shown: 0 };
  let view = null; // what the figure draws for the current mode
  let elapsed = 0; // ms of replay shown so far (only on-screen time counts)
  let lastFrame = 0;

  const frame = figureFrame(figure);
  const fig = createInputScaling(frame.body, {
    label: 'Loss contours of a two-weight linear model, with gradient descent replayed from a chosen start',
    onPick: (w1, w2) => {
      state.start = [w1, w2];
      compute(false);
      replay();
    },
  });
  const mode = segmented({
    label: 'Inputs', testid: 'input-scaling-mode', value: 'raw',
    options: [{ value: 'raw', label: 'raw inputs' }, { value: 'normalized', label: 'normalized inputs' }],
    onChange: (v) => {
      state.normalized = v === 'normalized';
      state.start = [...START];
      compute(true);
      replay();
    },
  });
  const rate = slider({
    label: 'step size α (× 2/λ_max)', min: 0.1, max: 0.99, step: 0.01,
    value: state.fraction, testid: 'input-scaling-rate', format: (v) => v.toFixed(2),
    onInput: (v) => {
      state.fraction = v;
      compute(false);
      replay();
    },
  });
  frame.controls.append(mode.element, rate.element,
    button('↺ Replay', () => replay(), { testid: 'input-scaling-replay', title: 'Replay the descent' }));
  richText(frame.caption, claimText('article.inputs.caption'));

  /** Asks the engine for the surface and the path of the current settings. */
  function compute(newWindow) {
    model.setNormalized(state.normalized);
    const s = model.summary();
    const lr = (state.fraction * 2) / s.lambdaMax;
    const path = model.descend(state.start[0], state.start[1], lr, STEPS);
    const losses = Array.from({ length: STEPS + 1 }, (_, k) => model.loss(path[2 * k], path[2 * k + 1]));
    const distances = Array.from({ length: STEPS + 1 }, (_, k) => Math.hypot(path[2 * k] - s.w1, path[2 * k + 1] - s.w2));
    let grid = view?.grid;
    if (newWindow || !grid) {
      const w = viewWindow(START, [s.w1, s.w2]);
      grid = { values: model.lossGrid(RESOLUTION, w.c1, w.e, w.c2, w.e), resolution: RESOLUTION, c1: w.c1, e1: w.e,
        c2: w.c2, e2: w.e };
    }
    const levels = newWindow || !view ? contourLevels(s.minLoss, model.loss(START[0], START[1])) : view.levels;
    view = { grid, levels, path, losses, distances, lr, summary: s };
  }

  function draw() {
    const { summary: s, losses, lr } = view;
    fig.update({ grid: view.grid, levels: view.levels, path: view.path, shown: state.shown,
      minimum: [s.w1, s.w2], color: state.normalized ? 'withBn' : 'withoutBn' });
    const k = state.shown;
    const left = view.distances[k] / view.distances[0];
    const done = stepsToConverge(view.distances, 0);
    frame.readout.textContent = `Step ${k} of ${STEPS} (α = ${sig(lr)}): loss ${fmt(losses[k], 3)}, minimum ` +
      `${fmt(s.minLoss, 3)}; ${pct(left, 0)} of the distance to the minimum is left` +
      `${done >= 0 ? ` (within 1% at step ${done})` : ''}. Curvature ratio λ_max/λ_min = ${sig(s.lambdaMax / s.lambdaMin)}.`;
    figure.dataset.step = String(k);
    figure.dataset.mode = state.normalized ? 'normalized' : 'raw';
    onDraw();
  }

  const loop = createLoop((now) => {
    // A frame after a pause (off screen) counts as one ordinary frame, not as the time away.
    elapsed += lastFrame ? Math.min(now - lastFrame, 50) : 0;
    lastFrame = now;
    state.shown = Math.min(STEPS, Math.floor(elapsed / MS_PER_STEP));
    draw();
    return state.shown < STEPS;
  }, { onPlayingChange: () => { lastFrame = 0; } });

  function replay() {
    state.shown = 0;
    elapsed = 0;
    lastFrame = 0;
    draw();
    loop.play();
  }

  compute(true);
  replay();

  return {
    setVisible: (v) => loop.setVisible(v),
    /** For the page's hook and tests. */
    info: () => ({ step: state.shown, mode: state.normalized ? 'normalized' : 'raw', playing: loop.playing }),
    destroy() {
      loop.destroy();
      fig.destroy();
      model.dispose();
    },
  };
}
