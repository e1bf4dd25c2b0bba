// Pure helpers for the input-scaling figure: where to draw contour lines,
// which part of the weight plane to show, and how long descent took.

/**
 * Contour levels of a quadratic bowl: the minimum plus the start's excess loss
 * times 16, 8, 4, 2, 1, 1/2, … (count levels), so the start lies on a line and
 * the lines crowd where the bowl is steep.
 */
export function contourLevels(minLoss, startLoss, count = 18) {
  const excess = Math.max(startLoss - minLoss, 1e-9);
  return Array.from({ length: count }, (_, k) => minLoss + excess * 2 ** (4 - k));
}

/**
 * A square window centred on the minimum that holds the start with a margin:
 * {c1, c2, e} for the plane [c1 ± e] × [c2 ± e].
 */
export function viewWindow([s1, s2], [m1, m2], margin = 1.3) {
  const e = margin * Math.max(Math.abs(s1 - m1), Math.abs(s2 - m2), 0.1);
  return { c1: m1, c2: m2, e };
}

/**
 * The first step k at which a gap (values[k] − floor: an excess loss, or a
 * distance to the minimum with floor 0) has fallen to `tol` of its starting
 * value, or −1 if it never does within the path.
 */
export function stepsToConverge(values, floor, tol = 0.01) {
  const start = values[0] - floor;
  for (let k = 0; k < values.length; ++k) if (values[k] - floor <= tol * start) return k;
  return -1;
}
