// What each figure of the article trains and shows, as data. The demos
// (web/article/demos/) build their engine objects from these, and the claims
// ledger (web/claims/article*.js) runs the engine at exactly these settings,
// so a sentence and the figure it describes cannot drift apart: change a
// number here and the ledger test says which sentences no longer hold.
// Units and layers are counted from 0 here (as the engine counts them); the
// page shows them counted from 1.
import { CONFIG_FIELDS } from '../engine-schema.js';

/** The engine's default of a twin setting (engine/settings.hpp). */
const engineDefault = (key) => CONFIG_FIELDS.find((f) => f.key === key).def;

/**
 * The first screen: the twin in a scenario where batch norm clearly helps
 * (three sigmoid layers, as in Ioffe & Szegedy's Figure 1). Lab settings
 * (web/state.js keys), every one that matters written out, so that a change of
 * the lab's defaults does not change this figure.
 */
export const HERO = Object.freeze({
  settings: Object.freeze({
    dataset: 'circles', points: 400, noise: 0.1, trainFraction: 0.5, shift: 'none', shiftAmount: 0.5,
    hidden: [16, 16, 16], bn: [true, true, true], activation: 'sigmoid', init: 'xavier', initScale: 1,
    learningRate: 0.5, batchSize: 16, optimizer: 'sgd', weightDecay: 0, bnPlacement: 'before', keepBias: false,
    bnMomentum: 0.1, bnEps: 1e-5, evalMode: 'running', unit: 1,
  }),
  seed: 1,
  horizon: 2000, // the run stops here
  target: 0.1, // the loss chart's target line
  /** Training steps per animation frame: slowly while the BN net learns, faster after. */
  stepsPerFrame: (step) => (step < 300 ? 2 : 6),
});

/** §1: gradient descent on the two-weight linear model (engine.inputScaling). */
export const INPUT_SCALING = Object.freeze({ seed: 1, steps: 40, start: [-1, 1], fraction: 0.8, goodFraction: 0.5 });

/** §2: one unit of the fourth hidden layer, without BN, with the BN twin faintly behind. */
export const DRIFT = Object.freeze({
  // The probe batch is the whole training set here (200 examples: the engine caps probeSize at the training set).
  config: Object.freeze({ dataset: 'circles', hidden: [8, 8, 8, 8], activation: 'tanh', learningRate: 0.3, batchSize: 16,
    seed: 1 }),
  layer: 3,
  unit: 1, // shown first
  total: 1200,
  every: 4,
});

/** §2: covariate shift; the network without BN trained on moons, tested on moved points. */
export const COVARIATE_SHIFT = Object.freeze({
  config: Object.freeze({ dataset: 'moons', hidden: [8, 8, 8], activation: 'tanh', learningRate: 0.3, batchSize: 16,
    seed: 2, gridResolution: 60 }),
  steps: 800,
  shift: 'translate',
  amount: 1.5,
  net: 'withoutBn',
});

/** §3: the BN transform on one step's mini-batch. */
export const WORKED_EXAMPLE = Object.freeze({
  config: Object.freeze({ dataset: 'circles', hidden: [6, 6, 6], activation: 'tanh', learningRate: 0.1, batchSize: 8,
    seed: 3 }),
  warmUp: 200, // steps before the first one shown, so that γ and β have moved away from 1 and 0
  bias: 1, // the bias added in the "what if"
  eps: engineDefault('bnEps'), // config keeps the engine's ε
});

/** §4: one step of the loop, line by line. */
export const TRAINING_LOOP = Object.freeze({
  config: Object.freeze({ dataset: 'circles', hidden: [8, 8, 8], activation: 'tanh', learningRate: 0.1, batchSize: 16,
    seed: 5 }),
  warmUp: 50,
  unit: 0,
});

/** §5: one example's z_norm in many random batches of three sizes. */
export const BATCH_NOISE = Object.freeze({
  config: Object.freeze({ dataset: 'circles', hidden: [8, 8], activation: 'tanh', seed: 4 }),
  sizes: [4, 16, 64],
  layer: 1,
  unit: 0,
  draws: 200,
});

/** §6: running averages against batch statistics. */
export const TEST_TIME = Object.freeze({
  config: Object.freeze({ dataset: 'circles', hidden: [8, 8], activation: 'tanh', learningRate: 0.3, batchSize: 16, seed: 6,
    gridResolution: 48 }),
  layer: 1,
  unit: 5, // a unit whose mean moves far from 0 while the network learns
  total: 300,
  slowUntil: 80, // one step per frame until here
  momenta: [0.01, 0.1, 0.5],
  momentum: 0.1, // shown first
});

/**
 * §6: what batch norm really does (Santurkar et al. 2018). The race: the same
 * sigmoid network without BN, with BN, and with BN plus noise after every BN
 * layer (bnNoise ν); one unit of the deepest layer is followed. The landscape
 * probes the first twin's two nets along the gradient every probeEvery steps,
 * at step sizes from half the learning rate to 8 times it.
 */
export const REALLY = Object.freeze({
  config: Object.freeze({ dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', learningRate: 0.1, batchSize: 64,
    seed: 1 }),
  layer: 3,
  unit: 0,
  target: 0.1,
  noise: 1, // ν shown first; the slider spans [0, 3]
  total: 1500,
  every: 25, // steps per record
  chunk: 5, // steps per call inside a frame (small: three nets train per call)
  etas: Object.freeze([0.05, 0.1, 0.2, 0.4, 0.8]),
  probeEvery: 50,
});

/** §6: batch coupling; one example of the last mini-batch is dragged, layer 1's unit is watched. */
export const COUPLING = Object.freeze({
  config: Object.freeze({ dataset: 'circles', hidden: [8, 8], activation: 'tanh', learningRate: 0.1, batchSize: 16, seed: 2 }),
  warmUp: 100,
  layer: 0,
  unit: 0,
  example: 0, // dragged first
});

/**
 * §6: the text's second network, not drawn: one where the network without BN
 * learns too, so the landscape can be compared at matched loss.
 */
export const REALLY_BOTH_LEARN = Object.freeze({
  config: Object.freeze({ dataset: 'circles', hidden: [8, 8, 8, 8, 8, 8], activation: 'tanh', learningRate: 0.1,
    batchSize: 32 }),
  layer: 5,
  unit: 0,
  target: 0.1,
  noise: 1,
  total: 3000,
  matchedBelow: 0.03, // probes compared where both nets' loss on the probed batch is below this
});

/**
 * §8: batch norm among its siblings. The network of §6's race (moons, four
 * sigmoid layers of 8 units, SGD at 0.1), trained once per normalization from
 * the same initial weights on the same mini-batches (engine.createSiblings);
 * GN in groups of normGroups = 2 (4 units each).
 */
const SIBLINGS_NET = Object.freeze({ dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', learningRate: 0.1,
  normGroups: 2 });

/** §8, the axis picture: layer 2's Z on a probe batch of 8 examples while BN, LN and GN train at batches of 16. */
export const SIBLINGS_AXES = Object.freeze({
  config: Object.freeze({ ...SIBLINGS_NET, batchSize: 16, probeSize: 8, seed: 1 }),
  norms: Object.freeze(['batch', 'layer', 'group']),
  layer: 1,
  total: 1000,
  /** Training steps per animation frame: one at a time at first, so the numbers can be read, faster after. */
  stepsPerFrame: (step) => (step < 60 ? 1 : 4),
  pick: Object.freeze([2, 3]), // the cell picked first: unit 3, example 4
});

/**
 * §8, the race: the four siblings at each batch size m of `sizes`, the same
 * number of steps each; at m = 1 BN is refused and the other three train.
 */
export const SIBLINGS_RACE = Object.freeze({
  config: Object.freeze({ ...SIBLINGS_NET, seed: 1 }),
  sizes: Object.freeze([1, 2, 4, 16, 64]),
  norms: Object.freeze(['none', 'batch', 'layer', 'group']),
  total: 3000,
  every: 50, // steps per record
  chunk: 10, // steps per engine call inside a frame
});
