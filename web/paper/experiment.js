// The Figure 1 run as seen from the page: starts the training Worker(s)
// (web/paper/worker.js), hands the digit file from the Worker that fetched it
// to the other, keeps both nets within a few hundred steps of each other,
// pauses and resumes, and gathers the evaluation points into two series.
//
// With two Workers (the default on a machine with two or more cores) each
// trains one net: both build the same data, initial weights and batch order
// from the seed (the engine's trainOnly), so the numbers are those of one
// twin run, computed in parallel.
import { RateMeter, lockstepLimits } from './progress.js';

export const TWIN_NAMES = Object.freeze(['withBn', 'withoutBn']);

/** An empty series: evaluation points of one net, in step order. */
function emptySeries() {
  return { steps: [], testAccuracy: [], p15: [], p50: [], p85: [], diverged: false };
}

export class PaperExperiment {
  #opts;
  #workers = [];
  #epoch = 0;
  #phase = 'idle';
  #download = { stage: 'download', received: 0, total: 0 };
  #series = { withBn: emptySeries(), withoutBn: emptySeries() };
  #meter = new RateMeter();
  #running = false;
  #runMs = 0;          // wall time spent running (pauses excluded)
  #runSince = 0;
  #config = null;
  #error = null;
  #loaded = null;        // load()'s promise
  #readyWaiters = null;  // its resolve and reject

  /**
   * @param {object} opts
   * @param {string|URL} opts.workerUrl web/dist/paper-worker.js
   * @param {string|URL} opts.dataUrl web/data/mnist-70k.bin.gz (gzip, decompressed by the Worker) or mnist-10k.bin
   * @param {number} [opts.workers] 1: one Worker trains both nets; 2: one Worker per net
   *   (default: 2 when the browser reports two or more cores)
   * @param {number} [opts.steps=50000] where the run ends (the paper's 50,000)
   * @param {number} [opts.every=500] evaluation interval in steps
   * @param {number} [opts.seed=1] data order, initial weights and batches (the native tool's --seed)
   * @param {number} [opts.lead] how far one Worker may run ahead of the other (default: every)
   * @param {(what: string) => void} [opts.onChange] 'phase', 'download', 'progress', 'points'
   */
  constructor(opts) {
    const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 1 : 1;
    this.#opts = {
      steps: 50000, every: 500, seed: 1, workers: cores >= 2 ? 2 : 1, onChange: () => {}, ...opts,
    };
    this.#opts.lead ??= this.#opts.every;
  }

  /** 'idle' | 'loading' | 'ready' | 'running' | 'paused' | 'done' | 'error' */
  get phase() {
    return this.#phase;
  }

  /**
   * The digit file so far: stage 'download' (bytes on the wire of their total, 0 while unknown),
   * then 'unpack' for a .gz file (bytes decompressed of the file's size).
   */
  get download() {
    return { ...this.#download };
  }

  /** The twin config the engine runs (from the Worker), null before 'ready'. */
  get config() {
    return this.#config;
  }

  /** {kind: 'data'|'engine'|'run'|'file', message} after phase 'error'. */
  get error() {
    return this.#error;
  }

  get steps() {
    return this.#opts.steps;
  }

  get workerCount() {
    return this.#opts.workers;
  }

  /** Steps both nets have done. */
  get step() {
    return this.#workers.length ? Math.min(...this.#workers.map((w) => w.step)) : 0;
  }

  /** Twin steps per second over the last seconds, NaN when unknown. */
  get rate() {
    return this.#running ? this.#meter.rate : NaN;
  }

  /** Seconds to the end of the run at the current rate. */
  get secondsLeft() {
    return this.#running ? this.#meter.secondsLeft(this.step, this.#opts.steps) : NaN;
  }

  /** Wall time spent training, pauses excluded, in ms. */
  get runMs() {
    return this.#runMs + (this.#running ? performance.now() - this.#runSince : 0);
  }

  /**
   * Where each Worker's time went since step 0 (worker.js, emptyTiming): one
   * {twins, step, train, test, probe, post, goes, evaluations, first, last} per Worker, in ms; null before
   * its first go.
   */
  get timings() {
    return this.#workers.map((w) => (w.timing ? { twins: w.twins, step: w.step, ...w.timing } : null));
  }

  /** The evaluation points so far, {withBn, withoutBn}, each {steps, testAccuracy, …} (copies). */
  get series() {
    return structuredClone(this.#series);
  }

  /** Starts the Workers and the download; resolves when both nets are ready (or rejects). */
  load() {
    if (this.#loaded) return this.#loaded;
    this.#loaded = new Promise((resolve, reject) => {
      this.#readyWaiters = { resolve, reject };
    });
    this.#loaded.catch(() => {});
    this.#setPhase('loading');
    const o = this.#opts;
    if (typeof location !== 'undefined' && location.protocol === 'file:') {
      // Chromium starts no Worker and fetches no file for a page opened from disk.
      this.#fail({ kind: 'file', message: 'this page was opened from disk (file://), where the browser lets it start ' +
        'no Worker and download no digits' });
      return this.#loaded;
    }
    const plan = o.workers >= 2 ? [['withBn'], ['withoutBn']] : [['withBn', 'withoutBn']];
    plan.forEach((twins, i) => {
      if (this.#phase === 'error') return;
      let worker;
      try {
        worker = new Worker(o.workerUrl);
      } catch (e) {
        this.#fail({ kind: 'engine', message: `the training Worker could not start (${e.message})` });
        return;
      }
      const w = { worker, twins, step: 0, limit: 0, ready: false, timing: null };
      worker.onmessage = (event) => this.#receive(w, event.data);
      worker.onerror = (event) => {
        event.preventDefault?.();
        this.#fail({ kind: 'engine', message: `the training Worker failed (${event.message || 'could not load its script'})` });
      };
      worker.postMessage({
        type: 'init', twins, seed: o.seed, every: o.every, end: o.steps,
        dataUrl: i === 0 ? String(new URL(o.dataUrl, location.href)) : undefined, share: plan.length > 1 && i === 0,
      });
      this.#workers.push(w);
    });
    return this.#loaded;
  }

  /** Trains toward the end of the run (loading first if needed). */
  async run() {
    if (this.#phase === 'idle') this.load();
    if (this.#phase === 'loading') await this.#loaded.catch(() => {});  // a failed load shows as phase 'error'
    if (this.#phase !== 'ready' && this.#phase !== 'paused') return;
    this.#running = true;
    this.#runSince = performance.now();
    this.#meter.clear();
    this.#meter.add(this.#runSince, this.step);
    this.#setPhase('running');
    this.#sendLimits();
  }

  /** Stops both nets after their current go (a fraction of a second). */
  pause() {
    if (this.#phase !== 'running') return;
    this.#stopClock();
    for (const w of this.#workers) {
      w.limit = w.step;
      this.#post(w, { type: 'limit', step: w.limit });
    }
    this.#setPhase('paused');
  }

  /** Back to step 0 with the same initial weights and batches (no new download). */
  reset() {
    if (!['running', 'paused', 'done', 'ready'].includes(this.#phase)) return;
    this.#stopClock();
    this.#runMs = 0;
    this.#epoch += 1;
    this.#series = { withBn: emptySeries(), withoutBn: emptySeries() };
    for (const w of this.#workers) {
      w.step = 0;
      w.limit = 0;
      w.timing = null;
      w.worker.postMessage({ type: 'reset', epoch: this.#epoch });
    }
    this.#setPhase('ready');
    this.#opts.onChange('points');
  }

  /** Ends the Workers. */
  destroy() {
    this.#stopClock();
    for (const w of this.#workers) w.worker.terminate();
    this.#workers = [];
  }

  #stopClock() {
    if (!this.#running) return;
    this.#runMs += performance.now() - this.#runSince;
    this.#running = false;
  }

  #post(w, msg) {
    w.worker.postMessage(msg);
  }

  #receive(w, msg) {
    if (msg.epoch !== this.#epoch || this.#phase === 'error') return;
    switch (msg.type) {
      case 'download':
        this.#download = { stage: msg.stage ?? 'download', received: msg.received, total: msg.total };
        this.#opts.onChange('download');
        break;
      case 'data': {
        // The fetching Worker's copy of the file goes on to the other Worker.
        const other = this.#workers.find((x) => x !== w);
        other?.worker.postMessage({ type: 'data', bytes: msg.bytes }, [msg.bytes]);
        break;
      }
      case 'ready':
        w.ready = true;
        this.#config ??= msg.config;
        this.#addPoints([msg.point]);
        if (this.#workers.every((x) => x.ready)) {
          this.#setPhase('ready');
          this.#readyWaiters?.resolve();
        }
        break;
      case 'progress':
        w.step = msg.step;
        w.timing = msg.timing;
        if (msg.points.length) this.#addPoints(msg.points);
        if (this.#running) {
          this.#meter.add(performance.now(), this.step);
          if (this.step >= this.#opts.steps) {
            this.#stopClock();
            this.#setPhase('done');
          } else {
            this.#sendLimits();
          }
        }
        this.#opts.onChange('progress');
        break;
      case 'error':
        this.#fail({ kind: msg.kind, message: msg.message });
        break;
      default:
        break;
    }
  }

  #sendLimits() {
    const limits = lockstepLimits(this.#workers.map((w) => w.step), this.#opts.steps, this.#opts.lead);
    this.#workers.forEach((w, i) => {
      if (limits[i] !== w.limit) {
        w.limit = limits[i];
        this.#post(w, { type: 'limit', step: w.limit });
      }
    });
  }

  #addPoints(points) {
    for (const p of points) {
      for (const name of TWIN_NAMES) {
        const v = p[name];
        if (!v) continue;
        const s = this.#series[name];
        s.steps.push(p.step);
        s.testAccuracy.push(v.testAccuracy);
        s.p15.push(v.p15);
        s.p50.push(v.p50);
        s.p85.push(v.p85);
        s.diverged ||= v.diverged;
      }
    }
    this.#opts.onChange('points');
  }

  #fail(error) {
    if (this.#phase === 'error') return;
    this.#stopClock();
    this.#error = error;
    for (const w of this.#workers) w.worker.terminate();
    this.#setPhase('error');
    this.#readyWaiters?.reject(new Error(error.message));
  }

  #setPhase(phase) {
    this.#phase = phase;
    this.#opts.onChange('phase');
  }
}
