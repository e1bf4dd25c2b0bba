// Benchmark of the lab's engine work per played frame, in Node, without drawing (not a test): a lab
// session (web/lab/session.js) advances `speed` steps per frame, as the player does with no time
// limit, then reads every part of a frame (web/lab/snapshot.js: the probes of every layer, the
// decision boundaries, the metrics). Checkouts given as arguments run side by side, frame by frame
// in alternating order, so a machine whose speed drifts (the Intel machine's jumps 1.6-2x within
// seconds) slows them alike; it prints each one's median and 95th percentile per frame, and the
// frame's split by part. Each checkout loads its own web/ sources and web/dist/bnlab.wasm.
//
//   node tests/node/session-bench.mjs [--heavy] [--frames 300] [--rounds 3] [DIR ...]
// --heavy: 8 hidden layers x 32 units, batch 64 (lab-frames.mjs's heavy case); DIR defaults to this checkout.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

import { ROOT } from './helpers.mjs';
import { summarize } from '../../web/lab/player.js';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const FRAMES = option('--frames', 300);
const ROUNDS = option('--rounds', 3);
const valued = new Set(['--frames', '--rounds']);
const dirs = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1]));
const roots = (dirs.length ? dirs : [ROOT]).map((d) => `${resolve(d)}/`);
const PARTS = ['layers', 'grids', 'metrics'];

const require = createRequire(import.meta.url);
const stacks = [];
for (const root of roots) {
  const { loadEngine } = await import(`${root}web/engine.js`);
  const { Session } = await import(`${root}web/lab/session.js`);
  const snapshot = await import(`${root}web/lab/snapshot.js`);
  const { defaults, withChanges, engineConfig, engineData } = await import(`${root}web/state.js`);
  const engine = await loadEngine({
    factory: require(`${root}web/dist/bnlab.js`), wasmBinary: readFileSync(`${root}web/dist/bnlab.wasm`),
  });
  let state = defaults();
  if (args.includes('--heavy')) state = withChanges(state, { hidden: Array(8).fill(32), batchSize: 64 });
  stacks.push({ root, engine, Session, snapshot, state, config: engineConfig(state), data: engineData(state) });
}

console.log(`engine work per lab frame in Node ${process.version}, ${FRAMES} frames of ${stacks[0].state.speed} steps, ` +
  `${args.includes('--heavy') ? '8 x 32, batch 64' : 'default settings'}; ms`);
for (let round = 0; round < ROUNDS; ++round) {
  const runs = stacks.map((s) => {
    const session = new s.Session(s.engine);
    session.build(s.config, s.data);
    return { s, session, times: [], split: Object.fromEntries(['advance', ...PARTS].map((p) => [p, 0])) };
  });
  for (let f = 0; f < FRAMES; ++f) {
    for (const r of f % 2 ? runs : [...runs].reverse()) {
      const { s, session } = r;
      const t0 = performance.now();
      session.advance({ maxSteps: s.state.speed });
      let t = performance.now();
      r.split.advance += t - t0;
      const frame = s.snapshot.readStep(session, s.state);
      for (const part of PARTS) {
        s.snapshot.readInto(frame, part, session, s.state);
        const u = performance.now();
        r.split[part] += u - t;
        t = u;
      }
      r.times.push(t - t0);
    }
  }
  for (const r of runs) {
    const { median, p95 } = summarize(r.times);
    const split = Object.entries(r.split).map(([k, v]) => `${k} ${(v / FRAMES).toFixed(2)}`).join(', ');
    console.log(`round ${round + 1}  ${r.s.root}  median ${median.toFixed(2)}  p95 ${p95.toFixed(2)}  (per frame: ${split})`);
    r.session.dispose();
  }
}
