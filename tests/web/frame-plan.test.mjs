// The lab's frame plan (web/lab/frame-plan.js): which due parts a played frame redraws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFramePlan } from '../../web/lab/frame-plan.js';

const PARTS = ['metrics', 'boundary', 'probes', 'history'];
/** Draws what the plan picks, each part costing `costs[part]` ms; returns the parts drawn, in order. */
const frame = (plan, costs) => {
  const chosen = [...plan.pick()];
  for (const p of chosen) plan.drawn(p, costs[p]);
  return chosen;
};

test('a frame draws every due part, in drawing order, when their costs fit the budget', () => {
  const plan = createFramePlan(PARTS, { budgetMs: 4 });
  plan.invalidate();
  assert.deepEqual(frame(plan, { metrics: 0.2, boundary: 0.5, probes: 1, history: 0.5 }), PARTS);
  assert.equal(plan.pending, false);
  plan.invalidate(['probes', 'metrics']);
  assert.deepEqual(frame(plan, { metrics: 0.2, probes: 1 }), ['metrics', 'probes']);
});

test('nothing due, nothing drawn', () => {
  const plan = createFramePlan(PARTS);
  assert.deepEqual([...plan.pick()], []);
  assert.equal(plan.pending, false);
});

test('over budget, a frame draws at least one part and every due part gets its turn', () => {
  const plan = createFramePlan(PARTS, { budgetMs: 1, initialMs: 5 });
  const costs = { metrics: 5, boundary: 5, probes: 5, history: 5 };
  const drawn = new Map(PARTS.map((p) => [p, 0]));
  for (let f = 0; f < 40; ++f) {
    plan.invalidate(); // everything changes every frame, as while training
    const chosen = frame(plan, costs);
    assert.equal(chosen.length, 1, `frame ${f} drew ${chosen}`);
    for (const p of chosen) drawn.set(p, drawn.get(p) + 1);
  }
  // Round robin: each part drawn every fourth frame.
  assert.deepEqual([...drawn.values()], [10, 10, 10, 10]);
  assert.equal(plan.pending, true, 'the parts not drawn in the last frame are still due');
});

test('cheap parts fill the budget beside an expensive one, and the estimates follow what was measured', () => {
  const plan = createFramePlan(PARTS, { budgetMs: 3 });
  const costs = { metrics: 0.5, boundary: 0.5, probes: 20, history: 0.5 };
  for (let f = 0; f < 30; ++f) {
    plan.invalidate();
    frame(plan, costs);
  }
  assert.ok(plan.costs().probes > 15, `probes estimated at ${plan.costs().probes} ms`);
  assert.ok(plan.costs().metrics < 1, `metrics estimated at ${plan.costs().metrics} ms`);
  let probes = 0;
  let metrics = 0;
  for (let f = 0; f < 20; ++f) {
    plan.invalidate();
    const chosen = frame(plan, costs);
    probes += chosen.includes('probes');
    metrics += chosen.includes('metrics');
  }
  assert.ok(probes >= 4 && probes <= 10, `the expensive part drawn in ${probes} of 20 frames`);
  assert.ok(metrics >= 10, `the cheap part drawn in ${metrics} of 20 frames`);
});

test('a part out of view waits, due, until it is seen again; a part that takes several turns stays due', () => {
  const plan = createFramePlan(PARTS, { budgetMs: 10 });
  assert.equal(plan.seen('probes'), true, 'a part counts as seen until said otherwise');
  plan.see('probes', false);
  plan.see('history', false);
  assert.deepEqual(PARTS.filter((p) => !plan.seen(p)), ['probes', 'history']);
  plan.invalidate();
  assert.deepEqual(frame(plan, { metrics: 1, boundary: 1 }), ['metrics', 'boundary']);
  assert.equal(plan.pending, true, 'the unseen parts are still due (a stopped lab draws them)');
  assert.deepEqual([...plan.pick()], [], 'nothing in view is due');
  plan.see('probes', true);
  assert.deepEqual(frame(plan, { probes: 1 }), ['probes']);
  // worked(): the part took its turn and its time, but did not draw: still due.
  plan.invalidate(['boundary']);
  for (const p of plan.pick()) plan.worked(p, 4);
  assert.deepEqual([...plan.pick()], ['boundary']);
});

test('drawCost: what the next frame would draw once the given parts change, without changing the plan', () => {
  const plan = createFramePlan(PARTS, { budgetMs: 6 });
  plan.invalidate();
  frame(plan, { metrics: 1, boundary: 8, probes: 1, history: 1 }); // all four fit at their first estimate (1 ms each)
  assert.equal(plan.pending, false);
  // The estimates now: metrics 1, boundary 0.7 + 0.3·8 = 3.1, probes 1, history 1; all fit the 6 ms.
  assert.ok(Math.abs(plan.drawCost(['metrics', 'boundary', 'probes']) - 5.1) < 1e-9);
  assert.equal(plan.drawCost([]), 0);
  assert.equal(plan.pending, false, 'drawCost changed nothing');
  plan.see('boundary', false);
  assert.ok(Math.abs(plan.drawCost(['metrics', 'boundary', 'probes']) - 2) < 1e-9, 'a part out of view costs nothing');
});
