// The lab and the embeds tell the truth and can be used on a phone: the lab
// starts by itself the first time it is seen (not with reduced motion), its
// readout states what the numbers show, the player stays reachable on a phone
// with the two boundaries side by side, jumps stop below the sticky player,
// presets reset the layer shown, no number prints "− −", an embed's notes name
// only the controls it shows, embed labels are ≥ 12 px. Screenshots of the lab
// after 30 s worth of steps go to tests/artifacts/. Every wait is for a
// condition (the hook, frames, scroll and intersection reports), never a time.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTIFACTS, frames, hookReady, openPage, scrollSettled, testid, useBrowser, visibility } from './browser.mjs';

const env = useBrowser({ artifacts: true });

/** About 30 s of play at the default speed: 10 steps per frame at 60 frames per second. */
const THIRTY_SECONDS = 18000;
/** web/lab/autoplay.js's DWELL_FRAMES, twice: long enough for the lab to have started if it were going to. */
const WAIT_FRAMES = 60;

const isPlaying = (page) => page.evaluate(() => window.bnlab.isPlaying());
const rect = (locator) => locator.evaluate((el) => el.getBoundingClientRect().toJSON());

/** Opens index.html (the article, the lab at #lab) at a viewport size, optionally with reduced motion. */
async function openArticle(hash = '', { width = 1280, height = 900, reducedMotion } = {}) {
  const { page, errors } = await openPage(env.browser.context, 'about:blank', { width, height });
  if (reducedMotion) await page.emulateMedia({ reducedMotion });
  await page.goto(`${env.server.url}index.html${hash}`);
  await hookReady(page, 'bnlab');
  return { page, errors };
}

test('the lab starts playing the first time it scrolls into view, and not before', async () => {
  const { page, errors } = await openArticle('', { reducedMotion: 'no-preference' });
  await frames(page, WAIT_FRAMES);
  assert.equal(await isPlaying(page), false, 'the lab plays while off screen');
  assert.equal(await page.evaluate(() => window.bnlab.losses().step), 0);
  await page.evaluate(() => document.getElementById('lab').scrollIntoView());
  await page.waitForFunction(() => window.bnlab.isPlaying());
  await page.waitForFunction(() => window.bnlab.losses().step > 0);
  await page.evaluate(() => window.bnlab.pause());
  assert.deepEqual(errors, []);
  await page.close();
});

test('with prefers-reduced-motion the lab waits for Play', async () => {
  const { page, errors } = await openArticle('#lab', { reducedMotion: 'reduce' });
  await visibility(testid(page, 'player'), true);
  await frames(page, WAIT_FRAMES);
  assert.equal(await isPlaying(page), false, 'the lab started although the reader asked for reduced motion');
  await testid(page, 'play').click();
  assert.equal(await isPlaying(page), true);
  await page.evaluate(() => window.bnlab.pause());
  assert.deepEqual(errors, []);
  await page.close();
});

test('the readout says who reached X first and who is ahead now, from the recorded numbers', async () => {
  const { page, errors } = await openArticle('#lab', { reducedMotion: 'reduce' });
  const readout = () => testid(page, 'speedup').textContent();
  assert.match(await readout(), /^Neither network has reached train loss 0\.1 yet\. Now /);
  const r = await page.evaluate(() => {
    window.bnlab.step(2000);
    const h = window.bnlab.history();
    const first = (t) => h[t].trainLoss.findIndex((v) => v <= 0.1);
    return { bn: h.steps[first('withBn')], plain: first('withoutBn') < 0 ? null : h.steps[first('withoutBn')],
      bnNow: h.withBn.trainLoss.at(-1), plainNow: h.withoutBn.trainLoss.at(-1) };
  });
  const text = await readout();
  assert.ok(r.bn !== undefined && (r.plain === null || r.bn < r.plain), `BN first at the defaults: ${JSON.stringify(r)}`);
  assert.ok(text.startsWith(`BN reached train loss 0.1 first: step ${r.bn}, without BN `), text);
  assert.ok(text.includes(r.bnNow < r.plainNow ? 'Now BN ahead' : 'Now BN behind'), text);
  // The old default, where BN plateaus: the same words turn to "behind".
  await testid(page, 'preset-batch-noise').click();
  await page.evaluate(() => window.bnlab.step(5000));
  assert.match(await readout(), /^BN reached train loss 0\.1 first: step \d+, without BN step \d+\. Now BN behind: /);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a preset resets the layer shown (the last layer of its network)', async () => {
  const { page, errors } = await openArticle('#lab', { reducedMotion: 'reduce' });
  await page.evaluate(() => window.bnlab.apply({ layer: 2, unit: 3 }));
  await testid(page, 'preset-deep').click();
  let s = await page.evaluate(() => window.bnlab.settings());
  assert.equal(s.hidden.length, 8);
  assert.deepEqual([s.layer, s.unit], [8, 1]);
  await page.evaluate(() => window.bnlab.apply({ layer: 7 }));
  await testid(page, 'preset-regularization').click();
  s = await page.evaluate(() => window.bnlab.settings());
  assert.deepEqual([s.hidden.length, s.layer], [4, 4]);
  assert.equal(await testid(page, 'preset-regularization').getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a 375 px phone the player stays on screen and the two boundaries sit side by side', async () => {
  const { page, errors } = await openArticle('#lab', { width: 375, height: 800, reducedMotion: 'reduce' });
  await page.evaluate(() => window.bnlab.step(300));
  // Far down the lab (the loss chart, the histograms): the player is still at the top of the screen.
  for (const id of ['fig-loss', 'fig-distributions-withoutBn']) {
    await testid(page, id).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await scrollSettled(page);
    const player = await rect(testid(page, 'player'));
    assert.ok(Math.abs(player.top) < 1 && player.bottom < 800 * 0.3, `player ${JSON.stringify(player)} with ${id} on screen`);
    assert.ok(await testid(page, 'play').isVisible());
  }
  await testid(page, 'panel-withBn').evaluate((el) => el.scrollIntoView());
  await scrollSettled(page);
  const [a, b] = [await rect(testid(page, 'fig-boundary-withBn')), await rect(testid(page, 'fig-boundary-withoutBn'))];
  assert.ok(Math.abs(a.top - b.top) < 2, `the boundaries are not side by side: ${a.top} vs ${b.top}`);
  assert.ok(a.width >= 140 && b.width >= 140 && a.left >= 0 && b.right <= 375, `${JSON.stringify(a)} ${JSON.stringify(b)}`);
  assert.ok(a.bottom <= 800, 'both boundaries fit on the screen at once');
  await page.screenshot({ path: `${ARTIFACTS}lab-phone-panels.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [width, height] of [[1280, 900], [375, 800]]) {
  test(`at ${width}×${height}, jumping to #lab or to a panel never leaves a panel's top under the sticky player`, async () => {
    const { page, errors } = await openArticle('#lab', { width, height, reducedMotion: 'reduce' });
    await scrollSettled(page);
    const below = async (id) => {
      const [p, r] = [await rect(testid(page, 'player')), await rect(testid(page, id))];
      return r.top >= height || r.top >= p.bottom - 0.5 ? null : `${id} top ${r.top} is under the player (bottom ${p.bottom})`;
    };
    for (const id of ['panel-withBn', 'panel-withoutBn']) assert.equal(await below(id), null, 'after the jump to #lab');
    // From further down (the player stuck at the top), bring each card's panel into view as a link would.
    for (const id of ['panel-withBn', 'panel-withoutBn', 'fig-loss']) {
      await testid(page, 'fig-parameters').evaluate((el) => el.scrollIntoView());
      await scrollSettled(page);
      await testid(page, id).evaluate((el) => (el.closest('.panel') ?? el.closest('.card')).scrollIntoView());
      await scrollSettled(page);
      assert.equal(await below(id), null, `scrolling ${id} into view`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('no number in the lab prints two minus signs in a row, in any preset', async () => {
  const { page, errors } = await openArticle('#lab', { reducedMotion: 'reduce' });
  const ids = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="preset-"]')]
    .map((b) => b.dataset.testid).filter((id) => id !== 'preset-text'));
  assert.ok(ids.length >= 8, `presets: ${ids}`);
  for (const id of ids) {
    await testid(page, id).click();
    await page.evaluate(() => window.bnlab.step(400));
    const text = await page.evaluate(() => document.getElementById('lab').innerText);
    const m = text.match(/.{0,30}[−-]\s*[−-].{0,30}/);
    assert.equal(m, null, `${id}: “${m?.[0]}”`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

/** Opens one embedded figure through embed.html (attributes in the hash) and waits until it has drawn. */
async function openEmbed(hash, { width = 800, height = 900 } = {}) {
  const { page, errors } = await openPage(env.browser.context, `${env.server.url}web/embed/embed.html#${hash}`, { width, height });
  await page.waitForFunction(() => document.querySelector('bn-lab')?.ready);
  await page.evaluate(() => document.querySelector('bn-lab').ready);
  return { page, errors };
}

/** Every text of the embed's shadow root, and which controls it shows (data-testids). */
const embedText = (page) => page.evaluate(() => {
  const root = document.querySelector('bn-lab').shadowRoot;
  const shown = (el) => el.offsetParent !== null || el.getClientRects().length > 0;
  return {
    text: [...root.querySelectorAll('p, .banner')].filter(shown).map((p) => p.textContent).join('\n'),
    controls: [...root.querySelectorAll('[data-testid]')].filter(shown).map((e) => e.dataset.testid),
  };
});

/** What a note may only say where the figure shows the control it names. */
const MENTIONS = [
  [/\bswitch\b/i, 'control-evalMode'],
  [/learning rate/i, 'control-learningRate'],
  [/\breset\b/i, 'reset'],
  [/pick another layer/i, 'control-layer'],
  [/\bPlay\b/, 'play'],
];

for (const [preset, extra] of [['test-time', ''], ['twin', '&dataset=regression&activation=relu&learning-rate=3'], ['worked-example', '&bn=1,0'],
  ['histograms', ''], ['covariate-shift', ''], ['siblings', '']]) {
  test(`embed "${preset}": its notes mention only controls it shows, with controls none, minimal and full`, async () => {
    for (const controls of ['none', 'minimal', 'full']) {
      const { page, errors } = await openEmbed(`preset=${preset}&controls=${controls}&autoplay=false${extra}`);
      await page.evaluate(() => {
        const el = document.querySelector('bn-lab');
        el.step(300);
        if (el.settings().bn.includes(false)) {
          // the worked example on its layer without BN: the note that says so
          el.setAttribute('layer', String(el.settings().bn.indexOf(false) + 1));
        }
      });
      await page.waitForFunction(() => document.querySelector('bn-lab')?.ready);
      await page.evaluate(async () => {
        const el = document.querySelector('bn-lab');
        await el.ready;
        el.step(1);
      });
      const { text, controls: shown } = await embedText(page);
      for (const [words, control] of MENTIONS) {
        if (words.test(text)) {
          assert.ok(shown.includes(control), `${preset}, controls=${controls}: a note mentions ${words} but the figure `
            + `shows no ${control}:\n${text}`);
        }
      }
      if (preset === 'twin') assert.match(text, /Diverged at step \d+/, 'the diverged banner is exercised');
      if (preset === 'worked-example') assert.match(text, /Layer 2 has no batch norm/, 'the no-BN note is exercised');
      if (preset === 'test-time') {
        assert.equal(says(text, /The switch above/), controls !== 'none', `${preset}, controls=${controls}: the switch note`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}
const says = (text, re) => re.test(text);

test('embed control labels are at least 12 px, even on a page whose root font size is 10 px', async () => {
  for (const preset of ['twin', 'test-time', 'worked-example']) {
    const { page, errors } = await openEmbed(`preset=${preset}&controls=full&autoplay=false`);
    await page.evaluate(() => { document.documentElement.style.fontSize = '10px'; });
    const sizes = await page.evaluate(() => {
      const root = document.querySelector('bn-lab').shadowRoot;
      const sel = '.control > label, fieldset.control > legend, .seg span, .value, .help, .bnl-readout, .caption, button, .counter';
      return [...root.querySelectorAll(sel)].filter((e) => e.textContent.trim())
        .map((e) => ({ text: e.textContent.trim().slice(0, 30), px: parseFloat(getComputedStyle(e).fontSize) }));
    });
    assert.ok(sizes.length > 5, `${preset}: labels found: ${sizes.length}`);
    const small = sizes.filter((s) => s.px < 12);
    assert.deepEqual(small, [], `${preset}: text below 12 px`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

for (const [width, height] of [[1280, 900], [375, 800]]) {
  test(`screenshot at ${width}×${height}: the lab after 30 s of play at the defaults shows BN ahead, as its text says`, async () => {
    const { page, errors } = await openArticle('#lab', { width, height, reducedMotion: 'reduce' });
    const losses = await page.evaluate((n) => {
      window.bnlab.step(n);
      return window.bnlab.losses();
    }, THIRTY_SECONDS);
    assert.equal(losses.step, THIRTY_SECONDS);
    assert.ok(losses.withBn.trainLoss < losses.withoutBn.trainLoss, JSON.stringify(losses));
    assert.ok(losses.withBn.testLoss < losses.withoutBn.testLoss, JSON.stringify(losses));
    assert.match(await testid(page, 'speedup').textContent(), /^BN reached train loss 0\.1 first: .* Now BN ahead: /);
    assert.equal(await testid(page, 'preset-default').getAttribute('aria-pressed'), 'true');
    assert.match(await testid(page, 'preset-text').textContent(), /BN stays ahead up to step 20,000/);
    await testid(page, 'panel-withBn').evaluate((el) => el.scrollIntoView());
    await scrollSettled(page);
    await frames(page, 2);
    await page.screenshot({ path: `${ARTIFACTS}lab-30s-${width}.png` });
    // The loss chart too (below the panels on both sizes).
    await testid(page, 'fig-loss').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await scrollSettled(page);
    await page.screenshot({ path: `${ARTIFACTS}lab-30s-${width}-loss.png` });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
