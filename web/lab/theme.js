// The colour language, read from the CSS custom properties in lab.css so the
// canvases use exactly the colours of the text and of a later article's
// equations. Light and dark values follow prefers-color-scheme.

const NAMES = ['bg', 'fg', 'muted', 'faint', 'grid', 'panel', 'withBn', 'withoutBn', 'Z', 'zNorm', 'zTilde', 'A',
  'gamma', 'beta', 'mu', 'var', 'unit', 'class0', 'class1', 'diverged'];

// '--with-bn' for 'withBn', '--z-norm' for 'zNorm', '--z' for 'Z'.
const cssName = (name) => `--${name.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}`;

let cached = null;

/** The colours as {name: css colour}; re-read after the colour scheme changes. */
export function palette() {
  if (cached) return cached;
  const style = getComputedStyle(document.documentElement);
  cached = {};
  for (const n of NAMES) cached[n] = style.getPropertyValue(cssName(n)).trim() || '#888';
  return cached;
}

const listeners = new Set();
if (typeof matchMedia === 'function') {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    cached = null;
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
