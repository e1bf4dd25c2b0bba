// Reading a CPU profile of the page (the DevTools protocol's Profiler.stop
// output, a .cpuprofile): which functions the samples fell in, by self time
// and by total time (the function or anything it called), with minified
// bundles mapped back to their sources through the bundle's source map.
import { readFileSync, existsSync } from 'node:fs';
import { SourceMap } from 'node:module';

/** A source map per served script URL (null when there is none), read from the served root. */
function sourceMaps(root, server) {
  const maps = new Map();
  return (url) => {
    if (!url.startsWith(server)) return null;
    if (!maps.has(url)) {
      const file = `${root}${url.slice(server.length).replace(/^\//, '').split('?')[0]}.map`;
      maps.set(url, existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null);
    }
    return maps.get(url);
  };
}

/**
 * Self and total time of each function in a profile.
 * @param {object} profile Profiler.stop().profile
 * @param {{root: string, server: string}} where the served checkout (a directory) and its URL, to find source maps
 * @returns {{totalMs: number, idleMs: number, rows: {name: string, selfMs: number, totalMs: number}[]}}
 */
export function summarizeProfile(profile, { root, server }) {
  const mapFor = sourceMaps(root, server);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = new Map();
  const label = (n) => {
    if (nameOf.has(n.id)) return nameOf.get(n.id);
    const f = n.callFrame;
    let name = f.functionName || '(anonymous)';
    if (f.url) {
      const map = mapFor(f.url);
      const origin = map?.findOrigin?.(f.lineNumber + 1, f.columnNumber + 1);
      if (origin?.fileName) {
        name = `${origin.name || f.functionName || '(anonymous)'} ${origin.fileName.replace(/^(\.\.\/)+/, '')}:${origin.lineNumber}`;
      } else {
        name = `${name} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
      }
    }
    nameOf.set(n.id, name);
    return name;
  };
  const self = new Map();
  const total = new Map();
  let idle = 0;
  let all = 0;
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const ms = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000;
    const n = byId.get(id);
    if (n.callFrame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    all += ms;
    const s = label(n);
    self.set(s, (self.get(s) ?? 0) + ms);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label(byId.get(cur));
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + ms);
    }
  });
  const rows = [...total.keys()].map((name) => ({ name, selfMs: self.get(name) ?? 0, totalMs: total.get(name) }));
  return { totalMs: all, idleMs: idle, rows };
}

/** Prints the top `n` functions by self time and by total time, with their share of the busy time. */
export function printProfile({ totalMs, idleMs, rows }, n = 25) {
  const pct = (ms) => `${((100 * ms) / totalMs).toFixed(1).padStart(5)}%`;
  console.log(`  busy ${totalMs.toFixed(0)} ms sampled (idle ${idleMs.toFixed(0)} ms)`);
  console.log('  top self time:');
  for (const r of [...rows].sort((a, b) => b.selfMs - a.selfMs).slice(0, n)) {
    console.log(`   ${pct(r.selfMs)} ${r.selfMs.toFixed(0).padStart(6)} ms  ${r.name}`);
  }
  console.log('  top total time (the function and what it called):');
  for (const r of [...rows].sort((a, b) => b.totalMs - a.totalMs).slice(0, n)) {
    console.log(`   ${pct(r.totalMs)} ${r.totalMs.toFixed(0).padStart(6)} ms  ${r.name}`);
  }
}
