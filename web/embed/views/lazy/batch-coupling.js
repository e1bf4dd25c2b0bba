// Entry of web/dist/bn-lab.view-batch-coupling.js (web/embed/lazy-views.js): the view of preset "batch-coupling"
// and its caption (web/claims/texts-embed-views.js: bn-lab.js does not carry it).

import { claimText } from '../../../claims/texts-embed-views.js';
import { registerView } from '../../lazy-views.js';
import { createBatchCouplingView } from '../batch-coupling.js';
import reallyCss from '../really.css';

registerView('batch-coupling', { create: (body, on, read) => createBatchCouplingView(body, on, read), css: reallyCss,
  caption: claimText('embed.batch-coupling.caption') });
