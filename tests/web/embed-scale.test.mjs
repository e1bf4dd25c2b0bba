// web/embed/scale.js stands in for d3-scale in the embed's bundles (web/build.mjs): the same
// ticks, labels, nice domains and positions as d3 for the calls the figures make, over
// thousands of seeded random domains (and the edge cases: empty, reversed, tiny, huge).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as d3 from 'd3-scale';

import { scaleLinear, scaleLog } from '../../web/embed/scale.js';
import { seededRandom } from '../../web/tools/seeded-random.mjs';

const random = seededRandom(12);
/** A random number spanning many magnitudes, either sign (or zero now and then). */
function value(signed = true) {
  const r = random();
  if (r < 0.05) return 0;
  const magnitude = 10 ** (random() * 14 - 7) * (1 + random() * 9);
  const rounded = random() < 0.3 ? Number(magnitude.toPrecision(1 + Math.floor(random() * 3))) : magnitude;
  return signed && random() < 0.35 ? -rounded : rounded;
}

function linearDomains(n) {
  const out = [[0, 1], [0, 10], [0, 0], [5, 5], [-1, 1], [1, 0], [0, 1e-9], [-3e7, 2.5e8], [0, 1050], [0.1, 0.30000000000000004]];
  for (let i = 0; i < n; i++) {
    const a = value();
    const b = random() < 0.2 ? a + value(false) * 1e-3 : value();
    out.push([a, b]);
  }
  return out;
}

const COUNTS = [1, 2, 3, 4, 5, 10, 0.5, 7];

test('scaleLinear: ticks, nice domains, labels and positions equal d3-scale’s', () => {
  for (const domain of linearDomains(3000)) {
    for (const count of COUNTS) {
      const ours = scaleLinear().domain(domain).range([300, 20]);
      const theirs = d3.scaleLinear().domain(domain).range([300, 20]);
      const what = `domain ${domain}, count ${count}`;
      assert.deepEqual(ours.ticks(count), theirs.ticks(count), `ticks, ${what}`);
      const fo = ours.tickFormat(count);
      const ft = theirs.tickFormat(count);
      for (const t of [...theirs.ticks(count), domain[0], domain[1], -0, NaN]) assert.equal(fo(t), ft(t), `label of ${t}, ${what}`);
      for (const x of [domain[0], domain[1], (domain[0] + domain[1]) / 2, 0, value()]) assert.equal(ours(x), theirs(x), `position of ${x}, ${what}`);
      for (const y of [300, 20, 123.4, -7]) assert.equal(ours.invert(y), theirs.invert(y), `invert(${y}), ${what}`);
      ours.nice(count);
      theirs.nice(count);
      assert.deepEqual(ours.domain(), theirs.domain(), `nice(${count}), ${what}`);
    }
    const ours = scaleLinear().domain(domain).nice();
    const theirs = d3.scaleLinear().domain(domain).nice();
    assert.deepEqual(ours.domain(), theirs.domain(), `nice(), domain ${domain}`);
    assert.deepEqual(ours.ticks(), theirs.ticks(), `ticks(), domain ${domain}`);
  }
  assert.equal(scaleLinear()(NaN), undefined);
});

test('scaleLog: ticks, labelled ticks (~g), nice domains and positions equal d3-scale’s', () => {
  const domains = [[1, 10], [0.8, 12.5], [1e-4, 3], [2e-7, 0.9], [0.05, 0.07], [10, 1], [3, 3]];
  for (let i = 0; i < 2000; i++) {
    const a = Math.abs(value(false)) || 1e-3;
    domains.push([a, random() < 0.3 ? a * (1 + random()) : Math.abs(value(false)) || 2]);
  }
  for (const domain of domains) {
    for (const nice of [false, true]) {
      const ours = scaleLog().domain(domain).range([200, 10]);
      const theirs = d3.scaleLog().domain(domain).range([200, 10]);
      if (nice) {
        ours.nice();
        theirs.nice();
      }
      const what = `domain ${domain}${nice ? ' (nice)' : ''}`;
      assert.deepEqual(ours.domain(), theirs.domain(), what);
      assert.ok(ours.base && theirs.base, 'a log scale has a base');
      for (const count of [3, 4, 5, 10]) {
        const ticks = theirs.ticks(count);
        assert.deepEqual(ours.ticks(count), ticks, `ticks(${count}), ${what}`);
        const fo = ours.tickFormat(count, '~g');
        const ft = theirs.tickFormat(count, '~g');
        for (const t of ticks) assert.equal(fo(t), ft(t), `label of ${t}, count ${count}, ${what}`);
      }
      for (const x of [...ours.domain(), Math.sqrt(domain[0] * domain[1])]) assert.equal(ours(x), theirs(x), `position of ${x}, ${what}`);
    }
  }
});

test('scale.js says what it does not offer instead of formatting differently', () => {
  assert.throws(() => scaleLinear().tickFormat(5, '.2%'), /only the default/);
  assert.throws(() => scaleLog().tickFormat(5, 's'), /only '~g'/);
  assert.throws(() => scaleLog().domain([0, 1]), /must be positive/);
});
