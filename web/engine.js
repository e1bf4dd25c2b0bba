// The BatchNorm Lab engine in JavaScript: a small facade over the WebAssembly
// module built from engine/bindings/. This file, with engine-twin.js and
// engine-config.js beside it, is the only JavaScript that touches the
// Emscripten Module; everything else receives plain data.
//
//   const engine = await loadEngine();             // browser: after <script src="web/dist/bnlab.js">
//   const twin = engine.createTwin({ dataset: 'spiral', hidden: [8, 8], seed: 3 });
//   const { withBn, withoutBn } = twin.step(10);   // ten steps, both networks, same mini-batches
//   twin.refreshProbes();
//   const layer0 = twin.probe('withBn', 0);        // copies: Z, zNorm, zTilde, A, statistics, histograms…
//   twin.dispose();
//
// Data layout. The engine stores every matrix column-major as (features,
// batch): a column is one example. A flat array of an (r, c) matrix holds
// element (i, j) at index i + r·j, so the r values of one example are
// contiguous. Example: the probe's Z of a layer with n units over P probe
// examples is a Float32Array of n·P values, unit i of example j at i + n·j.
// That is exactly the memory of a row-major (batch, features) array, i.e. a
// PyTorch (N, C) tensor flattened: x = [[1, 2], [3, 6]] (N=2, C=2) is [1, 2, 3, 6].
// Weights W are (n_out, n_in): W[i + n_out·k] connects input k to unit i,
// i.e. PyTorch's Linear.weight (out, in) transposed before flattening.
//
// Memory rules (as in manifold's wasm bindings). The module's typed-array
// views point into WebAssembly memory and are detached when it grows, so the
// facade reads each view right after the call that produced it and returns a
// copy; nothing returned here aliases engine memory. Every embind object has
// one owner and one dispose(); engine.stats().liveObjects counts them.
//
// Errors. Bad arguments throw an Error naming the field (error.field holds
// it) before the engine is called; engine errors surface as Errors prefixed
// with the method or argument concerned. Neither leaves the module unusable.
//
// Budgets (engine-budget.js, the mirror of engine/budget.hpp). One object may
// take at most 256 MiB of engine memory and one engine call at most 1e10 work
// units (about a second): a twin over budget is refused by createTwin, and
// twin.step(n) takes at most twin.maxStepsPerCall steps; twin.stepAsync(n)
// trains any number of steps in chunks without blocking the page.
import { MAX_MNIST_FILE_BYTES, checkTwinBudget, toyDataShape } from './engine-budget.js';
import { checkFloat, checkInt, fail, ownOptions, show } from './engine-checks.js';
import { NAMES, normalizeConfig } from './engine-config.js';
import { pointTable } from './engine-points.js';
import { batchNorm, engineError, referenceStep } from './engine-reference.js';
import { Siblings } from './engine-siblings.js';
import { Twin } from './engine-twin.js';

export { BUDGET, LIMITS, toyTrainSize } from './engine-budget.js';
export { BN_MODES, EVAL_MODES, MODE_ALIASES, TWINS } from './engine-checks.js';
export {
  ACTIVATIONS, ACTIVATION_FACTS, CONFIG_FIELDS, FIELDS, MNIST_DEFAULTS, NAMES, REFERENCE_FIELDS, activationSaturates,
  configField, normalizeConfig,
} from './engine-config.js';
export { Siblings } from './engine-siblings.js';
export { Twin } from './engine-twin.js';

/**
 * Loads the WebAssembly module and returns the engine.
 * @param {object} [opts]
 * @param {Function} [opts.factory] the module factory, createBnLabModule from
 *   web/dist/bnlab.js; defaults to the global one that script defines.
 * @param {ArrayBuffer|Uint8Array} [opts.wasmBinary] the .wasm bytes (Node, or a page inlining them).
 * @param {(file: string, dir: string) => string} [opts.locateFile] where to fetch bnlab.wasm from.
 * @returns {Promise<Engine>}
 */
export async function loadEngine(opts = undefined) {
  const o = ownOptions('opts', opts, ['factory', 'wasmBinary', 'locateFile']);
  const factory = o.factory ?? globalThis.createBnLabModule;
  if (typeof factory !== 'function')
    throw fail('opts.factory', 'is missing: no module factory; load web/dist/bnlab.js first or pass opts.factory');
  const args = {};
  if (o.wasmBinary !== undefined) {
    if (!(o.wasmBinary instanceof ArrayBuffer || ArrayBuffer.isView(o.wasmBinary)))
      throw fail('opts.wasmBinary', `must be an ArrayBuffer or Uint8Array, got ${show(o.wasmBinary)}`);
    args.wasmBinary = o.wasmBinary;
  }
  if (o.locateFile !== undefined) {
    if (typeof o.locateFile !== 'function') throw fail('opts.locateFile', `must be a function, got ${show(o.locateFile)}`);
    args.locateFile = o.locateFile;
  }
  return new Engine(await factory(args));
}

// Each page bundle (web/dist/article.js, web/dist/lab.js) carries its own copy
// of this file, so the page's engine is kept on globalThis, not in a module variable.
const PAGE_ENGINE = Symbol.for('bnlab.pageEngine');

/**
 * The page's one engine: the first call runs loadEngine() with the global
 * createBnLabModule (web/dist/bnlab.js), and every later call on the page, from
 * any bundle, gets that same promise. The article's figures and the lab thus
 * share one instance of the module: one download of bnlab.wasm, one compile, one
 * memory, one Engine; each still owns and disposes the objects it makes.
 * (An embedded <bn-lab> wants the opposite, an engine of its own:
 * web/embed/engine-source.js calls loadEngine() directly.)
 * @returns {Promise<Engine>}
 */
export function pageEngine() {
  globalThis[PAGE_ENGINE] ??= loadEngine();
  return globalThis[PAGE_ENGINE];
}

/** The loaded module: makes twins and answers reference questions. */
export class Engine {
  #m;
  #live = new Set();

  /** @param {object} module the instantiated Emscripten module. Use loadEngine(). */
  constructor(module) {
    this.#m = module;
  }

  /** "float32 simd128-gemm" and the like: precision and which matrix kernels run. */
  get buildInfo() {
    return this.#m.buildInfo();
  }

  /**
   * Builds the dataset and the twin networks (with and without BN) from a
   * config (see CONFIG_FIELDS; omitted fields take their defaults). Only the
   * config's own properties are read. A twin over budget (engine-budget.js)
   * is refused before anything is allocated.
   * @param {object} [config]
   * @param {object} [data] for config.dataset 'mnist': {mnist: the bytes of an
   *   MNIST file in the engine's format (engine/mnist.hpp), e.g. web/data/mnist-10k.bin};
   *   for your own 2-D points: {points: {train: [[x1, x2, y], …], test?: […]}} (engine-points.js),
   *   labels 0/1, or real targets with config.dataset 'regression'; without test points
   *   the test set is split off at config.trainFraction from the seed
   * @returns {Twin}
   */
  createTwin(config, data) {
    const mnist = config !== null && typeof config === 'object' && Object.hasOwn(config, 'dataset') &&
      config.dataset === 'mnist';
    let given = {};
    if (mnist) {
      given = ownOptions('data', data, ['mnist']);
    } else if (data !== undefined) {
      given = ownOptions('data', data);
      if (Object.keys(given).length !== 1 || given.points === undefined)
        throw fail('data', 'is only for dataset mnist ({mnist: bytes}) or your own points ({points: {train, test}})');
    }
    if (given.points !== undefined) return this.#pointsTwin(config, given.points);
    let bytes;
    if (mnist) {
      bytes = given.mnist;
      if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
      if (!(bytes instanceof Uint8Array))
        throw fail('data.mnist', 'must hold the MNIST file as a Uint8Array or ArrayBuffer for dataset mnist');
      if (bytes.length > MAX_MNIST_FILE_BYTES)
        throw fail('data.mnist', `must be at most ${MAX_MNIST_FILE_BYTES} bytes (the data budget), got ${bytes.length}`);
    }
    // The fields first; for MNIST the data's shape comes from the file's header,
    // read by the engine, and the budget is checked with it before the file goes in.
    let c = normalizeConfig(config, mnist ? Number.MAX_SAFE_INTEGER : undefined);
    if (mnist) {
      const shape = this.#m.mnistShape(bytes.subarray(0, 32), bytes.length);
      if (shape.error) throw engineError('data.mnist', shape.error);
      c = normalizeConfig(config, shape);
    }
    const handle = this.#make('TwinLab', 'createTwin');
    try {
      if (mnist) {
        const staged = handle.stageBytes(bytes.length);
        if (staged.length !== bytes.length) throw engineError('data.mnist', 'out of memory: the engine could not stage the file');
        staged.set(bytes);
        this.#check(handle.configureMnist(c), 'data.mnist');
      } else {
        this.#check(handle.configure(c), 'config');
      }
    } catch (e) {
      this.#release(handle);
      throw e;
    }
    return new Twin(this.#m, handle, c, () => this.#release(handle));
  }

  /**
   * Siblings: one network per normalization, from the same initial weights and
   * trained on the same mini-batches of a toy data set (engine/trainer.hpp).
   * Each sibling is the config's network with its own normalization in every
   * layer config.batchNorm switches on (config.norm is replaced by it); a BN
   * sibling needs batchSize ≥ 2, a group-norm one normGroups dividing every layer.
   * @param {object} [config] as for createTwin (toy data sets only)
   * @param {{norms?: string[]}} [opts] the siblings, distinct names of NAMES.norm;
   *   default ['none', 'batch', 'layer', 'group']
   * @returns {Siblings}
   */
  createSiblings(config, opts = undefined) {
    const { norms = ['none', 'batch', 'layer', 'group'] } = ownOptions('opts', opts, ['norms']);
    if (!Array.isArray(norms) || norms.length === 0 || norms.length > NAMES.norm.length)
      throw fail('opts.norms', `must list 1 to ${NAMES.norm.length} of ${NAMES.norm.join(', ')}, got ${show(norms)}`);
    norms.forEach((name, k) => {
      if (!NAMES.norm.includes(name)) throw fail(`opts.norms[${k}]`, `must be one of ${NAMES.norm.join(', ')}, got ${show(name)}`);
      if (norms.indexOf(name) !== k) throw fail(`opts.norms[${k}]`, `names ${name} twice`);
    });
    const given = ownOptions('config', config);
    if (given.dataset === 'mnist') throw fail('config.dataset', 'must be a toy data set for siblings, got "mnist"');
    // Each sibling's own rules (BN at a batch of one, GN's groups), field by field; then their joint budget.
    const configs = norms.map((norm) => normalizeConfig({ ...given, norm }, Number.MAX_SAFE_INTEGER));
    const c = normalizeConfig({ ...given, norm: norms[0] });
    checkTwinBudget(configs[0], toyDataShape(configs[0]), false, norms);
    const handle = this.#make('SiblingLab', 'createSiblings');
    try {
      this.#check(handle.configure(c, norms), 'config');
    } catch (e) {
      this.#release(handle);
      throw e;
    }
    return new Siblings(this.#m, handle, c, [...norms], () => this.#release(handle));
  }

  // A twin on given points (engine-points.js): config.dataset says only the
  // task ('regression': real targets; any other toy name: labels 0/1).
  #pointsTwin(config, points) {
    const first = normalizeConfig(config, Number.MAX_SAFE_INTEGER);
    const { table, n, nTrain, shape } = pointTable(points, {
      regression: first.dataset === 'regression', trainFraction: first.trainFraction,
    });
    const c = normalizeConfig(config, { ...shape, field: 'data.points' });
    const handle = this.#make('TwinLab', 'createTwin');
    try {
      const staged = handle.stagePoints(n);
      if (staged.length !== 3 * n) throw engineError('data.points', 'out of memory: the engine could not stage the points');
      staged.set(table);
      this.#check(handle.configurePoints(c, nTrain, c.dataset === 'regression'), 'data.points');
    } catch (e) {
      this.#release(handle);
      throw e;
    }
    return new Twin(this.#m, handle, c, () => this.#release(handle));
  }

  /**
   * The "normalize your inputs" model (engine/input_scaling.hpp): ŷ = w1·x1 + w2·x2
   * with squared error, on features of very different spreads, raw or standardized.
   * @param {object} [opts]
   * @param {number} [opts.points=200] @param {number} [opts.scale1=1] std of x1
   * @param {number} [opts.scale2=10] std of x2 @param {number} [opts.noise=0.5] @param {number} [opts.seed=1]
   * @returns {{setNormalized(b: boolean): void, lossGrid(r, c1, e1, c2, e2): Float64Array,
   *   descend(w1, w2, lr, steps): Float64Array, summary(): {w1, w2, lambdaMin, lambdaMax, minLoss},
   *   loss(w1, w2): number, dispose(): void}} lossGrid is (r·r) row by row from (c1−e1, c2−e2);
   *   descend is the path (2, steps+1): [w1_0, w2_0, w1_1, w2_1, …].
   */
  inputScaling(opts = undefined) {
    const given = ownOptions('opts', opts, ['points', 'scale1', 'scale2', 'noise', 'seed']);
    const { points = 200, scale1 = 1, scale2 = 10, noise = 0.5, seed = 1 } = given;
    checkInt('points', points, 2, 100000);
    checkFloat('scale1', scale1, 1e-3, 1e3);
    checkFloat('scale2', scale2, 1e-3, 1e3);
    checkFloat('noise', noise, 0, 100);
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    const lab = this.#make('InputScalingLab', 'inputScaling');
    try {
      this.#check(lab.configure(points, scale1, scale2, noise, seed), 'inputScaling');
    } catch (e) {
      this.#release(lab);
      throw e;
    }
    let disposed = false;
    const alive = () => {
      if (disposed) throw fail('inputScaling', 'was disposed');
      return lab;
    };
    // Weights and centres: finite and well inside float64 (squares stay finite).
    const weight = (name, v) => checkFloat(name, v, -1e12, 1e12);
    return {
      setNormalized: (b) => {
        const l = alive();
        if (typeof b !== 'boolean') throw fail('normalized', `must be true or false, got ${show(b)}`);
        this.#check(l.setNormalized(b), 'setNormalized');
      },
      lossGrid: (r, c1, e1, c2, e2) => {
        const l = alive();
        checkInt('resolution', r, 2, 512);
        weight('c1', c1); checkFloat('e1', e1, 0, 1e12); weight('c2', c2); checkFloat('e2', e2, 0, 1e12);
        const out = l.lossGrid(r, c1, e1, c2, e2).slice();
        if (out.length !== r * r) throw engineError('lossGrid', 'the engine could not compute the grid (out of memory)');
        return out;
      },
      descend: (w1, w2, lr, steps) => {
        const l = alive();
        weight('w1', w1); weight('w2', w2);
        checkInt('steps', steps, 0, 100000);
        checkFloat('learningRate', lr, 0, 1e6);
        const out = l.descend(w1, w2, lr, steps).slice();
        if (out.length !== 2 * (steps + 1)) throw engineError('descend', 'the engine could not compute the path (out of memory)');
        return out;
      },
      summary: () => alive().summary(),
      loss: (w1, w2) => {
        const l = alive();
        weight('w1', w1); weight('w2', w2);
        return l.loss(w1, w2);
      },
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.#release(lab);
      },
    };
  }

  /**
   * One engine training step of a single network with explicit parameters, for
   * comparing with other frameworks. Only own properties of the option objects are read.
   * @param {object} opts
   * @param {object} [opts.network] inputSize, outputSize and the network fields
   *   of CONFIG_FIELDS (hidden, activation — one name or one per hidden layer —,
   *   batchNorm, …, seed); batchSize comes from x.
   * @param {object[]} [opts.params] per layer (hidden layers, then the output
   *   layer): {W, b, gamma, beta, runningMean, runningVar}, each optional
   *   (omitted ones keep the engine's initialization from network.seed).
   *   W is (n_out, n_in) column-major: W[i + n_out·k]. runningVar ≥ 0.
   * @param {ArrayLike<number>} opts.x inputs (inputSize, m): x[i + inputSize·j] is feature i of example j.
   * @param {ArrayLike<number>} opts.y targets: class indices (m) for softmax_ce, else (outputSize, m).
   * @param {'train'|'batch'|'running'} [opts.mode='train'] BN statistics (BN_MODES; 'eval' = 'running'):
   *   'train' a full step (batch statistics updating the running ones, loss, backward, update);
   *   'batch' / 'running' forward, loss and backward with batch or running statistics, nothing updated.
   * @returns {{loss: number, correct: number, prediction: Float32Array, logits: Float32Array,
   *   dX: Float32Array, layers: object[]}} prediction and logits (K, m), dX = ∂ℓ/∂x (inputSize, m)
   *   with the parameters before the update; layers[l] for each hidden layer and the output layer (last):
   *   parameters W, b, gamma, beta, runningMean, runningVar (after the update in 'train' mode),
   *   gradients dW, db, dgamma, dbeta, and the forward values Z, zNorm, zTilde, A, batchMean,
   *   batchVar (hidden layers). README "The engine in JavaScript" lists every shape.
   */
  referenceStep(opts) {
    return referenceStep(this.#lease, opts);
  }

  /**
   * A lone batch-norm layer's forward, and its backward if dzTilde is given.
   * z is (features, m) column-major, z[f + features·i] (= a PyTorch (N, C)
   * tensor flattened row by row).
   * @param {object} opts
   * @param {ArrayLike<number>} opts.z input Z, features·m values
   * @param {number} opts.features n
   * @param {ArrayLike<number>} [opts.gamma] γ (n), default 1
   * @param {ArrayLike<number>} [opts.beta] β (n), default 0
   * @param {ArrayLike<number>} [opts.runningMean] (n), default 0
   * @param {ArrayLike<number>} [opts.runningVar] (n), default 1; every value ≥ 0
   * @param {number} [opts.eps=1e-5]
   * @param {number|null} [opts.momentum=0.1] null: cumulative average (PyTorch momentum=None)
   * @param {number} [opts.batchesTracked=0] training batches the running statistics have already
   *   seen (PyTorch's num_batches_tracked); with momentum null this batch gets weight 1/(batchesTracked + 1)
   * @param {'train'|'batch'|'running'} [opts.mode='train'] BN statistics (BN_MODES; 'eval' = 'running'):
   *   train: batch statistics, running ones updated; batch: batch statistics, running ones
   *   untouched; running: the running statistics (inference)
   * @param {ArrayLike<number>} [opts.dzTilde] upstream gradient ∂ℓ/∂z̃ (features·m)
   * @returns {{zTilde: Float32Array, zNorm: Float32Array, mean: Float32Array, var: Float32Array,
   *   invStd: Float32Array, runningMean: Float32Array, runningVar: Float32Array, batchesTracked: number,
   *   dz?: Float32Array, dgamma?: Float32Array, dbeta?: Float32Array}}
   */
  batchNorm(opts) {
    return batchNorm(this.#lease, opts);
  }

  /**
   * Resource counters for leak tests: embind objects the facade owns,
   * JavaScript values held by C++ (emval handles), bytes allocated on the C++
   * heap, and the size of the WebAssembly memory.
   * @returns {{liveObjects: number, emvalHandles: number, heapBytesInUse: number, memoryBytes: number}}
   */
  stats() {
    const M = this.#m;
    return {
      liveObjects: this.#live.size,
      emvalHandles: M.count_emval_handles(),
      heapBytesInUse: M.heapBytesInUse(),
      memoryBytes: M.HEAP8.buffer.byteLength,
    };
  }

  // What the reference functions need: the module and the object bookkeeping.
  get #lease() {
    return { module: this.#m, make: (name, field) => this.#make(name, field), release: (h) => this.#release(h) };
  }

  // A new embind object of class `name`, owned. Its constructor allocates, and
  // an allocation failure there arrives as a WebAssembly exception, not an
  // Error: it becomes an Error naming the method (`field`).
  #make(name, field) {
    let handle;
    try {
      handle = new this.#m[name]();
    } catch (e) {
      if (e instanceof Error) throw e;
      throw engineError(field, 'out of memory: the engine could not create its object; dispose objects you no longer need');
    }
    return this.#own(handle);
  }

  #own(handle) {
    this.#live.add(handle);
    return handle;
  }

  #release(handle) {
    if (this.#live.delete(handle)) handle.delete();
  }

  #check(error, field) {
    if (error) throw engineError(field, error);
  }
}
