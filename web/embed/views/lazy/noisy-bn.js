// Entry of web/dist/bn-lab.view-noisy-bn.js (web/embed/lazy-views.js): the view of preset "noisy-bn"
// and its caption (web/claims/texts-embed-views.js: bn-lab.js does not carry it).

import { claimText } from '../../../claims/texts-embed-views.js';
import { registerView } from '../../lazy-views.js';
import { createNoisyBnView } from '../noisy-bn.js';
import reallyCss from '../really.css';

registerView('noisy-bn', { create: (body) => createNoisyBnView(body), css: reallyCss,
  caption: claimText('embed.noisy-bn.caption') });
