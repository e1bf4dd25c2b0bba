// A figure's animation loop: one requestAnimationFrame callback that runs only
// while the figure is both playing (its own play/pause state) and on screen
// (set by the page's IntersectionObserver). Off screen, nothing steps.

/**
 * @param {(now: number) => boolean|void} frame does one frame's work; returning
 *   false ends playing (e.g. the run reached its last step)
 * @param {{onPlayingChange?: (playing: boolean) => void}} [opts]
 * @returns {{play(): void, pause(): void, toggle(): void, setVisible(v: boolean): void,
 *   readonly playing: boolean, readonly visible: boolean, readonly running: boolean, destroy(): void}}
 */
export function createLoop(frame, { onPlayingChange = () => {} } = {}) {
  let playing = false;
  let visible = false;
  let handle = 0;

  function tick(now) {
    handle = 0;
    if (!(playing && visible)) return;
    let more;
    try {
      more = frame(now);
    } catch (e) {
      setPlaying(false);
      throw e;
    }
    if (more === false) setPlaying(false);
    else sync();
  }

  function sync() {
    const run = playing && visible;
    if (run && !handle) handle = requestAnimationFrame(tick);
    else if (!run && handle) {
      cancelAnimationFrame(handle);
      handle = 0;
    }
  }

  function setPlaying(next) {
    if (next === playing) return;
    playing = next;
    sync();
    onPlayingChange(playing);
  }

  return {
    play: () => setPlaying(true),
    pause: () => setPlaying(false),
    toggle: () => setPlaying(!playing),
    setVisible(v) {
      visible = v;
      sync();
    },
    get playing() {
      return playing;
    },
    get visible() {
      return visible;
    },
    /** True while a frame is scheduled: playing and on screen. */
    get running() {
      return handle !== 0;
    },
    destroy() {
      playing = false;
      sync();
    },
  };
}

/**
 * Splits work into time-boxed frames: calls step() until it returns false or
 * `budgetMs` have passed. Returns whether there is more to do.
 */
export function workFor(budgetMs, step) {
  const end = performance.now() + budgetMs;
  do {
    if (!step()) return false;
  } while (performance.now() < end);
  return true;
}

/**
 * One frame of a figure that trains a run in chunks and records it every
 * `every` steps: advances `run` by `chunk` steps at a time for at most
 * `budgetMs`, stopping at the first record (record() then draw()). Returns
 * whether the run goes on (its step is below `total`), as createLoop's frame does.
 * @param {{step: number, advance(n: number): void}} run
 * @param {{chunk: number, every: number, total: number, record: () => void, draw: () => void, budgetMs?: number}} o
 */
export function recordFrame(run, { chunk, every, total, record, draw, budgetMs = 12 }) {
  let recorded = false;
  workFor(budgetMs, () => {
    run.advance(chunk);
    if (run.step % every !== 0) return true;
    record();
    recorded = true;
    return false;
  });
  if (recorded) draw();
  return run.step < total;
}
