// The settings of the Figure 1 page, as data: name, default, range. The
// standalone page reads them from the URL hash (#steps=5000&seed=3), so a URL
// reproduces a run; the native tool takes the same values (--steps, --every, --seed).

export const PAPER_SETTINGS = Object.freeze([
  { key: 'steps', def: 50000, min: 1, max: 1000000, help: 'where the run ends (the paper: 50,000)' },
  { key: 'every', def: 500, min: 10, max: 10000, help: 'evaluation interval in steps' },
  { key: 'seed', def: 1, min: 0, max: 4294967295, help: 'data order, initial weights and batches' },
  { key: 'workers', def: 0, min: 0, max: 2, help: '1: one Worker trains both nets, 2: one Worker each, 0: 2 if the machine has 2 cores' },
]);

/** The defaults as {steps, every, seed, workers}. */
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
    if (!field || raw.trim() === '' || !Number.isInteger(value) || value < field.min || value > field.max) {
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
