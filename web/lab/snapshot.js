// Reads what the figures draw from the engine, as plain data. This and
// session.js are the only lab modules that talk to the twin; figures receive
// the objects built here and never see the engine.

import { TWINS } from '../engine.js';
import { unitHistogram } from './histogram.js';
import { withoutDiverged } from './session.js';

const QUANTITIES = ['Z', 'zNorm', 'zTilde', 'A'];

/**
 * One hidden layer of one network as the distribution and parameter figures need it.
 * @param {object} p Twin.probe() output
 * @param {number} unit 0-based highlighted unit (clamped to the layer's width, as the engine does)
 * @param {number} bins
 */
export function layerView(p, unit, bins) {
  const u = Math.min(unit, p.units - 1);
  const unitHistograms = {};
  for (const q of QUANTITIES) {
    const [lo, hi] = p.histRanges[q];
    unitHistograms[q] = p[q].length ? unitHistogram(p[q], p.units, u, lo, hi, bins) : new Float32Array(bins);
  }
  return {
    units: p.units,
    unit: u,
    hasBn: p.hasBn,
    // BN, LN or GN normalizes this layer (the engine's hasBn is BN's alone): z_norm, z̃, γ, β exist
    normalized: p.gamma.length > 0,
    saturates: p.saturates, // the engine's fact for this layer's g: whether `saturation` counts anything
    histograms: p.histograms,
    histRanges: p.histRanges,
    unitHistograms,
    saturation: p.saturation,
    gamma: p.gamma, beta: p.beta,
    batchMean: p.batchMean, batchVar: p.batchVar,
    runningMean: p.runningMean, runningVar: p.runningVar,
    gradNorms: p.gradNorms,
  };
}

/**
 * Everything the page shows about the current step.
 * @param {import('./session.js').Session} session
 * @param {{evalMode: string, unit: number}} state (unit counted from 1)
 * @param {{grids?: boolean}} [opts] grids: false skips the decision boundaries (frame.grids is then null)
 */
export function readFrame(session, state, { grids: withGrids = true } = {}) {
  const twin = session.twin;
  twin.refreshProbes();
  const bins = twin.config.bins;
  const metrics = twin.metrics(state.evalMode);
  const status = twin.status(); // after refreshing and evaluating, which can find a network diverged
  const layers = {};
  const grids = withGrids ? {} : null;
  for (const t of TWINS) {
    layers[t] = [];
    for (let l = 0; l < twin.numHidden; ++l) layers[t].push(layerView(twin.probe(t, l), state.unit - 1, bins));
    if (grids) grids[t] = twin.grid(t, state.evalMode);
  }
  return { steps: session.steps, status, metrics: withoutDiverged(metrics, status), layers, grids, evalMode: state.evalMode };
}
