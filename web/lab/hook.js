// The automation hook for headless tests and course checkers: window.bnlab.
// Everything returns plain data (copies); see README "Automation hook".

import { TWINS } from '../engine.js';
import { toHash } from '../state.js';

const VERSION = 1;

/** Copies a Twin.status()-like object. */
function statusCopy(status) {
  return Object.fromEntries(TWINS.map((t) => [t, { ...status[t] }]));
}

/**
 * Fills window.bnlab (which already holds `ready`) with the lab's methods.
 * @param {object} hook the object to fill
 * @param {import('./lab.js').Lab} lab
 */
export function fillHook(hook, lab) {
  const methods = {
    /** Trains n steps at once (pausing the player) and redraws; returns both networks' status. */
    step(n = 1) {
      return statusCopy(lab.stepNow(n));
    },
    /** The current step and both networks' loss and accuracy on the whole training and test sets (running statistics). */
    losses() {
      const m = lab.session.twin.metrics('running');
      return { step: lab.session.steps, ...Object.fromEntries(TWINS.map((t) => [t, { ...m[t] }])) };
    },
    /** Both networks' status: steps, last mini-batch loss, diverged, divergedAt. */
    status() {
      return statusCopy(lab.session.status);
    },
    /** The recorded curves: {steps, withBn: {trainLoss, testLoss, trainAccuracy, testAccuracy}, withoutBn: …}. */
    history() {
      const h = lab.session.history;
      const series = (t) => ({
        trainLoss: [...h[t].trainLoss], testLoss: [...h[t].testLoss],
        trainAccuracy: [...h[t].trainAccuracy], testAccuracy: [...h[t].testAccuracy],
      });
      return { steps: [...h.steps], ...Object.fromEntries(TWINS.map((t) => [t, series(t)])) };
    },
    /** A copy of every setting (the keys of the URL hash). */
    settings() {
      return lab.settings();
    },
    /** Changes settings, e.g. apply({learningRate: 0.5, hidden: [8, 8]}); throws on a bad value. */
    apply(changes) {
      return lab.apply(changes);
    },
    /** The URL hash text (without '#') that reproduces this run; the address bar follows within 250 ms. */
    hash() {
      return toHash(lab.state);
    },
    /** Trains on your own points {train: [[x1, x2, y], …], test?: […], regression?} (null: the toy set); returns the settings. */
    setDataset(points) {
      return lab.setDataset(points);
    },
    /** The recorded run as text, 'json' or 'csv', with the settings and the seed (README: Export). */
    exportRun(format = 'json') {
      return lab.exportRun(format);
    },
    play() {
      lab.play();
    },
    pause() {
      lab.pause();
    },
    isPlaying() {
      return lab.player.playing;
    },
    /** Back to step 0 with the same initial weights and batches. */
    reset() {
      lab.reset();
    },
    /** A new seed (random unless given); returns the settings. */
    newSeed(seed) {
      return lab.newSeed(seed);
    },
    /** Timings of the last 600 played frames, ms: {work: {count, median, p95, max}, interval: {…}}. */
    frameStats() {
      return lab.player.stats();
    },
    /**
     * The page's parts (web/lab/view.js) by name: the step each was last drawn at, and whether it is
     * in the reader's view (a played frame draws only parts in view; a stopped lab draws them all).
     */
    parts() {
      return Object.fromEntries(Object.keys(lab.view.parts ?? {}).map((p) =>
        [p, { drawnStep: lab.drawnStep[p] ?? null, inView: lab.plan.seen(p) }]));
    },
    clearFrameStats() {
      lab.player.clearStats();
    },
  };
  // Each call first reads a hash the address bar holds and the lab has not read yet, so a test or a
  // checker that sets location.hash and then asks the hook sees the link's settings.
  for (const [name, method] of Object.entries(methods)) {
    hook[name] = (...args) => {
      lab.readHash();
      return method(...args);
    };
  }
  hook.version = VERSION;
  return hook;
}
