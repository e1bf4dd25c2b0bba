// Writes the settings tables people read from the tables the code runs on, so
// that no setting is described by hand twice:
//  - README.md, <bn-lab>'s attributes: the embed's own attributes and the lab's
//    settings (web/state.js) under their attribute names (web/embed/attributes.js);
//  - README.md, a twin's config fields: the engine's CONFIG_FIELDS (web/engine-schema.js);
//  - the Jekyll include's and the Hugo shortcode's lists of the parameters they pass on (every
//    attribute) and of the height each preset reserves (web/embed/presets.js);
//  - README.md's embed snippets (web/embed/snippets.js), the ones the blog tests use.
//
//   node web/tools/settings-docs.mjs          rewrite them
//   node web/tools/settings-docs.mjs --check  exit 1 naming each that is out of date
//                                             (tests/web/settings-docs.test.mjs runs the same check)
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CONFIG_FIELDS, FIELD_DOCS } from '../engine-schema.js';
import { formatValue, setting, SETTINGS } from '../state.js';
import { ALIASES, ATTRIBUTE_NAMES, OWN_ATTRIBUTES, RENAMED, SETTING_ATTRIBUTES } from '../embed/attributes.js';
import { EMBED_PRESETS } from '../embed/presets.js';
import { PRESETS as LAB_SCENARIOS } from '../lab/presets.js';
import { HTML_SNIPPET, HUGO_SNIPPET, IFRAME_SNIPPET, JEKYLL_SNIPPET, STEPS } from '../embed/snippets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const README_PATH = `${ROOT}README.md`;
export const JEKYLL_PATH = `${ROOT}web/embed/jekyll/_includes/bn-lab.html`;
export const HUGO_PATH = `${ROOT}web/embed/hugo/layouts/shortcodes/bn-lab.html`;

const code = (x) => `\`${x}\``;
const cell = (text) => String(text).replace(/\|/g, '\\|');
const row = (cells) => `| ${cells.map(cell).join(' | ')} |`;

/** What values a lab setting takes, as the README says it. */
function valuesText(s) {
  const range = `${s.min}–${s.max}`;
  const atMost = s.atMost ? ` (at most ${s.atMost})` : '';
  switch (s.kind) {
    case 'int': return `integer ${range}${atMost}`;
    case 'float': return `number ${range}${atMost}` + (s.perLayer ? '; or one per hidden layer, comma-separated' : '');
    case 'bool': return '0 or 1 (also true, false)';
    case 'enum': return s.options.join(', ') + (s.perLayer ? '; or one per hidden layer, comma-separated' : '');
    case 'intList': return `${s.minLength}–${s.maxLength} integers in ${range}, comma-separated`;
    case 'boolList': return 'one 0/1 per hidden layer, comma-separated';
    default: throw new Error(`settings-docs: no wording for kind ${s.kind}`);
  }
}

/** A lab setting's default, and the engine's where the lab chose another. */
function defaultText(s) {
  const own = s.defaultText ?? formatValue(s, s.def);
  const f = s.engine && CONFIG_FIELDS.find((x) => x.key === s.engine);
  const engineDef = f && (f.engineDef ?? f.def);
  if (!f || typeof engineDef === 'boolean' || JSON.stringify(engineDef) === JSON.stringify(s.def)) return own;
  return `${own} (the engine's: ${formatValue(s, engineDef)})`;
}

/** The Markdown table of every <bn-lab> attribute. */
export function attributeTable() {
  const aliasOf = Object.fromEntries(Object.entries(ALIASES).map(([alias, name]) => [name, alias]));
  const ownValues = {
    preset: EMBED_PRESETS.map((p) => `${code(p.id)} (${p.title})`).join(', '),
    scenario: LAB_SCENARIOS.map((p) => code(p.id)).join(', '),
  };
  const lines = [row(['attribute', 'what', 'values', 'default']), '|---|---|---|---|'];
  for (const a of OWN_ATTRIBUTES) {
    lines.push(row([code(a.name), a.help, ownValues[a.name] ?? a.values().map(code).join(', '), a.def === null ? 'none' : code(a.def)]));
  }
  for (const { name, key } of SETTING_ATTRIBUTES) {
    const s = setting(key);
    const why = RENAMED[key] ? ` (${RENAMED[key].why})` : '';
    lines.push(row([code(name) + (aliasOf[name] ? ` (or ${code(aliasOf[name])})` : ''), s.label + why, valuesText(s),
      defaultText(s)]));
  }
  return lines.join('\n');
}

/** An engine field's range or names, as the README says it. */
function engineValues(f) {
  if (f.options) return f.options.join(', ') + (f.kind === 'enums' ? '; or one per hidden layer' : '');
  if (f.kind === 'intList') return `${f.minLength}–${f.maxLength} sizes in ${f.min}–${f.max}`;
  if (f.kind === 'bools') return 'true, false; or one per hidden layer';
  if (f.kind === 'bool') return 'true, false';
  const extra = { numberOrNull: ', or null', numbers: '; or one per hidden layer' }[f.kind] ?? '';
  return `${f.min}–${f.max}${extra}`;
}

/** The Markdown table of a twin's config fields (engine.createTwin). */
export function configTable() {
  const lines = [row(['field', 'kind', 'default', 'values', 'live', 'what']), '|---|---|---|---|---|---|'];
  for (const f of CONFIG_FIELDS) {
    const def = Array.isArray(f.def) ? f.def.join(', ') : String(f.def);
    lines.push(row([code(f.key), f.kind, code(def), engineValues(f), f.live ? 'live' : '', FIELD_DOCS[f.key]]));
  }
  return lines.join('\n');
}

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->` (which must exist). */
function between(text, name, body, path) {
  const re = new RegExp(`(<!-- ${name}:begin -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  if (!re.test(text)) throw new Error(`${path} has no <!-- ${name}:begin --> … <!-- ${name}:end --> markers`);
  return text.replace(re, (_, begin, end) => `${begin}${body}${end}`);
}

/** Rewrites `pattern`'s second group (which must match) in a template. */
function rewrite(text, pattern, value, path) {
  if (!pattern.test(text)) throw new Error(`${path} has no ${pattern}`);
  return text.replace(pattern, (_, a, _old, b) => `${a}${value}${b}`);
}

/** The Jekyll include with the attribute names and the presets' heights of now. */
function jekyllInclude(text) {
  const names = rewrite(text, /(assign bn_lab_names = ")([^"]*)(")/, ATTRIBUTE_NAMES.join(','), JEKYLL_PATH);
  return rewrite(names, /(assign bn_lab_heights = ")([^"]*)(")/,
    EMBED_PRESETS.map((p) => `${p.id}:${p.height}`).join(','), JEKYLL_PATH);
}

/** The Hugo shortcode, likewise. */
function hugoShortcode(text) {
  const names = rewrite(text, /(\$names := split ")([^"]*)(")/, ATTRIBUTE_NAMES.join(','), HUGO_PATH);
  return rewrite(names, /(\$heights := dict )(.*)( -\}\})/,
    EMBED_PRESETS.map((p) => `"${p.id}" ${p.height}`).join(' '), HUGO_PATH);
}

const fence = (lang, text) => `\`\`\`${lang}\n${text}\n\`\`\``;
const steps = (list) => list.map((s, i) => `${i + 1}. ${s}`).join('\n');

/** README.md's snippet blocks, by marker name. */
export const README_SNIPPETS = {
  'snippet-html': `${steps(STEPS.html)}\n\n${fence('html', HTML_SNIPPET)}`,
  'snippet-iframe': fence('html', IFRAME_SNIPPET),
  'snippet-jekyll': `${steps(STEPS.jekyll)}\n\n${fence('liquid', JEKYLL_SNIPPET)}`,
  'snippet-hugo': `${steps(STEPS.hugo)}\n\n${fence('text', HUGO_SNIPPET)}`,
};

/** Every file this tool writes, as it should be now: [{path, text}]. */
export function documents() {
  let readme = readFileSync(README_PATH, 'utf8');
  readme = between(between(readme, 'attributes', attributeTable(), README_PATH), 'config-fields', configTable(), README_PATH);
  for (const [name, body] of Object.entries(README_SNIPPETS)) readme = between(readme, name, body, README_PATH);
  return [
    { path: README_PATH, text: readme },
    { path: JEKYLL_PATH, text: jekyllInclude(readFileSync(JEKYLL_PATH, 'utf8')) },
    { path: HUGO_PATH, text: hugoShortcode(readFileSync(HUGO_PATH, 'utf8')) },
  ];
}

/** The files that differ from what documents() says they should be. */
export function staleDocuments() {
  return documents().filter((d) => readFileSync(d.path, 'utf8') !== d.text).map((d) => d.path);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const relative = (p) => p.slice(ROOT.length);
  if (process.argv.includes('--check')) {
    const stale = staleDocuments();
    for (const p of stale) console.error(`${relative(p)} is stale: run node web/tools/settings-docs.mjs`);
    process.exit(stale.length ? 1 : 0);
  }
  for (const d of documents()) writeFileSync(d.path, d.text);
  console.log(`wrote the settings tables: ${SETTINGS.length} lab settings, ${CONFIG_FIELDS.length} engine fields`);
}
