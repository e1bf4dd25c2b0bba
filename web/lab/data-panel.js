// The lab's "Your data" card: drawing on the decision-boundary plane
// (draw.js), pasting or loading CSV (csv.js), whether the link carries the
// set (points-code.js), and the exports (export.js). It changes the lab only
// through lab.setDataset / lab.apply, like every other control.
import { TWINS } from '../engine.js';
import { MAX_URL_POINTS, urlProblem } from './points-code.js';
import { errorLines, parseCsv, standardize, toCsv } from './csv.js';
import { addPoint, attachDraw, dataFromTwin, removeNearest } from './draw.js';
import { canvasPng, download } from './export.js';
import { gridExtent } from '../state.js';
import { exportName, netNames } from './net-names.js';

/** The figures a PNG can be saved of: [key, title]; a title's {withBn}, {withoutBn} name the networks. */
const FIGURES = [
  ['boundary-withBn', 'Decision boundary, {withBn}'], ['boundary-withoutBn', 'Decision boundary, {withoutBn}'],
  ['loss', 'Loss'], ['distributions-withBn', 'Histograms, {withBn}'], ['distributions-withoutBn', 'Histograms, {withoutBn}'],
  ['bands-withBn', 'Percentile band, {withBn}'], ['bands-withoutBn', 'Percentile band, {withoutBn}'], ['parameters', 'Parameters'],
];
const figureTitle = (title, names) => title.replace(/\{(withBn|withoutBn)\}/g, (_, k) => names[k]);

function el(tag, props = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'testid') e.dataset.testid = v;
    else if (k === 'text') e.textContent = v;
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** A row of radio buttons; returns the fieldset and a getter. */
function choice(name, legend, options, initial) {
  const box = el('fieldset', { className: 'segmented data-choice' }, [el('legend', { text: legend })]);
  for (const [value, label] of options) {
    const input = el('input', { type: 'radio', name, value, checked: value === initial, testid: `${name}-${value}` });
    box.append(el('label', {}, [input, ` ${label}`]));
  }
  return { box, get: () => box.querySelector('input:checked').value, set: (v) => { box.querySelector(`input[value="${v}"]`).checked = true; } };
}

/**
 * @param {ParentNode} root the document
 * @param {import('./lab.js').Lab} lab
 */
export function createDataPanel(root, lab) {
  const $ = (id) => root.querySelector(`[data-testid="${id}"]`);
  const panel = $('data-panel');
  const exportPanel = $('export-panel');
  if (!panel || !exportPanel) return { sync() {}, destroy() {} };

  const mode = choice('draw-mode', 'Draw on the plane', [['off', 'off'], ['add', 'add points'], ['erase', 'erase']], 'off');
  const label = choice('draw-label', 'Class', [['0', 'class 0'], ['1', 'class 1']], '1');
  const into = choice('draw-set', 'Into', [['train', 'training set'], ['test', 'test set']], 'train');
  const status = el('p', { className: 'data-status', testid: 'data-status', role: 'status' });
  const split = el('button', { type: 'button', testid: 'data-split', text: 'Split off the test set at the training fraction' });
  const toy = el('button', { type: 'button', testid: 'data-toy', text: 'Back to the toy data set' });
  const message = el('p', { className: 'data-message', testid: 'data-message', role: 'alert' });
  panel.append(el('div', { className: 'data-row' }, [mode.box, label.box, into.box]),
    el('p', { className: 'caption', text: 'Click or tap to add a point (drag to paint several); shift-click or “erase” removes the nearest. With the plane focused: arrows move a cursor, Enter adds, Delete removes, 0/1 pick the class. The networks rebuild with the same seed after each change.' }),
    status, el('div', { className: 'data-row' }, [split, toy]), message);

  // CSV
  const text = el('textarea', { rows: 5, testid: 'csv-text', spellcheck: false, placeholder: 'x1,x2,label\n0.5,-1.2,1\n…' });
  const file = el('input', { type: 'file', accept: '.csv,text/csv,text/plain', testid: 'csv-file' });
  const regression = el('input', { type: 'checkbox', testid: 'csv-regression' });
  const standard = el('input', { type: 'checkbox', checked: true, testid: 'csv-standardize' });
  const load = el('button', { type: 'button', testid: 'csv-load', text: 'Load' });
  const errors = el('ul', { className: 'csv-errors', testid: 'csv-errors' });
  const csvBox = el('details', { className: 'csv', testid: 'csv' }, [
    el('summary', { text: 'Paste or load a CSV' }),
    el('label', { className: 'block' }, ['x1,x2,label per line (header optional; a 4th column train/test puts a point in that set)', text]),
    el('div', { className: 'data-row' }, [el('label', {}, ['File ', file])]),
    el('div', { className: 'data-row' }, [
      el('label', {}, [standard, ' Standardize x1, x2 (mean 0, sd 1)']),
      el('label', {}, [regression, ' Real-valued target (regression)']), load]),
    errors,
  ]);
  panel.append(csvBox);

  // Exports
  const figureSelect = el('select', { testid: 'export-figure' }, FIGURES.map(([v, t]) => el('option', { value: v, text: figureTitle(t, netNames()) })));
  exportPanel.append(el('div', { className: 'data-row' }, [
    el('button', { type: 'button', testid: 'export-json', text: 'Run as JSON' }),
    el('button', { type: 'button', testid: 'export-csv', text: 'Run as CSV' }),
    el('button', { type: 'button', testid: 'export-data', text: 'Data as CSV' }),
  ]), el('div', { className: 'data-row' }, [el('label', {}, ['Figure ', figureSelect]),
    el('button', { type: 'button', testid: 'export-png', text: 'Save PNG' })]));

  const say = (t) => { message.textContent = t; };
  const current = () => lab.state.data ?? dataFromTwin(lab.session.dataset);
  const setData = (data) => {
    try {
      lab.setDataset(data);
      say('');
      return true;
    } catch (e) {
      say(e.message);
      return false;
    }
  };

  const draws = TWINS.map((t) => attachDraw($(`fig-boundary-${t}`), {
    options: () => ({ mode: mode.get(), label: Number(label.get()), extent: gridExtent(lab.state) }),
    add: (x1, x2) => {
      const d = current();
      const y = Number(label.get());
      setData(addPoint(d, [x1, x2, d.regression ? 2 * y - 1 : y], into.get()));
    },
    remove: (x1, x2, radius) => {
      const next = removeNearest(current(), x1, x2, radius);
      if (!next) say('No point near there to remove.');
      else setData(next);
    },
    pickLabel: (v) => label.set(String(v)),
  }));
  mode.box.addEventListener('change', () => draws.forEach((d) => d.sync()));
  split.addEventListener('click', () => {
    const d = current();
    setData({ train: [...d.train, ...d.test], test: [], regression: d.regression });
  });
  toy.addEventListener('click', () => setData(null));

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) text.value = await f.text();
  });
  load.addEventListener('click', () => {
    const parsed = parseCsv(text.value, { regression: regression.checked });
    errors.replaceChildren(...errorLines(parsed.errors).map((line) => el('li', { text: line })));
    if (!parsed.points) {
      say(`Nothing loaded: ${parsed.errors.length} bad line${parsed.errors.length === 1 ? '' : 's'}.`);
      return;
    }
    const s = standard.checked ? standardize(parsed.points, parsed.test) : { points: parsed.points, test: parsed.test };
    if (setData({ train: s.points, test: s.test, regression: regression.checked }) && standard.checked) {
      say(`Loaded ${s.points.length + s.test.length} points, standardized: x1 − ${s.mean[0].toPrecision(4)}, ÷ ${s.std[0].toPrecision(4)}; x2 − ${s.mean[1].toPrecision(4)}, ÷ ${s.std[1].toPrecision(4)}.`);
    }
  });

  $('export-json').addEventListener('click', () => download(exportName(`bnlab-run-seed${lab.state.seed}.json`, lab.state.norm), lab.exportRun('json'), 'application/json'));
  $('export-csv').addEventListener('click', () => download(exportName(`bnlab-run-seed${lab.state.seed}.csv`, lab.state.norm), lab.exportRun('csv'), 'text/csv'));
  $('export-data').addEventListener('click', () => download('bnlab-data.csv', toCsv(current()), 'text/csv'));
  $('export-png').addEventListener('click', async () => {
    lab.drawPending(); // a figure out of view waits while playing: bring it to the current step first
    const canvas = $(`fig-${figureSelect.value}`)?.querySelector('canvas');
    if (canvas) download(exportName(`bnlab-${figureSelect.value}.png`, lab.state.norm), await canvasPng(canvas));
  });

  function sync(state) {
    const nets = netNames(state.norm);
    [...figureSelect.options].forEach((o, i) => { o.textContent = figureTitle(FIGURES[i][1], nets); });
    const d = state.data;
    if (!d) {
      status.textContent = 'The toy data set of the settings. Draw on the plane or load a CSV to use your own.';
    } else {
      const sets = d.test.length ? `${d.train.length} training + ${d.test.length} test points`
        : `${d.train.length} points (the engine splits off the test set at the training fraction)`;
      const problem = urlProblem(d);
      status.textContent = `Your data: ${sets}${d.regression ? ', real-valued targets' : ''}. ` + (problem
        ? `The link cannot carry it: ${problem} (links take up to ${MAX_URL_POINTS} points on a 0.001 grid). Use “Data as CSV” to share it.`
        : 'The link in the address bar carries it.');
    }
    status.classList.toggle('warn', Boolean(d && urlProblem(d)));
    toy.disabled = !d;
    // Regression draws targets −1 and +1 (the colours of the two signs); classification the two classes.
    const names = d?.regression ? ['target −1', 'target +1'] : ['class 0', 'class 1'];
    label.box.querySelectorAll('label').forEach((l, i) => { l.lastChild.textContent = ` ${names[i]}`; });
    for (const dr of draws) dr.sync();
  }

  return { sync, destroy: () => draws.forEach((d) => d.destroy()) };
}
