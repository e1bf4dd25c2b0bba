// The styles of an embedded figure's shadow root: the lab's stylesheet (its
// controls, panels, legends, symbol colours, and the colour variables, which it
// defines on :host as well as :root), the paper experiment's, then embed.css.
// Built once per page as constructed stylesheets, which every <bn-lab> adopts
// (they are never modified after).

import labCss from '../lab/lab.css';
import paperCss from '../paper/paper.css';
import embedCss from './embed.css';

let sheets = null;

/** The stylesheets for a shadow root's adoptedStyleSheets. */
export function styleSheets() {
  if (!sheets) {
    sheets = [labCss, paperCss, embedCss].map((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return sheet;
    });
  }
  return sheets;
}
