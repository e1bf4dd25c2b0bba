// Drawing your own data on the decision-boundary plane.
//
// Pure helpers (the plane's geometry, adding a point, removing the nearest)
// and attachDraw, which turns pointer and keyboard input on a boundary figure
// into them: a click or tap adds a point of the selected class, shift-click
// (or the erase mode) removes the nearest one, a drag paints a point every
// PAINT_SPACING pixels. Keyboard: the figure is focusable in draw mode; the
// arrows move a cursor (shift: ten times farther), Enter or + adds a point at
// it, Delete, Backspace or − removes the nearest, 0 and 1 pick the class.
import { quantize } from './points-code.js';

/** CSS pixels between two points a drag paints. */
export const PAINT_SPACING = 14;

/**
 * The square the boundary figure draws (decision-boundary.js): side `size`,
 * `left` from the canvas's left edge, covering [−extent, extent]².
 */
export function planeGeometry(width, height, extent) {
  const size = Math.min(width, height);
  return { size, left: Math.floor((width - size) / 2), extent };
}

/** Plane coordinates of a point at (x, y) CSS pixels in the canvas, snapped to the link's grid; null outside the square. */
export function planeFromPixel(x, y, g) {
  const u = (x - g.left) / g.size;
  const v = y / g.size;
  if (u < 0 || u > 1 || v < 0 || v > 1) return null;
  return [quantize(-g.extent + 2 * g.extent * u), quantize(g.extent - 2 * g.extent * v)];
}

/** CSS pixels of a plane point. */
export function pixelFromPlane(x1, x2, g) {
  return [g.left + ((x1 + g.extent) / (2 * g.extent)) * g.size, ((g.extent - x2) / (2 * g.extent)) * g.size];
}

/** A data set with one more point [x1, x2, y] in `set` ('train' or 'test'). */
export function addPoint(data, point, set = 'train') {
  const next = { train: data.train.map((p) => [...p]), test: data.test.map((p) => [...p]), regression: data.regression };
  next[set === 'test' ? 'test' : 'train'].push([...point]);
  return next;
}

/**
 * A data set without its point nearest to (x1, x2), from either set, if that
 * point lies within maxDistance; else null.
 */
export function removeNearest(data, x1, x2, maxDistance = Infinity) {
  let best = null;
  for (const set of ['train', 'test']) {
    data[set].forEach((p, i) => {
      const d = Math.hypot(p[0] - x1, p[1] - x2);
      if (d <= maxDistance && (best === null || d < best.d)) best = { set, i, d };
    });
  }
  if (best === null) return null;
  const next = { train: data.train.map((p) => [...p]), test: data.test.map((p) => [...p]), regression: data.regression };
  next[best.set].splice(best.i, 1);
  return next;
}

/** The twin's dataset (Twin.dataset()) as the lab's data setting, every number snapped to the link's grid. */
export function dataFromTwin(d) {
  const rows = (x, y) => Array.from(y, (v, j) => [quantize(x[2 * j]), quantize(x[2 * j + 1]), d.isRegression ? quantize(v) : v]);
  return { train: rows(d.xTrain, d.yTrain), test: rows(d.xTest, d.yTest), regression: d.isRegression };
}

/**
 * Makes a boundary figure's container drawable.
 * @param {HTMLElement} container holds the figure's canvas
 * @param {object} on
 * @param {() => {mode: 'off'|'add'|'erase', label: number, extent: number}} on.options read at each input
 * @param {(x1: number, x2: number) => void} on.add
 * @param {(x1: number, x2: number, radius: number) => void} on.remove radius: plane units of about 16 px
 * @param {(label: number) => void} on.pickLabel
 * @returns {{sync(): void, cursor(): number[], destroy(): void}}
 */
export function attachDraw(container, on) {
  const cursorMark = document.createElement('div');
  cursorMark.className = 'draw-cursor';
  cursorMark.hidden = true;
  container.append(cursorMark);
  let cursor = [0, 0];
  let painting = null; // the last painted pixel during a drag

  const canvas = () => container.querySelector('canvas');
  const geometry = () => {
    const c = canvas();
    return planeGeometry(c.clientWidth, c.clientHeight, on.options().extent);
  };
  const local = (e) => {
    const r = canvas().getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const radius = (g) => (16 / g.size) * 2 * g.extent;

  function act(erase, x1, x2) {
    const g = geometry();
    if (erase) on.remove(x1, x2, radius(g));
    else on.add(x1, x2);
  }

  function onDown(e) {
    const o = on.options();
    if (o.mode === 'off' || e.button > 0) return;
    const [x, y] = local(e);
    const p = planeFromPixel(x, y, geometry());
    if (!p) return;
    e.preventDefault();
    container.setPointerCapture?.(e.pointerId);
    painting = [x, y];
    act(o.mode === 'erase' || e.shiftKey, ...p);
  }
  function onMove(e) {
    if (!painting) return;
    const [x, y] = local(e);
    if (Math.hypot(x - painting[0], y - painting[1]) < PAINT_SPACING) return;
    const p = planeFromPixel(x, y, geometry());
    if (!p) return;
    painting = [x, y];
    const o = on.options();
    act(o.mode === 'erase' || e.shiftKey, ...p);
  }
  const onUp = () => { painting = null; };

  function placeCursor() {
    const g = geometry();
    const [x, y] = pixelFromPlane(cursor[0], cursor[1], g);
    cursorMark.style.left = `${x}px`;
    cursorMark.style.top = `${y}px`;
  }

  function onKey(e) {
    const o = on.options();
    if (o.mode === 'off' || e.ctrlKey || e.metaKey || e.altKey) return;
    const stepSize = (e.shiftKey ? 10 : 1) * (o.extent / 20);
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    if (moves[e.key]) {
      const [dx, dy] = moves[e.key];
      cursor = cursor.map((c, k) => quantize(Math.max(-o.extent, Math.min(o.extent, c + [dx, dy][k] * stepSize))));
      placeCursor();
    } else if (e.key === 'Enter' || e.key === '+' || e.key === ' ') {
      act(o.mode === 'erase', ...cursor);
    } else if (e.key === 'Delete' || e.key === 'Backspace' || e.key === '-') {
      act(true, ...cursor);
    } else if (e.key === '0' || e.key === '1') {
      on.pickLabel(Number(e.key));
    } else {
      return;
    }
    e.preventDefault(); // the lab's own shortcuts (Space, →) stay off while drawing here
  }

  container.addEventListener('pointerdown', onDown);
  container.addEventListener('pointermove', onMove);
  container.addEventListener('pointerup', onUp);
  container.addEventListener('pointercancel', onUp);
  container.addEventListener('keydown', onKey);
  const onFocus = () => { cursorMark.hidden = on.options().mode === 'off'; placeCursor(); };
  const onBlur = () => { cursorMark.hidden = true; };
  container.addEventListener('focus', onFocus);
  container.addEventListener('blur', onBlur);

  return {
    /** Follows the mode: focusable, labelled and with a crosshair cursor only while drawing. */
    sync() {
      const o = on.options();
      const drawing = o.mode !== 'off';
      container.classList.toggle('drawing', drawing);
      container.classList.toggle('erasing', o.mode === 'erase');
      if (drawing) {
        container.tabIndex = 0;
        container.setAttribute('aria-keyshortcuts', 'ArrowLeft ArrowRight ArrowUp ArrowDown Enter Delete 0 1');
        container.setAttribute('aria-description', 'Drawing: arrows move the cursor, Enter adds a point of the selected class, Delete removes the nearest, 0 and 1 pick the class.');
      } else {
        container.removeAttribute('tabindex');
        container.removeAttribute('aria-keyshortcuts');
        container.removeAttribute('aria-description');
        cursorMark.hidden = true;
      }
      if (document.activeElement === container) placeCursor();
    },
    cursor: () => [...cursor],
    destroy() {
      for (const [type, f] of [['pointerdown', onDown], ['pointermove', onMove], ['pointerup', onUp],
        ['pointercancel', onUp], ['keydown', onKey], ['focus', onFocus], ['blur', onBlur]]) container.removeEventListener(type, f);
      cursorMark.remove();
    },
  };
}
