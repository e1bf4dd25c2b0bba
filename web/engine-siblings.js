// Siblings: one network per normalization (none, BN, LN, GN) on one dataset,
// from the same initial weights and trained on the same mini-batches. Part of
// the facade (see engine.js): made by engine.createSiblings(), it owns one
// embind SiblingLab (engine/bindings/sibling_lab.hpp) until dispose() (the life
// cycle, stepping and the live learning rate: engine-run.js).
import { checkInt, checkMode, fail } from './engine-checks.js';
import { CHECK, CONFIG, EngineRun, HANDLE, MODULE, TRAINED } from './engine-run.js';

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

  /** The index of a sibling by its normalization's name; throws for one these siblings do not have. */
  #index(norm) {
    const k = this.#norms.indexOf(norm);
    if (k < 0) throw fail('norm', `must be one of these siblings' ${this.#norms.join(', ')}, got ${JSON.stringify(norm)}`);
    return k;
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

  /** Runs every sibling on the probe batch (the first probeSize training examples); probe() reads the result. */
  refreshProbes() {
    this[CHECK](this[HANDLE]().refreshProbes(), 'refreshProbes');
  }

  /**
   * One hidden layer of one sibling on the probe batch, as of the last
   * refreshProbes() (copies). Matrices are (units, P), column-major (a column
   * is one example). BN normalizes with the probe batch's own statistics here,
   * as in training: mean and var are (units); LN and GN's are (groups, P), one
   * μ and σ² per group of each example, group g of example i at g + groups·i.
   * Without normalization zNorm, zTilde, mean, var, gamma and beta are empty.
   * @param {string} norm the sibling: 'none', 'batch', 'layer' or 'group'
   * @param {number} layer 0-based hidden layer
   * @returns {{norm, layer, units, probeSize, groups, eps, Z, zNorm, zTilde, mean, var, gamma, beta}}
   *   groups: 1 for LN, normGroups for GN, 0 for BN and none
   */
  probe(norm, layer) {
    const h = this[HANDLE]();
    const k = this.#index(norm);
    checkInt('layer', layer, 0, h.numHidden() - 1);
    const F = this[MODULE].LayerField;
    const read = (f) => h.layerView(k, layer, f).slice();
    const units = this[CONFIG].hidden[layer];
    const Z = read(F.Z);
    const groups = { layer: 1, group: this[CONFIG].normGroups }[norm] ?? 0;
    return {
      norm, layer, units, probeSize: Z.length / units, groups, eps: this[CONFIG].bnEps,
      Z, zNorm: read(F.ZNorm), zTilde: read(F.ZTilde), mean: read(F.BatchMean), var: read(F.BatchVar),
      gamma: read(F.Gamma), beta: read(F.Beta),
    };
  }

  /**
   * The training set's loss in training and in inference mode over the same
   * examples: one shuffled epoch (the same order every call) of full
   * mini-batches of the training batch size m, each normalized with its own
   * statistics (training: what the network computes while it trains; BN's
   * running statistics untouched), and again in inference mode (BN: running
   * statistics). For LN, GN and none the two are equal by construction.
   * Read only: training continues as if it had not been called.
   * @param {string} norm the sibling
   * @returns {{training: number, inference: number, batches: number}}
   */
  epochLoss(norm) {
    const h = this[HANDLE]();
    return h.epochLoss(this.#index(norm));
  }
}
