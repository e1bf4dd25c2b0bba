// Section 8: what BN, LN and GN normalize over. Three siblings (BN, LN, GN:
// the same network from the same initial weights, on the same mini-batches)
// train live; for each, layer 2's Z on the probe batch is drawn as a units ×
// examples grid (figures/norm-grid.js) with the cells that share one μ and σ²
// coloured alike and those statistics, as the engine computed them at the
// current step, beside the grid. Picking a cell (hover, tap, arrow keys)
// works out its normalization under all three, next to the engine's own z̃.

import { createNormGrid } from '../figures/norm-grid.js';
import { cellDetail, NORM_NAMES, sharedOver } from '../norm-axes.js';
import { createAxes } from '../siblings-plan.js';
import { createLoop } from '../loop.js';
import { fmt, operand } from '../format.js';
import { el, figureFrame, playerControls, richText } from '../ui.js';
import { claimText } from '../../claims/texts.js';
import { SIBLINGS_AXES } from '../figure-settings.js';

const { norms: NORMS, total: TOTAL, layer: LAYER } = SIBLINGS_AXES;

/** The rows of the worked normalization, one column per normalization: [label, symbol class, key, text of a detail]. */
const ROWS = [
  ['μ', 'sym-mu', 'mu', (d) => fmt(d.mu, 3)],
  ['σ²', 'sym-var', 'var', (d) => fmt(d.variance, 3)],
  ['z_norm = (z − μ) / √(σ² + ε)', 'sym-znorm', 'znorm', (d) => `(${fmt(d.z, 3)} − ${operand(d.mu, 3)}) / ${fmt(d.sd, 3)} = ${fmt(d.zNorm, 3)}`],
  ['z̃ = γ · z_norm + β', 'sym-ztilde', 'ztilde', (d) => `${fmt(d.gamma, 3)} · ${operand(d.zNorm, 3)} + ${operand(d.beta, 3)} = ${fmt(d.zTilde, 3)}`],
  ['the engine’s z̃', '', 'engine', (d) => fmt(d.engineZTilde, 3)],
];

/**
 * @param {HTMLElement} figure the <figure data-figure="siblings-axes"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountSiblingsAxes(figure, { engine, onDraw = () => {} }) {
  let axes = null;
  let probes = null;
  let pick = [...SIBLINGS_AXES.pick];
  let runs = 0;

  const frame = figureFrame(figure);
  const gridBox = el('div', { class: 'fig-grid three norm-grids' });
  const grids = Object.fromEntries(NORMS.map((n) => [n, createNormGrid(gridBox, {
    norm: n, testid: `siblings-axes-${n}`, onSelect: (u, i) => select(u, i),
  })]));
  const where = el('p', { class: 'ng-where', 'data-testid': 'siblings-axes-where' });
  const table = el('table', { class: 'ng-detail', 'data-testid': 'siblings-axes-detail' },
    el('thead', {}, el('tr', {}, el('td'), ...NORMS.map((n) => el('th', { scope: 'col', text: NORM_NAMES[n] })))),
    el('tbody'));
  const detail = el('div', { class: 'ng-detail-box', 'aria-live': 'polite' }, where, el('div', { class: 'ng-scroll' }, table));
  frame.body.append(gridBox, detail);

  const player = playerControls({ prefix: 'siblings-axes', onToggle: () => loop.toggle(), onRestart: restart });
  frame.controls.append(player.element);
  richText(frame.caption, claimText('article.siblings.axes.caption'));

  /** The picked cell under every normalization, worked out from the engine's numbers. */
  function showDetail() {
    const [u, i] = pick;
    const shape = { units: probes.batch.units, examples: probes.batch.probeSize, groups: probes.group.groups };
    const details = NORMS.map((n) => cellDetail(probes[n], u, i));
    where.textContent = `Unit ${u + 1}, example ${i + 1}, ε = ${probes.batch.eps}. Sharing μ and σ²: ${NORMS.map((n) =>
      `${NORM_NAMES[n]}, ${sharedOver(n, shape, u, i)}`).join('; ')}.`;
    table.tBodies[0].replaceChildren(...ROWS.map(([label, cls, key, text]) => el('tr', {},
      el('th', { scope: 'row', class: cls, text: label }),
      ...details.map((d) => el('td', { class: cls, 'data-norm': d.norm, 'data-q': key, text: text(d) })))));
    figure.dataset.pick = `${u},${i}`;
  }

  function select(u, i) {
    pick = [u, i];
    for (const n of NORMS) grids[n].select(u, i);
    if (probes) showDetail();
  }

  function draw() {
    probes = axes.read();
    for (const n of NORMS) grids[n].update(probes[n]);
    showDetail();
    const step = axes.step;
    player.setStep(step);
    frame.readout.textContent = `Step ${step}: z of layer ${LAYER + 1} for the ${probes.batch.probeSize} examples ` +
      'of the probe batch, with the μ and σ² each normalization computes from them.';
    figure.dataset.step = String(step);
    onDraw();
  }

  function restart() {
    axes?.dispose();
    axes = createAxes(engine, SIBLINGS_AXES, { seed: SIBLINGS_AXES.config.seed });
    runs += 1;
    select(...pick);
    draw();
    loop.play();
  }

  const loop = createLoop(() => {
    axes.advance(SIBLINGS_AXES.stepsPerFrame(axes.step));
    draw();
    return axes.step < TOTAL;
  }, { onPlayingChange: (p) => player.setPlaying(p) });

  restart();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({
      step: axes.step, runs, playing: loop.playing, running: loop.running, pick: [...pick],
      detail: NORMS.map((n) => cellDetail(probes[n], ...pick)),
    }),
    destroy() {
      loop.destroy();
      for (const g of Object.values(grids)) g.destroy();
      axes.dispose();
    },
  };
}
