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
// it) before the engine is called; engine errors surface as Errors with the
// engine's message. Neither leaves the module unusable.
import {
  REFERENCE_FIELDS, checkArray, checkInt, checkNumber, fail, normalizeConfig, normalizeFields, show,
} from './engine-config.js';
import { Twin } from './engine-twin.js';

export { CONFIG_FIELDS, EVAL_MODES, MNIST_DEFAULTS, TWINS, normalizeConfig } from './engine-config.js';
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
export async function loadEngine(opts = {}) {
  const factory = opts.factory ?? globalThis.createBnLabModule;
  if (typeof factory !== 'function')
    throw new Error('loadEngine: no module factory; load web/dist/bnlab.js first or pass opts.factory');
  const args = {};
  if (opts.wasmBinary) args.wasmBinary = opts.wasmBinary;
  if (opts.locateFile) args.locateFile = opts.locateFile;
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
   * config (see CONFIG_FIELDS; omitted fields take their defaults).
   * @param {object} [config]
   * @param {object} [data] for config.dataset 'mnist': {mnist: the bytes of an
   *   MNIST file in the engine's format (engine/mnist.hpp), e.g. web/data/mnist-10k.bin}
   * @returns {Twin}
   */
  createTwin(config, data) {
    const mnist = config !== null && typeof config === 'object' && config.dataset === 'mnist';
    let bytes;
    let trainSize;
    if (mnist) {
      bytes = data?.mnist;
      if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
      if (!(bytes instanceof Uint8Array))
        throw fail('data.mnist', 'must hold the MNIST file as a Uint8Array or ArrayBuffer for dataset mnist');
      // Header (little-endian uint32): magic "BNMN", version, n_train at byte 8; the engine checks the rest.
      if (bytes.length >= 32) trainSize = new DataView(bytes.buffer, bytes.byteOffset, 32).getUint32(8, true);
    } else if (data !== undefined) {
      throw fail('data', 'is only for dataset mnist');
    }
    const c = normalizeConfig(config, trainSize);
    const handle = this.#own(new this.#m.TwinLab());
    try {
      if (mnist) {
        handle.stageBytes(bytes.length).set(bytes);
        this.#check(handle.configureMnist(c));
      } else {
        this.#check(handle.configure(c));
      }
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
  inputScaling({ points = 200, scale1 = 1, scale2 = 10, noise = 0.5, seed = 1 } = {}) {
    checkInt('points', points, 2, 100000);
    for (const [name, v, lo, hi] of [['scale1', scale1, 1e-3, 1e3], ['scale2', scale2, 1e-3, 1e3],
      ['noise', noise, 0, 100]]) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi)
        throw fail(name, `must be a finite number in [${lo}, ${hi}]`);
    }
    checkInt('seed', seed, 0, Number.MAX_SAFE_INTEGER);
    const lab = this.#own(new this.#m.InputScalingLab());
    try {
      this.#check(lab.configure(points, scale1, scale2, noise, seed));
    } catch (e) {
      this.#release(lab);
      throw e;
    }
    let disposed = false;
    const alive = () => {
      if (disposed) throw fail('inputScaling', 'was disposed');
      return lab;
    };
    return {
      setNormalized: (b) => this.#check(alive().setNormalized(!!b)),
      lossGrid: (r, c1, e1, c2, e2) => {
        checkInt('resolution', r, 2, 512);
        return alive().lossGrid(r, c1, e1, c2, e2).slice();
      },
      descend: (w1, w2, lr, steps) => {
        checkInt('steps', steps, 0, 100000);
        if (!(lr >= 0 && Number.isFinite(lr))) throw fail('learningRate', 'must be a finite number >= 0');
        return alive().descend(w1, w2, lr, steps).slice();
      },
      summary: () => {
        const [w1, w2, lambdaMin, lambdaMax, minLoss] = alive().summary();
        return { w1, w2, lambdaMin, lambdaMax, minLoss };
      },
      loss: (w1, w2) => alive().loss(w1, w2),
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.#release(lab);
      },
    };
  }

  /**
   * One engine training step of a single network with explicit parameters, for
   * comparing with other frameworks.
   * @param {object} opts
   * @param {object} [opts.network] inputSize, outputSize and the network fields
   *   of CONFIG_FIELDS (hidden, activation, batchNorm, …, seed); batchSize comes from x.
   * @param {object[]} [opts.params] per layer (hidden layers, then the output
   *   layer): {W, b, gamma, beta, runningMean, runningVar}, each optional
   *   (omitted ones keep the engine's initialization from network.seed).
   *   W is (n_out, n_in) column-major: W[i + n_out·k].
   * @param {ArrayLike<number>} opts.x inputs (inputSize, m): x[i + inputSize·j] is feature i of example j.
   * @param {ArrayLike<number>} opts.y targets: class indices (m) for softmax_ce, else (outputSize, m).
   * @param {'train'|'running'|'batch'} [opts.mode='train'] 'train': a full step (forward with batch
   *   statistics updating the running ones, loss, backward, update); 'running'/'batch': forward
   *   and loss only, with running or batch statistics, nothing updated and no gradients.
   * @returns {{loss: number, correct: number, prediction: Float32Array, layers: object[]}}
   *   layers[l] for each hidden layer and the output layer (last): updated parameters
   *   W, b, gamma, beta, runningMean, runningVar, their gradients dW, db, dgamma, dbeta, and the
   *   forward values Z, zNorm, zTilde, A, batchMean, batchVar (hidden layers).
   */
  referenceStep(opts) {
    if (opts === null || typeof opts !== 'object') throw fail('opts', 'must be an object');
    for (const key of Object.keys(opts)) {
      if (!['network', 'params', 'x', 'y', 'mode'].includes(key))
        throw fail(`opts.${key}`, 'is not an option (known: network, params, x, y, mode)');
    }
    const mode = opts.mode ?? 'train';
    if (!['train', 'running', 'batch'].includes(mode)) throw fail('opts.mode', `must be train, running or batch; got ${show(mode)}`);
    const n = normalizeFields(opts.network, REFERENCE_FIELDS.filter((f) => f.key !== 'batchSize'), 'network');
    const x = checkArray('x', opts.x);
    if (x.length === 0 || x.length % n.inputSize !== 0)
      throw fail('x', `must hold inputSize (${n.inputSize}) values per example, got ${x.length} values`);
    n.batchSize = x.length / n.inputSize;
    if (n.loss === 'softmax_ce' && n.outputSize < 2) throw fail('network.outputSize', 'must be at least 2 for softmax_ce');
    if (n.batchNorm.some(Boolean) && n.batchSize < 2)
      throw fail('x', 'must hold at least 2 examples when the network has batch norm');
    const targetRows = n.loss === 'softmax_ce' ? 1 : n.outputSize;
    const y = checkArray('y', opts.y, targetRows * n.batchSize);
    if (n.loss === 'softmax_ce') {
      const bad = Array.prototype.findIndex.call(y, (v) => !Number.isInteger(v) || v < 0 || v >= n.outputSize);
      if (bad >= 0) throw fail(`y[${bad}]`, `must be a class index in [0, ${n.outputSize - 1}], got ${y[bad]}`);
    }
    const L = n.hidden.length;
    const params = opts.params ?? [];
    if (!Array.isArray(params) || params.length > L + 1)
      throw fail('params', `must be an array of at most ${L + 1} layers (hidden layers, then output)`);

    const M = this.#m;
    const F = M.LayerField;
    const net = this.#own(new M.ReferenceNetwork());
    try {
      this.#check(net.configure(n));
      const sizes = [...n.hidden, n.outputSize];
      params.forEach((p, l) => {
        if (p === undefined || p === null) return;
        if (typeof p !== 'object') throw fail(`params[${l}]`, 'must be an object');
        const nIn = l === 0 ? n.inputSize : sizes[l - 1];
        const shapes = { W: sizes[l] * nIn, b: sizes[l], gamma: sizes[l], beta: sizes[l], runningMean: sizes[l], runningVar: sizes[l] };
        const fields = { W: F.W, b: F.B, gamma: F.Gamma, beta: F.Beta, runningMean: F.RunningMean, runningVar: F.RunningVar };
        for (const key of Object.keys(p)) {
          const name = `params[${l}].${key}`;
          if (!(key in shapes)) throw fail(name, `is not a parameter (known: ${Object.keys(shapes).join(', ')})`);
          const values = checkArray(name, p[key], shapes[key]);
          if (key === 'b' && !net.hasBias(l)) throw fail(name, 'is not used: this layer has no bias (batch norm follows it; set keepBias)');
          if (key !== 'W' && key !== 'b' && !net.hasBn(l)) throw fail(name, 'is not used: this layer has no batch norm');
          net.layerView(l, fields[key]).set(values);
        }
      });
      net.batchView(0).set(x);
      net.batchView(1).set(y);
      this.#check(mode === 'train' ? net.trainStep() : net.forward(mode === 'running' ? 0 : 1));
      const layers = [];
      for (let l = 0; l <= L; ++l) {
        const read = (f) => net.layerView(l, f).slice();
        const layer = { W: read(F.W), b: read(F.B), dW: read(F.DW), db: read(F.DB) };
        if (l < L) {
          Object.assign(layer, {
            gamma: read(F.Gamma), beta: read(F.Beta), dgamma: read(F.DGamma), dbeta: read(F.DBeta),
            runningMean: read(F.RunningMean), runningVar: read(F.RunningVar),
            Z: read(F.Z), zNorm: read(F.ZNorm), zTilde: read(F.ZTilde), A: read(F.A),
            batchMean: read(F.BatchMean), batchVar: read(F.BatchVar),
          });
        }
        layers.push(layer);
      }
      return { loss: net.loss(), correct: net.correct(), prediction: net.predictionView().slice(), layers };
    } finally {
      this.#release(net);
    }
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
   * @param {ArrayLike<number>} [opts.runningVar] (n), default 1
   * @param {number} [opts.eps=1e-5]
   * @param {number|null} [opts.momentum=0.1] null: cumulative average (PyTorch momentum=None)
   * @param {number} [opts.batchesTracked=0] training batches the running statistics have already
   *   seen (PyTorch's num_batches_tracked); with momentum null this batch gets weight 1/(batchesTracked + 1)
   * @param {'train'|'batch'|'eval'} [opts.mode='train'] train: batch statistics, running ones
   *   updated; batch: batch statistics, running ones untouched; eval: running statistics
   * @param {ArrayLike<number>} [opts.dzTilde] upstream gradient ∂ℓ/∂z̃ (features·m)
   * @returns {{zTilde: Float32Array, zNorm: Float32Array, mean: Float32Array, var: Float32Array,
   *   invStd: Float32Array, runningMean: Float32Array, runningVar: Float32Array, batchesTracked: number,
   *   dz?: Float32Array, dgamma?: Float32Array, dbeta?: Float32Array}}
   */
  batchNorm(opts) {
    if (opts === null || typeof opts !== 'object') throw fail('opts', 'must be an object');
    const known = ['z', 'features', 'gamma', 'beta', 'runningMean', 'runningVar', 'eps', 'momentum', 'batchesTracked',
      'mode', 'dzTilde'];
    for (const key of Object.keys(opts)) {
      if (!known.includes(key)) throw fail(`opts.${key}`, `is not an option (known: ${known.join(', ')})`);
    }
    const n = checkInt('features', opts.features, 1, 1024);
    const z = checkArray('z', opts.z);
    if (z.length === 0 || z.length % n !== 0) throw fail('z', `must hold features (${n}) values per example, got ${z.length}`);
    const m = z.length / n;
    const eps = opts.eps ?? 1e-5;
    let e = checkNumber('eps', eps, { min: 1e-12, max: 1 }, false);
    if (e) throw e;
    const momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    e = momentum === null ? null : checkNumber('momentum', momentum, { min: 0, max: 1 }, false);
    if (e) throw e;
    const batchesTracked = checkInt('batchesTracked', opts.batchesTracked ?? 0, 0, Number.MAX_SAFE_INTEGER);
    const mode = opts.mode ?? 'train';
    const modeIndex = ['train', 'batch', 'eval'].indexOf(mode);
    if (modeIndex < 0) throw fail('mode', `must be train, batch or eval; got ${show(mode)}`);
    if (modeIndex < 2 && m < 2) throw fail('z', `must hold at least 2 examples per feature in ${mode} mode, got ${m}`);
    const inputs = {};
    for (const key of ['gamma', 'beta', 'runningMean', 'runningVar']) {
      if (opts[key] !== undefined) inputs[key] = checkArray(key, opts[key], n);
    }
    if (opts.dzTilde !== undefined) checkArray('dzTilde', opts.dzTilde, n * m);

    const M = this.#m;
    const B = M.BnField;
    const bn = this.#own(new M.ReferenceBatchNorm());
    try {
      this.#check(bn.configure(n, m, eps, momentum === null ? -1 : momentum));
      const slots = { gamma: B.Gamma, beta: B.Beta, runningMean: B.RunningMean, runningVar: B.RunningVar };
      for (const [key, values] of Object.entries(inputs)) bn.bufferView(slots[key]).set(values);
      bn.setBatchesTracked(batchesTracked);
      bn.bufferView(B.Z).set(z);
      this.#check(bn.forward(modeIndex));
      const read = (f) => bn.bufferView(f).slice();
      const out = {
        zTilde: read(B.ZTilde), zNorm: read(B.ZNorm), mean: read(B.Mean), var: read(B.Var), invStd: read(B.InvStd),
        runningMean: read(B.RunningMean), runningVar: read(B.RunningVar), batchesTracked: bn.batchesTracked(),
      };
      if (opts.dzTilde !== undefined) {
        bn.bufferView(B.DZTilde).set(opts.dzTilde);
        this.#check(bn.backward());
        Object.assign(out, { dz: read(B.DZ), dgamma: read(B.DGamma), dbeta: read(B.DBeta) });
      }
      return out;
    } finally {
      this.#release(bn);
    }
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

  #own(handle) {
    this.#live.add(handle);
    return handle;
  }

  #release(handle) {
    if (this.#live.delete(handle)) handle.delete();
  }

  #check(error) {
    if (error) throw new Error(error);
  }
}
