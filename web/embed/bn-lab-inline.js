// Entry of web/dist/bn-lab.inline.js, the self-contained embed bundle: <bn-lab>
// with the engine (bnlab-embed-norm.wasm: the embed's module with layer and group norm) inlined as base64 and every view, also those that
// bn-lab.js loads on demand (lazy-views.js). One file that works anywhere:
// from file://, in a sandboxed iframe, on a host that cannot serve .wasm. It is
// about 40% larger gzipped than bn-lab.js + bnlab-embed.wasm and cannot be compiled
// while it downloads, so served pages use bn-lab.js, which falls back to this
// file by itself where it must.

import wasmBytes from '../dist/bnlab-embed-norm.wasm';
import { defineBnLab } from './element.js';
import { engineSource } from './engine-source.js';
import { registeredViewLoader } from './lazy-views.js';
import './views/lazy-all.js';

defineBnLab(engineSource({ bytes: () => wasmBytes }), registeredViewLoader());
