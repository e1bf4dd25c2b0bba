// The claims ledger: every sentence on the site that says what a figure shows,
// registered once with the settings it is about and a check over the engine's
// output. tests/web/claims-<group>.test.mjs run every check over its seeds and fail on
// any claim the engine does not support; tests/web/claims.test.mjs checks that each
// sentence appears, word for word, where the claim says it does.
//
// A claim:
//   id        'area.name', unique ('lab.preset.sigmoid', 'article.sweep.summary', …)
//   text      the sentence as the reader sees it (tags stripped, whitespace collapsed; inline
//             TeX as written in the source); for a readout produced by code, the template
//   where     where the text lives, one or more of:
//               {file: 'index.html'}           an element with data-claim="<id>" whose text is `text`
//               {file: 'README.md'}            text between <!-- claim:<id> --> and <!-- /claim -->
//               {module: 'web/lab/presets.js'} JavaScript that shows it through claimText('<id>')
//   figure    which figure it describes (free text: 'lab', 'sweep', 'paper fig 1b', …)
//   seeds     the seeds the check runs over: ≥ 5 of them, or the one seed a figure is fixed to
//   measure   async (engine, seed) => data: runs the engine at the figure's settings
//   check     (runs) => string[]: runs = [{seed, data}], returns what is wrong (empty: the claim holds)
//
// Helpers for measure/check live in web/claims/measure.js. The per-area lists
// are in web/claims/<area>.js; this file only joins them.

import { LAB_CLAIMS } from './lab.js';
import { EMBED_CLAIMS } from './embed.js';
import { ARTICLE_CLAIMS } from './article.js';
import { PAPER_CLAIMS } from './paper.js';

/** Every claim, in page order within each area. */
export const CLAIMS = Object.freeze([...LAB_CLAIMS, ...EMBED_CLAIMS, ...ARTICLE_CLAIMS, ...PAPER_CLAIMS]);

const BY_ID = new Map();
for (const c of CLAIMS) {
  if (BY_ID.has(c.id)) throw new Error(`claims ledger: duplicate id ${c.id}`);
  BY_ID.set(c.id, c);
}

/** The claim registered under `id`; throws for an unknown id (a typo must not show an empty sentence). */
export function claim(id) {
  const c = BY_ID.get(id);
  if (!c) throw new Error(`claims ledger: no claim '${id}'`);
  return c;
}

// Pages show the sentences through web/claims/texts.js (generated from this
// ledger, text only); checks may use the same helpers.
export { claimText, fill } from './texts.js';
