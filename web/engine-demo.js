// The engine check page (web/engine-demo.html): loads the WebAssembly engine,
// trains one twin pair and plots both mini-batch losses as they fall. A
// harness for the engine and the build, independent of the lab page; the
// browser tests (tests/browser/engine-demo.test.mjs) drive it.
//
// Query parameters: ?steps=500 (how many steps to train), ?seed=1.
import { loadEngine } from './engine.js';

const STEPS_PER_FRAME = 10;
const params = new URLSearchParams(location.search);
const totalSteps = Number(params.get('steps') ?? 500);
const seed = Number(params.get('seed') ?? 1);

const status = document.getElementById('status');
const canvas = document.getElementById('losses');

/** Plots each twin's mean loss per frame against the step, on a shared scale. */
function draw(curves, total) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const top = Math.max(...curves.withBn, ...curves.withoutBn, 1e-9);
  const colors = { withBn: '#1f77b4', withoutBn: '#d62728' };
  for (const [name, values] of Object.entries(curves)) {
    ctx.strokeStyle = colors[name];
    ctx.lineWidth = 2;
    ctx.beginPath();
    values.forEach((v, i) => {
      const x = ((i + 1) * STEPS_PER_FRAME / total) * (width - 1);
      const y = height - 1 - (v / top) * (height - 10);
      if (i === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    });
    ctx.stroke();
  }
}

function show(state, text) {
  status.dataset.state = state;
  status.textContent = text;
}

try {
  const engine = await loadEngine();
  const twin = engine.createTwin({ seed });
  addEventListener('pagehide', () => twin.dispose());
  const curves = { withBn: [], withoutBn: [] };

  const frame = () => {
    const s = twin.step(Math.min(STEPS_PER_FRAME, totalSteps - twin.status().withBn.steps));
    curves.withBn.push(s.withBn.meanLoss);
    curves.withoutBn.push(s.withoutBn.meanLoss);
    draw(curves, totalSteps);
    const steps = s.withBn.steps;
    const text = `step ${steps}: loss with BN ${s.withBn.meanLoss.toFixed(3)}, without BN ${s.withoutBn.meanLoss.toFixed(3)}`;
    if (steps < totalSteps) {
      show('training', text);
      requestAnimationFrame(frame);
      return;
    }
    // The first and last frame's mean losses, for a glance and for the browser test.
    for (const name of ['withBn', 'withoutBn']) {
      status.dataset[`${name}First`] = curves[name][0];
      status.dataset[`${name}Last`] = curves[name].at(-1);
    }
    show('done', `${text} (${engine.buildInfo})`);
  };
  requestAnimationFrame(frame);
} catch (e) {
  show('error', `The engine failed: ${e.message}`);
  console.error(e);
}
