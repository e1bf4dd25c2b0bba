// What a twin (engine-twin.js) and siblings (engine-siblings.js) share: a run of
// several networks trained together by one embind object of the engine, which
// this class owns until dispose(): its config, the step budget, step/stepAsync,
// the live learning rate, reset, reseed, and the disposed state. Part of the
// facade (engine.js); the subclasses add what they show of their networks.
//
// The subclasses reach the engine object through the symbol-named members
// below, which are not part of the public API.
import { chunkOptions, runInChunks, throwIfAborted } from './engine-async.js';
import { checkInt, checkNumber, fail } from './engine-checks.js';
import { configField } from './engine-config.js';
import { engineError } from './engine-reference.js';

/** The engine object, checked alive: this[HANDLE]() (throws once disposed). */
export const HANDLE = Symbol('handle');
/** Throws an engine failure as an Error naming the argument or method: this[CHECK](error, field). */
export const CHECK = Symbol('check');
/** The embind module: this[MODULE]. */
export const MODULE = Symbol('module');
/** The normalized config itself (not a copy), for the subclass to read and update: this[CONFIG]. */
export const CONFIG = Symbol('config');
/** Which keys of status() train, for stepAsync to stop once all of them diverged: this[TRAINED](). */
export const TRAINED = Symbol('trained');

export class EngineRun {
  #m;
  #h;
  #release;
  #config;
  #names;
  #stepping = false;  // a stepAsync is running

  /**
   * @param {object} module the embind module
   * @param {object} handle the engine object (a TwinLab or a SiblingLab)
   * @param {object} config its normalized config
   * @param {() => void} release frees the engine object
   * @param {{field: string, self: string, disposed: string}} names for messages: the field an error on a
   *   disposed run names ('twin'), how the run calls itself ('this twin'), and what that error says
   */
  constructor(module, handle, config, release, names) {
    this.#m = module;
    this.#h = handle;
    this.#config = config;
    this.#release = release;
    this.#names = names;
  }

  /** The normalized config this run was built from (a copy). */
  get config() {
    return structuredClone(this.#config);
  }

  /** True after dispose(). */
  get disposed() {
    return this.#h === null;
  }

  /**
   * The most steps one step(n) call may take: one engine call costs at most
   * 1e10 work units (about a second), so n ≤ floor(1e10 / the work of one step)
   * (engine/budget.hpp). About 25,000 for the default twin, 230 for the paper's
   * MNIST network. Train longer with stepAsync, or with several step() calls.
   */
  get maxStepsPerCall() {
    return this[HANDLE]().maxStepsPerCall();
  }

  /**
   * Trains the networks n steps on the same mini-batches (a diverged network
   * stops and stays diverged). This blocks the thread, so n is bounded: see
   * maxStepsPerCall and stepAsync.
   * @param {number} [n=1] steps, an integer in [0, maxStepsPerCall]
   * @returns {object} status() after the steps
   */
  step(n = 1) {
    const h = this[HANDLE]();
    checkInt('n', n, 0, Number.MAX_SAFE_INTEGER);
    const most = h.maxStepsPerCall();
    if (n > most) {
      throw fail('n', `must be at most ${most} for ${this.#names.self}, got ${n}: one call may cost at most 1e10 work ` +
        `units (about a second of computing); use ${this.#names.field}.stepAsync(${n}) to train longer without ` +
        'blocking the page');
    }
    this[CHECK](h.step(n), 'n');
    return this.status();
  }

  /**
   * Trains n steps in chunks, yielding to the event loop between chunks, so a
   * page stays responsive however long the training. Other methods may be
   * called between chunks (they see the steps done so far); a second
   * stepAsync on the same run while one runs is refused.
   * @param {number} n steps, any non-negative integer
   * @param {object} [opts]
   * @param {number} [opts.chunk] steps per chunk, in [1, maxStepsPerCall]; by default
   *   chunks are sized to last about 12 ms
   * @param {AbortSignal} [opts.signal] aborting rejects with signal.reason (or an
   *   AbortError) after the current chunk; the steps taken so far stay taken
   * @param {(p: {done: number, total: number, status: object}) => void} [opts.onProgress] after each chunk
   * @returns {Promise<object>} the status at the end. It stops early (fewer steps) once every network
   *   that trains has diverged.
   */
  async stepAsync(n, opts = undefined) {
    const h = this[HANDLE]();
    checkInt('n', n, 0, Number.MAX_SAFE_INTEGER);
    const most = h.maxStepsPerCall();
    const options = chunkOptions(opts, most);
    if (this.#stepping) throw fail('stepAsync', `is already running on ${this.#names.self}; await it (or abort it) first`);
    throwIfAborted(options.signal);
    const trained = this[TRAINED]();
    this.#stepping = true;
    try {
      return await runInChunks({
        n, most, options,
        step: (k) => this.step(k),
        status: () => this.status(),
        finished: (status) => trained.every((key) => status[key].diverged),
        alive: () => this[HANDLE](),
      });
    } finally {
      this.#stepping = false;
    }
  }

  /** Changes the learning rate of every network between steps (a live setting: CONFIG_FIELDS). */
  setLearningRate(lr) {
    const h = this[HANDLE]();
    const e = checkNumber('learningRate', lr, configField('learningRate'), false);
    if (e) throw e;
    this[CHECK](h.setLearningRate(lr), 'learningRate');
    this.#config.learningRate = lr;
  }

  /** Back to the initial weights and the first mini-batch: the run replays exactly. */
  reset() {
    this[CHECK](this[HANDLE]().reset(), 'reset');
  }

  /** A new seed: new dataset, initial weights and batch order; steps restart at 0. */
  reseed(seed) {
    const h = this[HANDLE]();
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    this[CHECK](h.reseed(seed), 'seed');
    this.#config.seed = seed;
  }

  /** Frees the engine objects. Any later call throws. Calling it twice is harmless. */
  dispose() {
    if (this.#h === null) return;
    this.#h = null;
    this.#release();
  }

  [HANDLE]() {
    if (this.#h === null) throw fail(this.#names.field, this.#names.disposed);
    return this.#h;
  }

  [CHECK](error, field) {
    if (error) throw engineError(field, error);
  }

  get [MODULE]() {
    return this.#m;
  }

  get [CONFIG]() {
    return this.#config;
  }
}
