// <bn-lab>: one live figure of the BatchNorm Lab in any page.
//
//   <bn-lab preset="twin" seed="7" controls="minimal"></bn-lab>
//
// Each element has its own engine (its own WebAssembly instance), its own lab
// controller (web/lab/lab.js) and its own shadow root, so several on a page are
// independent and the host page's CSS cannot reach inside. It waits until it
// scrolls into view to load its engine and start, pauses when it leaves the
// viewport (IntersectionObserver), resumes when it comes back, and fills the
// width of its container (its canvases follow it with ResizeObserver). Bad
// attribute values are named in a message inside the element.
//
// JavaScript API (for page authors and tests): el.ready (a promise, resolved
// at the first drawn frame), el.play(), el.pause(), el.playing, el.step(n) (pauses first),
// el.reset(), el.steps, el.losses(), el.settings(), el.exportRun('json'|'csv') (with controls="full"
// also an Export menu: the run as JSON or CSV, the figure as PNG), el.firstFrameTime
// (performance.now() of the first frame). Events: 'bn-lab-ready' once drawn,
// 'bn-lab-error' when the engine, or a view loaded on demand (lazy-views.js), cannot
// start. (preset="paper" runs helper Workers with a player of its own: there, only
// `ready` and the events apply.)

import { Lab } from '../lab/lab.js';
import { TWINS } from '../engine.js';
import { canvasPng, download } from '../lab/export.js';
import { ATTRIBUTE_NAMES, captionNote, ignoredText, readAttributes } from './attributes.js';
import { createFrame, frameView, mountOptions } from './frame.js';
import { createTwinView } from './views/twin.js';
// The views of the other presets ('paper', 'noisy-bn', 'landscape', 'batch-coupling', 'histograms',
// 'test-time', 'worked-example') arrive on demand (lazy-views.js).
import { LAZY_VIEWS } from './lazy-views.js';
import { needsNormEngine } from './engine-source.js';
import { styleSheet, styleSheets } from './styles.js';

/** How each preset's view is made: (body, on, read) → figure. */
const VIEWS = {
  'twin': (body) => createTwinView(body),
  'covariate-shift': (body) => createTwinView(body),
  'siblings': (body) => createTwinView(body),
};

/** Presets stepped on a slow timer (one step per tick) so their numbers can be read. */
const TICK_MS = { 'worked-example': 1500 };

/**
 * Defines <bn-lab> (once per page).
 * @param {{createEngine: (norm?: boolean) => Promise<import('../engine.js').Engine>, compile: (norm?: boolean) => Promise<unknown>}} source
 *   (engine-source.js; `norm`: the figure needs layer or group norm)
 *   engine-source.js engineSource()
 * @param {(name: string) => Promise<{create: Function, css?: string}>} loadView how the views of
 *   lazy-views.js LAZY_VIEWS arrive (a script beside bn-lab.js, or already in the bundle)
 */
export function defineBnLab(source, loadView) {
  if (customElements.get('bn-lab')) return;

  class BnLabElement extends HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTE_NAMES;
    }

    #root;
    #run = null; // the current build: {lab, frame, config, observer, …}
    #rebuildQueued = false;
    #resolveReady;
    /** Resolves when the figure has drawn its first frame (after it scrolled into view). */
    ready;
    /** performance.now() when the first frame was drawn, or null. */
    firstFrameTime = null;
    /**
     * What the host page ignored before setting the attributes, [{name, value, reason}] (embed.html: parts
     * of its hash that are no attribute); named in the element's message with its own. Set before connecting.
     */
    hostIgnored = [];

    constructor() {
      super();
      this.#root = this.attachShadow({ mode: 'open' });
      this.#root.adoptedStyleSheets = styleSheets();
      this.#newReady();
    }

    connectedCallback() {
      if (!this.#run) this.#build();
    }

    disconnectedCallback() {
      this.#teardown();
    }

    attributeChangedCallback() {
      // Several attributes set in a row rebuild once.
      if (!this.#run || this.#rebuildQueued) return;
      this.#rebuildQueued = true;
      queueMicrotask(() => {
        this.#rebuildQueued = false;
        if (!this.isConnected) return;
        this.#teardown();
        this.#newReady();
        this.#build();
      });
    }

    /** Trains while visible (the default once in view). */
    play() {
      const r = this.#run;
      if (!r) return;
      r.wantPlay = true;
      if (r.lab && r.visible) this.#startPlayer();
    }

    pause() {
      const r = this.#run;
      if (!r) return;
      r.wantPlay = false;
      this.#stopPlayer();
    }

    get playing() {
      const r = this.#run;
      return !!r?.lab && (r.tick ? r.tickTimer !== 0 : r.lab.player.playing);
    }

    /** Pauses (as the Step button does), trains n steps at once and redraws; returns both networks' status. */
    step(n = 1) {
      const lab = this.#lab();
      this.pause();
      lab.stepNow(n);
      return structuredClone(lab.session.status);
    }

    reset() {
      this.#lab().reset();
    }

    /** Training steps taken so far (0 before the engine has started). */
    get steps() {
      return this.#run?.lab ? this.#run.lab.session.steps : 0;
    }

    /** The current step and both networks' loss and accuracy (running statistics). */
    losses() {
      const lab = this.#lab();
      const m = lab.session.twin.metrics('running');
      return { step: lab.session.steps, ...Object.fromEntries(TWINS.map((t) => [t, { ...m[t] }])) };
    }

    /** A copy of the lab settings in force. */
    settings() {
      return this.#lab().settings();
    }

    /** The recorded run as text, 'json' or 'csv' (web/lab/export.js), with the settings and the seed. */
    exportRun(format = 'json') {
      return this.#lab().exportRun(format);
    }

    #lab() {
      const lab = this.#run?.lab;
      if (!lab) throw new Error('bn-lab has not started yet: await element.ready');
      return lab;
    }

    #newReady() {
      this.ready = new Promise((resolve) => {
        this.#resolveReady = resolve;
      });
      this.firstFrameTime = null;
    }

    #build() {
      const config = readAttributes((name) => this.getAttribute(name), this.getAttributeNames());
      config.ignored.unshift(...this.hostIgnored);
      const paper = config.preset.view === 'paper'; // its own player, in Workers: no engine here
      const frame = createFrame(this.#root, { ...config, controls: paper ? 'none' : config.controls, counter: !paper });
      const message = ignoredText(config.ignored);
      frame.ignored.textContent = message;
      frame.ignored.hidden = !message;
      const run = { config, frame, lab: null, visible: false, wantPlay: config.autoplay || config.controls === 'none',
        tick: TICK_MS[config.preset.id] ?? 0, tickTimer: 0, starting: false, observer: null,
        on: null, read: null, figure: null, options: null }; // on: the lab's handlers, once it exists
      this.#run = run;
      // The figure and its controls are laid out now, before the engine loads, so the element has its final
      // height from the start and nothing under it moves when training begins. Until the lab exists, their
      // handlers have no one to call (`on` forwards to the lab's once it does).
      const lazy = LAZY_VIEWS.includes(config.preset.view);
      // A view in a bundle of its own starts loading now; #start and the paper's player wait for it.
      run.view = lazy ? this.#loadView(run, loadView(config.preset.view)) : null;
      if (!paper) {
        const on = new Proxy({}, { get: (_, name) => (...args) => run.on?.[name]?.(...args) });
        // What a view may read from the engine between frames (never training it): the last batch of a layer,
        // and the twin itself for the probes that leave the run as it was (landscape, inspectBatch).
        run.read = {
          readBatch: (layer) => (run.lab ? run.lab.session.twin.trainBatch('withBn', layer) : null),
          twin: () => run.lab?.session.twin ?? null,
        };
        run.options = mountOptions(frame.options, config.preset, config.controls, (...args) => on.change(...args));
        run.options.sync(config.state);
        const layOut = (create) => {
          run.figure = create(frame.body, on, run.read);
          run.figure.layout?.(config.state);
          frame.body.append(frame.waiting);
        };
        if (lazy) {
          run.view = run.view.then((view) => {
            if (view) layOut(view.create);
            return view;
          });
        } else {
          layOut(VIEWS[config.preset.view]);
        }
        source.compile(needsNormEngine(config)).catch(() => {}); // start fetching the engine early; errors surface in #start
      }
      run.observer = new IntersectionObserver((entries) => {
        const entry = entries[entries.length - 1];
        run.visible = entry.isIntersecting;
        if (paper) this.#followVisibilityPaper(run);
        else if (run.visible && !run.lab && !run.starting) this.#start(run);
        else if (run.lab) this.#followVisibility();
      });
      run.observer.observe(this);
    }

    /**
     * Resolves to the lazily loaded view once its stylesheet is adopted, or to null (with a message in
     * the figure) when its bundle cannot load or the element was rebuilt meanwhile.
     */
    async #loadView(run, loading) {
      try {
        const view = await loading;
        if (this.#run !== run) return null;
        if (view.caption) run.frame.caption.textContent = view.caption;
        // Between the lab's stylesheet and embed.css, so that embed.css still has the last word.
        if (view.css) {
          const [lab, ...rest] = styleSheets();
          this.#root.adoptedStyleSheets = [lab, styleSheet(view.css), ...rest];
        }
        return view;
      } catch (e) {
        if (this.#run !== run) return null;
        this.#fail(run, `The figure could not load: ${e.message}`, e.message);
        return null;
      }
    }

    #fail(run, text, message) {
      run.frame.body.replaceChildren();
      run.frame.notice.textContent = text;
      run.frame.notice.hidden = false;
      this.dispatchEvent(new CustomEvent('bn-lab-error', { bubbles: true, composed: true, detail: { message } }));
    }

    async #start(run) {
      run.starting = true;
      let engine;
      try {
        if (run.view && !(await run.view)) return; // its view could not load (said in the figure)
        engine = await source.createEngine(needsNormEngine(run.config));
      } catch (e) {
        if (this.#run !== run) return;
        this.#fail(run, `The engine could not start: ${e.message}`, e.message);
        return;
      }
      if (this.#run !== run) return; // rebuilt or removed while loading
      const { frame, config } = run;
      const createView = (on) => {
        run.on = on;
        this.#wireButtons(run, on);
        return frameView(frame, run.figure, run.options);
      };
      let lab;
      try {
        lab = new Lab({ engine, state: config.state, writeHash: () => {}, createView });
      } catch (e) {
        frame.notice.textContent = `The engine refused these settings: ${e.message}`;
        frame.notice.hidden = false;
        return;
      }
      run.lab = lab;
      if (config.preset.captionAtSettings) {
        const note = (state) => {
          frame.captionNote.textContent = captionNote(config.presetState, state);
          frame.captionNote.hidden = !frame.captionNote.textContent;
        };
        lab.onSettings(note);
        note(lab.state);
      }
      frame.waiting.remove();
      if (run.tick) lab.render(); // the first render ran before `run.lab` was assigned
      // Lab's player follows the tab's visibility; the frame follows the viewport.
      const setPlaying = lab.view.setPlaying;
      lab.view.setPlaying = (playing) => setPlaying(run.tick ? run.tickTimer !== 0 : playing);
      this.firstFrameTime = performance.now();
      this.#resolveReady();
      this.dispatchEvent(new CustomEvent('bn-lab-ready', { bubbles: true, composed: true }));
      this.#followVisibility();
    }

    async #followVisibilityPaper(run) {
      if (!run.paper && !run.paperStarting && run.visible) {
        run.paperStarting = true;
        const view = await run.view;
        if (!view || this.#run !== run) return;
        run.paper = view.create(run.frame.body, { classroom: run.config.controls === 'none' });
        this.firstFrameTime = performance.now();
        this.#resolveReady();
        this.dispatchEvent(new CustomEvent('bn-lab-ready', { bubbles: true, composed: true }));
      }
      run.paper?.visible(run.visible);
    }

    #wireButtons(run, on) {
      const f = run.frame;
      f.play?.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
      f.reset?.addEventListener('click', () => on.reset());
      f.step?.addEventListener('click', () => {
        this.pause();
        on.step();
      });
      f.newSeed?.addEventListener('click', () => on.newSeed());
      const menu = f.exportMenu;
      if (!menu) return;
      // A run with layer or group norm says so in its name (the JSON and CSV name the networks too).
      const name = (ext) => `bn-lab-${this.#run.config.preset.id}${this.settings().norm === 'bn' ? '' : `-${this.settings().norm}`}`
        + `-seed${this.settings().seed}.${ext}`;
      const item = (id) => menu.querySelector(`[data-testid="${id}"]`);
      const offer = (ext, content, type) => {
        menu.open = false;
        download(name(ext), content, type);
      };
      item('export-json').addEventListener('click', () => offer('json', this.exportRun('json'), 'application/json'));
      item('export-csv').addEventListener('click', () => offer('csv', this.exportRun('csv'), 'text/csv'));
      item('export-png').addEventListener('click', async () => {
        // The figure's first canvas, at its own (device) resolution.
        const canvas = f.body.querySelector('canvas');
        if (canvas) offer('png', await canvasPng(canvas), 'image/png');
      });
    }

    #followVisibility() {
      const r = this.#run;
      if (r.visible && r.wantPlay) this.#startPlayer();
      else this.#stopPlayer();
    }

    #startPlayer() {
      const r = this.#run;
      if (r.tick) {
        if (!r.tickTimer) r.tickTimer = setInterval(() => r.lab.stepNow(1), r.tick);
        r.lab.view.setPlaying(true);
      } else if (!r.lab.player.playing) {
        r.lab.play();
      }
    }

    #stopPlayer() {
      const r = this.#run;
      if (!r?.lab) return;
      if (r.tick) {
        clearInterval(r.tickTimer);
        r.tickTimer = 0;
        r.lab.view.setPlaying(false);
      } else if (r.lab.player.playing) {
        r.lab.pause();
      }
    }

    #teardown() {
      const r = this.#run;
      if (!r) return;
      this.#run = null;
      r.observer?.disconnect();
      clearInterval(r.tickTimer);
      r.lab?.destroy();
      r.paper?.destroy();
    }
  }

  customElements.define('bn-lab', BnLabElement);
}
