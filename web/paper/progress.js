// Pure helpers of the Figure 1 run: how far a Worker trains before it looks
// up, how far each Worker may run ahead of the other, and the speed and time
// remaining shown on the page. No DOM, no engine.

/**
 * Steps a Worker trains in one go: at most `chunk`, and never past the next
 * evaluation point (a multiple of `every`) or `limit`.
 * @param {number} step steps done
 * @param {number} limit the Worker may train up to this step
 * @param {number} every evaluation interval
 * @param {number} chunk the most steps per go (keeps the Worker answering messages)
 * @returns {number} 0 when step ≥ limit
 */
export function stepsToRun(step, limit, every, chunk) {
  const nextEval = (Math.floor(step / every) + 1) * every;
  return Math.max(0, Math.min(chunk, nextEval - step, limit - step));
}

/**
 * Where each Worker may train to, so that the two nets "advance together": no
 * Worker more than `lead` steps ahead of the slowest one, none past `target`.
 * @param {number[]} steps steps done by each Worker
 * @param {number} target the run's end (or where a pause stops it)
 * @param {number} lead
 * @returns {number[]} one limit per Worker
 */
export function lockstepLimits(steps, target, lead) {
  const slowest = Math.min(...steps);
  return steps.map((s) => Math.max(s, Math.min(target, slowest + lead)));
}

/**
 * The chunk size that makes the next go last about `ms` milliseconds, given
 * that the last go of n steps took `took` ms; kept within [min, max].
 */
export function nextChunk(n, took, ms, min = 5, max = 5000) {
  if (!(took > 0)) return Math.min(max, Math.max(min, n * 2));
  return Math.round(Math.min(max, Math.max(min, (n * ms) / took)));
}

/**
 * Training speed over a sliding window of wall time: add (time, step) samples,
 * read steps per second and the seconds left to a target step.
 */
export class RateMeter {
  #samples = [];
  #window;

  /** @param {number} [windowMs=6000] */
  constructor(windowMs = 6000) {
    this.#window = windowMs;
  }

  /** @param {number} timeMs @param {number} step */
  add(timeMs, step) {
    this.#samples.push([timeMs, step]);
    while (this.#samples.length > 2 && timeMs - this.#samples[1][0] >= this.#window) this.#samples.shift();
  }

  /** Forget the samples (after a pause, so idle time does not count). */
  clear() {
    this.#samples = [];
  }

  /** Steps per second over the window; NaN before two samples 200 ms apart. */
  get rate() {
    const s = this.#samples;
    if (s.length < 2) return NaN;
    const [t0, k0] = s[0];
    const [t1, k1] = s[s.length - 1];
    return t1 - t0 >= 200 ? ((k1 - k0) * 1000) / (t1 - t0) : NaN;
  }

  /** Seconds until `target` at the current rate; NaN when unknown. */
  secondsLeft(step, target) {
    const r = this.rate;
    return r > 0 ? Math.max(0, target - step) / r : NaN;
  }
}

/** "1:05" for 65 s, "1:02:03" for an hour and more, "—" when unknown. */
export function formatDuration(seconds) {
  if (!Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (v) => String(v).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** "3.1 / 7.9 MB", or "3.1 MB" when the total is unknown. */
export function formatBytes(received, total) {
  const mb = (b) => (b / 1e6).toFixed(1);
  return total > 0 ? `${mb(received)} / ${mb(total)} MB` : `${mb(received)} MB`;
}
