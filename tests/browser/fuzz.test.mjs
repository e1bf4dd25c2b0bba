// Seeded fuzzing of everything a reader or a host page can type at the figures
// (bounded: about a minute): random hashes on the lab page (loaded with them,
// and changed while the lab plays), random hashes on the iframe page embed.html
// (loaded with them, and changed), and random attributes on <bn-lab> elements
// (malformed, huge, negative, NaN, unknown names; then changed on the live
// element). After each input: no page error, the page still answers, bad input
// is named in a message, the figure is drawn, and no NaN, Infinity or
// "undefined" is shown as data. BNLAB_FUZZ_SEED=<n> replays another run.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ATTRIBUTE_NAMES, readAttributes } from '../../web/embed/attributes.js';
import { clip, decodeOrNull, ignoredMessage, parseHash } from '../../web/state.js';
import { canvasInk, hookReady, inks, openPage, useBrowser } from './browser.mjs';
import { FUZZ_SEED, elementAttributes, embedHash, labHash, random } from './fuzz-input.mjs';

const LAB_LOADS = 6;
const LAB_CHANGES = 30;
const EMBED_LOADS = 16;
const EMBED_CHANGES = 16;
const ELEMENTS = 24;
const RESPONSE_MS = 15_000; // "no hang": the page answers an evaluate within this long

const env = useBrowser();

/** Fails if the page does not answer within RESPONSE_MS (a hung main thread). */
async function answers(page, where) {
  let timer;
  const hang = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${where}: the page did not answer within ${RESPONSE_MS} ms`)), RESPONSE_MS);
  });
  try {
    await Promise.race([page.evaluate(() => performance.now()), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs in the page: text and labels inside `root` (shadow roots included) that show NaN, Infinity,
 * undefined or [object …] as data. Messages that echo the reader's input and divergence banners (which
 * name the non-finite loss on purpose) are left out.
 */
function shownAsData(root) {
  const bad = /\bNaN\b|Infinity|\bundefined\b|\[object /;
  const found = [];
  const skip = (el) => el.matches?.('[data-testid="ignored"], [data-testid="notice"], [data-testid^="banner-"], .banner, script, style');
  const walk = (node) => {
    if (node.nodeType === Node.ELEMENT_NODE) {
      if (skip(node)) return;
      for (const a of ['aria-label', 'title', 'data-value']) {
        const v = node.getAttribute(a);
        if (v && bad.test(v)) found.push(`${node.tagName.toLowerCase()}[${a}="${v.slice(0, 80)}"]`);
      }
      if (node.shadowRoot) walk(node.shadowRoot);
    } else if (node.nodeType === Node.TEXT_NODE) {
      const t = node.textContent;
      if (bad.test(t) && !/diverged/i.test(node.parentElement?.textContent ?? '')) found.push(t.trim().slice(0, 120));
    }
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return found;
}

/** The names embed.html and <bn-lab> together must name for a hash, mirroring embed-page.js and attributes.js. */
function embedIgnoredNames(hash) {
  const names = [];
  const attributes = new Map();
  for (const pair of hash.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeOrNull(rawName.replace(/\+/g, ' '));
    const value = decodeOrNull((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '));
    if (name === null || value === null) names.push(name === null ? rawName : name.trim());
    else if (!ATTRIBUTE_NAMES.includes(name.trim().toLowerCase())) names.push(name.trim().toLowerCase());
    else attributes.set(name.trim().toLowerCase(), value);
  }
  const { ignored } = readAttributes((n) => attributes.get(n) ?? null, [...attributes.keys()]);
  return [...names, ...ignored.map((i) => i.name)];
}

/** Checks the <bn-lab> at `selector` after it was given `where`: its message, its drawing. */
async function checkElement(page, selector, expectedNames, where) {
  const el = page.locator(selector);
  const got = await el.evaluate((e) => {
    const root = e.shadowRoot;
    const shown = (id) => {
      const m = root.querySelector(`[data-testid="${id}"]`);
      return m && !m.hidden ? m.textContent : '';
    };
    return {
      message: shown('ignored'), notice: shown('notice'),
      worked: !!root.querySelector('[data-testid="we-equations"]'), paper: !!root.querySelector('[data-testid="paper-run"]'),
    };
  });
  assert.equal(got.notice, '', `${where}: the engine refused: ${got.notice}`);
  for (const name of expectedNames) assert.ok(got.message.includes(`${clip(name)}=`), `${where}: "${name}" is not named in "${got.message}"`);
  if (!expectedNames.length) assert.equal(got.message, '', `${where}: a message for nothing: ${got.message}`);
  if (got.paper) return;
  if (got.worked) {
    // Its equations, or before the first step (one every 1.5 s) the sentence saying they come.
    const text = `${await el.locator('[data-testid="we-intro"]').textContent()}${await el.locator('[data-testid="we-equations"]').textContent()}`;
    assert.match(text, /μ = |once it trains|no batch norm/, `${where}: no equations`);
    return;
  }
  const inked = (await inks(el, 'canvas.fig-canvas')).map((c) => c.inked);
  assert.ok(inked.some((v) => v > 0.01), `${where}: nothing drawn (${inked})`);
}

// The shownAsData function is evaluated in pages by its source.
const SHOWN = `(${shownAsData.toString()})`;
const dataProblems = (scope, selector) => scope.evaluate(([src, sel]) => new Function(`return ${src}`)()(document.querySelector(sel)), [SHOWN, selector]);

test(`the lab page under ${LAB_LOADS} random links and ${LAB_CHANGES} random hash changes while playing (seed ${FUZZ_SEED})`, async (t) => {
  const rng = random(FUZZ_SEED ^ 0x1ab);
  const counts = { loads: 0, changes: 0, withIgnored: 0 };
  let page = null;
  let errors = [];
  for (let i = 0; i < LAB_LOADS; ++i) {
    const { hash } = labHash(rng);
    const url = `${env.server.url}index.html#${hash}`;
    const where = `load ${i}: #${hash.slice(0, 160)}`;
    if (page) await page.close();
    ({ page, errors } = await openPage(env.browser.context, url, { width: 1280, height: 900 }));
    await hookReady(page, 'bnlab');
    counts.loads += 1;
    const expected = parseHash(new URL(url).hash);
    const seen = await page.evaluate(() => ({
      notice: document.querySelector('[data-testid="notice"]').hidden ? '' : document.querySelector('[data-testid="notice-text"]').textContent,
      settings: window.bnlab.settings(),
    }));
    if (new URL(url).hash.includes('=')) assert.deepEqual(seen.settings, expected.state, where);
    if (expected.ignored.length) {
      counts.withIgnored += 1;
      assert.ok(seen.notice.includes(ignoredMessage(expected.ignored)), `${where}: notice "${seen.notice}"`);
    }
    await page.evaluate(() => document.getElementById('lab').scrollIntoView());
    await page.evaluate(() => window.bnlab.step(30));
    await answers(page, where);
    for (const id of ['fig-boundary-withBn', 'fig-boundary-withoutBn', 'fig-loss']) {
      const inked = await page.locator(`[data-testid="${id}"] canvas`).first().evaluate(canvasInk);
      assert.ok(inked.inked > 0.01, `${where}: ${id} is blank`);
    }
    assert.deepEqual(await dataProblems(page, '#lab'), [], `${where}: shown as data`);
    assert.deepEqual(errors, [], where);
  }
  // Then hash changes on the last page, with the player running.
  await page.evaluate(() => window.bnlab.play());
  for (let i = 0; i < LAB_CHANGES; ++i) {
    const { hash } = labHash(rng);
    const where = `change ${i}: #${hash.slice(0, 160)}`;
    await page.evaluate((h) => {
      location.hash = h;
      window.bnlab.play();
    }, hash);
    await answers(page, where);
    // A few frames of playing at the new settings, then the readouts and the drawing.
    const steps = await page.evaluate(() => window.bnlab.losses().step);
    await page.waitForFunction((s) => window.bnlab.losses().step > s || !window.bnlab.isPlaying(), steps, { timeout: 300_000 });
    counts.changes += 1;
    assert.deepEqual(await dataProblems(page, '#lab'), [], `${where}: shown as data`);
    const inked = await page.locator('[data-testid="fig-boundary-withBn"] canvas').first().evaluate(canvasInk);
    assert.ok(inked.inked > 0.01, `${where}: the boundary is blank`);
    assert.deepEqual(errors, [], where);
  }
  await page.close();
  t.diagnostic(`lab: ${JSON.stringify(counts)}`);
});

test(`the iframe page under ${EMBED_LOADS} random links and ${EMBED_CHANGES} hash changes (seed ${FUZZ_SEED})`, async (t) => {
  const rng = random(FUZZ_SEED ^ 0xe3b);
  const counts = { loads: 0, changes: 0, named: 0 };
  for (let i = 0; i < EMBED_LOADS; ++i) {
    let hash = embedHash(rng);
    const { page, errors } = await openPage(env.browser.context, `${env.server.url}web/embed/embed.html#${hash}`, { width: 900, height: 900 });
    for (let k = 0; k <= EMBED_CHANGES / EMBED_LOADS; ++k) {
      const where = `${k ? 'change' : 'load'} ${i}.${k}: #${hash.slice(0, 160)}`;
      if (k) {
        // The figure in place is marked (data- attributes are not bn-lab's), so the wait below sees the new one.
        const changed = await page.evaluate((h) => {
          const before = location.hash;
          document.querySelector('bn-lab').dataset.old = '';
          location.hash = h;
          return location.hash !== before;
        }, hash);
        if (!changed) continue;
        counts.changes += 1;
      } else {
        counts.loads += 1;
      }
      // The figure for this hash has drawn (a new hash is a new element).
      const spelled = await page.evaluate(() => location.hash.slice(1));
      await page.waitForFunction(() => typeof document.querySelector('bn-lab:not([data-old])')?.firstFrameTime === 'number',
        null, { timeout: 300_000 }).catch(async (e) => {
        const state = await page.evaluate(() => [...document.querySelectorAll('bn-lab')].map((el) => ({
          attributes: el.getAttributeNames(), firstFrameTime: el.firstFrameTime, text: el.shadowRoot?.textContent.slice(0, 300),
        }))).catch((x) => x.message);
        assert.fail(`${where}: the figure never drew (${e.message}): ${JSON.stringify(state)}; errors ${errors}`);
      });
      await answers(page, where);
      const names = embedIgnoredNames(spelled);
      counts.named += names.length;
      await checkElement(page, 'bn-lab', names, where);
      assert.deepEqual(await dataProblems(page, 'bn-lab'), [], `${where}: shown as data`);
      assert.deepEqual(errors, [], where);
      hash = embedHash(rng);
    }
    await page.close();
  }
  t.diagnostic(`iframe page: ${JSON.stringify(counts)}`);
});

test(`${ELEMENTS} <bn-lab> elements with random attributes, each then changed (seed ${FUZZ_SEED})`, async (t) => {
  const rng = random(FUZZ_SEED ^ 0xb1a);
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}tests/browser/fixtures/fuzz-host.html`, { width: 900, height: 900 });
  await page.waitForFunction(() => customElements.get('bn-lab') !== undefined);
  const counts = { elements: 0, changes: 0, attributes: 0, named: 0 };
  for (let i = 0; i < ELEMENTS; ++i) {
    const attributes = elementAttributes(rng);
    // Only bn-lab's own attributes rebuild the figure (it cannot observe others), so changes use those.
    const change = elementAttributes(rng).filter(([name]) => ATTRIBUTE_NAMES.includes(name)).slice(0, rng.int(1, 2));
    if (!change.length) change.push(['seed', String(rng.int(-5, 99))]);
    for (const [step, list] of [['made', attributes], ['changed', change]]) {
      const where = `element ${i} ${step}: ${JSON.stringify(list).slice(0, 200)}`;
      // One element at a time, at the top of the page (in view): the new one replaces the last.
      await page.evaluate(({ step, list }) => {
        if (step === 'made') {
          const el = document.createElement('bn-lab');
          el.id = 'fuzz';
          for (const [name, value] of list) el.setAttribute(name, value);
          document.body.replaceChildren(el);
        } else {
          const el = document.getElementById('fuzz');
          for (const [name, value] of list) el.setAttribute(name, value);
        }
      }, { step, list });
      // (A change rebuilds in a microtask, which has run by now: `ready` is the new figure's.)
      await page.waitForFunction(() => {
        const e = document.getElementById('fuzz');
        const notice = e.shadowRoot.querySelector('[data-testid="notice"]');
        return e.firstFrameTime !== null || (notice && !notice.hidden && notice.textContent !== '');
      }, null, { timeout: 300_000 }).catch(() => assert.fail(`${where}: the figure never drew`));
      await answers(page, where);
      const all = await page.evaluate(() => {
        const el = document.getElementById('fuzz');
        return el.getAttributeNames().map((n) => [n, el.getAttribute(n)]);
      });
      const map = new Map(all);
      const { ignored } = readAttributes((n) => map.get(n) ?? null, [...map.keys()]);
      counts.named += ignored.length;
      counts.attributes += list.length;
      await checkElement(page, '#fuzz', ignored.map((x) => x.name), where);
      assert.deepEqual(await dataProblems(page, '#fuzz'), [], `${where}: shown as data`);
      assert.deepEqual(errors, [], where);
      if (step === 'made') counts.elements += 1;
      else counts.changes += 1;
    }
  }
  await page.close();
  t.diagnostic(`elements: ${JSON.stringify(counts)}`);
});
