// What an embedded figure can show, as data: each preset names the view that
// draws it (web/embed/views/), the lab settings it starts from (keys of
// web/state.js, applied over the defaults; attributes then override them), the
// settings it always offers when it has controls (`essential`: the point of
// the figure) and those controls="full" adds, and a caption. Captions that say
// what the figure shows are claims of the ledger (web/claims/embed.js), checked
// against the engine at the preset's settings over seeds; a preset reads its
// caption from the ledger when the figure is built (a getter: this module and
// the ledger import each other). A preset whose sentence depends on the network
// spells those settings out, so a change of the lab's defaults cannot change it.
//
// `height`: the figure's height in CSS px in a 700 px column (a blog's text column), with its default
// controls, once trained. The Jekyll include, the Hugo shortcode and the snippets reserve it before
// the script has run (web/tools/settings-docs.mjs writes it into them);
// tests/browser/blog-layout.test.mjs measures it.
//
// `captionAtSettings: true`: the caption states outcomes of these settings (the ledger checks them
// there, over seeds), so when an attribute or the reader changes a setting of the run, a note under
// it names what differs (element.js, attributes.js captionNote).
//
// `norms: true`: the figure names its networks by the setting `norm` (BN, LN or GN), so the
// attribute takes any of them (and `normTitle(names)`, if given, is the title for the one in force);
// elsewhere norm="ln"/"gn" is refused (web/embed/attributes.js).

import { claimText } from '../claims/texts.js';

export const EMBED_PRESETS = [
  {
    id: 'twin',
    height: 782,
    title: 'Training with and without batch norm',
    view: 'twin',
    norms: true,
    normTitle: (names) => `Training with and without ${names.long}`,
    settings: {},
    controls: ['dataset', 'learningRate', 'batchSize', 'activation', 'initScale'],
    get caption() {
      return claimText('embed.twin.caption');
    },
  },
  {
    id: 'histograms',
    height: 1083,
    title: 'Inside the networks: every hidden layer',
    view: 'histograms',
    captionWithView: true,  // its view and caption load on demand (web/embed/lazy-views.js)
    settings: { dataset: 'circles', activation: 'sigmoid', hidden: [8, 8, 8, 8], batchSize: 64, learningRate: 0.1 },
    controls: ['activation', 'learningRate', 'initScale', 'batchSize'],
    captionAtSettings: true,
    get caption() {
      return claimText('embed.histograms.caption');
    },
  },
  {
    id: 'covariate-shift',
    height: 886,
    title: 'Covariate shift: tested on a moved distribution',
    view: 'covariate-shift',
    settings: { dataset: 'moons', shift: 'translate', shiftAmount: 0.8, hidden: [8, 8], noise: 0.1, activation: 'tanh',
      batchSize: 16, learningRate: 0.1 },
    controls: ['shift', 'shiftAmount', 'dataset', 'learningRate'],
    captionAtSettings: true,
    get caption() {
      return claimText('embed.covariate-shift.caption');
    },
  },
  {
    id: 'worked-example',
    height: 486,
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
    height: 585,
    title: 'At test time: running statistics',
    view: 'test-time',
    captionWithView: true,  // its view and caption load on demand (web/embed/lazy-views.js)
    settings: { hidden: [8, 8], layer: 2, bnMomentum: 0.1 },
    essential: ['evalMode'],
    controls: ['bnMomentum', 'batchSize', 'layer'],
    // The view adds a note on the switch where the figure shows it (web/embed/views/test-time.js).
    get caption() {
      return claimText('embed.test-time.caption');
    },
  },
  {
    id: 'paper',
    height: 875,
    title: 'Ioffe & Szegedy’s Figure 1 on real MNIST digits',
    view: 'paper',
    settings: {},
    controls: [],
    caption: 'The paper’s network (784 → 100 → 100 → 100 → 10, sigmoid) trained with and without BN on the 60,000 '
      + 'MNIST training digits in Web Workers: (a) test accuracy, (b, c) the 15th, 50th and 85th percentiles of one sigmoid’s input.',
  },
  {
    // Batch norm among its siblings (issue 17): the twin with layer norm at a batch of 4, where BN's batch
    // statistics are noisy; the reader switches norm to BN or GN, or the batch size down to 1 (BN refused).
    id: 'siblings',
    height: 902,
    title: 'Batch norm and its siblings: layer norm and group norm',
    view: 'siblings',
    norms: true,
    settings: { dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', learningRate: 0.1, batchSize: 4,
      norm: 'ln' },
    essential: ['norm', 'batchSize'],
    controls: ['learningRate', 'normGroups'],
    captionAtSettings: true,
    get caption() {
      return claimText('embed.siblings.caption');
    },
  },
  // Section 6 of the article, "What batch norm really does" (Santurkar et al. 2018): their views load on demand
  // (web/embed/lazy-views.js), so these presets cost nothing to a page that shows only the others; their
  // captions come with their views (`captionWithView`: bn-lab.js does not carry the sentences).
  {
    id: 'noisy-bn',
    height: 739,
    title: 'Noisy batch norm: distributions that jump, a network that learns',
    view: 'noisy-bn',
    captionWithView: true,
    settings: { dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', learningRate: 0.1, batchSize: 64,
      bnNoise: 1, layer: 4, unit: 1 },
    essential: ['bnNoise'],
    controls: ['learningRate', 'layer', 'unit'],
    captionAtSettings: true,
    get caption() {
      return claimText('embed.noisy-bn.caption');
    },
  },
  {
    id: 'landscape',
    height: 902,
    title: 'The loss along the gradient, with and without batch norm',
    view: 'landscape',
    captionWithView: true,
    // The lab's landscape chart on: its session probes both networks at its landscape steps.
    settings: { dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', learningRate: 0.1, batchSize: 64,
      landscape: true },
    controls: ['learningRate', 'batchSize'],
    captionAtSettings: true,
    get caption() {
      return claimText('embed.landscape.caption');
    },
  },
  {
    id: 'batch-coupling',
    height: 599,
    title: 'Batch coupling: move one example, watch the others',
    view: 'batch-coupling',
    captionWithView: true,
    // Trains 100 steps, then stops: the reader moves examples of that step's mini-batch.
    settings: { dataset: 'circles', hidden: [8, 8], activation: 'tanh', learningRate: 0.1, batchSize: 16, stopAt: 100 },
    controls: ['stopAt'],
    captionAtSettings: true,
    get caption() {
      return claimText('embed.batch-coupling.caption');
    },
  },
];

/** The preset with this id, or undefined. */
export function embedPreset(id) {
  return EMBED_PRESETS.find((p) => p.id === id);
}
