// Entry of web/dist/bn-lab.view-paper.js: Figure 1's experiment (web/paper/) and its stylesheet,
// loaded only by a <bn-lab preset="paper"> (web/embed/lazy-views.js). Its Workers and digits are
// found beside this script (web/paper/mount.js reads document.currentScript while it runs).

import paperCss from '../../../paper/paper.css';
import { registerView } from '../../lazy-views.js';
import { createPaperView } from '../paper.js';

registerView('paper', { create: (body, opts) => createPaperView(body, opts), css: paperCss });
