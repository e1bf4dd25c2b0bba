// The player: one step-then-redraw loop on requestAnimationFrame. Each frame
// calls work(deadline) once, which trains within the time budget and redraws;
// the loop stops when work says so, when pause() is called, or while the tab is
// hidden (it resumes when the tab shows again). It also keeps the frame timings.

/** Median and 95th percentile of some numbers (nearest rank), or nulls for none. */
export function summarize(values) {
  if (!values.length) return { count: 0, median: null, p95: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { count: sorted.length, median: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1] };
}

/**
 * @param {object} opts
 * @param {(deadline: number) => {stop: boolean}} opts.work one frame: train until `deadline`
 *   (a performance.now() time), redraw, and say whether to stop
 * @param {(playing: boolean) => void} [opts.onPlayingChange]
 * @param {number} [opts.budgetMs=12] time per frame for training and drawing together, so a
 *   frame fits in 16.7 ms with room for the browser's own work
 * @param {number} [opts.keep=600] how many frame timings to keep
 */
export function createPlayer({ work, onPlayingChange = () => {}, budgetMs = 12, keep = 600 }) {
  let playing = false;
  let handle = 0;
  let pausedByHiding = false;
  let lastStart = 0;
  const workTimes = []; // ms spent in work() per frame: training + drawing
  const intervals = []; // ms between frame starts

  const remember = (list, v) => {
    list.push(v);
    if (list.length > keep) list.shift();
  };

  function frame(start) {
    handle = 0;
    if (!playing) return;
    const t0 = performance.now();
    if (lastStart) remember(intervals, start - lastStart);
    lastStart = start;
    let result;
    try {
      result = work(t0 + budgetMs);
    } catch (e) {
      setPlaying(false);
      throw e;
    }
    remember(workTimes, performance.now() - t0);
    if (result.stop) setPlaying(false);
    else if (playing) handle = requestAnimationFrame(frame);
  }

  function setPlaying(next) {
    if (next === playing) return;
    playing = next;
    if (playing) {
      lastStart = 0;
      handle = requestAnimationFrame(frame);
    } else if (handle) {
      cancelAnimationFrame(handle);
      handle = 0;
    }
    onPlayingChange(playing);
  }

  function onVisibility() {
    if (document.hidden && playing) {
      pausedByHiding = true;
      setPlaying(false);
    } else if (!document.hidden && pausedByHiding) {
      pausedByHiding = false;
      setPlaying(true);
    }
  }
  document.addEventListener('visibilitychange', onVisibility);

  return {
    get playing() {
      return playing;
    },
    play() {
      pausedByHiding = false;
      setPlaying(true);
    },
    pause() {
      pausedByHiding = false;
      setPlaying(false);
    },
    toggle() {
      if (playing) this.pause();
      else this.play();
    },
    /** Timings of the last `keep` frames: work (training + drawing) and the interval between frames, in ms. */
    stats() {
      return { work: summarize(workTimes), interval: summarize(intervals) };
    },
    clearStats() {
      workTimes.length = 0;
      intervals.length = 0;
      lastStart = 0;
    },
    destroy() {
      setPlaying(false);
      document.removeEventListener('visibilitychange', onVisibility);
    },
  };
}
