// The article's figures by slot name (<figure data-figure="name">). Each is
// mount(slot, {engine, onDraw}) → {setVisible(v), info(), destroy()}.

import { mountHero } from './hero.js';
import { mountInputScaling } from './input-scaling.js';
import { mountDrift } from './drift.js';
import { mountCovariateShift } from './covariate-shift.js';
import { mountWorkedExample } from './worked-example.js';
import { mountTrainingLoop } from './training-loop.js';
import { mountSweep } from './sweep.js';
import { mountBatchNoise } from './batch-noise.js';
import { mountReallyRace } from './really-race.js';
import { mountReallyLandscape } from './really-landscape.js';
import { mountReallyCoupling } from './really-coupling.js';
import { mountTestTime } from './test-time.js';
import { mountSiblingsAxes } from './siblings-axes.js';
import { mountSiblingsRace } from './siblings-race.js';

export const FIGURES = {
  hero: mountHero,
  'input-scaling': mountInputScaling,
  drift: mountDrift,
  'covariate-shift': mountCovariateShift,
  'worked-example': mountWorkedExample,
  'training-loop': mountTrainingLoop,
  sweep: mountSweep,
  'batch-noise': mountBatchNoise,
  'really-race': mountReallyRace,
  'really-landscape': mountReallyLandscape,
  'really-coupling': mountReallyCoupling,
  'test-time': mountTestTime,
  'siblings-axes': mountSiblingsAxes,
  'siblings-race': mountSiblingsRace,
};
