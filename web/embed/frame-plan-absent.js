// What the embed's bundles read for web/lab/frame-plan.js (web/build.mjs, embed-facade): an
// embedded figure's view has no parts of its own (web/embed/frame.js), so the lab's controller
// draws whole frames and never asks for a plan of which parts to redraw, nor watches them.

function absent() {
  throw new Error('an embedded figure draws whole frames: it has no frame plan');
}

export { absent as createFramePlan, absent as watchSight };
