// The page: puts the controls and figures into index.html's skeleton (found by
// data-testid) and turns a frame of plain data into what is drawn and written.
// It never touches the engine; the lab hands it data and receives changes.

import { TWINS } from '../engine.js';
import { SETTINGS, defaults, setting, toHash, withChanges } from '../state.js';
import { PRESETS } from './presets.js';
import { linkableData } from './points-setting.js';
import { createControl } from './controls.js';
import { raceReadout } from './readout.js';
import { claimText, fill } from '../claims/texts.js';
import { finiteExtent } from './histogram.js';
import { createDecisionBoundary } from './figures/decision-boundary.js';
import { createLossChart } from './figures/loss-chart.js';
import { createDistributions } from './figures/distributions.js';
import { createPercentileBands } from './figures/percentile-bands.js';
import { createParameters } from './figures/parameters.js';
import { createLandscapeCard } from './landscape-card.js';
import { fillNames, modeLine, netNames } from './net-names.js';

// The 'bn' group's title follows the normalization (setting `norm`): web/lab/net-names.js.
const GROUPS = [
  { key: 'data', title: 'Data' },
  { key: 'network', title: 'Network' },
  { key: 'training', title: 'Training' },
  { key: 'bn', title: 'Batch norm', netName: 'long' },
];
const capital = (t) => t[0].toUpperCase() + t.slice(1);

// With LN or GN, the captions that index.html writes for BN (the train/inference switch, the running averages).
/** The decision boundary's caption: there is no switch. */
const boundaryCaption = (names) => 'Shading: the network’s output, P(class 1) (regression: the value), from class 0 ' +
  'through the boundary to class 1. Dots are training points, rings test points. ' +
  `${names.short} normalizes each example over its own units, so training and inference compute the same: no ` +
  'switch, no running averages. While playing, a big network’s boundary takes a few frames to compute, so the step ' +
  'under it can trail the counter.';

/** The parameters card's caption: z̃ = γ·z_norm + β, and where μ and σ² come from. */
const parametersCaption = (names) => 'z̃ = γ·z_norm + β, with z_norm = (Z − μ)/√(σ² + ε). ' +
  `${names.short} takes μ and σ² over each example’s ${names.norm === 'ln' ? 'units in the layer' : 'group of units'}, ` +
  'in training and inference alike (σ² biased, as in PyTorch); it keeps no running averages.';

/** The histograms' caption with LN or GN (the ledger measures BN's and this one separately: web/claims/lab.js). */
const distributionsCaption = (names) => fill(claimText('lab.caption.distributions-norm'), {
  norm: names.short,
  over: names.norm === 'ln' ? 'each example’s units in the layer' : 'each example’s group of units',
});

/** A loss or a statistic: three decimals, or two significant digits below 0.01 (a loss of 0.0002 is not “0.000”). */
const fmt = (v) => {
  if (!Number.isFinite(v)) return '—';
  return Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : String(Number(v.toPrecision(2)));
};
const pct = (v) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '—');

/**
 * @param {HTMLElement} root the document (or an element holding the skeleton)
 * @param {object} on callbacks: change(changes), play(), step(), reset(), newSeed(), selectLayer(l)
 */
export function createView(root, on) {
  const found = new Map(); // the skeleton's elements by data-testid: looked up once, not every frame
  const $ = (id) => {
    let e = found.get(id);
    if (!e) {
      e = root.querySelector(`[data-testid="${id}"]`);
      if (e) found.set(id, e);
    }
    return e;
  };
  const controls = [];
  const mount = (container, key) => {
    const c = createControl(key, on.change);
    container.append(c.element);
    controls.push({ ...c, only: setting(key).only });
  };
  const groupLegends = [];

  // Settings, by group; the BN flags live in the layer editor with the widths.
  const settingsBody = $('settings-body');
  for (const g of GROUPS) {
    const box = document.createElement('fieldset');
    box.className = 'group';
    box.dataset.testid = `group-${g.key}`;
    const legend = document.createElement('legend');
    legend.textContent = g.title;
    if (g.netName) groupLegends.push(legend);
    box.append(legend);
    for (const s of SETTINGS) if (s.group === g.key && s.key !== 'bn') mount(box, s.key);
    settingsBody.append(box);
  }
  for (const key of ['speed', 'stopAt', 'targetLoss', 'stopAtTarget']) mount($('player-settings'), key);
  mount($('eval-mode'), 'evalMode');
  mount($('loss-options'), 'logY');
  for (const key of ['layer', 'unit']) mount($('probe-options'), key);

  // Scenario buttons; the one matching the settings in force is marked.
  const presetButtons = PRESETS.map((p) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = p.title;
    b.dataset.testid = `preset-${p.id}`;
    b.setAttribute('aria-pressed', 'false');
    b.addEventListener('click', () => on.preset(p.id));
    $('presets').append(b);
    return b;
  });
  const RUN_KEYS = SETTINGS.filter((s) => s.group !== 'player' && s.group !== 'view').map((s) => s.key);
  const runHash = (state) => toHash(Object.fromEntries(SETTINGS.map((s) => [s.key, RUN_KEYS.includes(s.key) ? state[s.key] : defaults()[s.key]])));
  const presetHashes = PRESETS.map((p) => runHash(withChanges(defaults(), p.settings)));

  $('play').addEventListener('click', () => on.play());
  $('step').addEventListener('click', () => on.step());
  $('reset').addEventListener('click', () => on.reset());
  $('new-seed').addEventListener('click', () => on.newSeed());
  $('notice-dismiss').addEventListener('click', () => { $('notice').hidden = true; });

  // The sticky player's height, for the scroll margins that keep jumps from ending under it (lab.css).
  const player = $('player');
  const section = player?.closest('section.lab-section') ?? player?.parentElement;
  const playerHeight = typeof ResizeObserver === 'undefined' || !section ? null : new ResizeObserver(() => {
    section.style.setProperty('--player-height', `${Math.ceil(player.getBoundingClientRect().height)}px`);
  });
  playerHeight?.observe(player);

  // The histograms' caption says what they show at the defaults: a ledger claim (web/claims/lab.js).
  const distCaption = $('dist-caption') ?? $('fig-distributions-withBn')?.closest('.card')?.querySelector('.caption');
  if (distCaption) distCaption.textContent = claimText('lab.caption.distributions');

  // The optional landscape chart, with its own control (setting `landscape`).
  const landscape = createLandscapeCard($, mount);

  const figures = {
    loss: createLossChart($('fig-loss'), { label: 'Training loss (solid) and test loss (dashed) of both networks over the training steps' }),
    parameters: createParameters($('fig-parameters')),
  };
  for (const t of TWINS) {
    figures[`boundary-${t}`] = createDecisionBoundary($(`fig-boundary-${t}`));
    figures[`distributions-${t}`] = createDistributions($(`fig-distributions-${t}`), {
      onSelectLayer: (l) => on.selectLayer(l),
    });
    figures[`bands-${t}`] = createPercentileBands($(`fig-bands-${t}`));
  }
  /** The figures' accessible names, which name the networks (they follow `norm`). */
  function labelFigures(names) {
    const label = (id, text) => {
      const box = $(id);
      const img = box?.getAttribute('role') === 'img' ? box : box?.querySelector('[role="img"]');
      img?.setAttribute('aria-label', text);
    };
    label('fig-parameters', `Learned γ and β per unit${names.running ? ', and the probe batch mean and variance beside the running averages,' : ''} for the chosen layer of the ${names.short} network`);
    for (const t of TWINS) {
      label(`fig-boundary-${t}`, `Decision boundary of the network ${names[t]}, with training points (filled) and test points (rings)`);
      label(`fig-distributions-${t}`, `Histograms of ${t === 'withBn' ? 'Z, z_norm, z̃ and A' : 'Z and A'} in every hidden layer of the network ${names[t]}, highlighted unit as a line`);
      label(`fig-bands-${t}`, `15th, 50th and 85th percentiles of the highlighted unit's activation input over training, network ${names[t]}`);
    }
  }
  let shownNorm = null;
  // The page's own captions (with their coloured symbols) say what BN does; LN and GN get a sentence of their own.
  const pageCaptions = {};
  /** Shows `text` in the caption `id`, or (null) the page's own. */
  function caption(id, text) {
    const e = $(id);
    if (!e) return;
    pageCaptions[id] ??= [...e.childNodes].map((n) => n.cloneNode(true));
    if (text === null) e.replaceChildren(...pageCaptions[id].map((n) => n.cloneNode(true)));
    else e.textContent = text;
  }

  function setText(id, text) {
    const e = $(id);
    if (e && e.textContent !== text) e.textContent = text;
  }

  /** A network's losses and accuracies (frame.metrics). */
  function renderMetrics(t, frame) {
    const m = frame.metrics[t];
    setText(`train-loss-${t}`, fmt(m.trainLoss));
    setText(`test-loss-${t}`, fmt(m.testLoss));
    setText(`train-acc-${t}`, frame.isRegression ? '—' : pct(m.trainAccuracy));
    setText(`test-acc-${t}`, frame.isRegression ? '—' : pct(m.testAccuracy));
  }

  /** Whether a network diverged (frame.status): its banner. */
  function renderStatus(t, frame) {
    const s = frame.status[t];
    const banner = $(`banner-${t}`);
    banner.hidden = !s.diverged;
    $(`panel-${t}`).classList.toggle('diverged', s.diverged);
    if (s.diverged) {
      setText(`banner-${t}`, `Diverged at step ${s.divergedAt}: the loss became ${Number.isNaN(s.loss) ? 'NaN' : s.loss}. ` +
        'This network stopped training; lower the learning rate and reset.');
    }
  }

  function columnsFor(t, state) {
    if (t === 'withoutBn') return ['Z', 'A'];
    // bnPlacement places every normalization (engine/settings.hpp), not only BN.
    return state.bnPlacement === 'before' ? ['Z', 'zNorm', 'zTilde', 'A'] : ['Z', 'A', 'zNorm', 'zTilde'];
  }

  let shownNames = netNames('bn'); // the networks' names for the norm last drawn
  const namesFor = (state) => {
    if (shownNames.norm !== state.norm) shownNames = netNames(state.norm);
    return shownNames;
  };

  /** The step counter, the networks' status and their mode lines: cheap, every frame. */
  function renderText(frame, state) {
    const names = namesFor(state);
    setText('step-counter', String(frame.steps));
    const modeText = {
      withBn: modeLine(names, state.evalMode),
      withoutBn: `no ${names.short}: nothing to switch`,
    };
    for (const t of TWINS) {
      renderStatus(t, frame);
      setText(`mode-${t}`, modeText[t]);
    }
  }

  /**
   * The decision boundaries (frame.grids, each with the step it shows: while playing it can be a few
   * steps before the frame's; the figure's data-step and the line under it say which).
   */
  function renderBoundaries(frame, dataset) {
    for (const t of TWINS) {
      const grid = frame.grids[t];
      figures[`boundary-${t}`].update({ grid, data: dataset });
      $(`fig-boundary-${t}`).dataset.step = String(grid.step);
      setText(`boundary-step-${t}`, `at step ${grid.step}`);
    }
  }

  /** The histograms and the parameters of the shown layer (frame.layers: the probe batch). */
  function renderProbes(frame, state) {
    const names = namesFor(state);
    const layer = state.layer - 1;
    for (const t of TWINS) {
      figures[`distributions-${t}`].update({
        columns: columnsFor(t, state), layers: frame.layers[t], selectedLayer: layer,
        diverged: frame.status[t].diverged, normName: names.short,
      });
    }
    const bnLayer = frame.layers.withBn[layer];
    figures.parameters.update({
      ...bnLayer, layer, diverged: frame.status.withBn.diverged, names,
      bias: {
        kept: state.keepBias,
        rows: frame.layers.withBn.flatMap((p, l) => (p.hasBn ? [{ layer: l, db: p.gradNorms.b, dbeta: p.gradNorms.beta }] : [])),
      },
    });
  }

  /** What the recorded history shows: the race readout, the loss chart, the percentile bands, the landscape. */
  function renderHistory(frame, history, state) {
    const names = namesFor(state);
    const layer = state.layer - 1;
    setText('speedup', raceReadout(history, state.targetLoss, names).text);
    figures.loss.update({
      steps: history.steps,
      series: TWINS.flatMap((t) => [
        { label: `${names[t]} train`, color: t, values: history[t].trainLoss },
        { label: `${names[t]} test`, color: t, dashed: true, values: history[t].testLoss },
      ]),
      target: state.targetLoss,
      reached: TWINS.map((t) => ({ step: history.firstStepBelow(t, state.targetLoss), color: t })),
      logY: state.logY,
    });
    const bands = Object.fromEntries(TWINS.map((t) => [t, history.band(t, layer)]));
    const ext = finiteExtent(TWINS.flatMap((t) => [bands[t].p15, bands[t].p85])) ?? [-1, 1];
    const pad = Math.max(0.1 * (ext[1] - ext[0]), 0.25);
    for (const t of TWINS) {
      figures[`bands-${t}`].update({ ...bands[t], color: t, yDomain: [ext[0] - pad, ext[1] + pad] });
    }
    landscape?.render(history, frame, state);
  }

  /**
   * The parts of the page a played frame may draw on their own (web/lab/frame-plan.js), with what
   * each needs of the frame beyond its step and status (web/lab/snapshot.js readInto: 'metrics', 'grids',
   * 'layers'), and the elements it draws into (a part out of the reader's view waits while playing):
   * the lab draws the due ones, renderText every frame.
   */
  const elements = (ids) => ids.map($).filter(Boolean);
  const perTwin = (prefixes) => prefixes.flatMap((p) => TWINS.map((t) => `${p}-${t}`));
  const parts = {
    metrics: {
      reads: 'metrics', elements: elements(perTwin(['panel'])),
      render: (frame) => TWINS.forEach((t) => renderMetrics(t, frame)),
    },
    boundary: {
      reads: 'grids', elements: elements(perTwin(['fig-boundary'])),
      render: (frame, history, dataset) => renderBoundaries(frame, dataset),
    },
    probes: {
      reads: 'layers', elements: elements([...perTwin(['fig-distributions']), 'fig-parameters']),
      render: (frame, history, dataset, state) => renderProbes(frame, state),
    },
    history: {
      reads: null, elements: elements(['speedup', 'fig-loss', ...perTwin(['fig-bands']), 'fig-landscape']),
      render: (frame, history, dataset, state) => renderHistory(frame, history, state),
    },
  };

  /**
   * Draws one frame, every part.
   * @param {object} frame readFrame() output plus isRegression
   * @param {import('./history.js').History} history
   * @param {object} dataset Twin.dataset()
   * @param {object} state the settings
   */
  function render(frame, history, dataset, state) {
    renderText(frame, state);
    for (const p of Object.values(parts)) p.render(frame, history, dataset, state);
  }

  /** Everything that follows the settings alone: controls, titles. */
  function sync(state) {
    for (const c of controls) {
      c.sync(state);
      // A BN-only (GN-only) setting acts on nothing else. (display, not `hidden`: the controls' own display wins over it.)
      c.element.style.display = c.only && c.only !== state.norm ? 'none' : '';
    }
    const names = netNames(state.norm);
    if (shownNorm !== state.norm) {
      shownNorm = state.norm;
      fillNames(root, names);
      labelFigures(names);
      for (const legend of groupLegends) legend.textContent = capital(names.long);
      caption('boundary-caption', names.running ? null : boundaryCaption(names));
      caption('parameters-caption', names.running ? null : parametersCaption(names));
      if (distCaption) distCaption.textContent = names.running ? claimText('lab.caption.distributions') : distributionsCaption(names);
    }
    landscape?.sync(state);
    const current = runHash(state);
    const active = state.data ? -1 : presetHashes.indexOf(current); // presets train on toy sets
    presetButtons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === active)));
    const own = state.data && !linkableData(state.data)
      ? 'Your own data, too large for a link: “Data as CSV” below the decision boundaries exports it.'
      : 'Your own settings: the link in the address bar reproduces this run.';
    setText('preset-text', active >= 0 ? PRESETS[active].text : own);
    const unit = `unit ${state.unit}`;
    const inputName = state.bnPlacement === 'before' ? 'z̃' : 'Z';
    setText('bands-title', `Activation input of ${unit} in layer ${state.layer} over training: ` +
      `${inputName} ${names.withBn}, Z ${names.withoutBn} (15th–85th percentile band, median line)`);
    setText('parameters-title', `Layer ${state.layer} of the ${names.short} network, ${unit} highlighted. ` + (names.running
      ? 'μ and σ²: filled dot = the probe batch’s statistic (used in training), ring = the running average (used at inference).'
      : `${names.short} computes μ and σ² for each example anew, in training and inference alike: no running averages to show.`));
  }

  return {
    render,
    renderText,
    parts,
    sync,
    /** What must come into view for the lab to start by itself (web/lab/autoplay.js). */
    autoplayTarget: root.querySelector('#lab') ?? $('player'),
    /** Shows whether the player runs. */
    setPlaying(playing) {
      const b = $('play');
      b.textContent = playing ? '❚❚ Pause' : '▶ Play';
      b.setAttribute('aria-pressed', String(playing));
      b.setAttribute('aria-label', playing ? 'Pause (Space)' : 'Play (Space)');
    },
    /**
     * A one-line status of the player ('' hides it); `reason` (lab.js STOP) adds how to go on with the
     * controls this page shows.
     */
    setStatus(text, reason) {
      const next = { stopAt: ' Raise “Stop at step” or set it to 0 to go on.', diverged: ' Lower the learning rate, then reset.' };
      setText('player-status', text + (next[reason] ?? ''));
      $('player-status').dataset.reason = reason ?? '';  // only a divergence is shown as an alarm (lab.css)
    },
    /** A visible, dismissible message. */
    notice(text) {
      setText('notice-text', text);
      $('notice').hidden = !text;
    },
    reset() {
      for (const f of Object.values(figures)) f.reset();
      landscape?.reset();
    },
    redraw() {
      for (const f of Object.values(figures)) f.redraw();
      landscape?.redraw();
    },
    destroy() {
      playerHeight?.disconnect();
      for (const f of Object.values(figures)) f.destroy();
      landscape?.destroy();
    },
  };
}
