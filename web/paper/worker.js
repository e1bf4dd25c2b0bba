// The Figure 1 experiment's Web Worker: trains one or both MNIST twins off the
// page's thread and reports what the figure plots. Bundled by esbuild into
// web/dist/paper-worker.js, a classic worker script that loads the
// WebAssembly module with importScripts (web/dist/bnlab.js beside it).
//
// Messages from the page (experiment.js):
//   {type: 'init', twins: ['withBn'] | ['withoutBn'] | ['withBn', 'withoutBn'], seed, every, end,
//    dataUrl?, share?, moduleUrl?}
//       every: evaluate at every multiple of it, and at step end.
//       dataUrl: fetch the digit file here (with 'download' progress; a .gz file is
//       decompressed); without it
//       the Worker waits for a 'data' message. share: afterwards hand the bytes
//       to the page (transferred) for the other Worker.
//   {type: 'data', bytes: ArrayBuffer}
//   {type: 'limit', step}   train up to this step (the page's lockstep and pause)
//   {type: 'reset', epoch}  back to step 0 (same weights, same batches)
// Messages to the page, each tagged with the current epoch:
//   {type: 'download', stage, received, total} bytes of the digit file so far: stage 'download'
//                                            (on the wire), then 'unpack' (decompressed, .gz only)
//   {type: 'data', bytes}                    when share was asked
//   {type: 'ready', trainSize, testSize, config, point}
//   {type: 'progress', step, trainMs, timing, points} after every go; points holds the evaluations,
//                                            timing the Worker's time split since step 0 (emptyTiming below)
//   {type: 'error', kind: 'data' | 'engine' | 'run', message}
// An evaluation point: {step, <twin>: {testAccuracy, p15, p50, p85, diverged}}
// for each twin this Worker trains: accuracy on all test digits with BN's running
// statistics, and the 15th/50th/85th percentiles of the input to one sigmoid
// of the last hidden layer over the probe batch (the first 256 training digits).

import { loadEngine } from '../engine.js';
import { nextChunk, stepsToRun } from './progress.js';

const GO_MS = 60;  // one go of training lasts about this long, then messages are answered

let engine = null;
let twin = null;
let names = [];
let every = 500;
let end = Infinity;
let step = 0;
let limit = 0;
let chunk = 20;
let trainMs = 0;
let timing = emptyTiming();
let epoch = 0;
let scheduled = false;
let receiveBytes;
const bytesArrived = new Promise((resolve) => {
  receiveBytes = resolve;
});

/**
 * Where the Worker's time went since step 0, in ms of wall time (for the
 * benchmark, tests/browser/paper-bench.mjs): train (twin.step), test (test
 * accuracy), probe (probe batch, percentiles, status), post (postMessage of
 * the progress messages), and first/last: when the first go began and the
 * last one ended, so that the rest of that span is time the Worker waited
 * (the evaluation at step 0, before the first go, is not counted).
 */
function emptyTiming() {
  return { train: 0, test: 0, probe: 0, post: 0, goes: 0, evaluations: 0, first: NaN, last: NaN };
}

class WorkerError extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind;
  }
}

const post = (msg, transfer = []) => self.postMessage({ ...msg, epoch }, transfer);

function fail(error) {
  limit = step;
  post({ type: 'error', kind: error.kind ?? 'run', message: error.message ?? String(error) });
}

self.onmessage = (event) => {
  const msg = event.data;
  try {
    if (msg.type === 'init') init(msg).catch(fail);
    else if (msg.type === 'data') receiveBytes(new Uint8Array(msg.bytes));
    else if (msg.type === 'limit') {
      limit = msg.step;
      schedule();
    } else if (msg.type === 'reset') reset(msg.epoch);
  } catch (error) {
    fail(error);
  }
};

async function init(msg) {
  names = msg.twins;
  every = msg.every;
  end = msg.end ?? Infinity;
  const enginePromise = startEngine(msg.moduleUrl ?? 'bnlab.js');
  enginePromise.catch(() => {});  // reported where it is awaited, if this Worker gets that far
  const bytes = msg.dataUrl ? await download(msg.dataUrl) : await bytesArrived;
  engine = await enginePromise;
  try {
    twin = engine.createTwin({
      dataset: 'mnist', seed: msg.seed, trainOnly: names.length === 2 ? 'both' : names[0],
    }, { mnist: bytes });
  } catch (error) {
    // The engine's checks of the file: "MNIST data: truncated: expected … bytes", "… checksum …".
    throw new WorkerError(/MNIST data/.test(error.message) ? 'data' : 'run', error.message);
  }
  const data = twin.dataset();
  post({
    type: 'ready', trainSize: twin.trainSize, testSize: data.yTest.length, config: twin.config, point: evaluate(),
  });
  if (msg.share) post({ type: 'data', bytes: bytes.buffer }, [bytes.buffer]);
}

async function startEngine(moduleUrl) {
  try {
    importScripts(new URL(moduleUrl, self.location.href).href);
    return await loadEngine();
  } catch (error) {
    throw new WorkerError('engine', `the WebAssembly engine could not be loaded (${error.message})`);
  }
}

/**
 * The digit file's bytes: downloaded, and decompressed when its name ends in
 * .gz (the full split ships gzip-compressed, 11 MB instead of 55 MB).
 */
async function download(url) {
  const packed = await fetchBytes(url);
  return new URL(url).pathname.endsWith('.gz') ? gunzip(packed, url) : packed;
}

/**
 * Downloads a file, posting 'download' progress about every 100 ms.
 * (XMLHttpRequest rather than a fetch() body stream: its progress events give
 * the same counts, and Chromium reports a drained fetch stream as aborted.)
 */
function fetchBytes(url) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.responseType = 'arraybuffer';
    let lastPost = 0;
    // total: Content-Length, which counts the bytes on the wire.
    xhr.onprogress = (e) => {
      const now = performance.now();
      if (now - lastPost < 100) return;
      lastPost = now;
      post({ type: 'download', stage: 'download', received: e.loaded, total: e.lengthComputable ? e.total : 0 });
    };
    xhr.onload = () => {
      if (xhr.status !== 200) {
        reject(new WorkerError('data', `${url}: HTTP ${xhr.status} ${xhr.statusText}`.trim()));
        return;
      }
      const bytes = new Uint8Array(xhr.response);
      post({ type: 'download', stage: 'download', received: bytes.length, total: bytes.length });
      resolve(bytes);
    };
    xhr.onerror = () => reject(new WorkerError('data', `${url} could not be downloaded (network error)`));
    xhr.send();
  });
}

const MAX_UNPACKED = 64 * 1024 * 1024;  // the engine's largest digit file is 55 MB

/**
 * Decompresses a gzip file with the browser's DecompressionStream, posting
 * 'download' progress of stage 'unpack'. The last 4 bytes of a gzip file hold
 * the uncompressed size (mod 2³²), used for the progress bar and to size the
 * result; a truncated or corrupt file fails the stream's checks (CRC-32 and
 * length), and the message says so.
 */
async function gunzip(packed, url) {
  if (typeof DecompressionStream !== 'function')
    throw new WorkerError('data', 'this browser has no DecompressionStream to unpack the gzip-compressed digits');
  const n = packed.length;
  const stated = n >= 18 ? new DataView(packed.buffer, packed.byteOffset).getUint32(n - 4, true) : 0;
  const total = stated > 0 && stated <= MAX_UNPACKED ? stated : 0;
  const reader = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip')).getReader();
  const chunks = [];
  let received = 0;
  let lastPost = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received > MAX_UNPACKED) throw new Error(`more than ${MAX_UNPACKED} bytes`);
      chunks.push(value);
      const now = performance.now();
      if (now - lastPost >= 100) {
        lastPost = now;
        post({ type: 'download', stage: 'unpack', received, total });
      }
    }
  } catch (error) {
    throw new WorkerError('data', `${url} is truncated or corrupt: it does not decompress as gzip ` +
      `(${error.message || error.name}, after ${received} bytes)`);
  }
  post({ type: 'download', stage: 'unpack', received, total: received });
  const bytes = new Uint8Array(received);  // its own buffer: it may be transferred to the other Worker
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

/** The evaluation point at the current step, for the twins this Worker trains. */
function evaluate() {
  const t0 = performance.now();
  twin.refreshProbes();
  const last = twin.numHidden - 1;
  const point = { step };
  let testMs = 0;
  for (const name of names) {
    // Test accuracy only: the figure shows no training accuracy, and a pass over
    // the 60,000 training digits would cost 6× the test set's 10,000 (it was half
    // of the whole run's time).
    const t1 = performance.now();
    const { testAccuracy } = twin.testMetrics('running', name)[name];
    testMs += performance.now() - t1;
    const [p15, p50, p85] = twin.percentiles(name).slice(3 * last, 3 * last + 3);
    const { diverged } = twin.status()[name];
    point[name] = { testAccuracy, p15, p50, p85, diverged };
  }
  if (timing.first <= t0) {  // the evaluations of a run (not the one at step 0 before it)
    timing.test += testMs;
    timing.probe += performance.now() - t0 - testMs;
    timing.evaluations += 1;
  }
  return point;
}

// Training runs in goes of about GO_MS, each a separate task, so that 'limit'
// (pause) and 'reset' messages are answered between them.
const channel = new MessageChannel();
channel.port1.onmessage = go;

function schedule() {
  if (scheduled || !twin || step >= limit) return;
  scheduled = true;
  channel.port2.postMessage(null);
}

function go() {
  scheduled = false;
  const n = stepsToRun(step, Math.min(limit, end), every, chunk);
  if (!twin || n === 0) return;
  try {
    const t0 = performance.now();
    if (!(timing.first <= t0)) timing.first = t0;
    twin.step(n);
    const took = performance.now() - t0;
    step += n;
    trainMs += took;
    timing.train += took;
    timing.goes += 1;
    if (n === chunk || took > GO_MS) chunk = nextChunk(n, took, GO_MS, 5, twin.maxStepsPerCall);
    const points = step % every === 0 || step === end ? [evaluate()] : [];
    const t1 = performance.now();
    post({ type: 'progress', step, trainMs, timing, points });
    timing.last = performance.now();
    timing.post += timing.last - t1;
  } catch (error) {
    fail(error);
    return;
  }
  schedule();
}

function reset(newEpoch) {
  epoch = newEpoch;
  limit = 0;
  if (!twin) return;
  twin.reset();
  step = 0;
  trainMs = 0;
  timing = emptyTiming();
  post({ type: 'progress', step, trainMs, timing, points: [evaluate()] });
}
