// Section 8, "Batch norm among its siblings", without a page: the race of the
// four siblings (no norm, BN, LN, GN; engine.createSiblings) at several batch
// sizes, recorded record by record, and the axis picture's probes. The
// figures (web/article/demos/siblings-*.js) step a race a chunk at a time; the
// claims ledger (web/claims/article-siblings.js) runs it to the end, so both
// see the same numbers.

/** Trains n steps in calls the engine accepts (Siblings.maxStepsPerCall). */
function stepBy(siblings, n) {
  const most = siblings.maxStepsPerCall;
  for (let left = n; left > 0; left -= Math.min(left, most)) siblings.step(Math.min(left, most));
}

/**
 * The siblings of `norms` at one batch size. Those the engine refuses (BN at
 * a batch of one) are left out, with the engine's message.
 * @returns {{siblings: import('../engine-siblings.js').Siblings|null, norms: string[], refused: Object<string, string>}}
 */
export function createSiblingsAt(engine, config, norms) {
  try {
    return { siblings: engine.createSiblings(config, { norms: [...norms] }), norms: [...norms], refused: {} };
  } catch (all) {
    const refused = {};
    for (const norm of norms) {
      try {
        engine.createSiblings(config, { norms: [norm] }).dispose();
      } catch (e) {
        refused[norm] = e.message;
      }
    }
    const kept = norms.filter((n) => !(n in refused));
    if (kept.length === norms.length) throw all; // refused together, but not one by one: not a per-norm rule
    return { siblings: kept.length ? engine.createSiblings(config, { norms: kept }) : null, norms: kept, refused };
  }
}

/**
 * A race: for every batch size m of plan.sizes, the siblings of plan.norms
 * from the same seed (the same data and initial weights at every m; each m
 * draws its own mini-batches). Each record holds, per m and norm, the loss on
 * the whole training set in inference mode (BN: running statistics) and the
 * training set's loss over one epoch of mini-batches of m in training and in
 * inference mode (Siblings.epochLoss): their difference is BN's train/inference gap.
 * @param {import('../engine.js').Engine} engine
 * @param {{config: object, sizes: number[], norms: string[]}} plan
 * @param {{seed: number}} run
 */
export function createSiblingRace(engine, { config, sizes, norms }, { seed }) {
  const lanes = [];
  try {
    for (const m of sizes) lanes.push({ m, ...createSiblingsAt(engine, { ...config, batchSize: m, seed }, norms) });
  } catch (e) {
    for (const l of lanes) l.siblings?.dispose();
    throw e;
  }
  const records = { steps: [], sizes: {} };
  for (const l of lanes) {
    records.sizes[l.m] = { refused: l.refused, norms: l.norms };
    for (const n of l.norms) records.sizes[l.m][n] = { loss: [], training: [], inference: [], testAccuracy: [] };
  }
  let step = 0;

  return {
    records,
    get step() {
      return step;
    },
    /** Appends one record of every lane. */
    record() {
      records.steps.push(step);
      for (const { m, siblings, norms: kept } of lanes) {
        if (!siblings) continue;
        const metrics = siblings.metrics('running');
        for (const n of kept) {
          const r = records.sizes[m][n];
          const e = siblings.epochLoss(n);
          r.loss.push(metrics[n].trainLoss);
          r.testAccuracy.push(metrics[n].testAccuracy);
          r.training.push(e.training);
          r.inference.push(e.inference);
        }
      }
    },
    /** Trains every lane n steps. */
    advance(n) {
      for (const l of lanes) if (l.siblings) stepBy(l.siblings, n);
      step += n;
    },
    dispose() {
      for (const l of lanes) l.siblings?.dispose();
      lanes.length = 0;
    },
  };
}

/** A whole race to plan.total, a record every plan.every steps: its records. */
export function fullSiblingRace(engine, plan, seed) {
  const race = createSiblingRace(engine, plan, { seed });
  try {
    race.record();
    while (race.step < plan.total) {
      race.advance(plan.every);
      race.record();
    }
    return race.records;
  } finally {
    race.dispose();
  }
}

/** The last value of a norm's series at batch size m (undefined for a refused norm). */
export const lastOf = (records, m, norm, series = 'loss') => records.sizes[m][norm]?.[series].at(-1);

/** BN's train/inference gap at the last record: inference − training over the same mini-batches of m. */
export function gapOf(records, m, norm) {
  const r = records.sizes[m][norm];
  return r ? r.inference.at(-1) - r.training.at(-1) : undefined;
}

/**
 * The axis picture's siblings and what it reads of them each frame: every
 * sibling's layer on the probe batch (Siblings.probe), keyed by norm.
 */
export function createAxes(engine, { config, norms, layer }, { seed }) {
  const siblings = engine.createSiblings({ ...config, seed }, { norms: [...norms] });
  return {
    siblings,
    read() {
      siblings.refreshProbes();
      return Object.fromEntries(norms.map((n) => [n, siblings.probe(n, layer)]));
    },
    advance: (n) => stepBy(siblings, n),
    get step() {
      return siblings.status()[norms[0]].steps;
    },
    dispose: () => siblings.dispose(),
  };
}
