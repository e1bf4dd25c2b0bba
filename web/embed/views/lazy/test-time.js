// Entry of web/dist/bn-lab.view-test-time.js (web/embed/lazy-views.js): the view of preset "test-time"
// with the lab's parameter figure, and its caption (web/claims/texts-embed-views.js: bn-lab.js does
// not carry them).

import { claimText } from '../../../claims/texts-embed-views.js';
import { registerView } from '../../lazy-views.js';
import { createTestTimeView } from '../test-time.js';

registerView('test-time', { create: (body) => createTestTimeView(body), caption: claimText('embed.test-time.caption') });
