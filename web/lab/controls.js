// Controls built from the settings table (web/state.js): one element per
// setting, of the kind its `control` field names. A control reports a change
// as {key: value}; the lab decides what it means (rebuild, new rate, …) and
// calls sync(state) on every control afterwards.
//
// Every input carries data-testid="control-<key>" (radio buttons:
// "control-<key>-<option>"; the layer editor: "control-hidden-<i>",
// "control-activation-<i>", "control-bn-<i>", "control-bnNoise-<i>", "add-layer", "remove-layer").

import { perLayer, setting, trainingSetSize } from '../state.js';
import { netNames } from './net-names.js';

/** How a value is shown next to its slider. */
export function formatSettingValue(s, v) {
  if (s.kind === 'int') return String(v);
  if (v === 0) return '0';
  if (Math.abs(v) < 1e-3) return v.toExponential(0).replace('e-', 'e−');
  return String(Number(v.toPrecision(3)));
}

/** Limits that depend on other settings: the batch fits the training set, the unit and layer exist. */
function dynamicMax(s, state) {
  if (s.key === 'batchSize') return trainingSetSize(state);
  if (s.key === 'unit') return Math.max(...state.hidden);
  if (s.key === 'layer') return state.hidden.length;
  return s.max;
}

/** Rounds a value picked on a log slider to two significant digits (integers stay integers). */
function snapLog(s, v) {
  const r = Number(v.toPrecision(2));
  return s.kind === 'int' ? Math.round(r) : r;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

let uid = 0;

function labelled(s, input, extra) {
  const id = `ctl-${s.key}-${++uid}`;
  input.id = id;
  const wrap = el('div', { class: `control control-${s.control}` },
    el('label', { for: id, text: s.label }), input);
  if (extra) wrap.append(extra);
  if (s.help) {
    const help = el('p', { class: 'help', id: `${id}-help`, text: s.help });
    input.setAttribute('aria-describedby', help.id);
    wrap.append(help);
  }
  return wrap;
}

/**
 * Hands a change to the lab from a control that cannot hold a bad value (a choice, a box): the lab
 * refuses what the engine refuses (batch norm on a batch of one), says why in its notice and syncs
 * the controls back, so the refusal ends here instead of as an uncaught error.
 */
function offer(onChange, changes) {
  try {
    onChange(changes);
  } catch {
    // said in the lab's notice
  }
}

const optionText = (s, o) => s.optionLabels?.[o] ?? o.replace('_', ' ');

/** A select of the setting's options; picking one sets every layer of a per-layer setting. */
function selectControl(s, onChange) {
  const select = el('select', { 'data-testid': `control-${s.key}` },
    ...s.options.map((o) => el('option', { value: o, text: optionText(s, o) })));
  // A per-layer setting with different values per layer shows this until one is picked for all.
  const mixed = s.perLayer ? el('option', { value: '', text: 'one per layer', disabled: '', hidden: '' }) : null;
  if (mixed) select.append(mixed);
  select.addEventListener('change', () => offer(onChange, { [s.key]: select.value }));
  return {
    element: labelled(s, select),
    sync: (state) => { select.value = Array.isArray(state[s.key]) ? '' : state[s.key]; },
  };
}

function segmentedControl(s, onChange) {
  const name = `seg-${s.key}-${++uid}`;
  const radios = s.options.map((o) => {
    const r = el('input', { type: 'radio', name, value: o, 'data-testid': `control-${s.key}-${o}` });
    r.addEventListener('change', () => r.checked && offer(onChange, { [s.key]: o }));
    return el('label', { class: 'seg' }, r, el('span', { text: optionText(s, o) }));
  });
  const fieldset = el('fieldset', { class: 'control control-segmented', 'data-testid': `control-${s.key}` },
    el('legend', { text: s.label }), el('div', { class: 'segs' }, ...radios));
  if (s.help) fieldset.append(el('p', { class: 'help', text: s.help }));
  return {
    element: fieldset,
    sync: (state) => radios.forEach((l) => { l.firstChild.checked = l.firstChild.value === state[s.key]; }),
  };
}

function rangeControl(s, onChange, log) {
  const input = el('input', { type: 'range', 'data-testid': `control-${s.key}` });
  const output = el('output', { class: 'value' });
  let max = s.max;
  const min = log ? Math.max(s.min, s.kind === 'int' ? 1 : 1e-12) : s.min;
  if (log) Object.assign(input, { min: 0, max: 1000, step: 1 });
  else Object.assign(input, { min: s.min, max: s.max, step: s.step ?? 'any' });
  const toValue = () => {
    if (!log) return Number(input.value);
    const t = Number(input.value) / 1000;
    return Math.min(max, Math.max(min, snapLog(s, min * (max / min) ** t)));
  };
  const toSlider = (v) => (log ? (1000 * Math.log(Math.max(v, min) / min)) / Math.log(max / min) : v);
  input.addEventListener('input', () => {
    const v = toValue();
    output.textContent = formatSettingValue(s, v);
    input.setAttribute('aria-valuetext', output.textContent);
    if (!s.rebuild) onChange({ [s.key]: v });
  });
  input.addEventListener('change', () => s.rebuild && offer(onChange, { [s.key]: toValue() }));
  return {
    element: labelled(s, input, output),
    sync(state) {
      max = dynamicMax(s, state);
      if (!log) input.max = String(max);
      // A per-layer value with one number per layer: the slider sits at the largest and sets every layer.
      const v = Array.isArray(state[s.key]) ? Math.max(...state[s.key]) : state[s.key];
      input.value = String(toSlider(v));
      output.textContent = Array.isArray(state[s.key]) ? 'per layer' : formatSettingValue(s, v);
      input.setAttribute('aria-valuetext', output.textContent);
    },
  };
}

function numberControl(s, onChange) {
  const input = el('input', { type: 'number', inputmode: s.kind === 'int' ? 'numeric' : 'decimal',
    'data-testid': `control-${s.key}` });
  Object.assign(input, { min: s.min, max: s.max, step: s.step ?? 'any' });
  let current = null;
  input.addEventListener('change', () => {
    try {
      onChange({ [s.key]: input.value });
    } catch {
      input.value = String(current); // the lab reported the bad value; show the one in force
    }
  });
  return {
    element: labelled(s, input),
    sync(state) {
      current = state[s.key];
      input.max = String(dynamicMax(s, state));
      if (document.activeElement !== input || Number(input.value) !== current) input.value = String(current);
    },
  };
}

function checkboxControl(s, onChange) {
  const input = el('input', { type: 'checkbox', 'data-testid': `control-${s.key}` });
  input.addEventListener('change', () => offer(onChange, { [s.key]: input.checked }));
  const id = `ctl-${s.key}-${++uid}`;
  input.id = id;
  const wrap = el('div', { class: 'control control-checkbox' }, input, el('label', { for: id, text: s.label }));
  if (s.help) wrap.append(el('p', { class: 'help', text: s.help }));
  return { element: wrap, sync: (state) => { input.checked = state[s.key]; } };
}

/**
 * A layer's noisy-BN strength ν (setting bnNoise): shown only on a BN layer;
 * a change sets this layer's entry of the per-layer list.
 */
function layerNoiseInput(i, onChange, current) {
  const s = setting('bnNoise');
  const input = el('input', { type: 'number', class: 'layer-noise', min: s.min, max: s.max, step: s.step,
    inputmode: 'decimal', 'data-testid': `control-bnNoise-${i}`, 'aria-label': `Noisy BN ν in hidden layer ${i + 1}` });
  input.addEventListener('change', () => {
    const state = current();
    const nus = perLayer(state.bnNoise, state.hidden.length);
    nus[i] = input.value;
    try {
      onChange({ bnNoise: nus.join(',') });
    } catch {
      input.value = String(perLayer(current().bnNoise, state.hidden.length)[i]); // the lab said why
    }
  });
  const wrap = el('label', { class: 'layer-noise-wrap' }, el('span', { text: 'ν' }), input);
  return {
    element: wrap,
    // Hidden without batch norm in the network; on a layer without BN it keeps its place, so the columns line up.
    sync(state) {
      wrap.hidden = state.norm !== 'bn';
      wrap.style.visibility = state.bn[i] ? '' : 'hidden';
      const nu = perLayer(state.bnNoise, state.hidden.length)[i];
      if (document.activeElement !== input || Number(input.value) !== nu) input.value = String(nu);
    },
  };
}

/**
 * The layer editor: one row per hidden layer with its width, its activation g,
 * its BN flag and, on a BN layer, its noisy-BN ν, plus add/remove (a new layer
 * copies the last one's width, g and ν, with BN on).
 */
function layersControl(onChange) {
  const hiddenSetting = setting('hidden');
  const gSetting = setting('activation');
  const rows = el('div', { class: 'layer-rows' });
  const add = el('button', { type: 'button', class: 'small', 'data-testid': 'add-layer', text: '+ layer',
    'aria-label': 'Add a hidden layer' });
  const remove = el('button', { type: 'button', class: 'small', 'data-testid': 'remove-layer', text: '− layer',
    'aria-label': 'Remove the last hidden layer' });
  let state = null;
  let noiseInputs = [];
  add.addEventListener('click', () => onChange({ hidden: [...state.hidden, state.hidden.at(-1)], bn: [...state.bn, true] }));
  remove.addEventListener('click', () => onChange({ hidden: state.hidden.slice(0, -1), bn: state.bn.slice(0, -1) }));
  const element = el('fieldset', { class: 'control control-layers', 'data-testid': 'control-hidden' },
    el('legend', { text: 'Hidden layers: units, g and normalization' }), rows,
    el('div', { class: 'row-buttons' }, remove, add));
  return {
    element,
    sync(next) {
      state = next;
      add.disabled = state.hidden.length >= hiddenSetting.maxLength;
      remove.disabled = state.hidden.length <= hiddenSetting.minLength;
      if (rows.children.length !== state.hidden.length) {
        noiseInputs = state.hidden.map((_, i) => layerNoiseInput(i, onChange, () => state));
        rows.replaceChildren(...state.hidden.map((_, i) => {
          const units = el('input', { type: 'number', min: hiddenSetting.min, max: hiddenSetting.max, step: 1, inputmode: 'numeric',
            'data-testid': `control-hidden-${i}`, 'aria-label': `Units in hidden layer ${i + 1}` });
          units.addEventListener('change', () => {
            const hidden = [...state.hidden];
            hidden[i] = Number(units.value);
            try {
              onChange({ hidden });
            } catch {
              units.value = String(state.hidden[i]);
            }
          });
          const g = el('select', { class: 'layer-g', 'data-testid': `control-activation-${i}`,
            'aria-label': `Activation g in hidden layer ${i + 1}` },
            ...gSetting.options.map((o) => el('option', { value: o, text: optionText(gSetting, o) })));
          g.addEventListener('change', () => {
            const names = perLayer(state.activation, state.hidden.length);
            names[i] = g.value;
            onChange({ activation: names });
          });
          const bn = el('input', { type: 'checkbox', 'data-testid': `control-bn-${i}`,
            'aria-label': `Batch norm in hidden layer ${i + 1}` });
          bn.addEventListener('change', () => {
            const flags = [...state.bn];
            flags[i] = bn.checked;
            onChange({ bn: flags });
          });
          return el('div', { class: 'layer-row' }, el('span', { class: 'layer-name', text: `L${i + 1}` }), units,
            el('span', { class: 'unit-word', text: 'units' }), g,
            el('label', { class: 'bn-flag' }, bn, el('span', { text: 'BN' })), noiseInputs[i].element);
        }));
      }
      const names = perLayer(state.activation, state.hidden.length);
      const norm = netNames(state.norm);
      [...rows.children].forEach((row, i) => {
        // The flag switches the normalization `norm` names on in this layer.
        const flag = row.querySelector('input[type="checkbox"]');
        flag.setAttribute('aria-label', `${norm.long[0].toUpperCase()}${norm.long.slice(1)} in hidden layer ${i + 1}`);
        flag.nextSibling.textContent = norm.short;
        const units = row.querySelector('input[type="number"]');
        if (document.activeElement !== units) units.value = String(state.hidden[i]);
        row.querySelector('select').value = names[i];
        row.querySelector('input[type="checkbox"]').checked = state.bn[i];
        noiseInputs[i].sync(state);
      });
    },
  };
}

/**
 * Builds the control for one setting.
 * @param {string} key
 * @param {(changes: object) => void} onChange may throw on a bad value (number inputs then revert)
 * @returns {{element: HTMLElement, sync(state: object): void}}
 */
export function createControl(key, onChange) {
  const s = setting(key);
  switch (s.control) {
    case 'select': return selectControl(s, onChange);
    case 'segmented': return segmentedControl(s, onChange);
    case 'range': return rangeControl(s, onChange, false);
    case 'log': return rangeControl(s, onChange, true);
    case 'number': return numberControl(s, onChange);
    case 'checkbox': return checkboxControl(s, onChange);
    case 'layers': return layersControl(onChange);
    default: throw new Error(`no control for ${key}`);
  }
}
