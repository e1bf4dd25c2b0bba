// Links from the article to the lab's presets (web/lab/presets.js). Each link
// is the lab's own URL hash for the preset's settings over the defaults: on
// the full page, following it makes the lab (which listens to hashchange)
// apply them; the link then scrolls to the lab.

import { PRESETS } from '../lab/presets.js';
import { defaults, toHash, withChanges } from '../state.js';

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
      const a = doc.createElement('a');
      a.href = `${page}#${toHash(withChanges(defaults(), p.settings))}`;
      a.dataset.labSettings = p.id;
      a.dataset.testid = `preset-link-${p.id}`;
      a.textContent = p.title;
      a.addEventListener('click', () => {
        // Same page: the hash change reaches the lab; then bring the lab into view.
        if (!page) requestAnimationFrame(() => doc.getElementById('lab')?.scrollIntoView({ block: 'start' }));
      });
      const li = doc.createElement('li');
      li.append(a, ` — ${p.text}`);
      list.append(li);
    }
  }
}
