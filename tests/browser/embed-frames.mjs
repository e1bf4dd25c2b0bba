// Waits on embed iframes (web/embed/embed.html inside a page), for the embed and blog tests.
import { frames, until } from './browser.mjs';

/**
 * The embed iframe's Frame, once its <bn-lab> has drawn. The frame may navigate again first (from disk,
 * iframe-resize.js replaces the sandboxed iframe by an unsandboxed copy): a wait cut short by a
 * navigation starts again on the iframe's new document.
 */
export async function embedFrame(page, selector = 'iframe[data-bn-lab]') {
  const iframe = page.locator(selector);
  const end = Date.now() + 60_000;
  while (Date.now() < end) {
    const frame = await (await iframe.elementHandle()).contentFrame();
    if (!frame) {
      await frames(page, 1);
      continue;
    }
    try {
      await frame.waitForFunction(() => typeof document.querySelector('bn-lab')?.firstFrameTime === 'number', null,
        { timeout: Math.max(1, end - Date.now()) });
      return frame;
    } catch (e) {
      if (!/destroyed|detached|navigat/i.test(e.message)) throw e;
    }
  }
  throw new Error('the embed iframe never drew its figure');
}

/** The iframe's height and its content's, in CSS pixels, once they agree to 1 px (the resize snippet has run). */
export async function iframeFits(page, iframe, frame) {
  const measure = async () => ({
    inner: await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
    outer: await iframe.evaluate((f) => f.getBoundingClientRect().height),
  });
  let size = await measure();
  await until(page, async () => {
    size = await measure();
    return Math.abs(size.inner - size.outer) <= 1;
  }, { timeout: 20_000, message: 'the iframe to fit its content' }).catch(() => {});
  return size;
}

