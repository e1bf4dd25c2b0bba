// Entry of web/dist/bnlab-inline.js: the engine's module factory with the
// WebAssembly inlined, for pages opened from disk. It defines the same global
// as web/dist/bnlab.js, createBnLabModule(), so web/engine.js's loadEngine()
// takes either; web/embed/boot.js picks which one a page loads.

import createBnLabModule from '../dist/bnlab.js';
import wasmBytes from '../dist/bnlab.wasm';

globalThis.createBnLabModule = (args = {}) => createBnLabModule({ wasmBinary: wasmBytes, ...args });
