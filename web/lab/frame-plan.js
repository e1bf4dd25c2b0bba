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

  return {
    budgetMs,
    /** Marks parts whose data changed (they are due until drawn). */
    invalidate(names = parts) {
      for (const p of names) due.add(p);
    },
    /** Whether some part is due (changed data that is not on screen). */
    get pending() {
      return due.size > 0;
    },
    /**
     * The due parts this frame draws, in drawing order: longest-waiting first while the
     * estimates fit the budget, and at least one.
     * @returns {Set<string>}
     */
    pick() {
      const order = [...due].sort((a, b) => waiting.get(b) - waiting.get(a));
      const chosen = new Set();
      let spent = 0;
      for (const p of order) {
        if (chosen.size && spent + cost.get(p) > budgetMs) continue;
        chosen.add(p);
        spent += cost.get(p);
      }
      for (const p of due) waiting.set(p, chosen.has(p) ? 0 : waiting.get(p) + 1);
      return new Set(parts.filter((p) => chosen.has(p)));
    },
    /** A part was drawn with the current data, in `ms` (undefined: not measured). */
    drawn(part, ms = undefined) {
      due.delete(part);
      waiting.set(part, 0);
      if (ms !== undefined) cost.set(part, 0.7 * cost.get(part) + 0.3 * ms);
    },
    /** The current cost estimates, ms per part. */
    costs() {
      return Object.fromEntries(cost);
    },
  };
}
