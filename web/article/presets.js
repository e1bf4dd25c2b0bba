// Links from the article to the lab: its presets (web/lab/presets.js) and any
// run of settings (the first screen's). Each link is the lab's own URL hash for
// the settings over the lab's defaults: on the full page, following it makes
// the lab (which listens to hashchange) apply them; the link then scrolls to
// the lab.

import { PRESETS } from '../lab/presets.js';
import { defaults, toHash, withChanges } from '../state.js';

/**
 * A link that opens the lab with `settings` (web/state.js keys, over the defaults).
 * @param {Document} doc
 * @param {object} settings
 * @param {{text: string, testid?: string, id?: string, page?: string}} o page: the page holding the lab ('' = this one)
 * @returns {HTMLAnchorElement}
 */
export function labLink(doc, settings, { text, testid, id = 'custom', page = '' }) {
  const a = doc.createElement('a');
  a.href = `${page}#${toHash(withChanges(defaults(), settings))}`;
  a.dataset.labSettings = id; // web/article/anchors.js leaves these to the lab
  if (testid) a.dataset.testid = testid;
  a.textContent = text;
  a.addEventListener('click', () => {
    // Same page: the hash change reaches the lab; then bring the lab into view.
    if (!page) requestAnimationFrame(() => doc.getElementById('lab')?.scrollIntoView({ block: 'start' }));
  });
  return a;
}

/**
 * Fills every <ul data-lab-presets> with one link per preset. `data-lab-href`
 * on the list names the page holding the lab ('' = this page).
 * @param {Document} doc
 */
export function fillPresetLinks(doc) {
  for (const list of doc.querySelectorAll('ul[data-lab-presets]')) {
    const page = list.dataset.labHref ?? '';
    list.textContent = '';
    for (const p of PRESETS) {
      const a = labLink(doc, p.settings, { text: p.title, testid: `preset-link-${p.id}`, id: p.id, page });
      const li = doc.createElement('li');
      li.append(a, ` — ${p.text}`);
      list.append(li);
    }
  }
}
