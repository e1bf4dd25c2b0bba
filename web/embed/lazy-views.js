// Views that only some presets draw travel in bundles of their own, so that a page showing the
// twin does not download Figure 1's experiment, section 6's demos, the histograms', the test
// time's or the worked example's figures. Each is a classic script
// (a page opened from disk cannot load ES modules), web/dist/bn-lab.view-NAME.js, fetched from
// next to bn-lab.js the first time a <bn-lab> on the page needs it; when it runs it hands its
// view to the registry below, which every bundle on the page shares (a global under a
// Symbol.for key, so bn-lab.js and the view bundles, built separately, find the same one).
// bn-lab.inline.js carries every view (web/embed/views/lazy-all.js registers them at once).
//
// A view: {create(body, on, read, opts) → figure, css?: string}; `css` is added to the shadow
// root's stylesheets of the elements that show it.

/** The views drawn by bundles of their own (web/build.mjs builds one per name). */
export const LAZY_VIEWS = ['paper', 'noisy-bn', 'landscape', 'batch-coupling', 'histograms', 'test-time',
  'worked-example'];

const KEY = Symbol.for('bn-lab.lazy-views');

function registry() {
  globalThis[KEY] ??= { views: new Map(), waiting: new Map() };
  return globalThis[KEY];
}

/** Called by a view bundle when it runs. */
export function registerView(name, view) {
  const r = registry();
  r.views.set(name, view);
  r.waiting.get(name)?.resolve(view);
  r.waiting.delete(name);
}

/** The view if its bundle has run already, else undefined. */
export function loadedView(name) {
  return registry().views.get(name);
}

/**
 * A loader that fetches view bundles from beside `scriptUrl` (bn-lab.js), each at most once per
 * page; the promise rejects, naming the file, when the script cannot load.
 * @param {string} scriptUrl
 * @returns {(name: string) => Promise<object>}
 */
export function scriptViewLoader(scriptUrl) {
  return (name) => {
    const r = registry();
    const view = r.views.get(name);
    if (view) return Promise.resolve(view);
    let pending = r.waiting.get(name);
    if (!pending) {
      pending = {};
      pending.promise = new Promise((resolve, reject) => Object.assign(pending, { resolve, reject }));
      r.waiting.set(name, pending);
      const src = new URL(`bn-lab.view-${name}.js`, scriptUrl).href;
      const s = document.createElement('script');
      s.src = src;
      s.addEventListener('error', () => {
        r.waiting.delete(name); // a later element tries again
        pending.reject(new Error(`could not load ${src}`));
      });
      s.addEventListener('load', () => {
        if (!r.views.has(name)) {
          r.waiting.delete(name);
          pending.reject(new Error(`${src} loaded but defined no view “${name}”`));
        }
      });
      document.head.append(s);
    }
    return pending.promise;
  };
}

/** A loader for a bundle that registered every view itself (bn-lab.inline.js). */
export function registeredViewLoader() {
  return (name) => {
    const view = loadedView(name);
    return view ? Promise.resolve(view) : Promise.reject(new Error(`no view “${name}” in this bundle`));
  };
}
