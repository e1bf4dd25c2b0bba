// Scenarios worth trying, as data: each is a set of settings applied on top of
// the defaults, and one sentence saying what to watch. The sentences describe
// what the engine does with these settings and seed 1 (checked by
// tests/web/presets.test.mjs), not what batch norm does in general.

export const PRESETS = [
  {
    id: 'default',
    title: 'Default',
    settings: {},
    text: 'tanh, 4 layers of 8, batch 16: BN gets to a low loss first; without BN the curve catches up later.',
  },
  {
    id: 'sigmoid',
    title: 'Sigmoid, as in the paper',
    settings: { activation: 'sigmoid', hidden: [16, 16, 16], learningRate: 0.5 },
    text: 'Three sigmoid layers (Ioffe & Szegedy’s Figure 1 uses sigmoids): with BN the loss falls within a few hundred steps; without BN it sits at ln 2 ≈ 0.693 for thousands.',
  },
  {
    id: 'bad-init',
    title: 'Bad init',
    settings: { initScale: 0.2 },
    text: 'Initial weights 5× too small: without BN the signal fades layer by layer (watch Z shrink to a spike) and nothing learns; BN rescales every layer.',
  },
  {
    id: 'high-lr',
    title: 'High learning rate',
    settings: { learningRate: 2 },
    text: 'A learning rate of 2: BN still trains, because its output does not depend on the scale of W; without BN the loss wanders.',
  },
  {
    id: 'deep',
    title: 'Deep sigmoid net',
    settings: { activation: 'sigmoid', hidden: [8, 8, 8, 8, 8, 8, 8, 8] },
    text: 'Eight sigmoid layers: without BN the gradient vanishes and the loss stays at 0.693; with BN every layer keeps its inputs in the sigmoid’s useful range.',
  },
  {
    id: 'tiny-batch',
    title: 'Tiny batches (m = 2)',
    settings: { batchSize: 2 },
    text: 'Two examples per batch: μ and σ² of a batch of two are pure noise, so BN cannot learn here, while the plain network does. BN needs batches.',
  },
];

/** The preset with this id, or undefined. */
export function preset(id) {
  return PRESETS.find((p) => p.id === id);
}
