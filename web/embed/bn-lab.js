// Entry of web/dist/bn-lab.js, the served embed bundle: <bn-lab> plus the
// engine's JavaScript; the engine itself, bnlab-embed.wasm, is fetched from next to
// this script (compiled while it downloads, cached by the browser), and so are the
// views only some presets draw (bn-lab.view-NAME.js, lazy-views.js).
//
// Where no .wasm can be fetched — a page opened from disk (file://) or a
// sandboxed iframe (an opaque origin: the fetch would be cross-origin) — it
// loads bn-lab.inline.js from next to itself instead, which carries the engine
// inlined, and which then defines the element.

import { defineBnLab } from './element.js';
import { engineSource } from './engine-source.js';
import { scriptViewLoader } from './lazy-views.js';

const script = document.currentScript;

if (!customElements.get('bn-lab')) {
  if (!script?.src) {
    throw new Error('bn-lab.js must be loaded with <script src="…/bn-lab.js">, to find bnlab-embed.wasm next to it');
  } else if (self.origin === 'null') {
    const inline = document.createElement('script');
    inline.src = new URL('bn-lab.inline.js', script.src).href;
    document.head.append(inline);
  } else {
    const beside = (name) => new URL(name, script.src).href;
    defineBnLab(engineSource({ url: beside('bnlab-embed.wasm'), normUrl: beside('bnlab-embed-norm.wasm') }),
      scriptViewLoader(script.src));
  }
}
