// Where an embedded figure's engine comes from. Each <bn-lab> gets its own
// engine: its own instance of the WebAssembly module, with its own memory, so
// instances never share mutable state. What they do share is the compiled
// WebAssembly.Module (immutable code): the .wasm is fetched and compiled once
// per page, then instantiated once per element through Emscripten's
// instantiateWasm hook.
//
// Two sources: a URL (the served bundle: bnlab-embed.wasm next to bn-lab.js, fetched
// and compiled while it streams in, and cached by the browser like any file; or
// bnlab-embed-norm.wasm beside it, for the figures that use layer or group norm),
// or bytes inlined into the bundle (bn-lab.inline.js: bnlab-embed-norm.wasm, which
// works from file:// and in sandboxed iframes, where no .wasm can be fetched).

// The embed's own module (web/dist/bnlab-embed.js, CMakeLists.txt): the twins only, without the
// reference classes of the full web/dist/bnlab.js, which no embedded figure uses.
import createBnLabModule from '../dist/bnlab-embed.js';
import { loadEngine } from '../engine.js';

/** Fetches and compiles a .wasm URL, streaming when the server sends application/wasm. */
async function compileUrl(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`could not load the engine from ${url} (HTTP ${response.status})`);
  if (WebAssembly.compileStreaming && response.headers.get('Content-Type')?.startsWith('application/wasm'))
    return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Whether a figure's engine needs layer and group norm: its networks use one (norm="ln"/"gn"), or its reader
 * can switch to one (a preset whose controls offer `norm`, as siblings does). Every other figure gets the
 * module without them (bnlab-embed.wasm, 2.2 kB gzipped smaller; CMakeLists.txt).
 * @param {{state: {norm: string}, preset: {essential?: string[], controls?: string[]}}} config read by attributes.js
 */
export function needsNormEngine(config) {
  const offered = [...(config.preset.essential ?? []), ...(config.preset.controls ?? [])];
  return config.state.norm !== 'bn' || offered.includes('norm');
}

/**
 * @param {{url?: string, normUrl?: string, bytes?: () => Uint8Array}} source where the .wasm is: the module
 *   without layer and group norm at `url`, the one with them at `normUrl`; or `bytes`, one module with them
 * @returns {{compile: (norm?: boolean) => Promise<WebAssembly.Module>,
 *   createEngine: (norm?: boolean) => Promise<import('../engine.js').Engine>}}
 *   compile(norm) starts (once per module) fetching and compiling; createEngine(norm) makes a new engine on its own
 *   module instance; `norm`: the figure needs layer or group norm (needsNormEngine).
 */
export function engineSource(source) {
  const compiled = new Map();
  const compile = (norm = false) => {
    const key = !source.bytes && norm;
    if (!compiled.has(key)) compiled.set(key, source.bytes ? WebAssembly.compile(source.bytes()) : compileUrl(key ? source.normUrl : source.url));
    return compiled.get(key);
  };
  async function createEngine(norm = false) {
    const wasmModule = await compile(norm);
    // Emscripten's ready promise never settles when instantiateWasm fails, so the factory is wrapped.
    const factory = (args) => new Promise((resolve, reject) => {
      createBnLabModule({
        ...args,
        instantiateWasm(imports, receiveInstance) {
          WebAssembly.instantiate(wasmModule, imports)
            .then((instance) => receiveInstance(instance, wasmModule))
            .catch(reject);
          return {}; // the exports arrive through receiveInstance
        },
      }).then(resolve, reject);
    });
    return loadEngine({ factory });
  }
  return { compile, createEngine };
}
