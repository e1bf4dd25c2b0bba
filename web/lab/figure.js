// The figure contract, shared by the lab's figures (web/lab/figures/) and the
// article's (web/article/figures/). A figure is a function of its container:
//
//   const fig = createX(container, options);   // adds its canvas (and any labels) to container
//   fig.update(data);    // plain data in, drawn now; a figure never reads the engine or the URL
//   fig.reset();         // back to empty
//   fig.redraw();        // the same data again, e.g. after the colour scheme changed
//   fig.destroy();       // removes what it added and stops observing its container
//
// Most figures keep their latest data in one variable that a draw() function
// reads (draw() also runs when the container resizes); figureHandle builds the
// four methods around that pair.

/**
 * @param {object} parts
 * @param {(d: object|null) => void} parts.setData keeps the data draw() reads: update's argument, or null on reset
 * @param {() => void} parts.draw draws the kept data (null: the figure's empty state)
 * @param {() => void} parts.destroy
 * @returns {{update(d: object): void, reset(): void, redraw(): void, destroy(): void}}
 */
export function figureHandle({ setData, draw, destroy }) {
  return {
    update(d) {
      setData(d);
      draw();
    },
    reset() {
      setData(null);
      draw();
    },
    redraw: draw,
    destroy,
  };
}
