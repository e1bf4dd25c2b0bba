// The page: puts the controls and figures into index.html's skeleton (found by
// data-testid) and turns a frame of plain data into what is drawn and written.
// It never touches the engine; the lab hands it data and receives changes.

import { TWINS } from '../engine.js';
import { SETTINGS, defaults, toHash, withChanges } from '../state.js';
import { PRESETS } from './presets.js';
import { linkableData } from './points-setting.js';
import { createControl } from './controls.js';
import { raceReadout } from './readout.js';
import { claimText } from '../claims/texts.js';
import { finiteExtent } from './histogram.js';
import { createDecisionBoundary } from './figures/decision-boundary.js';
import { createLossChart } from './figures/loss-chart.js';
import { createDistributions } from './figures/distributions.js';
import { createPercentileBands } from './figures/percentile-bands.js';
import { createParameters } from './figures/parameters.js';
import { createLandscapeCard } from './landscape-card.js';

const GROUPS = [
  { key: 'data', title: 'Data' },
  { key: 'network', title: 'Network' },
  { key: 'training', title: 'Training' },
  { key: 'bn', title: 'Batch norm' },
];
const NAMES = { withBn: 'with BN', withoutBn: 'without BN' };

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
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const controls = [];
  const mount = (container, key) => {
    const c = createControl(key, on.change);
    container.append(c.element);
    controls.push(c);
  };

  // Settings, by group; the BN flags live in the layer editor with the widths.
  const settingsBody = $('settings-body');
  for (const g of GROUPS) {
    const box = document.createElement('fieldset');
    box.className = 'group';
    box.dataset.testid = `group-${g.key}`;
    const legend = document.createElement('legend');
    legend.textContent = g.title;
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
    parameters: createParameters($('fig-parameters'), {
      label: 'Learned γ and β per unit, and the probe batch mean and variance beside the running averages, for the chosen layer of the BN network',
    }),
  };
  for (const t of TWINS) {
    figures[`boundary-${t}`] = createDecisionBoundary($(`fig-boundary-${t}`), {
      label: `Decision boundary of the network ${NAMES[t]}, with training points (filled) and test points (rings)`,
    });
    figures[`distributions-${t}`] = createDistributions($(`fig-distributions-${t}`), {
      label: `Histograms of ${t === 'withBn' ? 'Z, z_norm, z̃ and A' : 'Z and A'} in every hidden layer of the network ${NAMES[t]}, highlighted unit as a line`,
      onSelectLayer: (l) => on.selectLayer(l),
    });
    figures[`bands-${t}`] = createPercentileBands($(`fig-bands-${t}`), {
      label: `15th, 50th and 85th percentiles of the highlighted unit's activation input over training, network ${NAMES[t]}`,
    });
  }

  function setText(id, text) {
    const e = $(id);
    if (e && e.textContent !== text) e.textContent = text;
  }

  function renderPanel(t, frame) {
    const m = frame.metrics[t];
    const s = frame.status[t];
    setText(`train-loss-${t}`, fmt(m.trainLoss));
    setText(`test-loss-${t}`, fmt(m.testLoss));
    setText(`train-acc-${t}`, frame.isRegression ? '—' : pct(m.trainAccuracy));
    setText(`test-acc-${t}`, frame.isRegression ? '—' : pct(m.testAccuracy));
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
    return state.bnPlacement === 'before' ? ['Z', 'zNorm', 'zTilde', 'A'] : ['Z', 'A', 'zNorm', 'zTilde'];
  }

  /**
   * Draws one frame.
   * @param {object} frame readFrame() output plus isRegression
   * @param {import('./history.js').History} history
   * @param {object} dataset Twin.dataset()
   * @param {object} state the settings
   */
  function render(frame, history, dataset, state) {
    const layer = state.layer - 1;
    setText('step-counter', String(frame.steps));
    setText('speedup', raceReadout(history, state.targetLoss).text);
    const modeText = {
      withBn: state.evalMode === 'running' ? 'BN uses its running μ, σ² (inference)' : 'BN uses the probe batch’s μ, σ² (as in training)',
      withoutBn: 'no BN: nothing to switch',
    };
    for (const t of TWINS) {
      renderPanel(t, frame);
      setText(`mode-${t}`, modeText[t]);
      figures[`boundary-${t}`].update({ grid: frame.grids[t], data: dataset });
      figures[`distributions-${t}`].update({
        columns: columnsFor(t, state), layers: frame.layers[t], selectedLayer: layer,
        diverged: frame.status[t].diverged,
      });
    }
    figures.loss.update({
      steps: history.steps,
      series: TWINS.flatMap((t) => [
        { label: `${NAMES[t]} train`, color: t, values: history[t].trainLoss },
        { label: `${NAMES[t]} test`, color: t, dashed: true, values: history[t].testLoss },
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
    const bnLayer = frame.layers.withBn[layer];
    figures.parameters.update({
      ...bnLayer, layer, diverged: frame.status.withBn.diverged,
      bias: {
        kept: state.keepBias,
        rows: frame.layers.withBn.flatMap((p, l) => (p.hasBn ? [{ layer: l, db: p.gradNorms.b, dbeta: p.gradNorms.beta }] : [])),
      },
    });
  }

  /** Everything that follows the settings alone: controls, titles. */
  function sync(state) {
    for (const c of controls) c.sync(state);
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
      `${inputName} with BN, Z without BN (15th–85th percentile band, median line)`);
    setText('parameters-title', `Layer ${state.layer} of the BN network, ${unit} highlighted. ` +
      'μ and σ²: filled dot = the probe batch’s statistic (used in training), ring = the running average (used at inference).');
  }

  return {
    render,
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
