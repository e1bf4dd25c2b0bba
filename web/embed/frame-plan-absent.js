// What the embed's bundles read for web/lab/frame-plan.js (web/build.mjs, embed-facade): an
// embedded figure's view has no parts of its own (web/embed/frame.js), so the lab's controller
// draws whole frames and never asks for a plan of which parts to redraw.

export function createFramePlan() {
  throw new Error('an embedded figure draws whole frames: it has no frame plan');
}

export function watchSight() {
  throw new Error('an embedded figure draws whole frames: nothing watches which parts are in view');
}
