// The article's entry point (bundled by web/build.mjs into
// web/dist/article.js, a classic script loaded after web/dist/bnlab.js):
// puts in the math typeset at build time (math.js), takes the page's engine (shared with the lab), and mounts
// each <figure data-figure> when it comes near the viewport. Exposes
// window.bnArticle for tests.

import { pageEngine } from '../engine.js';
import { renderMath } from './math.js';
import { mountWhenNear } from './mount.js';
import { installAnchors } from './anchors.js';
import { fillPresetLinks } from './presets.js';
import { FIGURES } from './demos/index.js';

const hook = { version: 1, timings: {}, figures: {}, errors: [] };
window.bnArticle = hook;

function showFailure(slot, message) {
  const p = document.createElement('p');
  p.className = 'fig-error';
  p.setAttribute('role', 'alert');
  p.textContent = message;
  slot.append(p);
}

async function start() {
  const math = renderMath(document);
  hook.timings.mathRendered = performance.now();
  for (const tex of math.missing) hook.errors.push(`math not typeset (run node web/tools/prerender-math.mjs): ${tex}`);
  installAnchors(document);
  fillPresetLinks(document);
  const engine = await pageEngine();
  hook.timings.engineLoaded = performance.now();
  const onDraw = () => {
    hook.timings.firstFigureDrawn ??= performance.now();
  };
  const slots = document.querySelectorAll('figure[data-figure]');
  mountWhenNear(slots, (slot) => {
    const name = slot.dataset.figure;
    const mount = FIGURES[name];
    if (!mount) {
      showFailure(slot, `No figure named “${name}”.`);
      return null;
    }
    try {
      const figure = mount(slot, { engine, onDraw });
      hook.figures[name] = figure;
      slot.dataset.mounted = 'true';
      return figure;
    } catch (e) {
      hook.errors.push(`${name}: ${e.message}`);
      showFailure(slot, `This figure could not start: ${e.message}`);
      throw e;
    }
  });
  document.documentElement.dataset.articleReady = 'true';
}

hook.ready = start().catch((e) => {
  document.documentElement.dataset.articleReady = 'error';
  hook.errors.push(e.message);
  throw e;
});
