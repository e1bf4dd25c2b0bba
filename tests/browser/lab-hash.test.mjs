// The lab and the address bar never race: 600 seeded random hash changes on an
// open page (valid, invalid, mixed, malformed escapes, links to sections), made
// while nothing happens, right after a settings change whose throttled
// address-bar write is still pending, while the player's frames run, two in a
// row, and timed to land together with that pending write. After each, the
// settings in force are exactly what the pure parser (web/state.js parseHash)
// reads from the new URL, the notice names every ignored key (and is gone for
// a clean link), and the address bar still reproduces the settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { clip, ignoredMessage, parseHash, SETTINGS } from '../../web/state.js';
import { hookReady, openPage, until, useBrowser } from './browser.mjs';
import { FUZZ_SEED, labHash, random, validValue } from './fuzz-input.mjs';

const CHANGES = 600;
const env = useBrowser();

/** How the new hash arrives. */
const MODES = ['quiet', 'pending-write', 'playing', 'twice', 'with-the-write'];

/** A random valid settings change, as the hook takes it (hash text values). */
function randomChange(rng) {
  const s = rng.pick(SETTINGS.filter((x) => x.key !== 'speed')); // keep frames short: speed stays as the links set it
  return { [s.key]: validValue(rng, s) };
}

test(`${CHANGES} random hash changes: the page reads each before it writes, and its settings equal parseHash(new URL) (seed ${FUZZ_SEED})`, async (t) => {
  const rng = random(FUZZ_SEED);
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}index.html`, { width: 1280, height: 900 });
  await hookReady(page, 'bnlab');
  // The test's own listener, added after the page's: once it has seen a change, the page has handled it.
  await page.evaluate(() => {
    window.seenHashes = [];
    window.addEventListener('hashchange', (e) => window.seenHashes.push(e.newURL));
  });
  const counts = Object.fromEntries(MODES.map((m) => [m, 0]));
  const kinds = {};
  let withIgnored = 0;
  let previous = await page.evaluate(() => window.bnlab.settings());

  for (let i = 0; i < CHANGES; ++i) {
    const mode = rng.pick(MODES);
    const { kind, hash } = labHash(rng);
    const first = mode === 'twice' ? labHash(rng).hash : null;
    const change = randomChange(rng);
    const delay = 230 + rng.int(0, 40);
    counts[mode] += 1;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const where = `change ${i} (${mode}, ${kind}): #${hash.slice(0, 200)}`;

    // Sets the hash the way the mode says; returns the URL right after (as the browser spelled it) and
    // whether it changed, once it has been set.
    const set = await page.evaluate(async ({ mode, hash, first, change, delay }) => {
      const before = location.href;
      // What the last change left: the address bar must still read as the settings in force.
      const last = { hash: location.hash, settings: window.bnlab.settings() };
      const go = () => {
        if (first !== null) location.hash = first;
        location.hash = hash;
        return { href: location.href, changed: location.href !== before, last };
      };
      try {
        if (mode === 'pending-write') {
          window.bnlab.apply(change);
          window.bnlab.apply({ logY: !window.bnlab.settings().logY }); // a second write within 250 ms: it waits
        } else if (mode === 'playing') {
          window.bnlab.play();
        } else if (mode === 'with-the-write') {
          window.bnlab.apply(change);
          window.bnlab.apply({ logY: !window.bnlab.settings().logY });
          // Lands in the same turn as the page's throttled write: the old page wrote its settings back first.
          return await new Promise((resolve) => setTimeout(() => resolve(go()), delay));
        }
      } catch (e) {
        return { error: e.message };
      }
      return go();
    }, { mode, hash, first, change, delay });
    assert.equal(set.error, undefined, `${where}: ${set.error}`);
    if (set.last.hash.includes('=')) {
      assert.deepEqual(parseHash(set.last.hash).state, set.last.settings,
        `before ${where}: the page wrote ${set.last.hash} over the settings in force`);
    }
    const newHash = new URL(set.href).hash;
    if (set.changed) {
      await page.waitForFunction((href) => window.seenHashes.includes(href), set.href, { timeout: 300_000 });
    }

    // The notice first (the hook reads the address bar before it answers), then the settings.
    const seen = await page.evaluate(() => ({
      noticeHidden: document.querySelector('[data-testid="notice"]').hidden,
      notice: document.querySelector('[data-testid="notice-text"]').textContent,
      settings: window.bnlab.settings(),
      hash: location.hash,
    }));
    const expected = parseHash(newHash);
    if (!newHash.includes('=')) {
      // A link to a section: the settings stay.
      if (mode !== 'pending-write' && mode !== 'with-the-write') assert.deepEqual(seen.settings, previous, where);
    } else {
      assert.deepEqual(seen.settings, expected.state, `${where}: the settings are not parseHash(new URL)`);
      if (expected.ignored.length) {
        withIgnored += 1;
        assert.equal(seen.noticeHidden, false, `${where}: no notice for ${expected.ignored.length} ignored keys`);
        assert.ok(seen.notice.includes(ignoredMessage(expected.ignored)), `${where}: the notice says "${seen.notice}"`);
        for (const { key } of expected.ignored) assert.ok(seen.notice.includes(clip(key)), `${where}: "${key}" is not named`);
      } else {
        assert.ok(seen.noticeHidden || !seen.notice.startsWith('Ignored from the link'),
          `${where}: a clean link leaves an old notice: "${seen.notice}"`);
      }
    }
    // The address bar reproduces the settings (a link to a section leaves it alone until the next change).
    if (seen.hash.includes('=')) assert.deepEqual(parseHash(seen.hash).state, seen.settings, `${where}: the address bar holds ${seen.hash}`);
    if (mode === 'playing') await page.evaluate(() => window.bnlab.pause());
    previous = seen.settings;
  }
  // After all that, a change still reaches the address bar (the throttled writer was not left stuck).
  const final = await page.evaluate(() => {
    window.bnlab.pause();
    window.bnlab.apply({ seed: 4242 });
    return `#${window.bnlab.hash()}`;
  });
  await until(page, async () => (await page.evaluate(() => location.hash)) === final, { message: 'the last write' });
  t.diagnostic(`modes: ${JSON.stringify(counts)}; hashes: ${JSON.stringify(kinds)}; ${withIgnored} with ignored keys`);
  assert.deepEqual(errors, []);
  await page.close();
});
