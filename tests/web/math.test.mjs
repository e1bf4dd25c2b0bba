// The article's math is typeset at build time (web/tools/prerender-math.mjs → web/article/math-html.js):
// the generated table must be current with index.html, hold every source the page has, and be
// what web/article/math.js puts into the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { MATH_PATH, mathKey, mathSource, mathSources, PAGE_PATH } from '../../web/tools/prerender-math.mjs';
import { MATH_HTML } from '../../web/article/math-html.js';

const page = readFileSync(PAGE_PATH, 'utf8');

test('web/article/math-html.js is current with index.html', () => {
  assert.equal(readFileSync(MATH_PATH, 'utf8'), mathSource(page), 'stale: run node web/tools/prerender-math.mjs');
});

test('every equation of index.html has its markup, with MathML and the symbol colours', () => {
  const sources = mathSources(page);
  assert.ok(sources.length > 80, `${sources.length} equations`);
  assert.equal(sources.filter((s) => s.display).length, 3); // sections 3 and 7, and section 8's three means
  for (const { tex, display } of sources) {
    const html = MATH_HTML[mathKey(tex, display)];
    assert.ok(html, `no markup for ${tex}`);
    assert.match(html, /<math xmlns=/, 'MathML for screen readers');
    assert.doesNotMatch(html, /katex-error/, tex);
    if (display) assert.match(html, /katex-display/);
    assert.doesNotMatch(html, / style="/, 'style attributes moved for a strict Content-Security-Policy');
  }
  const coloured = Object.values(MATH_HTML).filter((h) => /class="enclosing sym-(mu|gamma|znorm)/.test(h));
  assert.ok(coloured.length > 5, `${coloured.length} entries colour μ, γ or z_norm`);
});

test('sources are read as the browser reads them: entities decoded, comments skipped', () => {
  const html = '<!-- <span class="tex">x</span> --><span class="tex">a &amp;= b &lt; c</span>'
    + '<div class="tex display">\\frac{1}{m}</div>';
  assert.deepEqual(mathSources(html), [{ tex: 'a &= b < c', display: false }, { tex: '\\frac{1}{m}', display: true }]);
  assert.throws(() => mathSources('<span class="tex">a <b>b</b></span>'), /no tags/);
  assert.throws(() => mathSource('<span class="tex">\\frac{</span>'), /KaTeX cannot typeset "\\\\frac\{"/);
});
