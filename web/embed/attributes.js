// The <bn-lab> element's attributes, as data, and how they become the lab's
// settings. Every setting of the lab's table (web/state.js) is an attribute
// under its kebab-case name (learningRate → learning-rate) with the same
// values and limits as in the lab's URL; a few attributes are the embed's own
// (preset, controls, autoplay, scenario), `lr` is short for learning-rate, and
// the hidden layer sizes are `hidden-layers` (not `hidden`, see RENAMED).
// The README's attribute table and the Jekyll include's parameter list are
// written from these tables by web/tools/settings-docs.mjs.
//
// Settings are layered: the lab's defaults, then the embed preset's settings,
// then the lab scenario named by `scenario`, then the attributes. A bad value
// falls back (to the default, or to preset "twin") and is reported, so the
// element can say which attributes it ignored instead of staying blank.

import { SETTINGS, changedKeys, clip, defaults, normalize, parseValue, setting, withChanges } from '../state.js';
import { PRESETS as LAB_SCENARIOS } from '../lab/presets.js';
import { EMBED_PRESETS, embedPreset } from './presets.js';

/** 'learningRate' → 'learning-rate', 'Z' stays 'z'. */
export const kebab = (key) => key.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());

/** Settings whose attribute is not their kebab-case key, and why. */
export const RENAMED = {
  hidden: { name: 'hidden-layers', why: 'not `hidden`: that HTML attribute hides any element' },
};

/** Attributes the element reads, beyond the settings table. */
export const OWN_ATTRIBUTES = [
  { name: 'preset', values: () => EMBED_PRESETS.map((p) => p.id), def: 'twin',
    help: 'which figure to show' },
  { name: 'controls', values: () => ['full', 'minimal', 'none'], def: 'minimal',
    help: 'full: player and the preset’s settings; minimal: play/pause and reset; none: classroom mode, no controls' },
  { name: 'autoplay', values: () => ['true', 'false'], def: 'true',
    help: 'start training when scrolled into view (false: draw step 0 and wait for Play)' },
  { name: 'scenario', values: () => LAB_SCENARIOS.map((p) => p.id), def: null,
    help: 'one of the lab’s scenarios, applied over the preset' },
];

/**
 * Why `norm` other than bn is refused by most presets: their figures show what BN alone has (running
 * statistics, the batch's μ and σ², batch coupling). Presets with `norms: true` name their networks by it.
 */
const NORM_PRESETS = `takes ln or gn only with preset ${EMBED_PRESETS.filter((p) => p.norms).map((p) => p.id).join(', ')}: `
  + 'this figure shows batch norm’s own statistics';

/** Short names: attribute → the attribute it stands for. */
export const ALIASES = { lr: 'learning-rate' };

/** Every settings attribute: {name, key} with the lab setting's key. */
export const SETTING_ATTRIBUTES = SETTINGS.map((s) => ({ name: RENAMED[s.key]?.name ?? kebab(s.key), key: s.key }));

/** All attribute names the element observes. */
export const ATTRIBUTE_NAMES = [
  ...OWN_ATTRIBUTES.map((a) => a.name), ...Object.keys(ALIASES), ...SETTING_ATTRIBUTES.map((a) => a.name),
];

// Attributes every HTML element may carry; any other name on a <bn-lab> is
// probably a typo of one of its own ("learning-rat"), and is named.
const GLOBAL_ATTRIBUTES = new Set(['accesskey', 'autocapitalize', 'autofocus', 'class', 'contenteditable', 'dir',
  'draggable', 'enterkeyhint', 'exportparts', 'hidden', 'id', 'inert', 'inputmode', 'is', 'itemid', 'itemprop',
  'itemref', 'itemscope', 'itemtype', 'lang', 'nonce', 'part', 'popover', 'role', 'slot', 'spellcheck', 'style',
  'tabindex', 'title', 'translate', 'writingsuggestions']);
const isGlobalAttribute = (name) => GLOBAL_ATTRIBUTES.has(name) || /^(aria-|data-|on)/.test(name);

/**
 * Reads the attributes.
 * @param {(name: string) => string|null} get the element's getAttribute
 * @param {string[]} [names] every attribute name the element has (getAttributeNames), to name the unknown ones
 * @returns {{preset: object, controls: string, autoplay: boolean, state: object, presetState: object,
 *   ignored: {name: string, value: string, reason: string}[]}} state: the lab settings to start from;
 *   presetState: the preset's own, which its caption describes
 */
export function readAttributes(get, names = []) {
  const ignored = [];
  for (const name of names) {
    if (!ATTRIBUTE_NAMES.includes(name) && !isGlobalAttribute(name))
      ignored.push({ name, value: get(name) ?? '', reason: 'is not an attribute of bn-lab' });
  }
  const own = {};
  for (const a of OWN_ATTRIBUTES) {
    const raw = get(a.name);
    if (raw === null) {
      own[a.name] = a.def;
      continue;
    }
    const value = raw.trim();
    if (a.values().includes(value)) {
      own[a.name] = value;
    } else {
      ignored.push({ name: a.name, value: raw, reason: `must be one of ${a.values().join(', ')}` });
      own[a.name] = a.def;
    }
  }
  const preset = embedPreset(own.preset);
  const presetState = withChanges(defaults(), preset.settings);
  let state = presetState;
  if (own.scenario) state = withChanges(state, LAB_SCENARIOS.find((p) => p.id === own.scenario).settings);

  const raws = {};
  for (const { name, key } of SETTING_ATTRIBUTES) {
    const raw = get(name);
    if (raw !== null) raws[key] = { name, raw };
  }
  for (const [alias, name] of Object.entries(ALIASES)) {
    const raw = get(alias);
    if (raw === null) continue;
    const key = SETTING_ATTRIBUTES.find((a) => a.name === name).key;
    if (raws[key]) ignored.push({ name: alias, value: raw, reason: `repeats ${name}` });
    else raws[key] = { name: alias, raw };
  }
  const next = { ...state };
  for (const [key, { name, raw }] of Object.entries(raws)) {
    const parsed = parseValue(setting(key), raw);
    if ('error' in parsed) ignored.push({ name, value: raw, reason: parsed.error });
    else if (key === 'norm' && parsed.value !== 'bn' && !preset.norms) ignored.push({ name, value: raw, reason: NORM_PRESETS });
    else next[key] = parsed.value;
  }
  return {
    preset,
    controls: own.controls,
    autoplay: own.autoplay === 'true',
    state: normalize(next),
    presetState,
    ignored,
  };
}

/** One sentence naming the ignored attributes, or '' when none were. */
export function ignoredText(ignored) {
  if (!ignored.length) return '';
  const parts = ignored.map((i) => `${clip(i.name)}="${clip(i.value)}" (${i.reason})`);
  return `bn-lab ignored ${parts.join('; ')}, and uses the default instead.`;
}

/**
 * Under a caption that states outcomes of the preset's settings: which settings of the run now differ
 * from them (the seed, the player's and the view's settings do not change the run the caption
 * describes), or '' when none does.
 * @param {object} presetState the preset's settings (readAttributes().presetState)
 * @param {object} state the settings in force
 */
export function captionNote(presetState, state) {
  const changed = changedKeys(presetState, state).map((k) => setting(k))
    .filter((s) => s.key !== 'seed' && s.group !== 'player' && s.group !== 'view');
  if (!changed.length) return '';
  return `The caption describes this figure at its own settings; changed here: ${changed.map((s) => s.label ?? s.key).join(', ')}.`;
}
