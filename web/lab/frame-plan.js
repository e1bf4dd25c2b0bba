// Which parts of the page a played frame redraws. Every part whose data
// changed since it was last drawn is due; a frame draws the due parts, the
// longest-waiting first, while their measured cost fits the frame's drawing
// budget, and always at least one. A fast machine draws every part every
// frame; a slow one (a phone) keeps its frame rate and redraws each part every
// few frames instead, each time with the engine's output of that frame. What a
// frame left undrawn is drawn when the player stops (web/lab/lab.js), so a
// paused lab never shows an older step than its counter.

/**
 * @param {string[]} parts the parts' names, in the order they are drawn within a frame
 * @param {object} [opts]
 * @param {number} [opts.budgetMs=3] drawing time per frame that the parts may take together
 * @param {number} [opts.initialMs=1] a part's assumed cost before it is measured
 */
export function createFramePlan(parts, { budgetMs = 3, initialMs = 1 } = {}) {
  const cost = new Map(parts.map((p) => [p, initialMs])); // ms, a running estimate per part
  const waiting = new Map(parts.map((p) => [p, 0])); // frames since a due part was last drawn
  const due = new Set();
  const unseen = new Set(); // parts out of the reader's view: pick() passes them over

  // The parts of `dueNow` in view, longest-waiting first, and those that fit the budget.
  const choose = (dueNow) => {
    const order = [...dueNow].filter((p) => !unseen.has(p)).sort((a, b) => waiting.get(b) - waiting.get(a));
    const chosen = new Set();
    let spent = 0;
    for (const p of order) {
      if (chosen.size && spent + cost.get(p) > budgetMs) continue;
      chosen.add(p);
      spent += cost.get(p);
    }
    return { order, chosen, spent };
  };

  return {
    budgetMs,
    /** Marks parts whose data changed (they are due until drawn). */
    invalidate(names = parts) {
      for (const p of names) due.add(p);
    },
    /** Whether the reader can see a part now (a part is seen until said otherwise). */
    see(part, seen) {
      if (seen) unseen.delete(part);
      else unseen.add(part);
    },
    /** Whether the plan counts a part as in the reader's view. */
    seen(part) {
      return !unseen.has(part);
    },
    /** Whether some part is due (changed data that is not drawn), seen or not. */
    get pending() {
      return due.size > 0;
    },
    /**
     * The due parts in view that this frame draws, in drawing order: longest-waiting first while
     * the estimates fit the budget, and at least one if any is due and in view.
     * @returns {Set<string>}
     */
    pick() {
      const { order, chosen } = choose(due);
      for (const p of order) waiting.set(p, chosen.has(p) ? 0 : waiting.get(p) + 1);
      return new Set(parts.filter((p) => chosen.has(p)));
    },
    /**
     * The estimated ms of what the next frame will draw if the parts `changing` become due
     * before it picks (nothing changes): the player trains for the rest of the frame's time.
     * @param {string[]} changing
     */
    drawCost(changing) {
      return choose(new Set([...due, ...changing])).spent;
    },
    /** A part was drawn with the current data, in `ms` (undefined: not measured). */
    drawn(part, ms = undefined) {
      due.delete(part);
      this.worked(part, ms);
    },
    /** A part took its turn, `ms` long, without getting to draw (it stays due): a part that takes several. */
    worked(part, ms = undefined) {
      waiting.set(part, 0);
      if (ms !== undefined) cost.set(part, 0.7 * cost.get(part) + 0.3 * ms);
    },
    /** The current cost estimates, ms per part. */
    costs() {
      return Object.fromEntries(cost);
    },
  };
}

/**
 * Tells the plan which parts the reader can see: a part is in view while one of its elements
 * (parts[name].elements) is within a screen's margin of the viewport. Without IntersectionObserver
 * every part counts as seen.
 * @param {Record<string, {elements?: Element[]}>} parts
 * @param {{see(part: string, seen: boolean): void}} plan
 * @returns {{disconnect(): void} | null}
 */
export function watchSight(parts, plan) {
  if (typeof IntersectionObserver === 'undefined') return null;
  const owner = new Map(); // element → its part
  const inView = new Map(Object.keys(parts).map((p) => [p, new Set()])); // part → its elements in view
  const observer = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const part = owner.get(e.target);
      if (e.isIntersecting) inView.get(part).add(e.target);
      else inView.get(part).delete(e.target);
    }
    for (const [part, seen] of inView) if (parts[part].elements?.length) plan.see(part, seen.size > 0);
  }, { rootMargin: '50% 0px' });
  for (const [part, { elements = [] }] of Object.entries(parts)) {
    for (const e of elements) {
      owner.set(e, part);
      observer.observe(e);
    }
  }
  return observer;
}
