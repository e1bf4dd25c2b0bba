// The lab page's entry point (bundled into web/dist/lab.js, a classic script
// loaded after web/dist/bnlab.js): reads the settings from the URL hash, takes
// the page's engine (shared with the article), starts the lab, and exposes window.bnlab.

import { pageEngine } from '../engine.js';
import { parseHash, isSettingsHash, ignoredMessage } from '../state.js';
import { Lab } from './lab.js';
import { createView } from './view.js';
import { installShortcuts, whileOnScreen } from './keyboard.js';
import { fillHook } from './hook.js';

function showNotice(text) {
  const notice = document.querySelector('[data-testid="notice"]');
  notice.querySelector('[data-testid="notice-text"]').textContent = text;
  notice.hidden = false;
}

/**
 * Writes the settings into the address bar (history.replaceState: no new
 * history entry). Writes come at most every 250 ms, the last one always
 * lands: dragging a slider would otherwise trip the browser's limit on
 * replaceState calls.
 */
function hashWriter(minInterval = 250) {
  let last = -Infinity;
  let timer = 0;
  let pending = '';
  const write = () => {
    timer = 0;
    last = performance.now();
    history.replaceState(null, '', `#${pending}`);
  };
  return (hash) => {
    pending = hash;
    if (timer) return;
    const wait = last + minInterval - performance.now();
    if (wait <= 0) write();
    else timer = setTimeout(write, wait);
  };
}

async function start() {
  const { state, ignored } = parseHash(location.hash);
  const engine = await pageEngine();
  const lab = new Lab({
    engine,
    state,
    writeHash: hashWriter(),
    createView: (on) => createView(document, on),
  });
  if (ignored.length) showNotice(ignoredMessage(ignored));
  // On the article page the lab is one section (#lab): its keys are the lab's while it is on screen;
  // elsewhere they do what the browser does with them (Space scrolls the article).
  const section = document.getElementById('lab');
  installShortcuts(document, { toggle: () => lab.toggle(), step: () => lab.stepNow(1), reset: () => lab.reset() },
    { isActive: section ? whileOnScreen(section) : undefined });
  // A hash typed or pasted into the address bar.
  // (A link to a section of the article, "#inputs", is not a setting.)
  window.addEventListener('hashchange', () => {
    if (!isSettingsHash(location.hash)) return;
    const parsed = parseHash(location.hash);
    if (parsed.ignored.length) showNotice(ignoredMessage(parsed.ignored));
    lab.apply(parsed.state);
  });
  // The settings column starts open on wide screens and folded on phones.
  const settings = document.querySelector('[data-testid="settings"]');
  settings.open = matchMedia('(min-width: 900px)').matches;
  document.documentElement.dataset.ready = 'true';
  return lab;
}

const hook = { version: 1 };
hook.ready = start().then(
  (lab) => {
    fillHook(hook, lab);
  },
  (error) => {
    showNotice(`The lab could not start: ${error.message}`);
    document.documentElement.dataset.ready = 'error';
    throw error;
  },
);
window.bnlab = hook;
