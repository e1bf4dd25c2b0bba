// Figure: a network's output over the input plane (the decision boundary) with
// the training points (filled) and the test points (rings).
//
//   const fig = createDecisionBoundary(container, {label});
//   fig.update({grid: {values, resolution, extent}, data: {xTrain, yTrain, xTest, yTest, isRegression}});
//
// Classification: values are P(class 1), shaded from the class-0 colour through
// the background (0.5, the boundary) to the class-1 colour. Regression: the
// value, shaded the same way around 0. Non-finite values (a diverged network)
// are left blank: NaN is never drawn as data.

import { responsiveCanvas, clear } from '../canvas.js';
import { figureHandle } from '../figure.js';
import { palette, rgb } from '../theme.js';

/**
 * @param {HTMLElement} container
 * @param {{label?: string}} [options]
 */
export function createDecisionBoundary(container, options = {}) {
  container.setAttribute('role', 'img');
  container.setAttribute('aria-label', options.label ?? 'Decision boundary with training and test points');
  let data = null;
  const c = responsiveCanvas(container, { height: (w) => Math.min(w, 420), draw });
  const field = document.createElement('canvas'); // one pixel per grid point, scaled up smoothly
  let image = null; // field's pixels, kept between draws
  // The points change only with the data set: drawn once on their own canvas (device pixels), which
  // every draw copies over the field, until the data, the size or the colours change.
  const dots = document.createElement('canvas');
  let dotsKey = null;

  /** Maps a value to [-1, 1]: −1 is the class-0 colour, +1 the class-1 colour. */
  function signedScale(isRegression, span) {
    return isRegression ? (v) => Math.max(-1, Math.min(1, v / span)) : (v) => 2 * v - 1;
  }

  function paintField(colors, grid, toSigned) {
    const R = grid.resolution;
    if (field.width !== R) {
      field.width = R;
      field.height = R;
    }
    const fctx = field.getContext('2d');
    if (image?.width !== R) image = fctx.createImageData(R, R); // every pixel is written below
    const bg = rgb(colors.bg);
    const c0 = rgb(colors.class0);
    const c1 = rgb(colors.class1);
    for (let row = 0; row < R; ++row) {
      for (let col = 0; col < R; ++col) {
        // Grid rows run from x2 = −extent upwards; canvas rows run downwards.
        const v = grid.values[row * R + col];
        const o = 4 * ((R - 1 - row) * R + col);
        if (!Number.isFinite(v)) {
          image.data[o + 3] = 0;
          continue;
        }
        const s = toSigned(v);
        const target = s < 0 ? c0 : c1;
        const t = Math.abs(s) * 0.62; // at most 62% of the class colour: points stay visible
        for (let k = 0; k < 3; ++k) image.data[o + k] = Math.round(bg[k] + (target[k] - bg[k]) * t);
        image.data[o + 3] = 255;
      }
    }
    fctx.putImageData(image, 0, 0);
  }

  /** The largest |y| of a regression set (the shading's scale), kept per data set. */
  const spans = new WeakMap();
  function spanOf(points) {
    if (!points.isRegression) return 1;
    if (!spans.has(points)) spans.set(points, Math.max(1e-6, ...Array.from(points.yTrain, Math.abs)));
    return spans.get(points);
  }

  /** Draws the points on `dots` (same pixels as the figure's canvas) unless they are there already. */
  function paintDots(colors, points, toSigned, px, py, left, size) {
    const key = [points, colors, c.canvas.width, c.canvas.height];
    if (dotsKey && key.every((k, i) => k === dotsKey[i])) return;
    dotsKey = key;
    dots.width = c.canvas.width;
    dots.height = c.canvas.height;
    const ctx = dots.getContext('2d');
    ctx.setTransform(c.ctx.getTransform());
    ctx.beginPath();
    ctx.rect(left, 0, size, size);
    ctx.clip();
    // Class points take the class colour; regression points the colour of their value's sign,
    // faded towards the background for values near 0.
    const bg = rgb(colors.bg);
    const pointColor = (y) => {
      const sgn = toSigned(points.isRegression ? y : y > 0.5 ? 1 : 0);
      const target = rgb(sgn < 0 ? colors.class0 : colors.class1);
      const t = points.isRegression ? 0.35 + 0.65 * Math.abs(sgn) : 1;
      return `rgb(${target.map((c, k) => Math.round(bg[k] + (c - bg[k]) * t)).join(',')})`;
    };
    const r = size < 260 ? 2.2 : 3;
    ctx.lineWidth = 1;
    for (let j = 0; j < points.yTrain.length; ++j) {
      ctx.fillStyle = pointColor(points.yTrain[j]);
      ctx.strokeStyle = colors.bg;
      ctx.beginPath();
      ctx.arc(px(points.xTrain[2 * j]), py(points.xTrain[2 * j + 1]), r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.lineWidth = 1.6;
    for (let j = 0; j < points.yTest.length; ++j) {
      ctx.strokeStyle = pointColor(points.yTest[j]);
      ctx.beginPath();
      ctx.arc(px(points.xTest[2 * j]), py(points.xTest[2 * j + 1]), r + 0.6, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  function draw() {
    clear(c);
    if (!data) return;
    const colors = palette(c.canvas);
    const { grid, data: points } = data;
    const size = Math.min(c.width, c.height);
    const left = Math.floor((c.width - size) / 2);
    const e = grid.extent;
    const px = (x1) => left + ((x1 + e) / (2 * e)) * size;
    const py = (x2) => ((e - x2) / (2 * e)) * size;
    const toSigned = signedScale(points.isRegression, spanOf(points));
    const ctx = c.ctx;
    paintField(colors, grid, toSigned);
    ctx.imageSmoothingEnabled = true;
    // The R grid values sit at pixel centres from −extent to +extent.
    const R = grid.resolution;
    const cell = size / (R - 1);
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, 0, size, size);
    ctx.clip();
    ctx.drawImage(field, left - cell / 2, -cell / 2, size + cell, size + cell);
    paintDots(colors, points, toSigned, px, py, left, size);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(dots, 0, 0);
    ctx.restore();
    ctx.strokeStyle = colors.grid;
    ctx.strokeRect(left + 0.5, 0.5, size - 1, size - 1);
  }

  /**
   * @param {object} d
   * @param {{values: Float32Array, resolution: number, extent: number}} d.grid the network's output on the grid
   * @param {{xTrain: Float32Array, yTrain: Float32Array, xTest: Float32Array, yTest: Float32Array,
   *   isRegression: boolean}} d.data the dataset
   */
  function setData(d) {
    data = d;
  }

  return figureHandle({ setData, draw, destroy: () => c.destroy() });
}
