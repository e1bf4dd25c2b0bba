// What the lab calls its two networks and their normalization, from the
// setting `norm` (web/state.js): the twin is the same network with and without
// BN, LN or GN in the layers whose `bn` flag is on. Every title, legend,
// readout, caption and export file takes its words from here, so a
// layer-norm run never says "BN".

const NORMS = {
  bn: { short: 'BN', long: 'batch norm', running: true },
  ln: { short: 'LN', long: 'layer norm', running: false },
  gn: { short: 'GN', long: 'group norm', running: false },
};

/**
 * @param {'bn'|'ln'|'gn'} norm
 * @returns {{norm: string, short: string, long: string, running: boolean,
 *   withBn: string, withoutBn: string}} running: whether the normalization keeps running statistics
 *   (BN alone: LN and GN compute the same function in training and inference); withBn and withoutBn
 *   name the twin's two networks ("with LN", "without LN")
 */
export function netNames(norm = 'bn') {
  const n = NORMS[norm] ?? NORMS.bn;
  return { norm, ...n, withBn: `with ${n.short}`, withoutBn: `without ${n.short}` };
}

/**
 * One line on what the train/inference switch does to the normalized network, for the panel's
 * mode line: BN switches between its running averages and the probe batch's statistics; LN and
 * GN have nothing to switch.
 */
export function modeLine(names, evalMode) {
  if (!names.running) {
    return `${names.short} keeps no running statistics: the same in training and inference`;
  }
  return evalMode === 'running' ? 'BN uses its running μ, σ² (inference)' : 'BN uses the probe batch’s μ, σ² (as in training)';
}

/**
 * Fills every element under `root` marked data-net-name="withBn|withoutBn|short|long" with that
 * name (the page's static titles and legends).
 */
export function fillNames(root, names) {
  for (const e of root.querySelectorAll('[data-net-name]')) {
    const text = names[e.dataset.netName];
    if (text !== undefined && e.textContent !== text) e.textContent = text;
  }
}

/**
 * A download's file name for a run with this normalization: BN's names stay as they were
 * ("bnlab-run-seed1.json", "bnlab-boundary-withBn.png"); LN and GN say theirs
 * ("bnlab-run-ln-seed1.json", "bnlab-boundary-withLN.png").
 */
export function exportName(name, norm = 'bn') {
  if (norm === 'bn' || !NORMS[norm]) return name;
  const { short } = NORMS[norm];
  return name.replace('bnlab-run-', `bnlab-run-${norm}-`).replace('withBn', `with${short}`)
    .replace('withoutBn', `without${short}`);
}
