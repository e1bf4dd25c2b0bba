// Shared by the browser tests of the article's figures (article-really,
// article-siblings): open the article, reach a figure by its slot name, read
// its info(), wait on it, and measure what sticks out sideways. Every wait is
// on a condition.
import { hookReady, openPage } from './browser.mjs';

/** Opens index.html (plus `hash`) and waits for window.bnArticle.ready. */
export async function openArticle(env, { width = 1280, height = 900, hash = '' } = {}) {
  const opened = await openPage(env.browser.context, `${env.server.url}index.html${hash}`, { width, height });
  await hookReady(opened.page, 'bnArticle');
  return opened;
}

export const slot = (page, name) => page.locator(`figure[data-figure="${name}"]`);
export const info = (page, name) => page.evaluate((n) => window.bnArticle.figures[n].info(), name);

/** Waits until a figure's info() (as `i`) satisfies a JavaScript expression, checked in the page. */
export const until = (page, name, predicate) => page.waitForFunction(
  `(() => { const i = window.bnArticle.figures[${JSON.stringify(name)}]?.info(); return Boolean(i && (${predicate})); })()`,
  null, { timeout: 120_000, polling: 100 });

/** Scrolls a figure into view and waits until it is mounted. */
export async function show(page, name) {
  await slot(page, name).scrollIntoViewIfNeeded();
  await page.waitForFunction((n) => window.bnArticle.figures[n] !== undefined, name);
}

/**
 * The page's scroll width and the viewport's, and the figures (by slot name) of which one of `selector`'s
 * elements sticks out to the right of the viewport.
 */
export const sideways = (page, selector) => page.evaluate((sel) => ({
  scroll: document.documentElement.scrollWidth,
  width: innerWidth,
  wide: [...document.querySelectorAll(sel)]
    .filter((el) => el.getBoundingClientRect().right > innerWidth + 0.5)
    .map((el) => el.closest('figure')?.dataset.figure ?? el.tagName),
}), selector);
