// The colour language, read from the CSS custom properties of lab.css so the
// canvases use exactly the colours of the text and of the article's equations.
// Light and dark values follow prefers-color-scheme. lab.css defines them on
// :root for a page and on :host for an embed's shadow root, so a figure asks
// for the colours its own canvas inherits: palette(canvas).

const NAMES = ['bg', 'fg', 'muted', 'faint', 'grid', 'panel', 'withBn', 'withoutBn', 'Z', 'zNorm', 'zTilde', 'A',
  'gamma', 'beta', 'mu', 'var', 'unit', 'class0', 'class1', 'diverged'];

// '--with-bn' for 'withBn', '--z-norm' for 'zNorm', '--z' for 'Z'.
const cssName = (name) => `--${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`;

let cache = new WeakMap(); // element → its colours; replaced when the colour scheme changes

/**
 * The colours as {name: css colour} that an element inherits (a figure passes
 * its canvas: inside a <bn-lab> they come from the shadow root's :host). Read
 * once per element, again after the colour scheme changes.
 * @param {Element} [el=document.documentElement]
 * @returns {Readonly<Object<string, string>>}
 */
export function palette(el = document.documentElement) {
  let colors = cache.get(el);
  if (colors) return colors;
  const style = getComputedStyle(el);
  colors = {};
  for (const n of NAMES) colors[n] = style.getPropertyValue(cssName(n)).trim() || '#888';
  Object.freeze(colors);
  // An element outside the document has no computed style yet: not cached, read again next time.
  if (el.isConnected) cache.set(el, colors);
  return colors;
}

const listeners = new Set();
if (typeof matchMedia === 'function') {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    cache = new WeakMap();
    for (const f of listeners) f();
  });
}

/** Calls f when the colour scheme changes; returns the unsubscribe function. */
export function onThemeChange(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** [r, g, b] of a #rrggbb colour. */
export function rgb(hex) {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** A #rrggbb colour at some opacity, as an rgba() string. */
export function alpha(hex, a) {
  const [r, g, b] = rgb(hex);
  return `rgba(${r},${g},${b},${a})`;
}
