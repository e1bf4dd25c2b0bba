// Section 5: the slight regularization. The same training example is
// normalized inside many random mini-batches (Twin.batchNoise: itself plus
// m − 1 others); its z_norm moves with the company it keeps, the more so the
// smaller the batch. One twin per batch size, all with the same initial
// weights (the weights do not depend on the batch size), untrained.

import { createNoiseStrips } from '../figures/noise-strips.js';
import { mean, std } from '../stats.js';
import { fmt } from '../format.js';
import { button, figureFrame, richText } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { BATCH_NOISE } from '../figure-settings.js';

const { config: BASE, sizes: SIZES, layer: LAYER, unit: UNIT, draws: DRAWS } = BATCH_NOISE;

/**
 * @param {HTMLElement} figure the <figure data-figure="batch-noise"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountBatchNoise(figure, { engine, onDraw = () => {} }) {
  const twins = SIZES.map((m) => engine.createTwin({ ...BASE, batchSize: m }));
  const trainSize = twins[0].trainSize;
  // The whole training set as one batch: every draw is the same batch, so one draw is the exact value.
  const whole = engine.createTwin({ ...BASE, batchSize: trainSize });
  const state = { example: 0, seed: 1 };
  let rows = [];

  const frame = figureFrame(figure);
  const fig = createNoiseStrips(frame.body, {
    label: `One example’s z_norm in ${DRAWS} random mini-batches, for batch sizes ${SIZES.join(', ')}`,
  });
  frame.controls.append(
    button('Another example', () => {
      state.example = (state.example + 37) % trainSize;
      draw();
    }, { testid: 'batch-noise-example', primary: true }),
    button('New batches', () => {
      state.seed += 1;
      draw();
    }, { testid: 'batch-noise-resample' }),
  );
  richText(frame.caption, claimText('article.noise.caption'));

  function draw() {
    rows = SIZES.map((m, k) => ({
      label: `m = ${m}`,
      values: twins[k].batchNoise({ layer: LAYER, unit: UNIT, example: state.example, draws: DRAWS, seed: state.seed }),
    }));
    const reference = whole.batchNoise({ layer: LAYER, unit: UNIT, example: state.example, draws: 1, seed: 1 })[0];
    fig.update({ rows, reference, color: 'zNorm' });
    frame.readout.textContent = `Example ${state.example + 1}: z_norm ${fmt(reference, 2)} with the whole training ` +
      `set; across random batches ${rows.map((r) => `±${fmt(std(r.values), 2)} (m = ${r.label.slice(4)})`).join(', ')}, ` +
      `centred near ${rows.map((r) => fmt(mean(r.values), 2)).join(', ')}.`;
    figure.dataset.example = String(state.example);
    onDraw();
  }

  draw();

  return {
    setVisible: () => {}, // nothing trains here
    info: () => ({ example: state.example, seed: state.seed, spreads: rows.map((r) => std(r.values)) }),
    destroy() {
      fig.destroy();
      for (const t of twins) t.dispose();
      whole.dispose();
    },
  };
}
