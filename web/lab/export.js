// Take your results with you: the recorded run as JSON or CSV, a figure as PNG.
//
// The run's record holds both networks at every recorded step (losses and
// accuracies on the whole training and test sets, the probed unit's 15/50/85th
// percentiles in every hidden layer, mean γ and mean β of every hidden layer)
// with the settings and the seed, so that `bnlab.apply(record.settings)` (or
// opening `#` + record.hash) and `bnlab.step(record.steps.at(-1))` gives the
// same numbers again. Non-finite values (a diverged network) are null in JSON
// and empty cells in CSV. While the landscape chart is on, the record adds its
// probes (web/lab/landscape.js) at the steps they were taken: in JSON as
// `landscape`, in CSV as four more columns per network, empty at the other steps.
import { TWINS } from '../engine.js';
import { LANDSCAPE_FIELDS, LANDSCAPE_STEP_FACTORS } from './landscape.js';
import { netNames } from './net-names.js';

export const RUN_FORMAT = 'bnlab-run';
export const RUN_VERSION = 1;
export const EXPORT_FORMATS = Object.freeze(['json', 'csv']);

const finiteOrNull = (v) => (Number.isFinite(v) ? v : null);

/**
 * The record of a run.
 * @param {import('./history.js').History} history
 * @param {object} settings the lab's settings (web/state.js)
 * @param {string} hash the URL hash text that reproduces the run ('' when the data set is too big for a link)
 * @param {string} [note] a sentence on how the data set travels when no link carries it
 */
export function runRecord(history, settings, hash, note = '') {
  const layers = settings.hidden.length;
  const series = (t) => {
    const s = history[t];
    return {
      trainLoss: s.trainLoss.map(finiteOrNull),
      testLoss: s.testLoss.map(finiteOrNull),
      trainAccuracy: s.trainAccuracy.map(finiteOrNull),
      testAccuracy: s.testAccuracy.map(finiteOrNull),
      // per record, per layer: [p15, p50, p85]
      percentiles: s.percentiles.map((row) => Array.from({ length: layers }, (_, l) =>
        [0, 1, 2].map((k) => finiteOrNull(row[3 * l + k])))),
      // per record, per layer: [mean γ, mean β] (null for a layer without normalization)
      gammaBeta: s.gammaBeta.map((row) => Array.from({ length: layers }, (_, l) =>
        [0, 1].map((k) => finiteOrNull(row[2 * l + k])))),
    };
  };
  return {
    format: RUN_FORMAT,
    version: RUN_VERSION,
    seed: settings.seed,
    settings: structuredClone(settings),
    hash,
    reproduce: 'bnlab.apply(settings), then bnlab.step(steps[steps.length - 1]): the same numbers at every recorded step' +
      (note ? `. ${note}` : ''),
    layers,
    // What the keys withBn and withoutBn hold: the twin with and without the normalization `settings.norm`.
    networks: networksText(settings.norm),
    probedUnit: settings.unit,
    // Records before this step hold the percentiles of the unit probed before the last change.
    probedUnitSince: history.steps[history.bandStart] ?? 0,
    steps: [...history.steps],
    ...Object.fromEntries(TWINS.map((t) => [t, series(t)])),
    ...(history.landscape.length ? { landscape: landscapeRecord(history.landscape) } : {}),
  };
}

/**
 * The landscape probes: {steps, etaFactors (η = factor × the learning rate), withBn: {lossMin, lossMax,
 * gradDiff, betaEff}, withoutBn: …} (null where a network was not probed or its probe overflowed).
 * @param {import('./landscape.js').LandscapeRecord} record
 */
function landscapeRecord(record) {
  return {
    steps: [...record.steps],
    etaFactors: [...LANDSCAPE_STEP_FACTORS],
    ...Object.fromEntries(TWINS.map((t) => [t, Object.fromEntries(LANDSCAPE_FIELDS.map((f) =>
      [f, record[t][f].map(finiteOrNull)]))])),
  };
}

/** {withBn, withoutBn}: the networks' names for a normalization ("with LN (layer norm)", "without LN"). */
function networksText(norm) {
  const n = netNames(norm);
  return { withBn: `${n.withBn} (${n.long})`, withoutBn: n.withoutBn };
}

/** The record as JSON text. */
export function runJson(record) {
  return `${JSON.stringify(record, null, 1)}\n`;
}

/**
 * CSV column names of a record: step, then per network its losses, accuracies, bands and γ/β means, and with
 * `landscape` its landscape probes.
 */
export function runColumns(layers, landscape = false) {
  const cols = ['step'];
  for (const t of TWINS) {
    cols.push(`${t}.trainLoss`, `${t}.testLoss`, `${t}.trainAccuracy`, `${t}.testAccuracy`);
    for (let l = 1; l <= layers; ++l) cols.push(`${t}.layer${l}.p15`, `${t}.layer${l}.p50`, `${t}.layer${l}.p85`);
    for (let l = 1; l <= layers; ++l) cols.push(`${t}.layer${l}.gammaMean`, `${t}.layer${l}.betaMean`);
    if (landscape) cols.push(...LANDSCAPE_FIELDS.map((f) => `${t}.landscape.${f}`));
  }
  return cols;
}

/**
 * The record as CSV: `#` comment lines with the format, seed, hash and the
 * settings as JSON, then a header and one row per recorded step. Numbers are
 * written in JavaScript's shortest round-trip form, so parsing gives them back exactly.
 */
export function runCsv(record) {
  const cell = (v) => (v === null ? '' : String(v));
  const land = record.landscape;
  const head = [
    `# ${RUN_FORMAT} version ${RUN_VERSION}`,
    `# seed=${record.seed}`,
    `# hash=${record.hash}`,
    `# settings=${JSON.stringify(record.settings)}`,
    `# networks: withBn = ${record.networks.withBn}; withoutBn = ${record.networks.withoutBn}`,
    `# ${record.reproduce}`,
    runColumns(record.layers, Boolean(land)).join(','),
  ];
  // Every probe step is a record step (web/lab/history.js isLandscapeStep).
  const probeAt = new Map((land?.steps ?? []).map((step, k) => [step, k]));
  const rows = record.steps.map((step, i) => {
    const out = [step];
    for (const t of TWINS) {
      const s = record[t];
      out.push(s.trainLoss[i], s.testLoss[i], s.trainAccuracy[i], s.testAccuracy[i]);
      for (const p of s.percentiles[i]) out.push(...p);
      for (const gb of s.gammaBeta[i]) out.push(...gb);
      if (land) {
        const k = probeAt.get(step);
        out.push(...LANDSCAPE_FIELDS.map((f) => (k === undefined ? null : land[t][f][k])));
      }
    }
    return out.map(cell).join(',');
  });
  return `${[...head, ...rows].join('\n')}\n`;
}

/** A figure's canvas as a PNG blob at device resolution (the canvas's own pixels). */
export function canvasPng(canvas) {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the figure could not be encoded as PNG'))), 'image/png');
  });
}

/** Offers a blob or a text as a file download. */
export function download(name, content, type = 'text/plain') {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
