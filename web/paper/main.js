// The standalone Figure 1 page (web/paper/index.html), bundled into
// web/dist/paper.js: settings from the URL hash, the experiment mounted on
// <section id="paper">, the digits loaded at once. window.bnlabPaper lets the
// browser tests and the benchmark drive and read it.
import { mountPaper } from './mount.js';
import { parsePaperHash } from './settings.js';

const { settings, ignored } = parsePaperHash(location.hash);
const paper = mountPaper(document.getElementById('paper'), { ...settings, autoload: true });
if (ignored.length) {
  const note = document.querySelector('[data-testid="hash-note"]');
  note.textContent = `Ignored in the URL: ${ignored.join(', ')} (known: steps, every, seed, workers, digits; whole numbers in range).`;
  note.hidden = false;
}
// A new hash is a new run.
window.addEventListener('hashchange', () => location.reload());

const x = paper.experiment;
window.bnlabPaper = {
  version: 1,
  settings,
  run: () => paper.run(),
  pause: () => paper.pause(),
  reset: () => paper.reset(),
  /** Phase, steps of both nets, training wall time (ms), speed, Workers. */
  state: () => ({ phase: x.phase, step: x.step, steps: x.steps, runMs: x.runMs, rate: x.rate,
    workers: x.workerCount, download: x.download, error: x.error, config: x.config }),
  /** Where the time went: each Worker's split (experiment.timings) and the page thread's renders. */
  timing: () => ({ workers: x.timings, page: paper.renderTiming() }),
  /** The evaluation points so far: {withBn, withoutBn}, each {steps, testAccuracy, p15, p50, p85}. */
  series: () => x.series,
};
document.documentElement.dataset.ready = 'true';
