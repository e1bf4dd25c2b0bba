// What the embed's bundles read where the facade imports web/engine-reference.js (web/build.mjs
// swaps it in): the same engineError, and referenceStep / batchNorm that say they are not here.
// The embed's engine (bnlab-embed.wasm) registers neither class they drive, and no embedded
// figure calls them; leaving them out keeps their checks (about 2 kB gzipped) out of bn-lab.js.

export { engineError } from '../engine-reference.js';

const absent = (method) => () => {
  throw new Error(`${method}: not in the embed's engine (bn-lab.js); load web/dist/bnlab.js for the reference methods`);
};

export const referenceStep = absent('referenceStep');
export const batchNorm = absent('batchNorm');
