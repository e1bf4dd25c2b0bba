// Ioffe & Szegedy (2015), Figure 1(a): test accuracy of their MNIST network
// with and without batch norm, read off the published figure
// (engine/README.md §10). Their network trained on all 60,000
// MNIST training digits, as ours does by default (the light 10,000-digit
// option trains on 8,000, and ends lower).
// The "~" steps are approximate positions on the figure's axis; the last
// point is where each published curve ends (≈49K with BN, ≈44K without).

export const PAPER_STEPS = 50000;  // training steps in the paper (§4.1)

export const PAPER_ACCURACY = Object.freeze({
  withBn: Object.freeze({
    steps: [4000, 8000, 10000, 14000, 20000, 30000, 40000, 49000],
    accuracy: [0.953, 0.967, 0.966, 0.969, 0.974, 0.978, 0.980, 0.982],
  }),
  withoutBn: Object.freeze({
    steps: [4000, 8000, 10000, 14000, 20000, 30000, 40000, 44000],
    accuracy: [0.71, 0.91, 0.926, 0.950, 0.963, 0.968, 0.972, 0.972],
  }),
});

/**
 * The published accuracy at `step`, linearly interpolated between the read-off
 * points; undefined outside the published curve.
 * @param {'withBn'|'withoutBn'} twin
 * @param {number} step
 */
export function paperAccuracyAt(twin, step) {
  const { steps, accuracy } = PAPER_ACCURACY[twin];
  if (step < steps[0] || step > steps[steps.length - 1]) return undefined;
  let i = 1;
  while (steps[i] < step) ++i;
  const t = (step - steps[i - 1]) / (steps[i] - steps[i - 1]);
  return accuracy[i - 1] + t * (accuracy[i] - accuracy[i - 1]);
}
