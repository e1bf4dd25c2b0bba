// Entry of web/dist/bn-lab.view-worked-example.js (web/embed/lazy-views.js): the view of preset
// "worked-example", the BN equations on the engine's numbers (bn-lab.js does not carry it).

import { registerView } from '../../lazy-views.js';
import { createWorkedExampleView } from '../worked-example.js';

registerView('worked-example', { create: (body, on, read) => createWorkedExampleView(body, read) });
