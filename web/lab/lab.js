// The lab's controller: the settings in force, the training session, the
// player, and the view. Settings change through apply() only; it decides
// between a rebuild (structure, data, seed), a reseed, or a change applied
// between steps (learning rate, probed unit, landscape probes, what is
// shown), rewrites the URL hash and redraws.

import { SETTINGS, changedKeys, defaults, engineConfig, engineData, setting, toHash, withChanges } from '../state.js';
import { preset } from './presets.js';
import { Session } from './session.js';
import { readFrame, readInto, readStep } from './snapshot.js';
import { createPlayer } from './player.js';
import { createFramePlan, watchSight } from './frame-plan.js';
import { onThemeChange } from './theme.js';
import { autoplayOnFirstView } from './autoplay.js';
import { EXPORT_FORMATS, runCsv, runJson, runRecord } from './export.js';
import { linkableData } from './points-setting.js';
import { urlProblem } from './points-code.js';

// How long a played frame evaluates the decision boundaries' grids before it goes on (ms; at least
// one evaluation chunk): the default networks' grids take one or two frames, 8 × 32 units about five.
const GRID_PART_MS = 2;

// What stopped the player, as facts only: a view that shows the controls to go on adds
// how (web/lab/view.js); an embed may show none of them (web/embed/frame.js).
const STOP_MESSAGES = {
  stopAt: (lab) => `Stopped at step ${lab.session.steps}, the step set to stop at.`,
  target: (lab) => `Both networks reached train loss ≤ ${lab.state.targetLoss}.`,
  diverged: () => 'Both networks diverged: their loss is no longer a finite number, and they stopped training.',
};

export class Lab {
  /**
   * @param {object} opts
   * @param {import('../engine.js').Engine} opts.engine
   * @param {object} opts.state initial settings (web/state.js parseHash().state)
   * @param {(hash: string) => void} opts.writeHash puts the settings' hash text into the address bar
   * @param {() => void} [opts.readHash] reads a hash the address bar holds and the lab has not read yet
   *   (applying it through apply()); called before anything that changes, steps or reports the lab, so a
   *   new link always wins over the settings it replaces
   * @param {(on: object) => object} opts.createView makes the view (view.js createView bound to the document)
   * @param {object} [opts.fallback] settings to start from when the engine refuses `state` (the page: the
   *   defaults, and `refused` says why); without it the refusal is thrown
   */
  constructor({ engine, state, writeHash, readHash = () => {}, createView, fallback = undefined }) {
    this.engine = engine;
    this.state = state;
    this.writeHash = writeHash;
    this.readHash = readHash;
    this.session = new Session(engine);
    this.renderCost = 2; // ms, a running estimate of render()
    this.frames = 0;
    this.lastGrids = null;
    this.listeners = new Set(); // called with the settings after every change (onSettings)
    this.view = createView({
      change: (changes) => this.apply(changes),
      play: () => this.toggle(),
      step: () => this.stepNow(1),
      reset: () => this.reset(),
      newSeed: () => this.newSeed(),
      selectLayer: (l) => this.apply({ layer: l + 1 }),
      preset: (id) => this.applyPreset(id),
    });
    // A view that draws its parts on their own (view.js) gets a plan of what each played frame redraws.
    this.plan = this.view.parts ? createFramePlan(Object.keys(this.view.parts)) : null;
    // The parts whose data every training step changes (the history's changes at record steps only).
    this.stepParts = this.plan ? Object.keys(this.view.parts).filter((p) => p !== 'history') : null;
    this.sight = this.plan ? watchSight(this.view.parts, this.plan) : null;
    this.drawnHistory = null; // [history, its length] when the history's part was last drawn
    this.drawnStep = {}; // part → the step it was last drawn at (a played frame passes over parts out of view)
    this.player = createPlayer({
      work: (deadline) => this.#frame(deadline),
      onPlayingChange: (playing) => {
        this.view.setPlaying(playing);
        // What the last played frames left undrawn is drawn now: a stopped lab shows its current step.
        if (!playing && this.plan?.pending) this.render();
      },
    });
    /** Why the settings given were refused by the engine (they are replaced by the defaults), or ''. */
    this.refused = '';
    this.session.setLandscape(state.landscape);
    try {
      this.session.build(engineConfig(state), engineData(state));
    } catch (e) {
      // A link the engine refuses (batch norm on a batch of one, …) still opens a lab, and says why.
      if (!fallback) throw e;
      this.refused = `The engine refused the settings of the link: ${e.message}. The lab starts from the defaults instead.`;
      this.state = state = structuredClone(fallback);
      this.session.setLandscape(state.landscape);
      this.session.build(engineConfig(state), engineData(state));
    }
    this.view.sync(state);
    this.view.setPlaying(false);
    if (this.refused) this.view.notice(this.refused);
    this.writeHash(toHash(state));
    this.unsubscribeTheme = onThemeChange(() => this.view.redraw());
    this.render();
    // The page's lab plays the first time it is seen (an embed's frame has no autoplayTarget: it follows its own).
    this.autoplay = autoplayOnFirstView(this, this.view.autoplayTarget ?? null);
  }

  /**
   * Changes some settings ({key: value}, values as numbers/booleans/arrays or
   * hash text). Throws, changing nothing, if a value is bad.
   * @returns {object} the settings now in force
   */
  apply(changes) {
    this.readHash();
    let next;
    try {
      next = withChanges(this.state, changes);
    } catch (e) {
      this.view.notice(e.message);
      throw e;
    }
    const prev = this.state;
    const changed = changedKeys(prev, next);
    if (!changed.length) return this.settings();
    const rebuild = changed.filter((k) => setting(k).rebuild);
    try {
      // Your own points are split by the seed (engine-points.js): a new seed rebuilds them.
      if (rebuild.some((k) => k !== 'seed') || (rebuild.length && next.data)) {
        this.session.build(engineConfig(next), engineData(next)); // the config carries the rate and the probed unit too
      } else {
        if (changed.includes('learningRate')) this.session.setLearningRate(next.learningRate);
        if (changed.includes('unit')) this.session.setProbeUnit(next.unit - 1);
        if (rebuild.length) this.session.reseed(next.seed);
      }
    } catch (e) {
      this.view.notice(`The engine refused these settings: ${e.message}`);
      this.view.sync(prev);
      throw e;
    }
    if (changed.includes('landscape')) this.session.setLandscape(next.landscape); // probing never changes the run
    this.state = next;
    if (rebuild.length) {
      this.view.setStatus('');
      this.lastGrids = null;
    }
    this.writeHash(toHash(next));
    this.view.sync(next);
    for (const f of this.listeners) f(next);
    this.render();
    return this.settings();
  }

  /** Calls f(settings) after every change of the settings; returns the unsubscribe function. */
  onSettings(f) {
    this.listeners.add(f);
    f(this.state);
    return () => this.listeners.delete(f);
  }

  /**
   * Trains on your own points (web/lab/points-setting.js: {train, test?, regression?}), or on the
   * toy set again with null. The networks rebuild with the same seed. Throws, changing nothing, if
   * the points are bad.
   */
  setDataset(data) {
    return this.apply({ data });
  }

  /**
   * The recorded run as text: 'json' or 'csv' (web/lab/export.js), with the settings and the seed,
   * so that apply(settings) and the same number of steps reproduce it.
   */
  exportRun(format = 'json') {
    this.readHash();
    if (!EXPORT_FORMATS.includes(format)) throw new Error(`format must be one of ${EXPORT_FORMATS.join(', ')}, got ${String(format)}`);
    const d = this.state.data;
    const note = d && !linkableData(d) ? `The hash omits the data set (${urlProblem(d)}); settings.data holds it` : '';
    const record = runRecord(this.session.history, this.settings(), toHash(this.state), note);
    return format === 'json' ? runJson(record) : runCsv(record);
  }

  /**
   * A scenario from presets.js: its settings over the defaults of everything
   * that shapes the run, and the default shown layer (the last) and unit; the
   * player's and the other view settings stay.
   */
  applyPreset(id) {
    const p = preset(id);
    if (!p) throw new Error(`no preset "${id}"`);
    const base = defaults();
    const run = Object.fromEntries(SETTINGS.filter((s) => s.group !== 'player' && s.group !== 'view')
      .map((s) => [s.key, base[s.key]]));
    // The shown layer and unit start over too: a layer picked in another network may not exist here.
    // A preset is a toy set: your own data gives way to it.
    return this.apply({ ...run, data: null, layer: base.layer, unit: base.unit, ...p.settings });
  }

  /** A copy of the settings in force. */
  settings() {
    this.readHash();
    return structuredClone(this.state);
  }

  toggle() {
    this.readHash();
    this.player.toggle();
    if (this.player.playing) this.view.setStatus('');
  }

  play() {
    this.readHash();
    this.player.play();
    this.view.setStatus('');
  }

  pause() {
    this.player.pause();
  }

  /** Trains n steps now (stopping early only if both networks diverged), then redraws. */
  stepNow(n) {
    this.readHash();
    this.player.pause();
    const r = this.session.advance({ maxSteps: n });
    if (r.stopped) this.view.setStatus(STOP_MESSAGES[r.stopped](this), r.stopped);
    this.render();
    return this.session.status;
  }

  /** Draws now what played frames left undrawn (a figure out of view), as a stopped lab does. */
  drawPending() {
    if (this.plan?.pending) this.render();
  }

  /** Same initial weights and batch order: the run replays exactly. */
  reset() {
    this.readHash();
    this.session.reset();
    this.view.setStatus('');
    this.render();
  }

  /** A new random seed (a new dataset, initial weights and batch order). */
  newSeed(seed = Math.floor(Math.random() * 2147483647)) {
    return this.apply({ seed });
  }

  /**
   * Draws the current step: every part, or while playing (playing: true) the parts the frame
   * plan picks (web/lab/frame-plan.js). A view without parts (an embed's) draws whole frames,
   * and a network whose decision boundary is slow to evaluate (big layers) redraws it every other
   * played frame.
   */
  render({ playing = false } = {}) {
    const t0 = performance.now();
    this.frames += 1;
    if (this.plan) this.#renderParts(playing);
    else this.#renderWhole(playing);
    this.renderCost = 0.8 * this.renderCost + 0.2 * (performance.now() - t0);
  }

  #renderWhole(playing) {
    const grids = !playing || this.renderCost < 6 || this.frames % 2 === 0 || !this.lastGrids;
    const frame = this.#withCosts(readFrame(this.session, this.state, { grids }));
    if (grids) this.lastGrids = frame.grids;
    else frame.grids = this.lastGrids;
    this.view.render(frame, this.session.history, this.session.dataset, this.state);
  }

  #renderParts(playing) {
    const { history, dataset } = this.session;
    if (!playing) {
      this.plan.invalidate();
      this.session.gridJob = null; // the boundaries drawn now are the current step's: older snapshots are dropped
    }
    const chosen = playing ? this.plan.pick() : Object.keys(this.view.parts);
    const frame = this.#withCosts(readStep(this.session, this.state));
    this.view.renderText(frame, this.state);
    for (const name of chosen) {
      const t0 = performance.now();
      const part = this.view.parts[name];
      if (playing && part.reads === 'grids') {
        // While playing, the decision boundaries are evaluated a part per frame from snapshots of the
        // networks (a slow network's grid takes several frames) and drawn when complete, of their step.
        frame.grids = this.session.gridsInParts(this.state.evalMode, t0 + GRID_PART_MS);
        frame.status = this.session.twin.status();
        if (!frame.grids) {
          this.plan.worked(name, performance.now() - t0);
          continue;
        }
      } else if (part.reads) {
        readInto(frame, part.reads, this.session, this.state);
      }
      part.render(frame, history, dataset, this.state);
      this.plan.drawn(name, performance.now() - t0);
      this.drawnStep[name] = part.reads === 'grids' ? frame.grids.withBn.step : frame.steps; // grids: their snapshot's
      if (name === 'history') this.drawnHistory = [history, history.length];
    }
  }

  /** A frame with what the view adds to the engine's: the data set's kind and the landscape's cost. */
  #withCosts(frame) {
    frame.isRegression = this.session.dataset.isRegression;
    frame.landscapeCost = { probeMs: [...this.session.landscapeMs], msPerStep: this.session.msPerStep };
    return frame;
  }

  destroy() {
    this.autoplay.destroy();
    this.player.destroy();
    this.unsubscribeTheme();
    this.sight?.disconnect();
    this.view.destroy();
    this.session.dispose();
  }

  /**
   * One animation frame while playing: train until the deadline less the time
   * drawing is expected to take (at least one step), redraw, maybe stop.
   */
  #frame(deadline) {
    this.readHash(); // a link that arrived since the last frame applies before this frame trains
    const s = this.state;
    // Training leaves the frame's drawing its time: with a plan, what this frame's drawing is
    // expected to cost (a frame that redraws a slow part trains less), else the average frame's.
    const r = this.session.advance({
      maxSteps: s.speed, stopAt: s.stopAt, targetLoss: s.targetLoss, stopAtTarget: s.stopAtTarget,
      deadline: deadline - (this.plan ? this.plan.drawCost(this.stepParts) : this.renderCost),
    });
    if (r.stepped > 0) {
      if (this.plan) {
        const h = this.session.history;
        this.plan.invalidate(this.stepParts);
        if (this.drawnHistory?.[0] !== h || this.drawnHistory[1] !== h.length) this.plan.invalidate(['history']);
      }
      this.render({ playing: true });
    }
    if (r.stopped) this.view.setStatus(STOP_MESSAGES[r.stopped](this), r.stopped);
    return { stop: r.stopped !== null };
  }
}
