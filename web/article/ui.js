// Small DOM builders for the article's figure controls. They reuse the lab's
// control classes (web/lab/lab.css: .control, .segs/.seg, .value) so both
// parts of the page look alike, and give every input a data-testid.

/**
 * An element with attributes and children. `text` sets textContent, `class`
 * the class name; other keys are attributes (booleans: present when true).
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

let uid = 0;
const nextId = (stem) => `${stem}-${++uid}`;

/** A button; `primary` gives the dark style of the lab's Play button. */
export function button(label, onClick, { testid, title, primary = false } = {}) {
  const b = el('button', { type: 'button', class: primary ? 'primary' : undefined, 'data-testid': testid,
    'aria-label': title, title, text: label });
  b.addEventListener('click', onClick);
  return b;
}

/**
 * Radio buttons shown as one segmented control.
 * @param {object} o
 * @param {string} o.label legend (visually hidden when o.hideLabel)
 * @param {{value: string, label: string}[]} o.options
 * @param {string} o.value the initial choice
 * @param {(value: string) => void} o.onChange
 * @param {string} o.testid the fieldset's data-testid; each radio gets `${testid}-${value}`
 * @returns {{element: HTMLElement, set(value: string): void}}
 */
export function segmented({ label, options, value, onChange, testid, hideLabel = false }) {
  const name = nextId('seg');
  const radios = options.map((o) => {
    const r = el('input', { type: 'radio', name, value: o.value, 'data-testid': testid && `${testid}-${o.value}` });
    r.checked = o.value === value;
    r.addEventListener('change', () => r.checked && onChange(o.value));
    return el('label', { class: 'seg' }, r, el('span', { text: o.label }));
  });
  const legend = el('legend', { class: hideLabel ? 'visually-hidden' : undefined, text: label });
  const element = el('fieldset', { class: 'control control-segmented', 'data-testid': testid }, legend,
    el('div', { class: 'segs' }, ...radios));
  return {
    element,
    set(v) {
      for (const l of radios) l.firstChild.checked = l.firstChild.value === v;
    },
  };
}

/**
 * A labelled slider with its value shown beside it.
 * @param {object} o
 * @param {string} o.label
 * @param {number} o.min @param {number} o.max @param {number} o.step @param {number} o.value
 * @param {(v: number) => string} [o.format]
 * @param {(v: number) => void} o.onInput called while dragging
 * @param {string} o.testid
 */
export function slider({ label, min, max, step, value, format = String, onInput, testid }) {
  const id = nextId('slider');
  const input = el('input', { type: 'range', id, min, max, step, 'data-testid': testid });
  input.value = String(value);
  const output = el('output', { class: 'value', for: id, text: format(value) });
  const show = () => {
    output.textContent = format(Number(input.value));
    input.setAttribute('aria-valuetext', output.textContent);
  };
  show();
  input.addEventListener('input', () => {
    show();
    onInput(Number(input.value));
  });
  const element = el('div', { class: 'control control-slider' }, el('label', { for: id, text: label }), input, output);
  return {
    element,
    set(v) {
      input.value = String(v);
      show();
    },
  };
}

/** A labelled checkbox. */
export function checkbox({ label, checked, onChange, testid }) {
  const id = nextId('check');
  const input = el('input', { type: 'checkbox', id, 'data-testid': testid });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return { element: el('div', { class: 'control control-checkbox' }, input, el('label', { for: id, text: label })) };
}

/**
 * The frame every article figure shares: a row of controls, the drawing, a
 * readout line and the caption, inside the <figure> slot.
 * @param {HTMLElement} figure the <figure data-figure> slot
 * @returns {{controls: HTMLElement, body: HTMLElement, readout: HTMLElement, caption: HTMLElement}}
 */
export function figureFrame(figure) {
  const controls = el('div', { class: 'fig-controls' });
  const body = el('div', { class: 'fig-body' });
  const readout = el('p', { class: 'fig-readout', 'aria-live': 'polite' });
  const caption = el('figcaption');
  figure.append(controls, body, readout, caption);
  return { controls, body, readout, caption };
}

/**
 * Fills an element with text in which [[name|text]] marks become spans of the
 * symbol colour class sym-name (e.g. "[[mu|μ]]"), so captions use the colours
 * of the equations without writing HTML.
 */
export function richText(element, text) {
  element.textContent = '';
  // The text may hold brackets of its own ("[[gamma|γ[l]]]"): a mark ends at the last of a run of "]".
  const parts = text.split(/\[\[([a-zA-Z0-9-]+)\|(.+?)\]\](?!\])/);
  for (let i = 0; i < parts.length; ++i) {
    if (i % 3 === 0) {
      if (parts[i]) element.append(parts[i]);
    } else if (i % 3 === 1) {
      element.append(el('span', { class: `sym sym-${parts[i]}`, text: parts[i + 1] }));
      ++i;
    }
  }
  return element;
}

/**
 * Play/pause and restart buttons for a figure that trains, with the step
 * counter (data-testid `${prefix}-step`).
 * @param {{prefix: string, onToggle: () => void, onRestart: () => void, restartLabel?: string}} o
 * @returns {{element: HTMLElement, setPlaying(p: boolean): void, setStep(n: number): void}}
 */
export function playerControls({ prefix, onToggle, onRestart, restartLabel = '↺ Restart' }) {
  const play = button('▶ Play', onToggle, { testid: `${prefix}-play`, primary: true });
  play.setAttribute('aria-pressed', 'false');
  const restart = button(restartLabel, onRestart, { testid: `${prefix}-restart` });
  const counter = el('output', { 'data-testid': `${prefix}-step`, text: '0' });
  const element = el('div', { class: 'control player-controls' }, play, restart,
    el('span', { class: 'step-count' }, 'step ', counter));
  return {
    element,
    setPlaying(p) {
      play.textContent = p ? '❚❚ Pause' : '▶ Play';
      play.setAttribute('aria-pressed', String(p));
    },
    setStep(n) {
      counter.textContent = String(n);
    },
  };
}

/**
 * A key of coloured swatches and names (lab.css .swatch classes), for figures
 * whose curves are told apart by colour only.
 * @param {{swatch: string, name: string}[]} items swatch: a class such as 'with-bn'
 */
export function swatchKey(items) {
  return el('p', { class: 'stat-row fig-key' },
    ...items.map((i) => el('span', {}, el('span', { class: `swatch ${i.swatch}` }), ` ${i.name}`)));
}

/**
 * The seed picker of a figure that reruns over the claims' seeds: one segment
 * per seed (data-testid `${testid}-${seed}`).
 * @param {{testid: string, seeds: number[], value: number, onChange: (seed: number) => void}} o
 */
export function seedPicker({ testid, seeds, value, onChange }) {
  return segmented({
    label: 'seed', testid, value: String(value),
    options: seeds.map((s) => ({ value: String(s), label: String(s) })),
    onChange: (v) => onChange(Number(v)),
  });
}
