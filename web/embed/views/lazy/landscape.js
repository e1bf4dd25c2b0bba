// Entry of web/dist/bn-lab.view-landscape.js (web/embed/lazy-views.js): the view of preset "landscape"
// and its caption (web/claims/texts-embed-views.js: bn-lab.js does not carry it).

import { claimText } from '../../../claims/texts-embed-views.js';
import { registerView } from '../../lazy-views.js';
import { createLandscapeView } from '../landscape.js';
import reallyCss from '../really.css';

registerView('landscape', { create: (body) => createLandscapeView(body), css: reallyCss,
  caption: claimText('embed.landscape.caption') });
