// What the embed's bundles read where web/lab/lab.js imports web/lab/presets.js (web/build.mjs swaps it in):
// an embedded figure has presets of its own (web/embed/presets.js) and never applies one of the lab's, so
// neither their settings nor their sentences (about 1 kB gzipped) are in bn-lab.js.

export const PRESETS = [];

/** No lab preset here: Lab.applyPreset says "no preset". */
export function preset() {
  return undefined;
}

export function presetText(p) {
  throw new Error(`the lab's preset "${p?.id}" is not in the embed (bn-lab.js): its presets are web/embed/presets.js`);
}
