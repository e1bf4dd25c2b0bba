// Scenarios worth trying, as data: each is a set of settings applied on top of
// the lab's defaults (web/state.js), and one sentence saying what to watch. The
// sentences live in the claims ledger (web/claims/lab.js), which checks each
// against the engine over seeds at the preset's settings; a preset shows its
// sentence through presetText(), never a copy of it.
//
// Every preset spells out the settings its sentence depends on (dataset,
// network, batch, learning rate), so a change of the lab's defaults cannot
// silently change what a preset shows. Applying a preset also resets the shown
// layer and unit (web/lab/lab.js applyPreset).

// Their sentences only (web/claims/texts-lab-presets.js): the embed, which has presets of its own, leaves this file out.
import { claimText } from '../claims/texts-lab-presets.js';

/** The lab's default run, spelled out (web/state.js holds the same values as defaults). */
const SIGMOID_MOONS = { dataset: 'moons', hidden: [8, 8, 8, 8], activation: 'sigmoid', batchSize: 64, learningRate: 0.1 };
/** The network of the lessons on BN's costs and on init and step size. */
const TANH_CIRCLES = { dataset: 'circles', hidden: [8, 8, 8, 8], activation: 'tanh', batchSize: 16, learningRate: 0.1 };

export const PRESETS = [
  {
    id: 'default',
    title: 'Default',
    settings: { ...SIGMOID_MOONS },
    claim: 'lab.preset.default',
  },
  {
    id: 'sigmoid',
    title: 'Sigmoid, as in the paper',
    settings: { ...SIGMOID_MOONS, dataset: 'circles', hidden: [16, 16, 16], learningRate: 0.5 },
    claim: 'lab.preset.sigmoid',
  },
  {
    id: 'deep',
    title: 'Deep sigmoid net',
    settings: { ...SIGMOID_MOONS, hidden: [8, 8, 8, 8, 8, 8, 8, 8] },
    claim: 'lab.preset.deep',
  },
  {
    id: 'bad-init',
    title: 'Bad init',
    settings: { ...TANH_CIRCLES, batchSize: 64, initScale: 0.2 },
    claim: 'lab.preset.bad-init',
  },
  {
    id: 'high-lr',
    title: 'High learning rate',
    settings: { ...TANH_CIRCLES, learningRate: 2 },
    claim: 'lab.preset.high-lr',
  },
  {
    id: 'batch-noise',
    title: 'BN’s cost: noisy batches (m = 16)',
    settings: { ...TANH_CIRCLES },
    claim: 'lab.preset.batch-noise',
  },
  {
    id: 'regularization',
    title: 'Few noisy points',
    settings: { ...TANH_CIRCLES, dataset: 'spiral', points: 100, noise: 0.3, hidden: [16, 16, 16, 16] },
    claim: 'lab.preset.regularization',
  },
  {
    id: 'tiny-batch',
    title: 'Tiny batches (m = 2)',
    settings: { ...TANH_CIRCLES, batchSize: 2 },
    claim: 'lab.preset.tiny-batch',
  },
];

// p.text: the sentence, read from the ledger when it is shown (presets.js and the ledger import each other).
for (const p of PRESETS) {
  Object.defineProperty(p, 'text', { enumerable: true, get: () => presetText(p) });
}

/** The preset with this id, or undefined. */
export function preset(id) {
  return PRESETS.find((p) => p.id === id);
}

/** The sentence a preset shows: its claim's text from the ledger. */
export function presetText(p) {
  return claimText(p.claim);
}
