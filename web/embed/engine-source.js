// Where an embedded figure's engine comes from. Each <bn-lab> gets its own
// engine: its own instance of the WebAssembly module, with its own memory, so
// instances never share mutable state. What they do share is the compiled
// WebAssembly.Module (immutable code): the .wasm is fetched and compiled once
// per page, then instantiated once per element through Emscripten's
// instantiateWasm hook.
//
// Two sources: a URL (the served bundle: bnlab-embed.wasm next to bn-lab.js, fetched
// and compiled while it streams in, and cached by the browser like any file),
// or bytes inlined into the bundle (bn-lab.inline.js: works from file:// and in
// sandboxed iframes, where no .wasm can be fetched).

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
 * @param {{url?: string, bytes?: () => Uint8Array}} source where the .wasm is
 * @returns {{compile: () => Promise<WebAssembly.Module>, createEngine: () => Promise<import('../engine.js').Engine>}}
 *   compile() starts (once) fetching and compiling; createEngine() makes a new engine on its own module instance.
 */
export function engineSource(source) {
  let compiled = null;
  const compile = () => {
    compiled ??= source.bytes ? WebAssembly.compile(source.bytes()) : compileUrl(source.url);
    return compiled;
  };
  async function createEngine() {
    const wasmModule = await compile();
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
