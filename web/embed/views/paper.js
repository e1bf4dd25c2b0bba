// View: Ioffe & Szegedy's Figure 1 on real MNIST digits (web/paper/, trained
// in Web Workers). Unlike the other presets it is not driven by the lab's
// controller: the experiment has its own player (load the digits, run, pause,
// reset). The frame follows the viewport: it pauses a run that scrolls out of
// view and resumes it when it comes back. In classroom mode (controls="none")
// it loads the digits and runs as soon as it is in view.
//
// Needs a server: the Workers (paper-worker.js) and the digits
// (web/data/mnist-70k.bin.gz, the paper's 60,000 / 10,000 split) are fetched
// from next to the bundle.

import { mountPaper } from '../../paper/mount.js';

/**
 * @param {HTMLElement} body
 * @param {{classroom: boolean}} opts
 * @returns {{experiment: object, visible(v: boolean): void, destroy(): void}}
 */
export function createPaperView(body, { classroom }) {
  body.replaceChildren();
  const paper = mountPaper(body, { autoload: false });
  const x = paper.experiment;
  let pausedByScrolling = false;
  return {
    experiment: x,
    visible(v) {
      if (!v && x.phase === 'running') {
        pausedByScrolling = true;
        paper.pause();
      } else if (v && (pausedByScrolling || (classroom && ['idle', 'ready'].includes(x.phase)))) {
        pausedByScrolling = false;
        paper.run();
      }
    },
    destroy() {
      paper.destroy();
    },
  };
}
