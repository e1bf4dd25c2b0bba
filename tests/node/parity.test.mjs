// Native and WebAssembly builds of the engine follow the same loss curves.
//
// build/native/parity_reference (engine/tools/parity_reference.cpp) trains a
// few twin configurations natively and prints each config, in this facade's
// camelCase form, with both twins' mini-batch loss after every step. Here the
// same configs go through web/engine.js into the WebAssembly build, one
// step(1) at a time, and every loss must match to 1e-5 relative, measured as
// |ℓ_wasm − ℓ_native| / max(1, |ℓ_native|) like the engine's own tests.
//
// Each case says over how many steps to compare ("compareSteps"): all 1,000,
// except the engine-default config, whose BN twin amplifies last-bit float32
// differences chaotically (see the tool's comment), compared over its first steps.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { before, test } from 'node:test';

import { ROOT, loadNodeEngine } from './helpers.mjs';

const TOOL = `${ROOT}build/native/parity_reference`;
const STEPS = 1000;
const TOLERANCE = 1e-5;

let engine;
let reference;
before(async () => {
  assert.ok(existsSync(TOOL), `${TOOL} is missing: run ./build.sh build first`);
  reference = JSON.parse(execFileSync(TOOL, [String(STEPS)], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  engine = await loadNodeEngine();
});

test('the native reference covers several configurations over 1,000 steps', () => {
  assert.equal(reference.steps, STEPS);
  assert.ok(reference.cases.filter((c) => c.siblings).length >= 2, 'sibling cases (none, BN, LN, GN)');
  assert.ok(reference.cases.some((c) => !c.siblings && c.config.norm === 'layer'), 'a layer-norm twin');
  assert.ok(reference.cases.length >= 4);
  assert.ok(reference.cases.filter((c) => c.compareSteps === STEPS).length >= 4);
});

test('WebAssembly and native losses agree to 1e-5 relative, step by step', async (t) => {
  for (const c of reference.cases.filter((r) => !r.siblings)) {
    await t.test(`${c.name}: ${c.compareSteps} steps`, () => {
      const twin = engine.createTwin(c.config);
      try {
        const worst = { withBn: 0, withoutBn: 0 };
        for (let s = 0; s < c.compareSteps; ++s) {
          const status = twin.step(1);
          for (const name of ['withBn', 'withoutBn']) {
            const want = c[name][s];
            const diff = Math.abs(status[name].loss - want) / Math.max(1, Math.abs(want));
            worst[name] = Math.max(worst[name], diff);
            if (diff > TOLERANCE) {
              assert.fail(`${name} step ${s + 1}: wasm ${status[name].loss}, native ${want} (relative ${diff.toExponential(2)})`);
            }
          }
        }
        t.diagnostic(`${c.name}: worst relative difference with BN ${worst.withBn.toExponential(2)}, ` +
          `without ${worst.withoutBn.toExponential(2)}`);
      } finally {
        twin.dispose();
      }
    });
  }
});

// Siblings (engine.createSiblings): one network per normalization from the
// same initial weights on the same mini-batches; every sibling's curve must
// follow the native one.
test('siblings (none, BN, LN, GN) follow the native curves to 1e-5 relative, step by step', async (t) => {
  for (const c of reference.cases.filter((r) => r.siblings)) {
    await t.test(`${c.name}: ${c.compareSteps} steps`, () => {
      const siblings = engine.createSiblings(c.config, { norms: c.siblings });
      try {
        assert.deepEqual(siblings.norms, c.siblings);
        const worst = Object.fromEntries(c.siblings.map((name) => [name, 0]));
        for (let s = 0; s < c.compareSteps; ++s) {
          const status = siblings.step(1);
          for (const name of c.siblings) {
            const want = c.curves[name][s];
            const diff = Math.abs(status[name].loss - want) / Math.max(1, Math.abs(want));
            worst[name] = Math.max(worst[name], diff);
            if (diff > TOLERANCE) {
              assert.fail(`${name} step ${s + 1}: wasm ${status[name].loss}, native ${want} (relative ${diff.toExponential(2)})`);
            }
          }
        }
        t.diagnostic(`${c.name}: worst relative difference ${Object.entries(worst)
          .map(([name, d]) => `${name} ${d.toExponential(2)}`).join(', ')}`);
      } finally {
        siblings.dispose();
      }
    });
  }
});
