// The lab starts playing the first time it comes into view, once: when a
// quarter of it (or half a window of it) has stayed on screen for a short while (a reader
// scrolling past does not start it). It does not start when the reader asked
// for less motion (prefers-reduced-motion: reduce: it waits for Play), nor once
// the reader (or the automation hook) has already stepped or played it.

/** Frames the lab must stay in view before it starts (about half a second at 60 fps). */
export const DWELL_FRAMES = 30;

/**
 * @param {{player: {playing: boolean}, session: {steps: number}, play(): void}} lab
 * @param {Element} target the element whose visibility counts (the lab's section)
 * @param {{matchMedia?: (query: string) => MediaQueryList, frames?: number}} [opts]
 * @returns {{state: () => 'waiting'|'started'|'cancelled'|'reduced-motion', destroy(): void}}
 */
export function autoplayOnFirstView(lab, target, { matchMedia = globalThis.matchMedia?.bind(globalThis), frames = DWELL_FRAMES } = {}) {
  let state = 'waiting';
  if (!target || typeof IntersectionObserver === 'undefined') return { state: () => 'cancelled', destroy() {} };
  if (matchMedia?.('(prefers-reduced-motion: reduce)').matches) return { state: () => 'reduced-motion', destroy() {} };
  const untouched = () => !lab.player.playing && lab.session.steps === 0;
  let visible = false;
  let counting = 0;

  function tick() {
    if (state !== 'waiting' || !visible) {
      counting = 0;
      return;
    }
    if (!untouched()) {
      finish('cancelled');
      return;
    }
    if (--counting > 0) {
      requestAnimationFrame(tick);
      return;
    }
    finish('started');
    lab.play();
  }

  // In view: a quarter of the section, or half the window's height of it (the section is taller than a screen).
  const io = new IntersectionObserver((entries) => {
    const e = entries[entries.length - 1];
    const seen = e.intersectionRect.height;
    visible = e.isIntersecting && (e.intersectionRatio >= 0.25 || seen >= 0.5 * (e.rootBounds?.height ?? Infinity));
    if (visible && state === 'waiting' && counting === 0) {
      counting = frames;
      requestAnimationFrame(tick);
    }
  }, { threshold: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.5] });
  io.observe(target);

  function finish(how) {
    state = how;
    io.disconnect();
  }

  return {
    state: () => state,
    destroy() {
      if (state === 'waiting') finish('cancelled');
    },
  };
}
