// A canvas that fills its container's width, is sharp at any devicePixelRatio
// and redraws when the container resizes.

/**
 * @param {HTMLElement} container
 * @param {object} opts
 * @param {(width: number) => number} opts.height CSS height for a CSS width
 * @param {() => void} opts.draw called after every resize (and by the figure after an update)
 * @returns {{canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, width: number, height: number,
 *   refit(): boolean, destroy(): void}} width/height in CSS pixels; ctx is scaled so drawing uses
 *   CSS pixels; refit() re-applies opts.height (when it depends on the data) and says if the size changed.
 */
export function responsiveCanvas(container, { height, draw }) {
  const canvas = document.createElement('canvas');
  canvas.className = 'fig-canvas';
  container.appendChild(canvas);
  const ctx = canvas.getContext('2d');
  const out = { canvas, ctx, width: 0, height: 0, refit: () => resize(false), destroy };
  let containerWidth = 0; // CSS px, read when the container resizes: refit() between resizes reads no layout

  /** measure: read the container's width (a layout read); else the width of the last resize. */
  function resize(measure = true) {
    if (measure || !containerWidth) containerWidth = Math.max(1, Math.floor(container.clientWidth));
    const width = containerWidth;
    const h = Math.max(1, Math.round(height(width)));
    const dpr = Math.min(window.devicePixelRatio || 1, 3);
    if (width === out.width && h === out.height && canvas.width === Math.round(width * dpr)) return false;
    out.width = width;
    out.height = h;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(h * dpr);
    canvas.style.height = `${h}px`;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return true;
  }

  const observer = new ResizeObserver(() => {
    if (resize()) draw();
  });
  observer.observe(container);
  resize();

  function destroy() {
    observer.disconnect();
    canvas.remove();
  }
  return out;
}

/** Clears a responsive canvas (in CSS pixels). */
export function clear(c) {
  c.ctx.clearRect(0, 0, c.width, c.height);
}
