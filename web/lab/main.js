// The lab page's entry point (bundled into web/dist/lab.js, a classic script
// loaded after web/dist/bnlab.js): takes the page's engine (shared with the
// article), reads the settings from the URL hash, starts the lab, keeps the
// lab and the address bar in step (address.js), and exposes window.bnlab.

import { pageEngine } from '../engine.js';
import { defaults, parseHash, ignoredMessage, toHash } from '../state.js';
import { Lab } from './lab.js';
import { createView } from './view.js';
import { installShortcuts, whileOnScreen } from './keyboard.js';
import { fillHook } from './hook.js';
import { createAddressBar } from './address.js';
import { createDataPanel } from './data-panel.js';

function showNotice(text) {
  const notice = document.querySelector('[data-testid="notice"]');
  notice.querySelector('[data-testid="notice-text"]').textContent = text;
  notice.hidden = !text;
}

async function start() {
  const engine = await pageEngine();
  // The hash is read once the engine is there, so a link changed while it loaded is the one that counts.
  const { state, ignored } = parseHash(location.hash);
  let lab = null;
  let linkNotice = ''; // the notice about the last link read, cleared by a clean link
  const address = createAddressBar({
    // A hash typed or pasted into the address bar, or a preset link.
    // (A link to a section of the article, "#inputs", is not a setting.)
    onSettingsHash: (hash) => {
      if (!lab) return;
      const parsed = parseHash(hash);
      let message = ignoredMessage(parsed.ignored);
      try {
        lab.apply(parsed.state);
      } catch (e) {
        // The lab keeps the settings in force and says why; the address bar goes back to them.
        message = [message, `The engine refused the settings of the link: ${e.message}`].filter(Boolean).join(' ');
        address.write(toHash(lab.state));
      }
      const current = document.querySelector('[data-testid="notice-text"]').textContent;
      if (message) showNotice(message);
      else if (linkNotice && current === linkNotice) showNotice('');
      linkNotice = message;
    },
  });
  lab = new Lab({
    engine,
    state,
    writeHash: (hash) => address.write(hash),
    readHash: () => address.read(),
    createView: (on) => createView(document, on),
    fallback: defaults(),
  });
  const dataPanel = createDataPanel(document, lab);
  lab.onSettings((s) => dataPanel.sync(s));
  linkNotice = [ignoredMessage(ignored), lab.refused].filter(Boolean).join(' ');
  if (linkNotice) showNotice(linkNotice);
  // On the article page the lab is one section (#lab): its keys are the lab's while it is on screen;
  // elsewhere they do what the browser does with them (Space scrolls the article).
  const section = document.getElementById('lab');
  installShortcuts(document, { toggle: () => lab.toggle(), step: () => lab.stepNow(1), reset: () => lab.reset() },
    { isActive: section ? whileOnScreen(section) : undefined });
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
