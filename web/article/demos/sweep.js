// Section 5: why it helps. Small multiples: for each learning rate and each
// initial weight scale, a real short run of the same network with and
// without batch norm (one twin per cell: identical initial weights and
// mini-batches). Runs are computed a few at a time inside animation frames,
// only while the figure is on screen, so the page never blocks. What a cell
// runs and what its result means live in ../sweep-plan.js (the claims ledger
// runs the same cells).

import { createSweepGrid } from '../figures/sweep-grid.js';
import {
  CHANCE, INIT_SCALES, LEARNING_RATES, NETS, SWEEP, advanceCell, cellOrder, lossColor, lossGradient, lowerThanTwin,
  outcome, startCell, summarize, summaryValues,
} from '../sweep-plan.js';
import { claimText, fill } from '../../claims/texts.js';
import { createLoop, workFor } from '../loop.js';
import { fmt } from '../format.js';
import { button, el, figureFrame, richText, segmented } from '../ui.js';

const BUDGET_MS = 9; // training time per animation frame
const OUTCOME_WORDS = { diverged: ' (diverged)', worse: ' (worse than chance)', chance: ' (at chance)', learned: '' };

const label = (v) => String(v);

/**
 * @param {HTMLElement} figure the <figure data-figure="sweep"> slot
 * @param {{engine: import('../../engine.js').Engine, onDraw?: () => void}} ctx
 */
export function mountSweep(figure, { engine, onDraw = () => {} }) {
  const state = { activation: SWEEP.activation, seed: SWEEP.seed, hover: null };
  const rows = INIT_SCALES.map((s) => ({ label: `×${label(s)}`, value: s }));
  const cols = LEARNING_RATES.map((lr) => ({ label: label(lr), value: lr }));
  const curveLength = SWEEP.steps / SWEEP.chunk;
  let sweep; // {cells: {withBn: [][], withoutBn: [][]}, queue, current: {row, col, run}|null, done}

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
      label: `Final loss of ${SWEEP.steps}-step runs ${net === 'withBn' ? 'with' : 'without'} batch norm, by learning rate and initial scale`,
      onHover: (cell) => {
        state.hover = cell;
        draw();
      },
    });
  }
  // Through the CSSOM, not a style attribute: a strict style-src 'self' blocks the attribute.
  const ramp = el('span', { class: 'loss-ramp' });
  ramp.style.background = lossGradient();
  const legend = el('div', { class: 'loss-legend', 'data-testid': 'sweep-legend' },
    el('span', { text: 'final loss 0.005' }),
    ramp,
    el('span', { text: `${fmt(CHANCE, 2)} (chance) or more` }),
    el('span', { class: 'key' }, el('span', { class: 'key-swatch worse' }), 'worse than chance'),
    el('span', { class: 'key' }, el('span', { class: 'key-mark diverged' }, '✕'), 'diverged'),
    el('span', { class: 'key' }, el('span', { class: 'key-mark' }, '●'), 'ended lower than its twin'));
  frame.body.append(grid, legend);

  const activation = segmented({
    label: 'activation', testid: 'sweep-activation', value: state.activation,
    options: SWEEP.activations.map((a) => ({ value: a, label: a })),
    onChange: (v) => {
      state.activation = v;
      restart();
    },
  });
  frame.controls.append(activation.element, button('New seed', () => {
    state.seed += 1;
    restart();
  }, { testid: 'sweep-new-seed', title: 'Run the grid again from other initial weights and batches' }));
  richText(frame.caption, claimText('article.sweep.caption'));

  function restart() {
    sweep?.current?.run.twin.dispose();
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
      const run = startCell(engine, { activation: state.activation, seed: state.seed,
        initScale: rows[next.row].value, learningRate: cols[next.col].value });
      sweep.current = { ...next, run };
    }
    const { row, col, run } = sweep.current;
    const result = advanceCell(run);
    for (const net of NETS) sweep.cells[net][row][col] = result[net];
    if (result.withBn.complete) {
      sweep.current = null;
      sweep.done += 1;
    }
    return true;
  }

  /** What a panel draws for one network: each complete cell with its outcome and whether it beat its twin. */
  function shown(net) {
    const other = net === 'withBn' ? 'withoutBn' : 'withBn';
    return sweep.cells[net].map((r, i) => r.map((c, j) => {
      if (!c) return null;
      const twin = sweep.cells[other][i][j];
      return { final: c.final, curve: c.curve, diverged: c.diverged, complete: c.complete,
        worse: c.complete && outcome(c) === 'worse', lower: c.complete && twin?.complete && lowerThanTwin(c, twin) };
    }));
  }

  function draw() {
    for (const net of NETS) {
      panels[net].update({ rows, cols, colTitle: 'learning rate α', cells: shown(net), color: lossColor,
        lossMax: 1, curveLength, hover: state.hover });
    }
    const total = rows.length * cols.length;
    const summary = summarize(sweep.cells);
    let text = sweep.done < total ? `Running: ${sweep.done} of ${total} runs done. ` : `All ${total} runs done. `;
    if (summary.complete > 0) text += fill(claimText('article.sweep.summary'), summaryValues(summary, (v) => fmt(v, 3)));
    if (state.hover) {
      const { row, col } = state.hover;
      const show = (net) => {
        const c = sweep.cells[net][row][col];
        if (!c) return 'not run yet';
        if (!c.complete) return `${fmt(c.final, 3)} so far`;
        return c.diverged ? 'diverged' : `${fmt(c.final, 3)}${OUTCOME_WORDS[outcome(c)]}`;
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
      activation: state.activation, seed: state.seed,
      cells: Object.fromEntries(NETS.map((n) => [n, shown(n).map((r) => r.map((c) => c && {
        final: c.final, diverged: c.diverged, worse: c.worse, lower: c.lower }))])) }),
    destroy() {
      loop.destroy();
      sweep.current?.run.twin.dispose();
      for (const net of NETS) panels[net].destroy();
    },
  };
}
