// Siblings: one network per normalization (none, BN, LN, GN) on one dataset,
// from the same initial weights and trained on the same mini-batches. Part of
// the facade (see engine.js): made by engine.createSiblings(), it owns one
// embind SiblingLab (engine/bindings/sibling_lab.hpp) until dispose().
import { chunkOptions, runInChunks, throwIfAborted } from './engine-async.js';
import { checkInt, checkMode, checkNumber, fail } from './engine-checks.js';
import { configField } from './engine-config.js';
import { engineError } from './engine-reference.js';

/**
 * The sibling networks, keyed everywhere by their normalization's name
 * ('none', 'batch', 'layer', 'group'). Every method returns plain objects.
 */
export class Siblings {
  #m;
  #h;
  #release;
  #config;
  #norms;
  #stepping = false;

  /** Made by engine.createSiblings(). */
  constructor(module, handle, config, norms, release) {
    this.#m = module;
    this.#h = handle;
    this.#config = config;
    this.#norms = norms;
    this.#release = release;
  }

  /** The normalized config the siblings share (a copy; its `norm` is the first sibling's). */
  get config() {
    return structuredClone(this.#config);
  }

  /** The siblings' normalizations, in the order given. */
  get norms() {
    return [...this.#norms];
  }

  /** True after dispose(). */
  get disposed() {
    return this.#h === null;
  }

  /** The most steps one step(n) call may take (the work budget of one engine call). */
  get maxStepsPerCall() {
    return this.#handle().maxStepsPerCall();
  }

  /**
   * Trains every sibling n steps on the same mini-batches (a diverged one stops).
   * @param {number} [n=1] steps, an integer in [0, maxStepsPerCall]
   * @returns {Object<string, TwinStatus>} status() after the steps
   */
  step(n = 1) {
    const h = this.#handle();
    checkInt('n', n, 0, Number.MAX_SAFE_INTEGER);
    const most = h.maxStepsPerCall();
    if (n > most)
      throw fail('n', `must be at most ${most} for these siblings, got ${n}: use stepAsync(${n}) to train longer`);
    this.#check(h.step(n), 'n');
    return this.status();
  }

  /**
   * Trains n steps in chunks, yielding to the event loop between chunks (as twin.stepAsync).
   * @param {number} n @param {object} [opts] {chunk, signal, onProgress}
   * @returns {Promise<Object<string, TwinStatus>>}
   */
  async stepAsync(n, opts = undefined) {
    const h = this.#handle();
    checkInt('n', n, 0, Number.MAX_SAFE_INTEGER);
    const most = h.maxStepsPerCall();
    const options = chunkOptions(opts, most);
    if (this.#stepping) throw fail('stepAsync', 'is already running on these siblings; await it (or abort it) first');
    throwIfAborted(options.signal);
    this.#stepping = true;
    try {
      return await runInChunks({
        n, most, options,
        step: (k) => this.step(k),
        status: () => this.status(),
        finished: (status) => this.#norms.every((name) => status[name].diverged),
        alive: () => this.#handle(),
      });
    } finally {
      this.#stepping = false;
    }
  }

  /** @returns {Object<string, TwinStatus>} each sibling's {steps, loss, meanLoss, batchAccuracy, diverged, divergedAt} */
  status() {
    const h = this.#handle();
    return Object.fromEntries(this.#norms.map((name, k) => [name, h.status(k)]));
  }

  /**
   * Loss and accuracy of every sibling on the whole training and test sets.
   * Only BN depends on the mode; LN, GN and none compute the same either way.
   * @param {'running'|'batch'} [mode='running'] BN's running statistics (inference) or the probe batch's
   * @returns {Object<string, {trainLoss, trainAccuracy, testLoss, testAccuracy}>}
   */
  metrics(mode = 'running') {
    const h = this.#handle();
    const m = this.#m.BnMode[checkMode(mode)];
    return Object.fromEntries(this.#norms.map((name, k) => {
      this.#check(h.evaluate(k, m), 'metrics');
      return [name, h.metrics()];
    }));
  }

  /** A live setting: the step size α of every sibling from the next step on. */
  setLearningRate(lr) {
    const h = this.#handle();
    const e = checkNumber('learningRate', lr, configField('learningRate'), false);
    if (e) throw e;
    this.#check(h.setLearningRate(lr), 'learningRate');
    this.#config.learningRate = lr;
  }

  /** Back to the initial weights and the first mini-batch: the run replays exactly. */
  reset() {
    this.#check(this.#handle().reset(), 'reset');
  }

  /** A new seed: new dataset, initial weights and batch order. */
  reseed(seed) {
    const h = this.#handle();
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    this.#check(h.reseed(seed), 'seed');
    this.#config.seed = seed;
  }

  /** Frees the engine object. Any later call throws; calling it twice is harmless. */
  dispose() {
    if (this.#h === null) return;
    this.#h = null;
    this.#release();
  }

  #handle() {
    if (this.#h === null) throw fail('siblings', 'are disposed: create new ones with engine.createSiblings()');
    return this.#h;
  }

  #check(error, field) {
    if (error) throw engineError(field, error);
  }
}
