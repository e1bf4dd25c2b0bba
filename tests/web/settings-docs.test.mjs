// The settings tables people read are written from the tables the code runs on
// (web/tools/settings-docs.mjs): the README's attribute and twin-settings
// tables and the Jekyll include's parameters are never edited by hand.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { README_PATH, attributeTable, configTable, staleDocuments } from '../../web/tools/settings-docs.mjs';
import { ATTRIBUTE_NAMES } from '../../web/embed/attributes.js';
import { CONFIG_FIELDS } from '../../web/engine-schema.js';
import { SETTINGS } from '../../web/state.js';

test('the README and the Jekyll include hold the settings tables as the code describes them now', () => {
  assert.deepEqual(staleDocuments(), [], 'stale: run node web/tools/settings-docs.mjs');
});

test('the README lists every attribute once, and every twin setting once', () => {
  const names = [...attributeTable().matchAll(/^\| `([a-z-]+)`/gm)].map((m) => m[1]);
  assert.deepEqual(names.sort(), ATTRIBUTE_NAMES.filter((n) => n !== 'lr').sort());
  assert.match(attributeTable(), /\| `learning-rate` \(or `lr`\) \|/);
  const fields = [...configTable().matchAll(/^\| `(\w+)`/gm)].map((m) => m[1]);
  assert.deepEqual(fields, CONFIG_FIELDS.map((f) => f.key));
  const readme = readFileSync(README_PATH, 'utf8');
  assert.ok(readme.includes(attributeTable()) && readme.includes(configTable()));
});

test('a lab default the engine does not share is named with the engine\'s beside it', () => {
  const table = attributeTable();
  for (const s of SETTINGS.filter((x) => x.engine && ['dataset', 'activation', 'batchSize'].includes(x.key))) {
    const line = table.split('\n').find((l) => l.includes(`| ${s.label} |`));
    assert.match(line, new RegExp(`\\| ${s.def} \\(the engine's: `), s.key);
  }
});
