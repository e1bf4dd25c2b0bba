// Entry of web/dist/bn-lab.view-histograms.js (web/embed/lazy-views.js): the view of preset "histograms"
// with the lab's distribution and percentile figures, and its caption (web/claims/texts-embed-views.js:
// bn-lab.js does not carry them).

import { claimText } from '../../../claims/texts-embed-views.js';
import { registerView } from '../../lazy-views.js';
import { createHistogramsView } from '../histograms.js';

registerView('histograms', { create: (body, on) => createHistogramsView(body, on),
  caption: claimText('embed.histograms.caption') });
