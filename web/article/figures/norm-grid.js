// Figure: one layer's Z over a batch as a units × examples grid (a row per
// unit, a column per example), the cells that share one μ and σ² under one
// normalization (BN: a row; LN: a column; GN: a group of units of a column)
// filled with the same colour, and those μ and σ² beside the grid in the same
// colour (BN: two columns at the right; LN and GN: rows underneath). Each cell
// shows its z. Pointer hover, a tap, or the arrow keys (the grid takes the
// keyboard focus) pick a cell: the cells sharing its statistics are ringed and
// onSelect(unit, example) is called. Pure DOM: it receives plain data (a
// Siblings.probe() of one sibling) and never reads the engine.
//
//   const grid = createNormGrid(container, {norm: 'layer', onSelect});
//   grid.update(probe);          // {norm, units, probeSize, groups, Z, mean, var}
//   grid.select(unit, example);  // marks a cell without calling onSelect
//
// Reusable outside the article (an embed view can mount it in any container).

import { NORM_NAMES, shareColour, statIndex } from '../norm-axes.js';

const COLOURS = 8; // .ng-c0 … .ng-c7 in article.css
const MINUS = '\u2212';

/** A number in at most 4 characters for a cell: "−.12", "1.3", "−12". */
export function compact(v) {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  let s;
  if (a >= 9.95) s = a.toFixed(0);
  else if (a >= 0.995) s = a.toFixed(1);
  else s = a.toFixed(2).replace(/^0/, '');
  if (Number(s) === 0) return s;
  return v < 0 ? MINUS + s : s;
}

const WHAT = {
  batch: 'one μ, σ² per unit, over the batch',
  layer: 'one μ, σ² per example, over its units',
  group: 'one μ, σ² per example and group of units',
};

/**
 * @param {HTMLElement} container
 * @param {{norm: 'batch'|'layer'|'group', onSelect?: (unit: number, example: number) => void, testid?: string}} o
 */
export function createNormGrid(container, { norm, onSelect = () => {}, testid = `norm-grid-${norm}` }) {
  const root = document.createElement('div');
  root.className = 'norm-grid';
  root.dataset.norm = norm;
  const title = document.createElement('h4');
  title.append(Object.assign(document.createElement('span'), { className: `swatch norm-${norm}` }),
    ` ${NORM_NAMES[norm]}: ${WHAT[norm]}`);
  const cells = document.createElement('div');
  cells.className = 'ng-cells';
  cells.tabIndex = 0;
  cells.setAttribute('role', 'group');
  cells.setAttribute('data-testid', testid);
  root.append(title, cells);
  container.append(root);

  let shape = null; // {units, examples, groups}
  let grid = []; // grid[u][i] → cell element
  let stats = []; // stats[k] → {mu, variance} elements
  let selected = null; // [unit, example]

  /** Builds the cells for a new shape (once, and again if the shape changes). */
  function build(s) {
    shape = s;
    cells.textContent = '';
    const { units, examples, groups } = s;
    const side = norm === 'batch' ? 2 : 0; // BN: μ and σ² columns at the right
    cells.style.gridTemplateColumns = `auto repeat(${examples}, minmax(0, 1fr))${side ? ' repeat(2, minmax(0, 1fr))' : ''}`;
    cells.setAttribute('aria-label', `${NORM_NAMES[norm]}: z of ${units} units (rows) for ${examples} examples ` +
      '(columns); cells of one colour share one mean and variance. Arrow keys pick a cell.');
    const add = (cls, text, title) => {
      const d = document.createElement('div');
      d.className = cls;
      if (text !== undefined) d.textContent = text;
      if (title) d.title = title;
      cells.append(d);
      return d;
    };
    // Header row: example numbers.
    add('ng-corner', '');
    for (let i = 0; i < examples; ++i) add('ng-head', String(i + 1), `example ${i + 1}`);
    if (side) {
      add('ng-head ng-stat-head sym-mu', 'μ');
      add('ng-head ng-stat-head sym-var', 'σ²');
    }
    grid = Array.from({ length: units }, () => []);
    stats = [];
    const statCell = (k, colour) => ({
      mu: add(`ng-stat ng-c${colour}`),
      variance: add(`ng-stat ng-c${colour}`),
    });
    for (let u = 0; u < units; ++u) {
      add('ng-row-head', String(u + 1), `unit ${u + 1}`);
      for (let i = 0; i < examples; ++i) {
        const c = add(`ng-cell ng-c${shareColour(norm, s, u, i, COLOURS)}`);
        c.dataset.u = String(u);
        c.dataset.i = String(i);
        grid[u].push(c);
      }
      if (side) stats[u] = statCell(u, shareColour(norm, s, u, 0, COLOURS));
    }
    if (!side) {
      // Rows underneath: μ of every group of every example, then σ².
      const G = norm === 'layer' ? 1 : groups;
      const size = units / G;
      const rows = { mu: [], variance: [] };
      for (const [key, label, cls] of [['mu', 'μ', 'sym-mu'], ['variance', 'σ²', 'sym-var']]) {
        for (let g = 0; g < G; ++g) {
          add(`ng-row-head ng-stat-head ${cls}`, G > 1 ? `${label}${g + 1}` : label,
            G > 1 ? `${label} of group ${g + 1} (units ${g * size + 1}–${(g + 1) * size})` : undefined);
          for (let i = 0; i < examples; ++i) {
            const k = statIndex(norm, s, g * size, i);
            rows[key][k] = add(`ng-stat ng-c${shareColour(norm, s, g * size, i, COLOURS)}`);
          }
        }
      }
      stats = rows.mu.map((mu, k) => ({ mu, variance: rows.variance[k] }));
    }
    if (selected) mark(...selected);
  }

  /** Rings the picked cell and every cell (and statistic) that shares its μ, σ². */
  function mark(unit, example) {
    selected = [unit, example];
    if (!shape) return;
    const k = statIndex(norm, shape, unit, example);
    for (let u = 0; u < shape.units; ++u) {
      for (let i = 0; i < shape.examples; ++i) {
        const c = grid[u][i];
        c.classList.toggle('ng-share', statIndex(norm, shape, u, i) === k);
        c.classList.toggle('ng-picked', u === unit && i === example);
      }
    }
    stats.forEach((s, j) => {
      s.mu.classList.toggle('ng-share', j === k);
      s.variance.classList.toggle('ng-share', j === k);
    });
    root.classList.add('ng-has-pick');
  }

  function pick(unit, example) {
    mark(unit, example);
    onSelect(unit, example);
  }

  const cellOf = (target) => (target instanceof Element ? target.closest('.ng-cell') : null);
  const fromEvent = (e) => {
    const c = cellOf(e.target);
    if (c) pick(Number(c.dataset.u), Number(c.dataset.i));
  };
  cells.addEventListener('pointerover', fromEvent);
  cells.addEventListener('pointerdown', fromEvent);
  cells.addEventListener('focus', () => {
    if (!selected) pick(0, 0);
  });
  cells.addEventListener('keydown', (e) => {
    if (!shape) return;
    const [u, i] = selected ?? [0, 0];
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    pick(Math.min(shape.units - 1, Math.max(0, u + m[0])), Math.min(shape.examples - 1, Math.max(0, i + m[1])));
  });

  return {
    element: root,
    /** @param {{units: number, probeSize: number, groups: number, Z: ArrayLike<number>, mean: ArrayLike<number>, var: ArrayLike<number>}} p */
    update(p) {
      const s = { units: p.units, examples: p.probeSize, groups: p.groups };
      if (!shape || shape.units !== s.units || shape.examples !== s.examples || shape.groups !== s.groups) build(s);
      for (let u = 0; u < s.units; ++u) {
        for (let i = 0; i < s.examples; ++i) grid[u][i].textContent = compact(p.Z[u + s.units * i]);
      }
      stats.forEach((c, k) => {
        c.mu.textContent = compact(p.mean[k]);
        c.variance.textContent = compact(p.var[k]);
      });
    },
    select: mark,
    /** The picked cell, [unit, example], or null. */
    get selected() {
      return selected && [...selected];
    },
    reset() {
      selected = null;
      root.classList.remove('ng-has-pick');
      for (const c of cells.querySelectorAll('.ng-share, .ng-picked')) c.classList.remove('ng-share', 'ng-picked');
    },
    destroy() {
      root.remove();
    },
  };
}
