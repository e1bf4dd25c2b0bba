// What the embed's bundles read where the facade imports web/engine-siblings.js (web/build.mjs
// swaps it in): the embed's engine (bnlab-embed.wasm) registers no SiblingLab and no embedded
// figure trains siblings yet, so their class stays out of bn-lab.js (about 1.2 kB gzipped).

export class Siblings {
  constructor() {
    throw new Error('createSiblings: not in the embed\'s engine (bn-lab.js); load web/dist/bnlab.js for siblings');
  }
}
