// Siblings: one network per normalization (none, BN, LN, GN) on one dataset,
// from the same initial weights and trained on the same mini-batches. Part of
// the facade (see engine.js): made by engine.createSiblings(), it owns one
// embind SiblingLab (engine/bindings/sibling_lab.hpp) until dispose() (the life
// cycle, stepping and the live learning rate: engine-run.js).
import { checkMode } from './engine-checks.js';
import { CHECK, EngineRun, HANDLE, MODULE, TRAINED } from './engine-run.js';

/**
 * The sibling networks, keyed everywhere by their normalization's name
 * ('none', 'batch', 'layer', 'group'). Every method returns plain objects.
 */
export class Siblings extends EngineRun {
  #norms;

  /** Made by engine.createSiblings(). */
  constructor(module, handle, config, norms, release) {
    super(module, handle, config, release,
      { field: 'siblings', self: 'these siblings', disposed: 'are disposed: create new ones with engine.createSiblings()' });
    this.#norms = norms;
  }

  /** Every sibling trains. */
  [TRAINED]() {
    return this.#norms;
  }

  /** The siblings' normalizations, in the order given. */
  get norms() {
    return [...this.#norms];
  }

  /** @returns {Object<string, TwinStatus>} each sibling's {steps, loss, meanLoss, batchAccuracy, diverged, divergedAt} */
  status() {
    const h = this[HANDLE]();
    return Object.fromEntries(this.#norms.map((name, k) => [name, h.status(k)]));
  }

  /**
   * Loss and accuracy of every sibling on the whole training and test sets.
   * Only BN depends on the mode; LN, GN and none compute the same either way.
   * @param {'running'|'batch'} [mode='running'] BN's running statistics (inference) or the probe batch's
   * @returns {Object<string, {trainLoss, trainAccuracy, testLoss, testAccuracy}>}
   */
  metrics(mode = 'running') {
    const h = this[HANDLE]();
    const m = this[MODULE].BnMode[checkMode(mode)];
    return Object.fromEntries(this.#norms.map((name, k) => {
      this[CHECK](h.evaluate(k, m), 'metrics');
      return [name, h.metrics()];
    }));
  }
}
