// What an embedded figure can show, as data: each preset names the view that
// draws it (web/embed/views/), the lab settings it starts from (keys of
// web/state.js, applied over the defaults; attributes then override them), the
// settings it always offers when it has controls (`essential`: the point of
// the figure) and those controls="full" adds, and a caption.

export const EMBED_PRESETS = [
  {
    id: 'twin',
    title: 'Training with and without batch norm',
    view: 'twin',
    settings: {},
    controls: ['dataset', 'learningRate', 'batchSize', 'activation', 'initScale'],
    caption: 'The same network from the same initial weights and the same mini-batches, trained with and without BN: '
      + 'decision boundaries (dots: training points, rings: test points) and the loss of both.',
  },
  {
    id: 'histograms',
    title: 'Inside the networks: every hidden layer',
    view: 'histograms',
    settings: { activation: 'sigmoid', hidden: [8, 8, 8], learningRate: 0.5 },
    controls: ['activation', 'learningRate', 'initScale', 'batchSize'],
    caption: 'Each row is a hidden layer, each cell the distribution of one quantity over a fixed probe batch (bars: all '
      + 'units, line: the highlighted unit). Without BN, Z drifts and A piles up at the ends; with BN, z_norm stays centred.',
  },
  {
    id: 'covariate-shift',
    title: 'Covariate shift: tested on a moved distribution',
    view: 'covariate-shift',
    settings: { dataset: 'moons', shift: 'translate', shiftAmount: 0.8, hidden: [8, 8], noise: 0.1 },
    controls: ['shift', 'shiftAmount', 'dataset', 'learningRate'],
    caption: 'Trained on one input distribution (dots), tested on a shifted one (rings): the labelling rule is the same, '
      + 'but the test inputs moved, so the test loss stays above the training loss.',
  },
  {
    id: 'worked-example',
    title: 'The BN equations on the current mini-batch',
    view: 'worked-example',
    settings: { hidden: [4, 4], batchSize: 6, learningRate: 0.3, layer: 1 },
    essential: ['layer', 'unit'],
    controls: ['batchSize', 'learningRate'],
    caption: 'The engine’s own numbers for one unit and the last training mini-batch X{t}: μ and σ² over the batch, '
      + 'z_norm for each example, then z̃ = γ·z_norm + β.',
  },
  {
    id: 'test-time',
    title: 'At test time: running statistics',
    view: 'test-time',
    settings: { hidden: [8, 8], layer: 2, bnMomentum: 0.1 },
    essential: ['evalMode'],
    controls: ['bnMomentum', 'batchSize', 'layer'],
    caption: 'Training normalizes with each batch’s μ and σ² (filled dots); inference uses their running averages '
      + '(rings), updated as running ← (1 − momentum)·running + momentum·batch. The switch redraws the boundary with either.',
  },
  {
    id: 'paper',
    title: 'Ioffe & Szegedy’s Figure 1 on real MNIST digits',
    view: 'paper',
    settings: {},
    controls: [],
    caption: 'The paper’s network (784 → 100 → 100 → 100 → 10, sigmoid) trained with and without BN on 8,000 real '
      + 'MNIST digits in Web Workers: (a) test accuracy, (b, c) the 15th, 50th and 85th percentiles of one sigmoid’s input.',
  },
];

/** The preset with this id, or undefined. */
export function embedPreset(id) {
  return EMBED_PRESETS.find((p) => p.id === id);
}
