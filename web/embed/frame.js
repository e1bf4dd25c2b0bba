// The frame of one embedded figure, inside its shadow root: a title, the
// player (per the `controls` attribute), the step counter, the messages, the
// figure itself (a view from views/) and its caption. It implements the view
// contract of the lab's controller (web/lab/lab.js: render, sync, setPlaying,
// setStatus, notice, reset, redraw, destroy), so the lab's Lab class drives an
// embed exactly as it drives the page.

import { createControl } from '../lab/controls.js';
import { setting } from '../state.js';
import { netNames } from '../lab/net-names.js';

/** A small element builder: el('p', {class: 'x', text: 'y'}, child…). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/**
 * Lays out the frame in `root` (a shadow root) and returns its parts.
 * @param {ShadowRoot} root
 * @param {{preset: object, controls: 'full'|'minimal'|'none', counter?: boolean}} opts counter: show the step counter
 */
export function createFrame(root, { preset, controls, counter = true }) {
  const $ = {};
  $.title = el('p', { class: 'bnl-title', text: preset.title });
  $.normTitle = preset.normTitle; // the title for the normalization in force (presets.js)
  $.counter = el('output', { 'data-testid': 'step-counter', 'aria-live': 'off', text: '0' });
  const head = el('div', { class: 'bnl-head' }, $.title);
  if (controls !== 'none') {
    $.play = el('button', { type: 'button', class: 'primary', 'data-testid': 'play', 'aria-pressed': 'false', text: '▶ Play' });
    $.reset = el('button', { type: 'button', 'data-testid': 'reset', 'aria-label': 'Reset to step 0: same weights and batches', text: '↺' });
    const buttons = el('div', { class: 'buttons' }, $.play);
    if (controls === 'full') {
      $.step = el('button', { type: 'button', 'data-testid': 'step', 'aria-label': 'One training step', text: 'Step ›' });
      $.newSeed = el('button', { type: 'button', 'data-testid': 'new-seed', text: 'New seed' });
      buttons.append($.step, $.reset, $.newSeed);
      $.reset.textContent = '↺ Reset';
      // Export, as in the lab: the recorded run (with its settings and seed) and the figure's picture.
      $.exportMenu = el('details', { class: 'bnl-export', 'data-testid': 'export-menu' },
        el('summary', { text: 'Export' }),
        el('div', { class: 'bnl-export-items' },
          el('button', { type: 'button', 'data-testid': 'export-json', text: 'Run as JSON' }),
          el('button', { type: 'button', 'data-testid': 'export-csv', text: 'Run as CSV' }),
          el('button', { type: 'button', 'data-testid': 'export-png', text: 'Figure as PNG' })));
      buttons.append($.exportMenu);
    } else {
      buttons.append($.reset);
    }
    head.append(buttons);
  }
  if (counter) head.append(el('div', { class: 'counter' }, el('span', { text: 'step' }), ' ', $.counter));
  $.ignored = el('p', { class: 'bnl-message', role: 'alert', 'data-testid': 'ignored', hidden: '' });
  $.notice = el('p', { class: 'bnl-message', role: 'status', 'data-testid': 'notice', hidden: '' });
  $.status = el('p', { class: 'bnl-status', role: 'status', 'data-testid': 'status' });
  // Over the figure until its engine has started (element.js lays the figure out beneath it first).
  $.waiting = el('p', { class: 'bnl-waiting', 'data-testid': 'waiting', text: 'The network trains when this figure scrolls into view…' });
  $.body = el('div', { class: 'bnl-body', 'data-testid': 'figure' }, $.waiting);
  $.options = el('div', { class: 'bnl-options card-options', 'data-testid': 'options' });
  // A preset with `captionWithView` gets its caption with its view, loaded on demand (element.js).
  $.caption = el('p', { class: 'caption bnl-caption', text: preset.captionWithView ? '' : preset.caption });
  // Under a caption that the ledger checks at the preset's settings: which settings now differ (element.js).
  $.captionNote = el('p', { class: 'bnl-caption-note', 'data-testid': 'caption-note', hidden: '' });
  $.frame = el('div', { class: `bnl bnl-${preset.id} controls-${controls}`, part: 'frame' },
    head, $.ignored, $.notice, $.status, $.options, $.body, $.caption, $.captionNote);
  root.replaceChildren($.frame);
  return $;
}

/**
 * The settings controls of a preset (`essential` ones whenever there are
 * controls, the preset's others with controls="full"), built from the lab's
 * settings table.
 * @returns {{sync(state): void}}
 */
export function mountOptions(container, preset, controls, change) {
  const keys = controls === 'none' ? [] : [...(preset.essential ?? []),
    ...(controls === 'full' ? preset.controls.filter((k) => !(preset.essential ?? []).includes(k)) : [])];
  const mounted = keys.filter((k) => setting(k)).map((k) => createControl(k, change));
  container.replaceChildren(...mounted.map((c) => c.element));
  container.hidden = mounted.length === 0;
  return { sync: (state) => mounted.forEach((c) => c.sync(state)) };
}

/**
 * The lab's view contract over a frame and a preset view.
 * @param {object} $ createFrame() parts
 * @param {object} figure a views/ figure: {render, reset, redraw, destroy}
 * @param {{sync(state): void}} options
 */
export function frameView($, figure, options) {
  const setText = (e, text) => {
    if (e.textContent !== text) e.textContent = text;
  };
  return {
    render(frame, history, dataset, state) {
      setText($.counter, String(frame.steps));
      figure.render(frame, history, dataset, state);
    },
    sync(state) {
      if ($.normTitle) setText($.title, $.normTitle(netNames(state.norm)));
      options.sync(state);
      figure.sync?.(state);
    },
    setPlaying(playing) {
      if (!$.play) return;
      $.play.textContent = playing ? '❚❚ Pause' : '▶ Play';
      $.play.setAttribute('aria-pressed', String(playing));
      $.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
    },
    setStatus(text, reason) {
      setText($.status, text);
      $.status.dataset.reason = reason ?? '';  // only a divergence is shown as an alarm (embed.css)
    },
    notice(text) {
      setText($.notice, text);
      $.notice.hidden = !text;
    },
    reset: () => figure.reset(),
    redraw: () => figure.redraw(),
    destroy: () => figure.destroy(),
  };
}
