// The claims ledger (web/claims/): every sentence that says what a figure shows
// appears word for word where the ledger says it does; the checks against the
// engine over each claim's seeds run in tests/web/claims-<group>.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

import { ROOT } from '../node/helpers.mjs';
import { CLAIM_GROUPS } from './claim-groups.mjs';
import { CLAIMS } from '../../web/claims/ledger.js';
import { EMBED_TEXTS_PATH, EMBED_VIEWS_TEXTS_PATH, LAB_PRESETS_TEXTS_PATH, TEXTS_PATH, textsSource } from '../../web/tools/claim-texts.mjs';

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', minus: '−', times: '×', rsquo: '’' };

/** Text as a reader compares it: tags removed, entities decoded, whitespace collapsed. */
export function plainText(html) {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e) => {
      if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : +e.slice(1));
      return ENTITIES[e] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** The inner HTML of every element carrying data-claim="id" in an HTML source (nesting of the same tag counted). */
export function claimElements(html, id) {
  const out = [];
  const open = new RegExp(`<(\\w+)[^>]*\\bdata-claim="${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`, 'g');
  for (let m; (m = open.exec(html)); ) {
    const tag = m[1];
    const re = new RegExp(`<(/?)${tag}\\b[^>]*>`, 'g');
    re.lastIndex = m.index + m[0].length;
    let depth = 1;
    let r;
    while (depth > 0 && (r = re.exec(html))) depth += r[1] ? -1 : 1;
    if (depth !== 0) throw new Error(`unclosed <${tag} data-claim="${id}">`);
    out.push(html.slice(m.index + m[0].length, r.index));
  }
  return out;
}

/** Text between <!-- claim:id --> and <!-- /claim --> in a Markdown file. */
function markdownClaims(md, id) {
  const out = [];
  const re = new RegExp(`<!-- claim:${id.replace(/\./g, '\\.')} -->([\\s\\S]*?)<!-- /claim -->`, 'g');
  for (let m; (m = re.exec(md)); ) out.push(m[1]);
  return out;
}

const source = (() => {
  const files = new Map();
  return (path) => {
    if (!files.has(path)) files.set(path, readFileSync(`${ROOT}${path}`, 'utf8'));
    return files.get(path);
  };
})();

test('every claim is well formed: id, text, where, figure, seeds, measure and check', () => {
  for (const c of CLAIMS) {
    assert.match(c.id, /^[a-z]+(\.[a-z0-9-]+)+$/, c.id);
    assert.ok(typeof c.text === 'string' && c.text.length > 10, `${c.id}: text`);
    assert.ok(Array.isArray(c.where) && c.where.length > 0, `${c.id}: where`);
    assert.ok(typeof c.figure === 'string' && c.figure, `${c.id}: figure`);
    assert.ok(Array.isArray(c.seeds) && c.seeds.length >= 1, `${c.id}: seeds`);
    assert.ok(c.seeds.length >= 5 || c.fixedSeed, `${c.id}: fewer than 5 seeds needs fixedSeed: true (a figure fixed to one seed)`);
    assert.equal(typeof c.measure, 'function', `${c.id}: measure`);
    assert.equal(typeof c.check, 'function', `${c.id}: check`);
  }
});

test('the pages\' text-only module web/claims/texts.js is generated from the ledger as it is now', () => {
  assert.equal(readFileSync(TEXTS_PATH, 'utf8'), textsSource(), 'stale: run node web/tools/claim-texts.mjs');
  assert.equal(readFileSync(EMBED_TEXTS_PATH, 'utf8'), textsSource({ embed: true }), 'stale: run node web/tools/claim-texts.mjs');
  assert.equal(readFileSync(EMBED_VIEWS_TEXTS_PATH, 'utf8'), textsSource({ views: true }), 'stale: run node web/tools/claim-texts.mjs');
  assert.equal(readFileSync(LAB_PRESETS_TEXTS_PATH, 'utf8'), textsSource({ labPresets: true }), 'stale: run node web/tools/claim-texts.mjs');
});

test('every claim appears word for word where the ledger says it does', () => {
  for (const c of CLAIMS) {
    for (const w of c.where) {
      if (w.file?.endsWith('.md')) {
        const found = markdownClaims(source(w.file), c.id).map(plainText);
        assert.ok(found.length > 0, `${c.id}: no <!-- claim:${c.id} --> in ${w.file}`);
        for (const t of found) assert.equal(t, plainText(c.text), `${c.id} in ${w.file}`);
      } else if (w.file) {
        const found = claimElements(source(w.file), c.id).map(plainText);
        assert.ok(found.length > 0, `${c.id}: no data-claim="${c.id}" in ${w.file}`);
        for (const t of found) assert.equal(t, plainText(c.text), `${c.id} in ${w.file}`);
      } else if (w.module) {
        assert.ok(source(w.module).includes(`'${c.id}'`), `${c.id}: ${w.module} does not show it through claimText('${c.id}')`);
      } else {
        assert.fail(`${c.id}: where entry ${JSON.stringify(w)} names no file or module`);
      }
    }
  }
});

test('every data-claim on a page is in the ledger', () => {
  const ids = new Set(CLAIMS.map((c) => c.id));
  for (const file of ['index.html', 'web/paper/index.html', 'web/embed/sample-post.html', 'README.md']) {
    const text = source(file);
    for (const m of text.matchAll(/data-claim="([^"]+)"|<!-- claim:(\S+) -->/g)) {
      assert.ok(ids.has(m[1] ?? m[2]), `${file}: ${m[1] ?? m[2]} is not in the ledger`);
    }
  }
});

test('the claim groups, one test file each, cover every claim exactly once', () => {
  const grouped = Object.entries(CLAIM_GROUPS).flatMap(([g, claims]) => claims.map((c) => [c.id, g]));
  assert.equal(new Set(grouped.map(([id]) => id)).size, grouped.length, 'a claim is in two groups');
  assert.deepEqual(grouped.map(([id]) => id).sort(), CLAIMS.map((c) => c.id).sort(),
    'tests/web/claim-groups.mjs misses a claim area of web/claims/ledger.js');
  for (const g of Object.keys(CLAIM_GROUPS)) {
    assert.ok(existsSync(`${ROOT}tests/web/claims-${g}.test.mjs`), `tests/web/claims-${g}.test.mjs`);
  }
});
