// The first screen: the twin networks training in a setting where batch norm
// clearly helps (../figure-settings.js HERO), drawn with the lab's own figures
// (decision boundaries and loss chart) and recorded by the lab's Session, so
// the link below it opens exactly this run in the lab. It plays by itself when
// it comes on screen, pauses off screen, stops at its horizon, and waits for
// Play when the reader asks for reduced motion.

import { createDecisionBoundary } from '../../lab/figures/decision-boundary.js';
import { createLossChart } from '../../lab/figures/loss-chart.js';
import { Session } from '../../lab/session.js';
import { TWINS } from '../../engine-config.js';
import { defaults, engineConfig, withChanges } from '../../state.js';
import { claimText } from '../../claims/texts.js';
import { HERO } from '../figure-settings.js';
import { createLoop } from '../loop.js';
import { fmt } from '../format.js';
import { labLink } from '../presets.js';
import { el, figureFrame, playerControls, richText } from '../ui.js';

const NAMES = { withBn: 'with batch norm', withoutBn: 'no batch norm' };
const SWATCH = { withBn: 'with-bn', withoutBn: 'without-bn' };

/** True when the reader asked for less motion: the figure then waits for Play. */
const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * @param {HTMLElement} figure the <figure data-figure="hero"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountHero(figure, { engine, onDraw = () => {} }) {
  const settings = { ...HERO.settings, seed: HERO.seed };
  const session = new Session(engine);
  session.build(engineConfig(withChanges(defaults(), settings)));
  const waits = reducedMotion();

  const frame = figureFrame(figure);
  const grid = el('div', { class: 'hero-grid' });
  const boundaries = {};
  for (const t of TWINS) {
    const box = el('div', { class: 'hero-panel', 'data-testid': `hero-${t}` },
      el('h4', {}, el('span', { class: `swatch ${SWATCH[t]}` }), NAMES[t]));
    const plot = el('div', { class: 'hero-boundary' });
    box.append(plot);
    grid.append(box);
    boundaries[t] = createDecisionBoundary(plot, {
      label: `What the network ${t === 'withBn' ? 'with' : 'without'} batch norm predicts over the plane, with the training points`,
    });
  }
  const lossBox = el('div', { class: 'hero-panel hero-loss', 'data-testid': 'hero-loss' },
    el('h4', { text: 'training loss' }));
  const lossPlot = el('div');
  lossBox.append(lossPlot);
  grid.append(lossBox);
  const loss = createLossChart(lossPlot, { label: 'Training loss of both networks over the steps' });
  frame.body.append(grid);

  const player = playerControls({ prefix: 'hero', onToggle: toggle, onRestart: restart, restartLabel: '↺ Replay' });
  const link = labLink(document, settings, { text: 'Open this run in the lab ↓', testid: 'hero-lab-link', id: 'hero' });
  frame.controls.append(player.element, el('span', { class: 'hero-link' }, link));
  richText(frame.caption, claimText('article.hero.caption'));
  figure.dataset.reducedMotion = String(waits);

  function toggle() {
    if (!loop.playing && session.steps >= HERO.horizon) session.reset();
    loop.toggle();
  }

  function restart() {
    session.reset();
    draw();
    loop.play();
  }

  function draw() {
    const h = session.history;
    for (const t of TWINS) boundaries[t].update({ grid: session.twin.grid(t, 'running'), data: session.dataset });
    loss.update({
      steps: h.steps,
      series: TWINS.map((t) => ({ label: NAMES[t], color: t, values: h[t].trainLoss })),
      target: HERO.target,
      reached: TWINS.map((t) => ({ step: h.firstStepBelow(t, HERO.target), color: t })),
      logY: true,
    });
    const last = (t) => h[t].trainLoss.at(-1);
    player.setStep(session.steps);
    frame.readout.textContent = `Step ${session.steps} of ${HERO.horizon}: training loss with batch norm ` +
      `${fmt(last('withBn'), 3)}, without ${fmt(last('withoutBn'), 3)}.`;
    figure.dataset.step = String(session.steps);
    onDraw();
  }

  const loop = createLoop(() => {
    const n = Math.min(HERO.stepsPerFrame(session.steps), HERO.horizon - session.steps);
    if (n > 0) session.advance({ maxSteps: n });
    draw();
    return session.steps < HERO.horizon;
  }, { onPlayingChange: (p) => player.setPlaying(p) });

  draw();
  if (!waits) loop.play();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({ step: session.steps, horizon: HERO.horizon, playing: loop.playing, running: loop.running,
      reducedMotion: waits, losses: Object.fromEntries(TWINS.map((t) => [t, session.history[t].trainLoss.at(-1)])) }),
    destroy() {
      loop.destroy();
      for (const t of TWINS) boundaries[t].destroy();
      loss.destroy();
      session.dispose();
    },
  };
}
