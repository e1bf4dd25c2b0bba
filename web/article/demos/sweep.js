// Section 5: why it helps. Small multiples: for each learning rate and each
// initial weight scale, a real short run of the same network with and
// without batch norm (one twin per cell: identical initial weights and
// mini-batches). Runs are computed a few at a time inside animation frames,
// only while the figure is on screen, so the page never blocks.

import { createSweepGrid } from '../figures/sweep-grid.js';
import { CHANCE_LOSS, INIT_SCALES, LEARNING_RATES, cellOrder, lossColor, lossGradient } from '../sweep-plan.js';
import { createLoop, workFor } from '../loop.js';
import { fmt } from '../format.js';
import { button, el, figureFrame, richText, segmented } from '../ui.js';

const BASE = { dataset: 'circles', hidden: [8, 8, 8, 8], batchSize: 16, seed: 1 };
const STEPS = 400;
const CHUNK = 20; // steps per curve point
const BUDGET_MS = 9; // training time per animation frame
const GOOD = 0.1; // "trained" threshold for the summary
const NETS = ['withBn', 'withoutBn'];

const label = (v) => String(v);

/**
 * @param {HTMLElement} figure the <figure data-figure="sweep"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountSweep(figure, { engine, onDraw = () => {} }) {
  const state = { activation: 'tanh', seed: BASE.seed, hover: null };
  const rows = INIT_SCALES.map((s) => ({ label: `×${label(s)}`, value: s }));
  const cols = LEARNING_RATES.map((lr) => ({ label: label(lr), value: lr }));
  let sweep; // {cells: {withBn: [][], withoutBn: [][]}, queue, current: {row, col, twin, curves, steps}|null, done}

  const frame = figureFrame(figure);
  const grid = el('div', { class: 'fig-grid two' });
  const panels = {};
  for (const net of NETS) {
    const box = el('div', { 'data-testid': `sweep-${net}` });
    box.append(el('h4', {}, el('span', { class: `swatch ${net === 'withBn' ? 'with-bn' : 'without-bn'}` }),
      net === 'withBn' ? 'with batch norm' : 'without batch norm'));
    const plot = el('div');
    box.append(plot);
    grid.append(box);
    panels[net] = createSweepGrid(plot, {
      label: `Final loss of ${STEPS}-step runs ${net === 'withBn' ? 'with' : 'without'} batch norm, by learning rate and initial scale`,
      onHover: (cell) => {
        state.hover = cell;
        draw();
      },
    });
  }
  const legend = el('div', { class: 'loss-legend' }, el('span', { text: 'final loss  0.005' }),
    el('span', { class: 'loss-ramp', style: `background: ${lossGradient()}` }), el('span', { text: `≥ ${CHANCE_LOSS} (chance)` }),
    el('span', { class: 'diverged-key', text: '✕ diverged' }));
  frame.body.append(grid, legend);

  const activation = segmented({
    label: 'activation', testid: 'sweep-activation', value: state.activation,
    options: ['tanh', 'relu', 'sigmoid'].map((a) => ({ value: a, label: a })),
    onChange: (v) => {
      state.activation = v;
      restart();
    },
  });
  frame.controls.append(activation.element, button('New seed', () => {
    state.seed += 1;
    restart();
  }, { testid: 'sweep-new-seed', title: 'Run the grid again from other initial weights and batches' }));
  richText(frame.caption, `Each cell is a real run of ${STEPS} steps of plain SGD on the circles data (four ` +
    'hidden layers of 8 units, batches of 16), with the learning rate of its column and its initial weights ' +
    'scaled by its row’s factor (×1 is Xavier initialization). The shading is the final training loss; the line ' +
    'inside is the loss during the run (from 0 at the bottom to 1 at the top). The two grids use the same initial ' +
    'weights and mini-batches cell for cell. Hover or tap a cell for its numbers.');

  function restart() {
    if (sweep?.current) sweep.current.twin.dispose();
    const empty = () => rows.map(() => cols.map(() => null));
    sweep = { cells: { withBn: empty(), withoutBn: empty() }, queue: cellOrder(rows.length, cols.length), current: null,
      done: 0 };
    draw();
    loop.play();
  }

  /** Advances the sweep by one chunk of one run; false when every run is done. */
  function work() {
    if (!sweep.current) {
      const next = sweep.queue.shift();
      if (!next) return false;
      const twin = engine.createTwin({ ...BASE, activation: state.activation, seed: state.seed,
        initScale: rows[next.row].value, learningRate: cols[next.col].value });
      sweep.current = { ...next, twin, curves: { withBn: [], withoutBn: [] }, steps: 0 };
    }
    const run = sweep.current;
    const status = run.twin.step(CHUNK);
    run.steps += CHUNK;
    for (const net of NETS) run.curves[net].push(status[net].diverged ? NaN : status[net].meanLoss);
    const partial = (net, final) => ({ final, curve: run.curves[net], diverged: status[net].diverged });
    if (run.steps < STEPS) {
      for (const net of NETS) sweep.cells[net][run.row][run.col] = partial(net, run.curves[net].at(-1));
      return true;
    }
    const m = run.twin.metrics('running');
    for (const net of NETS) sweep.cells[net][run.row][run.col] = partial(net, m[net].trainLoss);
    run.twin.dispose();
    sweep.current = null;
    sweep.done += 1;
    return true;
  }

  function draw() {
    for (const net of NETS) {
      panels[net].update({ rows, cols, colTitle: 'learning rate α', cells: sweep.cells[net], color: lossColor,
        lossMax: 1, curveLength: STEPS / CHUNK, hover: state.hover });
    }
    const total = rows.length * cols.length;
    const count = (net, pred) => sweep.cells[net].flat().filter((c) => c && pred(c)).length;
    let text = sweep.done < total ? `Running: ${sweep.done} of ${total} runs done. ` : `All ${total} runs done. `;
    const good = (c) => !c.diverged && c.final < GOOD && c.curve.length === STEPS / CHUNK;
    text += `Final loss below ${GOOD}: with BN in ${count('withBn', good)}, without BN in ${count('withoutBn', good)}.`;
    if (state.hover) {
      const { row, col } = state.hover;
      const show = (net) => {
        const c = sweep.cells[net][row][col];
        return !c ? 'not run yet' : c.diverged ? 'diverged' : fmt(c.final, 3);
      };
      text = `α = ${cols[col].label}, initial scale ${rows[row].label}: final loss with BN ${show('withBn')}, ` +
        `without BN ${show('withoutBn')}.`;
    }
    frame.readout.textContent = text;
    figure.dataset.done = String(sweep.done);
    onDraw();
  }

  const loop = createLoop(() => {
    const more = workFor(BUDGET_MS, work);
    draw();
    return more;
  });

  restart();

  return {
    setVisible: (v) => loop.setVisible(v),
    info: () => ({ done: sweep.done, total: rows.length * cols.length, playing: loop.playing,
      cells: Object.fromEntries(NETS.map((n) => [n, sweep.cells[n].map((r) => r.map((c) => c && { final: c.final, diverged: c.diverged }))])) }),
    destroy() {
      loop.destroy();
      sweep.current?.twin.dispose();
      for (const net of NETS) panels[net].destroy();
    },
  };
}
