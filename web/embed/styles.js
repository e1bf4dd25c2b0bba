// The styles of an embedded figure's shadow root: the lab's stylesheet (its
// controls, panels, legends, symbol colours, and the colour variables, which it
// defines on :host as well as :root), then embed.css; a view loaded on demand
// (lazy-views.js: the paper experiment's) brings its own, adopted between the two.
// Built once per page as constructed stylesheets, which every <bn-lab> adopts
// (they are never modified after).

import labCss from '../lab/lab.css';
import embedCss from './embed.css';

let sheets = null;
const extra = new Map();

/** The stylesheets for a shadow root's adoptedStyleSheets. */
export function styleSheets() {
  if (!sheets) {
    sheets = [labCss, embedCss].map(constructed);
  }
  return sheets;
}

/** One more stylesheet (a lazily loaded view's), built once per page per text. */
export function styleSheet(text) {
  if (!extra.has(text)) extra.set(text, constructed(text));
  return extra.get(text);
}

function constructed(text) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(text);
  return sheet;
}
