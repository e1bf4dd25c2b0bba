// The lab's one-line race readout, from the recorded history alone: which
// network reached the target train loss X first (and at which steps), and who
// is ahead now. Each wording is a template registered in the claims ledger
// (web/claims/lab.js), whose check runs this function over seeds and compares
// its words with the numbers. Pure: usable in Node.

import { claimText, fill } from '../claims/texts.js';
import { netNames } from './net-names.js';

/** The readout's templates, by case: who got to X first. */
export const READOUT_CLAIMS = Object.freeze({
  withBn: 'lab.readout.bn-first',
  withoutBn: 'lab.readout.plain-first',
  tie: 'lab.readout.tie',
  none: 'lab.readout.none',
});

/** A loss as the readout prints it: two significant digits, no exponent above 1e-6. */
export function lossText(v) {
  if (!Number.isFinite(v)) return 'NaN';
  return String(Number(v.toPrecision(2)));
}

/**
 * Who is ahead at the last record: 'BN ahead', 'BN behind' (LN, GN: named by `short`), or 'level'
 * when both print the same.
 */
export function standing(bnLoss, plainLoss, short = 'BN') {
  const a = lossText(bnLoss);
  const b = lossText(plainLoss);
  if (a === b || (!Number.isFinite(bnLoss) && !Number.isFinite(plainLoss))) return 'level';
  if (!Number.isFinite(plainLoss) || bnLoss < plainLoss) return `${short} ahead`;
  return `${short} behind`;
}

/**
 * The readout for a recorded run and a target X.
 * @param {import('./history.js').History} history
 * @param {number} x the target train loss
 * @param {object} [names] web/lab/net-names.js netNames(): how the normalized network is called
 * @returns {{claim: string, text: string, first: 'withBn'|'withoutBn'|'tie'|'none',
 *   steps: {withBn: number|null, withoutBn: number|null}, now: {step: number, withBn: number, withoutBn: number}}}
 */
export function raceReadout(history, x, names = netNames('bn')) {
  const steps = { withBn: history.firstStepBelow('withBn', x), withoutBn: history.firstStepBelow('withoutBn', x) };
  const a = steps.withBn;
  const b = steps.withoutBn;
  let first = 'none';
  if (a !== null && (b === null || a < b)) first = 'withBn';
  else if (b !== null && (a === null || b < a)) first = 'withoutBn';
  else if (a !== null) first = 'tie';
  const i = history.length - 1;
  const now = { step: history.steps[i], withBn: history.withBn.trainLoss[i], withoutBn: history.withoutBn.trainLoss[i] };
  const at = (s) => (s === null ? 'not yet' : `step ${s}`);
  const claim = READOUT_CLAIMS[first];
  const text = fill(claimText(claim), {
    x, norm: names.short, bnStep: at(a), plainStep: at(b), step: a ?? '',
    standing: standing(now.withBn, now.withoutBn, names.short), bnLoss: lossText(now.withBn), plainLoss: lossText(now.withoutBn),
  });
  return { claim, text, first, steps, now };
}
