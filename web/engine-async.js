// Training without blocking the page: twin.stepAsync (engine-twin.js) runs
// step(k) in chunks and yields to the event loop between them. Part of the
// facade; it never touches the WebAssembly module itself.
import { checkInt, fail, ownOptions, show } from './engine-checks.js';

const CHUNK_MS = 12;  // default chunks last about this many milliseconds

// A macrotask between two chunks, so rendering and input run in between.
const nextTask = () => new Promise((resolve) => { setTimeout(resolve, 0); });
const now = () => globalThis.performance?.now() ?? Date.now();

function isAbortSignal(v) {
  return v !== null && typeof v === 'object' && typeof v.aborted === 'boolean' && typeof v.addEventListener === 'function';
}

/** Rejects with the signal's reason (an Error), or an AbortError naming stepAsync. */
export function throwIfAborted(signal) {
  if (!signal?.aborted) return;
  if (signal.reason instanceof Error) throw signal.reason;
  const error = new Error('stepAsync was aborted');
  error.name = 'AbortError';
  error.field = 'stepAsync';
  throw error;
}

/**
 * stepAsync's options, checked: {chunk (0 = adaptive), signal, onProgress}.
 * @param {unknown} opts
 * @param {number} most the twin's maxStepsPerCall
 */
export function chunkOptions(opts, most) {
  const o = ownOptions('opts', opts, ['chunk', 'signal', 'onProgress']);
  const chunk = o.chunk === undefined ? 0 : checkInt('opts.chunk', o.chunk, 1, most);
  if (o.signal !== undefined && !isAbortSignal(o.signal)) throw fail('opts.signal', `must be an AbortSignal, got ${show(o.signal)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function')
    throw fail('opts.onProgress', `must be a function, got ${show(o.onProgress)}`);
  return { chunk, signal: o.signal, onProgress: o.onProgress };
}

/**
 * Runs n steps as step(k) calls of at most `most` steps, yielding between
 * them; chunks of `chunk` steps, or sized to last about CHUNK_MS. Stops early
 * when `finished(status)` says so (every training network diverged).
 * @param {object} run
 * @param {number} run.n
 * @param {number} run.most
 * @param {{chunk: number, signal?: AbortSignal, onProgress?: Function}} run.options from chunkOptions
 * @param {(k: number) => object} run.step one synchronous call of k steps; returns the status
 * @param {() => object} run.status the status now
 * @param {(status: object) => boolean} run.finished
 * @param {() => void} run.alive throws if the twin was disposed meanwhile
 * @returns {Promise<object>} the last status
 */
export async function runInChunks({ n, most, options, step, status, finished, alive }) {
  const { chunk, signal, onProgress } = options;
  let done = 0;
  let size = chunk || 1;
  let last = status();
  while (done < n && !finished(last)) {
    const k = Math.min(size, n - done);
    const t0 = now();
    last = step(k);
    const took = now() - t0;
    done += k;
    if (!chunk) size = Math.max(1, Math.min(most, took > 0 ? Math.round((k * CHUNK_MS) / took) : 2 * k));
    onProgress?.({ done, total: n, status: last });
    if (done < n) {
      await nextTask();
      throwIfAborted(signal);
      alive();
    }
  }
  return last;
}
