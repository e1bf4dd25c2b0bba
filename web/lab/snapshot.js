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
 * The probe batch's view of every hidden layer of both networks (refreshes the probes first).
 * @param {import('./session.js').Session} session
 * @param {{unit: number}} state (unit counted from 1)
 * @returns {{withBn: object[], withoutBn: object[]}} layerView() per layer
 */
export function readLayers(session, state) {
  const twin = session.twin;
  session.refreshProbes();
  const layers = {};
  for (const t of TWINS) {
    layers[t] = [];
    for (let l = 0; l < twin.numHidden; ++l) layers[t].push(layerView(twin.probe(t, l), state.unit - 1, twin.config.bins));
  }
  return layers;
}

/**
 * Both networks' output over the input plane (the decision boundaries), each with the step it shows.
 * @param {import('./session.js').Session} session
 * @param {{evalMode: string}} state
 */
export function readGrids(session, state) {
  return Object.fromEntries(TWINS.map((t) => [t, { ...session.twin.grid(t, state.evalMode), step: session.steps }]));
}

/**
 * Both networks' losses and accuracies on the whole training and test sets (a diverged network's as
 * NaN) and their status after evaluating (which can find a network diverged).
 * @param {import('./session.js').Session} session
 * @param {{evalMode: string}} state
 */
export function readMetrics(session, state) {
  // At a record step the session evaluated the networks already, with the running statistics: the same numbers.
  const r = session.recorded;
  if (state.evalMode === 'running' && r?.step === session.steps) return { metrics: r.metrics, status: session.twin.status() };
  const metrics = session.twin.metrics(state.evalMode);
  const status = session.twin.status();
  return { metrics: withoutDiverged(metrics, status), status };
}

/** What one part of a frame reads from the engine (web/lab/view.js `parts`), by what it is called in the frame. */
const READERS = { grids: readGrids, layers: readLayers, metrics: (session, state) => readMetrics(session, state).metrics };

/**
 * Reads one more part of a frame into it (frame[what]: 'grids', 'layers' or 'metrics'), and the
 * networks' status after it (refreshing the probes or evaluating can find a network diverged).
 */
export function readInto(frame, what, session, state) {
  frame[what] = READERS[what](session, state);
  frame.status = session.twin.status();
}

/**
 * The step and the networks' status alone: what a frame shows before its parts are read (readInto).
 * @param {import('./session.js').Session} session
 * @param {{evalMode: string}} state
 */
export function readStep(session, state) {
  return { steps: session.steps, status: session.twin.status(), metrics: null, layers: null, grids: null, evalMode: state.evalMode };
}

/**
 * Everything the page shows about the current step.
 * @param {import('./session.js').Session} session
 * @param {{evalMode: string, unit: number}} state (unit counted from 1)
 * @param {{grids?: boolean}} [opts] grids: false skips the decision boundaries (frame.grids is then null)
 */
export function readFrame(session, state, { grids = true } = {}) {
  const layers = readLayers(session, state);
  const { metrics, status } = readMetrics(session, state); // after refreshing the probes
  return { steps: session.steps, status, metrics, layers, grids: grids ? readGrids(session, state) : null, evalMode: state.evalMode };
}
