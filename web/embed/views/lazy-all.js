// Every view that bn-lab.js loads from a bundle of its own (web/embed/lazy-views.js), registered at
// once: bn-lab.inline.js carries them all, since it is the one file that must work anywhere.

import './lazy/paper.js';
import './lazy/noisy-bn.js';
import './lazy/landscape.js';
import './lazy/batch-coupling.js';
import './lazy/histograms.js';
import './lazy/test-time.js';
import './lazy/worked-example.js';
