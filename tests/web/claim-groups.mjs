// The ledger's claims in groups, one test file each (tests/web/claims-*.test.mjs),
// so `node --test --test-concurrency=2` checks them on both cores: the ledger
// runs thousands of training steps per claim and seed, and one file holding
// them all was the longest test of the suite. claims.test.mjs checks that the
// groups cover every claim exactly once.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

import { loadNodeEngine } from '../node/helpers.mjs';
import { LAB_CLAIMS } from '../../web/claims/lab.js';
import { EMBED_CLAIMS } from '../../web/claims/embed.js';
import { PAPER_CLAIMS } from '../../web/claims/paper.js';
import { OPENING_CLAIMS } from '../../web/claims/article-opening.js';
import { TRANSFORM_CLAIMS } from '../../web/claims/article-transform.js';
import { WHY_CLAIMS } from '../../web/claims/article-why.js';
import { REALLY_CLAIMS } from '../../web/claims/article-really.js';
import { TEST_TIME_CLAIMS } from '../../web/claims/article-test-time.js';
import { SIBLINGS_CLAIMS } from '../../web/claims/article-siblings.js';

/** Group name → claims; each name has its file tests/web/claims-<name>.test.mjs. */
export const CLAIM_GROUPS = Object.freeze({
  lab: LAB_CLAIMS,
  embed: EMBED_CLAIMS,
  paper: PAPER_CLAIMS,
  'article-first': [...OPENING_CLAIMS, ...TRANSFORM_CLAIMS, ...WHY_CLAIMS],
  'article-later': [...REALLY_CLAIMS, ...TEST_TIME_CLAIMS, ...SIBLINGS_CLAIMS],
});

/** One test per claim of `group`: its measure over every seed, then its check. */
export function testClaims(group) {
  const claims = CLAIM_GROUPS[group];
  if (!claims) throw new Error(`no claim group '${group}'`);
  let engine;
  before(async () => {
    engine = await loadNodeEngine();
  });
  for (const c of claims) {
    test(`claim ${c.id} holds over seeds ${c.seeds.join(', ')}: “${c.text.slice(0, 70)}${c.text.length > 70 ? '…' : ''}”`,
      async () => {
        const runs = [];
        for (const seed of c.seeds) runs.push({ seed, data: await c.measure(engine, seed) });
        const wrong = c.check(runs);
        assert.deepEqual(wrong, [], `${c.id} (${c.figure}) does not hold:\n  ${wrong.join('\n  ')}`);
      });
  }
}
